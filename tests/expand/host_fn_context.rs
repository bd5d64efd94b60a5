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
/// [`Registry`] off wasm: `add_to_linker` (or `add_to_linker_async`) registers a host's functions; the plugin side, compiled natively, calls the host installed with `with_host` or `with_store`.
#[allow(clippy::too_many_arguments)]
pub mod registry {
    #[allow(unused_imports)]
    use super::*;
    #[allow(unused_imports)]
    use ::wasmbind::__private as __p;
    /// Registers every function of [`Registry`] as the import module `registry`; each call runs the method on the state `get` projects from the store's data. For stores called synchronously: an `async fn` runs to completion on the calling thread.
    pub fn add_to_linker<__S: super::Registry + 'static>(
        __linker: &mut __p::Linker<__S>,
        __get: impl ::core::ops::Fn(
            &mut __S,
        ) -> &mut __S + ::core::marker::Send + ::core::marker::Sync + ::core::marker::Copy + 'static,
    ) -> __p::wasmtime::Result<()> {
        __register(__linker, __get, __p::Wrap)
    }
    /// Registers every function of [`Registry`] as the import module `registry` with `func_wrap_async`, for stores whose plugins are called with the handles' `_async` methods: an `async fn` is awaited while the plugin waits, and a result of any length reaches the plugin.
    pub fn add_to_linker_async<__S: super::Registry + ::core::marker::Send + 'static>(
        __linker: &mut __p::Linker<__S>,
        __get: impl ::core::ops::Fn(
            &mut __S,
        ) -> &mut __S + ::core::marker::Send + ::core::marker::Sync + ::core::marker::Copy + 'static,
    ) -> __p::wasmtime::Result<()> {
        __register(__linker, __get, __p::WrapAsync)
    }
    fn __register<__S: super::Registry + 'static>(
        __linker: &mut __p::Linker<__S>,
        __get: impl __p::Get<__S, __S>,
        __m: impl __p::Mode<__S>,
    ) -> __p::wasmtime::Result<()> {
        __m.register(__linker, &__INFO_CALL, __get, __lift_call)?;
        __linker.add_installer(__p::installer(&__HOST, __get, |__h| __h));
        __p::Result::Ok(())
    }
    const __INFO_CALL: __p::HostFnInfo = __p::HostFnInfo::returning::<
        fn(&'static str, u32) -> Result<String, String>,
    >("registry", "call", "fn(&str, u32) -> Result<String,String>", &["to", "times"]);
    #[inline]
    fn __lift_call<__S: super::Registry + 'static>(
        __c: &mut __p::Caller<'_, __S>,
        __g: impl __p::Get<__S, __S>,
        (__a0, __a1, __out, __key): (__p::Core<&str>, __p::Core<u32>, i64, i64),
    ) -> __p::wasmtime::Result<__p::Lifted<Result<String, String>>> {
        let (__m, mut __args, _) = __p::host_enter(__c, &__INFO_CALL, __key)?;
        let __a0 = __p::host_lent::<str>(__a0, &mut __args, &__INFO_CALL, 0)?;
        let __a1 = __p::host_arg::<u32>(__a1, &mut __args, &__INFO_CALL, 1)?;
        let __lent = [__a0.span()];
        let mut __cx = __p::Context::new(__c, &__g, __m, &__INFO_CALL, &__lent)?;
        __p::Lifted::ok(
            <__S as super::Registry>::call(&mut __cx, __a0, __a1),
            __m,
            __out,
        )
    }
    #[doc(hidden)]
    pub trait __Host {
        fn call(&mut self, to: &str, times: u32) -> Result<String, String>;
    }
    impl<__S: super::Registry + 'static> __Host for __p::Direct<__S> {
        fn call(&mut self, to: &str, times: u32) -> Result<String, String> {
            let _ = (to, times);
            __p::needs_store("registry::call")
        }
    }
    impl<__S: super::Registry + 'static> __Host for __p::InStore<__S, __S> {
        fn call(&mut self, to: &str, times: u32) -> Result<String, String> {
            let mut __lent = __p::NativeLent::default();
            let to = __lent.lend::<str>(to, 0);
            <__S as super::Registry>::call(&mut self.context(&__lent), to, times)
        }
    }
    ::std::thread_local! {
        static __HOST : __p::HostSlot < dyn __Host > = const {
        __p::HostSlot::new("registry::with_host(&mut host, || ..)") };
    }
    /// Runs `f` with `host` answering [`Registry`]'s functions on this thread, for plugin code compiled natively (a unit test's mock host). Functions that take a `Context` need [`with_store`].
    pub fn with_host<__S: super::Registry + 'static, __R>(
        host: &mut __S,
        f: impl ::core::ops::FnOnce() -> __R,
    ) -> __R {
        __p::with_direct(&__HOST, host, |__h| __h, f)
    }
    /// Runs `f` with the state `get` projects from `store`'s data answering [`Registry`]'s functions on this thread, for plugin code compiled natively; functions that take a `Context` get one over the store.
    pub fn with_store<__S: super::Registry + 'static, __R>(
        mut store: impl __p::AsContextMut<Data = __S>,
        get: impl ::core::ops::Fn(
            &mut __S,
        ) -> &mut __S + ::core::marker::Send + ::core::marker::Sync,
        f: impl ::core::ops::FnOnce() -> __R,
    ) -> __R {
        __p::with_store(&__HOST, store.as_context_mut(), &get, |__h| __h, f)
    }
    /// Calls `echo` on plugin `to`.
    pub fn call(to: &str, times: u32) -> Result<String, String> {
        __p::HostSlot::call_host(&__HOST, "registry::call", |__h| __h.call(to, times))
    }
}
#[cfg(target_family = "wasm")]
/// The plugin side of [`Registry`]: the host's functions, safe to call.
#[allow(clippy::too_many_arguments)]
pub mod registry {
    #[allow(unused_imports)]
    use super::*;
    #[allow(unused_imports)]
    use ::wasmbind::__private as __p;
    /// Calls `echo` on plugin `to`.
    #[inline]
    pub fn call(to: &str, times: u32) -> Result<String, String> {
        #[link(wasm_import_module = "registry")]
        unsafe extern "C" {
            #[link_name = "call"]
            fn __import(
                __a0: __p::Core<&str>,
                __a1: __p::Core<u32>,
                __out: i64,
                __key: i64,
            ) -> __p::Core<Result<String, String>>;
        }
        let (__a0, __k0) = __p::import_arg(&to, "registry::call", "to");
        let (__a1, __k1) = __p::import_arg(&times, "registry::call", "times");
        let mut __area = __p::ResultArea::new();
        let __out = __area.out::<Result<String, String>>();
        let __result = unsafe { __import(__a0, __a1, __out, __p::instance_key()) };
        __p::import_ret(__result, &mut __area, "registry::call")
    }
    const __TEXT: &str = "wasmbind 2\nimports registry Registry\ncall fn(&str, u32) -> Result<String,String>\n";
    const __ROOTS: &[&__p::Shape] = &[
        <&'static str as __p::Describe>::SHAPE,
        <u32 as __p::Describe>::SHAPE,
        <Result<String, String> as __p::Describe>::SHAPE,
    ];
    #[unsafe(export_name = "wasmbind_imports_registry.Registry")]
    static __WASMBIND_RECORD: [u8; __p::record_size(__TEXT, __ROOTS)] = __p::record_bytes(
        __TEXT,
        __ROOTS,
    );
}
