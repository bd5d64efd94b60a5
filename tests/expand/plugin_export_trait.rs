// Input:
// #[wasmbind::plugin_export()]
// pub trait Calc {
//     /// Greets `name`.
//     fn greet(name: &str) -> String;
//     fn point_add(a: Point, b: Point) -> Point;
//     /// Added later: plugins built before may lack it.
//     #[optional]
//     fn version() -> u32;
// }

// Output:

pub trait Calc {
    /// Greets `name`.
    fn greet(name: &str) -> String;
    fn point_add(a: Point, b: Point) -> Point;
    /// Added later: plugins built before may lack it.
    fn version() -> u32;
    #[doc(hidden)]
    const __WASMBIND_EXPORTS: &'static str = __WASMBIND_CALC;
}
#[doc(hidden)]
const __WASMBIND_CALC: &str = {
    const __TEXT: &str = "wasmbind 2\nexports Calc\ngreet fn(&str) -> String\npoint_add fn(Point, Point) -> Point\nversion fn() -> u32\n";
    const __ROOTS: &[&::wasmbind::__private::Shape] = &[
        <&'static str as ::wasmbind::__private::Describe>::SHAPE,
        <String as ::wasmbind::__private::Describe>::SHAPE,
        <Point as ::wasmbind::__private::Describe>::SHAPE,
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
        fn() -> ::std::boxed::Box<dyn calc::__Host>,
    >,
}
#[doc(hidden)]
#[cfg(not(target_family = "wasm"))]
#[derive(::core::fmt::Debug)]
pub struct CalcPluginExports {
    greet: ::wasmbind::__private::Export<fn(&'static str) -> String>,
    point_add: ::wasmbind::__private::Export<fn(Point, Point) -> Point>,
    version: ::wasmbind::__private::Option<::wasmbind::__private::Export<fn() -> u32>>,
}
#[cfg(not(target_family = "wasm"))]
const _: () = {
    use ::wasmbind::__private as __p;
    const __INFO_GREET: ::wasmbind::__private::HostFnInfo = ::wasmbind::__private::HostFnInfo {
        module: "plugin:Calc",
        name: "greet",
        signature: "fn(&str) -> String",
        params: &["name"],
        shapes: &[
            <&'static str as ::wasmbind::__private::Describe>::SHAPE,
            <<String as ::wasmbind::__private::HostResult>::Value as ::wasmbind::__private::Describe>::SHAPE,
        ],
        memory: false || <&str as ::wasmbind::__private::WasmAbi>::MEMORY
            || <String as ::wasmbind::__private::WasmAbi>::MEMORY,
        limits: ::wasmbind::__private::HostLimits::NONE,
    };
    #[inline]
    fn __lift_greet<__T: 'static>(
        __caller: &mut ::wasmbind::__private::Caller<'_, __T>,
        (__a0, __out, __key): (<&str as ::wasmbind::__private::WasmAbi>::Core, i64, i64),
    ) -> ::wasmbind::__private::wasmtime::Result<
        ::wasmbind::__private::Lifted<(::std::string::String,)>,
    > {
        let (__callee, mut __args, _) = ::wasmbind::__private::host_enter(
            __caller,
            &__INFO_GREET,
            __key,
        )?;
        let __a0 = ::wasmbind::__private::host_arg::<
            ::std::string::String,
        >(__a0, &mut __args, &__INFO_GREET, 0)?;
        ::wasmbind::__private::Result::Ok(
            ::wasmbind::__private::Lifted::new((__a0,), __callee, __out, __key),
        )
    }
    const __INFO_POINT_ADD: ::wasmbind::__private::HostFnInfo = ::wasmbind::__private::HostFnInfo {
        module: "plugin:Calc",
        name: "point_add",
        signature: "fn(Point, Point) -> Point",
        params: &["a", "b"],
        shapes: &[
            <Point as ::wasmbind::__private::Describe>::SHAPE,
            <Point as ::wasmbind::__private::Describe>::SHAPE,
            <<Point as ::wasmbind::__private::HostResult>::Value as ::wasmbind::__private::Describe>::SHAPE,
        ],
        memory: false || <Point as ::wasmbind::__private::WasmAbi>::MEMORY
            || <Point as ::wasmbind::__private::WasmAbi>::MEMORY
            || <Point as ::wasmbind::__private::WasmAbi>::MEMORY,
        limits: ::wasmbind::__private::HostLimits::NONE,
    };
    #[inline]
    fn __lift_point_add<__T: 'static>(
        __caller: &mut ::wasmbind::__private::Caller<'_, __T>,
        (
            __a0,
            __a1,
            __out,
            __key,
        ): (
            <Point as ::wasmbind::__private::WasmAbi>::Core,
            <Point as ::wasmbind::__private::WasmAbi>::Core,
            i64,
            i64,
        ),
    ) -> ::wasmbind::__private::wasmtime::Result<
        ::wasmbind::__private::Lifted<(Point, Point)>,
    > {
        let (__callee, mut __args, _) = ::wasmbind::__private::host_enter(
            __caller,
            &__INFO_POINT_ADD,
            __key,
        )?;
        let __a0 = ::wasmbind::__private::host_arg::<
            Point,
        >(__a0, &mut __args, &__INFO_POINT_ADD, 0)?;
        let __a1 = ::wasmbind::__private::host_arg::<
            Point,
        >(__a1, &mut __args, &__INFO_POINT_ADD, 1)?;
        ::wasmbind::__private::Result::Ok(
            ::wasmbind::__private::Lifted::new((__a0, __a1), __callee, __out, __key),
        )
    }
    const __INFO_VERSION: ::wasmbind::__private::HostFnInfo = ::wasmbind::__private::HostFnInfo {
        module: "plugin:Calc",
        name: "version",
        signature: "fn() -> u32",
        params: &[],
        shapes: &[
            <<u32 as ::wasmbind::__private::HostResult>::Value as ::wasmbind::__private::Describe>::SHAPE,
        ],
        memory: false || <u32 as ::wasmbind::__private::WasmAbi>::MEMORY,
        limits: ::wasmbind::__private::HostLimits::NONE,
    };
    #[inline]
    fn __lift_version<__T: 'static>(
        __caller: &mut ::wasmbind::__private::Caller<'_, __T>,
        (__out, __key): (i64, i64),
    ) -> ::wasmbind::__private::wasmtime::Result<::wasmbind::__private::Lifted<()>> {
        let (__callee, _, _) = ::wasmbind::__private::host_enter(
            __caller,
            &__INFO_VERSION,
            __key,
        )?;
        ::wasmbind::__private::Result::Ok(
            ::wasmbind::__private::Lifted::new((), __callee, __out, __key),
        )
    }
    impl __p::Handle for CalcPlugin {
        const RECORD: &'static str = __WASMBIND_CALC;
        const NAME: &'static str = "calc";
        const OPTIONAL: &'static [&'static str] = &["version"];
        fn bind<__T>(__b: &mut __p::Binder<__T>) -> __p::Result<Self, __p::Error> {
            let __exports = CalcPluginExports {
                greet: __b.export("greet", &["name"])?,
                point_add: __b.export("point_add", &["a", "b"])?,
                version: __b.optional_export("version", &[])?,
            };
            let __backend = __p::Backend::Wasm(::std::sync::Arc::new(__exports));
            __p::Result::Ok(Self {
                __plugin: __b.plugin(),
                __backend,
            })
        }
        fn plugin(&self) -> &__p::Plugin {
            &self.__plugin
        }
        fn link<__T: 'static, __G>(
            __linker: &mut __p::Linker<__T>,
            __get: __G,
        ) -> __p::wasmtime::Result<()>
        where
            __G: for<'__a> ::core::ops::Fn(&'__a __T) -> __p::Option<&'__a Self>
                + ::core::marker::Send + ::core::marker::Sync + ::core::marker::Copy
                + 'static,
        {
            __linker
                .register_fn(
                    &__INFO_GREET,
                    move |__caller, __p| {
                        let (__lifted, (__a0,)) = __lift_greet(__caller, __p)?.split();
                        let __result = ::wasmbind::__private::forward(
                            __caller,
                            __get,
                            &__INFO_GREET,
                            |__h: &Self, __s| __h.greet(__s, &__a0),
                        )?;
                        ::wasmbind::__private::Result::Ok(__lifted.with(__result))
                    },
                )?;
            __linker
                .register_fn(
                    &__INFO_POINT_ADD,
                    move |__caller, __p| {
                        let (__lifted, (__a0, __a1)) = __lift_point_add(__caller, __p)?
                            .split();
                        let __result = ::wasmbind::__private::forward(
                            __caller,
                            __get,
                            &__INFO_POINT_ADD,
                            |__h: &Self, __s| __h.point_add(__s, __a0, __a1),
                        )?;
                        ::wasmbind::__private::Result::Ok(__lifted.with(__result))
                    },
                )?;
            __linker
                .register_fn(
                    &__INFO_VERSION,
                    move |__caller, __p| {
                        let (__lifted, ()) = __lift_version(__caller, __p)?.split();
                        let __result = ::wasmbind::__private::forward(
                            __caller,
                            __get,
                            &__INFO_VERSION,
                            |__h: &Self, __s| __h.version(__s),
                        )?;
                        ::wasmbind::__private::Result::Ok(__lifted.with(__result))
                    },
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
            __linker
                .register_future(
                    &__INFO_GREET,
                    move |mut __caller, __p| ::wasmbind::__private::host_async(async move {
                        let (__lifted, (__a0,)) = __lift_greet(&mut __caller, __p)?
                            .split();
                        let __result = ::wasmbind::__private::linked(
                            &__INFO_GREET,
                            match __get(__caller.data()).cloned() {
                                ::wasmbind::__private::Option::Some(__h) => {
                                    ::wasmbind::__private::Option::Some(
                                        __h.greet_async(&mut __caller, &__a0).await,
                                    )
                                }
                                ::wasmbind::__private::Option::None => {
                                    ::wasmbind::__private::Option::None
                                }
                            },
                        )?;
                        __lifted
                            .with(__result)
                            .ret_async(&mut __caller, &__INFO_GREET)
                            .await
                    }),
                )?;
            __linker
                .register_future(
                    &__INFO_POINT_ADD,
                    move |mut __caller, __p| ::wasmbind::__private::host_async(async move {
                        let (__lifted, (__a0, __a1)) = __lift_point_add(
                                &mut __caller,
                                __p,
                            )?
                            .split();
                        let __result = ::wasmbind::__private::linked(
                            &__INFO_POINT_ADD,
                            match __get(__caller.data()).cloned() {
                                ::wasmbind::__private::Option::Some(__h) => {
                                    ::wasmbind::__private::Option::Some(
                                        __h.point_add_async(&mut __caller, __a0, __a1).await,
                                    )
                                }
                                ::wasmbind::__private::Option::None => {
                                    ::wasmbind::__private::Option::None
                                }
                            },
                        )?;
                        __lifted
                            .with(__result)
                            .ret_async(&mut __caller, &__INFO_POINT_ADD)
                            .await
                    }),
                )?;
            __linker
                .register_future(
                    &__INFO_VERSION,
                    move |mut __caller, __p| ::wasmbind::__private::host_async(async move {
                        let (__lifted, ()) = __lift_version(&mut __caller, __p)?.split();
                        let __result = ::wasmbind::__private::linked(
                            &__INFO_VERSION,
                            match __get(__caller.data()).cloned() {
                                ::wasmbind::__private::Option::Some(__h) => {
                                    ::wasmbind::__private::Option::Some(
                                        __h.version_async(&mut __caller).await,
                                    )
                                }
                                ::wasmbind::__private::Option::None => {
                                    ::wasmbind::__private::Option::None
                                }
                            },
                        )?;
                        __lifted
                            .with(__result)
                            .ret_async(&mut __caller, &__INFO_VERSION)
                            .await
                    }),
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
        fn point_add(&mut self, a: Point, b: Point) -> Point {
            self.forward("plugin:Calc", "point_add", |__h, __s| __h.point_add(__s, a, b))
        }
        fn version(&mut self) -> u32 {
            self.forward("plugin:Calc", "version", |__h, __s| __h.version(__s))
        }
    }
    impl CalcPlugin {
        /// A [`Calc`] plugin running in-process: `P`, its implementation, linked into the host natively, called with the host traits registered on `linker` (with `add_to_linker`) answering its imports over the store of each call. The calls and their error kinds are those of a wasm plugin, so the same code drives both; there is no sandbox (no fuel, deadlines or memory limits). For debugging, coverage and trusted plugins.
        pub fn in_process<__P: Calc + 'static, __T: 'static>(
            linker: &__p::Linker<__T>,
        ) -> Self {
            let __plugin = __p::Plugin::in_process(linker, <Self as __p::Handle>::NAME);
            let __make: fn() -> ::std::boxed::Box<dyn calc::__Host> = || ::std::boxed::Box::new(
                __p::Static::<__P>::new(),
            );
            Self {
                __plugin,
                __backend: __p::Backend::InProcess(__make),
            }
        }
        /// Greets `name`.
        pub fn greet(
            &self,
            store: impl __p::AsContextMut,
            name: &str,
        ) -> __p::Result<String, __p::Error> {
            let __e = match &self.__backend {
                __p::Backend::Wasm(__e) => __e,
                __p::Backend::InProcess(__n) => {
                    return self
                        .__plugin
                        .call_in_process(store, "greet", || __n().greet(name));
                }
            };
            let mut __cx = __e.greet.start(&self.__plugin, store);
            let __a0 = __cx.arg(&name, 0)?;
            __cx.call((__a0,))
        }
        /// [`Self::greet`], awaiting the plugin: for a store with async host functions, or one that yields (fuel, epochs). Dropping the future before it finishes leaves the store usable and this plugin poisoned.
        pub async fn greet_async(
            &self,
            store: impl __p::AsContextMut<
                Data: ::core::marker::Send,
            > + ::core::marker::Send,
            name: &str,
        ) -> __p::Result<String, __p::Error> {
            let __e = match &self.__backend {
                __p::Backend::Wasm(__e) => __e,
                __p::Backend::InProcess(__n) => {
                    return self
                        .__plugin
                        .call_in_process(store, "greet", || __n().greet(name));
                }
            };
            __e.greet.start(&self.__plugin, store).call_async((&name,)).await
        }
        pub fn point_add(
            &self,
            store: impl __p::AsContextMut,
            a: Point,
            b: Point,
        ) -> __p::Result<Point, __p::Error> {
            let __e = match &self.__backend {
                __p::Backend::Wasm(__e) => __e,
                __p::Backend::InProcess(__n) => {
                    return self
                        .__plugin
                        .call_in_process(store, "point_add", || __n().point_add(a, b));
                }
            };
            let mut __cx = __e.point_add.start(&self.__plugin, store);
            let __a0 = __cx.arg(&a, 0)?;
            let __a1 = __cx.arg(&b, 1)?;
            __cx.call((__a0, __a1))
        }
        /// [`Self::point_add`], awaiting the plugin: for a store with async host functions, or one that yields (fuel, epochs). Dropping the future before it finishes leaves the store usable and this plugin poisoned.
        pub async fn point_add_async(
            &self,
            store: impl __p::AsContextMut<
                Data: ::core::marker::Send,
            > + ::core::marker::Send,
            a: Point,
            b: Point,
        ) -> __p::Result<Point, __p::Error> {
            let __e = match &self.__backend {
                __p::Backend::Wasm(__e) => __e,
                __p::Backend::InProcess(__n) => {
                    return self
                        .__plugin
                        .call_in_process(store, "point_add", || __n().point_add(a, b));
                }
            };
            __e.point_add.start(&self.__plugin, store).call_async((&a, &b)).await
        }
        /// Added later: plugins built before may lack it.
        ///
        /// Optional: a plugin built without `version` loads, and this returns an `ErrorKind::Absent` error (`Plugin::absent_exports` lists such exports).
        pub fn version(
            &self,
            store: impl __p::AsContextMut,
        ) -> __p::Result<u32, __p::Error> {
            let __e = match &self.__backend {
                __p::Backend::Wasm(__e) => __e,
                __p::Backend::InProcess(__n) => {
                    return self
                        .__plugin
                        .call_in_process(store, "version", || __n().version());
                }
            };
            let mut __cx = __p::present(&__e.version, &self.__plugin, "version")?
                .start(&self.__plugin, store);
            __cx.call(())
        }
        /// [`Self::version`], awaiting the plugin: for a store with async host functions, or one that yields (fuel, epochs). Dropping the future before it finishes leaves the store usable and this plugin poisoned.
        pub async fn version_async(
            &self,
            store: impl __p::AsContextMut<
                Data: ::core::marker::Send,
            > + ::core::marker::Send,
        ) -> __p::Result<u32, __p::Error> {
            let __e = match &self.__backend {
                __p::Backend::Wasm(__e) => __e,
                __p::Backend::InProcess(__n) => {
                    return self
                        .__plugin
                        .call_in_process(store, "version", || __n().version());
                }
            };
            __p::present(&__e.version, &self.__plugin, "version")?
                .start(&self.__plugin, store)
                .call_async(())
                .await
        }
    }
};
#[cfg(target_family = "wasm")]
/// [`Calc`] as implemented by another plugin, safe to call: the host links the import module `plugin:Calc` to that plugin.
pub mod calc {
    #[allow(unused_imports)]
    use super::*;
    /// Greets `name`.
    pub fn greet(name: &str) -> String {
        #[link(wasm_import_module = "plugin:Calc")]
        unsafe extern "C" {
            #[link_name = "greet"]
            fn __wasmbind_import(
                __a0: <&str as ::wasmbind::__private::WasmAbi>::Core,
                __out: i64,
                __key: i64,
            ) -> <String as ::wasmbind::__private::WasmAbi>::Core;
        }
        let mut __k0 = ::wasmbind::__private::ImportArg::new();
        let __a0 = ::wasmbind::__private::import_arg(
            &name,
            &mut __k0,
            "plugin:Calc::greet",
            "name",
        );
        let mut __area = ::wasmbind::__private::ResultArea::new();
        let __result = unsafe {
            __wasmbind_import(
                __a0,
                __area.out::<String>(),
                ::wasmbind::__private::instance_key(),
            )
        };
        ::wasmbind::__private::import_ret(__result, &mut __area, "plugin:Calc::greet")
    }
    pub fn point_add(a: Point, b: Point) -> Point {
        #[link(wasm_import_module = "plugin:Calc")]
        unsafe extern "C" {
            #[link_name = "point_add"]
            fn __wasmbind_import(
                __a0: <Point as ::wasmbind::__private::WasmAbi>::Core,
                __a1: <Point as ::wasmbind::__private::WasmAbi>::Core,
                __out: i64,
                __key: i64,
            ) -> <Point as ::wasmbind::__private::WasmAbi>::Core;
        }
        let mut __k0 = ::wasmbind::__private::ImportArg::new();
        let __a0 = ::wasmbind::__private::import_arg(
            &a,
            &mut __k0,
            "plugin:Calc::point_add",
            "a",
        );
        let mut __k1 = ::wasmbind::__private::ImportArg::new();
        let __a1 = ::wasmbind::__private::import_arg(
            &b,
            &mut __k1,
            "plugin:Calc::point_add",
            "b",
        );
        let mut __area = ::wasmbind::__private::ResultArea::new();
        let __result = unsafe {
            __wasmbind_import(
                __a0,
                __a1,
                __area.out::<Point>(),
                ::wasmbind::__private::instance_key(),
            )
        };
        ::wasmbind::__private::import_ret(
            __result,
            &mut __area,
            "plugin:Calc::point_add",
        )
    }
    /// Added later: plugins built before may lack it.
    pub fn version() -> u32 {
        #[link(wasm_import_module = "plugin:Calc")]
        unsafe extern "C" {
            #[link_name = "version"]
            fn __wasmbind_import(
                __out: i64,
                __key: i64,
            ) -> <u32 as ::wasmbind::__private::WasmAbi>::Core;
        }
        let mut __area = ::wasmbind::__private::ResultArea::new();
        let __result = unsafe {
            __wasmbind_import(__area.out::<u32>(), ::wasmbind::__private::instance_key())
        };
        ::wasmbind::__private::import_ret(__result, &mut __area, "plugin:Calc::version")
    }
    #[unsafe(export_name = "wasmbind_imports_plugin:Calc")]
    static __WASMBIND_RECORD: [u8; ::wasmbind::__private::reheaded_size(
        super::__WASMBIND_CALC,
        "imports plugin:Calc Calc",
    )] = ::wasmbind::__private::record_reheaded(
        super::__WASMBIND_CALC,
        "imports plugin:Calc Calc",
    );
}
#[cfg(not(target_family = "wasm"))]
/// [`Calc`] as implemented by another plugin, safe to call: the host links the import module `plugin:Calc` to that plugin.
pub mod calc {
    #[allow(unused_imports)]
    use super::*;
    #[doc(hidden)]
    pub trait __Host {
        fn greet(&mut self, name: &str) -> String;
        fn point_add(&mut self, a: Point, b: Point) -> Point;
        fn version(&mut self) -> u32;
    }
    impl<__P: super::Calc + 'static> __Host for ::wasmbind::__private::Static<__P> {
        fn greet(&mut self, name: &str) -> String {
            <__P as super::Calc>::greet(name)
        }
        fn point_add(&mut self, a: Point, b: Point) -> Point {
            <__P as super::Calc>::point_add(a, b)
        }
        fn version(&mut self) -> u32 {
            <__P as super::Calc>::version()
        }
    }
    ::std::thread_local! {
        static __HOST : ::wasmbind::__private::HostSlot < dyn __Host > = const {
        ::wasmbind::__private::HostSlot::new("calc::with_plugin::<P, _>(|| ..)") };
    }
    /// Runs `f` with the plugin type `P` answering calls to [`Calc`]'s functions on this thread, for plugin code compiled natively.
    pub fn with_plugin<__P: super::Calc + 'static, __R>(
        f: impl ::core::ops::FnOnce() -> __R,
    ) -> __R {
        ::wasmbind::__private::with_static::<__P, _, _>(&__HOST, |__h| __h, f)
    }
    #[doc(hidden)]
    pub fn __with_link<__A: __Host + 'static>(
        adapter: &mut __A,
        f: &mut dyn ::core::ops::FnMut(),
    ) {
        ::wasmbind::__private::with_adapter(&__HOST, adapter, |__h| __h, f)
    }
    /// Greets `name`.
    pub fn greet(name: &str) -> String {
        ::wasmbind::__private::HostSlot::call(
            &__HOST,
            "calc::greet",
            |__h| __h.greet(name),
        )
    }
    pub fn point_add(a: Point, b: Point) -> Point {
        ::wasmbind::__private::HostSlot::call(
            &__HOST,
            "calc::point_add",
            |__h| __h.point_add(a, b),
        )
    }
    /// Added later: plugins built before may lack it.
    pub fn version() -> u32 {
        ::wasmbind::__private::HostSlot::call(
            &__HOST,
            "calc::version",
            |__h| __h.version(),
        )
    }
}
