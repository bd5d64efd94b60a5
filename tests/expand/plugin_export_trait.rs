// Input:
// #[wasmbind::plugin_export()]
// pub trait Calc {
//     /// Greets `name`.
//     fn greet(name: &str) -> String;
//     fn point_add(a: Point, b: Point) -> Point;
// }

// Output:

pub trait Calc {
    /// Greets `name`.
    fn greet(name: &str) -> String;
    fn point_add(a: Point, b: Point) -> Point;
    #[doc(hidden)]
    const __WASMBIND_EXPORTS: &'static str = "wasmbind 1\nexports Calc\ngreet fn(&str) -> String\npoint_add fn(Point, Point) -> Point\n";
}
/// A plugin implementing [`Calc`]: one checked call per export. Create it with [`Handle::instantiate`](::wasmbind::__private::Handle::instantiate).
#[cfg(not(target_family = "wasm"))]
#[derive(::core::clone::Clone, ::core::fmt::Debug)]
pub struct CalcPlugin {
    __plugin: ::wasmbind::__private::Plugin,
    greet: ::wasmbind::__private::Export<fn(&'static str) -> String>,
    point_add: ::wasmbind::__private::Export<fn(Point, Point) -> Point>,
}
#[cfg(not(target_family = "wasm"))]
const _: () = {
    use ::wasmbind::__private as __p;
    impl __p::Handle for CalcPlugin {
        const RECORD: &'static str = "wasmbind 1\nexports Calc\ngreet fn(&str) -> String\npoint_add fn(Point, Point) -> Point\n";
        const NAME: &'static str = "calc";
        fn bind<__T>(__b: &mut __p::Binder<__T>) -> __p::Result<Self, __p::Error> {
            __p::Result::Ok(Self {
                __plugin: __b.plugin(),
                greet: __b.export("greet", &["name"])?,
                point_add: __b.export("point_add", &["a", "b"])?,
            })
        }
        fn plugin(&self) -> &__p::Plugin {
            &self.__plugin
        }
    }
    impl CalcPlugin {
        /// Greets `name`.
        pub fn greet(
            &self,
            store: impl __p::AsContextMut,
            name: &str,
        ) -> __p::Result<String, __p::Error> {
            let mut __cx = self.greet.start(&self.__plugin, store);
            let __a0 = __cx.arg(&name, 0)?;
            __cx.call((__a0,))
        }
        pub fn point_add(
            &self,
            store: impl __p::AsContextMut,
            a: Point,
            b: Point,
        ) -> __p::Result<Point, __p::Error> {
            let mut __cx = self.point_add.start(&self.__plugin, store);
            let __a0 = __cx.arg(&a, 0)?;
            let __a1 = __cx.arg(&b, 1)?;
            __cx.call((__a0, __a1))
        }
    }
};
