// Input:
// #[wasmbind::host_fn(module = "env")]
// pub trait Env {
//     /// Appends a line to the host's log.
//     fn log(&mut self, msg: &str);
//     fn shared_value(&self) -> i32;
// }

// Output:

#[cfg_attr(
    target_family = "wasm",
    ::wasmbind::__private::host_fn_imports(module = "env", crate = "::wasmbind")
)]
pub trait Env {
    /// Appends a line to the host's log.
    fn log(&mut self, msg: &str);
    fn shared_value(&self) -> i32;
}
#[cfg(not(target_family = "wasm"))]
/// The host side of [`Env`].
pub mod env {
    #[allow(unused_imports)]
    use super::*;
    /// Registers every function of [`Env`] as the import module `env`; each call runs the method on the state `get` projects from the store's data.
    pub fn add_to_linker<__T: 'static, __S: super::Env + 'static>(
        __linker: &mut ::wasmbind::__private::Linker<__T>,
        __get: impl ::core::ops::Fn(
            &mut __T,
        ) -> &mut __S + ::core::marker::Send + ::core::marker::Sync + ::core::marker::Copy + 'static,
    ) -> ::wasmbind::__private::wasmtime::Result<()> {
        {
            ::wasmbind::__private::declare_import("env", "log", "fn(&str)");
            const __INFO: ::wasmbind::__private::HostFnInfo = ::wasmbind::__private::HostFnInfo {
                module: "env",
                name: "log",
                params: &["msg"],
                memory: false || <&str as ::wasmbind::__private::WasmAbi>::MEMORY,
            };
            __linker
                .func_wrap(
                    "env",
                    "log",
                    move |
                        mut __caller: ::wasmbind::__private::Caller<'_, __T>,
                        __a0: <&str as ::wasmbind::__private::WasmAbi>::Core,
                        __key: i64|
                    {
                        let (__callee, __memory, __data) = ::wasmbind::__private::host_enter(
                            &mut __caller,
                            &__INFO,
                            __key,
                        )?;
                        let __a0 = ::wasmbind::__private::host_arg::<
                            &str,
                        >(__a0, __memory, &__INFO, 0)?;
                        let __result = <__S as super::Env>::log(__get(__data), __a0);
                        ::wasmbind::__private::host_ret(
                            __result,
                            &mut __caller,
                            __callee,
                            0,
                            &__INFO,
                        )
                    },
                )?;
        }
        {
            ::wasmbind::__private::declare_import("env", "shared_value", "fn() -> i32");
            const __INFO: ::wasmbind::__private::HostFnInfo = ::wasmbind::__private::HostFnInfo {
                module: "env",
                name: "shared_value",
                params: &[],
                memory: false || <i32 as ::wasmbind::__private::WasmAbi>::MEMORY,
            };
            __linker
                .func_wrap(
                    "env",
                    "shared_value",
                    move |
                        mut __caller: ::wasmbind::__private::Caller<'_, __T>,
                        __out: i64,
                        __key: i64|
                    {
                        let (__callee, __memory, __data) = ::wasmbind::__private::host_enter(
                            &mut __caller,
                            &__INFO,
                            __key,
                        )?;
                        let __result = <__S as super::Env>::shared_value(__get(__data));
                        ::wasmbind::__private::host_ret(
                            __result,
                            &mut __caller,
                            __callee,
                            __out,
                            &__INFO,
                        )
                    },
                )?;
        }
        ::wasmbind::__private::Result::Ok(())
    }
}
