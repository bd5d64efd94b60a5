// Input:
// #[derive(WasmType)]
// pub struct Point {
//     pub x: i32,
//     pub y: i32,
// }

// Output:

const _: () = {
    #[automatically_derived]
    impl ::wasmbind::__private::WasmType for Point {
        const FIXED_SIZE: ::wasmbind::__private::Option<usize> = ::wasmbind::__private::fixed_size(
            &[
                <i32 as ::wasmbind::__private::WasmType>::FIXED_SIZE,
                <i32 as ::wasmbind::__private::WasmType>::FIXED_SIZE,
            ],
        );
        const ALIGN: usize = ::wasmbind::__private::max_align(
            &[
                <i32 as ::wasmbind::__private::WasmType>::ALIGN,
                <i32 as ::wasmbind::__private::WasmType>::ALIGN,
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
                    <i32 as ::wasmbind::__private::WasmType>::POD.is_some(),
                    <i32 as ::wasmbind::__private::WasmType>::POD.is_some(),
                ],
                Self::FIXED_SIZE,
            )
        };
        fn encode<__B: ::wasmbind::__private::Buf>(&self, __out: &mut __B) {
            ::wasmbind::__private::encode_nested(&self.x, __out);
            ::wasmbind::__private::encode_nested(&self.y, __out);
        }
        fn decode_with(
            __bytes: &[u8],
            __budget: &mut ::wasmbind::__private::Budget,
        ) -> ::wasmbind::__private::Result<Self, ::wasmbind::__private::WireError> {
            let mut __reader = ::wasmbind::__private::Reader::nested(__bytes, __budget)?;
            let __value = Self {
                x: ::wasmbind::__private::decode_nested(&mut __reader)?,
                y: ::wasmbind::__private::decode_nested(&mut __reader)?,
            };
            __reader.finish()?;
            ::wasmbind::__private::Result::Ok(__value)
        }
    }
    #[automatically_derived]
    impl ::wasmbind::__private::MemoryType for Point {}
    #[automatically_derived]
    impl ::wasmbind::__private::Describe for Point {
        const SHAPE: &'static ::wasmbind::__private::Shape = {
            static __SHAPE: ::wasmbind::__private::Def = ::wasmbind::__private::Def {
                name: "Point",
                args: &[],
                body: ::wasmbind::__private::Body::Struct(
                    ::wasmbind::__private::Fields::Named(
                        &[
                            ("x", <i32 as ::wasmbind::__private::Describe>::SHAPE),
                            ("y", <i32 as ::wasmbind::__private::Describe>::SHAPE),
                        ],
                    ),
                ),
            };
            &::wasmbind::__private::Shape::Named(
                ::wasmbind::__private::NamedRef::new(&__SHAPE),
            )
        };
    }
};
