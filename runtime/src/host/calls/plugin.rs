use core::pin::Pin;
use std::any::Any;
use std::borrow::Cow;
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError, Weak};

use wasmtime::{
    AsContext, AsContextMut, Extern, Instance, Memory, Module, StoreContextMut, Trap, TypedFunc, Val, WasmParams,
    WasmResults,
};

use crate::abi::{Budget, DecodeLimits, Fault, GuestPtr, WasmType};
use crate::guest::native::NativeCell;
use crate::host::backends::in_process::{self, Backend, Native};
use crate::host::core::callee::Callee;
use crate::host::core::error::{BadValue, Error, ErrorKind, Limit, Place, Site, clip};
use crate::host::core::exports::{Lookup, Own, Qualified};
use crate::host::core::memory::{length_prefixed, write};
use crate::host::core::recovery::{self, Repair, Stack};
use crate::host::core::session::{self, Target, WithSession};
use crate::host::load::interface::Exports;
use crate::host::load::interface::{self, Accepted, Declarations, Expected};
use crate::host::load::linker::{InstancePre, Instantiate, Limits, Linker, Source};
use wasmbind_shared::{PANIC_CAPACITY, PANIC_EXPORT, RELEASE_EXPORT, RELEASE_MIN};

/// One instantiated plugin: the instance plus its `memory` and allocator
/// exports, looked up once here and never by name again; or a plugin
/// running in-process (`{Trait}Plugin::in_process`), which has no instance.
///
/// Generated plugin handles (`#[plugin_export]` on a trait, see
/// [`Handle`](crate::host::Handle)) wrap one.
#[derive(Clone)]
pub struct Plugin {
    shared: Arc<Shared>,
}

/// What the clones of one plugin share: a clone bumps one reference count.
/// (Cloning the allocator's `TypedFunc` costs ~250 instructions, its type
/// is reference-counted in wasmtime's registry; callgrind, bench/icount.sh.)
// Aligned to two cache lines: every call reads `poisoned`, and plugins of
// different threads must not share a line (or its prefetched neighbour)
// with each other's written data. Measured with perf on criterion row 12
// (`add`, 2 threads): the load of `poisoned` took 13.9% of the samples in
// the generated `add` unaligned, 6.7% aligned (7.0% on one thread).
#[repr(align(128))]
struct Shared {
    /// The wasm instance, or what an in-process plugin keeps instead. (Read
    /// through the `Arc` on every call, as `poisoned` is: a clone of the
    /// plugin, which a link makes per call, bumps one count.)
    backend: Backend<Instance, Native>,
    name: Arc<str>,
    /// What its calls' sessions name: its store (0 for an in-process
    /// plugin, which any store may call), key, memory and allocator.
    target: Target,
    /// How many calls into plugins may be in progress in one chain (the
    /// linker's `max_depth`).
    max_depth: u32,
    /// Where its instance key (`target.key`) goes, if it has a place for it.
    key: Option<Key>,
    /// The store a call may make with no check but this one: its store
    /// (`target.store`) once the key is written, while the plugin is not
    /// poisoned (and its stack pointer between calls is known); 0 (no
    /// store) otherwise.
    ready: AtomicUsize,
    /// Its exported stack pointer, if it has one (see `recovery`).
    stack: Option<Stack>,
    /// Whether it runs wasmbind's guest runtime (exports `wasmbind_init`),
    /// so keeps its stack in memory and, without `stack`, cannot be repaired.
    guest_runtime: bool,
    /// Set when a trap left it unusable: what stopped it.
    poisoned: OnceLock<Arc<str>>,
    /// Its exports by name, read from its records at the first call by name.
    pub(crate) exports: OnceLock<Exports>,
    /// What its interface check at instantiation accepted (its export index).
    accepted: OnceLock<Arc<Accepted>>,
    /// What the first check against a handle's trait accepted (extra and
    /// absent exports): at instantiation through a handle, or when a handle
    /// wrapped it after (`Handle::new`). The one place they are read from.
    handle_check: OnceLock<Arc<Accepted>>,
    /// Destructors of its objects whose handles were dropped without the
    /// store, to run before its next outermost call (see `defer_drop`).
    dropped: Mutex<Vec<Dropped>>,
    /// Whether `dropped` holds any (written under its lock): what a call
    /// reads, without taking the lock.
    waiting: AtomicBool,
}

/// An object's destructor to run, named as the export `{Type}.drop`.
enum Dropped {
    /// A wasm plugin's: its `{Type}.drop` export and the object's rep.
    Wasm(TypedFunc<(i64,), ()>, &'static str, u32),
    /// An in-process plugin's.
    InProcess(Box<dyn FnOnce() + Send>, &'static str),
}

/// A plugin as the owner of something, without keeping it alive. While an
/// `Owner` exists its plugin's [`Plugin::id`] is not reused: the `Weak`
/// keeps the shared part's allocation.
#[derive(Debug)]
pub(crate) struct Owner(Weak<Shared>);

impl Owner {
    /// Whether the plugin is still held anywhere (a handle, a clone).
    pub(crate) fn alive(&self) -> bool {
        self.0.strong_count() > 0
    }
}

/// Where the instance key goes in the plugin's memory. It is written
/// (and `wasmbind_init` run) at the first call made through a handle, not
/// at instantiation: writing a fresh page of a copy-on-write memory image
/// costs a page fault and a later decommit (~6 us per instance measured),
/// while the first call usually touches that page anyway.
#[derive(Debug)]
struct Key {
    addr: u32,
    state: AtomicU8,
}

const KEY_UNWRITTEN: u8 = 0;
const KEY_WRITTEN: u8 = 1;
const KEY_UNUSABLE: u8 = 2;

impl core::fmt::Debug for Plugin {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Plugin")
            .field("name", &self.shared.name)
            .field("instance", &self.instance())
            .finish_non_exhaustive()
    }
}

impl Plugin {
    /// Instantiates a plugin ([`Instantiate`]: `(&linker, &module)`, `&pre`
    /// or a named one); errors name it by the name given, else the
    /// module's (a Rust plugin's is its crate's), else `plugin`.
    ///
    /// A plugin built with wasmbind carries records of the Rust signatures
    /// it was compiled against; each host function it imports is checked
    /// against the one registered on the linker, and every import the linker
    /// lacks is listed, all in one [`ErrorKind::Interface`]. An
    /// [`InstancePre`]'s module is checked once.
    pub fn instantiate<'a, T: 'static>(
        store: impl AsContextMut<Data = T>,
        what: impl Into<Instantiate<'a, T>>,
    ) -> Result<Self, Error> {
        Self::instantiate_expecting(store, what.into(), "plugin", None)
    }

