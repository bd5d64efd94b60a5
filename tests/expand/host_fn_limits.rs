// Input:
// #[wasmbind::host_fn(module = "env", fuel = 50, max_len = 65536)]
// pub fn put(state: &mut State, key: &str, value: &[u8]) {
//     state.settings.insert(key.to_owned(), value.to_vec());
// }

// Output:

pub fn put(state: &mut State, key: &str, value: &[u8]) {
    state.settings.insert(key.to_owned(), value.to_vec());
}
#[doc(hidden)]
#[allow(non_camel_case_types)]
pub enum put {}
#[allow(clippy::too_many_arguments)]
impl<__T: 'static> ::wasmbind::__private::HostFn<__T> for put {
    type State = State;
    fn register<__G>(
        __linker: &mut ::wasmbind::__private::Linker<__T>,
        __get: __G,
    ) -> ::wasmbind::__private::wasmtime::Result<()>
    where
        __G: ::core::ops::Fn(&mut __T) -> &mut State + ::core::marker::Send
            + ::core::marker::Sync + ::core::marker::Copy + 'static,
    {
        use ::wasmbind::__private as __p;
        const __INFO_PUT: __p::HostFnInfo = __p::HostFnInfo::of::<
            fn(&'static str, &'static [u8]),
        >("env", "put", "fn(&str, &[u8])", &["key", "value"])
            .limits(__p::HostLimits {
                fuel: 50u64,
                max_len: 65536u32,
                ..__p::HostLimits::NONE
            });
        #[inline]
        fn __lift_put<__T: 'static>(
            __c: &mut __p::Caller<'_, __T>,
            __g: impl __p::Get<__T, State>,
            (__a0, __a1, __key): (__p::Core<&str>, __p::Core<&[u8]>, i64),
        ) -> __p::wasmtime::Result<__p::Lifted<()>> {
            __p::host_limits(
                __c,
                &__INFO_PUT,
                &[
                    <&str as __p::WasmAbi>::body_len(__a0),
                    <&[u8] as __p::WasmAbi>::body_len(__a1),
                ],
            )?;
            let (__m, mut __args, __d) = __p::host_enter(__c, &__INFO_PUT, __key)?;
            let __a0 = __p::host_arg::<&str>(__a0, &mut __args, &__INFO_PUT, 0)?;
            let __s1 = __p::Scratch::new();
            let __a1 = __p::host_slice_arg::<
                &[u8],
            >(__a1, &mut __args, &__s1, &__INFO_PUT, 1)?;
            __p::Lifted::ok(put(__g(__d), __a0, __a1), __m, 0)
        }
        __p::register_fn(
            __linker,
            &__INFO_PUT,
            move |__c, __p| __lift_put(__c, __get, __p),
        )?;
        __p::Result::Ok(())
    }
}
