//! `#[derive(WasmType)]` on a struct or an enum.
//!
//! Input:
//! ```ignore
//! #[derive(WasmType)]
//! struct Point { x: i32, y: i32 }
//! ```
//! Output: `impl WasmType for Point` encoding the fields in order with
//! `encode_nested` / `decode_nested`, and `impl MemoryType for Point`.
//!
//! An enum encodes a `u32` tag (the variant's position, from 0) followed
//! by that variant's fields the same way; a unit-only enum is a fixed
//! 4 bytes.

use proc_macro2::TokenStream;
use quote::format_ident;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Data, DataEnum, DeriveInput, Field, Fields, Index, Member};

use crate::check::{Position, check_type};
use crate::errors::Errors;

pub fn expand(input: TokenStream) -> TokenStream {
    let mut errors = Errors::default();
    let input: DeriveInput = match syn::parse2(input) {
        Ok(input) => input,
        Err(e) => return e.to_compile_error(),
    };
    let (krate, extensible) = errors.ok(item_args(&input)).unwrap_or_else(|| (syn::parse_quote!(::wasmbind), false));
    let all_fields: Vec<&Field> = match &input.data {
        Data::Struct(data) => data.fields.iter().collect(),
        Data::Enum(data) => {
            if data.variants.is_empty() {
                errors.at(data.enum_token, "an enum without variants has no value to send: add a variant");
            }
            data.variants.iter().flat_map(|v| &v.fields).collect()
        }
        Data::Union(u) => {
            errors.at(u.union_token, "`WasmType` cannot be derived for unions: their active field is unknown");
            return errors.into_compile_errors();
        }
    };
    for field in &all_fields {
        check_type(&field.ty, Position::Field, &mut errors);
    }
    let growth = match &input.data {
        Data::Struct(data) => errors.ok(growth(&data.fields, extensible)).flatten(),
        _ => {
            for field in &all_fields {
                if let Some(attr) = errors.ok(optional_attr(field)).flatten() {
                    errors.at(
                        attr,
                        "`optional` marks a field added to an extensible struct: an enum's fields cannot be optional",
                    );
                }
            }
            None
        }
    };
    if errors.any() {
        let fallback = fallback(&input, &krate);
        let errors = errors.into_compile_errors();
        return quote!(#errors #fallback);
    }
    match &input.data {
        Data::Enum(data) => impl_enum(&input, data, &krate),
        Data::Struct(data) => impl_wasm_type(&input, &data.fields, growth, &krate),
        Data::Union(_) => TokenStream::new(),
    }
}

/// After an error in the type's fields: an impl that compiles, so that
/// the one mistake is the only error, not one more at every use of the type.
fn fallback(input: &DeriveInput, krate: &syn::Path) -> TokenStream {
    let p = quote!(#krate::__private);
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    quote! {
        impl #impl_generics #p::WasmType for #ident #ty_generics #where_clause {
            const FIXED_SIZE: #p::Option<usize> = #p::Option::None;
            fn encode<__B: #p::Buf>(&self, _: &mut __B) {}
            fn decode_with(_: &[u8], _: &mut #p::Budget) -> #p::Result<Self, #p::WireError> {
                ::core::unreachable!()
            }
        }
        impl #impl_generics #p::MemoryType for #ident #ty_generics #where_clause {}
        impl #impl_generics #p::Describe for #ident #ty_generics #where_clause {
            const SHAPE: &'static #p::Shape = &#p::Shape::Unit;
        }
    }
}