    /// [`Plugin::instantiate`] for a store whose plugins are called with
    /// async calls: the module's start function may suspend. The future is
    /// boxed, as [`Handle::instantiate_async`](crate::host::Handle::instantiate_async)'s.
    pub fn instantiate_async<'a, T: Send + 'static>(
        store: impl AsContextMut<Data = T> + Send + 'a,
        what: impl Into<Instantiate<'a, T>>,
    ) -> Pin<Box<dyn Future<Output = Result<Self, Error>> + Send + 'a>> {
        let what = what.into();
        Box::pin(Self::instantiate_expecting_async(store, what, "plugin", None))
    }

    /// [`Plugin::instantiate`], named `default` when nothing names it, also
    /// checking the exports against a generated handle's record.
    pub(crate) fn instantiate_expecting<T: 'static>(
        mut store: impl AsContextMut<Data = T>,
        what: Instantiate<'_, T>,
        default: &str,
        exports: Option<Expected>,
    ) -> Result<Self, Error> {
        let name = what.name_or(default);
        match what.source {
            Source::Module(linker, module) => {
                let wasmtime_linker: &wasmtime::Linker<T> = linker;
                let instance = wasmtime_linker.instantiate(&mut store, module);
                Self::instantiated(store, instance, linker, module, name, exports)
            }
            Source::Pre(pre) => {
                let instance = pre.inner().instantiate(&mut store);
                Self::instantiated_pre(store, instance, pre, name, exports)
            }
        }
    }

    /// [`Plugin::instantiate_expecting`] for async calls.
    pub(crate) async fn instantiate_expecting_async<T: Send + 'static>(
        mut store: impl AsContextMut<Data = T>,
        what: Instantiate<'_, T>,
        default: &str,
        exports: Option<Expected>,
    ) -> Result<Self, Error> {
        let name = what.name_or(default);
        match what.source {
            Source::Module(linker, module) => {
                let wasmtime_linker: &wasmtime::Linker<T> = linker;
                let instance = wasmtime_linker.instantiate_async(&mut store, module).await;
                Self::instantiated(store, instance, linker, module, name, exports)
            }
            Source::Pre(pre) => {
                let instance = pre.inner().instantiate_async(&mut store).await;
                Self::instantiated_pre(store, instance, pre, name, exports)
            }
        }
    }

    /// Explains a failed instantiation (listing the imports `linker`
    /// lacks), or checks and wraps the new instance.
    fn instantiated<T: 'static>(
        mut store: impl AsContextMut<Data = T>,
        instance: wasmtime::Result<Instance>,
        linker: &Linker<T>,
        module: &Module,
        plugin: Arc<str>,
        exports: Option<Expected>,
    ) -> Result<Self, Error> {
        let instance = instance.map_err(|source| match interface::missing_imports(&mut store, linker, module) {
            missing if missing.is_empty() => ErrorKind::Load { plugin: plugin.clone(), source }.into(),
            missing => interface::mismatch(&plugin, missing),
        })?;
        Self::checked(store, instance, module, plugin, exports, linker.declarations(), linker.limits())
    }

    /// [`Plugin::instantiated`] for a module whose imports `pre` resolved.
    fn instantiated_pre<T: 'static>(
        store: impl AsContextMut<Data = T>,
        instance: wasmtime::Result<Instance>,
        pre: &InstancePre<T>,
        name: Arc<str>,
        exports: Option<Expected>,
    ) -> Result<Self, Error> {
        let (pre, declarations, limits) = pre.parts();
        let instance = instance.map_err(|source| Error::from(ErrorKind::Load { plugin: name.clone(), source }))?;
        Self::checked(store, instance, pre.module(), name, exports, declarations, limits)
    }

    /// Wraps a new instance after checking its records.
    fn checked(
        mut store: impl AsContextMut,
        instance: Instance,
        module: &Module,
        name: Arc<str>,
        exports: Option<Expected>,
        declarations: &Declarations,
        limits: Limits,
    ) -> Result<Self, Error> {
        let accepted = interface::check(&mut store, instance, module, &name, exports, Some(declarations))?;
        let plugin = Self::wrap(store, Lookup { instance, index: Some(&accepted.exports) }, name, limits)?;
        if exports.is_some() {
            let _ = plugin.shared.handle_check.set(accepted.clone());
        }
        let _ = plugin.shared.accepted.set(accepted);
        Ok(plugin)
    }

    /// Checks the plugin's export record against a generated handle's,
    /// by the default [`Compatibility`](crate::host::Compatibility).
    pub(crate) fn check_exports(&self, mut store: impl AsContextMut, exports: Expected) -> Result<(), Error> {
        // An in-process plugin implements the trait: the compiler checked it.
        let Some(instance) = self.instance() else { return Ok(()) };
        let module = instance.module(store.as_context()).clone();
        let accepted = interface::check(&mut store, instance, &module, &self.shared.name, Some(exports), None)?;
        let _ = self.shared.handle_check.set(accepted.clone());
        let _ = self.shared.accepted.set(accepted);
        Ok(())
    }

    /// The exports this plugin has beyond those its handle's trait
    /// declares, which the linker's [`Compatibility::Compatible`](crate::host::Compatibility::Compatible)
    /// rule accepted (a plugin built against a newer version of the
    /// trait). Of the first handle it was checked against, whether it was
    /// instantiated through the handle or wrapped by it after
    /// ([`Handle::new`](crate::host::Handle::new)); empty for a plugin not
    /// checked against a handle.
    pub fn extra_exports(&self) -> &[String] {
        self.shared.handle_check.get().map_or(&[], |a| &a.extra)
    }

    /// The exports its handle's trait marks `#[optional]` that this plugin
    /// does not have (built against an older version of the trait);
    /// calling one is an [`ErrorKind::Absent`] error. Of the first handle it
    /// was checked against, as [`Plugin::extra_exports`].
    pub fn absent_exports(&self) -> &[String] {
        self.shared.handle_check.get().map_or(&[], |a| &a.absent)
    }

    /// Wraps an instance created some other way; its values decode within
    /// [`DecodeLimits::DEFAULT`].
    pub fn new(store: impl AsContextMut, instance: Instance, name: &str) -> Result<Self, Error> {
        Self::wrap(store, Lookup { instance, index: None }, name.into(), Limits::DEFAULT)
    }

    fn wrap(mut store: impl AsContextMut, exports: Lookup, name: Arc<str>, limits: Limits) -> Result<Self, Error> {
        let callee = Callee::find(&mut store, exports, limits.decode)
            .map_err(|source| ErrorKind::Load { plugin: name.clone(), source })?;
        let key = key_slot(&mut store, exports);
        let key_value = if key.is_some() { session::new_key() } else { 0 };
        let stack = Stack::find(&mut store, exports);
        let guest_runtime = exports.has(&mut store, Own::Init);
        let instance = exports.instance;
        let (poisoned, exports, accepted, handle_check) =
            (OnceLock::new(), OnceLock::new(), OnceLock::new(), OnceLock::new());
        let ready = AtomicUsize::new(0);
        let store = session::store_id(store.as_context_mut().data());
        let max_depth = limits.max_depth;
        let backend = Backend::Wasm(instance);
        let shared = Arc::new_cyclic(|owner: &Weak<Shared>| {
            let target = Target { store, key: key_value, callee, owner: owner.clone() };
            let (dropped, waiting) = (Mutex::default(), AtomicBool::new(false));
            Shared {
                backend,
                name,
                target,
                max_depth,
                key,
                ready,
                stack,
                guest_runtime,
                poisoned,
                exports,
                accepted,
                handle_check,
                dropped,
                waiting,
            }
        });
        Ok(Self { shared })
    }

    /// A plugin running in-process, whose calls run with the host traits
    /// registered on `linker` installed. Made by a generated handle's
    /// `in_process`.
    #[doc(hidden)]
    pub fn in_process<T: 'static>(linker: &Linker<T>, name: &str) -> Self {
        let callee = Callee { memory: None, alloc: None, limits: linker.decode_limits() };
        let shared = Arc::new_cyclic(|owner: &Weak<Shared>| Shared {
            backend: Backend::InProcess(Native::new(linker.installers().to_vec())),
            name: name.into(),
            target: Target { store: 0, key: 0, callee, owner: owner.clone() },
            max_depth: linker.max_depth(),
            key: None,
            ready: AtomicUsize::new(0),
            stack: None,
            guest_runtime: false,
            poisoned: OnceLock::new(),
            exports: OnceLock::new(),
            accepted: OnceLock::new(),
            handle_check: OnceLock::new(),
            dropped: Mutex::default(),
            waiting: AtomicBool::new(false),
        });
        Self { shared }
    }

    /// Whether `other` is this plugin (a clone of it, or a handle of it).
    pub fn same(&self, other: &Plugin) -> bool {
        Arc::ptr_eq(&self.shared, &other.shared)
    }

    /// `rep`, an object `owner` made, lent as `argument` to this plugin's
    /// method `function`: only when `owner` is this plugin instance, else
    /// the [`ErrorKind::ForeignObject`] error, so a plugin never sees
    /// another instance's rep. Called by generated object handles.
    #[doc(hidden)]
    #[inline]
    pub fn lend<K: ?Sized>(
        &self,
        owner: &Plugin,
        rep: crate::abi::Object<K>,
        function: &'static str,
        argument: &'static str,
    ) -> Result<crate::abi::Object<K>, Error> {
        match self.same(owner) {
            true => Ok(rep),
            false => Err(ErrorKind::ForeignObject { plugin: self.name_arc(), function, argument }.into()),
        }
    }

    /// Whether this plugin runs in-process rather than in a wasm instance.
    pub fn is_in_process(&self) -> bool {
        matches!(self.shared.backend, Backend::InProcess(_))
    }

    /// Calls export `function` of an in-process plugin: `f` runs its
    /// implementation with the linker's host traits installed over
    /// `store`. Used by generated handles.
    /// Out of line: the wasm arm of a handle's method is what its callers
    /// inline.
    #[doc(hidden)]
    #[inline(never)]
    pub fn call_in_process<S: AsContextMut, R>(
        &self,
        store: S,
        function: &'static str,
        f: impl FnOnce() -> R,
    ) -> Result<R, Error> {
        match &self.shared.backend {
            Backend::InProcess(native) => {
                let mut store = store;
                // Queued destructors run first, unless a call of this plugin
                // encloses this one (its objects could be in use).
                if native.idle() && self.shared.waiting.load(Ordering::Relaxed) {
                    self.run_dropped(store.as_context_mut())?;
                }
                in_process::call(native, &self.shared.name, store, function, f)
            }
            Backend::Wasm(_) => {
                let source = wasmtime::Error::msg("a wasm plugin was called as an in-process one");
                Err(ErrorKind::Load { plugin: self.name_arc(), source }.into())
            }
        }
    }

    /// The name given at instantiation.
    pub fn name(&self) -> &str {
        &self.shared.name
    }

    /// What decoding one call's values may cost the host (the linker's
    /// [`decode_limits`](crate::Linker::decode_limits) at instantiation).
    pub fn decode_limits(&self) -> DecodeLimits {
        self.shared.target.callee.limits
    }

    /// Its memory and allocator.
    #[inline(always)]
    pub(crate) fn callee(&self) -> &Callee {
        &self.shared.target.callee
    }

    pub(crate) fn name_arc(&self) -> Arc<str> {
        self.shared.name.clone()
    }

    pub(crate) fn exports_cache(&self) -> &OnceLock<Exports> {
        &self.shared.exports
    }

    /// Equal for a plugin and its clones, different for any other plugin
    /// alive at the same time (the address of their shared part).
    #[inline]
    pub(crate) fn id(&self) -> usize {
        Arc::as_ptr(&self.shared) as usize
    }

    /// The plugin a session's `Target::owner` names.
    pub(crate) fn from_owner(owner: Arc<dyn Any + Send + Sync>) -> Option<Self> {
        owner.downcast::<Shared>().ok().map(|shared| Self { shared })
    }

    /// Names this plugin without keeping it alive.
    pub(crate) fn owner(&self) -> Owner {
        Owner(Arc::downgrade(&self.shared))
    }

    /// The wasmtime instance; `None` for a plugin running in-process.
    pub fn instance(&self) -> Option<Instance> {
        match self.shared.backend {
            Backend::Wasm(instance) => Some(instance),
            Backend::InProcess(_) => None,
        }
    }

    /// The plugin's `memory` export, if it has one.
    pub fn memory(&self) -> Option<Memory> {
        self.callee().memory
    }

    /// Export `name`, which a handle binds as its `position`th: by index
    /// when the plugin was checked against the handle (once, when the handle
    /// is built). `None` when the plugin does not export it.
    pub(crate) fn bound_export(&self, store: impl AsContextMut, position: usize, name: Qualified) -> Option<Extern> {
        let index = self.shared.accepted.get().map(|accepted| &accepted.exports);
        Lookup { instance: self.instance()?, index }.bound(store, position, name)
    }

    /// [`Plugin::bound_export`] with a typed signature.
    pub(crate) fn bound_func<P: WasmParams + 'static, R: WasmResults + 'static>(
        &self,
        store: impl AsContextMut,
        position: usize,
        qualified @ (_, name): Qualified,
    ) -> Result<TypedFunc<P, R>, Error> {
        let func = match self.instance() {
            None => Err(wasmtime::Error::msg(format!("export `{name}`: an in-process plugin has no wasm exports"))),
            Some(instance) => {
                let index = self.shared.accepted.get().map(|accepted| &accepted.exports);
                Lookup { instance, index }
                    .bound_func(store, position, qualified)
                    .map_err(|e| e.context(format!("export `{name}`")))
            }
        };
        func.map_err(|source| ErrorKind::Load { plugin: self.name_arc(), source }.into())
    }

    /// Calls `func`, an export of this plugin, inside a call session so the
    /// host functions it calls find this plugin's memory without a lookup.
    /// A trap is classified into an [`Error`] naming `function`, and the
    /// instance repaired or poisoned (see `recovery`); a poisoned plugin
    /// is not called.
    ///
    /// What a call pays is one compare (`ready`: its store is the plugin's,
    /// which is not poisoned and has its key written) and the session's two
    /// thread-local words; anything else (the first call, a wrong store, a
    /// poisoned plugin, a call from inside a host function) takes the paths
    /// out of line.
    // Always inlined where it counts (release builds: one call per
    // boundary crossing); in debug builds, where inlining saves nothing, a
    // separate frame keeps each re-entry's stack small.
    #[cfg_attr(not(debug_assertions), inline(always))]
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn call<T, P: WasmParams, R: WasmResults>(
        &self,
        mut store: StoreContextMut<'_, T>,
        func: &TypedFunc<P, R>,
        function: &&str,
        params: P,
    ) -> Result<R, Error> {
        let shared = &*self.shared;
        let ready = session::store_id(store.data()) == shared.ready.load(Ordering::Relaxed);
        if !ready || !session::idle() {
            return self.call_checked(store, func, function, params);
        }
        // The outermost call into a plugin on this thread: its stack
        // pointer is at rest (known since instantiation).
        let entered = session::enter_outermost(&shared.target);
        let result = func.call(store.as_context_mut(), params);
        drop(entered);
        result.map_err(|source| self.failed(store, function, source, self.rest()))
    }

    /// [`Plugin::call`] with every check: before the first call (which
    /// writes the key), through a wrong store, into a poisoned plugin, and
    /// from inside a host function (the depth checked, the stack pointer
    /// read at entry, the enclosing session restored after).
    #[inline(never)]
    fn call_checked<T, P: WasmParams, R: WasmResults>(
        &self,
        mut store: StoreContextMut<'_, T>,
        func: &TypedFunc<P, R>,
        function: &str,
        params: P,
    ) -> Result<R, Error> {
        self.prepare(store.as_context_mut(), function)?;
        let outer = session::depth();
        if outer == 0 && self.shared.waiting.load(Ordering::Relaxed) {
            self.run_dropped(store.as_context_mut())?;
        }
        if outer >= self.shared.max_depth {
            return Err(self.too_deep(function));
        }
        let entry = match (outer, self.rest()) {
            (0, Some(rest)) => Some(rest),
            _ => self.shared.stack.as_ref().and_then(|stack| stack.read(&mut store)),
        };
        let result = session::run(&self.shared.target, || func.call(&mut store, params));
        result.map_err(|source| self.failed(store, function, source, entry))
    }

    /// Queues the destructor of an object whose handle was dropped without
    /// the store: the plugin's `{Type}.drop` export `func` (named
    /// `function`), for the object `rep`. It runs before the plugin's next
    /// call that no other call encloses (nested in another, the object
    /// could be in use), and that call fails with its error, if any. Made
    /// by generated object handles.
    #[doc(hidden)]
    pub fn defer_drop(&self, func: &TypedFunc<(i64,), ()>, function: &'static str, rep: u32) {
        self.queue_dropped([Dropped::Wasm(func.clone(), function, rep)]);
    }

    /// [`Plugin::defer_drop`] for an in-process plugin: `destructor` runs
    /// before its next call that no other of its calls encloses.
    #[doc(hidden)]
    pub fn defer_drop_in_process(&self, destructor: Box<dyn FnOnce() + Send>, function: &'static str) {
        self.queue_dropped([Dropped::InProcess(destructor, function)]);
    }

    /// Adds destructors to the queue.
    fn queue_dropped(&self, more: impl IntoIterator<Item = Dropped>) {
        let mut dropped = self.shared.dropped.lock().unwrap_or_else(PoisonError::into_inner);
        dropped.extend(more);
        // Under the lock, so `refresh_ready` cannot miss them: the next
        // call takes the checked path, which runs the queue.
        self.shared.waiting.store(!dropped.is_empty(), Ordering::Relaxed);
        self.shared.ready.store(0, Ordering::Relaxed);
    }

    /// The destructors queued by `defer_drop`, taken off the queue.
    fn take_dropped(&self) -> Vec<Dropped> {
        let mut dropped = self.shared.dropped.lock().unwrap_or_else(PoisonError::into_inner);
        self.shared.waiting.store(false, Ordering::Relaxed);
        core::mem::take(&mut *dropped)
    }

    /// Runs the queued destructors; at the first that fails, puts the rest
    /// back and fails with its error.
    #[cold]
    fn run_dropped<T>(&self, mut store: StoreContextMut<'_, T>) -> Result<(), Error> {
        let mut dropped = self.take_dropped().into_iter();
        while let Some(next) = dropped.next() {
            let ran = match next {
                Dropped::Wasm(func, function, rep) => {
                    self.call_checked(store.as_context_mut(), &func, function, (i64::from(rep),))
                }
                Dropped::InProcess(destructor, function) => self.call_in_process(&mut store, function, destructor),
            };
            if let Err(error) = ran {
                self.queue_dropped(dropped);
                return Err(error);
            }
        }
        self.refresh_ready();
        Ok(())
    }

    /// [`Plugin::run_dropped`] for an async store.
    async fn run_dropped_async<T: Send + 'static>(&self, mut store: impl AsContextMut<Data = T>) -> Result<(), Error> {
        let mut dropped = self.take_dropped().into_iter();
        while let Some(next) = dropped.next() {
            let ran = match next {
                Dropped::Wasm(func, function, rep) => {
                    Box::pin(self.call_async(&mut store, &func, function, (i64::from(rep),))).await
                }
                Dropped::InProcess(destructor, function) => self.call_in_process(&mut store, function, destructor),
            };
            if let Err(error) = ran {
                self.queue_dropped(dropped);
                return Err(error);
            }
        }
        self.refresh_ready();
        Ok(())
    }

    /// Its stack pointer between calls (see `recovery`).
    fn rest(&self) -> Option<i32> {
        self.shared.stack.as_ref().and_then(Stack::rest)
    }

    /// Before a call that is not `ready`: refuses a wrong store and a
    /// poisoned plugin; before the first call runs `wasmbind_init` and
    /// writes the key.
    fn prepare<T>(&self, mut store: StoreContextMut<'_, T>, function: &str) -> Result<(), Error> {
        self.check_store(&mut store, function)?;
        if let Some(cause) = self.shared.poisoned.get() {
            return Err(self.refuse_poisoned(function, cause));
        }
        if let Some(key) = self.shared.key.as_ref()
            && key.state.load(Ordering::Relaxed) == KEY_UNWRITTEN
        {
            self.write_key(&mut store, key);
        }
        Ok(())
    }

    /// [`Plugin::call`] for an async call: the export runs on a fiber that
    /// may suspend (an async host function, a fuel or epoch yield) and be
    /// resumed on another thread, so the call session is installed for each
    /// poll of the call only (`session::WithSession`), and the stack pointer
    /// of a nested call is read at entry.
    pub(crate) async fn call_async<T: Send + 'static, P: WasmParams + Sync, R: WasmResults + Sync>(
        &self,
        mut store: impl AsContextMut<Data = T>,
        func: &TypedFunc<P, R>,
        function: &str,
        params: P,
    ) -> Result<R, Error> {
        // Made from inside the poll of the calls this one is nested in, if any.
        let depth = session::depth() + 1;
        if depth > self.shared.max_depth {
            return Err(self.too_deep(function));
        }
        let store_id = session::store_id(store.as_context_mut().data());
        if store_id != self.shared.target.store {
            return Err(self.wrong_store(function));
        }
        // The outermost call finds the stack pointer at rest, as a sync one
        // does (a store runs one call at a time, and a call dropped midway
        // poisons the plugin); one nested in another reads it.
        let entry = match (&self.shared.stack, depth) {
            (Some(stack), 1) if stack.rest().is_some() => stack.rest(),
            // Boxed, as the other futures off the common path: a future's
            // size is the room of all it may await, copied whole on each move.
            (Some(stack), _) => Box::pin(stack.at_entry_async(&mut store)).await,
            (None, _) => None,
        };
        let source = match WithSession::new(&self.shared.target, func.call_async(&mut store, params)).await {
            Ok(result) => return Ok(result),
            Err(source) => source,
        };
        let error = self.call_error(&mut store, Cow::Owned(function.to_owned()), source);
        let repair = match self.repair(&error, entry) {
            Repair::Reset(stack, to) if !Box::pin(stack.reset_async(&mut store, to)).await => {
                Repair::Poison { unrepairable: false }
            }
            repair => repair,
        };
        self.settle(&error, repair);
        Err(error)
    }

    /// Before an async call: refuses a poisoned plugin, and before the
    /// first call runs `wasmbind_init` and writes the instance key.
    pub(crate) async fn ready_async<T: Send + 'static>(
        &self,
        mut store: impl AsContextMut<Data = T>,
        function: &str,
    ) -> Result<(), Error> {
        self.check_store(&mut store, function)?;
        if let Some(cause) = self.shared.poisoned.get() {
            return Err(self.refuse_poisoned(function, cause));
        }
        let Some(key) = self.shared.key.as_ref().filter(|key| key.state.load(Ordering::Relaxed) == KEY_UNWRITTEN)
        else {
            return Ok(());
        };
        if let Some(init) = self.init(&mut store)
            && Box::pin(init.call_async(&mut store, ())).await.is_err()
        {
            self.init_failed(&mut store);
        }
        self.store_key(store, key);
        Ok(())
    }

    /// For an async call after [`Plugin::ready_async`]: the queued object
    /// destructors to run first (`defer_drop`), boxed, when there are any
    /// and no other call encloses this one. (A queued destructor keeps
    /// `ready` at 0, so a call finds none with one load.)
    #[inline]
    pub(crate) fn dropped_async<'a, T: Send + 'static>(
        &'a self,
        store: impl AsContextMut<Data = T> + Send + 'a,
    ) -> Option<BoxedRelease<'a>> {
        if self.shared.ready.load(Ordering::Relaxed) != 0 || !session::idle() {
            return None;
        }
        if !self.shared.waiting.load(Ordering::Relaxed) {
            return None;
        }
        Some(Box::pin(self.run_dropped_async(store)))
    }

    /// Poisons the plugin if dropped before [`Cancel::done`]: an async call
    /// whose future was dropped may have stopped anywhere in the plugin.
    pub(crate) fn cancel_guard<'a>(&'a self, function: &'a str) -> Cancel<'a> {
        Cancel { plugin: self, function }
    }

    /// Classifies a failed call, then repairs the instance (moves the stack
    /// pointer back to `entry`) or poisons it.
    #[cold]
    fn failed(
        &self,
        mut store: impl AsContextMut,
        function: &str,
        source: wasmtime::Error,
        entry: Option<i32>,
    ) -> Error {
        let error = self.call_error(&mut store, Cow::Owned(function.to_owned()), source);
        let repair = match self.repair(&error, entry) {
            Repair::Reset(stack, to) if !stack.reset(&mut store, to) => Repair::Poison { unrepairable: false },
            repair => repair,
        };
        self.settle(&error, repair);
        error
    }

    /// What a failed call with `error`, entered at `entry`, needs (see `recovery`).
    fn repair(&self, error: &Error, entry: Option<i32>) -> Repair<'_> {
        recovery::repair(error, self.shared.stack.as_ref(), entry, self.shared.guest_runtime)
    }

    /// Poisons the plugin unless `repair` (done) leaves it usable.
    #[cold]
    fn settle(&self, error: &Error, repair: Repair<'_>) {
        match repair {
            Repair::Nothing | Repair::Reset(..) => {}
            Repair::Poison { unrepairable: true } => {
                self.set_poisoned(clip(&format!("{error}; {}", recovery::UNREPAIRABLE)).into());
            }
            Repair::Poison { unrepairable: false } => self.poison(error),
        }
    }

    /// Refuses every later call, naming `error` as the cause.
    #[cold]
    pub(crate) fn poison(&self, error: &Error) {
        self.set_poisoned(clip(&error.to_string()).into());
    }

    /// Poisons the plugin with `cause` (the first cause stays).
    #[cold]
    fn set_poisoned(&self, cause: Arc<str>) {
        self.shared.ready.store(0, Ordering::Relaxed);
        let _ = self.shared.poisoned.set(cause);
    }

    /// Why the plugin is refused further calls, if it is: the error that
    /// stopped it at a point it cannot be repaired from (see
    /// [`ErrorKind::Poisoned`]). Instantiate it again to go on.
    pub fn poisoned(&self) -> Option<&str> {
        self.shared.poisoned.get().map(|cause| &**cause)
    }

    /// The error for an argument the host could not place in the plugin;
    /// an allocator that trapped poisons the plugin. A plugin poisoned
    /// already is refused instead.
    #[cold]
    pub(crate) fn lower_failed(&self, function: &str, place: Place, fault: Fault) -> Error {
        if let Some(cause) = self.shared.poisoned.get() {
            return self.refuse_poisoned(function, cause);
        }
        let trapped = matches!(fault, Fault::AllocTrapped { .. } | Fault::AllocLimit { .. });
        let error = self.bad(function.to_owned(), place, fault);
        if trapped {
            self.poison(&error);
        }
        error
    }

    /// Refuses a call through a store other than the plugin's (wasmtime
    /// would panic): host misuse is an error, not a panic.
    #[inline]
    pub(crate) fn check_store(&self, store: &mut impl AsContextMut, function: &str) -> Result<(), Error> {
        let id = session::store_id(store.as_context_mut().data());
        match self.shared.target.store == id || self.shared.target.store == 0 {
            true => Ok(()),
            false => Err(self.wrong_store(function)),
        }
    }

    #[cold]
    fn wrong_store(&self, function: &str) -> Error {
        ErrorKind::WrongStore { plugin: self.name_arc(), function: Cow::Owned(function.to_owned()) }.into()
    }

    #[cold]
    fn refuse_poisoned(&self, function: &str, cause: &Arc<str>) -> Error {
        let function = Cow::Owned(function.to_owned());
        ErrorKind::Poisoned { plugin: self.name_arc(), function, cause: cause.clone() }.into()
    }

    /// The error of a call past the linker's `max_depth`.
    #[cold]
    fn too_deep(&self, function: &str) -> Error {
        let limit = Limit::Depth { max: self.shared.max_depth };
        let source = wasmtime::Error::new(limit.clone());
        ErrorKind::Limit { plugin: self.name_arc(), function: Cow::Owned(function.to_owned()), limit, source }.into()
    }

    /// Before the first call: runs the plugin's `wasmbind_init` and writes
    /// the key.
    #[cold]
    fn write_key(&self, mut store: impl AsContextMut, key: &Key) {
        // A failing init only costs the panic messages; the call proper reports any trap.
        if let Some(init) = self.init(&mut store)
            && init.call(&mut store, ()).is_err()
        {
            self.init_failed(&mut store);
        }
        self.store_key(store, key);
    }

    /// After a body result of `len` bytes was copied out of the plugin:
    /// frees it in the plugin (`wasmbind_release`, docs/ABI.md section 4)
    /// when it is [`RELEASE_MIN`] bytes or more, so a large result does not
    /// stay in the plugin's memory until its next call. Shorter ones cost no
    /// call. A plugin without the export (built before it, or by hand) keeps
    /// its result as before.
    #[inline]
    pub(crate) fn released<T>(&self, store: StoreContextMut<'_, T>, len: u32) -> Result<(), Error> {
        match len < RELEASE_MIN {
            true => Ok(()),
            false => self.release(store),
        }
    }

    #[cold]
    #[inline(never)]
    fn release<T>(&self, mut store: StoreContextMut<'_, T>) -> Result<(), Error> {
        match self.release_export(&mut store) {
            Some(release) => self.call(store, &release, &RELEASE_EXPORT, ()),
            None => Ok(()),
        }
    }

    /// [`Plugin::released`] for an async call: `None` when the result is
    /// too short to release, else the release, boxed (only results that
    /// long pay for its future's room in the call's).
    #[inline]
    pub(crate) fn released_async<'a, T: Send + 'static>(
        &'a self,
        mut store: impl AsContextMut<Data = T> + Send + 'a,
        len: u32,
    ) -> Option<BoxedRelease<'a>> {
        if len < RELEASE_MIN {
            return None;
        }
        Some(Box::pin(async move {
            match self.release_export(&mut store) {
                Some(release) => self.call_async(store, &release, RELEASE_EXPORT, ()).await,
                None => Ok(()),
            }
        }))
    }

    /// The plugin's `wasmbind_release`, if it has one of its type (one of
    /// another type is not wasmbind's, and is not called).
    fn release_export(&self, mut store: impl AsContextMut) -> Option<TypedFunc<(), ()>> {
        let index = self.shared.accepted.get().map(|accepted| &accepted.exports);
        let release = Lookup { instance: self.instance()?, index }.own(&mut store, Own::Release)?;
        release.into_func()?.typed(&store).ok()
    }

    /// The plugin's `wasmbind_init`, if it has one (by index when known).
    fn init(&self, mut store: impl AsContextMut) -> Option<TypedFunc<(), ()>> {
        let index = self.shared.accepted.get().map(|accepted| &accepted.exports);
        let init = Lookup { instance: self.instance()?, index }.own(&mut store, Own::Init)?;
        init.into_func()?.typed(&store).ok()
    }

    /// Moves the stack pointer back after `wasmbind_init` trapped.
    #[cold]
    fn init_failed(&self, mut store: impl AsContextMut) {
        if let Some(stack) = &self.shared.stack {
            stack.reset_to_rest(&mut store);
        }
    }

    /// Writes the key into the plugin's memory; when it cannot be written,
    /// it never is (and the plugin's calls are never `ready`).
    fn store_key(&self, mut store: impl AsContextMut, key: &Key) {
        let value = self.shared.target.key.to_le_bytes();
        let memory = self.callee().memory;
        let written = memory.is_some_and(|memory| write(memory.data_mut(&mut store), key.addr, &value).is_ok());
        key.state.store(if written { KEY_WRITTEN } else { KEY_UNUSABLE }, Ordering::Relaxed);
        self.refresh_ready();
    }

    /// Sets `ready` to its store when its calls may skip every check: its
    /// key is written, its stack pointer between calls is known (so its
    /// calls need not read it at entry), it is not poisoned and no object
    /// destructor waits (`defer_drop`).
    fn refresh_ready(&self) {
        let dropped = self.shared.dropped.lock().unwrap_or_else(PoisonError::into_inner);
        let written = self.shared.key.as_ref().is_some_and(|key| key.state.load(Ordering::Relaxed) == KEY_WRITTEN);
        let rest_known = self.shared.stack.as_ref().is_none_or(|stack| stack.rest().is_some());
        let ready = written && rest_known && self.shared.poisoned.get().is_none() && dropped.is_empty();
        self.shared.ready.store(if ready { self.shared.target.store } else { 0 }, Ordering::Relaxed);
    }

    /// Classifies a failed call: a bad value a host function refused, a
    /// panic the plugin recorded before trapping, or any other trap.
    #[cold]
    pub(crate) fn call_error(
        &self,
        mut store: impl AsContextMut,
        function: Cow<'static, str>,
        source: wasmtime::Error,
    ) -> Error {
        let unreachable = source.downcast_ref::<Trap>() == Some(&Trap::UnreachableCodeReached);
        if let Some((location, message)) = unreachable.then(|| self.take_panic(&mut store)).flatten() {
            return ErrorKind::Panic { plugin: self.name_arc(), function, location, message, source }.into();
        }
        Error::from_call(self.name_arc(), function, source)
    }

    /// Reads and clears the plugin's panic record, if it has one.
    fn take_panic(&self, mut store: impl AsContextMut) -> Option<(String, String)> {
        let panic = self.instance()?.get_export(&mut store, PANIC_EXPORT);
        let addr = global_address(&mut store, panic)?;
        let bytes = self.callee().memory?.data_mut(&mut store);
        let text = length_prefixed(bytes, addr, PANIC_CAPACITY as u32).filter(|text| !text.is_empty())?;
        let text = String::from_utf8_lossy(text).into_owned();
        write(bytes, addr, &[0; 4]).ok()?;
        let (location, message) = text.split_once('\n')?;
        Some((location.to_owned(), message.to_owned()))
    }

    #[cold]
    pub(crate) fn bad(&self, function: impl Into<Cow<'static, str>>, place: Place, fault: Fault) -> Error {
        let site = Site::Export { plugin: self.name_arc(), function: function.into() };
        BadValue { site, place, fault }.into()
    }
}

