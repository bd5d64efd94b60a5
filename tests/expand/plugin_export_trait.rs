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
pub const __WASMBIND_CALC: &str = {
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
        CalcPluginInProcess,
    >,
}
#[doc(hidden)]
#[cfg(not(target_family = "wasm"))]
#[derive(::core::fmt::Debug)]
#[allow(dead_code)]
pub struct CalcPluginExports {
    greet: ::wasmbind::__private::Export<fn(&'static str) -> String>,
    point_add: ::wasmbind::__private::Export<fn(Point, Point) -> Point>,
    version: ::wasmbind::__private::Option<::wasmbind::__private::Export<fn() -> u32>>,
}
#[doc(hidden)]
#[cfg(not(target_family = "wasm"))]
#[derive(::core::clone::Clone, ::core::marker::Copy, ::core::fmt::Debug)]
#[allow(dead_code, clippy::type_complexity)]
pub struct CalcPluginInProcess {
    greet: fn(&str) -> String,
    point_add: fn(Point, Point) -> Point,
    version: fn() -> u32,
}
#[cfg(not(target_family = "wasm"))]
#[allow(clippy::too_many_arguments)]
const _: () = {
    use ::wasmbind::__private as __p;
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
    impl<__P: Calc + 'static> ::core::convert::From<__p::Static<__P>>
    for CalcPluginInProcess {
        fn from(_: __p::Static<__P>) -> Self {
            Self {
                greet: <__P as Calc>::greet,
                point_add: <__P as Calc>::point_add,
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
        pub fn point_add(
            &self,
            store: impl __p::AsContextMut,
            a: Point,
            b: Point,
        ) -> __p::Result<Point, __p::Error> {
            match &self.__backend {
                __p::Wasm(__e) => {
                    __e.point_add.start(&self.__plugin, store).call_with((&a, &b))
                }
                __p::InProcess(__n) => {
                    self.__plugin
                        .call_in_process(
                            store,
                            "point_add",
                            move || (__n.point_add)(a, b),
                        )
                }
            }
        }
        /// [`Self::point_add`], awaiting the plugin: for a store with async host functions, or one that yields (fuel, epochs). Dropping the future before it finishes leaves the store usable and this plugin poisoned.
        pub async fn point_add_async(
            &self,
            store: impl __p::AsyncStore,
            a: Point,
            b: Point,
        ) -> __p::Result<Point, __p::Error> {
            match &self.__backend {
                __p::Wasm(__e) => {
                    __e.point_add.start(&self.__plugin, store).call_async((&a, &b)).await
                }
                __p::InProcess(__n) => {
                    self.__plugin
                        .call_in_process(
                            store,
                            "point_add",
                            move || (__n.point_add)(a, b),
                        )
                }
            }
        }
        /// Added later: plugins built before may lack it.
        ///
        /// Optional: a plugin built without `version` loads, and this returns an `ErrorKind::Absent` error (`Plugin::absent_exports` lists such exports).
        #[inline(always)]
        pub fn version(
            &self,
            store: impl __p::AsContextMut,
        ) -> __p::Result<u32, __p::Error> {
            match &self.__backend {
                __p::Wasm(__e) => {
                    __p::present(&__e.version, &self.__plugin, "version")?
                        .start(&self.__plugin, store)
                        .call_with(())
                }
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
                    __p::present(&__e.version, &self.__plugin, "version")?
                        .start(&self.__plugin, store)
                        .call_async(())
                        .await
                }
                __p::InProcess(__n) => {
                    self.__plugin
                        .call_in_process(store, "version", move || (__n.version)())
                }
            }
        }
    }
};
