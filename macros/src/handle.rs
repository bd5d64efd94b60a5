//! `#[plugin_export]` on a trait: the trait, its exports record, and off
//! wasm a typed handle.
//!
//! Input:
//! ```ignore
//! pub trait Calc { fn greet(name: &str) -> String; }
//! ```
//! Output: the trait with a hidden `__WASMBIND_EXPORTS` const (the record
//! that `#[plugin_export] impl Calc for ..` exports), and `CalcPlugin`: the
//! plugin and its backend, either a shared `CalcPluginExports` of one
//! `Export` per export (so a clone bumps two reference counts, whatever the
//! number of exports) or, in-process, `CalcPluginInProcess`, the trait's
//! functions as fn pointers; one method per export and its `_async` twin;
//! and the `Handle` impl (record, export lookups). Instantiation and the
//! calls themselves live once in the runtime (`wasmbind::host::Handle`,
//! `Export`). With `#[plugin_export(link)]` also `Linkable` (the import
//! module `plugin:Calc` forwarding each function to a handle, and for
//! in-process callers an installer of the runtime's `Link` adapter), whose
//! plugin side is `mod calc` (`guest::trait_imports`, `guest::native_imports`).

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::ItemTrait;
use syn::spanned::Spanned;
use wasmbind_shared::Heading;

use crate::host::{info_const, names};
use crate::model::{Interface, Kind, Side, Signature, record_ident};

