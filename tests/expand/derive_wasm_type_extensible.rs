// Input:
// #[derive(WasmType)]
// #[wasmbind(extensible)]
// pub struct Summary {
//     pub title: String,
//     pub words: u32,
//     #[wasmbind(optional)]
//     pub lines: Option<u32>,
// }

// Output:

const _: () = {
    #[automatically_derived]
    impl ::wasmbind::__private::WasmType for Summary {
        const FIXED_SIZE: ::wasmbind::__private::Option<usize> = ::wasmbind::__private::Option::None;
        const ALIGN: usize = ::wasmbind::__private::max_align(
            &[
                <String as ::wasmbind::__private::WasmType>::ALIGN,
                <u32 as ::wasmbind::__private::WasmType>::ALIGN,
                <Option<u32> as ::wasmbind::__private::WasmType>::ALIGN,
            ],
        );
        const POD: ::wasmbind::__private::Option<
            ::wasmbind::__private::PodLayout<Self>,
        > = unsafe {
            ::wasmbind::__private::pod_if::<
                Self,
            >(
                false,
                &[
                    <String as ::wasmbind::__private::WasmType>::POD.is_some(),
                    <u32 as ::wasmbind::__private::WasmType>::POD.is_some(),
                    <Option<u32> as ::wasmbind::__private::WasmType>::POD.is_some(),
                ],
                Self::FIXED_SIZE,
            )
        };
        fn encode<__B: ::wasmbind::__private::Buf>(&self, __out: &mut __B) {
            ::wasmbind::__private::encode_nested(&self.title, __out);
            ::wasmbind::__private::encode_nested(&self.words, __out);
            ::wasmbind::__private::encode_nested(&self.lines, __out);
        }
        fn decode_with(
            __bytes: &[u8],
            __budget: &mut ::wasmbind::__private::Budget,
        ) -> ::wasmbind::__private::Result<Self, ::wasmbind::__private::WireError> {
            let mut __reader = ::wasmbind::__private::Reader::nested(__bytes, __budget)?;
            let __value = Self {
                title: ::wasmbind::__private::decode_nested(&mut __reader)?,
                words: ::wasmbind::__private::decode_nested(&mut __reader)?,
                lines: match __reader.is_empty() {
                    true => ::wasmbind::__private::Option::None,
                    false => ::wasmbind::__private::decode_nested(&mut __reader)?,
                },
            };
            __reader.finish_extensible();
            ::wasmbind::__private::Result::Ok(__value)
        }
    }
    #[automatically_derived]
    impl ::wasmbind::__private::MemoryType for Summary {}
    #[automatically_derived]
    impl ::wasmbind::__private::Describe for Summary {
        const SHAPE: &'static ::wasmbind::__private::Shape = {
            static __SHAPE: ::wasmbind::__private::Def = ::wasmbind::__private::Def {
                name: "Summary",
                args: &[],
                body: ::wasmbind::__private::Body::Extensible {
                    fields: ::wasmbind::__private::Fields::Named(
                        &[
                            (
                                "title",
                                <String as ::wasmbind::__private::Describe>::SHAPE,
                            ),
                            ("words", <u32 as ::wasmbind::__private::Describe>::SHAPE),
                            (
                                "lines",
                                <Option<u32> as ::wasmbind::__private::Describe>::SHAPE,
                            ),
                        ],
                    ),
                    required: 2usize,
                },
            };
            &::wasmbind::__private::Shape::Named(
                ::wasmbind::__private::NamedRef::new(&__SHAPE),
            )
        };
    }
};
