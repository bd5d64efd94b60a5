//! The host side: load plugins and call them, and give them host
//! functions. Only compiled off wasm.
//!
//! At this root: [`Linker`] (host functions, links, limits),
//! [`InstancePre`] and [`Instantiate`] (what to instantiate), [`Plugin`]
//! and the typed handles `#[plugin_export]`
//! generates ([`Handle`], [`Linkable`]), [`Context`] and [`Lent`] for host
//! functions that call back, [`Error`] and [`ErrorKind`], and the engine's
//! settings ([`config`], [`pooling_config`]). Grouped below: the details of
//! errors ([`error`]), interface records ([`records`]), warm instances for
//! many threads ([`pool`]), events ([`listeners`]), host-owned objects
//! behind handles ([`resources`]), what handles are made of ([`handle`]) and
//! WASI.

// The source is layered, one folder per layer, bottom first. A module uses
// modules of its own layer and the layers below, never one above
// (`tests/tests/layers.rs` reads this table, checks it lists each folder's
// modules, and fails on an upward use or an import cycle):
//
// | layer | modules |
// |---|---|
// | core | `error`, `memory`, `engine`, `block`, `decl`, `exports`, `callee`, `session`, `recovery` |
// | load | `interface`, `linker` |
// | backends | `in_process` |
// | calls | `plugin`, `dispatch`, `func`, `context`, `handle` |
// | extras | `link`, `native`, `listeners`, `resources`, `pool`, `wasi` |
//
// - core: errors, checked memory access, the engine's settings, host
//   function declarations, a plugin's exports by index, its callee (memory, allocator, limits),
//   the call session and the repair of a trapped plugin's stack;
// - load: interface records (and the exports they list) and their checks,
//   and the linker that holds the host's declarations;
// - backends: what runs a plugin other than a wasm instance (in-process);
// - calls: instances, calls into plugins (typed, by name, async) and calls
//   from them (host functions, contexts);
// - extras: links between plugins, the adapters of natively compiled
//   plugins, listeners, host-owned resources, pools, WASI.

pub(crate) mod backends;
pub(crate) mod calls;
pub(crate) mod core;
pub(crate) mod extras;
pub(crate) mod load;

// What most hosts name: the linker, plugins and their typed handles, the
// context of host functions, errors and the engine's settings. The rest is
// grouped below; what generated code needs is in `wasmbind::__private`.
pub use self::backends::in_process::capture_panic_locations;
pub use self::calls::context::{Context, Lendable, Lender, Lent};
pub use self::calls::func::HostFn;
pub use self::calls::handle::{AsyncStore, Handle};
pub use self::calls::plugin::Plugin;
pub use self::core::block::block_on;
pub use self::core::engine::{MemoryLimit, config, pooling_config};
pub use self::core::error::{Error, ErrorKind};
pub use self::core::memory::GuestMemory;
pub use self::load::interface::Compatibility;
pub use self::load::linker::{DEFAULT_MAX_DEPTH, InstancePre, Instantiate, Linkable, Linker};

#[cfg(feature = "wasi")]
pub use self::extras::wasi;

/// Errors: [`Error`] and [`ErrorKind`], and the details they carry (which
/// value was bad and where, which limit stopped a plugin, what a host
/// function's trap said), each bounded and safe to print.
pub mod error {
    pub use super::core::error::{
        BadValue, Dispatch, Error, ErrorKind, HostTrap, Limit, MAX_DEBUG, MAX_MESSAGE, Place, Site,
    };
}

/// Warm instances of one plugin for many threads: a [`Pool`](pool::Pool)
/// lends [`Lease`](pool::Lease)s of ready handles.
pub mod pool {
    pub use super::extras::pool::{Lease, Pool};
}

/// Events: [`Listeners`](listeners::Listeners) delivers one event to every
/// plugin registered for it, in order.
pub mod listeners {
    pub use super::extras::listeners::{Delivery, Fanout, Listener, Listeners};
}

/// Host-owned objects behind typed handles: a [`Resources`](resources::Resources)
/// table per store, its limit and the errors of a stale, forged or foreign
/// handle.
pub mod resources {
    pub use super::extras::resources::{DEFAULT_LIMIT, Misuse, ResourceError, Resources};
}

/// Interface records: what a plugin says it was built against
/// ([`Plugin::records`]), and the exports they list
/// ([`Plugin::exports`]). docs/ABI.md section 8 is the format.
pub mod records {
    pub use super::load::interface::ExportInfo;
    pub use wasmbind_shared::{Body, Fields, Heading, Name, Owned, Record, Ty, TypeDef, Variant};
}

/// What a generated handle is made of: one [`Export`](handle::Export) per
/// export, found by a [`Binder`](handle::Binder) at instantiation and called
/// through a [`Call`](handle::Call). For generic code over handles.
pub mod handle {
    pub use super::calls::handle::{Args, AsyncStore, Binder, Call, Export, ExportSig, Handle};
}
