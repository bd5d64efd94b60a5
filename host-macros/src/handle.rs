//! The host half of `#[plugin_export]` on a trait: a typed handle.
//!
//! Input:
//! ```ignore
//! pub trait Calc { fn greet(name: &str) -> String; }
//! ```
//! Output: the trait unchanged, plus `pub struct CalcPlugin` holding the
//! plugin and one cached `TypedFunc` per export, with one method per export:
//! `calc.greet(&mut store, "Ada") -> Result<String, wasmbind::host::Error>`.
//! Errors in the trait are reported by the guest half, which runs first.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{ItemTrait, TraitItem, TraitItemFn};
use wasmbind_macro_support::{Args, Errors, Key, Signature, StateForm, docs, record, snake_case, with_static_lifetimes};

pub fn expand(args: TokenStream, item: TokenStream) -> TokenStream {
    let mut errors = Errors::default();
    let (Some(args), Ok(item_trait)) = (errors.ok(Args::parse(args, &[Key::Crate])), syn::parse2::<ItemTrait>(item.clone())) else {
        return item;
    };
    let methods: Vec<_> = item_trait
        .items
        .iter()
        .filter_map(|item| match item {
            TraitItem::Fn(method) => Some((method, Signature::new(&method.sig, StateForm::None, &mut errors))),
            _ => None,
        })
        .collect();
    if errors.finish().is_err() {
        return item;
    }
    let handle = handle(&item_trait, &methods, &args.krate);
    quote!(#item_trait #handle)
}

fn handle(item: &ItemTrait, methods: &[(&TraitItemFn, Signature)], krate: &syn::Path) -> TokenStream {
    let p = quote!(#krate::__private);
    let vis = &item.vis;
    let trait_ident = &item.ident;
    let ident = format_ident!("{}Plugin", trait_ident);
    let ident_str = ident.to_string();
    let default_name = snake_case(&trait_ident.to_string());
    let doc = format!(" A plugin implementing [`{trait_ident}`]: one method per export, each a checked call.");
    let fields = methods.iter().map(|(_, sig)| {
        let name = sig.ident;
        let params = sig.params.iter().map(|param| core_ty(&p, param.ty));
        let ret = sig.output.map(|ty| core_ty(&p, ty)).unwrap_or(quote!(()));
        quote!(#name: #p::TypedFunc<(#(#params,)*), #ret>)
    });
    let inits = methods.iter().map(|(_, sig)| {
        let name = sig.ident;
        let export = name.to_string();
        quote!(#name: __plugin.typed_func(&mut __store, #export)?)
    });
    let calls = methods.iter().map(|(method, sig)| call(&p, method, sig));
    let record = record(&format!("exports {trait_ident}"), methods.iter().map(|(_, sig)| sig));
    quote! {
        #[doc = #doc]
        #[derive(::core::clone::Clone)]
        #vis struct #ident {
            plugin: #p::Plugin,
            #(#fields,)*
        }

        impl #ident {
            /// The interface record this handle expects a plugin's to match.
            #vis const INTERFACE: &'static str = #record;

            /// Instantiates `module` with the imports in `linker`, checks the
            /// plugin's interface record against this declaration, and finds
            /// every export. Errors name the plugin by the module's name, or
            /// by the trait's.
            #vis fn instantiate<__T: 'static>(
                mut store: impl #p::AsContextMut<Data = __T>,
                linker: &#p::Linker<__T>,
                module: &#p::Module,
            ) -> #p::Result<Self, #p::Error> {
                let name = module.name().unwrap_or(#default_name);
                let plugin = #p::Plugin::instantiate_expecting(&mut store, linker, module, name, #p::Option::Some(Self::INTERFACE))?;
                Self::from_checked(store, plugin)
            }

            /// Wraps an instantiated plugin: checks its export record, then
            /// looks up every export once.
            #vis fn new(mut store: impl #p::AsContextMut, plugin: #p::Plugin) -> #p::Result<Self, #p::Error> {
                plugin.check_exports(&mut store, Self::INTERFACE)?;
                Self::from_checked(store, plugin)
            }

            fn from_checked(mut __store: impl #p::AsContextMut, __plugin: #p::Plugin) -> #p::Result<Self, #p::Error> {
                #p::Result::Ok(Self { #(#inits,)* plugin: __plugin })
            }

            /// The plugin instance.
            #vis fn plugin(&self) -> &#p::Plugin {
                &self.plugin
            }

            #(#calls)*
        }

        impl ::core::fmt::Debug for #ident {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_struct(#ident_str).field("plugin", &self.plugin).finish_non_exhaustive()
            }
        }
    }
}

fn core_ty(p: &TokenStream, ty: &syn::Type) -> TokenStream {
    let ty = with_static_lifetimes(ty);
    quote_spanned!(ty.span()=> <#ty as #p::WasmAbi>::Core)
}

fn call(p: &TokenStream, method: &TraitItemFn, sig: &Signature) -> TokenStream {
    let docs = docs(&method.attrs);
    let name = sig.ident;
    let export = name.to_string();
    let names = sig.param_names();
    let params = sig.params.iter().map(|param| param.original);
    let cores: Vec<_> = (0..sig.params.len()).map(|i| format_ident!("__a{}", i)).collect();
    let lowers = sig.params.iter().enumerate().map(|(i, param)| {
        let (ident, core, i) = (param.ident, &cores[i], proc_macro2::Literal::usize_unsuffixed(i));
        quote_spanned!(param.ty.span()=> let #core = __cx.arg(&#ident, #i)?;)
    });
    let ret = match sig.output {
        Some(ty) => quote!(#ty),
        None => quote!(()),
    };
    quote! {
        #(#docs)*
        pub fn #name(&self, mut store: impl #p::AsContextMut, #(#params),*) -> #p::Result<#ret, #p::Error> {
            const __INFO: &#p::ExportInfo = &#p::ExportInfo { name: #export, params: &[#(#names),*] };
            let mut __cx = self.plugin.call_cx(&mut store, __INFO);
            #(#lowers)*
            let __result = __cx.call(&self.#name, (#(#cores,)*))?;
            __cx.ret(__result)
        }
    }
}