/// The future of an async release (`Plugin::released_async`).
pub(crate) type BoxedRelease<'a> = Pin<Box<dyn Future<Output = Result<(), Error>> + Send + 'a>>;

/// An async call in progress: poisons its plugin if the call's future is
/// dropped before it finished (cancellation).
#[must_use]
pub(crate) struct Cancel<'a> {
    plugin: &'a Plugin,
    function: &'a str,
}

impl Cancel<'_> {
    /// The call finished: nothing to poison.
    pub(crate) fn done(self) {
        core::mem::forget(self);
    }
}

impl Drop for Cancel<'_> {
    #[cold]
    fn drop(&mut self) {
        let cause =
            format!("the async call of `{}` was cancelled (its future dropped) before it returned", self.function);
        self.plugin.set_poisoned(cause.into());
    }
}

/// A fresh instance key for the plugin's `wasmbind_key` static, if it has one.
fn key_slot(mut store: impl AsContextMut, exports: Lookup) -> Option<Key> {
    let key = exports.own(&mut store, Own::Key);
    let addr = global_address(&mut store, key)?;
    Some(Key { addr, state: AtomicU8::new(KEY_UNWRITTEN) })
}

/// The address an exported `i32` global holds (how a plugin exports a static).
fn global_address(store: impl AsContextMut, export: Option<Extern>) -> Option<u32> {
    let Some(Extern::Global(global)) = export else { return None };
    let Val::I32(addr) = global.get(store) else { return None };
    Some(addr as u32)
}

