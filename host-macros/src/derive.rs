//! `#[derive(WasmType)]` on a struct.
//!
//! Input:
//! ```ignore
//! #[derive(WasmType)]
//! struct Point { x: i32, y: i32 }
//! ```
//! Output: `impl WasmType for Point` encoding the fields in order with
//! `encode_nested` / `decode_nested`, and `impl MemoryType for Point`.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, Index, Member};
use wasmbind_macro_support::{Errors, Position, check_type};

pub fn expand(input: TokenStream) -> TokenStream {
    let mut errors = Errors::default();
    let input: DeriveInput = match syn::parse2(input) {
        Ok(input) => input,
        Err(e) => return e.to_compile_error(),
    };
    let krate = errors.ok(crate_path(&input)).unwrap_or_else(|| syn::parse_quote!(::wasmbind));
    let fields = match &input.data {
        Data::Struct(data) => &data.fields,
        Data::Enum(e) => {
            errors.at(e.enum_token, "`WasmType` cannot be derived for enums yet: use a struct");
            return errors.into_compile_errors();
        }
        Data::Union(u) => {
            errors.at(u.union_token, "`WasmType` cannot be derived for unions: their active field is unknown");
            return errors.into_compile_errors();
        }
    };
    for field in fields {
        check_type(&field.ty, Position::Field, &mut errors);
    }
    if let Err(e) = errors.finish() {
        return e.to_compile_error();
    }
    impl_wasm_type(&input, fields, &krate)
}

fn crate_path(input: &DeriveInput) -> syn::Result<syn::Path> {
    let mut krate = syn::parse_quote!(::wasmbind);
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("wasmbind")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("crate") {
                krate = meta.value()?.parse::<syn::LitStr>()?.parse()?;
                Ok(())
            } else {
                Err(meta.error("unknown argument; expected `crate = \"...\"`"))
            }
        })?;
    }
    Ok(krate)
}

fn impl_wasm_type(input: &DeriveInput, fields: &Fields, krate: &syn::Path) -> TokenStream {
    let p = quote!(#krate::__private);
    let ident = &input.ident;
    let mut generics = input.generics.clone();
    for param in generics.type_params_mut() {
        param.bounds.push(syn::parse_quote!(#p::WasmType));
    }
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let members: Vec<Member> = fields
        .iter()
        .enumerate()
        .map(|(i, f)| f.ident.clone().map_or_else(|| Member::Unnamed(Index::from(i)), Member::Named))
        .collect();
    let tys: Vec<_> = fields.iter().map(|f| &f.ty).collect();
    let repr_c = input.attrs.iter().any(|attr| {
        attr.path().is_ident("repr")
            && attr.parse_args_with(syn::punctuated::Punctuated::<syn::Ident, syn::Token![,]>::parse_terminated)
                .is_ok_and(|reprs| reprs.iter().any(|r| r == "C"))
    });
    let decodes = fields.iter().zip(&members).map(|(field, member)| {
        quote_spanned!(field.ty.span()=> #member: #p::decode_nested(&mut __reader)?)
    });
    quote! {
        const _: () = {
            #[automatically_derived]
            impl #impl_generics #p::WasmType for #ident #ty_generics #where_clause {
                const FIXED_SIZE: #p::Option<usize> = #p::fixed_size(&[#(<#tys as #p::WasmType>::FIXED_SIZE),*]);
                const ALIGN: usize = #p::max_align(&[#(<#tys as #p::WasmType>::ALIGN),*]);
                const POD: #p::Option<#p::PodLayout> =
                    #p::pod_if::<Self>(#repr_c, &[#(<#tys as #p::WasmType>::POD.is_some()),*], Self::FIXED_SIZE);
                fn encode<__B: #p::Buf>(&self, __out: &mut __B) {
                    #(#p::encode_nested(&self.#members, __out);)*
                }
                fn decode(__bytes: &[u8]) -> #p::Result<Self, #p::WireError> {
                    let mut __reader = #p::Reader::new(__bytes);
                    let __value = Self { #(#decodes,)* };
                    __reader.finish()?;
                    #p::Result::Ok(__value)
                }
            }
            #[automatically_derived]
            impl #impl_generics #p::MemoryType for #ident #ty_generics #where_clause {}
        };
    }
}
