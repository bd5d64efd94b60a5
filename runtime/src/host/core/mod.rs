//! The bottom of the host: errors, checked memory access, the engine's
//! settings, host-function declarations, a plugin's exports by index, its
//! callee (memory, allocator, limits), the call session and the repair of a trapped
//! plugin's stack. Uses nothing else of the host.

pub(crate) mod block;
pub(crate) mod callee;
pub(crate) mod decl;
pub(crate) mod engine;
pub(crate) mod error;
pub(crate) mod exports;
pub(crate) mod memory;
pub(crate) mod recovery;
pub(crate) mod session;
