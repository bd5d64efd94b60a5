//! The plugin half: import wrappers (`#[host_import]` blocks and the plugin
//! side of `#[host_fn]` traits) and export glue (`#[plugin_export]` on a
//! free function or an impl). Everything here is emitted under
//! `cfg(target_family = "wasm")`, except the import wrappers' native stubs.
//!
//! Import, input: `#[host_import(module = "env")] extern "C" { pub fn get(key: &str) -> Option<String>; }`.
//! Output: `pub fn get(key: &str) -> Option<String>`, a safe wrapper that
//! lowers each argument, calls the raw import `env::get` with a result area
//! and the instance key, and lifts the result.
//!
//! Export, input: `#[plugin_export] fn greet(name: &str) -> String { .. }`.
//! Output: the function, plus an `extern "C"` function exported as `greet`
//! that lifts each argument, calls it, and lowers the result.

use proc_macro2::TokenStream;
use quote::{ToTokens, format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Ident, LitStr, Visibility};
use wasmbind_shared::Heading;

use crate::model::{Interface, Kind, Side, Signature, record_ident, record_parts};

/// The plugin half of a `#[host_fn]` trait, or the importing side of a
/// `#[plugin_export(link)]` trait (module `plugin:{Trait}`, which the host
/// links to another plugin): `mod {module}` of safe wrappers, one per
/// method, and the imports record (for an export trait, its exports record
/// reheaded).
pub fn trait_imports(interface: &Interface, side: &Side) -> TokenStream {
    let Side { ident: trait_ident, vis, module, mod_ident } = side;
    let (private, p) = (&interface.private, &quote!(__p));
    let public = syn::parse_quote!(pub);
    let host = matches!(interface.kind, Kind::HostTrait(_));
    let wrappers = interface.functions.iter().map(|sig| wrapper(&public, sig, module, p, false, host));
    let heading = Heading::Imports { module: module.value(), trait_name: trait_ident.to_string() };
    let (kind_methods, closes) = (resource_methods(interface, side), close_impls(interface, false));
    let (record, doc) = match interface.kind {
        Kind::ExportTrait { .. } => (reheaded_static(&heading, &record_ident(trait_ident), p), linked_doc(side)),
        _ => (
            record_static(&heading, &interface.functions, p),
            format!(" The plugin side of [`{trait_ident}`]: the host's functions, safe to call."),
        ),
    };
    // Functions mirror the declared ones: as many parameters as they have.
    quote! {
        #[cfg(target_family = "wasm")]
        #[doc = #doc]
        #[allow(clippy::too_many_arguments)]
        #vis mod #mod_ident {
            #[allow(unused_imports)]
            use super::*;
            #[allow(unused_imports)]
            use #private as __p;
            #(#wrappers)*
            #kind_methods
            #closes
            #record
        }
    }
}

/// The documentation of a `#[plugin_export(link)]` trait's `mod calc`.
pub fn linked_doc(side: &Side) -> String {
    format!(
        " [`{}`] as implemented by another plugin, safe to call: the host links the import module `{}` to that plugin.",
        side.ident,
        side.module.value()
    )
}

/// The parameters as the plugin passes them, `name: Type` (`&X` for a lent one).
pub fn typed_params(sig: &Signature) -> Vec<TokenStream> {
    sig.params
        .iter()
        .map(|param| {
            let (ident, ty) = (param.ident, &param.ty);
            quote!(#ident: #ty)
        })
        .collect()
}

/// The parameters' names, as arguments.
fn idents<'a>(sig: &Signature<'a>) -> Vec<&'a Ident> {
    sig.params.iter().map(|p| p.ident).collect()
}

