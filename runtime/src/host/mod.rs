//! The host side: wasmtime glue, checked guest-memory access, plugin
//! instances. Only compiled off wasm.

mod build;
mod error;
mod func;
mod interface;
mod memory;
mod plugin;
#[cfg(feature = "wasi")]
pub mod wasi;

pub use build::build_plugin;
pub use error::{BadValue, Error, Place, Site};
pub use memory::GuestMemory;
pub use plugin::Plugin;

#[doc(hidden)]
pub use func::{HostFnInfo, host_arg, host_enter, host_ret};
#[doc(hidden)]
pub use interface::declare_import;
#[doc(hidden)]
pub use plugin::{CallCx, ExportInfo};
