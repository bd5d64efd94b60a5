//! Typed handles: what `#[plugin_export]` on a trait generates is one
//! [`Export`] field and one method per export; everything else a handle
//! does lives here, once.

use core::fmt;
use core::marker::PhantomData;
use core::pin::Pin;

use wasmtime::{AsContextMut, StoreContextMut, TypedFunc, WasmParams, WasmResults, WasmTy};

use super::plugin::Plugin;
use crate::abi::{Budget, Fault, Lift, Lower, Sink, WasmAbi};
use crate::host::core::callee::TwoPass;
use crate::host::core::error::{Error, ErrorKind, Place};
use crate::host::core::memory::GuestMemory;
use crate::host::load::interface::Expected;
use crate::host::load::linker::Instantiate;

/// A typed handle to a plugin: the type `#[plugin_export]` generates for a
/// trait (`CalcPlugin` for `trait Calc`), with one checked method per
/// export. Bring this trait into scope to create one.
///
/// ```no_run
/// use wasmbind::host::Handle;
/// # #[wasmbind::plugin_export] pub trait Calc { fn greet(name: &str) -> String; }
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let engine = wasmbind::wasmtime::Engine::default();
/// # let module = wasmbind::wasmtime::Module::new(&engine, "(module)")?;
/// # let linker = wasmbind::Linker::new(&engine);
/// let mut store = wasmbind::wasmtime::Store::new(&engine, ());
/// let calc = CalcPlugin::instantiate(&mut store, (&linker, &module))?;
/// assert_eq!(calc.greet(&mut store, "Ada")?, "Hello, Ada!");
/// # Ok(()) }
/// ```
///
/// A handle's own methods take precedence over these, so an export may be
/// called `new` or `plugin`; reach the trait's then as `Handle::new(..)`.
/// Generic code can take any `H: Handle`.
///
/// Every export also has an `_async` twin (`greet_async`) for stores with
/// async host functions or yielding; create plugins there with
/// [`Handle::instantiate_async`]. Handles are `Send + Sync`: to run one
/// compiled plugin on many threads, give each thread its own store and
/// instance from one [`InstancePre`](crate::host::InstancePre) (`instantiate(&mut store, &pre)`), or
/// take warm ones from a [`Pool`](crate::host::pool::Pool).
///
/// ```no_run
/// use wasmbind::host::Handle;
/// # #[wasmbind::plugin_export] pub trait Calc { fn greet(name: &str) -> String; }
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let engine = wasmbind::wasmtime::Engine::default();
/// # let module = wasmbind::wasmtime::Module::new(&engine, "(module)")?;
/// let linker = wasmbind::Linker::<()>::new(&engine);
/// let pre = linker.instantiate_pre(&module, "calc")?;
/// let threads: Vec<_> = (0..2)
///     .map(|i| {
///         let pre = pre.clone();
///         std::thread::spawn(move || {
///             let mut store = wasmbind::wasmtime::Store::new(pre.inner().module().engine(), ());
///             let calc = CalcPlugin::instantiate(&mut store, &pre)?;
///             calc.greet(&mut store, &format!("thread {i}"))
///         })
///     })
///     .collect();
/// for thread in threads {
///     println!("{}", thread.join().expect("thread")?);
/// }
/// # Ok(()) }
/// ```
pub trait Handle: Sized {
    /// The interface record of the trait (docs/ABI.md section 8).
    #[doc(hidden)]
    const RECORD: &'static str;

    /// The name errors use for a plugin whose module has none: the trait's
    /// name in snake case.
    #[doc(hidden)]
    const NAME: &'static str;

