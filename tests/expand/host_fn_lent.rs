// Input:
// #[wasmbind::host_fn(module = "kv")]
// pub trait Kv {
//     /// The value stored under `key`, lent from the state.
//     fn get(&mut self, key: &str) -> &str;
//     fn blob(&self) -> &'static [u8];
// }

// Output:

pub trait Kv {
    /// The value stored under `key`, lent from the state.
    fn get(&mut self, key: &str) -> &str;
    fn blob(&self) -> &'static [u8];
}
#[cfg(not(target_family = "wasm"))]
/// [`Kv`] off wasm: `add_to_linker` (or `add_to_linker_async`) registers a host's functions; the plugin side, compiled natively, calls the host installed with `with_host` or `with_store`.
#[allow(clippy::too_many_arguments)]
pub mod kv {
    #[allow(unused_imports)]
    use super::*;
    #[allow(unused_imports)]
    use ::wasmbind::__private as __p;
    /// Registers every function of [`Kv`] as the import module `kv`; each call runs the method on the state `get` projects from the store's data. For stores called synchronously: an `async fn` runs to completion on the calling thread.
    pub fn add_to_linker<__T: 'static, __S: super::Kv + 'static>(
        __linker: &mut __p::Linker<__T>,
        __get: impl ::core::ops::Fn(
            &mut __T,
        ) -> &mut __S + ::core::marker::Send + ::core::marker::Sync + ::core::marker::Copy + 'static,
    ) -> __p::wasmtime::Result<()> {
        __register(__linker, __get, __p::Wrap)
    }
    /// Registers every function of [`Kv`] as the import module `kv` with `func_wrap_async`, for stores whose plugins are called with the handles' `_async` methods: an `async fn` is awaited while the plugin waits, and a result of any length reaches the plugin.
    pub fn add_to_linker_async<
        __T: 'static + ::core::marker::Send,
        __S: super::Kv + ::core::marker::Send + 'static,
    >(
        __linker: &mut __p::Linker<__T>,
        __get: impl ::core::ops::Fn(
            &mut __T,
        ) -> &mut __S + ::core::marker::Send + ::core::marker::Sync + ::core::marker::Copy + 'static,
    ) -> __p::wasmtime::Result<()> {
        __register(__linker, __get, __p::WrapAsync)
    }
    fn __register<__T: 'static, __S: super::Kv + 'static>(
        __linker: &mut __p::Linker<__T>,
        __get: impl __p::Get<__T, __S>,
        __m: impl __p::Mode<__T>,
    ) -> __p::wasmtime::Result<()> {
        __m.register(__linker, &__INFO_GET, __get, __lift_get)?;
        __m.register(__linker, &__INFO_BLOB, __get, __lift_blob)?;
        __linker.add_installer(__p::installer(&__HOST, __get, |__h| __h));
        __p::Result::Ok(())
    }
    const __INFO_GET: __p::HostFnInfo = __p::HostFnInfo::returning::<
        fn(&'static str) -> ::std::string::String,
    >("kv", "get", "fn(&str) -> String", &["key"]);
    #[inline]
    fn __lift_get<__T: 'static, __S: super::Kv + 'static>(
        __c: &mut __p::Caller<'_, __T>,
        __g: impl __p::Get<__T, __S>,
        (__a0, __out, __key): (__p::Core<&str>, i64, i64),
    ) -> __p::wasmtime::Result<__p::Lifted<__p::Placed>> {
        let (__m, mut __r, __d) = __p::host_enter_lent(__c, &__INFO_GET, __key)?;
        let mut __args = __r.args();
        let __a0 = __p::host_arg::<&str>(__a0, &mut __args, &__INFO_GET, 0)?;
        let __v = <__S as super::Kv>::get(__g(__d), __a0);
        __r.place(__v, __m, __out, &__INFO_GET)
    }
    const __INFO_BLOB: __p::HostFnInfo = __p::HostFnInfo::returning::<
        fn() -> ::std::vec::Vec<u8>,
    >("kv", "blob", "fn() -> Vec<u8>", &[]);
    #[inline]
    fn __lift_blob<__T: 'static, __S: super::Kv + 'static>(
        __c: &mut __p::Caller<'_, __T>,
        __g: impl __p::Get<__T, __S>,
        (__out, __key): (i64, i64),
    ) -> __p::wasmtime::Result<__p::Lifted<__p::Placed>> {
        let (__m, mut __r, __d) = __p::host_enter_lent(__c, &__INFO_BLOB, __key)?;
        let __v = <__S as super::Kv>::blob(__g(__d));
        __r.place(__v, __m, __out, &__INFO_BLOB)
    }
    #[doc(hidden)]
    pub trait __Host {
        fn get(&mut self, key: &str) -> &str;
        fn blob(&mut self) -> &[u8];
    }
    impl<__A: __p::Adapter<State: super::Kv + 'static>> __Host for __A {
        fn get(&mut self, key: &str) -> &str {
            <__A::State as super::Kv>::get(__A::state(self), key)
        }
        fn blob(&mut self) -> &[u8] {
            <__A::State as super::Kv>::blob(__A::state(self))
        }
    }
    ::std::thread_local! {
        static __HOST : __p::HostSlot < dyn __Host > = const {
        __p::HostSlot::new("kv::with_host(&mut host, || ..)") };
    }
    /// Runs `f` with `host` answering [`Kv`]'s functions on this thread, for plugin code compiled natively (a unit test's mock host). Functions that take a `Context` need [`with_store`].
    pub fn with_host<__S: super::Kv + 'static, __R>(
        host: &mut __S,
        f: impl ::core::ops::FnOnce() -> __R,
    ) -> __R {
        __p::with_direct(&__HOST, host, |__h| __h, f)
    }
    /// Runs `f` with the state `get` projects from `store`'s data answering [`Kv`]'s functions on this thread, for plugin code compiled natively; functions that take a `Context` get one over the store.
    pub fn with_store<__T: 'static, __S: super::Kv + 'static, __R>(
        mut store: impl __p::AsContextMut<Data = __T>,
        get: impl ::core::ops::Fn(
            &mut __T,
        ) -> &mut __S + ::core::marker::Send + ::core::marker::Sync,
        f: impl ::core::ops::FnOnce() -> __R,
    ) -> __R {
        __p::with_store(&__HOST, store.as_context_mut(), &get, |__h| __h, f)
    }
    /// The value stored under `key`, lent from the state.
    pub fn get(key: &str) -> ::std::string::String {
        __p::HostSlot::call_host(
            &__HOST,
            "kv::get",
            |__h| ::std::borrow::ToOwned::to_owned(__h.get(key)),
        )
    }
    pub fn blob() -> ::std::vec::Vec<u8> {
        __p::HostSlot::call_host(
            &__HOST,
            "kv::blob",
            |__h| ::std::borrow::ToOwned::to_owned(__h.blob()),
        )
    }
}
#[cfg(target_family = "wasm")]
/// The plugin side of [`Kv`]: the host's functions, safe to call.
#[allow(clippy::too_many_arguments)]
pub mod kv {
    #[allow(unused_imports)]
    use super::*;
    #[allow(unused_imports)]
    use ::wasmbind::__private as __p;
    /// The value stored under `key`, lent from the state.
    #[inline]
    pub fn get(key: &str) -> ::std::string::String {
        #[link(wasm_import_module = "kv")]
        unsafe extern "C" {
            #[link_name = "get"]
            fn __import(
                __a0: __p::Core<&str>,
                __out: i64,
                __key: i64,
            ) -> __p::Core<::std::string::String>;
        }
        let (__a0, __k0) = __p::import_arg(&key, "kv::get", "key");
        let mut __area = __p::ResultArea::new();
        let __out = __area.out::<::std::string::String>();
        let __result = unsafe { __import(__a0, __out, __p::instance_key()) };
        __p::import_ret(__result, &mut __area, "kv::get")
    }
    #[inline]
    pub fn blob() -> ::std::vec::Vec<u8> {
        #[link(wasm_import_module = "kv")]
        unsafe extern "C" {
            #[link_name = "blob"]
            fn __import(__out: i64, __key: i64) -> __p::Core<::std::vec::Vec<u8>>;
        }
        let mut __area = __p::ResultArea::new();
        let __out = __area.out::<::std::vec::Vec<u8>>();
        let __result = unsafe { __import(__out, __p::instance_key()) };
        __p::import_ret(__result, &mut __area, "kv::blob")
    }
    const __TEXT: &str = "wasmbind 2\nimports kv Kv\nget fn(&str) -> String\nblob fn() -> Vec<u8>\n";
    const __ROOTS: &[&__p::Shape] = &[
        <&'static str as __p::Describe>::SHAPE,
        <::std::string::String as __p::Describe>::SHAPE,
        <::std::vec::Vec<u8> as __p::Describe>::SHAPE,
    ];
    #[unsafe(export_name = "wasmbind_imports_kv.Kv")]
    static __WASMBIND_RECORD: [u8; __p::record_size(__TEXT, __ROOTS)] = __p::record_bytes(
        __TEXT,
        __ROOTS,
    );
}