/// `impl Describe`: the type's name, type arguments and fields as the
/// interface records' type lines describe them. A type without type
/// parameters keeps its shape in a `static`, which lets a recursive type
/// (`enum Tree { Leaf, Node(Vec<Tree>) }`) refer to itself.
fn describe(input: &DeriveInput, body: TokenStream, p: &TokenStream) -> TokenStream {
    let ident = &input.ident;
    let name = ident.to_string();
    let mut generics = input.generics.clone();
    for param in generics.type_params_mut() {
        param.bounds.push(syn::parse_quote!(#p::Describe));
    }
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let params: Vec<_> = input.generics.type_params().map(|t| &t.ident).collect();
    let named = quote!(#p::Def { name: #name, args: &[#(<#params as #p::Describe>::SHAPE),*], body: #body });
    let shape = if params.is_empty() {
        quote!({
            static __SHAPE: #p::Def = #named;
            &#p::Shape::Named(#p::NamedRef::new(&__SHAPE))
        })
    } else {
        quote!(&#p::Shape::Named(#p::NamedRef::new(&#named)))
    };
    quote! {
        #[automatically_derived]
        impl #impl_generics #p::Describe for #ident #ty_generics #where_clause {
            const SHAPE: &'static #p::Shape = #shape;
        }
    }
}

/// The `Fields` shape of a struct's or a variant's fields.
fn fields_shape(fields: &Fields, p: &TokenStream) -> TokenStream {
    match fields {
        Fields::Named(named) => {
            let names = named.named.iter().map(|f| f.ident.as_ref().map(|i| i.to_string()).unwrap_or_default());
            let tys = named.named.iter().map(|f| &f.ty);
            quote!(#p::Fields::Named(&[#((#names, <#tys as #p::Describe>::SHAPE)),*]))
        }
        Fields::Unnamed(unnamed) => {
            let tys = unnamed.unnamed.iter().map(|f| &f.ty);
            quote!(#p::Fields::Tuple(&[#(<#tys as #p::Describe>::SHAPE),*]))
        }
        Fields::Unit => quote!(#p::Fields::Unit),
    }
}

/// `#[derive(Flag)]` on a fieldless enum: `impl Flag` (every flag, the
/// flags type's shape, each flag's bit) and `flag | flag` making a set.
pub fn expand_flag(input: TokenStream) -> TokenStream {
    let mut errors = Errors::default();
    let input: DeriveInput = match syn::parse2(input) {
        Ok(input) => input,
        Err(e) => return e.to_compile_error(),
    };
    let krate = errors.ok(crate_path(&input)).unwrap_or_else(|| syn::parse_quote!(::wasmbind));
    let Data::Enum(data) = &input.data else {
        let message = "`Flag` is derived for an enum whose variants name the flags: `enum Perm { Read, Write }`, \
                       sent as `wasmbind::Flags<Perm>`";
        errors.at(&input.ident, message);
        return errors.into_compile_errors();
    };
    if !input.generics.params.is_empty() {
        errors.at(&input.generics, "a flags type has no generic parameters: remove them");
    }
    if data.variants.is_empty() {
        errors.at(data.enum_token, "a flags type needs at least one flag: add a variant");
    }
    for (i, variant) in data.variants.iter().enumerate() {
        if !variant.fields.is_empty() {
            errors.at(&variant.fields, "a flag is a name only: remove the fields");
        }
        if let Some((_, discriminant)) = &variant.discriminant {
            errors.at(discriminant, "a flag's bit is its position (the first variant is bit 0): remove the `= ..`");
        }
        if i == wasmbind_shared::MAX_FLAGS {
            errors.at(&variant.ident, "a set of flags travels in 64 bits: a flags type has at most 64 flags");
        }
    }
    if errors.any() {
        return errors.into_compile_errors();
    }
    let p = quote!(#krate::__private);
    let ident = &input.ident;
    let (name, flags) = (ident.to_string(), data.variants.iter().map(|v| &v.ident));
    let names = data.variants.iter().map(|v| v.ident.to_string());
    quote! {
        const _: () = {
            #[automatically_derived]
            impl #p::Flag for #ident {
                const ALL: &'static [Self] = &[#(Self::#flags),*];
                const SHAPE: &'static #p::Shape = {
                    static __SHAPE: #p::Def = #p::Def { name: #name, args: &[], body: #p::Body::Flags(&[#(#names),*]) };
                    &#p::Shape::Named(#p::NamedRef::new(&__SHAPE))
                };
                #[inline]
                fn bit(self) -> u32 {
                    self as u32
                }
            }
            #[automatically_derived]
            impl<__R: ::core::convert::Into<#p::Flags<Self>>> ::core::ops::BitOr<__R> for #ident {
                type Output = #p::Flags<Self>;
                #[inline]
                fn bitor(self, other: __R) -> #p::Flags<Self> {
                    <#p::Flags<Self> as ::core::convert::From<Self>>::from(self) | other
                }
            }
        };
    }
}

fn crate_path(input: &DeriveInput) -> syn::Result<syn::Path> {
    item_args(input).map(|(krate, _)| krate)
}

/// The item's `#[wasmbind(..)]` arguments: `crate = ".."`, and `extensible`.
fn item_args(input: &DeriveInput) -> syn::Result<(syn::Path, bool)> {
    let (mut krate, mut extensible) = (syn::parse_quote!(::wasmbind), false);
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("wasmbind")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("crate") {
                krate = meta.value()?.parse::<syn::LitStr>()?.parse()?;
                Ok(())
            } else if meta.path.is_ident("extensible") {
                extensible = true;
                Ok(())
            } else {
                Err(meta.error("unknown argument; expected `crate = \"...\"` or `extensible`"))
            }
        })?;
    }
    Ok((krate, extensible))
}

