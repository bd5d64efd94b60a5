// Input:
// #[derive(WasmType)]
// pub enum Shape {
//     Dot,
//     Circle { radius: f32 },
//     Label(String, Level),
// }

// Output:

const _: () = {
    #[automatically_derived]
    impl ::wasmbind::__private::WasmType for Shape {
        const FIXED_SIZE: ::wasmbind::__private::Option<usize> = ::wasmbind::__private::Option::None;
        fn encode<__B: ::wasmbind::__private::Buf>(&self, __out: &mut __B) {
            match self {
                Self::Dot => {
                    ::wasmbind::__private::encode_tag(0u32, __out);
                }
                Self::Circle { radius: __f0 } => {
                    ::wasmbind::__private::encode_tag(1u32, __out);
                    ::wasmbind::__private::encode_nested(__f0, __out);
                }
                Self::Label(__f0, __f1) => {
                    ::wasmbind::__private::encode_tag(2u32, __out);
                    ::wasmbind::__private::encode_nested(__f0, __out);
                    ::wasmbind::__private::encode_nested(__f1, __out);
                }
            }
        }
        fn decode_with(
            __bytes: &[u8],
            __budget: &mut ::wasmbind::__private::Budget,
        ) -> ::wasmbind::__private::Result<Self, ::wasmbind::__private::WireError> {
            let mut __reader = ::wasmbind::__private::Reader::nested(__bytes, __budget)?;
            let __value = match ::wasmbind::__private::decode_tag(&mut __reader)? {
                0u32 => Self::Dot,
                1u32 => {
                    Self::Circle {
                        radius: ::wasmbind::__private::decode_nested(&mut __reader)?,
                    }
                }
                2u32 => {
                    Self::Label(
                        ::wasmbind::__private::decode_nested(&mut __reader)?,
                        ::wasmbind::__private::decode_nested(&mut __reader)?,
                    )
                }
                __tag => {
                    return ::wasmbind::__private::Result::Err(::wasmbind::__private::WireError::Tag {
                        type_name: "Shape",
                        tag: __tag,
                    });
                }
            };
            __reader.finish()?;
            ::wasmbind::__private::Result::Ok(__value)
        }
    }
    #[automatically_derived]
    impl ::wasmbind::__private::MemoryType for Shape {}
    #[automatically_derived]
    impl ::wasmbind::__private::Describe for Shape {
        const SHAPE: &'static ::wasmbind::__private::Shape = {
            static __SHAPE: ::wasmbind::__private::Def = ::wasmbind::__private::Def {
                name: "Shape",
                args: &[],
                body: ::wasmbind::__private::Body::Enum(
                    &[
                        ::wasmbind::__private::Variant {
                            name: "Dot",
                            fields: ::wasmbind::__private::Fields::Unit,
                        },
                        ::wasmbind::__private::Variant {
                            name: "Circle",
                            fields: ::wasmbind::__private::Fields::Named(
                                &[
                                    ("radius", <f32 as ::wasmbind::__private::Describe>::SHAPE),
                                ],
                            ),
                        },
                        ::wasmbind::__private::Variant {
                            name: "Label",
                            fields: ::wasmbind::__private::Fields::Tuple(
                                &[
                                    <String as ::wasmbind::__private::Describe>::SHAPE,
                                    <Level as ::wasmbind::__private::Describe>::SHAPE,
                                ],
                            ),
                        },
                    ],
                ),
            };
            &::wasmbind::__private::Shape::Named(
                ::wasmbind::__private::NamedRef::new(&__SHAPE),
            )
        };
    }
};
