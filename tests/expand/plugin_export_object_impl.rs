// Input:
// #[wasmbind::plugin_export()]
// impl Parser for MyParser {
//     fn new(config: &str) -> Self {
//         MyParser { words: Vec::new() }
//     }
//     fn feed(&mut self, chunk: &str) -> u32 {
//         self.words.push(chunk.into());
//         self.words.len() as u32
//     }
//     fn finish(self) -> Vec<String> {
//         self.words
//     }
//     fn absorb(&mut self, other: Self, sample: &Self) {
//         self.words.extend(other.words)
//     }
//     fn version() -> u32 {
//         1
//     }
// }

// Output:

impl Parser for MyParser {
    fn new(config: &str) -> Self {
        MyParser { words: Vec::new() }
    }
    fn feed(&mut self, chunk: &str) -> u32 {
        self.words.push(chunk.into());
        self.words.len() as u32
    }
    fn finish(self) -> Vec<String> {
        self.words
    }
    fn absorb(&mut self, other: Self, sample: &Self) {
        self.words.extend(other.words)
    }
    fn version() -> u32 {
        1
    }
}
#[cfg(target_family = "wasm")]
#[doc(hidden)]
static __WASMBIND_PARSER_OBJECTS: ::wasmbind::__private::Objects<MyParser> = ::wasmbind::__private::Objects::new(
    "Parser",
);
#[cfg(target_family = "wasm")]
#[allow(clippy::too_many_arguments)]
const _: () = {
    #[unsafe(export_name = "Parser.new")]
    extern "C" fn __wasmbind_export(
        __a0: ::wasmbind::__private::Core<&str>,
    ) -> ::wasmbind::__private::Core<::wasmbind::__private::PluginObject<MyParser>> {
        let __b0 = ::wasmbind::__private::ArgBlock::new();
        let __a0 = ::wasmbind::__private::export_arg::<
            &str,
        >(__a0, &__b0, "Parser.new", "config");
        ::wasmbind::__private::export_ret(
            (|__a0| <::wasmbind::__private::PluginObject<
                MyParser,
            >>::from_rep(
                __WASMBIND_PARSER_OBJECTS.insert(<MyParser as Parser>::new(__a0)),
            ))(__a0),
            "Parser.new",
        )
    }
};
#[cfg(target_family = "wasm")]
#[allow(clippy::too_many_arguments)]
const _: () = {
    #[unsafe(export_name = "Parser.feed")]
    extern "C" fn __wasmbind_export(
        __a0: ::wasmbind::__private::Core<::wasmbind::__private::PluginObject<MyParser>>,
        __a1: ::wasmbind::__private::Core<&str>,
    ) -> ::wasmbind::__private::Core<u32> {
        let __b0 = ::wasmbind::__private::ArgBlock::new();
        let __a0 = ::wasmbind::__private::export_arg::<
            ::wasmbind::__private::PluginObject<MyParser>,
        >(__a0, &__b0, "Parser.feed", "this");
        let __b1 = ::wasmbind::__private::ArgBlock::new();
        let __a1 = ::wasmbind::__private::export_arg::<
            &str,
        >(__a1, &__b1, "Parser.feed", "chunk");
        ::wasmbind::__private::export_ret(
            (|__a0: ::wasmbind::__private::PluginObject<MyParser>, __a1| {
                __WASMBIND_PARSER_OBJECTS
                    .with(__a0.rep(), |__o0| <MyParser as Parser>::feed(__o0, __a1))
            })(__a0, __a1),
            "Parser.feed",
        )
    }
};
#[cfg(target_family = "wasm")]
#[allow(clippy::too_many_arguments)]
const _: () = {
    #[unsafe(export_name = "Parser.finish")]
    extern "C" fn __wasmbind_export(
        __a0: ::wasmbind::__private::Core<::wasmbind::__private::PluginObject<MyParser>>,
    ) -> ::wasmbind::__private::Core<Vec<String>> {
        let __b0 = ::wasmbind::__private::ArgBlock::new();
        let __a0 = ::wasmbind::__private::export_arg::<
            ::wasmbind::__private::PluginObject<MyParser>,
        >(__a0, &__b0, "Parser.finish", "this");
        ::wasmbind::__private::export_ret(
            (|__a0: ::wasmbind::__private::PluginObject<MyParser>| <MyParser as Parser>::finish(
                __WASMBIND_PARSER_OBJECTS.take(__a0.rep()),
            ))(__a0),
            "Parser.finish",
        )
    }
};
#[cfg(target_family = "wasm")]
#[allow(clippy::too_many_arguments)]
const _: () = {
    #[unsafe(export_name = "Parser.absorb")]
    extern "C" fn __wasmbind_export(
        __a0: ::wasmbind::__private::Core<::wasmbind::__private::PluginObject<MyParser>>,
        __a1: ::wasmbind::__private::Core<::wasmbind::__private::PluginObject<MyParser>>,
        __a2: ::wasmbind::__private::Core<::wasmbind::__private::PluginObject<MyParser>>,
    ) -> ::wasmbind::__private::Core<()> {
        let __b0 = ::wasmbind::__private::ArgBlock::new();
        let __a0 = ::wasmbind::__private::export_arg::<
            ::wasmbind::__private::PluginObject<MyParser>,
        >(__a0, &__b0, "Parser.absorb", "this");
        let __b1 = ::wasmbind::__private::ArgBlock::new();
        let __a1 = ::wasmbind::__private::export_arg::<
            ::wasmbind::__private::PluginObject<MyParser>,
        >(__a1, &__b1, "Parser.absorb", "other");
        let __b2 = ::wasmbind::__private::ArgBlock::new();
        let __a2 = ::wasmbind::__private::export_arg::<
            ::wasmbind::__private::PluginObject<MyParser>,
        >(__a2, &__b2, "Parser.absorb", "sample");
        ::wasmbind::__private::export_ret(
            (|
                __a0: ::wasmbind::__private::PluginObject<MyParser>,
                __a1: ::wasmbind::__private::PluginObject<MyParser>,
                __a2: ::wasmbind::__private::PluginObject<MyParser>|
            {
                __WASMBIND_PARSER_OBJECTS
                    .with(
                        __a0.rep(),
                        |__o0| {
                            __WASMBIND_PARSER_OBJECTS
                                .with(
                                    __a2.rep(),
                                    |__o2| <MyParser as Parser>::absorb(
                                        __o0,
                                        __WASMBIND_PARSER_OBJECTS.take(__a1.rep()),
                                        __o2,
                                    ),
                                )
                        },
                    )
            })(__a0, __a1, __a2),
            "Parser.absorb",
        )
    }
};
#[cfg(target_family = "wasm")]
#[allow(clippy::too_many_arguments)]
const _: () = {
    #[unsafe(export_name = "Parser.version")]
    extern "C" fn __wasmbind_export() -> ::wasmbind::__private::Core<u32> {
        ::wasmbind::__private::export_ret(
            (|| <MyParser as Parser>::version())(),
            "Parser.version",
        )
    }
};
#[cfg(target_family = "wasm")]
#[allow(clippy::too_many_arguments)]
const _: () = {
    #[unsafe(export_name = "Parser.drop")]
    extern "C" fn __wasmbind_export(
        __a0: ::wasmbind::__private::Core<::wasmbind::__private::PluginObject<MyParser>>,
    ) -> ::wasmbind::__private::Core<()> {
        let __b0 = ::wasmbind::__private::ArgBlock::new();
        let __a0 = ::wasmbind::__private::export_arg::<
            ::wasmbind::__private::PluginObject<MyParser>,
        >(__a0, &__b0, "Parser.drop", "this");
        ::wasmbind::__private::export_ret(
            (|__a0: ::wasmbind::__private::PluginObject<MyParser>| ::core::mem::drop(
                __WASMBIND_PARSER_OBJECTS.take(__a0.rep()),
            ))(__a0),
            "Parser.drop",
        )
    }
};
#[cfg(target_family = "wasm")]
const _: () = {
    const __RECORD: &str = <MyParser as Parser>::__WASMBIND_EXPORTS;
    #[unsafe(export_name = "wasmbind_exports_Parser")]
    static __WASMBIND_RECORD: [u8; __RECORD.len() + 4] = ::wasmbind::__private::record_bytes(
        __RECORD,
        &[],
    );
};