/// A field's `#[wasmbind(optional)]`, if it has one.
fn optional_attr(field: &Field) -> syn::Result<Option<&syn::Attribute>> {
    let mut found = None;
    for attr in field.attrs.iter().filter(|a| a.path().is_ident("wasmbind")) {
        attr.parse_nested_meta(|meta| match meta.path.is_ident("optional") {
            true => Ok(()),
            false => Err(meta.error("unknown argument; a field takes `optional`")),
        })?;
        found = Some(attr);
    }
    Ok(found)
}

fn is_option(ty: &syn::Type) -> bool {
    matches!(ty, syn::Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "Option"))
}

/// How many fields of an extensible struct are required (those before the
/// first `#[wasmbind(optional)]` one); `None` for a struct that is not
/// extensible (neither `#[wasmbind(extensible)]` nor with an optional field).
fn growth(fields: &Fields, extensible: bool) -> syn::Result<Option<usize>> {
    let mut required = None;
    for (i, field) in fields.iter().enumerate() {
        match (optional_attr(field)?, required) {
            (Some(_), _) if !is_option(&field.ty) => {
                let why = "an optional field is an `Option<T>`: a reader fills it with `None` when an older writer did not send it";
                return Err(syn::Error::new_spanned(&field.ty, why));
            }
            (Some(_), None) => required = Some(i),
            (None, Some(_)) => {
                return Err(syn::Error::new_spanned(
                    field,
                    "a field after an optional one is optional too: fields are added at the end, `#[wasmbind(optional)]`",
                ));
            }
            _ => {}
        }
    }
    if (extensible || required.is_some()) && !matches!(fields, Fields::Named(_)) {
        return Err(syn::Error::new_spanned(
            fields,
            "an extensible struct has named fields: `struct Summary { words: u32 }`",
        ));
    }
    Ok((extensible || required.is_some()).then(|| required.unwrap_or(fields.len())))
}

