//! # wasmbind
//!
//! Declare each call boundary between a Rust host and its WebAssembly
//! plugins once; the macros generate the wasmtime registrations, the checked
//! guest-memory reads and writes, the plugin's import wrappers and export
//! glue, and typed host-side calls into plugins.
//!
//! | macro | where | what it generates |
//! |---|---|---|
//! | [`host_fn`] | on a trait | `{module}::add_to_linker` (and `add_to_linker_async`) for the host; safe functions calling the host for the plugin (compiled natively, they call the host installed with `{module}::with_host`, for unit tests) |
//! | [`host_fn`] | host, on a free fn | a `func_wrap` registration; register sets with [`add_to_linker!`] |
//! | [`host_import`] | plugin, on an `extern` block | safe wrappers calling the host's functions |
//! | [`plugin_export`] | on a trait | a typed handle `{Trait}Plugin` ([`host::Handle`]) with one method per export for the host; safe functions calling another plugin that implements it ([`Linker::link`]) for plugins (natively: the type installed with `{trait}::with_plugin`) |
//! | [`plugin_export`] | plugin, on a trait impl or a free fn | the `extern "C"` export glue (and, for an impl, calls by name: [`host::Plugin::call_by_name`]) |
//! | [`WasmType`](derive@WasmType) | both, on a struct or enum | the wire encoding |
//! | [`Flag`](derive@Flag) | both, on a fieldless enum | its flags, sent as a set: [`Flags`] |
//!
//! The wire format is documented in `docs/ABI.md` and in [`abi`]; the
//! guide (`docs/guide/` in the repository) walks through everything in
//! order, from a first plugin to plugin systems, async hosts and other
//! languages.
//!
//! ## Quickstart
//!
//! A plugin system has an API crate that declares the boundary once, a
//! plugin crate that implements it (a `cdylib` built to
//! `wasm32-unknown-unknown` with `cargo wasmbind build`), and the host that
//! loads it. Here the three are one file and the plugin runs in-process, so
//! the example runs as it is; for a `.wasm` plugin only the line that makes
//! the handle changes:
//!
//! ```
//! use wasmbind::wasmtime::{Engine, Store};
//! use wasmbind::{Linker, host_fn, plugin_export};
//!
//! // The API crate: what the host offers (import module `env`) and what
//! // every plugin exports.
//! #[host_fn(module = "env")]
//! pub trait Env {
//!     fn log(&mut self, line: &str);
//! }
//!
//! #[plugin_export]
//! pub trait Greeter {
//!     fn greet(name: &str) -> String;
//! }
//!
//! // The plugin crate: implements the trait, calls the host through `env`.
//! pub struct Plugin;
//!
//! #[plugin_export]
//! impl Greeter for Plugin {
//!     fn greet(name: &str) -> String {
//!         env::log(&format!("greeting {name}"));
//!         format!("Hello, {name}!")
//!     }
//! }
//!
//! // The host: implements `Env` on its state, calls the plugin through
//! // the generated `GreeterPlugin` handle.
//! #[derive(Default)]
//! struct Host {
//!     lines: Vec<String>,
//! }
//!
//! impl Env for Host {
//!     fn log(&mut self, line: &str) {
//!         self.lines.push(line.to_owned()); // `line` borrows the plugin's memory, checked
//!     }
//! }
//!
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     let engine = Engine::new(&wasmbind::host::config())?;
//!     let mut linker = Linker::new(&engine);
//!     env::add_to_linker(&mut linker, |host: &mut Host| host)?;
//!     let mut store = Store::new(&engine, Host::default());
//!
//!     // A .wasm plugin: `Handle::instantiate(&mut store, (&linker, &module))?`,
//!     // with `module = Module::from_file(&engine, "greeter_plugin.wasm")?`.
//!     let greeter = GreeterPlugin::in_process::<Plugin, _>(&linker);
//!     assert_eq!(greeter.greet(&mut store, "Ada")?, "Hello, Ada!");
//!     assert_eq!(store.data().lines, ["greeting Ada"]);
//!     Ok(())
//! }
//! ```
//!
//! Every call returns `Result<_, `[`host::Error`]`>`: whatever a plugin
//! sends, the host gets a value or an error naming the plugin, the
//! function and what went wrong, never a panic.
//!
//! Errors convert with `?` into `anyhow::Error`, wasmtime's included
//! (wasmbind turns on wasmtime's `anyhow` feature):
//!
//! ```
//! use wasmbind::wasmtime::{Engine, Module};
//! fn main() -> anyhow::Result<()> {
//!     let engine = Engine::default();
//!     let module = Module::from_binary(&engine, b"\0asm\x01\0\0\0")?; // a wasmtime::Error
//!     let bad = Module::from_binary(&engine, b"not wasm").map(drop);
//!     assert!(bad.map_err(anyhow::Error::from).is_err());
//!     assert_eq!(module.exports().count(), 0);
//!     Ok(())
//! }
//! ```

