//! `#[plugin_export]`.
//!
//! On a free function, input:
//! ```ignore
//! #[plugin_export]
//! fn greet(name: &str) -> String { .. }
//! ```
//! Output: the function unchanged, plus (on wasm only) an
//! `extern "C"` function exported as `greet` that lifts each argument,
//! calls it, and lowers the result into the result slot.
//!
//! On a trait: the trait, checked, with the host half (`{Trait}Plugin`)
//! attached off wasm.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Item, ItemFn, ItemTrait, TraitItem};
use wasmbind_macro_support::{Args, Errors, Key, Signature, StateForm, record};

pub fn expand(args: TokenStream, item: TokenStream) -> TokenStream {
    let mut errors = Errors::default();
    let args = errors.ok(Args::parse(args, &[Key::Crate]));
    let krate = args.map(|a| a.krate).unwrap_or_else(|| syn::parse_quote!(::wasmbind));
    match syn::parse2::<Item>(item.clone()) {
        Ok(Item::Fn(func)) => export_fn(func, &krate, errors),
        Ok(Item::Trait(item_trait)) => export_trait(item_trait, &krate, errors),
        Ok(Item::Impl(item_impl)) => export_impl(item_impl, &krate, errors),
        _ => {
            errors.at(&item, "`#[plugin_export]` goes on a free function or a trait impl (to export them), or on a trait (to declare a plugin's exports)");
            errors.into_compile_errors()
        }
    }
}

fn export_fn(func: ItemFn, krate: &syn::Path, mut errors: Errors) -> TokenStream {
    let sig = Signature::new(&func.sig, StateForm::None, &mut errors);
    if let Err(e) = errors.finish() {
        let errors = e.to_compile_error();
        return quote!(#func #errors);
    }
    let ident = sig.ident;
    let glue = glue(&sig, krate, quote!(#ident));
    quote!(#func #glue)
}

/// `#[plugin_export] impl Calc for MyPlugin { .. }`: every method exported.
fn export_impl(item: syn::ItemImpl, krate: &syn::Path, mut errors: Errors) -> TokenStream {
    let Some((_, trait_path, _)) = &item.trait_ else {
        errors.at(&item.self_ty, "`#[plugin_export]` goes on an impl of a plugin export trait: `impl Calc for MyPlugin`");
        let errors = errors.into_compile_errors();
        return quote!(#item #errors);
    };
    if !item.generics.params.is_empty() {
        errors.at(&item.generics, "an exported impl cannot be generic: wasm exports have fixed signatures");
    }
    let self_ty = &item.self_ty;
    let sigs: Vec<_> = item
        .items
        .iter()
        .filter_map(|item| match item {
            syn::ImplItem::Fn(method) => Some(Signature::new(&method.sig, StateForm::None, &mut errors)),
            _ => None,
        })
        .collect();
    if errors.finish_ref().is_err() {
        let errors = errors.into_compile_errors();
        return quote!(#item #errors);
    }
    let glue = sigs.iter().map(|sig| {
        let ident = sig.ident;
        glue(sig, krate, quote!(<#self_ty as #trait_path>::#ident))
    });
    let trait_name = trait_path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default();
    let export = format!("wasmbind_exports_{trait_name}");
    let p = quote!(#krate::__private);
    quote! {
        #item
        #(#glue)*
        #[cfg(target_family = "wasm")]
        const _: () = {
            const __RECORD: &str = <#self_ty as #trait_path>::__WASMBIND_EXPORTS;
            #[unsafe(export_name = #export)]
            pub static __WASMBIND_RECORD: [u8; __RECORD.len() + 4] = #p::record::<{ __RECORD.len() + 4 }>(__RECORD);
        };
    }
}

fn glue(sig: &Signature, krate: &syn::Path, call: TokenStream) -> TokenStream {
    let p = quote!(#krate::__private);
    let export = sig.ident.to_string();
    let cores: Vec<_> = (0..sig.params.len()).map(|i| format_ident!("__a{}", i)).collect();
    let blocks: Vec<_> = (0..sig.params.len()).map(|i| format_ident!("__b{}", i)).collect();
    let core_params = sig.params.iter().zip(&cores).map(|(param, core)| {
        let ty = param.ty;
        quote_spanned!(ty.span()=> #core: <#ty as #p::WasmAbi>::Core)
    });
    let lifts = sig.params.iter().zip(cores.iter().zip(&blocks)).map(|(param, (core, block))| {
        let (ty, name) = (param.ty, param.ident.to_string());
        if param.borrows_slice() {
            let scratch = format_ident!("{}_scratch", block);
            return quote_spanned!(ty.span()=>
                let #block = #p::ArgBlock::new();
                let #scratch = #p::Scratch::new();
                let #core = #p::export_slice_arg::<#ty>(#core, &#block, &#scratch, #export, #name);
            );
        }
        quote_spanned!(ty.span()=>
            let #block = #p::ArgBlock::new();
            let #core = #p::export_arg::<#ty>(#core, &#block, #export, #name);
        )
    });
    let ret = sig.output.map_or_else(|| quote!(()), |ty| quote!(#ty));
    quote! {
        #[cfg(target_family = "wasm")]
        const _: () = {
            #[unsafe(export_name = #export)]
            extern "C" fn __wasmbind_export(#(#core_params),*) -> <#ret as #p::WasmAbi>::Core {
                #(#lifts)*
                #p::export_ret(#call(#(#cores),*), #export)
            }
        };
    }
}

/// Input: `pub trait Calc { fn greet(name: &str) -> String; }`.
/// Output: the trait with a hidden `__WASMBIND_EXPORTS` const holding its
/// interface record (which `#[plugin_export] impl` exports), and off wasm
/// the host half, `plugin_handle`, attached.
fn export_trait(mut item_trait: ItemTrait, krate: &syn::Path, mut errors: Errors) -> TokenStream {
    let mut sigs = Vec::new();
    let mut names = std::collections::HashSet::new();
    for item in &item_trait.items {
        match item {
            TraitItem::Fn(method) => {
                if !names.insert(method.sig.ident.to_string()) {
                    errors.at(&method.sig.ident, "an export with this name is already declared: export names must be unique");
                }
                sigs.push(Signature::new(&method.sig, StateForm::None, &mut errors));
                if let Some(body) = &method.default {
                    errors.at(body, "a plugin export declaration has no body: end it with `;`");
                }
            }
            other => errors.at(other, "a plugin export trait holds only functions"),
        }
    }
    if let Some(generics) = Some(&item_trait.generics).filter(|g| !g.params.is_empty()) {
        errors.at(generics, "a plugin export trait cannot be generic: wasm exports have fixed signatures");
    }
    if let Err(e) = errors.finish() {
        let errors = e.to_compile_error();
        return quote!(#item_trait #errors);
    }
    let text = record(&format!("exports {}", item_trait.ident), &sigs);
    item_trait.items.push(syn::parse_quote! {
        #[doc(hidden)]
        const __WASMBIND_EXPORTS: &'static str = #text;
    });
    let krate_arg = krate.to_token_stream_string();
    quote! {
        #[cfg_attr(not(target_family = "wasm"), #krate::__private::plugin_handle(crate = #krate_arg))]
        #item_trait
    }
}

trait PathString {
    fn to_token_stream_string(&self) -> String;
}

impl PathString for syn::Path {
    fn to_token_stream_string(&self) -> String {
        quote!(#self).to_string().replace(' ', "")
    }
}