/// `growth`: for an extensible struct, how many fields are required.
fn impl_wasm_type(input: &DeriveInput, fields: &Fields, growth: Option<usize>, krate: &syn::Path) -> TokenStream {
    let p = quote!(#krate::__private);
    let ident = &input.ident;
    let generics = with_wasm_type_bounds(input, &p);
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let members: Vec<Member> = fields
        .iter()
        .enumerate()
        .map(|(i, f)| f.ident.clone().map_or_else(|| Member::Unnamed(Index::from(i)), Member::Named))
        .collect();
    let tys: Vec<_> = fields.iter().map(|f| &f.ty).collect();
    let repr_c = input.attrs.iter().any(|attr| {
        attr.path().is_ident("repr")
            && attr
                .parse_args_with(syn::punctuated::Punctuated::<syn::Ident, syn::Token![,]>::parse_terminated)
                .is_ok_and(|reprs| reprs.iter().any(|r| r == "C"))
    });
    let optional = |i: usize| growth.is_some_and(|required| i >= required);
    let decodes = fields.iter().zip(&members).enumerate().map(|(i, (field, member))| match optional(i) {
        // Sent only by writers that know it: `None` from an older one.
        true => quote_spanned!(field.ty.span()=> #member: match __reader.is_empty() {
            true => #p::Option::None,
            false => #p::decode_nested(&mut __reader)?,
        }),
        false => quote_spanned!(field.ty.span()=> #member: #p::decode_nested(&mut __reader)?),
    });
    // `pod_if` is unsafe: the caller vouches for `#[repr(C)]`, which this
    // derive read from the item's own attributes (`repr_c`); `pod_if` checks
    // the rest (every field POD, size = wire size, so no padding).
    let encodes = fields
        .iter()
        .zip(&members)
        .map(|(field, member)| quote_spanned!(field.ty.span()=> #p::encode_nested(&self.#member, __out);));
    let fields_shape = fields_shape(fields, &p);
    let body = match growth {
        Some(required) => quote!(#p::Body::Extensible { fields: #fields_shape, required: #required }),
        None => quote!(#p::Body::Struct(#fields_shape)),
    };
    let describe = describe(input, body, &p);
    // An extensible struct is variable-size (so always delimited), and its
    // reader skips the fields a newer writer added.
    let (fixed, finish) = match growth {
        Some(_) => (quote!(#p::Option::None), quote!(__reader.finish_extensible();)),
        None => (quote!(#p::fixed_size(&[#(<#tys as #p::WasmType>::FIXED_SIZE),*])), quote!(__reader.finish()?;)),
    };
    quote! {
        const _: () = {
            #[automatically_derived]
            impl #impl_generics #p::WasmType for #ident #ty_generics #where_clause {
                const FIXED_SIZE: #p::Option<usize> = #fixed;
                const ALIGN: usize = #p::max_align(&[#(<#tys as #p::WasmType>::ALIGN),*]);
                const POD: #p::Option<#p::PodLayout<Self>> =
                    unsafe { #p::pod_if::<Self>(#repr_c, &[#(<#tys as #p::WasmType>::POD.is_some()),*], Self::FIXED_SIZE) };
                fn encode<__B: #p::Buf>(&self, __out: &mut __B) {
                    #(#encodes)*
                }
                fn decode_with(__bytes: &[u8], __budget: &mut #p::Budget) -> #p::Result<Self, #p::WireError> {
                    let mut __reader = #p::Reader::nested(__bytes, __budget)?;
                    let __value = Self { #(#decodes,)* };
                    #finish
                    #p::Result::Ok(__value)
                }
            }
            #[automatically_derived]
            impl #impl_generics #p::MemoryType for #ident #ty_generics #where_clause {}
            #describe
        };
    }
}

fn with_wasm_type_bounds(input: &DeriveInput, p: &TokenStream) -> syn::Generics {
    let mut generics = input.generics.clone();
    for param in generics.type_params_mut() {
        param.bounds.push(syn::parse_quote!(#p::WasmType));
    }
    generics
}

/// Input: `enum Shape { Dot, Circle { r: f32 }, Line(Point, Point) }`.
/// Output: `encode` writes the tag, then the variant's fields; `decode`
/// reads the tag, refusing unknown ones, then the fields.
fn impl_enum(input: &DeriveInput, data: &DataEnum, krate: &syn::Path) -> TokenStream {
    let p = quote!(#krate::__private);
    let ident = &input.ident;
    let generics = with_wasm_type_bounds(input, &p);
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let unit_only = data.variants.iter().all(|v| v.fields.is_empty());
    let fixed = if unit_only { quote!(#p::Option::Some(4)) } else { quote!(#p::Option::None) };
    let name = ident.to_string();
    let (mut encodes, mut decodes) = (Vec::new(), Vec::new());
    for (index, variant) in data.variants.iter().enumerate() {
        let (tag, vident) = (index as u32, &variant.ident);
        let bindings: Vec<_> = (0..variant.fields.len()).map(|i| format_ident!("__f{}", i)).collect();
        let decoded = variant.fields.iter().map(|f| quote_spanned!(f.ty.span()=> #p::decode_nested(&mut __reader)?));
        let (pattern, value) = match &variant.fields {
            Fields::Named(named) => {
                let names: Vec<_> = named.named.iter().map(|f| &f.ident).collect();
                (quote!(Self::#vident { #(#names: #bindings),* }), quote!(Self::#vident { #(#names: #decoded),* }))
            }
            Fields::Unnamed(_) => (quote!(Self::#vident(#(#bindings),*)), quote!(Self::#vident(#(#decoded),*))),
            Fields::Unit => (quote!(Self::#vident), quote!(Self::#vident)),
        };
        let nested = variant
            .fields
            .iter()
            .zip(&bindings)
            .map(|(f, b)| quote_spanned!(f.ty.span()=> #p::encode_nested(#b, __out);));
        encodes.push(quote!(#pattern => {
            #p::encode_tag(#tag, __out);
            #(#nested)*
        }));
        decodes.push(quote!(#tag => #value,));
    }
    let variants = data.variants.iter().map(|v| {
        let (name, fields) = (v.ident.to_string(), fields_shape(&v.fields, &p));
        quote!(#p::Variant { name: #name, fields: #fields })
    });
    let describe = describe(input, quote!(#p::Body::Enum(&[#(#variants),*])), &p);
    quote! {
        const _: () = {
            #[automatically_derived]
            impl #impl_generics #p::WasmType for #ident #ty_generics #where_clause {
                const FIXED_SIZE: #p::Option<usize> = #fixed;
                fn encode<__B: #p::Buf>(&self, __out: &mut __B) {
                    match self {
                        #(#encodes)*
                    }
                }
                fn decode_with(__bytes: &[u8], __budget: &mut #p::Budget) -> #p::Result<Self, #p::WireError> {
                    let mut __reader = #p::Reader::nested(__bytes, __budget)?;
                    let __value = match #p::decode_tag(&mut __reader)? {
                        #(#decodes)*
                        __tag => return #p::Result::Err(#p::WireError::Tag { type_name: #name, tag: __tag }),
                    };
                    __reader.finish()?;
                    #p::Result::Ok(__value)
                }
            }
            #[automatically_derived]
            impl #impl_generics #p::MemoryType for #ident #ty_generics #where_clause {}
            #describe
        };
    }
}
