// Input:
// #[wasmbind::host_import(module = "env")]
// unsafe extern "C" {
//     /// Logs a line.
//     pub fn log(msg: &str);
//     pub fn get(key: &str) -> Option<String>;
// }

// Output:

/// Logs a line.
#[inline]
pub fn log(msg: &str) {
    #[cfg(target_family = "wasm")]
    {
        #[link(wasm_import_module = "env")]
        unsafe extern "C" {
            #[link_name = "log"]
            fn __import(__a0: ::wasmbind::__private::Core<&str>, __key: i64);
        }
        let (__a0, __k0) = ::wasmbind::__private::import_arg(&msg, "env::log", "msg");
        unsafe { __import(__a0, ::wasmbind::__private::instance_key()) }
    }
    #[cfg(not(target_family = "wasm"))]
    {
        let _ = (&msg,);
        ::core::panic!(
            "env::log is a host import: it can only be called from a plugin running in wasm"
        )
    }
}
#[inline]
pub fn get(key: &str) -> Option<String> {
    #[cfg(target_family = "wasm")]
    {
        #[link(wasm_import_module = "env")]
        unsafe extern "C" {
            #[link_name = "get"]
            fn __import(
                __a0: ::wasmbind::__private::Core<&str>,
                __out: i64,
                __key: i64,
            ) -> ::wasmbind::__private::Core<Option<String>>;
        }
        let (__a0, __k0) = ::wasmbind::__private::import_arg(&key, "env::get", "key");
        let mut __area = ::wasmbind::__private::ResultArea::new();
        let __out = __area.out::<Option<String>>();
        let __result = unsafe {
            __import(__a0, __out, ::wasmbind::__private::instance_key())
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
