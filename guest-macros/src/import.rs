//! `#[host_import(module = "env")]` on an `extern` block.
//!
//! Input:
//! ```ignore
//! #[host_import(module = "env")]
//! extern "C" { pub fn get(key: &str) -> Option<String>; }
//! ```
//! Output: `pub fn get(key: &str) -> Option<String>`, a safe wrapper that
//! lowers each argument, calls the raw import `env::get` with a result
//! area, and lifts the result. Off wasm the wrapper panics: imports exist
//! only inside a plugin.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Attribute, ForeignItem, ItemForeignMod, ItemTrait, LitStr, TraitItem, Visibility};
use wasmbind_macro_support::{Args, Errors, Key, Signature, StateForm, docs, module_ident, record};

pub fn expand(args: TokenStream, item: TokenStream) -> TokenStream {
    let mut errors = Errors::default();
    let args = errors.ok(Args::parse(args, &[Key::Module, Key::Crate]));
    let block: ItemForeignMod = match syn::parse2(item.clone()) {
        Ok(block) => block,
        Err(_) => {
            errors.at(&item, "`#[host_import]` goes on an `extern \"C\"` block of host functions, e.g. `extern \"C\" { fn log(msg: &str); }`");
            return errors.into_compile_errors();
        }
    };
    let module = args.as_ref().and_then(|a| errors.ok(a.require_module("host_import")).cloned());
    let mut wrappers = Vec::new();
    for item in &block.items {
        match item {
            ForeignItem::Fn(func) => {
                let sig = Signature::new(&func.sig, StateForm::None, &mut errors);
                if let (Some(args), Some(module)) = (&args, &module) {
                    wrappers.push(wrapper(&func.attrs, &func.vis, &sig, module, &args.krate));
                }
            }
            other => errors.at(other, "`#[host_import]` blocks hold only functions"),
        }
    }
    let errors = errors.into_compile_errors();
    quote!(#(#wrappers)* #errors)
}

/// The guest half of `#[host_fn]` on a trait: the trait, plus a module of
/// safe wrappers, one per method, named after the import module.
pub fn expand_trait(args: TokenStream, item: TokenStream) -> TokenStream {
    let mut errors = Errors::default();
    let (Some(args), Ok(item_trait)) = (errors.ok(Args::parse(args, &[Key::Module, Key::Crate])), syn::parse2::<ItemTrait>(item.clone())) else {
        return quote!(#item);
    };
    let Some(module) = args.module.clone() else { return quote!(#item_trait) };
    let vis = &item_trait.vis;
    let mod_ident = module_ident(&module, &item_trait.ident);
    let public = syn::parse_quote!(pub);
    let sigs: Vec<_> = item_trait
        .items
        .iter()
        .filter_map(|item| match item {
            TraitItem::Fn(method) => Some((method, Signature::new(&method.sig, StateForm::Receiver, &mut errors))),
            _ => None,
        })
        .collect();
    let wrappers: Vec<_> = sigs.iter().map(|(method, sig)| wrapper(&method.attrs, &public, sig, &module, &args.krate)).collect();
    let text = record(&format!("imports {} {}", module.value(), item_trait.ident), sigs.iter().map(|(_, sig)| sig));
    let export = format!("wasmbind_imports_{}", module.value());
    let p = &args.krate;
    let doc = format!(" The plugin side of [`{}`]: the host's functions, safe to call.", item_trait.ident);
    quote! {
        #item_trait

        #[doc = #doc]
        #vis mod #mod_ident {
            #[allow(unused_imports)]
            use super::*;
            #(#wrappers)*

            const __RECORD: &str = #text;
            #[doc(hidden)]
            #[unsafe(export_name = #export)]
            pub static __WASMBIND_RECORD: [u8; __RECORD.len() + 4] = #p::__private::record::<{ __RECORD.len() + 4 }>(__RECORD);
        }
    }
}

fn wrapper(attrs: &[Attribute], vis: &Visibility, sig: &Signature, module: &LitStr, krate: &syn::Path) -> TokenStream {
    let p = quote!(#krate::__private);
    let docs = docs(attrs);
    let ident = sig.ident;
    let params = sig.params.iter().map(|param| param.original);
    let output = &sig.original.output;
    let user_sig = quote!(fn #ident(#(#params),*) #output);
    let name = ident.to_string();
    let label = format!("{}::{}", module.value(), name);
    let cores: Vec<_> = (0..sig.params.len()).map(|i| format_ident!("__a{}", i)).collect();
    let keeps: Vec<_> = (0..sig.params.len()).map(|i| format_ident!("__k{}", i)).collect();
    let idents: Vec<_> = sig.params.iter().map(|p| p.ident).collect();
    let core_params = sig.params.iter().zip(&cores).map(|(param, core)| {
        let ty = param.ty;
        quote_spanned!(ty.span()=> #core: <#ty as #p::WasmAbi>::Core)
    });
    let lowers = sig.params.iter().zip(cores.iter().zip(&keeps)).map(|(param, (core, keep))| {
        let (ident, arg) = (param.ident, param.ident.to_string());
        quote_spanned!(param.ty.span()=>
            let mut #keep = #p::ImportArg::new();
            let #core = #p::import_arg(&#ident, &mut #keep, #label, #arg);
        )
    });
    let call = match sig.output {
        None => quote! {
            #[link(wasm_import_module = #module)]
            unsafe extern "C" {
                #[link_name = #name]
                fn __wasmbind_import(#(#core_params,)* __key: i64);
            }
            #(#lowers)*
            // SAFETY: declared with the core signature the host registers (docs/ABI.md).
            unsafe { __wasmbind_import(#(#cores,)* #p::instance_key()) }
        },
        Some(ty) => quote! {
            #[link(wasm_import_module = #module)]
            unsafe extern "C" {
                #[link_name = #name]
                fn __wasmbind_import(#(#core_params,)* __out: i64, __key: i64) -> <#ty as #p::WasmAbi>::Core;
            }
            #(#lowers)*
            let mut __area = #p::ResultArea::new();
            // SAFETY: declared with the core signature the host registers (docs/ABI.md).
            let __result = unsafe { __wasmbind_import(#(#cores,)* __area.out::<#ty>(), #p::instance_key()) };
            #p::import_ret(__result, &mut __area, #label)
        },
    };
    let message = format!("{label} is a host import: it can only be called from a plugin running in wasm");
    quote! {
        #(#docs)*
        #vis #user_sig {
            #[cfg(target_family = "wasm")]
            {
                #call
            }
            #[cfg(not(target_family = "wasm"))]
            {
                let _ = (#(&#idents,)*);
                ::core::panic!(#message)
            }
        }
    }
}
