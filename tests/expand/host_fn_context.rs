// Input:
// #[wasmbind::host_fn(module = "registry")]
// pub trait Registry {
//     /// Calls `echo` on plugin `to`.
//     fn call(
//         cx: &mut Context<'_, Self>,
//         to: Lent<str>,
//         times: u32,
//     ) -> Result<String, String>;
// }

// Output:

pub trait Registry {
    /// Calls `echo` on plugin `to`.
    fn call(
        cx: &mut Context<'_, Self>,
        to: Lent<str>,
        times: u32,
    ) -> Result<String, String>
    where
        Self: Sized;
}
#[cfg(not(target_family = "wasm"))]
/// The host side of [`Registry`].
pub mod registry {
    #[allow(unused_imports)]
    use super::*;
    /// Registers every function of [`Registry`] as the import module `registry`; each call runs the method on the state `get` projects from the store's data.
    pub fn add_to_linker<__S: super::Registry + 'static>(
        __linker: &mut ::wasmbind::__private::Linker<__S>,
        __get: impl ::core::ops::Fn(
            &mut __S,
        ) -> &mut __S + ::core::marker::Send + ::core::marker::Sync + ::core::marker::Copy + 'static,
    ) -> ::wasmbind::__private::wasmtime::Result<()> {
        {
            __linker
                .declare("registry", "call", "fn(&str, u32) -> Result<String,String>");
            const __INFO: ::wasmbind::__private::HostFnInfo = ::wasmbind::__private::HostFnInfo {
                module: "registry",
                name: "call",
                params: &["to", "times"],
                memory: false || <&str as ::wasmbind::__private::WasmAbi>::MEMORY
                    || <u32 as ::wasmbind::__private::WasmAbi>::MEMORY
                    || <Result<
                        String,
                        String,
                    > as ::wasmbind::__private::WasmAbi>::MEMORY,
                limits: ::wasmbind::__private::HostLimits::NONE,
            };
            __linker
                .func_wrap(
                    "registry",
                    "call",
                    move |
                        mut __caller: ::wasmbind::__private::Caller<'_, __S>,
                        __a0: <&str as ::wasmbind::__private::WasmAbi>::Core,
                        __a1: <u32 as ::wasmbind::__private::WasmAbi>::Core,
                        __out: i64,
                        __key: i64|
                    {
                        let (__callee, mut __args, _) = ::wasmbind::__private::host_enter(
                            &mut __caller,
                            &__INFO,
                            __key,
                        )?;
                        let __a0 = ::wasmbind::__private::host_lent::<str>(__a0, 0);
                        let __a1 = ::wasmbind::__private::host_arg::<
                            u32,
                        >(__a1, &mut __args, &__INFO, 1)?;
                        let __result = <__S as super::Registry>::call(
                            &mut ::wasmbind::__private::Context::new(
                                &mut __caller,
                                &__get,
                                __callee,
                                __key,
                                &__INFO,
                                &[__a0.span()],
                            )?,
                            __a0,
                            __a1,
                        );
                        ::wasmbind::__private::host_ret(
                            __result,
                            &mut __caller,
                            __callee,
                            __out,
                            __key,
                            &__INFO,
                        )
                    },
                )?;
        }
        ::wasmbind::__private::Result::Ok(())
    }
}
#[cfg(target_family = "wasm")]
/// The plugin side of [`Registry`]: the host's functions, safe to call.
pub mod registry {
    #[allow(unused_imports)]
    use super::*;
    /// Calls `echo` on plugin `to`.
    pub fn call(to: &str, times: u32) -> Result<String, String> {
        #[link(wasm_import_module = "registry")]
        unsafe extern "C" {
            #[link_name = "call"]
            fn __wasmbind_import(
                __a0: <&str as ::wasmbind::__private::WasmAbi>::Core,
                __a1: <u32 as ::wasmbind::__private::WasmAbi>::Core,
                __out: i64,
                __key: i64,
            ) -> <Result<String, String> as ::wasmbind::__private::WasmAbi>::Core;
        }
        let mut __k0 = ::wasmbind::__private::ImportArg::new();
        let __a0 = ::wasmbind::__private::import_arg(
            &to,
            &mut __k0,
            "registry::call",
            "to",
        );
        let mut __k1 = ::wasmbind::__private::ImportArg::new();
        let __a1 = ::wasmbind::__private::import_arg(
            &times,
            &mut __k1,
            "registry::call",
            "times",
        );
        let mut __area = ::wasmbind::__private::ResultArea::new();
        let __result = unsafe {
            __wasmbind_import(
                __a0,
                __a1,
                __area.out::<Result<String, String>>(),
                ::wasmbind::__private::instance_key(),
            )
        };
        ::wasmbind::__private::import_ret(__result, &mut __area, "registry::call")
    }
    const __RECORD: &str = "wasmbind 1\nimports registry Registry\ncall fn(&str, u32) -> Result<String,String>\n";
    #[unsafe(export_name = "wasmbind_imports_registry")]
    static __WASMBIND_RECORD: [u8; __RECORD.len() + 4] = ::wasmbind::__private::record_bytes(
        __RECORD,
    );
}
