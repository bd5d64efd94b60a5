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
        const __INFO_GET: ::wasmbind::__private::HostFnInfo = ::wasmbind::__private::HostFnInfo {
            module: "env",
            name: "get",
            signature: "fn(&str) -> Option<String>",
            params: &["key"],
            shapes: &[
                <&'static str as ::wasmbind::__private::Describe>::SHAPE,
                <<Option<
                    String,
                > as ::wasmbind::__private::HostResult>::Value as ::wasmbind::__private::Describe>::SHAPE,
            ],
            memory: false || <&str as ::wasmbind::__private::WasmAbi>::MEMORY
                || <Option<String> as ::wasmbind::__private::WasmAbi>::MEMORY,
            limits: ::wasmbind::__private::HostLimits::NONE,
        };
        #[inline]
        fn __lift_get<__T: 'static>(
            __caller: &mut ::wasmbind::__private::Caller<'_, __T>,
            __get: impl ::wasmbind::__private::Get<__T, State>,
            (
                __a0,
                __out,
                __key,
            ): (<&str as ::wasmbind::__private::WasmAbi>::Core, i64, i64),
        ) -> ::wasmbind::__private::wasmtime::Result<
            ::wasmbind::__private::Lifted<Option<String>>,
        > {
            let (__callee, mut __args, __data) = ::wasmbind::__private::host_enter(
                __caller,
                &__INFO_GET,
                __key,
            )?;
            let __a0 = ::wasmbind::__private::host_arg::<
                &str,
            >(__a0, &mut __args, &__INFO_GET, 0)?;
            ::wasmbind::__private::Result::Ok(
                ::wasmbind::__private::Lifted::new(
                    get(__get(__data), __a0),
                    __callee,
                    __out,
                    __key,
                ),
            )
        }
        ::wasmbind::__private::register_fn(
            __linker,
            &__INFO_GET,
            move |__c, __p| __lift_get(__c, __get, __p),
        )?;
        ::wasmbind::__private::Result::Ok(())
    }
}
