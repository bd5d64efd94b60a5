//! `#[host_fn(module = "env")]`, on a free function or on a trait.
//!
//! Free function, input:
//! ```ignore
//! #[host_fn(module = "env")]
//! pub fn log(state: &mut State, msg: &str) { .. }
//! ```
//! Output: the function, plus `__wasmbind_host_fn_log`, which registers a
//! `func_wrap` closure for `env::log` (see `add_to_linker!`).
//!
//! Trait, input:
//! ```ignore
//! #[host_fn(module = "env")]
//! pub trait Env { fn log(&mut self, msg: &str); }
//! ```
//! Output: the trait; off wasm, `mod env { fn add_to_linker(linker, get) }`
//! registering every method; on wasm, the guest half (`host_fn_imports`)
//! adds `mod env { fn log(msg: &str) }` wrappers instead.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Item, ItemFn, ItemTrait, LitStr, TraitItem, Type};
use wasmbind_macro_support::{Args, Errors, Key, Signature, StateForm, module_ident, path_literal, signature_text};

pub fn expand(args: TokenStream, item: TokenStream) -> TokenStream {
    let mut errors = Errors::default();
    let args = errors.ok(Args::parse(args, &[Key::Module, Key::Crate]));
    let module = args.as_ref().and_then(|a| errors.ok(a.require_module("host_fn")).cloned());
    match syn::parse2::<Item>(item.clone()) {
        Ok(Item::Fn(func)) => free_fn(func, args, module, errors),
        Ok(Item::Trait(item_trait)) => host_trait(item_trait, args, module, errors),
        _ => {
            errors.at(&item, "`#[host_fn]` goes on a free function whose first parameter is the host state, e.g. `fn log(state: &mut State, msg: &str)`, or on a trait of such functions taking `&mut self`");
            errors.into_compile_errors()
        }
    }
}

fn free_fn(func: ItemFn, args: Option<Args>, module: Option<LitStr>, mut errors: Errors) -> TokenStream {
    let sig = Signature::new(&func.sig, StateForm::FirstParam, &mut errors);
    let (Some(args), Some(module), Some(state), Ok(())) = (args, module, sig.state, errors.finish_ref()) else {
        let errors = errors.into_compile_errors();
        return quote!(#func #errors);
    };
    let p = private(&args.krate);
    let vis = &func.vis;
    let register = format_ident!("__wasmbind_host_fn_{}", sig.ident);
    let state_ty = match &*state.ty {
        Type::Reference(r) => &r.elem,
        other => other,
    };
    let ident = sig.ident;
    let wrap = func_wrap(&p, &sig, &module, quote!(#ident));
    quote! {
        #func

        #[doc(hidden)]
        #vis fn #register<__T: 'static>(
            __linker: &mut #p::Linker<__T>,
            __get: impl ::core::ops::Fn(&mut __T) -> &mut #state_ty + ::core::marker::Send + ::core::marker::Sync + ::core::marker::Copy + 'static,
        ) -> #p::wasmtime::Result<()> {
            #wrap
            #p::Result::Ok(())
        }
    }
}

fn host_trait(item: ItemTrait, args: Option<Args>, module: Option<LitStr>, mut errors: Errors) -> TokenStream {
    let sigs = trait_methods(&item, StateForm::Receiver, &mut errors);
    let (Some(args), Some(module), Ok(())) = (args, module, errors.finish_ref()) else {
        let errors = errors.into_compile_errors();
        return quote!(#item #errors);
    };
    let p = private(&args.krate);
    let vis = &item.vis;
    let trait_ident = &item.ident;
    let mod_ident = module_ident(&module, trait_ident);
    let wraps = sigs.iter().map(|sig| {
        let ident = sig.ident;
        func_wrap(&p, sig, &module, quote!(<__S as super::#trait_ident>::#ident))
    });
    let krate_lit = path_literal(&args.krate);
    let mod_doc = format!(" The host side of [`{trait_ident}`].");
    let doc = format!(
        " Registers every function of [`{trait_ident}`] as the import module `{}`; each call runs the method on the state `get` projects from the store's data.",
        module.value()
    );
    quote! {
        #[cfg_attr(target_family = "wasm", #p::host_fn_imports(module = #module, crate = #krate_lit))]
        #item

        #[cfg(not(target_family = "wasm"))]
        #[doc = #mod_doc]
        #vis mod #mod_ident {
            #[allow(unused_imports)]
            use super::*;

            #[doc = #doc]
            pub fn add_to_linker<__T: 'static, __S: super::#trait_ident + 'static>(
                __linker: &mut #p::Linker<__T>,
                __get: impl ::core::ops::Fn(&mut __T) -> &mut __S + ::core::marker::Send + ::core::marker::Sync + ::core::marker::Copy + 'static,
            ) -> #p::wasmtime::Result<()> {
                #(#wraps)*
                #p::Result::Ok(())
            }
        }
    }
}

/// The checked signatures of a trait's methods; errors for anything else.
pub fn trait_methods<'a>(item: &'a ItemTrait, form: StateForm, errors: &mut Errors) -> Vec<Signature<'a>> {
    if !item.generics.params.is_empty() {
        errors.at(&item.generics, "a boundary trait cannot be generic: wasm signatures are fixed");
    }
    let mut seen = std::collections::HashSet::new();
    item.items
        .iter()
        .filter_map(|item| match item {
            TraitItem::Fn(method) => {
                if !seen.insert(method.sig.ident.to_string()) {
                    errors.at(&method.sig.ident, "a boundary function with this name is already declared: names must be unique in a module");
                }
                if let Some(body) = &method.default {
                    errors.at(body, "a boundary declaration has no body: end it with `;`");
                }
                Some(Signature::new(&method.sig, form, errors))
            }
            other => {
                errors.at(other, "a boundary trait holds only functions");
                None
            }
        })
        .collect()
}

