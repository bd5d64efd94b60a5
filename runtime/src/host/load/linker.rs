//! The host's linker: wasmtime's, plus what its host functions declare to
//! plugins, checked against each plugin's records when it is instantiated.

use core::fmt;
use core::ops::{Deref, DerefMut};

use wasmtime::{Engine, Module};

use super::interface::{Compatibility, Declarations};
use crate::abi::DecodeLimits;
use crate::host::core::decl::Installer;
use crate::host::core::error::{Error, ErrorKind};

/// A [`wasmtime::Linker`] that also holds the Rust signature of every host
/// function registered on it with wasmbind, so each plugin instantiated
/// through it is checked against *this* linker's declarations. Two linkers
/// in one process may offer different versions of one import module (a
/// host serving plugins built against API v1 and v2); each plugin is
/// checked against its own.
///
/// It dereferences to the wasmtime linker, for everything else
/// (`func_wrap` by hand, WASI, `define`).
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
/// assert_eq!(linker.declared("env", "add"), Some("fn(i64)"));
/// ```
pub struct Linker<T: 'static> {
    inner: wasmtime::Linker<T>,
    declarations: Declarations,
    limits: Limits,
    /// How each host trait registered here is installed for an in-process plugin.
    installers: Vec<Installer<T>>,
}

