// Input:
// #[wasmbind::host_import(module = "env")]
// unsafe extern "C" {
//     /// Logs a line.
//     pub fn log(msg: &str);
//     pub fn get(key: &str) -> Option<String>;
// }

// Output:

/// Logs a line.
pub fn log(msg: &str) {
    #[cfg(target_family = "wasm")]
    {
        #[link(wasm_import_module = "env")]
        unsafe extern "C" {
            #[link_name = "log"]
            fn __wasmbind_import(
                __a0: <&str as ::wasmbind::__private::WasmAbi>::Core,
                __key: i64,
            );
        }
        let mut __k0 = ::wasmbind::__private::ImportArg::new();
        let __a0 = ::wasmbind::__private::import_arg(&msg, &mut __k0, "env::log", "msg");
        unsafe { __wasmbind_import(__a0, ::wasmbind::__private::instance_key()) }
    }
    #[cfg(not(target_family = "wasm"))]
    {
        let _ = (&msg,);
        ::core::panic!(
            "env::log is a host import: it can only be called from a plugin running in wasm"
        )
    }
}
pub fn get(key: &str) -> Option<String> {
    #[cfg(target_family = "wasm")]
    {
        #[link(wasm_import_module = "env")]
        unsafe extern "C" {
            #[link_name = "get"]
            fn __wasmbind_import(
                __a0: <&str as ::wasmbind::__private::WasmAbi>::Core,
                __out: i64,
                __key: i64,
            ) -> <Option<String> as ::wasmbind::__private::WasmAbi>::Core;
        }
        let mut __k0 = ::wasmbind::__private::ImportArg::new();
        let __a0 = ::wasmbind::__private::import_arg(&key, &mut __k0, "env::get", "key");
        let mut __area = ::wasmbind::__private::ResultArea::new();
        let __result = unsafe {
            __wasmbind_import(
                __a0,
                __area.out::<Option<String>>(),
                ::wasmbind::__private::instance_key(),
            )
        };
        ::wasmbind::__private::import_ret(__result, &mut __area, "env::get")
    }
    #[cfg(not(target_family = "wasm"))]
    {
        let _ = (&key,);
        ::core::panic!(
            "env::get is a host import: it can only be called from a plugin running in wasm"
        )
    }
}
#[cfg(target_family = "wasm")]
const _: () = {
    const __TEXT: &str = "wasmbind 2\nimport env log\nlog fn(&str)\n";
    const __ROOTS: &[&::wasmbind::__private::Shape] = &[
        <&'static str as ::wasmbind::__private::Describe>::SHAPE,
    ];
    #[unsafe(export_name = "wasmbind_import_env.log")]
    static __WASMBIND_RECORD: [u8; ::wasmbind::__private::record_size(
        __TEXT,
        __ROOTS,
    )] = ::wasmbind::__private::record_bytes(__TEXT, __ROOTS);
};
#[cfg(target_family = "wasm")]
const _: () = {
    const __TEXT: &str = "wasmbind 2\nimport env get\nget fn(&str) -> Option<String>\n";
    const __ROOTS: &[&::wasmbind::__private::Shape] = &[
        <&'static str as ::wasmbind::__private::Describe>::SHAPE,
        <Option<String> as ::wasmbind::__private::Describe>::SHAPE,
    ];
    #[unsafe(export_name = "wasmbind_import_env.get")]
    static __WASMBIND_RECORD: [u8; ::wasmbind::__private::record_size(
        __TEXT,
        __ROOTS,
    )] = ::wasmbind::__private::record_bytes(__TEXT, __ROOTS);
};
