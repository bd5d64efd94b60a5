// Input:
// #[wasmbind::plugin_export()]
// fn greet(name: &str) -> String {
//     format!("Hello, {name}!")
// }

// Output:

fn greet(name: &str) -> String {
    format!("Hello, {name}!")
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
        ::wasmbind::__private::export_ret(greet(__a0), "greet")
    }
};
#[cfg(target_family = "wasm")]
const _: () = {
    const __TEXT: &str = "wasmbind 2\nexport greet\ngreet fn(&str) -> String\n";
    const __ROOTS: &[&::wasmbind::__private::Shape] = &[
        <&'static str as ::wasmbind::__private::Describe>::SHAPE,
        <String as ::wasmbind::__private::Describe>::SHAPE,
    ];
    #[unsafe(export_name = "wasmbind_export_greet")]
    static __WASMBIND_RECORD: [u8; ::wasmbind::__private::record_size(
        __TEXT,
        __ROOTS,
    )] = ::wasmbind::__private::record_bytes(__TEXT, __ROOTS);
};
#[cfg(not(target_family = "wasm"))]
const _: () = {
    let _ = greet;
};
