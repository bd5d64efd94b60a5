// Input:
// #[wasmbind::host_fn(module = "files")]
// pub trait Files {
//     fn open(&mut self, path: &str) -> Result<Resource<File>, Trap>;
//     /// Reads up to `len` bytes.
//     fn read(&mut self, file: Resource<File>, len: u32) -> Vec<u8>;
//     #[host_fn(close)]
//     fn close(&mut self, file: Resource<File>);
// }

// Output:

pub trait Files {
    fn open(&mut self, path: &str) -> Result<Resource<File>, Trap>;
    /// Reads up to `len` bytes.
    fn read(&mut self, file: Resource<File>, len: u32) -> Vec<u8>;
    fn close(&mut self, file: Resource<File>);
}
#[cfg(not(target_family = "wasm"))]
/// [`Files`] off wasm: `add_to_linker` (or `add_to_linker_async`) registers a host's functions; the plugin side, compiled natively, calls the host installed with `with_host` or `with_store`.
#[allow(clippy::too_many_arguments)]
pub mod files {
    #[allow(unused_imports)]
    use super::*;
    #[allow(unused_imports)]
    use ::wasmbind::__private as __p;
    /// Registers every function of [`Files`] as the import module `files`; each call runs the method on the state `get` projects from the store's data. For stores called synchronously: an `async fn` runs to completion on the calling thread.
    pub fn add_to_linker<__T: 'static, __S: super::Files + 'static>(
        __linker: &mut __p::Linker<__T>,
        __get: impl ::core::ops::Fn(
            &mut __T,
        ) -> &mut __S + ::core::marker::Send + ::core::marker::Sync + ::core::marker::Copy + 'static,
    ) -> __p::wasmtime::Result<()> {
        __register(__linker, __get, __p::Wrap)
    }
    /// Registers every function of [`Files`] as the import module `files` with `func_wrap_async`, for stores whose plugins are called with the handles' `_async` methods: an `async fn` is awaited while the plugin waits, and a result of any length reaches the plugin.
    pub fn add_to_linker_async<
        __T: 'static + ::core::marker::Send,
        __S: super::Files + ::core::marker::Send + 'static,
    >(
        __linker: &mut __p::Linker<__T>,
        __get: impl ::core::ops::Fn(
            &mut __T,
        ) -> &mut __S + ::core::marker::Send + ::core::marker::Sync + ::core::marker::Copy + 'static,
    ) -> __p::wasmtime::Result<()> {
        __register(__linker, __get, __p::WrapAsync)
    }
    fn __register<__T: 'static, __S: super::Files + 'static>(
        __linker: &mut __p::Linker<__T>,
        __get: impl __p::Get<__T, __S>,
        __m: impl __p::Mode<__T>,
    ) -> __p::wasmtime::Result<()> {
        __m.register(__linker, &__INFO_OPEN, __get, __lift_open)?;
        __m.register(__linker, &__INFO_READ, __get, __lift_read)?;
        __m.register(__linker, &__INFO_CLOSE, __get, __lift_close)?;
        __linker.add_installer(__p::installer(&__HOST, __get, |__h| __h));
        __p::Result::Ok(())
    }
    const __INFO_OPEN: __p::HostFnInfo = __p::HostFnInfo::returning::<
        fn(&'static str) -> Result<Resource<File>, Trap>,
    >("files", "open", "fn(&str) -> Result<Resource<File>,Trap>", &["path"]);
    #[inline]
    fn __lift_open<__T: 'static, __S: super::Files + 'static>(
        __c: &mut __p::Caller<'_, __T>,
        __g: impl __p::Get<__T, __S>,
        (__a0, __out, __key): (__p::Core<&str>, i64, i64),
    ) -> __p::wasmtime::Result<__p::Lifted<Result<Resource<File>, Trap>>> {
        let (__m, mut __args, __d) = __p::host_enter(__c, &__INFO_OPEN, __key)?;
        let __a0 = __p::host_arg::<&str>(__a0, &mut __args, &__INFO_OPEN, 0)?;
        __p::Lifted::ok(<__S as super::Files>::open(__g(__d), __a0), __m, __out)
    }
    const __INFO_READ: __p::HostFnInfo = __p::HostFnInfo::returning::<
        fn(Resource<File>, u32) -> Vec<u8>,
    >("files", "read", "fn(Resource<File>, u32) -> Vec<u8>", &["file", "len"]);
    #[inline]
    fn __lift_read<__T: 'static, __S: super::Files + 'static>(
        __c: &mut __p::Caller<'_, __T>,
        __g: impl __p::Get<__T, __S>,
        (__a0, __a1, __out, __key): (__p::Core<Resource<File>>, __p::Core<u32>, i64, i64),
    ) -> __p::wasmtime::Result<__p::Lifted<Vec<u8>>> {
        let (__m, mut __args, __d) = __p::host_enter(__c, &__INFO_READ, __key)?;
        let __a0 = __p::host_arg::<Resource<File>>(__a0, &mut __args, &__INFO_READ, 0)?;
        let __a1 = __p::host_arg::<u32>(__a1, &mut __args, &__INFO_READ, 1)?;
        __p::Lifted::ok(<__S as super::Files>::read(__g(__d), __a0, __a1), __m, __out)
    }
    const __INFO_CLOSE: __p::HostFnInfo = __p::HostFnInfo::of::<
        fn(Resource<File>),
    >("files", "close", "fn(Resource<File>)", &["file"]);
    #[inline]
    fn __lift_close<__T: 'static, __S: super::Files + 'static>(
        __c: &mut __p::Caller<'_, __T>,
        __g: impl __p::Get<__T, __S>,
        (__a0, __key): (__p::Core<Resource<File>>, i64),
    ) -> __p::wasmtime::Result<__p::Lifted<()>> {
        let (__m, mut __args, __d) = __p::host_enter(__c, &__INFO_CLOSE, __key)?;
        let __a0 = __p::host_arg::<Resource<File>>(__a0, &mut __args, &__INFO_CLOSE, 0)?;
        __p::Lifted::ok(<__S as super::Files>::close(__g(__d), __a0), __m, 0)
    }
    #[doc(hidden)]
    pub trait __Host {
        fn open(&mut self, path: &str) -> Result<Resource<File>, Trap>;
        fn read(&mut self, file: Resource<File>, len: u32) -> Vec<u8>;
        fn close(&mut self, file: Resource<File>);
    }
    impl<__A: __p::Adapter<State: super::Files + 'static>> __Host for __A {
        fn open(&mut self, path: &str) -> Result<Resource<File>, Trap> {
            <__A::State as super::Files>::open(__A::state(self), path)
        }
        fn read(&mut self, file: Resource<File>, len: u32) -> Vec<u8> {
            <__A::State as super::Files>::read(__A::state(self), file, len)
        }
        fn close(&mut self, file: Resource<File>) {
            <__A::State as super::Files>::close(__A::state(self), file)
        }
    }
    ::std::thread_local! {
        static __HOST : __p::HostSlot < dyn __Host > = const {
        __p::HostSlot::new("files::with_host(&mut host, || ..)") };
    }
    /// Runs `f` with `host` answering [`Files`]'s functions on this thread, for plugin code compiled natively (a unit test's mock host). Functions that take a `Context` need [`with_store`].
    pub fn with_host<__S: super::Files + 'static, __R>(
        host: &mut __S,
        f: impl ::core::ops::FnOnce() -> __R,
    ) -> __R {
        __p::with_direct(&__HOST, host, |__h| __h, f)
    }
    /// Runs `f` with the state `get` projects from `store`'s data answering [`Files`]'s functions on this thread, for plugin code compiled natively; functions that take a `Context` get one over the store.
    pub fn with_store<__T: 'static, __S: super::Files + 'static, __R>(
        mut store: impl __p::AsContextMut<Data = __T>,
        get: impl ::core::ops::Fn(
            &mut __T,
        ) -> &mut __S + ::core::marker::Send + ::core::marker::Sync,
        f: impl ::core::ops::FnOnce() -> __R,
    ) -> __R {
        __p::with_store(&__HOST, store.as_context_mut(), &get, |__h| __h, f)
    }
    pub fn open(path: &str) -> Resource<File> {
        __p::HostSlot::call_host(&__HOST, "files::open", |__h| __h.open(path))
    }
    /// Reads up to `len` bytes.
    pub fn read(file: Resource<File>, len: u32) -> Vec<u8> {
        __p::HostSlot::call_host(&__HOST, "files::read", |__h| __h.read(file, len))
    }
    pub fn close(file: Resource<File>) {
        __p::HostSlot::call_host(&__HOST, "files::close", |__h| __h.close(file))
    }
    /// The functions of [`Files`] that take a `Resource<File>` first, as its methods (and an `Owned<File>`'s, through `Deref`).
    pub trait FileMethods {
        /// Reads up to `len` bytes.
        fn read(self, len: u32) -> Vec<u8>;
    }
    impl FileMethods for __p::Resource<File> {
        #[inline]
        fn read(self, len: u32) -> Vec<u8> {
            read(self, len)
        }
    }
    impl __p::Close for File {
        fn close(handle: __p::Resource<File>) {
            if !__p::HostSlot::installed(&__HOST) {
                return;
            }
            let _ = close(handle);
        }
    }
}
#[cfg(target_family = "wasm")]
/// The plugin side of [`Files`]: the host's functions, safe to call.
#[allow(clippy::too_many_arguments)]
pub mod files {
    #[allow(unused_imports)]
    use super::*;
    #[allow(unused_imports)]
    use ::wasmbind::__private as __p;
    #[inline]
    pub fn open(path: &str) -> Resource<File> {
        #[link(wasm_import_module = "files")]
        unsafe extern "C" {
            #[link_name = "open"]
            fn __import(
                __a0: __p::Core<&str>,
                __out: i64,
                __key: i64,
            ) -> __p::Core<Result<Resource<File>, Trap>>;
        }
        let (__a0, __k0) = __p::import_arg(&path, "files::open", "path");
        let mut __area = __p::ResultArea::new();
        let __out = __area.out::<Result<Resource<File>, Trap>>();
        let __result = unsafe { __import(__a0, __out, __p::instance_key()) };
        __p::import_ret(__result, &mut __area, "files::open")
    }
    /// Reads up to `len` bytes.
    #[inline]
    pub fn read(file: Resource<File>, len: u32) -> Vec<u8> {
        #[link(wasm_import_module = "files")]
        unsafe extern "C" {
            #[link_name = "read"]
            fn __import(
                __a0: __p::Core<Resource<File>>,
                __a1: __p::Core<u32>,
                __out: i64,
                __key: i64,
            ) -> __p::Core<Vec<u8>>;
        }
        let (__a0, __k0) = __p::import_arg(&file, "files::read", "file");
        let (__a1, __k1) = __p::import_arg(&len, "files::read", "len");
        let mut __area = __p::ResultArea::new();
        let __out = __area.out::<Vec<u8>>();
        let __result = unsafe { __import(__a0, __a1, __out, __p::instance_key()) };
        __p::import_ret(__result, &mut __area, "files::read")
    }
    #[inline]
    pub fn close(file: Resource<File>) {
        #[link(wasm_import_module = "files")]
        unsafe extern "C" {
            #[link_name = "close"]
            fn __import(__a0: __p::Core<Resource<File>>, __key: i64);
        }
        let (__a0, __k0) = __p::import_arg(&file, "files::close", "file");
        unsafe { __import(__a0, __p::instance_key()) }
    }
    /// The functions of [`Files`] that take a `Resource<File>` first, as its methods (and an `Owned<File>`'s, through `Deref`).
    pub trait FileMethods {
        /// Reads up to `len` bytes.
        fn read(self, len: u32) -> Vec<u8>;
    }
    impl FileMethods for __p::Resource<File> {
        #[inline]
        fn read(self, len: u32) -> Vec<u8> {
            read(self, len)
        }
    }
    impl __p::Close for File {
        fn close(handle: __p::Resource<File>) {
            let _ = close(handle);
        }
    }
    const __TEXT: &str = "wasmbind 2\nimports files Files\nopen fn(&str) -> Result<Resource<File>,Trap>\nread fn(Resource<File>, u32) -> Vec<u8>\nclose fn(Resource<File>)\n";
    const __ROOTS: &[&__p::Shape] = &[
        <&'static str as __p::Describe>::SHAPE,
        <Result<Resource<File>, Trap> as __p::Describe>::SHAPE,
        <Resource<File> as __p::Describe>::SHAPE,
        <u32 as __p::Describe>::SHAPE,
        <Vec<u8> as __p::Describe>::SHAPE,
    ];
    #[unsafe(export_name = "wasmbind_imports_files.Files")]
    static __WASMBIND_RECORD: [u8; __p::record_size(__TEXT, __ROOTS)] = __p::record_bytes(
        __TEXT,
        __ROOTS,
    );
}
