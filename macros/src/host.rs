//! The host half: `#[host_fn]` on a free function or on a trait.
//!
//! Free function, input:
//! ```ignore
//! #[host_fn(module = "env")]
//! pub fn log(state: &mut State, msg: &str) { .. }
//! ```
//! Output: the function, plus a hidden type `log` in the type namespace
//! implementing `HostFn`, whose `register` adds a `func_wrap` closure for
//! `env::log`. `use`-ing `log` imports both, so `add_to_linker!(l, g, [log])`
//! works wherever the function is in scope.
//!
//! Trait, input: `#[host_fn(module = "env")] pub trait Env { fn log(&mut self, msg: &str); }`.
//! Output off wasm: `mod env { fn add_to_linker(linker, get) }` registering
//! every method (the plugin half is in `guest`).

use proc_macro2::TokenStream;
use quote::{ToTokens, format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Ident, ItemFn, LitStr, Type};

use crate::model::{Interface, Signature};

/// The free form's output, after validation.
pub fn free_fn(func: &ItemFn, sig: &Signature, module: &LitStr, p: &TokenStream) -> TokenStream {
    let vis = &func.vis;
    let ident = sig.ident;
    // A function taking `&mut Context<'_, T, S>` registers on a `Linker<T>`
    // only; one taking the state registers on any linker.
    let (generics, data, state) = match (&sig.context, sig.state.map(|s| &*s.ty)) {
        (Some(cx), _) => (quote!(), cx.data.to_token_stream(), cx.state),
        (None, Some(Type::Reference(r))) if sig.is_async => {
            (quote!(<__T: ::core::marker::Send + 'static>), quote!(__T), &*r.elem)
        }
        (None, Some(Type::Reference(r))) => (quote!(<__T: 'static>), quote!(__T), &*r.elem),
        _ => return quote!(#func),
    };
    let wrap = func_wrap(p, sig, module, &data, Run::Host(quote!(#ident)), sig.is_async);
    quote! {
        #func

        #[doc(hidden)]
        #[allow(non_camel_case_types)]
        #vis enum #ident {}

        impl #generics #p::HostFn<#data> for #ident {
            type State = #state;
            fn register<__G>(__linker: &mut #p::Linker<#data>, __get: __G) -> #p::wasmtime::Result<()>
            where
                __G: ::core::ops::Fn(&mut #data) -> &mut #state + ::core::marker::Send + ::core::marker::Sync + ::core::marker::Copy + 'static,
            {
                #wrap
                #p::Result::Ok(())
            }
        }
    }
}

/// The host half of a `#[host_fn]` trait: `mod {module} { fn add_to_linker }`.
/// A trait with a method taking a context registers on a linker whose
/// store data is the implementing type.
pub fn trait_host(
    trait_ident: &Ident,
    vis: &syn::Visibility,
    mod_ident: &Ident,
    interface: &Interface,
    module: &LitStr,
    p: &TokenStream,
) -> TokenStream {
    let registration = |asyncness: bool| {
        let (data, params) = store_data(interface, trait_ident, asyncness);
        let wraps = interface.functions.iter().map(|sig| {
            let ident = sig.ident;
            func_wrap(p, sig, module, &data, Run::Host(quote!(<__S as super::#trait_ident>::#ident)), asyncness)
        });
        let body = quote! {
            #(#wraps)*
            let __install: #p::Installer<#data> =
                ::std::sync::Arc::new(move |__store, __f: &mut dyn ::core::ops::FnMut()| {
                    #p::with_store_at(&__HOST, __store, &__get, |__h| __h, __f)
                });
            __linker.add_installer(__install);
            #p::Result::Ok(())
        };
        (quote!(<#params>), data, body)
    };
    let ((generics, data, body), (generics_async, data_async, body_async)) = (registration(false), registration(true));
    let native = crate::guest::native_imports(crate::guest::Native::Host { trait_ident }, mod_ident, interface, p);
    let mod_doc = format!(
        " [`{trait_ident}`] off wasm: `add_to_linker` (or `add_to_linker_async`) registers a host's functions; the plugin side, compiled natively, calls the host installed with `with_host` or `with_store`."
    );
    let doc = format!(
        " Registers every function of [`{trait_ident}`] as the import module `{}`; each call runs the method on the state `get` projects from the store's data. For stores called synchronously: an `async fn` runs to completion on the calling thread.",
        module.value()
    );
    let doc_async = format!(
        " Registers every function of [`{trait_ident}`] as the import module `{}` with `func_wrap_async`, for stores whose plugins are called with the handles' `_async` methods: an `async fn` is awaited while the plugin waits, and a result of any length reaches the plugin.",
        module.value()
    );
    let get = |data: &TokenStream| quote!(__get: impl ::core::ops::Fn(&mut #data) -> &mut __S + ::core::marker::Send + ::core::marker::Sync + ::core::marker::Copy + 'static);
    let (get, get_async) = (get(&data), get(&data_async));
    quote! {
        #[cfg(not(target_family = "wasm"))]
        #[doc = #mod_doc]
        #vis mod #mod_ident {
            #[allow(unused_imports)]
            use super::*;

            #[doc = #doc]
            pub fn add_to_linker #generics(__linker: &mut #p::Linker<#data>, #get) -> #p::wasmtime::Result<()> {
                #body
            }

            #[doc = #doc_async]
            pub fn add_to_linker_async #generics_async(__linker: &mut #p::Linker<#data_async>, #get_async) -> #p::wasmtime::Result<()> {
                #body_async
            }

            #native
        }
    }
}

/// The store's data a `#[host_fn]` trait's functions run over, and the
/// generic parameters that name it and the state `__S`: the implementing
/// type itself when a function takes a context (`Context<'_, Self>`), else
/// any `__T` the state is projected from.
///
/// Registered async (`send`), both must also be `Send`: their borrows live
/// in the futures wasmtime may resume on another thread.
pub fn store_data(interface: &Interface, trait_ident: &Ident, send: bool) -> (TokenStream, TokenStream) {
    let send = send.then(|| quote!(+ ::core::marker::Send));
    match interface.functions.iter().any(|sig| sig.context.is_some()) {
        true => (quote!(__S), quote!(__S: super::#trait_ident #send + 'static)),
        false => (quote!(__T), quote!(__T: 'static #send, __S: super::#trait_ident #send + 'static)),
    }
}

/// What a registered function runs.
pub enum Run {
    /// A host function, `call(__get(data), args..)` or
    /// `call(&mut Context, args..)`.
    Host(TokenStream),
    /// The same-named method of the plugin handle `__get` picks (a link,
    /// `wasmbind::host::forward`); the arguments are copies.
    Forward,
}

/// `__linker.func_wrap(module, name, closure)?;` for one function, where
/// the closure lifts each argument, runs `run` and lowers the result.
/// `data` is the store's data type.
/// With `asyncness` the closure is registered with `func_wrap_async`, and
/// an `async fn` is awaited; without, an `async fn` runs to completion with
/// `block_on`. (An `async fn`'s borrowed slices are lifted as copies: the
/// per-call scratch they may borrow cannot cross threads.)
pub fn func_wrap(
    p: &TokenStream,
    sig: &Signature,
    module: &LitStr,
    data: &TokenStream,
    run: Run,
    asyncness: bool,
) -> TokenStream {
    let name = sig.ident.to_string();
    let names = sig.param_names();
    let core_params = sig.import_core_params(p);
    let cores: Vec<_> = (0..sig.params.len()).map(|i| format_ident!("__a{}", i)).collect();
    let forward = matches!(run, Run::Forward);
    let lifts = sig.params.iter().zip(&cores).enumerate().map(|(i, (param, core))| {
        let (ty, i) = (&param.ty, proc_macro2::Literal::usize_unsuffixed(i));
        if forward || (sig.is_async && param.borrows_slice()) {
            let owned = param.owned();
            return quote_spanned!(ty.span()=> let #core = #p::host_arg::<#owned>(#core, &mut __args, &__INFO, #i)?;);
        }
        if param.lent {
            let target = crate::model::lent_target(ty);
            return quote_spanned!(ty.span()=> let #core = #p::host_lent::<#target>(#core, #i););
        }
        if param.borrows_slice() {
            let scratch = format_ident!("__s{}", i.to_string());
            return quote_spanned!(ty.span()=>
                let #scratch = #p::Scratch::new();
                let #core = #p::host_slice_arg::<#ty>(#core, &mut __args, &#scratch, &__INFO, #i)?;
            );
        }
        quote_spanned!(ty.span()=> let #core = #p::host_arg::<#ty>(#core, &mut __args, &__INFO, #i)?;)
    });
    // Lent arguments are read later, through the context; the others here.
    let args_binding = match forward || sig.params.iter().any(|param| !param.lent) {
        true => quote!(mut __args),
        false => quote!(_),
    };
    let out = if sig.output.is_some() { quote!(__out) } else { quote!(0) };
    let tys = sig.params.iter().map(|p| &p.ty).chain(sig.output);
    let signature = sig.text();
    let (data_binding, run) = match (run, &sig.context) {
        (Run::Host(call), None) => {
            let args = sig.params.iter().zip(&cores).map(|(param, core)| match sig.is_async && param.borrows_slice() {
                true => quote!(&#core),
                false => quote!(#core),
            });
            let call = quote!(#call(__get(__data), #(#args),*));
            let run = match (sig.is_async, asyncness) {
                (true, true) => quote!(#call.await),
                (true, false) => quote!(#p::block_on(#call)),
                (false, _) => call,
            };
            (quote!(__data), run)
        }
        (Run::Host(call), Some(_)) => {
            let lent = sig.params.iter().zip(&cores).filter(|(param, _)| param.lent).map(|(_, core)| core);
            let cx = quote!(#p::Context::new(&mut __caller, &__get, __callee, __key, &__INFO, &[#(#lent.span()),*])?);
            (quote!(_), quote!(#call(&mut #cx, #(#cores),*)))
        }
        (Run::Forward, _) => {
            let method = sig.ident;
            let args = sig.params.iter().zip(&cores).map(|(param, core)| match param.borrows() {
                true => quote!(&#core),
                false => quote!(#core),
            });
            let run = match asyncness {
                false => {
                    let call = quote!(|__h: &Self, __s| __h.#method(__s, #(#args),*));
                    quote!(#p::forward(&mut __caller, __get, &__INFO, #call)?)
                }
                // A clone (two reference counts): the call needs the store, which holds `get`'s answer.
                true => {
                    let method = format_ident!("{}_async", method);
                    quote! {
                        #p::linked(&__INFO, match __get(__caller.data()).cloned() {
                            #p::Option::Some(__h) => #p::Option::Some(__h.#method(&mut __caller, #(#args),*).await),
                            #p::Option::None => #p::Option::None,
                        })?
                    }
                }
            };
            (quote!(_), run)
        }
    };
    // Declared limits are checked before anything is read.
    let limits = sig.limits.tokens(p);
    let charge = sig.limits.any().then(|| {
        let lens = sig.params.iter().zip(&cores).map(|(param, core)| {
            let ty = &param.ty;
            quote_spanned!(ty.span()=> <#ty as #p::WasmAbi>::body_len(#core))
        });
        quote!(#p::host_limits(&mut __caller, &__INFO, &[#(#lens),*])?;)
    });
    let enter = quote! {
        #charge
        let (__callee, #args_binding, #data_binding) = #p::host_enter(&mut __caller, &__INFO, __key)?;
        #(#lifts)*
    };
    let register = match asyncness {
        false => quote! {
            __linker.func_wrap(#module, #name, move |mut __caller: #p::Caller<'_, #data>, #(#core_params),*| {
                #enter
                let __result = #run;
                #p::host_ret(__result, &mut __caller, __callee, #out, __key, &__INFO)
            })?;
        },
        // The arguments' borrows of the caller end with the block, before the result is placed.
        true => {
            let (idents, tys) = sig.import_core_idents_and_types(p);
            quote! {
                __linker.func_wrap_async(#module, #name, move |mut __caller: #p::Caller<'_, #data>, (#(#idents,)*): (#(#tys,)*)| {
                    #p::host_async(async move {
                        let (__callee, __result) = {
                            #enter
                            (__callee, #run)
                        };
                        #p::host_ret_async(__result, &mut __caller, __callee, #out, __key, &__INFO).await
                    })
                })?;
            }
        }
    };
    quote! {{
        __linker.declare(#module, #name, #signature);
        const __INFO: #p::HostFnInfo = #p::HostFnInfo {
            module: #module,
            name: #name,
            params: &[#(#names),*],
            memory: false #(|| <#tys as #p::WasmAbi>::MEMORY)*,
            limits: #limits,
        };
        #register
    }}
}
