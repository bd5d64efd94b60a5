//! Plugins compiled natively: the plugin side of a `#[host_fn]` trait (or
//! of a `#[plugin_export]` trait's imports) calls whatever host is
//! installed for the current thread instead of a wasm import.
//!
//! Each trait's generated module holds a thread-local [`HostSlot`] of a
//! hidden adapter trait (`__Host`: one method per function, with the
//! plugin's parameter types) and installs one of three adapters in it:
//! [`Direct`] (a host value, a test's mock: `env::with_host`), [`InStore`]
//! (the state inside a store, which can also give context-taking functions
//! their [`Context`]: `env::with_store`) or [`Static`] (a plugin type
//! implementing an exports trait: `calc::with_plugin`). The adapters hold
//! raw pointers, so that the slot can hold them whatever their lifetimes;
//! only the functions here create them, and only for the duration of one
//! installation, so no pointer outlives what it points to.
//!
//! Thread-locals, not process-wide state: tests run on many threads, each
//! with its own host.

use core::cell::Cell;
use core::marker::PhantomData;
use core::ptr::NonNull;
use std::thread::LocalKey;

use wasmtime::{AsContextMut, StoreContextMut};

use crate::abi::HostResult;
use crate::host::calls::context::{Context, Lendable, Lent, Span};
use crate::host::core::decl::Installer;

/// The host installed for one trait on the current thread, if any. `D` is
/// the trait's adapter, `dyn __Host`.
pub struct HostSlot<D: ?Sized + 'static> {
    host: Cell<Option<NonNull<D>>>,
    /// How to install a host, for the panic when there is none.
    install: &'static str,
}

impl<D: ?Sized + 'static> HostSlot<D> {
    /// Nothing installed yet; `install` says how to install a host, e.g.
    /// ``env::with_host(&mut host, || ..)``.
    pub const fn new(install: &'static str) -> Self {
        Self { host: Cell::new(None), install }
    }

    /// Runs `f` with `host` installed, then puts back what was installed
    /// before (also when `f` panics).
    fn install<R>(&self, host: &mut D, f: impl FnOnce() -> R) -> R {
        let _restore = Restore { slot: &self.host, previous: self.host.replace(Some(NonNull::from(host))) };
        f()
    }

    /// Whether a host is installed on this thread (false, too, while the
    /// thread's locals are being destroyed).
    pub fn installed(key: &'static LocalKey<Self>) -> bool {
        key.try_with(|slot| slot.host.get().is_some()).unwrap_or(false)
    }

    /// [`HostSlot::call`] for a host function: the value the plugin sees
    /// (`T` of a `Result<T, Trap>`); when the host's result stops the
    /// plugin, panics as [`native_ret`] does.
    #[track_caller]
    pub fn call_host<R: HostResult>(
        key: &'static LocalKey<Self>,
        import: &'static str,
        f: impl FnOnce(&mut D) -> R,
    ) -> R::Value {
        native_ret(Self::call(key, import, f), import)
    }

    /// Calls `f` on the installed host. The host is taken out of the slot
    /// for the call, so a call made from inside it finds the slot empty
    /// (or an inner installation) instead of a second `&mut` to it.
    pub fn call<R>(key: &'static LocalKey<Self>, import: &str, f: impl FnOnce(&mut D) -> R) -> R {
        key.with(|slot| {
            let Some(mut host) = slot.host.take() else { no_host(import, slot.install) };
            let _restore = Restore { slot: &slot.host, previous: Some(host) };
            // SAFETY: `host` was installed by `install` from a `&mut D` that
            // lives until `install` returns, and `install` is still running
            // (it removes the pointer before it returns); while this call
            // runs the pointer is out of the slot, so this is the only
            // reference.
            f(unsafe { host.as_mut() })
        })
    }
}

/// Puts a slot's previous host back when dropped.
struct Restore<'a, D: ?Sized> {
    slot: &'a Cell<Option<NonNull<D>>>,
    previous: Option<NonNull<D>>,
}

impl<D: ?Sized> Drop for Restore<'_, D> {
    fn drop(&mut self) {
        self.slot.set(self.previous.take());
    }
}

#[cold]
fn no_host(import: &str, install: &str) -> ! {
    panic!(
        "{import} was called with no host installed: in a native build, a plugin's imports call the host \
         installed on the current thread; wrap the call in `{install}`"
    )
}

