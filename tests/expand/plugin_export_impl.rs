// Input:
// #[wasmbind::plugin_export()]
// impl Calc for MyPlugin {
//     fn greet(name: &str) -> String {
//         format!("Hello, {name}!")
//     }
//     fn point_add(a: Point, b: Point) -> Point {
//         Point {
//             x: a.x + b.x,
//             y: a.y + b.y,
//         }
//     }
// }

// Output:

impl Calc for MyPlugin {
    fn greet(name: &str) -> String {
        format!("Hello, {name}!")
    }
    fn point_add(a: Point, b: Point) -> Point {
        Point {
            x: a.x + b.x,
            y: a.y + b.y,
        }
    }
}
#[cfg(target_family = "wasm")]
#[allow(clippy::too_many_arguments)]
const _: () = {
    #[unsafe(export_name = "greet")]
    extern "C" fn __wasmbind_export(
        __a0: ::wasmbind::__private::Core<&str>,
    ) -> ::wasmbind::__private::Core<String> {
        let __b0 = ::wasmbind::__private::ArgBlock::new();
        let __a0 = ::wasmbind::__private::export_arg::<
            &str,
        >(__a0, &__b0, "greet", "name");
        ::wasmbind::__private::export_ret(<MyPlugin as Calc>::greet(__a0), "greet")
    }
};
#[cfg(target_family = "wasm")]
#[allow(clippy::too_many_arguments)]
const _: () = {
    #[unsafe(export_name = "point_add")]
    extern "C" fn __wasmbind_export(
        __a0: ::wasmbind::__private::Core<Point>,
        __a1: ::wasmbind::__private::Core<Point>,
    ) -> ::wasmbind::__private::Core<Point> {
        let __b0 = ::wasmbind::__private::ArgBlock::new();
        let __a0 = ::wasmbind::__private::export_arg::<
            Point,
        >(__a0, &__b0, "point_add", "a");
        let __b1 = ::wasmbind::__private::ArgBlock::new();
        let __a1 = ::wasmbind::__private::export_arg::<
            Point,
        >(__a1, &__b1, "point_add", "b");
        ::wasmbind::__private::export_ret(
            <MyPlugin as Calc>::point_add(__a0, __a1),
            "point_add",
        )
    }
};
#[cfg(target_family = "wasm")]
const _: () = {
    const __RECORD: &str = <MyPlugin as Calc>::__WASMBIND_EXPORTS;
    #[unsafe(export_name = "wasmbind_exports_Calc")]
    static __WASMBIND_RECORD: [u8; __RECORD.len() + 4] = ::wasmbind::__private::record_bytes(
        __RECORD,
        &[],
    );
};
