// Input:
// #[wasmbind::plugin_export(object)]
// pub trait Parser {
//     fn new(config: &str) -> Self;
//     fn feed(&mut self, chunk: &str) -> u32;
//     fn finish(self) -> Vec<String>;
//     fn absorb(&mut self, other: Self, sample: &Self);
//     fn version() -> u32;
// }

// Output:

pub trait Parser {
    fn new(config: &str) -> Self;
    fn feed(&mut self, chunk: &str) -> u32;
    fn finish(self) -> Vec<String>;
    fn absorb(&mut self, other: Self, sample: &Self);
    fn version() -> u32;
    #[doc(hidden)]
    const __WASMBIND_EXPORTS: &'static str = __WASMBIND_PARSER;
}
#[doc(hidden)]
pub const __WASMBIND_PARSER: &str = {
    const __TEXT: &str = "wasmbind 2\nexports Parser\nnew fn(&str) -> Resource<ParserObject>\nfeed fn(Resource<ParserObject>, &str) -> u32\nfinish fn(Resource<ParserObject>) -> Vec<String>\nabsorb fn(Resource<ParserObject>, Resource<ParserObject>, Resource<ParserObject>)\nversion fn() -> u32\ndrop fn(Resource<ParserObject>)\n";
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
/// A plugin implementing the object type [`Parser`]: its constructors (which return a [`ParserObject`]) and static functions. Create it with [`Handle::instantiate`](::wasmbind::__private::Handle::instantiate), or [`ParserPlugin::in_process`].
#[cfg(not(target_family = "wasm"))]
#[derive(::core::clone::Clone, ::core::fmt::Debug)]
pub struct ParserPlugin {
    __plugin: ::wasmbind::__private::Plugin,
    __backend: ::wasmbind::__private::Backend<
        ::std::sync::Arc<ParserPluginExports>,
        ::std::sync::Arc<ParserPluginInProcess>,
    >,
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
    absorb: ::wasmbind::__private::Export<
        fn(
            ::wasmbind::__private::PluginObject<ParserObject>,
            ::wasmbind::__private::PluginObject<ParserObject>,
            ::wasmbind::__private::PluginObject<ParserObject>,
        ),
    >,
    version: ::wasmbind::__private::Export<fn() -> u32>,
    drop: ::wasmbind::__private::Export<
        fn(::wasmbind::__private::PluginObject<ParserObject>),
    >,
}
#[doc(hidden)]
#[cfg(not(target_family = "wasm"))]
#[allow(clippy::type_complexity)]
pub struct ParserPluginInProcess {
    new: ::std::boxed::Box<
        dyn ::core::ops::Fn(
            &str,
        ) -> ::wasmbind::__private::PluginObject<
                ParserObject,
            > + ::core::marker::Send + ::core::marker::Sync,
    >,
    feed: ::std::boxed::Box<
        dyn ::core::ops::Fn(
            ::wasmbind::__private::PluginObject<ParserObject>,
            &str,
        ) -> u32 + ::core::marker::Send + ::core::marker::Sync,
    >,
    finish: ::std::boxed::Box<
        dyn ::core::ops::Fn(
            ::wasmbind::__private::PluginObject<ParserObject>,
        ) -> Vec<String> + ::core::marker::Send + ::core::marker::Sync,
    >,
    absorb: ::std::boxed::Box<
        dyn ::core::ops::Fn(
            ::wasmbind::__private::PluginObject<ParserObject>,
            ::wasmbind::__private::PluginObject<ParserObject>,
            ::wasmbind::__private::PluginObject<ParserObject>,
        ) + ::core::marker::Send + ::core::marker::Sync,
    >,
    version: ::std::boxed::Box<
        dyn ::core::ops::Fn() -> u32 + ::core::marker::Send + ::core::marker::Sync,
    >,
    drop: ::std::boxed::Box<
        dyn ::core::ops::Fn(
            ::wasmbind::__private::PluginObject<ParserObject>,
        ) + ::core::marker::Send + ::core::marker::Sync,
    >,
}
#[cfg(not(target_family = "wasm"))]
impl ::core::fmt::Debug for ParserPluginInProcess {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        f.write_str(::core::stringify!(ParserPluginInProcess))
    }
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
                absorb: __b.export("absorb", &["this", "other", "sample"])?,
                version: __b.export("version", &[])?,
                drop: __b.export("drop", &["this"])?,
            });
            __p::Result::Ok(Self {
                __plugin: __b.plugin(),
                __backend: __p::Wasm(__e),
            })
        }
        fn plugin(&self) -> &__p::Plugin {
            &self.__plugin
        }
    }
    impl ParserPlugin {
        /// A [`Parser`] plugin running in-process: `P`, its implementation, linked into the host natively, with its objects in a table of its own, and the host traits registered on `linker` answering its imports. As `in_process` of any plugin handle.
        pub fn in_process<__P: Parser + ::core::marker::Send + 'static, __T: 'static>(
            linker: &__p::Linker<__T>,
        ) -> Self {
            let __table = ::std::sync::Arc::new(
                __p::Objects::<__P>::new(::core::stringify!(Parser)),
            );
            let __natives = ParserPluginInProcess {
                new: {
                    let __t = ::core::clone::Clone::clone(&__table);
                    ::std::boxed::Box::new(move |config: &str| <__p::PluginObject<
                        ParserObject,
                    >>::from_rep(__t.insert(<__P as Parser>::new(config))))
                },
                feed: {
                    let __t = ::core::clone::Clone::clone(&__table);
                    ::std::boxed::Box::new(move |
                        this: ::wasmbind::__private::PluginObject<ParserObject>,
                        chunk: &str|
                    __t.with(this.rep(), |__o0| <__P as Parser>::feed(__o0, chunk)))
                },
                finish: {
                    let __t = ::core::clone::Clone::clone(&__table);
                    ::std::boxed::Box::new(move |
                        this: ::wasmbind::__private::PluginObject<ParserObject>|
                    <__P as Parser>::finish(__t.take(this.rep())))
                },
                absorb: {
                    let __t = ::core::clone::Clone::clone(&__table);
                    ::std::boxed::Box::new(move |
                        this: ::wasmbind::__private::PluginObject<ParserObject>,
                        other: ::wasmbind::__private::PluginObject<ParserObject>,
                        sample: ::wasmbind::__private::PluginObject<ParserObject>|
                    {
                        __t
                            .with(
                                this.rep(),
                                |__o0| {
                                    __t
                                        .with(
                                            sample.rep(),
                                            |__o2| <__P as Parser>::absorb(
                                                __o0,
                                                __t.take(other.rep()),
                                                __o2,
                                            ),
                                        )
                                },
                            )
                    })
                },
                version: {
                    let __t = ::core::clone::Clone::clone(&__table);
                    ::std::boxed::Box::new(move || <__P as Parser>::version())
                },
                drop: {
                    let __t = ::core::clone::Clone::clone(&__table);
                    ::std::boxed::Box::new(move |
                        this: ::wasmbind::__private::PluginObject<ParserObject>|
                    ::core::mem::drop(__t.take(this.rep())))
                },
            };
            let __plugin = __p::Plugin::in_process(linker, <Self as __p::Handle>::NAME);
            Self {
                __plugin,
                __backend: __p::InProcess(::std::sync::Arc::new(__natives)),
            }
        }
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
            match &self.__backend {
                __p::Wasm(__e) => {
                    __e.new.start(&self.__plugin, store).call_with((&config,))
                }
                __p::InProcess(__n) => {
                    self.__plugin.call_in_process(store, "new", || (__n.new)(config))
                }
            }
                .map(|__this| self.__object(__this))
        }
        /// [`Self::new`], awaiting the plugin.
        pub async fn new_async(
            &self,
            store: impl __p::AsyncStore,
            config: &str,
        ) -> __p::Result<ParserObject, __p::Error> {
            match &self.__backend {
                __p::Wasm(__e) => {
                    __e.new.start(&self.__plugin, store).call_async((&config,)).await
                }
                __p::InProcess(__n) => {
                    self.__plugin.call_in_process(store, "new", || (__n.new)(config))
                }
            }
                .map(|__this| self.__object(__this))
        }
        pub fn version(
            &self,
            store: impl __p::AsContextMut,
        ) -> __p::Result<u32, __p::Error> {
            match &self.__backend {
                __p::Wasm(__e) => __e.version.start(&self.__plugin, store).call_with(()),
                __p::InProcess(__n) => {
                    self.__plugin.call_in_process(store, "version", || (__n.version)())
                }
            }
        }
        /// [`Self::version`], awaiting the plugin.
        pub async fn version_async(
            &self,
            store: impl __p::AsyncStore,
        ) -> __p::Result<u32, __p::Error> {
            match &self.__backend {
                __p::Wasm(__e) => {
                    __e.version.start(&self.__plugin, store).call_async(()).await
                }
                __p::InProcess(__n) => {
                    self.__plugin.call_in_process(store, "version", || (__n.version)())
                }
            }
        }
    }
    impl ParserObject {
        /// Runs the plugin's destructor of this object now.
        pub fn close(
            mut self,
            store: impl __p::AsContextMut,
        ) -> __p::Result<(), __p::Error> {
            self.__live = false;
            match &self.__handle.__backend {
                __p::Wasm(__e) => {
                    __e.drop
                        .start(&self.__handle.__plugin, store)
                        .call_with((&self.__this,))
                }
                __p::InProcess(__n) => {
                    self.__handle
                        .__plugin
                        .call_in_process(store, "drop", || (__n.drop)(self.__this))
                }
            }
        }
        /// [`Self::close`], awaiting the plugin.
        pub async fn close_async(
            mut self,
            store: impl __p::AsyncStore,
        ) -> __p::Result<(), __p::Error> {
            self.__live = false;
            match &self.__handle.__backend {
                __p::Wasm(__e) => {
                    __e.drop
                        .start(&self.__handle.__plugin, store)
                        .call_async((&self.__this,))
                        .await
                }
                __p::InProcess(__n) => {
                    self.__handle
                        .__plugin
                        .call_in_process(store, "drop", || (__n.drop)(self.__this))
                }
            }
        }
        /// The plugin that made it.
        pub fn plugin(&self) -> &ParserPlugin {
            &self.__handle
        }
        /// Its rep, lent to a method of `owner`'s objects: once it is
        /// checked to be that plugin instance's.
        fn __lend(
            &self,
            owner: &ParserPlugin,
            function: &'static str,
            argument: &'static str,
        ) -> __p::Result<__p::PluginObject<ParserObject>, __p::Error> {
            owner.__plugin.lend(&self.__handle.__plugin, self.__this, function, argument)
        }
        /// [`Self::__lend`], given away: the plugin drops it, not this handle.
        fn __give(
            mut self,
            owner: &ParserPlugin,
            function: &'static str,
            argument: &'static str,
        ) -> __p::Result<__p::PluginObject<ParserObject>, __p::Error> {
            let this = self.__lend(owner, function, argument)?;
            self.__live = false;
            __p::Result::Ok(this)
        }
        pub fn feed(
            &mut self,
            store: impl __p::AsContextMut,
            chunk: &str,
        ) -> __p::Result<u32, __p::Error> {
            match &self.__handle.__backend {
                __p::Wasm(__e) => {
                    __e.feed
                        .start(&self.__handle.__plugin, store)
                        .call_with((&self.__this, &chunk))
                }
                __p::InProcess(__n) => {
                    self.__handle
                        .__plugin
                        .call_in_process(
                            store,
                            "feed",
                            || (__n.feed)(self.__this, chunk),
                        )
                }
            }
        }
        /// [`Self::feed`], awaiting the plugin.
        pub async fn feed_async(
            &mut self,
            store: impl __p::AsyncStore,
            chunk: &str,
        ) -> __p::Result<u32, __p::Error> {
            match &self.__handle.__backend {
                __p::Wasm(__e) => {
                    __e.feed
                        .start(&self.__handle.__plugin, store)
                        .call_async((&self.__this, &chunk))
                        .await
                }
                __p::InProcess(__n) => {
                    self.__handle
                        .__plugin
                        .call_in_process(
                            store,
                            "feed",
                            || (__n.feed)(self.__this, chunk),
                        )
                }
            }
        }
        pub fn finish(
            mut self,
            store: impl __p::AsContextMut,
        ) -> __p::Result<Vec<String>, __p::Error> {
            self.__live = false;
            match &self.__handle.__backend {
                __p::Wasm(__e) => {
                    __e.finish
                        .start(&self.__handle.__plugin, store)
                        .call_with((&self.__this,))
                }
                __p::InProcess(__n) => {
                    self.__handle
                        .__plugin
                        .call_in_process(store, "finish", || (__n.finish)(self.__this))
                }
            }
        }
        /// [`Self::finish`], awaiting the plugin.
        pub async fn finish_async(
            mut self,
            store: impl __p::AsyncStore,
        ) -> __p::Result<Vec<String>, __p::Error> {
            self.__live = false;
            match &self.__handle.__backend {
                __p::Wasm(__e) => {
                    __e.finish
                        .start(&self.__handle.__plugin, store)
                        .call_async((&self.__this,))
                        .await
                }
                __p::InProcess(__n) => {
                    self.__handle
                        .__plugin
                        .call_in_process(store, "finish", || (__n.finish)(self.__this))
                }
            }
        }
        pub fn absorb(
            &mut self,
            store: impl __p::AsContextMut,
            other: ParserObject,
            sample: &ParserObject,
        ) -> __p::Result<(), __p::Error> {
            let other = other.__give(&self.__handle, "absorb", "other")?;
            let sample = sample.__lend(&self.__handle, "absorb", "sample")?;
            match &self.__handle.__backend {
                __p::Wasm(__e) => {
                    __e.absorb
                        .start(&self.__handle.__plugin, store)
                        .call_with((&self.__this, &other, &sample))
                }
                __p::InProcess(__n) => {
                    self.__handle
                        .__plugin
                        .call_in_process(
                            store,
                            "absorb",
                            || (__n.absorb)(self.__this, other, sample),
                        )
                }
            }
        }
        /// [`Self::absorb`], awaiting the plugin.
        pub async fn absorb_async(
            &mut self,
            store: impl __p::AsyncStore,
            other: ParserObject,
            sample: &ParserObject,
        ) -> __p::Result<(), __p::Error> {
            let other = other.__give(&self.__handle, "absorb", "other")?;
            let sample = sample.__lend(&self.__handle, "absorb", "sample")?;
            match &self.__handle.__backend {
                __p::Wasm(__e) => {
                    __e.absorb
                        .start(&self.__handle.__plugin, store)
                        .call_async((&self.__this, &other, &sample))
                        .await
                }
                __p::InProcess(__n) => {
                    self.__handle
                        .__plugin
                        .call_in_process(
                            store,
                            "absorb",
                            || (__n.absorb)(self.__this, other, sample),
                        )
                }
            }
        }
    }
    impl ::core::ops::Drop for ParserObject {
        fn drop(&mut self) {
            if !self.__live {
                return;
            }
            let (__h, __this) = (&self.__handle, self.__this);
            match &__h.__backend {
                __p::Wasm(__e) => __e.drop.defer_drop(&__h.__plugin, __this),
                __p::InProcess(__n) => {
                    let __n = ::core::clone::Clone::clone(__n);
                    __h.__plugin
                        .defer_drop_in_process(
                            ::std::boxed::Box::new(move || (__n.drop)(__this)),
                            "drop",
                        );
                }
            }
        }
    }
};