impl<T: 'static> Linker<T> {
    /// An empty linker for `engine`.
    pub fn new(engine: &Engine) -> Self {
        Self::from(wasmtime::Linker::new(engine))
    }

    /// The Rust signature declared for host function `module::name`, as a
    /// plugin's import record spells it (`"fn(&str) -> Option<String>"`).
    pub fn declared(&self, module: &str, name: &str) -> Option<&'static str> {
        self.declarations.get(module, name)
    }

    pub(crate) fn declarations_mut(&mut self) -> &mut Declarations {
        &mut self.declarations
    }

    /// Sets which differences between a plugin's interface records and
    /// this linker's declarations are accepted
    /// ([`Compatibility::Compatible`] unless set): for every plugin
    /// instantiated through this linker afterwards, and every
    /// [`InstancePre`] made from it afterwards.
    ///
    /// ```
    /// use wasmbind::host::Compatibility;
    /// let engine = wasmbind::wasmtime::Engine::default();
    /// let mut linker = wasmbind::Linker::<()>::new(&engine);
    /// linker.set_compatibility(Compatibility::Exact);
    /// assert_eq!(linker.compatibility(), Compatibility::Exact);
    /// ```
    pub fn set_compatibility(&mut self, compatibility: Compatibility) -> &mut Self {
        self.declarations.set_compatibility(compatibility);
        self
    }

    /// The rule set with [`set_compatibility`](Self::set_compatibility).
    pub fn compatibility(&self) -> Compatibility {
        self.declarations.compatibility()
    }

    /// Resolves `module`'s imports once, for many cheap instantiations
    /// ([`Handle::instantiate`](crate::host::Handle::instantiate)`(store, &pre)`).
    /// `name` appears in every error about plugins made from it.
    pub fn instantiate_pre(&self, module: &Module, name: &str) -> Result<InstancePre<T>, Error> {
        let pre = self
            .inner
            .instantiate_pre(module)
            .map_err(|source| Error::from(ErrorKind::Load { plugin: name.into(), source }))?;
        Ok(InstancePre { pre, declarations: self.declarations.clone(), limits: self.limits, name: name.into() })
    }

    /// Sets how many calls into plugins may be in progress at once in one
    /// chain ([`DEFAULT_MAX_DEPTH`] unless set): a plugin calling the host,
    /// which calls a plugin (through a context, a link, a listener, a call
    /// by name, sync or async), which calls the host, ... A call past it is
    /// not made: it fails with [`Limit::Depth`](crate::host::error::Limit::Depth), a
    /// boundary error that leaves every plugin on the chain usable. It
    /// applies to plugins instantiated through this linker afterwards. The
    /// host's own calls are never refused: a depth below 1 is taken as 1.
    ///
    /// ```
    /// let engine = wasmbind::wasmtime::Engine::default();
    /// let mut linker = wasmbind::Linker::<()>::new(&engine);
    /// linker.set_max_depth(8);
    /// assert_eq!(linker.max_depth(), 8);
    /// linker.set_max_depth(0);
    /// assert_eq!(linker.max_depth(), 1);
    /// ```
    pub fn set_max_depth(&mut self, depth: u32) -> &mut Self {
        self.limits.max_depth = depth.max(1);
        self
    }

    /// The depth set with [`set_max_depth`](Self::set_max_depth).
    pub fn max_depth(&self) -> u32 {
        self.limits.max_depth
    }

    /// Sets what decoding one call's values may cost the host
    /// ([`DecodeLimits::DEFAULT`] unless set): it applies to every plugin
    /// instantiated through this linker afterwards, to its exports' results
    /// and to the arguments it passes to host functions.
    ///
    /// ```
    /// use wasmbind::abi::DecodeLimits;
    /// let engine = wasmbind::wasmtime::Engine::default();
    /// let mut linker = wasmbind::Linker::<()>::new(&engine);
    /// linker.set_decode_limits(DecodeLimits { depth: 32, alloc: 1 << 20 });
    /// assert_eq!(linker.decode_limits().depth, 32);
    /// ```
    pub fn set_decode_limits(&mut self, limits: DecodeLimits) -> &mut Self {
        self.limits.decode = limits;
        self
    }

    /// The limits set with [`set_decode_limits`](Self::set_decode_limits).
    pub fn decode_limits(&self) -> DecodeLimits {
        self.limits.decode
    }

    pub(crate) fn limits(&self) -> Limits {
        self.limits
    }

    pub(crate) fn declarations(&self) -> &Declarations {
        &self.declarations
    }

    /// Records how a host trait registered by generated code (`add_to_linker`)
    /// is installed for in-process plugins. Not public API.
    #[doc(hidden)]
    pub fn add_installer(&mut self, installer: Installer<T>) {
        self.installers.push(installer);
    }

    pub(crate) fn installers(&self) -> &[Installer<T>] {
        &self.installers
    }

    /// Lets plugins instantiated through this linker call a plugin-export
    /// trait that another plugin implements: defines the trait's import
    /// module (`plugin:Calc` for `trait Calc`), each function calling the
    /// plugin `get` picks from the store's data. Arguments are copied out of
    /// the calling plugin's memory and into the target's, with the checks of
    /// any call; a failure stops the caller and its host call returns
    /// [`ErrorKind::Linked`](crate::host::ErrorKind::Linked), naming both plugins (or, when `get` finds no
    /// plugin, no target). The target must live in the caller's store.
    /// Either plugin may be in-process (`{Trait}Plugin::in_process`): an
    /// in-process caller's imports reach the target through the same `get`.
    ///
    /// ```no_run
    /// # #[wasmbind::plugin_export(link)] pub trait Calc { fn greet(name: &str) -> String; }
    /// use wasmbind::host::Handle;
    ///
    /// struct App { calc: Option<CalcPlugin> }
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let engine = wasmbind::wasmtime::Engine::default();
    /// # let (calc_module, greeter_module) = (wasmbind::wasmtime::Module::new(&engine, "(module)")?, wasmbind::wasmtime::Module::new(&engine, "(module)")?);
    /// let mut linker = wasmbind::Linker::<App>::new(&engine);
    /// // A plugin importing `Calc` calls `calc::greet("Ada")`; here it reaches `app.calc`.
    /// linker.link(|app: &App| app.calc.as_ref())?;
    ///
    /// let mut store = wasmbind::wasmtime::Store::new(&engine, App { calc: None });
    /// let calc = CalcPlugin::instantiate(&mut store, (&linker, &calc_module))?;
    /// store.data_mut().calc = Some(calc);
    /// let named = wasmbind::host::Instantiate::new(&linker, &greeter_module).named("greeter");
    /// let greeter = wasmbind::host::Plugin::instantiate(&mut store, named)?;
    /// # Ok(()) }
    /// ```
    pub fn link<H, G>(&mut self, get: G) -> wasmtime::Result<()>
    where
        H: Linkable,
        G: for<'a> Fn(&'a T) -> Option<&'a H> + Send + Sync + Copy + 'static,
    {
        H::link(self, get)
    }

    /// [`Linker::link`] for stores whose plugins are called with the
    /// handles' `_async` methods: each function awaits the target's `_async`
    /// call.
    pub fn link_async<H, G>(&mut self, get: G) -> wasmtime::Result<()>
    where
        T: Send,
        H: Linkable + Send + Sync,
        G: for<'a> Fn(&'a T) -> Option<&'a H> + Send + Sync + Copy + 'static,
    {
        H::link_async(self, get)
    }
}

