// Input:
// #[wasmbind::host_fn(module = "env")]
// pub trait Env {
//     /// Appends a line to the host's log.
//     fn log(&mut self, msg: &str);
//     fn shared_value(&self) -> i32;
//     /// A setting; an `Err` stops the plugin, whose side returns the `String`.
//     fn require(&mut self, key: &str) -> Result<String, wasmbind::Trap>;
// }

// Output:

pub trait Env {
    /// Appends a line to the host's log.
    fn log(&mut self, msg: &str);
    fn shared_value(&self) -> i32;
    /// A setting; an `Err` stops the plugin, whose side returns the `String`.
    fn require(&mut self, key: &str) -> Result<String, wasmbind::Trap>;
}
#[cfg(not(target_family = "wasm"))]
/// [`Env`] off wasm: `add_to_linker` (or `add_to_linker_async`) registers a host's functions; the plugin side, compiled natively, calls the host installed with `with_host` or `with_store`.
#[allow(clippy::too_many_arguments)]
pub mod env {
    #[allow(unused_imports)]
    use super::*;
    #[allow(unused_imports)]
    use ::wasmbind::__private as __p;
    /// Registers every function of [`Env`] as the import module `env`; each call runs the method on the state `get` projects from the store's data. For stores called synchronously: an `async fn` runs to completion on the calling thread.
    pub fn add_to_linker<__T: 'static, __S: super::Env + 'static>(
        __linker: &mut __p::Linker<__T>,
        __get: impl ::core::ops::Fn(
            &mut __T,
        ) -> &mut __S + ::core::marker::Send + ::core::marker::Sync + ::core::marker::Copy + 'static,
    ) -> __p::wasmtime::Result<()> {
        __register(__linker, __get, __p::Wrap)
    }
    /// Registers every function of [`Env`] as the import module `env` with `func_wrap_async`, for stores whose plugins are called with the handles' `_async` methods: an `async fn` is awaited while the plugin waits, and a result of any length reaches the plugin.
    pub fn add_to_linker_async<
        __T: 'static + ::core::marker::Send,
        __S: super::Env + ::core::marker::Send + 'static,
    >(
        __linker: &mut __p::Linker<__T>,
        __get: impl ::core::ops::Fn(
            &mut __T,
        ) -> &mut __S + ::core::marker::Send + ::core::marker::Sync + ::core::marker::Copy + 'static,
    ) -> __p::wasmtime::Result<()> {
        __register(__linker, __get, __p::WrapAsync)
    }
    fn __register<__T: 'static, __S: super::Env + 'static>(
        __linker: &mut __p::Linker<__T>,
        __get: impl __p::Get<__T, __S>,
        __m: impl __p::Mode<__T>,
    ) -> __p::wasmtime::Result<()> {
        __m.register(__linker, &__INFO_LOG, __get, __lift_log)?;
        __m.register(__linker, &__INFO_SHARED_VALUE, __get, __lift_shared_value)?;
        __m.register(__linker, &__INFO_REQUIRE, __get, __lift_require)?;
        __linker.add_installer(__p::installer(&__HOST, __get, |__h| __h));
        __p::Result::Ok(())
    }
    const __INFO_LOG: __p::HostFnInfo = __p::HostFnInfo::of::<
        fn(&'static str),
    >("env", "log", "fn(&str)", &["msg"]);
    #[inline]
    fn __lift_log<__T: 'static, __S: super::Env + 'static>(
        __c: &mut __p::Caller<'_, __T>,
        __g: impl __p::Get<__T, __S>,
        (__a0, __key): (__p::Core<&str>, i64),
    ) -> __p::wasmtime::Result<__p::Lifted<()>> {
        let (__m, mut __args, __d) = __p::host_enter(__c, &__INFO_LOG, __key)?;
        let __a0 = __p::host_arg::<&str>(__a0, &mut __args, &__INFO_LOG, 0)?;
        __p::Lifted::ok(<__S as super::Env>::log(__g(__d), __a0), __m, 0)
    }
    const __INFO_SHARED_VALUE: __p::HostFnInfo = __p::HostFnInfo::returning::<
        fn() -> i32,
    >("env", "shared_value", "fn() -> i32", &[]);
    #[inline]
    fn __lift_shared_value<__T: 'static, __S: super::Env + 'static>(
        __c: &mut __p::Caller<'_, __T>,
        __g: impl __p::Get<__T, __S>,
        (__out, __key): (i64, i64),
    ) -> __p::wasmtime::Result<__p::Lifted<i32>> {
        let (__m, _, __d) = __p::host_enter(__c, &__INFO_SHARED_VALUE, __key)?;
        __p::Lifted::ok(<__S as super::Env>::shared_value(__g(__d)), __m, __out)
    }
    const __INFO_REQUIRE: __p::HostFnInfo = __p::HostFnInfo::returning::<
        fn(&'static str) -> Result<String, wasmbind::Trap>,
    >("env", "require", "fn(&str) -> Result<String,Trap>", &["key"]);
    #[inline]
    fn __lift_require<__T: 'static, __S: super::Env + 'static>(
        __c: &mut __p::Caller<'_, __T>,
        __g: impl __p::Get<__T, __S>,
        (__a0, __out, __key): (__p::Core<&str>, i64, i64),
    ) -> __p::wasmtime::Result<__p::Lifted<Result<String, wasmbind::Trap>>> {
        let (__m, mut __args, __d) = __p::host_enter(__c, &__INFO_REQUIRE, __key)?;
        let __a0 = __p::host_arg::<&str>(__a0, &mut __args, &__INFO_REQUIRE, 0)?;
        __p::Lifted::ok(<__S as super::Env>::require(__g(__d), __a0), __m, __out)
    }
    #[doc(hidden)]
    pub trait __Host {
        fn log(&mut self, msg: &str);
        fn shared_value(&mut self) -> i32;
        fn require(&mut self, key: &str) -> Result<String, wasmbind::Trap>;
    }
    impl<__A: __p::Adapter<State: super::Env + 'static>> __Host for __A {
        fn log(&mut self, msg: &str) {
            <__A::State as super::Env>::log(__A::state(self), msg)
        }
        fn shared_value(&mut self) -> i32 {
            <__A::State as super::Env>::shared_value(__A::state(self))
        }
        fn require(&mut self, key: &str) -> Result<String, wasmbind::Trap> {
            <__A::State as super::Env>::require(__A::state(self), key)
        }
    }
    ::std::thread_local! {
        static __HOST : __p::HostSlot < dyn __Host > = const {
        __p::HostSlot::new("env::with_host(&mut host, || ..)") };
    }
    /// Runs `f` with `host` answering [`Env`]'s functions on this thread, for plugin code compiled natively (a unit test's mock host). Functions that take a `Context` need [`with_store`].
    pub fn with_host<__S: super::Env + 'static, __R>(
        host: &mut __S,
        f: impl ::core::ops::FnOnce() -> __R,
    ) -> __R {
        __p::with_direct(&__HOST, host, |__h| __h, f)
    }
    /// Runs `f` with the state `get` projects from `store`'s data answering [`Env`]'s functions on this thread, for plugin code compiled natively; functions that take a `Context` get one over the store.
    pub fn with_store<__T: 'static, __S: super::Env + 'static, __R>(
        mut store: impl __p::AsContextMut<Data = __T>,
        get: impl ::core::ops::Fn(
            &mut __T,
        ) -> &mut __S + ::core::marker::Send + ::core::marker::Sync,
        f: impl ::core::ops::FnOnce() -> __R,
    ) -> __R {
        __p::with_store(&__HOST, store.as_context_mut(), &get, |__h| __h, f)
    }
    /// Appends a line to the host's log.
    pub fn log(msg: &str) {
        __p::HostSlot::call_host(&__HOST, "env::log", |__h| __h.log(msg))
    }
    pub fn shared_value() -> i32 {
        __p::HostSlot::call_host(&__HOST, "env::shared_value", |__h| __h.shared_value())
    }
    /// A setting; an `Err` stops the plugin, whose side returns the `String`.
    pub fn require(key: &str) -> String {
        __p::HostSlot::call_host(&__HOST, "env::require", |__h| __h.require(key))
    }
}
#[cfg(target_family = "wasm")]
/// The plugin side of [`Env`]: the host's functions, safe to call.
#[allow(clippy::too_many_arguments)]
pub mod env {
    #[allow(unused_imports)]
    use super::*;
    #[allow(unused_imports)]
    use ::wasmbind::__private as __p;
    /// Appends a line to the host's log.
    #[inline]
    pub fn log(msg: &str) {
        #[link(wasm_import_module = "env")]
        unsafe extern "C" {
            #[link_name = "log"]
            fn __import(__a0: __p::Core<&str>, __key: i64);
        }
        let (__a0, __k0) = __p::import_arg(&msg, "env::log", "msg");
        unsafe { __import(__a0, __p::instance_key()) }
    }
    #[inline]
    pub fn shared_value() -> i32 {
        #[link(wasm_import_module = "env")]
        unsafe extern "C" {
            #[link_name = "shared_value"]
            fn __import(__out: i64, __key: i64) -> __p::Core<i32>;
        }
        let mut __area = __p::ResultArea::new();
        let __out = __area.out::<i32>();
        let __result = unsafe { __import(__out, __p::instance_key()) };
        __p::import_ret(__result, &mut __area, "env::shared_value")
    }
    /// A setting; an `Err` stops the plugin, whose side returns the `String`.
    #[inline]
    pub fn require(key: &str) -> String {
        #[link(wasm_import_module = "env")]
        unsafe extern "C" {
            #[link_name = "require"]
            fn __import(
                __a0: __p::Core<&str>,
                __out: i64,
                __key: i64,
            ) -> __p::Core<Result<String, wasmbind::Trap>>;
        }
        let (__a0, __k0) = __p::import_arg(&key, "env::require", "key");
        let mut __area = __p::ResultArea::new();
        let __out = __area.out::<Result<String, wasmbind::Trap>>();
        let __result = unsafe { __import(__a0, __out, __p::instance_key()) };
        __p::import_ret(__result, &mut __area, "env::require")
    }
    const __TEXT: &str = "wasmbind 2\nimports env Env\nlog fn(&str)\nshared_value fn() -> i32\nrequire fn(&str) -> Result<String,Trap>\n";
    const __ROOTS: &[&__p::Shape] = &[
        <&'static str as __p::Describe>::SHAPE,
        <i32 as __p::Describe>::SHAPE,
        <Result<String, wasmbind::Trap> as __p::Describe>::SHAPE,
    ];
    #[unsafe(export_name = "wasmbind_imports_env.Env")]
    static __WASMBIND_RECORD: [u8; __p::record_size(__TEXT, __ROOTS)] = __p::record_bytes(
        __TEXT,
        __ROOTS,
    );
}