/// `item` is the trait as emitted; `interface` was read from it.
pub fn expand(mut item: ItemTrait, interface: &Interface) -> TokenStream {
    let text = interface.record_expr(Heading::Exports { trait_name: item.ident.to_string() });
    let record = record_ident(&item.ident);
    let handle = handle(&item, interface, &quote!(#record));
    item.items.push(syn::parse_quote! {
        #[doc(hidden)]
        const __WASMBIND_EXPORTS: &'static str = #record;
    });
    // As visible as the trait: `cargo wasmbind check --api` reads it.
    let vis = &item.vis;
    quote! {
        #item
        #[doc(hidden)]
        #vis const #record: &str = #text;
        #handle
    }
}

fn handle(item: &ItemTrait, interface: &Interface, record: &TokenStream) -> TokenStream {
    let (vis, trait_ident, p) = (&item.vis, &item.ident, &interface.private);
    let ident = format_ident!("{}Plugin", trait_ident);
    let exports = format_ident!("{}PluginExports", trait_ident);
    let natives = format_ident!("{}PluginInProcess", trait_ident);
    let default_name = wasmbind_shared::snake_case(&trait_ident.to_string());
    let doc = format!(
        " A plugin implementing [`{trait_ident}`]: one checked call per export. Create it with [`Handle::instantiate`]({}::Handle::instantiate).",
        p.to_string().replace(' ', "")
    );
    let fields = interface.functions.iter().map(|sig| {
        let (name, sig_ty) = (sig.ident, sig.static_fn_type());
        match sig.optional {
            false => quote_spanned!(sig.original.span()=> #name: #p::Export<#sig_ty>),
            true => quote_spanned!(sig.original.span()=> #name: #p::Option<#p::Export<#sig_ty>>),
        }
    });
    let native_fields = interface.functions.iter().map(|sig| {
        let name = sig.ident;
        let params = sig.params.iter().map(|param| &param.ty);
        let output = &sig.original.output;
        quote_spanned!(sig.original.span()=> #name: fn(#(#params),*) #output)
    });
    let native_values = interface.functions.iter().map(|sig| {
        let name = sig.ident;
        quote!(#name: <__P as #trait_ident>::#name)
    });
    let binds = interface.functions.iter().map(|sig| {
        let (name, export, params) = (sig.ident, sig.ident.to_string(), sig.param_names());
        let find = if sig.optional { quote!(optional_export) } else { quote!(export) };
        quote_spanned!(sig.original.span()=> #name: __b.#find(#export, &[#(#params),*])?)
    });
    let optional: Vec<_> =
        interface.functions.iter().filter(|sig| sig.optional).map(|sig| sig.ident.to_string()).collect();
    let optional = (!optional.is_empty()).then(|| quote!(const OPTIONAL: &'static [&'static str] = &[#(#optional),*];));
    let calls = interface.functions.iter().map(call);
    let in_process_doc = format!(
        " A [`{trait_ident}`] plugin running in-process: `P`, its implementation, linked into the host natively, called with the host traits registered on `linker` (with `add_to_linker`) answering its imports over the store of each call. The calls and their error kinds are those of a wasm plugin, so the same code drives both; there is no sandbox (no fuel, deadlines or memory limits). For debugging, coverage and trusted plugins."
    );
    let links = match &interface.kind {
        Kind::ExportTrait { side, link: true } => Some(links(interface, side, &ident)),
        _ => None,
    };
    quote! {
        #[doc = #doc]
        #[cfg(not(target_family = "wasm"))]
        #[derive(::core::clone::Clone, ::core::fmt::Debug)]
        #vis struct #ident {
            __plugin: #p::Plugin,
            __backend: #p::Backend<::std::sync::Arc<#exports>, #natives>,
        }

        #[doc(hidden)]
        #[cfg(not(target_family = "wasm"))]
        #[derive(::core::fmt::Debug)]
        #[allow(dead_code)]
        #vis struct #exports {
            #(#fields,)*
        }

        #[doc(hidden)]
        #[cfg(not(target_family = "wasm"))]
        #[derive(::core::clone::Clone, ::core::marker::Copy, ::core::fmt::Debug)]
        #[allow(dead_code, clippy::type_complexity)]
        #vis struct #natives {
            #(#native_fields,)*
        }

        #[cfg(not(target_family = "wasm"))]
        #[allow(clippy::too_many_arguments)]
        const _: () = {
            use #p as __p;

            impl __p::Handle for #ident {
                const RECORD: &'static str = #record;
                const NAME: &'static str = #default_name;
                #optional
                fn bind<__T>(__b: &mut __p::Binder<__T>) -> __p::Result<Self, __p::Error> {
                    let __exports = #exports { #(#binds,)* };
                    let __backend = __p::Wasm(::std::sync::Arc::new(__exports));
                    __p::Result::Ok(Self { __plugin: __b.plugin(), __backend })
                }
                fn plugin(&self) -> &__p::Plugin {
                    &self.__plugin
                }
            }

            #links

            impl<__P: #trait_ident + 'static> ::core::convert::From<__p::Static<__P>> for #natives {
                fn from(_: __p::Static<__P>) -> Self {
                    Self { #(#native_values,)* }
                }
            }

            impl #ident {
                #[doc = #in_process_doc]
                pub fn in_process<__P: #trait_ident + 'static, __T: 'static>(linker: &__p::Linker<__T>) -> Self {
                    let __plugin = __p::Plugin::in_process(linker, <Self as __p::Handle>::NAME);
                    Self { __plugin, __backend: __p::InProcess(::core::convert::From::from(__p::Static::<__P>::new())) }
                }

                #(#calls)*
            }
        };
    }
}

/// With `#[plugin_export(link)]`, what lets another plugin import the
/// trait: `Linkable` (the import module `plugin:Calc` forwarding each
/// function to a handle, and for in-process callers an installer of the
/// runtime's `Link` adapter, which implements the native `calc::__Host`
/// the same way).
fn links(interface: &Interface, side: &Side, ident: &syn::Ident) -> TokenStream {
    let Side { module, mod_ident: snake, .. } = side;
    let infos = interface.functions.iter().map(|sig| info_const(&quote!(__p), sig, module));
    let forwards: Vec<_> = interface.functions.iter().map(|sig| forward(sig, false)).collect();
    let forwards_async = interface.functions.iter().map(|sig| forward(sig, true));
    let link_methods = interface.functions.iter().map(|sig| {
        let (name, label) = (sig.ident, sig.ident.to_string());
        let (params, output) = (crate::guest::typed_params(sig), &sig.original.output);
        let args = sig.params.iter().map(|param| param.ident);
        quote! {
            fn #name(&mut self, #(#params),*) #output {
                self.forward(#module, #label, |__h, __s| __h.#name(__s, #(#args),*))
            }
        }
    });
    quote! {
        #(#infos)*

        impl __p::Linkable for #ident {
            fn link<__T: 'static, __G>(__linker: &mut __p::Linker<__T>, __get: __G) -> __p::wasmtime::Result<()>
            where
                __G: for<'__a> ::core::ops::Fn(&'__a __T) -> __p::Option<&'__a Self> + ::core::marker::Send + ::core::marker::Sync + ::core::marker::Copy + 'static,
            {
                #(#forwards)*
                __linker.add_installer(__p::Link::<__T, Self, __G>::installer(__get, #snake::__with_link));
                __p::Result::Ok(())
            }
            fn link_async<__T: ::core::marker::Send + 'static, __G>(__linker: &mut __p::Linker<__T>, __get: __G) -> __p::wasmtime::Result<()>
            where
                __G: for<'__a> ::core::ops::Fn(&'__a __T) -> __p::Option<&'__a Self> + ::core::marker::Send + ::core::marker::Sync + ::core::marker::Copy + 'static,
            {
                #(#forwards_async)*
                __linker.add_installer(__p::Link::<__T, Self, __G>::installer(__get, #snake::__with_link));
                __p::Result::Ok(())
            }
        }

        impl<__T: 'static, __G> #snake::__Host for __p::Link<__T, #ident, __G>
        where
            __G: for<'__a> ::core::ops::Fn(&'__a __T) -> __p::Option<&'__a #ident> + 'static,
        {
            #(#link_methods)*
        }
    }
}

/// One function of the trait's import module, forwarded to the handle
/// `__get` picks: `link_fn` (or `link_fn_async`) copies the arguments out
/// of the caller as the owned types the closure names and runs the handle's
/// method (or its `_async` twin) on them.
///
/// Output: `__p::link_fn(__linker, __get, &__INFO_GREET, __p::Out, |__h: &Self, __s, (__a0,): (String,)| __h.greet(__s, &__a0))?;`
fn forward(sig: &Signature, asyncness: bool) -> TokenStream {
    let (info, _) = names(sig);
    let cores: Vec<_> = (0..sig.params.len()).map(|i| format_ident!("__a{}", i)).collect();
    let owned = sig.params.iter().map(|param| param.owned());
    let args = sig.params.iter().zip(&cores).map(|(param, core)| match param.borrows() {
        true => quote!(&#core),
        false => quote!(#core),
    });
    let out = if sig.output.is_some() { quote!(__p::Out) } else { quote!(__p::NoOut) };
    let copied = quote!((#(#cores,)*): (#(#owned,)*));
    let method = sig.ident;
    match asyncness {
        false => quote! {
            __p::link_fn(__linker, __get, &#info, #out, |__h: &Self, __s, #copied| __h.#method(__s, #(#args),*))?;
        },
        true => {
            let method = format_ident!("{}_async", method);
            quote! {
                __p::link_fn_async(__linker, __get, &#info, #out, |__h: Self, __s, #copied| {
                    ::std::boxed::Box::pin(async move { __h.#method(__s, #(#args),*).await })
                })?;
            }
        }
    }
}

/// A handle's method for one export and its `_async` twin: the wasm
/// export's typed call with the arguments as a tuple of references, or
/// the in-process implementation (which runs synchronously, whichever
/// method is called).
fn call(sig: &Signature) -> TokenStream {
    let docs = sig.docs();
    let name = sig.ident;
    let params = sig.params.iter().map(|param| param.original);
    let params_async = params.clone();
    let ret = sig.output.map_or_else(|| quote!(()), |ty| quote!(#ty));
    let args: Vec<_> = sig.params.iter().map(|param| param.ident).collect();
    let label = name.to_string();
    let export = match sig.optional {
        false => quote!(__e.#name),
        true => quote!(__p::present(&__e.#name, &self.__plugin, #label)?),
    };
    let start = quote_spanned!(sig.original.span()=> #export.start(&self.__plugin, store));
    let optional_doc = sig.optional.then(|| {
        let doc = format!(" Optional: a plugin built without `{label}` loads, and this returns an `ErrorKind::Absent` error (`Plugin::absent_exports` lists such exports).");
        quote!(#[doc = ""] #[doc = #doc])
    });
    let in_process =
        quote!(__p::InProcess(__n) => self.__plugin.call_in_process(store, #label, move || (__n.#name)(#(#args),*)));
    let name_async = format_ident!("{}_async", name);
    let doc_async = format!(
        " [`Self::{name}`], awaiting the plugin: for a store with async host functions, or one that yields (fuel, epochs). Dropping the future before it finishes leaves the store usable and this plugin poisoned."
    );
    quote! {
        #(#docs)*
        #optional_doc
        #[inline(always)]
        pub fn #name(&self, store: impl __p::AsContextMut, #(#params),*) -> __p::Result<#ret, __p::Error> {
            match &self.__backend {
                __p::Wasm(__e) => #start.call_with((#(&#args,)*)),
                #in_process,
            }
        }

        #[doc = #doc_async]
        pub async fn #name_async(
            &self,
            store: impl __p::AsyncStore,
            #(#params_async),*
        ) -> __p::Result<#ret, __p::Error> {
            match &self.__backend {
                __p::Wasm(__e) => #start.call_async((#(&#args,)*)).await,
                #in_process,
            }
        }
    }
}
