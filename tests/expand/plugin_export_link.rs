// Input:
// #[wasmbind::plugin_export(link)]
// pub trait Calc {
//     /// Greets `name`.
//     fn greet(name: &str) -> String;
//     fn version() -> u32;
// }

// Output:

pub trait Calc {
    /// Greets `name`.
    fn greet(name: &str) -> String;
    fn version() -> u32;
    #[doc(hidden)]
    const __WASMBIND_EXPORTS: &'static str = __WASMBIND_CALC;
}
#[doc(hidden)]
pub const __WASMBIND_CALC: &str = {
    const __TEXT: &str = "wasmbind 2\nexports Calc\ngreet fn(&str) -> String\nversion fn() -> u32\n";
    const __ROOTS: &[&::wasmbind::__private::Shape] = &[
        <&'static str as ::wasmbind::__private::Describe>::SHAPE,
        <String as ::wasmbind::__private::Describe>::SHAPE,
        <u32 as ::wasmbind::__private::Describe>::SHAPE,
    ];
    const __BYTES: [u8; ::wasmbind::__private::record_size(__TEXT, __ROOTS)] = ::wasmbind::__private::record_bytes(
        __TEXT,
        __ROOTS,
    );
    ::wasmbind::__private::record_text(&__BYTES)
};
/// A plugin implementing [`Calc`]: one checked call per export. Create it with [`Handle::instantiate`](::wasmbind::__private::Handle::instantiate).
#[cfg(not(target_family = "wasm"))]
#[derive(::core::clone::Clone, ::core::fmt::Debug)]
pub struct CalcPlugin {
    __plugin: ::wasmbind::__private::Plugin,
    __backend: ::wasmbind::__private::Backend<
        ::std::sync::Arc<CalcPluginExports>,
        CalcPluginInProcess,
    >,
}
#[doc(hidden)]
#[cfg(not(target_family = "wasm"))]
#[derive(::core::fmt::Debug)]
#[allow(dead_code)]
pub struct CalcPluginExports {
    greet: ::wasmbind::__private::Export<fn(&'static str) -> String>,
    version: ::wasmbind::__private::Export<fn() -> u32>,
}
#[doc(hidden)]
#[cfg(not(target_family = "wasm"))]
#[derive(::core::clone::Clone, ::core::marker::Copy, ::core::fmt::Debug)]
#[allow(dead_code, clippy::type_complexity)]
pub struct CalcPluginInProcess {
    greet: fn(&str) -> String,
    version: fn() -> u32,
}
#[cfg(not(target_family = "wasm"))]
#[allow(clippy::too_many_arguments)]
const _: () = {
    use ::wasmbind::__private as __p;
    impl __p::Handle for CalcPlugin {
        const RECORD: &'static str = __WASMBIND_CALC;
        const NAME: &'static str = "calc";
        fn bind<__T>(__b: &mut __p::Binder<__T>) -> __p::Result<Self, __p::Error> {
            let __exports = CalcPluginExports {
                greet: __b.export("greet", &["name"])?,
                version: __b.export("version", &[])?,
            };
            let __backend = __p::Wasm(::std::sync::Arc::new(__exports));
            __p::Result::Ok(Self {
                __plugin: __b.plugin(),
                __backend,
            })
        }
        fn plugin(&self) -> &__p::Plugin {
            &self.__plugin
        }
    }
    const __INFO_GREET: __p::HostFnInfo = __p::HostFnInfo::returning::<
        fn(&'static str) -> String,
    >("plugin:Calc", "greet", "fn(&str) -> String", &["name"]);
    const __INFO_VERSION: __p::HostFnInfo = __p::HostFnInfo::returning::<
        fn() -> u32,
    >("plugin:Calc", "version", "fn() -> u32", &[]);
    impl __p::Linkable for CalcPlugin {
        fn link<__T: 'static, __G>(
            __linker: &mut __p::Linker<__T>,
            __get: __G,
        ) -> __p::wasmtime::Result<()>
        where
            __G: for<'__a> ::core::ops::Fn(&'__a __T) -> __p::Option<&'__a Self>
                + ::core::marker::Send + ::core::marker::Sync + ::core::marker::Copy
                + 'static,
        {
            __p::link_fn(
                __linker,
                __get,
                &__INFO_GREET,
                __p::Out,
                |__h: &Self, __s, (__a0,): (::std::string::String,)| {
                    __h.greet(__s, &__a0)
                },
            )?;
            __p::link_fn(
                __linker,
                __get,
                &__INFO_VERSION,
                __p::Out,
                |__h: &Self, __s, (): ()| __h.version(__s),
            )?;
            __linker
                .add_installer(
                    __p::Link::<__T, Self, __G>::installer(__get, calc::__with_link),
                );
            __p::Result::Ok(())
        }
        fn link_async<__T: ::core::marker::Send + 'static, __G>(
            __linker: &mut __p::Linker<__T>,
            __get: __G,
        ) -> __p::wasmtime::Result<()>
        where
            __G: for<'__a> ::core::ops::Fn(&'__a __T) -> __p::Option<&'__a Self>
                + ::core::marker::Send + ::core::marker::Sync + ::core::marker::Copy
                + 'static,
        {
            __p::link_fn_async(
                __linker,
                __get,
                &__INFO_GREET,
                __p::Out,
                |__h: Self, __s, (__a0,): (::std::string::String,)| {
                    ::std::boxed::Box::pin(async move {
                        __h.greet_async(__s, &__a0).await
                    })
                },
            )?;
            __p::link_fn_async(
                __linker,
                __get,
                &__INFO_VERSION,
                __p::Out,
                |__h: Self, __s, (): ()| {
                    ::std::boxed::Box::pin(async move { __h.version_async(__s).await })
                },
            )?;
            __linker
                .add_installer(
                    __p::Link::<__T, Self, __G>::installer(__get, calc::__with_link),
                );
            __p::Result::Ok(())
        }
    }
    impl<__T: 'static, __G> calc::__Host for __p::Link<__T, CalcPlugin, __G>
    where
        __G: for<'__a> ::core::ops::Fn(&'__a __T) -> __p::Option<&'__a CalcPlugin>
            + 'static,
    {
        fn greet(&mut self, name: &str) -> String {
            self.forward("plugin:Calc", "greet", |__h, __s| __h.greet(__s, name))
        }
        fn version(&mut self) -> u32 {
            self.forward("plugin:Calc", "version", |__h, __s| __h.version(__s))
        }
    }
    impl<__P: Calc + 'static> ::core::convert::From<__p::Static<__P>>
    for CalcPluginInProcess {
        fn from(_: __p::Static<__P>) -> Self {
            Self {
                greet: <__P as Calc>::greet,
                version: <__P as Calc>::version,
            }
        }
    }
    impl CalcPlugin {
        /// A [`Calc`] plugin running in-process: `P`, its implementation, linked into the host natively, called with the host traits registered on `linker` (with `add_to_linker`) answering its imports over the store of each call. The calls and their error kinds are those of a wasm plugin, so the same code drives both; there is no sandbox (no fuel, deadlines or memory limits). For debugging, coverage and trusted plugins.
        pub fn in_process<__P: Calc + 'static, __T: 'static>(
            linker: &__p::Linker<__T>,
        ) -> Self {
            let __plugin = __p::Plugin::in_process(linker, <Self as __p::Handle>::NAME);
            Self {
                __plugin,
                __backend: __p::InProcess(
                    ::core::convert::From::from(__p::Static::<__P>::new()),
                ),
            }
        }
        /// Greets `name`.
        #[inline(always)]
        pub fn greet(
            &self,
            store: impl __p::AsContextMut,
            name: &str,
        ) -> __p::Result<String, __p::Error> {
            match &self.__backend {
                __p::Wasm(__e) => {
                    __e.greet.start(&self.__plugin, store).call_with((&name,))
                }
                __p::InProcess(__n) => {
                    self.__plugin
                        .call_in_process(store, "greet", move || (__n.greet)(name))
                }
            }
        }
        /// [`Self::greet`], awaiting the plugin: for a store with async host functions, or one that yields (fuel, epochs). Dropping the future before it finishes leaves the store usable and this plugin poisoned.
        pub async fn greet_async(
            &self,
            store: impl __p::AsyncStore,
            name: &str,
        ) -> __p::Result<String, __p::Error> {
            match &self.__backend {
                __p::Wasm(__e) => {
                    __e.greet.start(&self.__plugin, store).call_async((&name,)).await
                }
                __p::InProcess(__n) => {
                    self.__plugin
                        .call_in_process(store, "greet", move || (__n.greet)(name))
                }
            }
        }
        #[inline(always)]
        pub fn version(
            &self,
            store: impl __p::AsContextMut,
        ) -> __p::Result<u32, __p::Error> {
            match &self.__backend {
                __p::Wasm(__e) => __e.version.start(&self.__plugin, store).call_with(()),
                __p::InProcess(__n) => {
                    self.__plugin
                        .call_in_process(store, "version", move || (__n.version)())
                }
            }
        }
        /// [`Self::version`], awaiting the plugin: for a store with async host functions, or one that yields (fuel, epochs). Dropping the future before it finishes leaves the store usable and this plugin poisoned.
        pub async fn version_async(
            &self,
            store: impl __p::AsyncStore,
        ) -> __p::Result<u32, __p::Error> {
            match &self.__backend {
                __p::Wasm(__e) => {
                    __e.version.start(&self.__plugin, store).call_async(()).await
                }
                __p::InProcess(__n) => {
                    self.__plugin
                        .call_in_process(store, "version", move || (__n.version)())
                }
            }
        }
    }
};
#[cfg(target_family = "wasm")]
/// [`Calc`] as implemented by another plugin, safe to call: the host links the import module `plugin:Calc` to that plugin.
#[allow(clippy::too_many_arguments)]
pub mod calc {
    #[allow(unused_imports)]
    use super::*;
    #[allow(unused_imports)]
    use ::wasmbind::__private as __p;
    /// Greets `name`.
    #[inline]
    pub fn greet(name: &str) -> String {
        #[link(wasm_import_module = "plugin:Calc")]
        unsafe extern "C" {
            #[link_name = "greet"]
            fn __import(
                __a0: __p::Core<&str>,
                __out: i64,
                __key: i64,
            ) -> __p::Core<String>;
        }
        let (__a0, __k0) = __p::import_arg(&name, "plugin:Calc::greet", "name");
        let mut __area = __p::ResultArea::new();
        let __out = __area.out::<String>();
        let __result = unsafe { __import(__a0, __out, __p::instance_key()) };
        __p::import_ret(__result, &mut __area, "plugin:Calc::greet")
    }
    #[inline]
    pub fn version() -> u32 {
        #[link(wasm_import_module = "plugin:Calc")]
        unsafe extern "C" {
            #[link_name = "version"]
            fn __import(__out: i64, __key: i64) -> __p::Core<u32>;
        }
        let mut __area = __p::ResultArea::new();
        let __out = __area.out::<u32>();
        let __result = unsafe { __import(__out, __p::instance_key()) };
        __p::import_ret(__result, &mut __area, "plugin:Calc::version")
    }
    #[unsafe(export_name = "wasmbind_imports_plugin:Calc.Calc")]
    static __WASMBIND_RECORD: [u8; __p::reheaded_size(
        super::__WASMBIND_CALC,
        "imports plugin:Calc Calc",
    )] = __p::record_reheaded(super::__WASMBIND_CALC, "imports plugin:Calc Calc");
}
#[cfg(not(target_family = "wasm"))]
/// [`Calc`] as implemented by another plugin, safe to call: the host links the import module `plugin:Calc` to that plugin.
#[allow(clippy::too_many_arguments)]
pub mod calc {
    #[allow(unused_imports)]
    use super::*;
    #[allow(unused_imports)]
    use ::wasmbind::__private as __p;
    #[doc(hidden)]
    pub trait __Host {
        fn greet(&mut self, name: &str) -> String;
        fn version(&mut self) -> u32;
    }
    impl<__P: super::Calc + 'static> __Host for __p::Static<__P> {
        fn greet(&mut self, name: &str) -> String {
            <__P as super::Calc>::greet(name)
        }
        fn version(&mut self) -> u32 {
            <__P as super::Calc>::version()
        }
    }
    ::std::thread_local! {
        static __HOST : __p::HostSlot < dyn __Host > = const {
        __p::HostSlot::new("calc::with_plugin::<P, _>(|| ..)") };
    }
    /// Runs `f` with the plugin type `P` answering calls to [`Calc`]'s functions on this thread, for plugin code compiled natively.
    pub fn with_plugin<__P: super::Calc + 'static, __R>(
        f: impl ::core::ops::FnOnce() -> __R,
    ) -> __R {
        __p::with_static::<__P, _, _>(&__HOST, |__h| __h, f)
    }
    #[doc(hidden)]
    pub fn __with_link<__A: __Host + 'static>(
        adapter: &mut __A,
        f: &mut dyn ::core::ops::FnMut(),
    ) {
        __p::with_adapter(&__HOST, adapter, |__h| __h, f)
    }
    /// Greets `name`.
    pub fn greet(name: &str) -> String {
        __p::HostSlot::call(&__HOST, "calc::greet", |__h| __h.greet(name))
    }
    pub fn version() -> u32 {
        __p::HostSlot::call(&__HOST, "calc::version", |__h| __h.version())
    }
}
