//! Links: a plugin importing a plugin-export trait that another plugin
//! implements. `#[plugin_export]` on a trait gives the importing plugin
//! safe functions (`calc::greet("Ada")`) calling the import module
//! `plugin:Calc`; [`Linker::link`](crate::host::Linker::link) defines that
//! module on a linker, each function forwarding to the plugin the host's
//! `get` picks: arguments are copied out of the caller's memory, passed to
//! the target through its typed handle (checked both ways, as any call),
//! and the result is written back into the caller.

use core::marker::PhantomData;
use core::pin::Pin;
use core::ptr::NonNull;
use std::sync::Arc;

use wasmtime::{AsContextMut, Caller, StoreContextMut, WasmRet, WasmTy};

use crate::abi::{HostResult, Lift, WasmAbi};
use crate::host::calls::func::{Lifted, Params, host_arg, host_async, host_enter, register_fn, register_future};
use crate::host::calls::handle::Handle;
use crate::host::core::decl::HostFnInfo;
use crate::host::core::decl::Installer;
use crate::host::core::error::{Error, LinkFailure, Site};
use crate::host::load::linker::Linker;

/// A linked function returns a value: its import passes a result area
/// (`out`) before the instance key.
#[derive(Clone, Copy, Debug)]
pub struct Out;

/// A linked function returns nothing: its import passes no result area.
#[derive(Clone, Copy, Debug)]
pub struct NoOut;

/// The arguments a link copies out of the calling plugin, as a tuple of
/// owned values (`(String, Point)` for `fn(&str, Point)`; the same bodies
/// on the wire), checked and lifted from the import's core parameters: the
/// arguments' core values, the result area when `O` is [`Out`], and the
/// instance key.
pub trait Copied<T: 'static, O>: Sized + Send + 'static {
    /// The import's core parameters.
    type Params: Params<T>;