/// The plugin side of a trait in a native build, the items of its module
/// off wasm: a hidden adapter trait `__Host` (each function, with the
/// plugin's parameter types) implemented by the runtime's adapters, the
/// thread-local slot holding the installed one, the `with_*` functions that
/// install one, and one safe function per import calling it.
pub fn native_imports(interface: &Interface, side: &Side) -> TokenStream {
    let (Side { ident: trait_ident, mod_ident, .. }, p) = (side, &quote!(__p));
    let methods: Vec<_> = interface
        .functions
        .iter()
        .map(|sig| {
            let (ident, params) = (sig.ident, typed_params(sig));
            // A borrowed result borrows the adapter (its lifetimes elided).
            let output = match &sig.lent_output {
                Some(_) => {
                    let ty = sig.output.map(crate::model::without_lifetimes);
                    quote!(-> #ty)
                }
                None => sig.original.output.to_token_stream(),
            };
            quote!(fn #ident(&mut self, #(#params),*) #output)
        })
        .collect();
    // Per kind: the adapters, the functions installing one, the hint when
    // none is installed, and whether a host's `Err(Trap)` stops the plugin.
    let (adapters, install, hint, traps) = match interface.kind {
        Kind::ExportTrait { .. } => {
            let bodies = interface.functions.iter().map(|sig| {
                let (ident, args) = (sig.ident, idents(sig));
                quote!(<__P as super::#trait_ident>::#ident(#(#args),*))
            });
            let doc = format!(
                " Runs `f` with the plugin type `P` answering calls to [`{trait_ident}`]'s functions on this thread, for plugin code compiled natively."
            );
            let adapters = quote! {
                impl<__P: super::#trait_ident + 'static> __Host for #p::Static<__P> {
                    #(#methods { #bodies })*
                }
            };
            let install = quote! {
                #[doc = #doc]
                pub fn with_plugin<__P: super::#trait_ident + 'static, __R>(f: impl ::core::ops::FnOnce() -> __R) -> __R {
                    #p::with_static::<__P, _, _>(&__HOST, |__h| __h, f)
                }
                #[doc(hidden)]
                pub fn __with_link<__A: __Host + 'static>(adapter: &mut __A, f: &mut dyn ::core::ops::FnMut()) {
                    #p::with_adapter(&__HOST, adapter, |__h| __h, f)
                }
            };
            (adapters, install, format!("{mod_ident}::with_plugin::<P, _>(|| ..)"), false)
        }
        _ => {
            let (adapters, install) = host_adapters(interface, side, &methods);
            (adapters, install, format!("{mod_ident}::with_host(&mut host, || ..)"), true)
        }
    };
    let (kind_methods, closes) = (resource_methods(interface, side), close_impls(interface, true));
    let wrappers = interface.functions.iter().map(|sig| {
        let (docs, ident) = (sig.docs(), sig.ident);
        let (params, args, label) = (typed_params(sig), idents(sig), format!("{mod_ident}::{ident}"));
        let call = match traps {
            true => quote!(call_host),
            false => quote!(call),
        };
        // A borrowed result reaches the plugin as its owned type, as over wasm.
        let body = match &sig.lent_output {
            Some(_) => quote!(::std::borrow::ToOwned::to_owned(__h.#ident(#(#args),*))),
            None => quote!(__h.#ident(#(#args),*)),
        };
        let output = match traps {
            true => host_output(sig),
            false => sig.original.output.to_token_stream(),
        };
        quote! {
            #(#docs)*
            pub fn #ident(#(#params),*) #output {
                #p::HostSlot::#call(&__HOST, #label, |__h| #body)
            }
        }
    });
    quote! {
        #[doc(hidden)]
        pub trait __Host {
            #(#methods;)*
        }
        #adapters
        ::std::thread_local! {
            static __HOST: #p::HostSlot<dyn __Host> = const { #p::HostSlot::new(#hint) };
        }
        #install
        #(#wrappers)*
        #kind_methods
        #closes
    }
}

/// A host trait's handle kinds on the plugin side: for each kind `M` whose
/// `Resource<M>` some functions take first, a trait `{M}Methods` with those
/// functions as methods, implemented for `Resource<M>` (and so usable on an
/// `Owned<M>`, through `Deref`); the function marked `#[host_fn(close)]` is
/// left out (an `Owned<M>` closes itself).
fn resource_methods(interface: &Interface, side: &Side) -> TokenStream {
    if !matches!(interface.kind, Kind::HostTrait(_)) {
        return TokenStream::new();
    }
    let mut kinds: Vec<(&syn::Type, Vec<&Signature>)> = Vec::new();
    for sig in interface.functions.iter().filter(|sig| !sig.close) {
        let Some(kind) = sig.params.first().and_then(|param| crate::model::resource_kind(&param.ty)) else { continue };
        match kinds.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, sigs)) => sigs.push(sig),
            None => kinds.push((kind, vec![sig])),
        }
    }
    let trait_ident = side.ident;
    let items = kinds.iter().filter_map(|(kind, sigs)| {
        let syn::Type::Path(path) = kind else { return None };
        let name = &path.path.segments.last()?.ident;
        let methods_ident = format_ident!("{}Methods", name);
        let doc = format!(
            " The functions of [`{trait_ident}`] that take a `Resource<{name}>` first, as its methods (and an `Owned<{name}>`'s, through `Deref`)."
        );
        let (decls, bodies): (Vec<_>, Vec<_>) = sigs
            .iter()
            .map(|sig| {
                let (docs, ident, output) = (sig.docs(), sig.ident, host_output(sig));
                let params = typed_params(sig).into_iter().skip(1);
                let args = idents(sig).into_iter().skip(1);
                let header = quote!(fn #ident(self, #(#params),*) #output);
                (quote!(#(#docs)* #header;), quote!(#[inline] #header { #ident(self, #(#args),*) }))
            })
            .unzip();
        Some(quote! {
            #[doc = #doc]
            pub trait #methods_ident {
                #(#decls)*
            }
            impl #methods_ident for __p::Resource<#kind> {
                #(#bodies)*
            }
        })
    });
    quote!(#(#items)*)
}

/// `impl Close for M` for each function of a host trait marked
/// `#[host_fn(close)]`, in the plugin side's module: an `Owned<M>` closes
/// itself through the function. Compiled natively, a handle dropped where
/// no host is installed (a thread-local's, at thread exit) is left to the
/// host, whose resource table goes with the plugin.
fn close_impls(interface: &Interface, native: bool) -> TokenStream {
    let impls = interface.functions.iter().filter(|sig| sig.close).filter_map(|sig| {
        let (kind, ident) = (crate::model::closed_kind(sig)?, sig.ident);
        let guard = native.then(|| {
            quote!(if !__p::HostSlot::installed(&__HOST) {
                return;
            })
        });
        Some(quote! {
            impl __p::Close for #kind {
                fn close(handle: __p::Resource<#kind>) {
                    #guard
                    let _ = #ident(handle);
                }
            }
        })
    });
    quote!(#(#impls)*)
}

/// What the plugin's function for a host function returns: the declared
/// type, a borrowed result's owned type, and `T` for `Result<T, Trap>`: on
/// `Err` the plugin never resumes, so it never sees one.
fn host_output(sig: &Signature) -> TokenStream {
    match (&sig.lent_output, sig.output.and_then(crate::model::trap_result)) {
        (Some(owned), _) => quote!(-> #owned),
        (None, Some(ok)) => quote!(-> #ok),
        (None, None) => sig.original.output.to_token_stream(),
    }
}

/// `call`, run to completion when it is an `async fn`'s future: natively
/// compiled plugin code calls its imports synchronously.
fn blocking(sig: &Signature, call: TokenStream, p: &TokenStream) -> TokenStream {
    match sig.is_async {
        true => quote!(#p::block_on(#call)),
        false => call,
    }
}

/// A `#[host_fn]` trait's adapters (`Direct`: a host value; `InStore`: the
/// state in a store, which gives context-taking functions their context)
/// and `with_host` / `with_store`, which install them.
fn host_adapters(interface: &Interface, side: &Side, methods: &[TokenStream]) -> (TokenStream, TokenStream) {
    let (Side { ident: trait_ident, mod_ident, .. }, p) = (side, &quote!(__p));
    let direct = interface.functions.iter().map(|sig| {
        let (ident, args) = (sig.ident, idents(sig));
        let label = format!("{mod_ident}::{ident}");
        match sig.context {
            None => blocking(sig, quote!(<__S as super::#trait_ident>::#ident(self.host(), #(#args),*)), p),
            Some(_) => quote!(let _ = (#(#args,)*); #p::needs_store(#label)),
        }
    });
    let in_store = interface.functions.iter().map(|sig| {
        let (ident, args) = (sig.ident, idents(sig));
        if sig.context.is_none() {
            return blocking(sig, quote!(<__S as super::#trait_ident>::#ident(self.state(), #(#args),*)), p);
        }
        let lends = sig.params.iter().enumerate().filter(|(_, param)| param.lent()).map(|(i, param)| {
            let (ident, target) = (param.ident, crate::model::lent_target(&param.ty));
            let i = proc_macro2::Literal::u32_unsuffixed(i as u32);
            quote!(let #ident = __lent.lend::<#target>(#ident, #i);)
        });
        quote! {
            let mut __lent = #p::NativeLent::default();
            #(#lends)*
            <__S as super::#trait_ident>::#ident(&mut self.context(&__lent), #(#args),*)
        }
    });
    let crate::model::StoreData { data, params } = interface.store_data(trait_ident, false);
    let adapters = match interface.takes_context() {
        // Without a context, both adapters only give the state: one impl.
        false => {
            let bodies = interface.functions.iter().map(|sig| {
                let (ident, args) = (sig.ident, idents(sig));
                blocking(sig, quote!(<__A::State as super::#trait_ident>::#ident(__A::state(self), #(#args),*)), p)
            });
            quote! {
                impl<__A: #p::Adapter<State: super::#trait_ident + 'static>> __Host for __A {
                    #(#methods { #bodies })*
                }
            }
        }
        true => quote! {
            impl<__S: super::#trait_ident + 'static> __Host for #p::Direct<__S> {
                #(#methods { #direct })*
            }
            impl<#params> __Host for #p::InStore<#data, __S> {
                #(#methods { #in_store })*
            }
        },
    };
    let doc = format!(
        " Runs `f` with `host` answering [`{trait_ident}`]'s functions on this thread, for plugin code compiled natively (a unit test's mock host). Functions that take a `Context` need [`with_store`]."
    );
    let store_doc = format!(
        " Runs `f` with the state `get` projects from `store`'s data answering [`{trait_ident}`]'s functions on this thread, for plugin code compiled natively; functions that take a `Context` get one over the store."
    );
    let install = quote! {
        #[doc = #doc]
        pub fn with_host<__S: super::#trait_ident + 'static, __R>(host: &mut __S, f: impl ::core::ops::FnOnce() -> __R) -> __R {
            #p::with_direct(&__HOST, host, |__h| __h, f)
        }
        #[doc = #store_doc]
        pub fn with_store<#params, __R>(
            mut store: impl #p::AsContextMut<Data = #data>,
            get: impl ::core::ops::Fn(&mut #data) -> &mut __S + ::core::marker::Send + ::core::marker::Sync,
            f: impl ::core::ops::FnOnce() -> __R,
        ) -> __R {
            #p::with_store(&__HOST, store.as_context_mut(), &get, |__h| __h, f)
        }
    };
    (adapters, install)
}

/// `#[host_import]` on an extern block: one safe wrapper per function.
pub fn extern_block(block: &syn::ItemForeignMod, interface: &Interface) -> TokenStream {
    let Kind::HostImport { module } = &interface.kind else { return TokenStream::new() };
    let p = &interface.private;
    let wrappers = block.items.iter().zip(&interface.functions).map(|(item, sig)| {
        let vis = match item {
            syn::ForeignItem::Fn(func) => &func.vis,
            _ => &Visibility::Inherited,
        };
        wrapper(vis, sig, module, p, true, true)
    });
    let records = interface.functions.iter().map(|sig| {
        let heading = Heading::Import { module: module.value(), name: sig.ident.to_string() };
        let record = record_static(&heading, std::slice::from_ref(sig), p);
        quote!(#[cfg(target_family = "wasm")] const _: () = { #record };)
    });
    quote!(#(#wrappers)* #(#records)*)
}

/// The record of a free `#[plugin_export]` function, `export {name}`.
pub fn export_fn_record(sig: &Signature, p: &TokenStream) -> TokenStream {
    let heading = Heading::Export { name: sig.ident.to_string() };
    let record = record_static(&heading, std::slice::from_ref(sig), p);
    quote!(#[cfg(target_family = "wasm")] const _: () = { #record };)
}

/// The exported record static of `heading`, of `functions`' lines and
/// type lines, as docs/ABI.md section 8 lays it out.
fn record_static(heading: &Heading, functions: &[Signature], p: &TokenStream) -> TokenStream {
    let export = heading.export_name();
    let (text, roots) = record_parts(functions, heading.clone(), p);
    quote! {
        const __TEXT: &str = #text;
        const __ROOTS: &[&#p::Shape] = &[#(#roots),*];
        #[unsafe(export_name = #export)]
        static __WASMBIND_RECORD: [u8; #p::record_size(__TEXT, __ROOTS)] = #p::record_bytes(__TEXT, __ROOTS);
    }
}

/// The exported record static of `heading` holding `text`, a record's
/// text as a constant `&str` expression.
pub fn text_static(heading: &Heading, text: TokenStream, p: &TokenStream) -> TokenStream {
    let export = heading.export_name();
    quote! {
        const __RECORD: &str = #text;
        #[unsafe(export_name = #export)]
        static __WASMBIND_RECORD: [u8; __RECORD.len() + 4] = #p::record_bytes(__RECORD, &[]);
    }
}

/// The exported record static of `heading`, made from the exports record
/// `super::{record}` with its heading replaced: a `#[plugin_export]`
/// trait's record is written once.
fn reheaded_static(heading: &Heading, record: &Ident, p: &TokenStream) -> TokenStream {
    let (export, heading) = (heading.export_name(), heading.text());
    quote! {
        #[unsafe(export_name = #export)]
        static __WASMBIND_RECORD: [u8; #p::reheaded_size(super::#record, #heading)] =
            #p::record_reheaded(super::#record, #heading);
    }
}

/// One safe import wrapper. `native` adds the body compiled off wasm (a
/// panic naming the import) for blocks that are not already wasm-only.
fn wrapper(
    vis: &Visibility,
    sig: &Signature,
    module: &LitStr,
    p: &TokenStream,
    native: bool,
    host: bool,
) -> TokenStream {
    let docs = sig.docs();
    let ident = sig.ident;
    let params = sig.params.iter().map(|param| match param.lent() {
        true => {
            let (ident, ty) = (param.ident, &param.ty);
            quote!(#ident: #ty)
        }
        false => param.original.to_token_stream(),
    });
    let output = match host {
        true => host_output(sig),
        false => sig.original.output.to_token_stream(),
    };
    let name = ident.to_string();
    let label = format!("{}::{}", module.value(), name);
    let core_params = sig.import_core_params(p);
    let idents: Vec<_> = sig.params.iter().map(|p| p.ident).collect();
    let cores: Vec<_> = (0..sig.params.len()).map(|i| format_ident!("__a{}", i)).collect();
    let lowers = sig.params.iter().zip(&cores).enumerate().map(|(i, (param, core))| {
        let (ident, arg, keep) = (param.ident, param.ident.to_string(), format_ident!("__k{}", i));
        quote_spanned!(param.ty.span()=> let (#core, #keep) = #p::import_arg(&#ident, #label, #arg);)
    });
    let call = match sig.wire_output() {
        None => quote! {
            #(#lowers)*
            // SAFETY: declared with the core signature the host registers (docs/ABI.md).
            unsafe { __import(#(#cores,)* #p::instance_key()) }
        },
        Some(ty) => quote! {
            #(#lowers)*
            let mut __area = #p::ResultArea::new();
            let __out = __area.out::<#ty>();
            // SAFETY: declared with the core signature the host registers (docs/ABI.md).
            let __result = unsafe { __import(#(#cores,)* __out, #p::instance_key()) };
            #p::import_ret(__result, &mut __area, #label)
        },
    };
    let ret = sig.wire_output().map(|ty| {
        let core = crate::model::core_type(p, ty);
        quote!(-> #core)
    });
    let import = quote! {
        #[link(wasm_import_module = #module)]
        unsafe extern "C" {
            #[link_name = #name]
            fn __import(#(#core_params),*) #ret;
        }
        #call
    };
    // Inlined into the plugin's code even without LTO: the wrapper is a few
    // instructions around the import call.
    if !native {
        return quote!(#(#docs)* #[inline] #vis fn #ident(#(#params),*) #output { #import });
    }
    let message = format!("{label} is a host import: it can only be called from a plugin running in wasm");
    quote! {
        #(#docs)*
        #[inline]
        #vis fn #ident(#(#params),*) #output {
            #[cfg(target_family = "wasm")]
            {
                #import
            }
            #[cfg(not(target_family = "wasm"))]
            {
                let _ = (#(&#idents,)*);
                ::core::panic!(#message)
            }
        }
    }
}

/// The export glue of one function: `extern "C"` exported as `export`.
pub fn export_glue(sig: &Signature, export: &str, call: TokenStream, p: &TokenStream) -> TokenStream {
    let cores: Vec<_> = (0..sig.params.len()).map(|i| format_ident!("__a{}", i)).collect();
    let core_params = sig.params.iter().zip(&cores).map(|(param, core)| {
        let ty = &param.ty;
        {
            let ty = crate::model::core_type(p, ty);
            quote!(#core: #ty)
        }
    });
    let lifts = sig.params.iter().zip(&cores).enumerate().map(|(i, (param, core))| {
        let (ty, name, block) = (&param.ty, param.ident.to_string(), format_ident!("__b{}", i));
        if param.borrows_slice() {
            let scratch = format_ident!("__s{}", i);
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
        #[allow(clippy::too_many_arguments)]
        const _: () = {
            #[unsafe(export_name = #export)]
            extern "C" fn __wasmbind_export(#(#core_params),*) -> #p::Core<#ret> {
                #(#lifts)*
                #p::export_ret(#call(#(#cores),*), #export)
            }
        };
    }
}

/// `#[plugin_export] impl Calc for MyPlugin`: glue for every method, and
/// the trait's exports record (which `#[plugin_export]` on the trait put
/// in the hidden const `__WASMBIND_EXPORTS`); with `dispatch`, the
/// dispatcher for calls by name (only then: it decodes and encodes every
/// export's types, several KB of a small plugin).
pub fn export_impl(interface: &Interface) -> TokenStream {
    let Kind::ExportImpl { self_ty, trait_path, dispatch, namespace } = interface.kind else {
        return TokenStream::new();
    };
    let p = &interface.private;
    let trait_name = trait_path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default();
    let glue = interface.functions.iter().map(|sig| {
        let (ident, name) = (sig.ident, sig.ident.to_string());
        let export = match namespace {
            true => wasmbind_shared::qualified_export_name(&trait_name, &name),
            false => name,
        };
        export_glue(sig, &export, quote!(<#self_ty as #trait_path>::#ident), p)
    });
    let dispatcher = dispatch.then(|| dispatcher(interface, self_ty, trait_path, &trait_name));
    let heading = Heading::Exports { trait_name: trait_name.clone() };
    let record = text_static(&heading, quote!(<#self_ty as #trait_path>::__WASMBIND_EXPORTS), p);
    quote! {
        #(#glue)*
        #[cfg(target_family = "wasm")]
        const _: () = { #record #dispatcher };
    }
}

/// The impl's dispatcher for calls by name, exported as
/// `wasmbind_call_{Trait}` with the Rust signature
/// `fn(&str, &[u8]) -> Result<Vec<u8>, String>`: decodes the arguments'
/// body into each parameter's owned type, calls the method, and returns
/// the body of its result (docs/ABI.md section 10).
fn dispatcher(interface: &Interface, self_ty: &syn::Type, trait_path: &syn::Path, trait_name: &str) -> TokenStream {
    let p = &interface.private;
    let arms = interface.functions.iter().map(|sig| {
        let (ident, name) = (sig.ident, sig.ident.to_string());
        let decodes = sig.params.iter().map(|param| {
            let (ident, owned, name) = (param.ident, param.owned(), param.ident.to_string());
            quote!(let #ident: #owned = #p::dispatch_arg(&mut __args, #name)?;)
        });
        let args = sig.params.iter().map(|param| {
            let ident = param.ident;
            if param.borrows() { quote!(&#ident) } else { quote!(#ident) }
        });
        quote!(#name => {
            #(#decodes)*
            #p::dispatch_end(__args)?;
            #p::Result::Ok(#p::to_body(&<#self_ty as #trait_path>::#ident(#(#args),*)))
        })
    });
    let unknown = format!("{trait_name} has no function `{{}}`");
    let item: syn::Signature = syn::parse_quote!(fn dispatch(name: &str, args: &[u8]) -> ::core::result::Result<::std::vec::Vec<u8>, ::std::string::String>);
    let sig = Signature::new(&item, &[], crate::model::StateForm::None, &mut crate::errors::Errors::default());
    let glue = export_glue(&sig, &wasmbind_shared::call_export_name(trait_name), quote!(__dispatch), p);
    quote! {
        fn __dispatch(__name: &str, __args: &[u8]) -> ::core::result::Result<::std::vec::Vec<u8>, ::std::string::String> {
            let mut __budget = #p::Budget::new(#p::DecodeLimits::PLUGIN);
            #[allow(unused_mut)]
            let mut __args = #p::Reader::new(__args, &mut __budget);
            match __name {
                #(#arms)*
                _ => ::core::result::Result::Err(::std::format!(#unknown, __name)),
            }
        }
        #glue
    }
}
