//! The host side: wasmtime glue, checked guest-memory access, plugin
//! instances. Only compiled off wasm.

mod build;
mod engine;
mod error;
mod func;
mod interface;
mod memory;
mod plugin;
mod session;
#[cfg(feature = "wasi")]
pub mod wasi;

pub use build::build_plugin;
pub use engine::{MemoryLimit, config, pooling_config};
pub use error::{BadValue, Error, ErrorKind, Limit, Place, Site};
pub use func::HostTrap;
pub use memory::GuestMemory;
pub use plugin::Plugin;

#[doc(hidden)]
pub use func::{Callee, HostFnInfo, host_arg, host_enter, host_ret, host_slice_arg};
#[doc(hidden)]
pub use interface::declare_import;
#[doc(hidden)]
pub use plugin::{CallCx, ExportInfo};
