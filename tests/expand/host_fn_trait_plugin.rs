// Input:
// #[wasmbind::host_fn(module = "env", crate = "::wasmbind")]
// pub trait Env {
//     /// Appends a line to the host's log.
//     fn log(&mut self, msg: &str);
//     fn shared_value(&self) -> i32;
// }

// Output:

pub trait Env {
    /// Appends a line to the host's log.
    fn log(&mut self, msg: &str);
    fn shared_value(&self) -> i32;
}
/// The plugin side of [`Env`]: the host's functions, safe to call.
pub mod env {
    #[allow(unused_imports)]
    use super::*;
    /// Appends a line to the host's log.
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
            let __a0 = ::wasmbind::__private::import_arg(
                &msg,
                &mut __k0,
                "env::log",
                "msg",
            );
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
    pub fn shared_value() -> i32 {
        #[cfg(target_family = "wasm")]
        {
            #[link(wasm_import_module = "env")]
            unsafe extern "C" {
                #[link_name = "shared_value"]
                fn __wasmbind_import(
                    __out: i64,
                    __key: i64,
                ) -> <i32 as ::wasmbind::__private::WasmAbi>::Core;
            }
            let mut __area = ::wasmbind::__private::ResultArea::new();
            let __result = unsafe {
                __wasmbind_import(
                    __area.out::<i32>(),
                    ::wasmbind::__private::instance_key(),
                )
            };
            ::wasmbind::__private::import_ret(__result, &mut __area, "env::shared_value")
        }
        #[cfg(not(target_family = "wasm"))]
        {
            let _ = ();
            ::core::panic!(
                "env::shared_value is a host import: it can only be called from a plugin running in wasm"
            )
        }
    }
    const __RECORD: &str = "wasmbind 1\nimports env Env\nlog fn(&str)\nshared_value fn() -> i32\n";
    #[doc(hidden)]
    #[unsafe(export_name = "wasmbind_imports_env")]
    pub static __WASMBIND_RECORD: [u8; __RECORD.len() + 4] = ::wasmbind::__private::record::<
        { __RECORD.len() + 4 },
    >(__RECORD);
}