    /// The exports the trait marks `#[optional]`: a plugin may lack them.
    #[doc(hidden)]
    const OPTIONAL: &'static [&'static str] = &[];

    /// Looks up every export; generated.
    #[doc(hidden)]
    fn bind<T: 'static>(binder: &mut Binder<'_, T>) -> Result<Self, Error>;

    /// The plugin instance.
    fn plugin(&self) -> &Plugin;

    /// Instantiates a plugin ([`Instantiate`]: `(&linker, &module)`, `&pre`
    /// for a module whose imports an [`InstancePre`](crate::host::InstancePre) resolved, or either
    /// [named](Instantiate::named)), checks its interface records against
    /// the trait and the linker's host functions (by the linker's
    /// [`Compatibility`](crate::host::Compatibility); a module once per
    /// handle type), and finds every export. Errors name the plugin by the
    /// name given, else the module's (a Rust plugin's is its crate's), else
    /// the trait's in snake case.
    fn instantiate<'a, T: 'static>(
        mut store: impl AsContextMut<Data = T>,
        what: impl Into<Instantiate<'a, T>>,
    ) -> Result<Self, Error> {
        let plugin = Plugin::instantiate_expecting(&mut store, what.into(), Self::NAME, Some(expected::<Self>()))?;
        Self::bind(&mut Binder::new::<Self>(plugin, store.as_context_mut()))
    }

    /// [`Handle::instantiate`] for a store whose plugins are called with
    /// async calls (the `_async` methods): the module's start function may
    /// suspend. The future is boxed (one allocation per instantiation), so
    /// its type holds no conversion that could keep it from being `Send`.
    fn instantiate_async<'a, T: Send + 'static>(
        mut store: impl AsContextMut<Data = T> + Send + 'a,
        what: impl Into<Instantiate<'a, T>>,
    ) -> Pin<Box<dyn Future<Output = Result<Self, Error>> + Send + 'a>>
    where
        Self: Send,
    {
        let what = what.into();
        Box::pin(async move {
            let expected = Some(expected::<Self>());
            let plugin = Plugin::instantiate_expecting_async(&mut store, what, Self::NAME, expected).await?;
            Self::bind(&mut Binder::new::<Self>(plugin, store.as_context_mut()))
        })
    }

    /// Wraps an instantiated plugin: checks its exports record against the
    /// trait (on every call: prefer the `instantiate` functions, which
    /// remember a module that passed), then looks up every export once.
    fn new(mut store: impl AsContextMut, plugin: Plugin) -> Result<Self, Error> {
        plugin.check_exports(&mut store, expected::<Self>())?;
        Self::bind(&mut Binder::new::<Self>(plugin, store.as_context_mut()))
    }
}

fn expected<H: Handle>() -> Expected {
    Expected { record: H::RECORD, optional: H::OPTIONAL }
}

/// What a handle's generated `bind` looks its exports up in.
pub struct Binder<'a, T: 'static> {
    plugin: Plugin,
    store: StoreContextMut<'a, T>,
    /// How many exports were bound: the position of the next in the
    /// handle's record, where the plugin's exports by index list it.
    bound: usize,
    /// The handle's record: its heading names the trait, whose functions an
    /// impl declared `#[plugin_export(namespace)]` exports as `{Trait}.{name}`.
    record: &'static str,
}

impl<'a, T: 'static> Binder<'a, T> {
    fn new<H: Handle>(plugin: Plugin, store: StoreContextMut<'a, T>) -> Self {
        Self { plugin, store, bound: 0, record: H::RECORD }
    }
}

impl<T: 'static> Binder<'_, T> {
    /// The plugin, for the handle to keep.
    pub fn plugin(&self) -> Plugin {
        self.plugin.clone()
    }

    /// Finds export `name` with the core signature of `F`.
    pub fn export<F: ExportSig>(
        &mut self,
        name: &'static str,
        params: &'static [&'static str],
    ) -> Result<Export<F>, Error> {
        let func = self.plugin.bound_func(&mut self.store, self.bound, (self.record, name))?;
        self.bound += 1;
        Ok(Export { func, name, params, _sig: PhantomData })
    }

    /// Finds export `name`, which the trait marks `#[optional]`: `None`
    /// when the plugin does not export it.
    pub fn optional_export<F: ExportSig>(
        &mut self,
        name: &'static str,
        params: &'static [&'static str],
    ) -> Result<Option<Export<F>>, Error> {
        match self.plugin.bound_export(&mut self.store, self.bound, (self.record, name)) {
            None => {
                self.bound += 1;
                Ok(None)
            }
            Some(_) => self.export(name, params).map(Some),
        }
    }
}