impl<T: 'static> From<wasmtime::Linker<T>> for Linker<T> {
    /// Wraps a wasmtime linker; functions already on it are not checked
    /// against plugins' records (wasmbind does not know their signatures).
    fn from(inner: wasmtime::Linker<T>) -> Self {
        Self { inner, declarations: Declarations::default(), limits: Limits::DEFAULT, installers: Vec::new() }
    }
}

/// How many calls into plugins may be in progress at once in one chain
/// unless a linker says otherwise ([`Linker::set_max_depth`]). Each level
/// costs the host's native stack, which wasmtime's stack allowance
/// (`max_wasm_stack`, 512 KiB) counts: without this limit a plugin -> host
/// -> plugin chain ran out at 69 levels in a debug build (7.6 KB a level)
/// and 274 in a release build (1.9 KB;
/// `context::the_default_depth_trips_well_before_the_stack_runs_out`), a
/// trap that poisons the plugin; this limit trips first, cleanly.
pub const DEFAULT_MAX_DEPTH: u32 = 32;

/// What a linker's plugins may cost the host, per call.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Limits {
    pub(crate) decode: DecodeLimits,
    pub(crate) max_depth: u32,
}

impl Limits {
    pub(crate) const DEFAULT: Self = Self { decode: DecodeLimits::DEFAULT, max_depth: DEFAULT_MAX_DEPTH };
}

impl<T: 'static> Clone for Linker<T> {
    fn clone(&self) -> Self {
        Self {
            inner: self.inner.clone(),
            declarations: self.declarations.clone(),
            limits: self.limits,
            installers: self.installers.clone(),
        }
    }
}

impl<T: 'static> Deref for Linker<T> {
    type Target = wasmtime::Linker<T>;
    fn deref(&self) -> &Self::Target {
        &self.inner
    }
}

impl<T: 'static> DerefMut for Linker<T> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.inner
    }
}

impl<T: 'static> fmt::Debug for Linker<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Linker")
            .field("declarations", &self.declarations)
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

/// A module with its imports resolved by a [`Linker`]: instantiating it
/// skips the name lookups, and the interface check runs once per module
/// (remembered with the linker's declarations as they were when this was
/// made).
pub struct InstancePre<T: 'static> {
    pre: wasmtime::InstancePre<T>,
    declarations: Declarations,
    limits: Limits,
    name: std::sync::Arc<str>,
}

impl<T: 'static> InstancePre<T> {
    /// The wasmtime `InstancePre`.
    pub fn inner(&self) -> &wasmtime::InstancePre<T> {
        &self.pre
    }

    /// The name given to [`Linker::instantiate_pre`].
    pub fn name(&self) -> &str {
        &self.name
    }

    pub(crate) fn parts(&self) -> (&wasmtime::InstancePre<T>, &Declarations, Limits) {
        (&self.pre, &self.declarations, self.limits)
    }
}

/// What to instantiate, and the name errors give the plugin: the one value
/// [`Handle::instantiate`](crate::host::Handle::instantiate) and
/// [`Plugin::instantiate`](crate::host::Plugin::instantiate) (and their
/// `_async` twins) take. A module with a linker's imports converts from
/// `(&linker, &module)`, a module whose imports an [`InstancePre`] resolved
/// from `&pre`; [`Instantiate::named`] names either.
///
/// ```no_run
/// use wasmbind::host::{Handle, Instantiate};
/// # #[wasmbind::plugin_export] pub trait Calc { fn greet(name: &str) -> String; }
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let engine = wasmbind::wasmtime::Engine::default();
/// # let linker = wasmbind::Linker::new(&engine);
/// # let mut store = wasmbind::wasmtime::Store::new(&engine, ());
/// let module = wasmbind::wasmtime::Module::from_file(&engine, "plugins/shouty.wasm")?;
/// // Named by the module's name (a Rust plugin's is its crate's), or by the trait's:
/// let calc = CalcPlugin::instantiate(&mut store, (&linker, &module))?;
/// // Named as the user knows it, in every error about it:
/// let calc = CalcPlugin::instantiate(&mut store, Instantiate::new(&linker, &module).named("shouty.wasm"))?;
/// assert_eq!(calc.plugin().name(), "shouty.wasm");
/// // Imports resolved once, for many instances:
/// let pre = linker.instantiate_pre(&module, "shouty.wasm")?;
/// let calc = CalcPlugin::instantiate(&mut store, &pre)?;
/// # Ok(()) }
/// ```
pub struct Instantiate<'a, T: 'static> {
    pub(crate) source: Source<'a, T>,
    pub(crate) name: Option<&'a str>,
}

