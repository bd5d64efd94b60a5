// Input:
// #[wasmbind::plugin_export(object)]
// pub trait Parser {
//     fn new(config: &str) -> Self;
//     fn feed(&mut self, chunk: &str) -> u32;
//     fn finish(self) -> Vec<String>;
//     fn version() -> u32;
// }

// Output:

pub trait Parser {
    fn new(config: &str) -> Self;
    fn feed(&mut self, chunk: &str) -> u32;
    fn finish(self) -> Vec<String>;
    fn version() -> u32;
    #[doc(hidden)]
    const __WASMBIND_EXPORTS: &'static str = __WASMBIND_PARSER;
}
#[doc(hidden)]
const __WASMBIND_PARSER: &str = {
    const __TEXT: &str = "wasmbind 2\nexports Parser\nnew fn(&str) -> Resource<ParserObject>\nfeed fn(Resource<ParserObject>, &str) -> u32\nfinish fn(Resource<ParserObject>) -> Vec<String>\nversion fn() -> u32\ndrop fn(Resource<ParserObject>)\n";
    const __ROOTS: &[&::wasmbind::__private::Shape] = &[
        <&'static str as ::wasmbind::__private::Describe>::SHAPE,
        <::wasmbind::__private::PluginObject<
            ParserObject,
        > as ::wasmbind::__private::Describe>::SHAPE,
        <u32 as ::wasmbind::__private::Describe>::SHAPE,
        <Vec<String> as ::wasmbind::__private::Describe>::SHAPE,
    ];
    const __BYTES: [u8; ::wasmbind::__private::record_size(__TEXT, __ROOTS)] = ::wasmbind::__private::record_bytes(
        __TEXT,
        __ROOTS,
    );
    ::wasmbind::__private::record_text(&__BYTES)
};
/// A plugin implementing the object type [`Parser`]: its constructors (which return a [`ParserObject`]) and static functions. Create it with [`Handle::instantiate`](::wasmbind::__private::Handle::instantiate).
#[cfg(not(target_family = "wasm"))]
#[derive(::core::clone::Clone, ::core::fmt::Debug)]
pub struct ParserPlugin {
    __plugin: ::wasmbind::__private::Plugin,
    __e: ::std::sync::Arc<ParserPluginExports>,
}
/// One [`Parser`] object a plugin made and owns: its methods, called through the plugin that made it. Closing it ([`ParserObject::close`]) runs the plugin's destructor; dropping it queues the destructor for the plugin's next call. A method taking `self` consumes it.
#[cfg(not(target_family = "wasm"))]
#[derive(::core::fmt::Debug)]
pub struct ParserObject {
    __handle: ParserPlugin,
    __this: ::wasmbind::__private::PluginObject<ParserObject>,
    __live: bool,
}
/// What the records name the object by on the plugin side, where
/// the host's handle does not exist.
#[doc(hidden)]
#[cfg(target_family = "wasm")]
pub enum ParserObject {}
#[doc(hidden)]
#[cfg(not(target_family = "wasm"))]
#[derive(::core::fmt::Debug)]
pub struct ParserPluginExports {
    new: ::wasmbind::__private::Export<
        fn(&'static str) -> ::wasmbind::__private::PluginObject<ParserObject>,
    >,
    feed: ::wasmbind::__private::Export<
        fn(::wasmbind::__private::PluginObject<ParserObject>, &'static str) -> u32,
    >,
    finish: ::wasmbind::__private::Export<
        fn(::wasmbind::__private::PluginObject<ParserObject>) -> Vec<String>,
    >,
    version: ::wasmbind::__private::Export<fn() -> u32>,
    drop: ::wasmbind::__private::Export<
        fn(::wasmbind::__private::PluginObject<ParserObject>),
    >,
}
#[cfg(not(target_family = "wasm"))]
#[allow(clippy::too_many_arguments)]
const _: () = {
    use ::wasmbind::__private as __p;
    impl __p::Handle for ParserPlugin {
        const RECORD: &'static str = __WASMBIND_PARSER;
        const NAME: &'static str = "parser";
        fn bind<__T>(__b: &mut __p::Binder<__T>) -> __p::Result<Self, __p::Error> {
            let __e = ::std::sync::Arc::new(ParserPluginExports {
                new: __b.export("new", &["config"])?,
                feed: __b.export("feed", &["this", "chunk"])?,
                finish: __b.export("finish", &["this"])?,
                version: __b.export("version", &[])?,
                drop: __b.export("drop", &["this"])?,
            });
            __p::Result::Ok(Self {
                __plugin: __b.plugin(),
                __e,
            })
        }
        fn plugin(&self) -> &__p::Plugin {
            &self.__plugin
        }
    }
    impl ParserPlugin {
        fn __object(&self, __this: __p::PluginObject<ParserObject>) -> ParserObject {
            ParserObject {
                __handle: ::core::clone::Clone::clone(self),
                __this,
                __live: true,
            }
        }
        pub fn new(
            &self,
            store: impl __p::AsContextMut,
            config: &str,
        ) -> __p::Result<ParserObject, __p::Error> {
            self.__e
                .new
                .start(&self.__plugin, store)
                .call_with((&config,))
                .map(|__this| self.__object(__this))
        }
        /// [`Self::new`], awaiting the plugin.
        pub async fn new_async(
            &self,
            store: impl __p::AsyncStore,
            config: &str,
        ) -> __p::Result<ParserObject, __p::Error> {
            self.__e
                .new
                .start(&self.__plugin, store)
                .call_async((&config,))
                .await
                .map(|__this| self.__object(__this))
        }
        pub fn version(
            &self,
            store: impl __p::AsContextMut,
        ) -> __p::Result<u32, __p::Error> {
            self.__e.version.start(&self.__plugin, store).call_with(())
        }
        /// [`Self::version`], awaiting the plugin.
        pub async fn version_async(
            &self,
            store: impl __p::AsyncStore,
        ) -> __p::Result<u32, __p::Error> {
            self.__e.version.start(&self.__plugin, store).call_async(()).await
        }
    }
    impl ParserObject {
        /// Runs the plugin's destructor of this object now.
        pub fn close(
            mut self,
            store: impl __p::AsContextMut,
        ) -> __p::Result<(), __p::Error> {
            self.__live = false;
            self.__handle
                .__e
                .drop
                .start(&self.__handle.__plugin, store)
                .call_with((&self.__this,))
        }
        /// [`Self::close`], awaiting the plugin.
        pub async fn close_async(
            mut self,
            store: impl __p::AsyncStore,
        ) -> __p::Result<(), __p::Error> {
            self.__live = false;
            self.__handle
                .__e
                .drop
                .start(&self.__handle.__plugin, store)
                .call_async((&self.__this,))
                .await
        }
        /// The plugin that made it.
        pub fn plugin(&self) -> &ParserPlugin {
            &self.__handle
        }
        pub fn feed(
            &mut self,
            store: impl __p::AsContextMut,
            chunk: &str,
        ) -> __p::Result<u32, __p::Error> {
            self.__handle
                .__e
                .feed
                .start(&self.__handle.__plugin, store)
                .call_with((&self.__this, &chunk))
        }
        /// [`Self::feed`], awaiting the plugin.
        pub async fn feed_async(
            &mut self,
            store: impl __p::AsyncStore,
            chunk: &str,
        ) -> __p::Result<u32, __p::Error> {
            self.__handle
                .__e
                .feed
                .start(&self.__handle.__plugin, store)
                .call_async((&self.__this, &chunk))
                .await
        }
        pub fn finish(
            mut self,
            store: impl __p::AsContextMut,
        ) -> __p::Result<Vec<String>, __p::Error> {
            self.__live = false;
            self.__handle
                .__e
                .finish
                .start(&self.__handle.__plugin, store)
                .call_with((&self.__this,))
        }
        /// [`Self::finish`], awaiting the plugin.
        pub async fn finish_async(
            mut self,
            store: impl __p::AsyncStore,
        ) -> __p::Result<Vec<String>, __p::Error> {
            self.__live = false;
            self.__handle
                .__e
                .finish
                .start(&self.__handle.__plugin, store)
                .call_async((&self.__this,))
                .await
        }
    }
    impl ::core::ops::Drop for ParserObject {
        fn drop(&mut self) {
            if self.__live {
                self.__handle.__e.drop.defer_drop(&self.__handle.__plugin, self.__this);
            }
        }
    }
};