/// The export behind a handle method for an `#[optional]` export, or the
/// [`ErrorKind::Absent`] error when the plugin does not have it.
#[inline]
pub fn present<'e, F: ExportSig>(
    export: &'e Option<Export<F>>,
    plugin: &Plugin,
    function: &'static str,
) -> Result<&'e Export<F>, Error> {
    export.as_ref().ok_or_else(|| ErrorKind::Absent { plugin: plugin.name_arc(), function }.into())
}

/// A Rust signature that an export can have, written as a function-pointer
/// type (`fn(&'static str, Point) -> String`): what the export's core
/// signature is and what its result lifts to.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a plugin export's signature",
    label = "every parameter and the result must cross the wasm boundary",
    note = "derive `wasmbind::WasmType` for the types it uses; at most 16 parameters"
)]
pub trait ExportSig {
    /// The core parameter types.
    type Params: WasmParams + Send + Sync + 'static;
    /// The core result type (`()` for none).
    type Results: WasmResults + Copy + Send + Sync + 'static;
    /// The Rust result type.
    type Output: for<'a> Lift<'a, Core = Self::Results>;
}

macro_rules! export_sigs {
    ($(($($arg:ident),*))*) => {$(
        impl<R, $($arg),*> ExportSig for fn($($arg),*) -> R
        where
            R: for<'a> Lift<'a>,
            R::Core: WasmResults + Send + Sync + 'static,
            $($arg: WasmAbi, $arg::Core: WasmTy + Send + Sync + 'static,)*
        {
            type Params = ($($arg::Core,)*);
            type Results = R::Core;
            type Output = R;
        }
    )*};
}
export_sigs! {
    () (A) (A, B) (A, B, C) (A, B, C, D) (A, B, C, D, E) (A, B, C, D, E, F) (A, B, C, D, E, F, G)
    (A, B, C, D, E, F, G, H) (A, B, C, D, E, F, G, H, I) (A, B, C, D, E, F, G, H, I, J)
    (A, B, C, D, E, F, G, H, I, J, K) (A, B, C, D, E, F, G, H, I, J, K, L)
    (A, B, C, D, E, F, G, H, I, J, K, L, M) (A, B, C, D, E, F, G, H, I, J, K, L, M, N)
    (A, B, C, D, E, F, G, H, I, J, K, L, M, N, O) (A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P)
}

/// One export of a handle: the typed function, looked up once, and its
/// name and parameter names for errors.
pub struct Export<F: ExportSig> {
    func: TypedFunc<F::Params, F::Results>,
    name: &'static str,
    params: &'static [&'static str],
    _sig: PhantomData<F>,
}

impl<F: ExportSig> Clone for Export<F> {
    fn clone(&self) -> Self {
        Self { func: self.func.clone(), name: self.name, params: self.params, _sig: PhantomData }
    }
}

impl<F: ExportSig> fmt::Debug for Export<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Export").field(&self.name).finish()
    }
}

impl<K: ?Sized + 'static> Export<fn(crate::abi::Object<K>)> {
    /// Queues this destructor export's call for `object`, to run before
    /// `plugin`'s next call ([`Plugin::defer_drop`]): what an object handle
    /// dropped without its store does.
    #[doc(hidden)]
    pub fn defer_drop(&self, plugin: &Plugin, object: crate::abi::Object<K>) {
        plugin.defer_drop(&self.func, self.name, object.rep());
    }
}

impl<F: ExportSig> Export<F> {
    /// Starts a call of this export of `plugin` through `store`.
    #[inline(always)]
    pub fn start<'p, S: AsContextMut>(&'p self, plugin: &'p Plugin, store: S) -> Call<'p, S, F> {
        Call { export: self, plugin, store }
    }
}

/// One call in progress into a plugin export: lowers each argument, calls,
/// lifts the result.
pub struct Call<'p, S, F: ExportSig> {
    export: &'p Export<F>,
    plugin: &'p Plugin,
    store: S,
}

