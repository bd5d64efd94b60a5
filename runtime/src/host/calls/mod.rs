//! Plugins and calls: instances, calls into them (typed, by name, async)
//! and calls from them (host functions, contexts). Uses the layers below.

pub(crate) mod context;
pub(crate) mod dispatch;
pub(crate) mod func;
pub(crate) mod handle;
pub(crate) mod plugin;
