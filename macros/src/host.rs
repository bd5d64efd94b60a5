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
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{Ident, ItemFn, LitStr, Type};

use crate::model::{Crossing, Interface, Side, Signature, StoreData};

/// The free form's output, after validation.
pub fn free_fn(func: &ItemFn, sig: &Signature, module: &LitStr, p: &TokenStream) -> TokenStream {
    let vis = &func.vis;
    let ident = sig.ident;
    // A function taking `&mut Context<'_, T, S>` registers on a `Linker<T>`
    // only; one taking the state registers on any linker.
    let (store, state) = match (&sig.context, sig.state.map(|s| &*s.ty)) {
        (Some(cx), _) => (StoreData { data: cx.data.to_token_stream(), params: quote!() }, cx.state),
        (None, Some(Type::Reference(r))) if sig.is_async => {
            (StoreData { data: quote!(__T), params: quote!(__T: ::core::marker::Send + 'static) }, &*r.elem)
        }
        (None, Some(Type::Reference(r))) => (StoreData { data: quote!(__T), params: quote!(__T: 'static) }, &*r.elem),
        _ => return quote!(#func),
    };
    let run = Run { call: quote!(#ident), state: state.to_token_stream() };
    // Inside the registration the runtime is `__p`, so its lines fit.
    let private = p;
    let p = &quote!(__p);
    let lifting = lifting(sig, module, &store, &run);
    let register = register(p, sig, sig.is_async);
    let StoreData { data, params: generics } = &store;
    quote! {
        #func

        #[doc(hidden)]
        #[allow(non_camel_case_types)]
        #vis enum #ident {}

        #[allow(clippy::too_many_arguments)]
        impl<#generics> #private::HostFn<#data> for #ident {
            type State = #state;
            fn register<__G>(__linker: &mut #private::Linker<#data>, __get: __G) -> #private::wasmtime::Result<()>
            where
                __G: ::core::ops::Fn(&mut #data) -> &mut #state + ::core::marker::Send + ::core::marker::Sync + ::core::marker::Copy + 'static,
            {
                use #private as __p;
                #lifting
                #register
                __p::Result::Ok(())
            }
        }
    }
}

/// The host half of a `#[host_fn]` trait: `mod {module} { fn add_to_linker }`.
/// A trait with a method taking a context registers on a linker whose
/// store data is the implementing type.
pub fn trait_host(interface: &Interface, side: &Side) -> TokenStream {
    let Side { ident: trait_ident, vis, module, mod_ident } = side;
    let (private, p) = (&interface.private, &quote!(__p));
    let run = |sig: &Signature| {
        let ident = sig.ident;
        Run { call: quote!(<__S as super::#trait_ident>::#ident), state: quote!(__S) }
    };
    let store = interface.store_data(trait_ident, false);
    let liftings = interface.functions.iter().map(|sig| lifting(sig, module, &store, &run(sig)));
    let registration = |asyncness: bool| {
        let StoreData { data, params } = interface.store_data(trait_ident, asyncness);
        let registers = interface.functions.iter().map(|sig| register(p, sig, asyncness));
        let body = quote! {
            #(#registers)*
            __linker.add_installer(#p::installer(&__HOST, __get, |__h| __h));
            #p::Result::Ok(())
        };
        (quote!(<#params>), data, body)
    };
    let ((generics, data, body), (generics_async, data_async, body_async)) = (registration(false), registration(true));
    // Without an `async fn`, both registrations are one, generic over how
    // each function is wrapped.
    let (body, body_async, shared) = match interface.functions.iter().any(|sig| sig.is_async) {
        true => (body, body_async, None),
        false => {
            let registers = interface.functions.iter().map(|sig| {
                let (info, lift) = names(sig);
                quote!(__m.register(__linker, &#info, __get, #lift)?;)
            });
            let shared = quote! {
                fn __register #generics(
                    __linker: &mut #p::Linker<#data>,
                    __get: impl #p::Get<#data, __S>,
                    __m: impl #p::Mode<#data>,
                ) -> #p::wasmtime::Result<()> {
                    #(#registers)*
                    __linker.add_installer(#p::installer(&__HOST, __get, |__h| __h));
                    #p::Result::Ok(())
                }
            };
            (
                quote!(__register(__linker, __get, #p::Wrap)),
                quote!(__register(__linker, __get, #p::WrapAsync)),
                Some(shared),
            )
        }
    };
    let native = crate::guest::native_imports(interface, side);
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
        #[allow(clippy::too_many_arguments)]
        #vis mod #mod_ident {
            #[allow(unused_imports)]
            use super::*;
            #[allow(unused_imports)]
            use #private as __p;

            #[doc = #doc]
            pub fn add_to_linker #generics(__linker: &mut #p::Linker<#data>, #get) -> #p::wasmtime::Result<()> {
                #body
            }

            #[doc = #doc_async]
            pub fn add_to_linker_async #generics_async(__linker: &mut #p::Linker<#data_async>, #get_async) -> #p::wasmtime::Result<()> {
                #body_async
            }

            #shared

            #(#liftings)*

            #native
        }
    }
}

/// What a registered host function runs: `call(__get(data), args..)` or
/// `call(&mut Context, args..)`, on the state `state`.
pub struct Run {
    pub call: TokenStream,
    pub state: TokenStream,
}

/// The names of a function's description (`__INFO_LOG`) and lifting
/// function (`__lift_log`).
pub fn names(sig: &Signature) -> (Ident, Ident) {
    let name = sig.ident.unraw().to_string();
    (format_ident!("__INFO_{}", name.to_uppercase()), format_ident!("__lift_{}", name))
}

/// One function's description, `const __INFO_LOG: HostFnInfo`, and its
/// lifting function `__lift_log(caller, get, (core params)) -> Lifted<_>`, which checks
/// and lifts each argument and runs `run`: what every registration of the
/// function shares ([`register`]). `store` declares the store's data and
/// the state. An `async fn`'s lifting function
/// returns its future (an `async fn`'s borrowed slices are lifted as copies
/// the future owns: the per-call scratch they may borrow cannot cross
/// threads); a link's returns the lifted arguments.
pub fn lifting(sig: &Signature, module: &LitStr, store: &StoreData, run: &Run) -> TokenStream {
    let (p, StoreData { data, params: generics }) = (&quote!(__p), store);
    let (info, lift) = names(sig);
    let (idents, core_tys) = sig.import_core_idents_and_types(p);
    let cores: Vec<_> = (0..sig.params.len()).map(|i| format_ident!("__a{}", i)).collect();
    let lifts = sig.params.iter().zip(&cores).enumerate().map(|(i, (param, core))| {
        let (ty, i) = (&param.ty, proc_macro2::Literal::usize_unsuffixed(i));
        match param.crossing {
            // An `async fn`'s future owns copies of its slices: the per-call
            // scratch they may borrow cannot cross threads.
            Crossing::Scratch if sig.is_async => {
                let owned = param.owned();
                quote_spanned!(ty.span()=> let #core = #p::host_arg::<#owned>(#core, &mut __args, &#info, #i)?;)
            }
            Crossing::Scratch => {
                let scratch = format_ident!("__s{}", i.to_string());
                quote_spanned!(ty.span()=>
                    let #scratch = #p::Scratch::new();
                    let #core = #p::host_slice_arg::<#ty>(#core, &mut __args, &#scratch, &#info, #i)?;
                )
            }
            Crossing::Lent => {
                let target = crate::model::lent_target(ty);
                quote_spanned!(ty.span()=> let #core = #p::host_lent::<#target>(#core, &mut __args, &#info, #i)?;)
            }
            Crossing::Value | Crossing::Borrow => {
                quote_spanned!(ty.span()=> let #core = #p::host_arg::<#ty>(#core, &mut __args, &#info, #i)?;)
            }
        }
    });
    // Every argument is lifted (or, when lent, charged) through the call's arguments.
    let args_binding = match sig.params.is_empty() {
        false => quote!(mut __args),
        true => quote!(_),
    };
    let out = if sig.output.is_some() { quote!(__out) } else { quote!(0) };
    let output = match sig.output {
        Some(ty) => quote!(#ty),
        None => quote!(()),
    };
    let Run { call, state } = run;
    let get = quote!(__g: impl #p::Get<#data, #state>,);
    let (lifetime, data_binding, context, value, ret) = match &sig.context {
        None => {
            let args = sig.params.iter().zip(&cores).map(|(param, core)| match sig.is_async && param.borrows_slice() {
                true => quote!(&#core),
                false => quote!(#core),
            });
            let call = quote!(#call(__g(__d), #(#args),*));
            match sig.is_async {
                false => (quote!(), quote!(__d), None, call, output),
                true => {
                    let copies = sig.params.iter().any(|param| param.borrows_slice());
                    let value = if copies { quote!(async move { #call.await }) } else { call };
                    let ret = quote!(impl ::core::future::Future<Output = #output> + '__c);
                    (quote!('__c,), quote!(__d), None, value, ret)
                }
            }
        }
        Some(_) => {
            let lent: Vec<_> =
                sig.params.iter().zip(&cores).filter(|(param, _)| param.lent()).map(|(_, core)| core).collect();
            // The context borrows the lent arguments' spans for the call.
            let cx = match lent.is_empty() {
                true => quote!(let mut __cx = #p::Context::new(__c, &__g, __m, &#info, &[])?;),
                false => quote! {
                    let __lent = [#(#lent.span()),*];
                    let mut __cx = #p::Context::new(__c, &__g, __m, &#info, &__lent)?;
                },
            };
            (quote!(), quote!(_), Some(cx), quote!(#call(&mut __cx, #(#cores),*)), output)
        }
    };
    let caller_ref = match lifetime.is_empty() {
        true => quote!(&mut),
        false => quote!(&'__c mut),
    };
    // Declared limits are checked before anything is read.
    let charge = sig.limits.any().then(|| {
        let lens = sig.params.iter().zip(&cores).map(|(param, core)| {
            let ty = &param.ty;
            quote_spanned!(ty.span()=> <#ty as #p::WasmAbi>::body_len(#core))
        });
        quote!(#p::host_limits(__c, &#info, &[#(#lens),*])?;)
    });
    let info_const = info_const(p, sig, module);
    // A context function whose arguments are all lent reads none of them
    // from memory here: the context views it once, to check their spans.
    let enter = match sig.context.is_some() && sig.params.iter().all(|param| param.lent()) {
        true => quote!(host_context),
        false => quote!(host_enter),
    };
    // A borrowed result is written into the plugin's result area here,
    // while the state it borrows is still borrowed: the arguments are read
    // from the memory that `__r` lends until then.
    if sig.lent_output.is_some() {
        let args_binding = match sig.params.is_empty() {
            false => quote!(let mut __args = __r.args();),
            true => quote!(),
        };
        return quote! {
            #info_const
            #[inline]
            fn #lift<#generics>(
                __c: &mut #p::Caller<'_, #data>,
                #get
                (#(#idents,)*): (#(#core_tys,)*),
            ) -> #p::wasmtime::Result<#p::Lifted<#p::Placed>> {
                #charge
                let (__m, mut __r, __d) = #p::host_enter_lent(__c, &#info, __key)?;
                #args_binding
                #(#lifts)*
                let __v = #value;
                __r.place(__v, __m, __out, &#info)
            }
        };
    }
    quote! {
        #info_const
        #[inline]
        fn #lift<#lifetime #generics>(
            __c: #caller_ref #p::Caller<'_, #data>,
            #get
            (#(#idents,)*): (#(#core_tys,)*),
        ) -> #p::wasmtime::Result<#p::Lifted<#ret>> {
            #charge
            let (__m, #args_binding, #data_binding) = #p::#enter(__c, &#info, __key)?;
            #(#lifts)*
            #context
            #p::Lifted::ok(#value, __m, #out)
        }
    }
}

/// One function's description, `const __INFO_LOG: HostFnInfo`: its import
/// name, Rust signature, parameter names, shapes and declared limits.
pub fn info_const(p: &TokenStream, sig: &Signature, module: &LitStr) -> TokenStream {
    let (info, _) = names(sig);
    let (name, names, signature) = (sig.ident.to_string(), sig.param_names(), sig.text());
    let ty = sig.static_fn_type();
    let limits = sig.limits.any().then(|| {
        let limits = sig.limits.tokens(p);
        quote!(.limits(#limits))
    });
    let of = if sig.output.is_some() { quote!(returning) } else { quote!(of) };
    quote! {
        const #info: #p::HostFnInfo = #p::HostFnInfo::#of::<#ty>(#module, #name, #signature, &[#(#names),*])#limits;
    }
}

/// Registers one function whose [`lifting`] is in scope on `__linker`:
/// with `func_wrap`, or with `asyncness` with `func_wrap_async`, where an
/// `async fn` and a link's call into another plugin are awaited (without,
/// an `async fn` runs to completion with `block_on`).
pub fn register(p: &TokenStream, sig: &Signature, asyncness: bool) -> TokenStream {
    let (info, lift) = names(sig);
    match (sig.is_async, asyncness) {
        (false, false) => quote!(#p::register_fn(__linker, &#info, move |__c, __p| #lift(__c, __get, __p))?;),
        (false, true) => quote!(#p::register_fn_async(__linker, &#info, move |__c, __p| #lift(__c, __get, __p))?;),
        (true, false) => {
            quote!(#p::register_fn(__linker, &#info, move |__c, __p| #p::Result::Ok(#lift(__c, __get, __p)?.block_on()))?;)
        }
        (true, true) => quote! {
            #p::register_future(__linker, &#info, move |mut __caller, __p| #p::host_async(async move {
                let (__lifted, __future) = #lift(&mut __caller, __get, __p)?.split();
                let __result = __future.await;
                __lifted.with(__result).ret_async(&mut __caller, &#info).await
            }))?;
        },
    }
}
