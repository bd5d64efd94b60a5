// Input:
// #[wasmbind::plugin_export(dispatch)]
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
    fn __dispatch(
        __name: &str,
        __args: &[u8],
    ) -> ::core::result::Result<::std::vec::Vec<u8>, ::std::string::String> {
        let mut __budget = ::wasmbind::__private::Budget::new(
            ::wasmbind::__private::DecodeLimits::PLUGIN,
        );
        #[allow(unused_mut)]
        let mut __args = ::wasmbind::__private::Reader::new(__args, &mut __budget);
        match __name {
            "greet" => {
                let name: ::std::string::String = ::wasmbind::__private::dispatch_arg(
                    &mut __args,
                    "name",
                )?;
                ::wasmbind::__private::dispatch_end(__args)?;
                ::wasmbind::__private::Result::Ok(
                    ::wasmbind::__private::to_body(&<MyPlugin as Calc>::greet(&name)),
                )
            }
            "point_add" => {
                let a: Point = ::wasmbind::__private::dispatch_arg(&mut __args, "a")?;
                let b: Point = ::wasmbind::__private::dispatch_arg(&mut __args, "b")?;
                ::wasmbind::__private::dispatch_end(__args)?;
                ::wasmbind::__private::Result::Ok(
                    ::wasmbind::__private::to_body(&<MyPlugin as Calc>::point_add(a, b)),
                )
            }
            _ => {
                ::core::result::Result::Err(
                    ::std::format!("Calc has no function `{}`", __name),
                )
            }
        }
    }
    #[cfg(target_family = "wasm")]
    #[allow(clippy::too_many_arguments)]
    const _: () = {
        #[unsafe(export_name = "wasmbind_call_Calc")]
        extern "C" fn __wasmbind_export(
            __a0: ::wasmbind::__private::Core<&str>,
            __a1: ::wasmbind::__private::Core<&[u8]>,
        ) -> ::wasmbind::__private::Core<
            ::core::result::Result<::std::vec::Vec<u8>, ::std::string::String>,
        > {
            let __b0 = ::wasmbind::__private::ArgBlock::new();
            let __a0 = ::wasmbind::__private::export_arg::<
                &str,
            >(__a0, &__b0, "wasmbind_call_Calc", "name");
            let __b1 = ::wasmbind::__private::ArgBlock::new();
            let __s1 = ::wasmbind::__private::Scratch::new();
            let __a1 = ::wasmbind::__private::export_slice_arg::<
                &[u8],
            >(__a1, &__b1, &__s1, "wasmbind_call_Calc", "args");
            ::wasmbind::__private::export_ret(
                __dispatch(__a0, __a1),
                "wasmbind_call_Calc",
            )
        }
    };
};
