// Input:
// #[wasmbind::plugin_export()]
// pub trait Calc {
//     /// Greets `name`.
//     fn greet(name: &str) -> String;
//     fn point_add(a: Point, b: Point) -> Point;
// }

// Output:

#[cfg_attr(
    not(target_family = "wasm"),
    ::wasmbind::__private::plugin_handle(crate = "::wasmbind")
)]
pub trait Calc {
    /// Greets `name`.
    fn greet(name: &str) -> String;
    fn point_add(a: Point, b: Point) -> Point;
    #[doc(hidden)]
    const __WASMBIND_EXPORTS: &'static str = "wasmbind 1\nexports Calc\ngreet fn(&str) -> String\npoint_add fn(Point, Point) -> Point\n";
}