#![warn(missing_docs)]
#![warn(clippy::undocumented_unsafe_blocks)]

#[cfg(all(target_family = "wasm", target_feature = "atomics"))]
compile_error!(
    "wasmbind plugins are single-threaded: build without the `atomics` target feature \
     (the plugin runtime's statics assume one thread)"
);

pub mod abi;
pub mod guest;
#[cfg(not(target_family = "wasm"))]
pub mod host;

pub use abi::{Event, Flag, Flags, GuestPtr, Resource, Trap, WasmType};
#[cfg(target_family = "wasm")]
pub use guest::{Context, Lent};
#[cfg(not(target_family = "wasm"))]
pub use host::{Context, Lent, Linker};

/// Registers host functions defined with `#[host_fn]` on a [`Linker`]
/// in one call.
///
/// `add_to_linker!(linker, get, [f, g, path::h])` registers each function;
/// `get` projects the store data to the state the functions take
/// (`|data| data` when it is the state itself). It evaluates to
/// `wasmtime::Result<()>`. A function is named as it is in scope: by path,
/// or imported with `use` (which brings its registration along).
///
/// ```
/// mod api {
///     pub struct State { pub total: i64 }
///     #[wasmbind::host_fn(module = "env")]
///     pub fn add(state: &mut State, n: i64) { state.total += n }
/// }
/// use api::{State, add};
///
/// let engine = wasmbind::wasmtime::Engine::default();
/// let mut linker = wasmbind::Linker::<State>::new(&engine);
/// wasmbind::add_to_linker!(&mut linker, |state: &mut State| state, [add]).unwrap();
/// ```
#[cfg(not(target_family = "wasm"))]
#[macro_export]
macro_rules! add_to_linker {
    ($linker:expr, $get:expr, [$($function:path),* $(,)?]) => {{
        let __linker = $linker;
        ::core::result::Result::Ok(())
            $(.and_then(|()| <$function as $crate::__private::HostFn<_>>::register(&mut *__linker, $get)))*
    }};
}

/// Turns a host function into an import plugins can call.
///
/// ```
/// struct State { lines: Vec<String> }
///
/// #[wasmbind::host_fn(module = "env")]
/// fn log(state: &mut State, msg: &str) {
///     state.lines.push(msg.to_owned())
/// }
///
/// let engine = wasmbind::wasmtime::Engine::default();
/// let mut linker = wasmbind::Linker::<State>::new(&engine);
/// wasmbind::add_to_linker!(&mut linker, |state: &mut State| state, [log]).unwrap();
/// ```
///
/// The first parameter is the host state (`&mut S` or `&S`), or a
/// [`Context`] (`cx: &mut Context<'_, T>`) for a function that calls into
/// plugins; the others and the result may be any type in the README's type
/// table. `&str` and `&[u8]`
/// borrow straight from the plugin's memory. Register it with
/// [`add_to_linker!`].
///
/// A result may be a `&str` or `&[u8]` borrowed from the state (or
/// `'static`): the host writes it straight into the plugin's result area,
/// allocating nothing, and the plugin receives a `String` or `Vec<u8>`
/// (its records say so, so plugins built against an owned result link to
/// it). Not for an `async fn` or a function with a `Context`, and not
/// borrowed from an argument.
///
/// ```
/// use std::collections::HashMap;
///
/// struct Settings { values: HashMap<String, String> }
///
/// #[wasmbind::host_fn(module = "env")]
/// fn setting<'s>(settings: &'s Settings, key: &str) -> &'s str {
///     settings.values.get(key).map_or("", String::as_str)
/// }
///
/// let engine = wasmbind::wasmtime::Engine::default();
/// let mut linker = wasmbind::Linker::<Settings>::new(&engine);
/// wasmbind::add_to_linker!(&mut linker, |s: &mut Settings| s, [setting]).unwrap();
/// assert_eq!(linker.declared("env", "setting"), Some("fn(&str) -> String"));
/// ```
///
/// A trait's module has two registrations: `add_to_linker`, for stores
/// called synchronously, and `add_to_linker_async`, which registers every
/// method with `func_wrap_async`, for stores whose plugins are called with
/// the handles' `_async` methods. A method may be an `async fn` (declared as
/// returning `impl Future<Output = R> + Send`, implemented with `async fn`):
/// registered async it is awaited while the plugin waits on its fiber,
/// registered sync it runs to completion on the calling thread. The plugin
/// side is unchanged. A free function that is an `async fn` registers async.
///
/// ```
/// mod api {
///     #[wasmbind::host_fn(module = "io")]
///     pub trait Io {
///         async fn read(&mut self, key: &str) -> Option<String>;
///         fn log(&mut self, line: &str);
///     }
/// }
/// use api::{Io, io};
///
/// struct Disk { lines: Vec<String> }
///
/// impl Io for Disk {
///     async fn read(&mut self, key: &str) -> Option<String> {
///         std::future::ready(Some(key.to_uppercase())).await
///     }
///     fn log(&mut self, line: &str) {
///         self.lines.push(line.to_owned())
///     }
/// }
///
/// let engine = wasmbind::wasmtime::Engine::default();
/// let mut linker = wasmbind::Linker::<Disk>::new(&engine);
/// io::add_to_linker_async(&mut linker, |disk: &mut Disk| disk).unwrap();
/// assert_eq!(linker.declared("io", "read"), Some("fn(&str) -> Option<String>"));
/// ```
pub use wasmbind_macros::host_fn;

