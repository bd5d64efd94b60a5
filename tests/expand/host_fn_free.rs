// Input:
// #[wasmbind::host_fn(module = "env")]
// pub fn get(state: &State, key: &str) -> Option<String> {
//     state.settings.get(key).cloned()
// }

// Output:

pub fn get(state: &State, key: &str) -> Option<String> {
    state.settings.get(key).cloned()
}
#[doc(hidden)]
#[allow(non_camel_case_types)]
pub enum get {}
impl<__T: 'static> ::wasmbind::__private::HostFn<__T> for get {
    type State = State;
    fn register<__G>(
        __linker: &mut ::wasmbind::__private::Linker<__T>,
        __get: __G,
    ) -> ::wasmbind::__private::wasmtime::Result<()>
    where
        __G: ::core::ops::Fn(&mut __T) -> &mut State + ::core::marker::Send
            + ::core::marker::Sync + ::core::marker::Copy + 'static,
    {
        {
            __linker.declare("env", "get", "fn(&str) -> Option<String>");
            const __INFO: ::wasmbind::__private::HostFnInfo = ::wasmbind::__private::HostFnInfo {
                module: "env",
                name: "get",
                params: &["key"],
                memory: false || <&str as ::wasmbind::__private::WasmAbi>::MEMORY
                    || <Option<String> as ::wasmbind::__private::WasmAbi>::MEMORY,
                limits: ::wasmbind::__private::HostLimits::NONE,
            };
            __linker
                .func_wrap(
                    "env",
                    "get",
                    move |
                        mut __caller: ::wasmbind::__private::Caller<'_, __T>,
                        __a0: <&str as ::wasmbind::__private::WasmAbi>::Core,
                        __out: i64,
                        __key: i64|
                    {
                        let (__callee, mut __args, __data) = ::wasmbind::__private::host_enter(
                            &mut __caller,
                            &__INFO,
                            __key,
                        )?;
                        let __a0 = ::wasmbind::__private::host_arg::<
                            &str,
                        >(__a0, &mut __args, &__INFO, 0)?;
                        let __result = get(__get(__data), __a0);
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