    /// Copies every argument out of the caller.
    fn lift(caller: &mut Caller<'_, T>, info: &HostFnInfo, params: Self::Params) -> wasmtime::Result<Lifted<Self>>;
}

macro_rules! copied {
    ($(($($arg:ident $core:ident $index:tt),*))*) => {$(
        impl<T: 'static, $($arg),*> Copied<T, Out> for ($($arg,)*)
        where
            $($arg: for<'a> Lift<'a> + Send + 'static, <$arg as WasmAbi>::Core: WasmTy + Send,)*
        {
            type Params = ($(<$arg as WasmAbi>::Core,)* i64, i64);

            #[inline]
            #[allow(unused_mut, unused_variables)]
            fn lift(caller: &mut Caller<'_, T>, info: &HostFnInfo, ($($core,)* out, key): Self::Params) -> wasmtime::Result<Lifted<Self>> {
                let (memory, mut args, _) = host_enter(caller, info, key)?;
                Ok(Lifted::new(($(host_arg::<$arg>($core, &mut args, info, $index)?,)*), memory, out))
            }
        }

        impl<T: 'static, $($arg),*> Copied<T, NoOut> for ($($arg,)*)
        where
            $($arg: for<'a> Lift<'a> + Send + 'static, <$arg as WasmAbi>::Core: WasmTy + Send,)*
        {
            type Params = ($(<$arg as WasmAbi>::Core,)* i64,);

            #[inline]
            #[allow(unused_mut, unused_variables)]
            fn lift(caller: &mut Caller<'_, T>, info: &HostFnInfo, ($($core,)* key,): Self::Params) -> wasmtime::Result<Lifted<Self>> {
                let (memory, mut args, _) = host_enter(caller, info, key)?;
                Ok(Lifted::new(($(host_arg::<$arg>($core, &mut args, info, $index)?,)*), memory, 0))
            }
        }
    )*};
}
copied! {
    () (A a 0) (A a 0, B b 1) (A a 0, B b 1, C c 2) (A a 0, B b 1, C c 2, D d 3)
    (A a 0, B b 1, C c 2, D d 3, E e 4) (A a 0, B b 1, C c 2, D d 3, E e 4, F f 5)
    (A a 0, B b 1, C c 2, D d 3, E e 4, F f 5, G g 6) (A a 0, B b 1, C c 2, D d 3, E e 4, F f 5, G g 6, H h 7)
    (A a 0, B b 1, C c 2, D d 3, E e 4, F f 5, G g 6, H h 7, I i 8)
    (A a 0, B b 1, C c 2, D d 3, E e 4, F f 5, G g 6, H h 7, I i 8, J j 9)
    (A a 0, B b 1, C c 2, D d 3, E e 4, F f 5, G g 6, H h 7, I i 8, J j 9, K k 10)
    (A a 0, B b 1, C c 2, D d 3, E e 4, F f 5, G g 6, H h 7, I i 8, J j 9, K k 10, L l 11)
    (A a 0, B b 1, C c 2, D d 3, E e 4, F f 5, G g 6, H h 7, I i 8, J j 9, K k 10, L l 11, M m 12)
    (A a 0, B b 1, C c 2, D d 3, E e 4, F f 5, G g 6, H h 7, I i 8, J j 9, K k 10, L l 11, M m 12, N n 13)
    (A a 0, B b 1, C c 2, D d 3, E e 4, F f 5, G g 6, H h 7, I i 8, J j 9, K k 10, L l 11, M m 12, N n 13, O o 14)
}

/// A future of a linked call: the target's `_async` method, borrowing the
/// caller's store for its duration.
pub type LinkedFuture<'c, R> = Pin<Box<dyn Future<Output = Result<R, Error>> + Send + 'c>>;

/// Defines function `info` of a trait's import module on `linker` for
/// [`Linker::link`]: its arguments are copied out of the calling plugin
/// (`Copied`), `call` runs the target handle's method with them, and the
/// result goes back into the caller. Generated links call it once per
/// function; `out` says whether the function returns a value.
#[inline]
pub fn link_fn<T, H, G, O, A, R>(
    linker: &mut Linker<T>,
    get: G,
    info: &'static HostFnInfo,
    _out: O,
    call: impl Fn(&H, &mut Caller<'_, T>, A) -> Result<R, Error> + Send + Sync + 'static,
) -> wasmtime::Result<()>
where
    T: 'static,
    H: Handle + Clone,
    G: for<'a> Fn(&'a T) -> Option<&'a H> + Send + Sync + Copy + 'static,
    A: Copied<T, O>,
    R: HostResult,
    wasmtime::Result<<R::Value as WasmAbi>::Core>: WasmRet,
{
    register_fn(linker, info, move |caller, params: A::Params| {
        let (lifted, args) = A::lift(caller, info, params)?.split();
        let result = forward(caller, get, info, |target, caller| call(target, caller, args))?;
        Ok(lifted.with(result))
    })
}

/// [`link_fn`] for [`Linker::link_async`]: `call` awaits the target
/// handle's `_async` method (on a clone of the handle: the call needs the
/// store, which holds `get`'s answer).
#[inline]
pub fn link_fn_async<T, H, G, O, A, R, C>(
    linker: &mut Linker<T>,
    get: G,
    info: &'static HostFnInfo,
    _out: O,
    call: C,
) -> wasmtime::Result<()>
where
    T: Send + 'static,
    H: Handle + Clone + Send + Sync + 'static,
    G: for<'a> Fn(&'a T) -> Option<&'a H> + Send + Sync + Copy + 'static,
    A: Copied<T, O>,
    R: HostResult<Value: Send> + Send + 'static,
    C: for<'c, 'd> Fn(H, &'c mut Caller<'d, T>, A) -> LinkedFuture<'c, R> + Copy + Send + Sync + 'static,
    wasmtime::Result<<R::Value as WasmAbi>::Core>: WasmRet,
{
    register_future(linker, info, move |mut caller, params: A::Params| {
        host_async(async move {
            let (lifted, args) = A::lift(&mut caller, info, params)?.split();
            let target = get(caller.data()).cloned();
            let outcome = match target {
                Some(target) => Some(call(target, &mut caller, args).await),
                None => None,
            };
            let result = linked(info, outcome)?;
            lifted.with(result).ret_async(&mut caller, info).await
        })
    })
}

/// Runs `call` on the plugin `get` picks from the store's data. Called by
/// the functions [`Linker::link`](crate::host::Linker::link) defines, after they
/// copied the arguments out of the caller. A failure traps the caller
/// with the target's error, which the host's call into the caller reports
/// as [`ErrorKind::Linked`](crate::host::ErrorKind::Linked), naming both.
#[inline]
fn forward<T: 'static, H: Handle + Clone, R>(
    caller: &mut Caller<'_, T>,
    get: impl Fn(&T) -> Option<&H>,
    info: &HostFnInfo,
    call: impl FnOnce(&H, &mut Caller<'_, T>) -> Result<R, Error>,
) -> wasmtime::Result<R> {
    // A clone (two reference counts): the call needs the store, which holds `get`'s answer.
    let target = get(caller.data()).cloned();
    linked(info, target.map(|target| call(&target, caller)))
}

/// What a forwarded call came to: its result, or the failure that stops the
/// calling plugin, naming the target's error (`None`: no target).
#[inline]
fn linked<R>(info: &HostFnInfo, outcome: Option<Result<R, Error>>) -> wasmtime::Result<R> {
    let import = || Site::Import { plugin: None, module: info.module, function: info.name };
    match outcome {
        Some(Ok(value)) => Ok(value),
        Some(Err(error)) => Err(wasmtime::Error::new(LinkFailure { import: import(), target: Some(error) })),
        None => Err(wasmtime::Error::new(LinkFailure { import: import(), target: None })),
    }
}

/// The plugin `get` picks from a store's data, answering a plugin-export
/// trait's imports for an in-process plugin: the installer that
/// [`Linker::link`](crate::host::Linker::link) records installs one over the
/// store of each in-process call (the native side of `forward`). Made
/// only by [`Link::installer`], for the duration of one installation.
pub struct Link<T: 'static, H, G> {
    store: NonNull<StoreContextMut<'static, T>>,
    get: G,
    handle: PhantomData<fn() -> H>,
}

impl<T: 'static, H: Handle + Clone + 'static, G> Link<T, H, G>
where
    G: for<'a> Fn(&'a T) -> Option<&'a H> + Send + Sync + Copy + 'static,
{
    /// The installer [`Linker::link`](crate::host::Linker::link) records:
    /// `with_link` (the trait module's hidden `__with_link`) installs an
    /// adapter over each in-process call's store as the trait's host.
    pub fn installer(get: G, with_link: fn(&mut Self, &mut dyn FnMut())) -> Installer<T> {
        Arc::new(move |store, f| with_link(&mut Self { store, get, handle: PhantomData }, f))
    }
}

impl<T: 'static, H: Handle + Clone, G: Fn(&T) -> Option<&H>> Link<T, H, G> {
    /// Runs `call` on the plugin `get` picks; when there is none or the
    /// call fails, stops the calling plugin, whose call then reports
    /// [`ErrorKind::Linked`](crate::host::ErrorKind::Linked) as on wasm.
    pub fn forward<R>(
        &mut self,
        module: &'static str,
        function: &'static str,
        call: impl FnOnce(&H, StoreContextMut<'_, T>) -> Result<R, Error>,
    ) -> R {
        // SAFETY: the installer made this adapter from the store context of
        // the running in-process call, which outlives the installation, the
        // only time the adapter is reachable; the borrow is tied to `self`.
        let store = unsafe { self.store.as_mut() };
        // A clone, as in `forward`: the call needs the store.
        let target = (self.get)(store.data()).cloned();
        let result = match &target {
            Some(target) => call(target, store.as_context_mut()).map_err(Some),
            None => Err(None),
        };
        result.unwrap_or_else(|target| {
            let import = Site::Import { plugin: None, module, function };
            crate::host::backends::in_process::stop_linked(LinkFailure { import, target })
        })
    }
}