impl<S: AsContextMut, F: ExportSig> Call<'_, S, F> {
    /// Lowers `args` (a tuple of references to the arguments, each body
    /// copied into a block from the plugin's allocator, which the plugin
    /// then owns), calls the export and lifts its result.
    // Inlined in release builds only, as `Plugin::call` is.
    #[cfg_attr(not(debug_assertions), inline(always))]
    #[cfg_attr(debug_assertions, inline)]
    pub fn call_with<A: Args<F::Params>>(mut self, args: A) -> Result<F::Output, Error> {
        let (plugin, export) = (self.plugin, self.export);
        // Bodies go into the plugin's memory: through its own store only
        // (the call itself checks the store for arguments without one).
        if A::MEMORY {
            plugin.check_store(&mut self.store, export.name)?;
        }
        let params = args.lower_args(&mut PluginSink { plugin, store: self.store.as_context_mut() });
        self.call(params.map_err(|failed| arg_failed(plugin, export, failed))?)
    }

    /// Calls the export and lifts its result, copying any body out of the
    /// plugin's memory.
    // Inlined in release builds only, as `Plugin::call` is.
    #[cfg_attr(not(debug_assertions), inline(always))]
    #[cfg_attr(debug_assertions, inline)]
    pub fn call(mut self, params: F::Params) -> Result<F::Output, Error> {
        let (plugin, export) = (self.plugin, self.export);
        let core = plugin.call(self.store.as_context_mut(), &export.func, &export.name, params)?;
        let bytes = if F::Output::MEMORY { plugin.callee().bytes(&self.store) } else { &[] };
        let mut budget = Budget::new(plugin.callee().limits);
        let len = F::Output::body_len(core); // 0 for a result in registers
        let output = F::Output::lift(core, &mut GuestMemory(bytes), &mut budget)
            .map_err(|fault| plugin.bad(export.name, Place::Result, fault))?;
        plugin.released(self.store.as_context_mut(), len)?;
        Ok(output)
    }
}

impl<S: AsContextMut<Data: Send> + Send, F: ExportSig> Call<'_, S, F> {
    /// Lowers `args` (a tuple of references to the arguments), calls the
    /// export and lifts its result, awaiting the plugin: for stores with
    /// async host functions or yielding (fuel, epochs). Dropping the future
    /// before it finishes leaves the store usable and this plugin poisoned.
    pub async fn call_async<A: Args<F::Params>>(mut self, args: A) -> Result<F::Output, Error> {
        let (plugin, export) = (self.plugin, self.export);
        // Dropped before `done` only when the call's future is dropped mid-way.
        let cancel = plugin.cancel_guard(export.name);
        // One async fn, not two nested (a labeled block for the early
        // returns): each level of nesting copied the call's future again
        // (`bench/icount.sh async_log`).
        let result = 'call: {
            if let Err(error) = plugin.ready_async(&mut self.store, export.name).await {
                break 'call Err(error);
            }
            if let Some(dropped) = plugin.dropped_async(&mut self.store)
                && let Err(error) = dropped.await
            {
                break 'call Err(error);
            }
            let failed = |failed| arg_failed(plugin, export, failed);
            let (mut params, bodies) = match TwoPass::collect(|sink| args.lower_args(sink)) {
                Ok(lowered) => lowered,
                Err(fault) => break 'call Err(failed(fault)),
            };
            if !bodies.is_empty() {
                // Boxed: only calls with bodies pay for this future's room.
                let placed = Box::pin(plugin.callee().place_async(&mut self.store, bodies)).await;
                let placed = placed.map_err(|(body, fault)| failed((args.body_owner(body), fault)));
                match placed.and_then(|mut placed| args.lower_args(&mut placed).map_err(failed)) {
                    Ok(lowered) => params = lowered,
                    Err(error) => break 'call Err(error),
                }
            }
            let core = match plugin.call_async(&mut self.store, &export.func, export.name, params).await {
                Ok(core) => core,
                Err(error) => break 'call Err(error),
            };
            let bytes = if F::Output::MEMORY { plugin.callee().bytes(&self.store) } else { &[] };
            let mut budget = Budget::new(plugin.callee().limits);
            let len = F::Output::body_len(core); // 0 for a result in registers
            let output = F::Output::lift(core, &mut GuestMemory(bytes), &mut budget)
                .map_err(|fault| plugin.bad(export.name, Place::Result, fault));
            match output {
                Ok(output) if F::Output::MEMORY => match plugin.released_async(&mut self.store, len) {
                    Some(release) => release.await.map(|()| output),
                    None => Ok(output),
                },
                output => output,
            }
        };
        cancel.done();
        result
    }
}