impl<T: WasmType> GuestPtr<T> {
    const SIZE: usize = match T::FIXED_SIZE {
        Some(size) => size,
        None => panic!("GuestPtr<T> needs a fixed-size T"),
    };

    fn region<'a>(self, bytes: &'a [u8], plugin: &Plugin, what: &'static str) -> Result<&'a [u8], Error> {
        let place = Place::Pointer { addr: self.addr(), type_name: core::any::type_name::<T>() };
        if !(self.addr() as usize).is_multiple_of(T::ALIGN) {
            return Err(plugin.bad(what, place, Fault::Misaligned { ptr: self.addr(), align: T::ALIGN }));
        }
        let len = Self::SIZE as u32;
        crate::host::core::memory::slice(bytes, self.addr(), len).map_err(|fault| plugin.bad(what, place, fault))
    }

    /// The `Shared` static of an in-process plugin at this address.
    fn cell(self, native: &Native, plugin: &Plugin, what: &'static str) -> Result<&'static dyn NativeCell, Error> {
        native.cells().at(self.addr()).ok_or_else(|| {
            let place = Place::Pointer { addr: self.addr(), type_name: core::any::type_name::<T>() };
            plugin.bad(what, place, Fault::NoSharedValue { ptr: self.addr() })
        })
    }

    /// Reads the value at this address in `plugin`'s memory, checking
    /// bounds, alignment and the value itself.
    pub fn read(self, store: impl AsContext, plugin: &Plugin) -> Result<T, Error> {
        if let Backend::InProcess(native) = &plugin.shared.backend {
            let cell = self.cell(native, plugin, "GuestPtr::read")?;
            let place = Place::Pointer { addr: self.addr(), type_name: core::any::type_name::<T>() };
            let mut budget = Budget::new(plugin.callee().limits);
            return T::decode_with(&cell.read(), &mut budget)
                .map_err(|e| plugin.bad("GuestPtr::read", place, e.into()));
        }
        let store = store.as_context();
        let bytes = self.region(plugin.callee().bytes(&store), plugin, "GuestPtr::read")?;
        let place = Place::Pointer { addr: self.addr(), type_name: core::any::type_name::<T>() };
        let mut budget = Budget::new(plugin.callee().limits);
        T::decode_with(bytes, &mut budget).map_err(|e| plugin.bad("GuestPtr::read", place, e.into()))
    }

    /// Writes `value` at this address in `plugin`'s memory, checking bounds
    /// and alignment.
    pub fn write(self, mut store: impl AsContextMut, plugin: &Plugin, value: &T) -> Result<(), Error> {
        if let Backend::InProcess(native) = &plugin.shared.backend {
            let cell = self.cell(native, plugin, "GuestPtr::write")?;
            let place = Place::Pointer { addr: self.addr(), type_name: core::any::type_name::<T>() };
            let mut budget = Budget::new(plugin.callee().limits);
            return cell
                .write(&crate::abi::to_body(value), &mut budget)
                .map_err(|e| plugin.bad("GuestPtr::write", place, e.into()));
        }
        self.region(plugin.callee().bytes(&store.as_context()), plugin, "GuestPtr::write")?;
        let body = crate::abi::to_body(value);
        let memory = plugin.callee().memory().map_err(|fault| {
            let place = Place::Pointer { addr: self.addr(), type_name: core::any::type_name::<T>() };
            plugin.bad("GuestPtr::write", place, fault)
        })?;
        write(memory.data_mut(&mut store), self.addr(), &body).map_err(|fault| {
            let place = Place::Pointer { addr: self.addr(), type_name: core::any::type_name::<T>() };
            plugin.bad("GuestPtr::write", place, fault)
        })
    }
}