fn private(krate: &syn::Path) -> TokenStream {
    quote!(#krate::__private)
}

/// `__linker.func_wrap(module, name, closure)?;` for one function, where
/// the closure lifts each argument, runs `call(__get(data), args..)` and
/// lowers the result.
fn func_wrap(p: &TokenStream, sig: &Signature, module: &LitStr, call: TokenStream) -> TokenStream {
    let name = sig.ident.to_string();
    let names = sig.param_names();
    let cores: Vec<_> = (0..sig.params.len()).map(|i| format_ident!("__a{}", i)).collect();
    let core_tys = sig.params.iter().map(|param| {
        let ty = param.ty;
        quote_spanned!(ty.span()=> <#ty as #p::WasmAbi>::Core)
    });
    let lifts = sig.params.iter().enumerate().map(|(i, param)| {
        let (ty, core, i) = (param.ty, &cores[i], proc_macro2::Literal::usize_unsuffixed(i));
        if param.borrows_slice() {
            let scratch = format_ident!("__s{}", i.to_string());
            return quote_spanned!(ty.span()=>
                let #scratch = #p::Scratch::new();
                let #core = #p::host_slice_arg::<#ty>(#core, __memory, &#scratch, &__INFO, #i)?;
            );
        }
        quote_spanned!(ty.span()=> let #core = #p::host_arg::<#ty>(#core, __memory, &__INFO, #i)?;)
    });
    let out_param = sig.output.map(|_| quote!(__out: i64,));
    let out = if sig.output.is_some() { quote!(__out) } else { quote!(0) };
    let tys = sig.params.iter().map(|p| p.ty).chain(sig.output);
    let signature = signature_text(sig);
    quote! {{
        #p::declare_import(#module, #name, #signature);
        const __INFO: #p::HostFnInfo = #p::HostFnInfo {
            module: #module,
            name: #name,
            params: &[#(#names),*],
            memory: false #(|| <#tys as #p::WasmAbi>::MEMORY)*,
        };
        __linker.func_wrap(#module, #name, move |mut __caller: #p::Caller<'_, __T>, #(#cores: #core_tys,)* #out_param __key: i64| {
            let (__callee, __memory, __data) = #p::host_enter(&mut __caller, &__INFO, __key)?;
            #(#lifts)*
            let __result = #call(__get(__data), #(#cores),*);
            #p::host_ret(__result, &mut __caller, __callee, #out, &__INFO)
        })?;
    }}
}