/// Derives [`WasmType`] for a struct: its fields, in order, little-endian and
/// unpadded on the wire.
///
/// ```
/// use wasmbind::WasmType;
///
/// #[derive(WasmType, Debug, PartialEq)]
/// struct Entry { key: String, scores: Vec<u16>, pos: [i32; 2] }
///
/// let entry = Entry { key: "é".into(), scores: vec![7], pos: [1, -1] };
/// let body = wasmbind::abi::to_body(&entry);
/// assert_eq!(body, [2, 0, 0, 0, 0xc3, 0xa9, 2, 0, 0, 0, 7, 0, 1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]);
/// assert_eq!(Entry::decode(&body).unwrap(), entry);
/// ```
pub use wasmbind_macros::WasmType;

/// Derives [`Flag`](trait@Flag) for a fieldless enum: its variants name
/// the flags of a set, [`Flags<Self>`](Flags), the first bit 0. At most 64
/// flags; no explicit discriminants (a flag's bit is its position).
///
/// ```
/// use wasmbind::{Flag, Flags, WasmType};
///
/// #[derive(Flag, Clone, Copy, Debug, PartialEq, Eq)]
/// enum Perm { Read, Write, Exec }
///
/// let rw = Perm::Read | Perm::Write;
/// assert_eq!(wasmbind::abi::to_body(&rw), [0b011], "up to 8 flags travel in one byte");
/// assert_eq!(Flags::<Perm>::decode(&[0b110]).unwrap(), Perm::Write | Perm::Exec);
/// assert!(Flags::<Perm>::decode(&[0b1000]).is_err(), "bit 3 names no flag");
/// assert_eq!(<Flags<Perm> as wasmbind::abi::Describe>::SHAPE.to_string(), "Perm");
/// ```
pub use wasmbind_macros::Flag;

/// In a plugin: exports a free function to the host. On a trait: declares a
/// plugin's exports, and off wasm generates a typed handle to call them.
///
/// ```
/// // In an API crate shared by host and plugin (`link`: other plugins may
/// // import it too):
/// #[wasmbind::plugin_export(link)]
/// pub trait Calc {
///     /// Greets `name`.
///     fn greet(name: &str) -> String;
/// }
///
/// // In the plugin (the export glue is emitted on wasm targets only):
/// #[wasmbind::plugin_export]
/// fn greet(name: &str) -> String {
///     format!("Hello, {name}!")
/// }
///
/// // On the host (`use wasmbind::host::Handle`): `CalcPlugin::instantiate(&mut store, (&linker, &module))?`
/// // then `calc.greet(&mut store, "Ada")? == "Hello, Ada!"`.
/// fn _host(calc: &CalcPlugin, store: &mut wasmbind::wasmtime::Store<()>) -> Result<String, wasmbind::host::Error> {
///     calc.greet(store, "Ada")
/// }
///
/// // With `link`, another plugin calls `calc::greet("Ada")`, answered by a
/// // plugin the host linked it to (`Linker::link`); compiled natively (a
/// // unit test), a type implementing `Calc` answers:
/// struct MockCalc;
/// impl Calc for MockCalc {
///     fn greet(name: &str) -> String { format!("Hi {name}") }
/// }
/// # fn main() {
/// assert_eq!(calc::with_plugin::<MockCalc, _>(|| calc::greet("Ada")), "Hi Ada");
/// # }
/// ```
///
/// A trait's generated items refer to it through `super::`, so declare it
/// in a module, not inside a function body. Without `link`, a trait
/// generates no import module and no [`Linkable`](host::Linkable) impl: a
/// trait only hosts call costs no code for links.
///
/// **Evolving a trait.** A function added to a trait can be marked
/// `#[optional]`: plugins built before it was added still load (a handle
/// lists it in [`Plugin::absent_exports`](host::Plugin::absent_exports),
/// and calling it returns an [`ErrorKind::Absent`](host::ErrorKind::Absent)
/// error), while a plugin that has it is checked like any other export.
/// A plugin built against a newer trait, exporting functions the host's
/// trait lacks, loads under the default [`Compatibility`](host::Compatibility)
/// (docs/ABI.md section 8).
///
/// ```
/// #[wasmbind::plugin_export]
/// pub trait Calc {
///     fn greet(name: &str) -> String;
///     /// Added in version 2.
///     #[optional]
///     fn describe() -> String;
/// }
///
/// fn _host(calc: &CalcPlugin, store: &mut wasmbind::wasmtime::Store<()>) -> String {
///     use wasmbind::host::ErrorKind;
///     match calc.describe(&mut *store) {
///         Ok(text) => text,
///         Err(err) if matches!(err.kind(), ErrorKind::Absent { .. }) => "(a version 1 plugin)".into(),
///         Err(err) => err.to_string(),
///     }
/// }
/// # fn main() {}
/// ```
pub use wasmbind_macros::plugin_export;

