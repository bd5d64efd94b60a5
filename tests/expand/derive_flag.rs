// Input:
// #[derive(Flag)]
// pub enum Perm {
//     Read,
//     Write,
//     Exec,
// }

// Output:

const _: () = {
    #[automatically_derived]
    impl ::wasmbind::__private::Flag for Perm {
        const ALL: &'static [Self] = &[Self::Read, Self::Write, Self::Exec];
        const SHAPE: &'static ::wasmbind::__private::Shape = {
            static __SHAPE: ::wasmbind::__private::Def = ::wasmbind::__private::Def {
                name: "Perm",
                args: &[],
                body: ::wasmbind::__private::Body::Flags(&["Read", "Write", "Exec"]),
            };
            &::wasmbind::__private::Shape::Named(
                ::wasmbind::__private::NamedRef::new(&__SHAPE),
            )
        };
        #[inline]
        fn bit(self) -> u32 {
            self as u32
        }
    }
    #[automatically_derived]
    impl<
        __R: ::core::convert::Into<::wasmbind::__private::Flags<Self>>,
    > ::core::ops::BitOr<__R> for Perm {
        type Output = ::wasmbind::__private::Flags<Self>;
        #[inline]
        fn bitor(self, other: __R) -> ::wasmbind::__private::Flags<Self> {
            <::wasmbind::__private::Flags<
                Self,
            > as ::core::convert::From<Self>>::from(self) | other
        }
    }
};
