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
const _: () = {
    #[unsafe(export_name = "greet")]
    extern "C" fn __wasmbind_export(
        __a0: <&str as ::wasmbind::__private::WasmAbi>::Core,
    ) -> <String as ::wasmbind::__private::WasmAbi>::Core {
        let __b0 = ::wasmbind::__private::ArgBlock::new();
        let __a0 = ::wasmbind::__private::export_arg::<
            &str,
        >(__a0, &__b0, "greet", "name");
        ::wasmbind::__private::export_ret(greet(__a0), "greet")
    }
};
#[cfg(not(target_family = "wasm"))]
const _: () = {
    let _ = greet;
};