/// In a plugin: turns an `extern` block of host functions into safe wrappers.
///
/// ```
/// #[wasmbind::host_import(module = "env")]
/// unsafe extern "C" {
///     /// Logs a line on the host.
///     pub fn log(msg: &str);
///     /// Reads a host setting.
///     pub fn get(key: &str) -> Option<String>;
/// }
/// // Safe functions: `log("hi")`, `get("theme")` (callable in a plugin on wasm only).
/// ```
pub use wasmbind_macros::host_import;

#[cfg(not(target_family = "wasm"))]
pub use wasmtime;

/// Paths used by generated code. Not public API.
#[doc(hidden)]
pub mod __private {
    pub use crate::abi::{
        Budget, Buf, Close, DecodeLimits, Describe, Flag, Flags, HostResult, Lift, Lower, MemoryType, NamedRef,
        PodLayout, Reader, Resource, Scratch, Shape, WasmAbi, WasmType, WireError, decode_nested, decode_tag,
        encode_nested, encode_tag, fixed_size, max_align, pod_if, to_body,
    };
    /// The constant forms of a struct's shape, which `#[derive(WasmType)]` writes.
    pub type Def = crate::abi::Def<crate::abi::Static>;
    /// See [`Def`].
    pub type Body = crate::abi::Body<crate::abi::Static>;
    /// See [`Def`].
    pub type Fields = crate::abi::Fields<crate::abi::Static>;
    /// See [`Def`].
    pub type Variant = crate::abi::Variant<crate::abi::Static>;
    pub use core::{option::Option, result::Result};
    pub use wasmbind_shared::{record_bytes, record_reheaded, record_size, record_text, reheaded_size};

    pub use crate::abi::Object as PluginObject;

    /// The core wasm value `T` crosses as: generated signatures name it so.
    pub type Core<T> = <T as WasmAbi>::Core;

    #[cfg(not(target_family = "wasm"))]
    pub use crate::host::backends::in_process::Backend::{self, InProcess, Wasm};
    #[cfg(not(target_family = "wasm"))]
    pub use crate::host::calls::context::{Context, host_lent};
    #[cfg(not(target_family = "wasm"))]
    pub use crate::host::calls::func::{
        Get, HostFn, LentResult, Lifted, Mode, Placed, Wrap, WrapAsync, host_arg, host_async, host_context, host_enter,
        host_enter_lent, host_limits, host_slice_arg, register_fn, register_fn_async, register_future,
    };
    #[cfg(not(target_family = "wasm"))]
    pub use crate::host::calls::handle::{AsyncStore, Binder, Export, Handle, present};
    #[cfg(not(target_family = "wasm"))]
    pub use crate::host::calls::plugin::Plugin;
    #[cfg(not(target_family = "wasm"))]
    pub use crate::host::core::block::block_on;
    #[cfg(not(target_family = "wasm"))]
    pub use crate::host::core::decl::{HostFnInfo, HostLimits};
    #[cfg(not(target_family = "wasm"))]
    pub use crate::host::core::error::Error;
    #[cfg(not(target_family = "wasm"))]
    pub use crate::host::extras::link::{Link, NoOut, Out, link_fn, link_fn_async};
    #[cfg(not(target_family = "wasm"))]
    pub use crate::host::extras::native::{
        Adapter, Direct, HostSlot, InStore, NativeLent, Static, installer, needs_store, with_adapter, with_direct,
        with_static, with_store,
    };
    #[cfg(not(target_family = "wasm"))]
    pub use crate::host::load::linker::{Linkable, Linker};
    #[cfg(not(target_family = "wasm"))]
    pub use wasmtime::{self, AsContextMut, Caller};

    pub use crate::guest::Objects;
    #[cfg(target_family = "wasm")]
    pub use crate::guest::{
        ArgBlock, ResultArea, dispatch_arg, dispatch_end, export_arg, export_ret, export_slice_arg, import_arg,
        import_ret, instance_key,
    };
}
