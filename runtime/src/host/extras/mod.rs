//! What is built on plugins and calls: links between plugins, the
//! adapters of natively compiled plugins, listeners, host-owned
//! resources, pools, WASI.

pub(crate) mod link;
pub(crate) mod listeners;
pub(crate) mod native;
pub(crate) mod pool;
pub(crate) mod resources;
#[cfg(feature = "wasi")]
pub mod wasi;
