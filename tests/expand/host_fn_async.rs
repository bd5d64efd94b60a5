// Input:
// #[wasmbind::host_fn(module = "io")]
// pub trait Io {
//     /// Reads `key`; the plugin waits while the host awaits.
//     async fn read(&mut self, key: &str) -> Option<String>;
//     fn log(&mut self, line: &str);
// }

// Output:

pub trait Io {
    /// Reads `key`; the plugin waits while the host awaits.
    fn read(
        &mut self,
        key: &str,
    ) -> impl ::core::future::Future<Output = Option<String>> + ::core::marker::Send;
    fn log(&mut self, line: &str);
}
#[cfg(not(target_family = "wasm"))]
/// [`Io`] off wasm: `add_to_linker` (or `add_to_linker_async`) registers a host's functions; the plugin side, compiled natively, calls the host installed with `with_host` or `with_store`.
#[allow(clippy::too_many_arguments)]
pub mod io {
    #[allow(unused_imports)]
    use super::*;
    #[allow(unused_imports)]
    use ::wasmbind::__private as __p;
    /// Registers every function of [`Io`] as the import module `io`; each call runs the method on the state `get` projects from the store's data. For stores called synchronously: an `async fn` runs to completion on the calling thread.
    pub fn add_to_linker<__T: 'static, __S: super::Io + 'static>(
        __linker: &mut __p::Linker<__T>,
        __get: impl ::core::ops::Fn(
            &mut __T,
        ) -> &mut __S + ::core::marker::Send + ::core::marker::Sync + ::core::marker::Copy + 'static,
    ) -> __p::wasmtime::Result<()> {
        __p::register_fn(
            __linker,
            &__INFO_READ,
            move |__c, __p| __p::Result::Ok(__lift_read(__c, __get, __p)?.block_on()),
        )?;
        __p::register_fn(
            __linker,
            &__INFO_LOG,
            move |__c, __p| __lift_log(__c, __get, __p),
        )?;
        __linker.add_installer(__p::installer(&__HOST, __get, |__h| __h));
        __p::Result::Ok(())
    }
    /// Registers every function of [`Io`] as the import module `io` with `func_wrap_async`, for stores whose plugins are called with the handles' `_async` methods: an `async fn` is awaited while the plugin waits, and a result of any length reaches the plugin.
    pub fn add_to_linker_async<
        __T: 'static + ::core::marker::Send,
        __S: super::Io + ::core::marker::Send + 'static,
    >(
        __linker: &mut __p::Linker<__T>,
        __get: impl ::core::ops::Fn(
            &mut __T,
        ) -> &mut __S + ::core::marker::Send + ::core::marker::Sync + ::core::marker::Copy + 'static,
    ) -> __p::wasmtime::Result<()> {
        __p::register_future(
            __linker,
            &__INFO_READ,
            move |mut __caller, __p| __p::host_async(async move {
                let (__lifted, __future) = __lift_read(&mut __caller, __get, __p)?
                    .split();
                let __result = __future.await;
                __lifted.with(__result).ret_async(&mut __caller, &__INFO_READ).await
            }),
        )?;
        __p::register_fn_async(
            __linker,
            &__INFO_LOG,
            move |__c, __p| __lift_log(__c, __get, __p),
        )?;
        __linker.add_installer(__p::installer(&__HOST, __get, |__h| __h));
        __p::Result::Ok(())
    }
    const __INFO_READ: __p::HostFnInfo = __p::HostFnInfo::returning::<
        fn(&'static str) -> Option<String>,
    >("io", "read", "fn(&str) -> Option<String>", &["key"]);
    #[inline]
    fn __lift_read<'__c, __T: 'static, __S: super::Io + 'static>(
        __c: &'__c mut __p::Caller<'_, __T>,
        __g: impl __p::Get<__T, __S>,
        (__a0, __out, __key): (__p::Core<&str>, i64, i64),
    ) -> __p::wasmtime::Result<
        __p::Lifted<impl ::core::future::Future<Output = Option<String>> + '__c>,
    > {
        let (__m, mut __args, __d) = __p::host_enter(__c, &__INFO_READ, __key)?;
        let __a0 = __p::host_arg::<&str>(__a0, &mut __args, &__INFO_READ, 0)?;
        __p::Lifted::ok(<__S as super::Io>::read(__g(__d), __a0), __m, __out)
    }
    const __INFO_LOG: __p::HostFnInfo = __p::HostFnInfo::of::<
        fn(&'static str),
    >("io", "log", "fn(&str)", &["line"]);
    #[inline]
    fn __lift_log<__T: 'static, __S: super::Io + 'static>(
        __c: &mut __p::Caller<'_, __T>,
        __g: impl __p::Get<__T, __S>,
        (__a0, __key): (__p::Core<&str>, i64),
    ) -> __p::wasmtime::Result<__p::Lifted<()>> {
        let (__m, mut __args, __d) = __p::host_enter(__c, &__INFO_LOG, __key)?;
        let __a0 = __p::host_arg::<&str>(__a0, &mut __args, &__INFO_LOG, 0)?;
        __p::Lifted::ok(<__S as super::Io>::log(__g(__d), __a0), __m, 0)
    }
    #[doc(hidden)]
    pub trait __Host {
        fn read(&mut self, key: &str) -> Option<String>;
        fn log(&mut self, line: &str);
    }
    impl<__A: __p::Adapter<State: super::Io + 'static>> __Host for __A {
        fn read(&mut self, key: &str) -> Option<String> {
            __p::block_on(<__A::State as super::Io>::read(__A::state(self), key))
        }
        fn log(&mut self, line: &str) {
            <__A::State as super::Io>::log(__A::state(self), line)
        }
    }
    ::std::thread_local! {
        static __HOST : __p::HostSlot < dyn __Host > = const {
        __p::HostSlot::new("io::with_host(&mut host, || ..)") };
    }
    /// Runs `f` with `host` answering [`Io`]'s functions on this thread, for plugin code compiled natively (a unit test's mock host). Functions that take a `Context` need [`with_store`].
    pub fn with_host<__S: super::Io + 'static, __R>(
        host: &mut __S,
        f: impl ::core::ops::FnOnce() -> __R,
    ) -> __R {
        __p::with_direct(&__HOST, host, |__h| __h, f)
    }
    /// Runs `f` with the state `get` projects from `store`'s data answering [`Io`]'s functions on this thread, for plugin code compiled natively; functions that take a `Context` get one over the store.
    pub fn with_store<__T: 'static, __S: super::Io + 'static, __R>(
        mut store: impl __p::AsContextMut<Data = __T>,
        get: impl ::core::ops::Fn(
            &mut __T,
        ) -> &mut __S + ::core::marker::Send + ::core::marker::Sync,
        f: impl ::core::ops::FnOnce() -> __R,
    ) -> __R {
        __p::with_store(&__HOST, store.as_context_mut(), &get, |__h| __h, f)
    }
    /// Reads `key`; the plugin waits while the host awaits.
    pub fn read(key: &str) -> Option<String> {
        __p::HostSlot::call_host(&__HOST, "io::read", |__h| __h.read(key))
    }
    pub fn log(line: &str) {
        __p::HostSlot::call_host(&__HOST, "io::log", |__h| __h.log(line))
    }
}
#[cfg(target_family = "wasm")]
/// The plugin side of [`Io`]: the host's functions, safe to call.
#[allow(clippy::too_many_arguments)]
pub mod io {
    #[allow(unused_imports)]
    use super::*;
    #[allow(unused_imports)]
    use ::wasmbind::__private as __p;
    /// Reads `key`; the plugin waits while the host awaits.
    #[inline]
    pub fn read(key: &str) -> Option<String> {
        #[link(wasm_import_module = "io")]
        unsafe extern "C" {
            #[link_name = "read"]
            fn __import(
                __a0: __p::Core<&str>,
                __out: i64,
                __key: i64,
            ) -> __p::Core<Option<String>>;
        }
        let (__a0, __k0) = __p::import_arg(&key, "io::read", "key");
        let mut __area = __p::ResultArea::new();
        let __out = __area.out::<Option<String>>();
        let __result = unsafe { __import(__a0, __out, __p::instance_key()) };
        __p::import_ret(__result, &mut __area, "io::read")
    }
    #[inline]
    pub fn log(line: &str) {
        #[link(wasm_import_module = "io")]
        unsafe extern "C" {
            #[link_name = "log"]
            fn __import(__a0: __p::Core<&str>, __key: i64);
        }
        let (__a0, __k0) = __p::import_arg(&line, "io::log", "line");
        unsafe { __import(__a0, __p::instance_key()) }
    }
    const __TEXT: &str = "wasmbind 2\nimports io Io\nread fn(&str) -> Option<String>\nlog fn(&str)\n";
    const __ROOTS: &[&__p::Shape] = &[
        <&'static str as __p::Describe>::SHAPE,
        <Option<String> as __p::Describe>::SHAPE,
    ];
    #[unsafe(export_name = "wasmbind_imports_io.Io")]
    static __WASMBIND_RECORD: [u8; __p::record_size(__TEXT, __ROOTS)] = __p::record_bytes(
        __TEXT,
        __ROOTS,
    );
}
