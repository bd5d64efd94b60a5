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
#[allow(clippy::too_many_arguments)]
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
        use ::wasmbind::__private as __p;
        const __INFO_GET: __p::HostFnInfo = __p::HostFnInfo::returning::<
            fn(&'static str) -> Option<String>,
        >("env", "get", "fn(&str) -> Option<String>", &["key"]);
        #[inline]
        fn __lift_get<__T: 'static>(
            __c: &mut __p::Caller<'_, __T>,
            __g: impl __p::Get<__T, State>,
            (__a0, __out, __key): (__p::Core<&str>, i64, i64),
        ) -> __p::wasmtime::Result<__p::Lifted<Option<String>>> {
            let (__m, mut __args, __d) = __p::host_enter(__c, &__INFO_GET, __key)?;
            let __a0 = __p::host_arg::<&str>(__a0, &mut __args, &__INFO_GET, 0)?;
            __p::Lifted::ok(get(__g(__d), __a0), __m, __out)
        }
        __p::register_fn(
            __linker,
            &__INFO_GET,
            move |__c, __p| __lift_get(__c, __get, __p),
        )?;
        __p::Result::Ok(())
    }
}