/// What a function that takes a [`Context`] does when the host was
/// installed with `with_host`, which has no store to make one from.
#[cold]
#[track_caller]
pub fn needs_store(import: &str) -> ! {
    let module = import.split("::").next().unwrap_or(import);
    panic!(
        "{import} takes a Context, which a host installed with `with_host` has not got: install the state in a \
         store with `{module}::with_store(&mut store, |data| data, || ..)`"
    )
}

/// A host value answering a trait's functions (`with_host`). Created only
/// by [`with_direct`], for the duration of one installation.
pub struct Direct<S: 'static> {
    host: NonNull<S>,
}

impl<S: 'static> Direct<S> {
    /// The host.
    pub fn host(&mut self) -> &mut S {
        // SAFETY: created by `with_direct` from a `&mut S` that outlives
        // the installation, the only time this adapter is reachable.
        unsafe { self.host.as_mut() }
    }
}

/// An adapter answering a host trait's functions natively ([`Direct`],
/// [`InStore`]): the state they run on. A trait without context-taking
/// functions implements its native side once, for every adapter.
pub trait Adapter {
    /// The host state.
    type State;
    /// The state, for one call.
    fn state(&mut self) -> &mut Self::State;
}

impl<S: 'static> Adapter for Direct<S> {
    type State = S;
    #[inline]
    fn state(&mut self) -> &mut S {
        self.host()
    }
}

impl<T: 'static, S: 'static> Adapter for InStore<T, S> {
    type State = S;
    #[inline]
    fn state(&mut self) -> &mut S {
        InStore::state(self)
    }
}

/// Installs `host` in `slot` while `f` runs; `coerce` turns the adapter
/// into the trait's `dyn __Host` (generated: `|h| h`).
pub fn with_direct<S: 'static, D: ?Sized + 'static, R>(
    slot: &'static LocalKey<HostSlot<D>>,
    host: &mut S,
    coerce: fn(&mut Direct<S>) -> &mut D,
    f: impl FnOnce() -> R,
) -> R {
    with_adapter(slot, &mut Direct { host: NonNull::from(host) }, coerce, f)
}

/// Installs `adapter` in `slot` while `f` runs; `coerce` turns it into the
/// trait's `dyn __Host` (generated: `|h| h`). Every `with_*` here ends in
/// it, as does a plugin-export trait's `Link` (its module's hidden `__with_link`).
pub fn with_adapter<A: 'static, D: ?Sized + 'static, R>(
    slot: &'static LocalKey<HostSlot<D>>,
    adapter: &mut A,
    coerce: fn(&mut A) -> &mut D,
    f: impl FnOnce() -> R,
) -> R {
    slot.with(|slot| slot.install(coerce(adapter), f))
}

/// A plugin type answering an exports trait's functions (`with_plugin`,
/// and an in-process handle's calls): its functions take no state.
pub struct Static<P>(PhantomData<fn() -> P>);

impl<P> Static<P> {
    /// The adapter of `P`.
    pub const fn new() -> Self {
        Self(PhantomData)
    }
}

impl<P> Default for Static<P> {
    fn default() -> Self {
        Self::new()
    }
}

/// Installs the plugin type `P` in `slot` while `f` runs.
pub fn with_static<P: 'static, D: ?Sized + 'static, R>(
    slot: &'static LocalKey<HostSlot<D>>,
    coerce: fn(&mut Static<P>) -> &mut D,
    f: impl FnOnce() -> R,
) -> R {
    with_adapter(slot, &mut Static(PhantomData), coerce, f)
}

/// The state inside a store answering a trait's functions (`with_store`):
/// functions that take a [`Context`] get one over the store. Created only
/// by [`with_store`], for the duration of one installation.
pub struct InStore<T: 'static, S: ?Sized + 'static> {
    store: NonNull<StoreContextMut<'static, T>>,
    get: NonNull<Getter<T, S>>,
}

/// How the state is found in the store's data.
type Getter<T, S> = dyn Fn(&mut T) -> &mut S + Send + Sync;

impl<T: 'static, S: ?Sized + 'static> InStore<T, S> {
    /// The state, for functions that take it.
    pub fn state(&mut self) -> &mut S {
        let (store, get) = self.parts();
        get(store.data_mut())
    }