/// A store an `_async` call runs in: any [`AsContextMut`] whose data is
/// `Send`, itself `Send` (the call's future may resume on another thread).
/// Every handle's `_async` methods take one.
pub trait AsyncStore: AsContextMut<Data: Send> + Send {}

impl<S: AsContextMut<Data: Send> + Send> AsyncStore for S {}

/// The error of argument `index` of a call of `export`, which did not lower.
#[cold]
fn arg_failed<F: ExportSig>(plugin: &Plugin, export: &Export<F>, (index, fault): (usize, Fault)) -> Error {
    let name = export.params.get(index).copied().unwrap_or("?");
    plugin.lower_failed(export.name, Place::Argument(name), fault)
}

/// The arguments of an async call, as a tuple of references (`(&name, &point)`):
/// lowered together into the core parameters `P`, each fault with the
/// index of its argument.
pub trait Args<P>: Send {
    /// Whether any argument's body travels through memory.
    #[doc(hidden)]
    const MEMORY: bool;

    /// Lowers every argument into `sink`.
    #[doc(hidden)]
    fn lower_args<S: Sink>(&self, sink: &mut S) -> Result<P, (usize, Fault)>;

    /// The argument whose lowering put body number `body` (each puts at
    /// most one), for an error about it.
    #[doc(hidden)]
    #[cold]
    fn body_owner(&self, body: usize) -> usize {
        let mut count = Count { bodies: 0, until: body + 1 };
        match self.lower_args(&mut count) {
            Err((index, _)) => index,
            Ok(_) => 0,
        }
    }
}

/// Counts the bodies put, failing at number `until`.
struct Count {
    bodies: usize,
    until: usize,
}

impl Sink for Count {
    fn put_slice(&mut self, _: &[u8]) -> Result<i64, Fault> {
        self.bodies += 1;
        match self.bodies >= self.until {
            true => Err(Fault::Missing("body")),
            false => Ok(0),
        }
    }
}

macro_rules! args {
    ($(($($arg:ident $index:tt),*))*) => {$(
        impl<$($arg: Lower + Sync),*> Args<($($arg::Core,)*)> for ($(&$arg,)*) {
            const MEMORY: bool = false $(|| $arg::MEMORY)*;

            #[inline]
            #[allow(unused_variables)]
            fn lower_args<S: Sink>(&self, sink: &mut S) -> Result<($($arg::Core,)*), (usize, Fault)> {
                Ok(($(self.$index.lower(sink).map_err(|fault| ($index, fault))?,)*))
            }
        }
    )*};
}
args! {
    () (A 0) (A 0, B 1) (A 0, B 1, C 2) (A 0, B 1, C 2, D 3) (A 0, B 1, C 2, D 3, E 4)
    (A 0, B 1, C 2, D 3, E 4, F 5) (A 0, B 1, C 2, D 3, E 4, F 5, G 6)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7) (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12, N 13)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12, N 13, O 14)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12, N 13, O 14, P 15)
}

/// Where the host puts argument bodies: blocks from the plugin's allocator.
struct PluginSink<'p, 's, T: 'static> {
    plugin: &'p Plugin,
    store: StoreContextMut<'s, T>,
}

impl<T: 'static> Sink for PluginSink<'_, '_, T> {
    fn put_slice(&mut self, body: &[u8]) -> Result<i64, Fault> {
        self.plugin.callee().alloc_write(&mut self.store, body)
    }
}