/// Where an instance comes from.
pub(crate) enum Source<'a, T: 'static> {
    /// A module, with a linker's imports.
    Module(&'a Linker<T>, &'a Module),
    /// A module whose imports are resolved.
    Pre(&'a InstancePre<T>),
}

impl<'a, T: 'static> Instantiate<'a, T> {
    /// `module`, with the imports in `linker`.
    pub fn new(linker: &'a Linker<T>, module: &'a Module) -> Self {
        Self { source: Source::Module(linker, module), name: None }
    }

    /// Names the plugin `name` in every error about it (and in
    /// [`Plugin::name`](crate::host::Plugin::name)): the name a user knows
    /// it by, such as its file's. Without it, a module is named by its
    /// name section, an [`InstancePre`] by the name it was made with.
    pub fn named(self, name: &'a str) -> Self {
        Self { name: Some(name), ..self }
    }

    /// The plugin's name: given, or the source's, or `default`. An
    /// [`InstancePre`]'s own is shared, not copied, for every instance.
    pub(crate) fn name_or(&self, default: &str) -> std::sync::Arc<str> {
        match (self.name, &self.source) {
            (Some(name), _) => name.into(),
            (None, Source::Module(_, module)) => module.name().unwrap_or(default).into(),
            (None, Source::Pre(pre)) => pre.name.clone(),
        }
    }
}

impl<'a, T: 'static> From<(&'a Linker<T>, &'a Module)> for Instantiate<'a, T> {
    fn from((linker, module): (&'a Linker<T>, &'a Module)) -> Self {
        Self::new(linker, module)
    }
}

impl<'a, T: 'static> From<&'a InstancePre<T>> for Instantiate<'a, T> {
    fn from(pre: &'a InstancePre<T>) -> Self {
        Self { source: Source::Pre(pre), name: None }
    }
}

impl<T: 'static> fmt::Debug for Instantiate<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let source = match &self.source {
            Source::Module(_, module) => module.name().unwrap_or("(a module)"),
            Source::Pre(pre) => pre.name(),
        };
        f.debug_struct("Instantiate").field("source", &source).field("name", &self.name).finish()
    }
}

impl<T: 'static> Clone for InstancePre<T> {
    fn clone(&self) -> Self {
        Self {
            pre: self.pre.clone(),
            declarations: self.declarations.clone(),
            limits: self.limits,
            name: self.name.clone(),
        }
    }
}

impl<T: 'static> fmt::Debug for InstancePre<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InstancePre").field("name", &self.name).finish_non_exhaustive()
    }
}

/// A handle type whose trait other plugins may import: what
/// `#[plugin_export(link)]` on a trait generates ([`Linker::link`] defines
/// the trait's import module with it). A trait declared without `link`
/// costs no code for links.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be linked: its trait does not let other plugins import it",
    label = "a handle of a trait declared without `link`",
    note = "declare the trait with `#[plugin_export(link)]`: that generates the import module other plugins call"
)]
pub trait Linkable: Clone + 'static {
    /// Defines the trait's import module (`plugin:Calc`) on `linker`,
    /// forwarding to the plugin `get` picks; generated. Call it through
    /// [`Linker::link`].
    #[doc(hidden)]
    fn link<T: 'static, G>(linker: &mut Linker<T>, get: G) -> wasmtime::Result<()>
    where
        G: for<'a> Fn(&'a T) -> Option<&'a Self> + Send + Sync + Copy + 'static;

    /// [`Linkable::link`] with every function registered async, awaiting
    /// the target's `_async` calls; generated. Call it through
    /// [`Linker::link_async`].
    #[doc(hidden)]
    fn link_async<T: Send + 'static, G>(linker: &mut Linker<T>, get: G) -> wasmtime::Result<()>
    where
        Self: Send + Sync,
        G: for<'a> Fn(&'a T) -> Option<&'a Self> + Send + Sync + Copy + 'static;
}