    /// A context for one call of a function that takes one; `lent` holds
    /// its lent arguments.
    pub fn context<'s>(&'s mut self, lent: &'s NativeLent) -> Context<'s, T, S> {
        let (store, get) = self.parts();
        Context::native(store.as_context_mut(), get, &lent.spans, lent.bytes.clone())
    }

    fn parts(&mut self) -> (&mut StoreContextMut<'static, T>, &Getter<T, S>) {
        // SAFETY: created by `with_store` from a store context and a getter
        // that outlive the installation, the only time this adapter is
        // reachable; the `'static` only erases that lifetime, and the
        // returned borrows are tied to `self`.
        unsafe { (self.store.cast().as_mut(), self.get.as_ref()) }
    }
}

/// Installs the state `get` projects from `store`'s data in `slot` while
/// `f` runs.
pub fn with_store<T: 'static, S: ?Sized + 'static, D: ?Sized + 'static, R>(
    slot: &'static LocalKey<HostSlot<D>>,
    mut store: StoreContextMut<'_, T>,
    get: &(dyn Fn(&mut T) -> &mut S + Send + Sync + '_),
    coerce: fn(&mut InStore<T, S>) -> &mut D,
    f: impl FnOnce() -> R,
) -> R {
    with_store_at(slot, NonNull::from(&mut store).cast(), get, coerce, f)
}

/// [`with_store`] over a store context that the caller keeps (an
/// in-process call installs every host trait of a linker over one): it
/// must stay valid, and not be used otherwise, while `f` runs.
pub(crate) fn with_store_at<T: 'static, S: ?Sized + 'static, D: ?Sized + 'static, R>(
    slot: &'static LocalKey<HostSlot<D>>,
    store: NonNull<StoreContextMut<'static, T>>,
    get: &(dyn Fn(&mut T) -> &mut S + Send + Sync + '_),
    coerce: fn(&mut InStore<T, S>) -> &mut D,
    f: impl FnOnce() -> R,
) -> R {
    // SAFETY: only a lifetime changes, and the pointer is used only while
    // `f` runs, when `get` is still borrowed (see `InStore::parts`).
    let get = unsafe {
        core::mem::transmute::<NonNull<dyn Fn(&mut T) -> &mut S + Send + Sync + '_>, NonNull<Getter<T, S>>>(
            NonNull::from(get),
        )
    };
    with_adapter(slot, &mut InStore { store, get }, coerce, f)
}

/// How `add_to_linker` installs a host trait (whose thread's slot is
/// `slot`) for in-process plugins: over the store of each call, the state
/// `get` projects from its data answers the trait's functions.
pub fn installer<T: 'static, S: ?Sized + 'static, D: ?Sized + 'static>(
    slot: &'static LocalKey<HostSlot<D>>,
    get: impl crate::host::calls::func::Get<T, S>,
    coerce: fn(&mut InStore<T, S>) -> &mut D,
) -> Installer<T> {
    std::sync::Arc::new(move |store, f: &mut dyn FnMut()| with_store_at(slot, store, &get, coerce, f))
}

/// The lent arguments of one native call of a context-taking function:
/// copied back to back, as the wasm side's context keeps them after a
/// call into a plugin.
#[derive(Default)]
pub struct NativeLent {
    spans: Vec<Span>,
    bytes: Vec<u8>,
}

impl NativeLent {
    /// Lends `value` as argument `index`.
    pub fn lend<L: Lendable + ?Sized>(&mut self, value: &L, index: u32) -> Lent<'static, L> {
        let bytes = L::bytes(value);
        let span = Span::native(self.bytes.len() as u32, bytes.len() as u32, index, L::UTF8);
        self.bytes.extend_from_slice(bytes);
        self.spans.push(span);
        Lent::at(span)
    }
}

/// What a native import returns: the host's value, or, when the host
/// function stops the plugin (an `Err` of `Result<T, Trap>`), a panic, as
/// the plugin would never resume on wasm.
#[track_caller]
pub fn native_ret<R: HostResult>(result: R, import: &'static str) -> R::Value {
    match result.into_value() {
        Ok(value) => value,
        Err(message) => {
            crate::host::backends::in_process::record_trap(import, &message);
            panic!("host function {import} stopped the plugin: {message}")
        }
    }
}
