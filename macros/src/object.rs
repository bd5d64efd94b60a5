//! `#[plugin_export(object)]`: a trait that declares an object type a
//! plugin implements: constructors (`fn new(..) -> Self`), methods taking
//! `&self`, `&mut self` or `self`, and static functions.
//!
//! Input:
//! ```ignore
//! #[plugin_export(object)]
//! pub trait Parser {
//!     fn new(config: &str) -> Self;
//!     fn feed(&mut self, chunk: &str) -> u32;
//!     fn finish(self) -> Vec<String>;
//! }
//! ```
//! Each method is read as the free function it crosses as (docs/ABI.md
//! section 6): the receiver becomes a first parameter `this:
//! PluginObject<K>` (the object's rep), `-> Self` becomes `->
//! PluginObject<K>`, and the destructor `drop(this)` is added; the
//! functions are exported as `Parser.new`, `Parser.feed`, `Parser.drop`.
//! Output, for the host: the trait and its record, `ParserPlugin` (a handle
//! with the constructors and statics) and `ParserObject` (one object: its
//! methods, `close`, and a `Drop` that queues the destructor for the
//! plugin's next call). For the plugin (`#[plugin_export] impl Parser for
//! MyParser`): a table of `MyParser`s and the export glue around it.

use proc_macro2::TokenStream;
use quote::{ToTokens, format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{FnArg, ReturnType, Type};
use wasmbind_shared::{Heading, qualified_export_name};

use crate::errors::Errors;
use crate::model::{Interface, Kind, Signature, StateForm, record_ident};

/// How a method of an object trait takes the object.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// `fn new(..) -> Self`: makes one.
    Constructor,
    /// `&self`.
    Ref,
    /// `&mut self`.
    Mut,
    /// `self`: consumes it (the plugin drops it after the call).
    Own,
    /// No receiver and no `Self`: a static function.
    Static,
    /// The destructor the macro adds, `drop(this)`.
    Drop,
}

/// How a parameter of the free-function form passes: a value, or an
/// object (the receiver, or another object of the type) by rep.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Pass {
    /// Any other value.
    Value,
    /// `self` or `other: Self`: taken out of the table, the plugin's to drop.
    Own,
    /// `&self` or `other: &Self`.
    Ref,
    /// `&mut self` or `other: &mut Self`.
    Mut,
}

/// One method of an object trait or impl as it crosses: its form, its
/// signature as a free function, and how each of its parameters passes.
pub struct Method<'a> {
    pub form: Form,
    pub sig: syn::Signature,
    pub attrs: &'a [syn::Attribute],
    pub passes: Vec<Pass>,
}

/// Whether an impl is of an object trait: a method takes `self` or returns `Self`.
pub fn is_object_impl(item: &syn::ItemImpl) -> bool {
    item.items.iter().any(|item| match item {
        syn::ImplItem::Fn(method) => {
            method.sig.receiver().is_some() || matches!(&method.sig.output, ReturnType::Type(_, ty) if is_self(ty))
        }
        _ => false,
    })
}

/// The methods of an object type as free functions over `object` (the
/// type of an object's rep), with the destructor last.
pub fn methods<'a>(
    fns: impl Iterator<Item = (&'a syn::Signature, &'a [syn::Attribute])>,
    object: &Type,
    errors: &mut Errors,
) -> Vec<Method<'a>> {
    let mut methods: Vec<Method> = fns.filter_map(|(sig, attrs)| method(sig, attrs, object, errors)).collect();
    let sig = syn::parse_quote!(fn drop(this: #object));
    methods.push(Method { form: Form::Drop, sig, attrs: &[], passes: vec![Pass::Own] });
    methods
}

fn method<'a>(
    sig: &syn::Signature,
    attrs: &'a [syn::Attribute],
    object: &Type,
    errors: &mut Errors,
) -> Option<Method<'a>> {
    for reserved in ["drop", "close"] {
        if sig.ident == reserved {
            errors.at(&sig.ident, format!("`{reserved}` is the name of an object's destructor: rename this method"));
        }
    }
    let mut synthetic = sig.clone();
    let mut form = Form::Static;
    let mut passes = Vec::new();
    if let Some(FnArg::Receiver(receiver)) = sig.inputs.first() {
        form = match (&receiver.reference, &receiver.mutability, &receiver.colon_token) {
            (_, _, Some(_)) => {
                errors.at(receiver, "an object's method takes `&self`, `&mut self` or `self`, without a type");
                return None;
            }
            (Some(_), Some(_), None) => Form::Mut,
            (Some(_), None, None) => Form::Ref,
            (None, _, None) => Form::Own,
        };
        passes.push(match form {
            Form::Mut => Pass::Mut,
            Form::Ref => Pass::Ref,
            _ => Pass::Own,
        });
        let mut inputs: Vec<FnArg> = sig.inputs.iter().skip(1).cloned().collect();
        inputs.insert(0, syn::parse_quote!(this: #object));
        synthetic.inputs = inputs.into_iter().collect();
    }
    if let ReturnType::Type(arrow, ty) = &sig.output
        && is_self(ty)
    {
        if form != Form::Static {
            errors.at(ty, "a method that returns a new object is a constructor: remove the receiver");
        }
        form = Form::Constructor;
        synthetic.output = ReturnType::Type(*arrow, Box::new(object.clone()));
    }
    for arg in synthetic.inputs.iter_mut().skip(usize::from(sig.receiver().is_some())) {
        if let FnArg::Typed(pt) = arg {
            // Another object of the type: `Self` (given to the plugin), `&Self` or `&mut Self`.
            let pass = match &*pt.ty {
                ty if is_self(ty) => Pass::Own,
                Type::Reference(r) if is_self(&r.elem) && r.mutability.is_some() => Pass::Mut,
                Type::Reference(r) if is_self(&r.elem) => Pass::Ref,
                _ => Pass::Value,
            };
            if pass != Pass::Value {
                *pt.ty = object.clone();
            } else if mentions_self(&pt.ty) {
                errors.at(&pt.ty, "an object crosses as `self`, `&self` or `&mut self`, as a parameter `Self`, `&Self` or `&mut Self`, or as a constructor's result (`-> Self`), not inside another type");
            }
            passes.push(pass);
            if matches!(&*pt.pat, syn::Pat::Ident(p) if p.ident == "this") {
                errors.at(
                    &pt.pat,
                    "`this` names the object in the functions an object's methods cross as: rename this parameter",
                );
            }
        }
    }
    if let ReturnType::Type(_, ty) = &synthetic.output
        && form != Form::Constructor
        && mentions_self(ty)
    {
        errors.at(ty, "an object crosses as `self`, `&self` or `&mut self`, as a parameter `Self`, `&Self` or `&mut Self`, or as a constructor's result (`-> Self`), not inside another type");
    }
    Some(Method { form, sig: synthetic, attrs, passes })
}

fn is_self(ty: &Type) -> bool {
    matches!(ty, Type::Path(path) if path.qself.is_none() && path.path.is_ident("Self"))
}

fn mentions_self(ty: &Type) -> bool {
    fn walk(tokens: TokenStream) -> bool {
        tokens.into_iter().any(|token| match token {
            proc_macro2::TokenTree::Ident(ident) => ident == "Self",
            proc_macro2::TokenTree::Group(group) => walk(group.stream()),
            _ => false,
        })
    }
    walk(quote!(#ty))
}

/// The boundary model of `methods`, as a trait's (`kind`) or an impl's.
pub fn interface<'a>(methods: &'a [Method<'a>], kind: Kind<'a>, p: TokenStream, errors: &mut Errors) -> Interface<'a> {
    let functions = methods.iter().map(|m| Signature::new(&m.sig, m.attrs, StateForm::None, errors)).collect();
    Interface::checked(kind, p, functions, errors)
}

/// `#[plugin_export(object)] trait Parser`: the trait with its record, and
/// off wasm `ParserPlugin` and `ParserObject`.
pub fn expand_trait(item: &syn::ItemTrait, p: &TokenStream, errors: &mut Errors) -> TokenStream {
    let trait_ident = item.ident.clone();
    let (plugin, object) = (format_ident!("{}Plugin", trait_ident), format_ident!("{}Object", trait_ident));
    let rep: Type = syn::parse_quote!(#p::PluginObject<#object>);
    let fns = crate::model::trait_fns(item, errors);
    let methods = methods(fns.into_iter(), &rep, errors);
    let side = crate::model::Side::export(item, None);
    let interface = interface(&methods, Kind::ExportTrait { side, link: false }, p.clone(), errors);
    if errors.any() {
        return quote!(#item);
    }
    let text = interface.record_expr(Heading::Exports { trait_name: trait_ident.to_string() });
    let record = record_ident(&trait_ident);
    let handle = handle(item, &interface, &methods, (&plugin, &object), &record);
    let mut emitted = item.clone();
    emitted.items.push(syn::parse_quote! {
        #[doc(hidden)]
        const __WASMBIND_EXPORTS: &'static str = #record;
    });
    let vis = &item.vis;
    quote! {
        #emitted
        #[doc(hidden)]
        #vis const #record: &str = #text;
        #handle
    }
}

fn handle(
    item: &syn::ItemTrait,
    interface: &Interface,
    methods: &[Method],
    (plugin, object): (&syn::Ident, &syn::Ident),
    record: &syn::Ident,
) -> TokenStream {
    let (vis, trait_ident, p) = (&item.vis, &item.ident, &interface.private);
    let exports = format_ident!("{}Exports", plugin);
    let natives = format_ident!("{}InProcess", plugin);
    let name = wasmbind_shared::snake_case(&trait_ident.to_string());
    let fields = interface.functions.iter().map(|sig| {
        let (name, ty) = (sig.ident, sig.static_fn_type());
        quote_spanned!(sig.original.span()=> #name: #p::Export<#ty>)
    });
    let binds = interface.functions.iter().map(|sig| {
        let (name, export, params) = (sig.ident, sig.ident.to_string(), sig.param_names());
        quote!(#name: __b.export(#export, &[#(#params),*])?)
    });
    let native_fields = interface.functions.iter().map(|sig| {
        let (name, params) = (sig.ident, sig.params.iter().map(|param| &param.ty));
        let output = sig.output.map(|ty| quote!(-> #ty));
        quote_spanned!(sig.original.span()=> #name: ::std::boxed::Box<dyn ::core::ops::Fn(#(#params),*) #output + ::core::marker::Send + ::core::marker::Sync>)
    });
    let native_values = methods.iter().zip(&interface.functions).map(|(method, sig)| {
        let ident = sig.ident;
        let params: Vec<_> = sig.params.iter().map(|param| {
            let (ident, ty) = (param.ident, &param.ty);
            quote!(#ident: #ty)
        }).collect();
        let idents: Vec<_> = sig.params.iter().map(|param| param.ident).collect();
        let rep = quote!(__p::PluginObject<#object>);
        let body = implementation(method, &idents, quote!(<__P as #trait_ident>::#ident), &quote!(__t), &rep);
        quote!(#ident: { let __t = ::core::clone::Clone::clone(&__table); ::std::boxed::Box::new(move |#(#params),*| #body) })
    });
    let (mut on_plugin, mut on_object) = (Vec::new(), Vec::new());
    for (method, sig) in methods.iter().zip(&interface.functions) {
        match method.form {
            Form::Constructor | Form::Static => on_plugin.push(call(method, sig, object)),
            Form::Ref | Form::Mut | Form::Own => on_object.push(call(method, sig, object)),
            Form::Drop => {}
        }
    }
    let close = methods
        .iter()
        .zip(&interface.functions)
        .find(|(m, _)| m.form == Form::Drop)
        .map(|(m, sig)| call(m, sig, object));
    let plugin_doc = format!(
        " A plugin implementing the object type [`{trait_ident}`]: its constructors (which return a [`{object}`]) and static functions. Create it with [`Handle::instantiate`]({}::Handle::instantiate), or [`{plugin}::in_process`].",
        p.to_string().replace(' ', "")
    );
    let object_doc = format!(
        " One [`{trait_ident}`] object a plugin made and owns: its methods, called through the plugin that made it. Closing it ([`{object}::close`]) runs the plugin's destructor; dropping it queues the destructor for the plugin's next call. A method taking `self` consumes it."
    );
    let in_process_doc = format!(
        " A [`{trait_ident}`] plugin running in-process: `P`, its implementation, linked into the host natively, with its objects in a table of its own, and the host traits registered on `linker` answering its imports. As `in_process` of any plugin handle."
    );
    quote! {
        #[doc = #plugin_doc]
        #[cfg(not(target_family = "wasm"))]
        #[derive(::core::clone::Clone, ::core::fmt::Debug)]
        #vis struct #plugin {
            __plugin: #p::Plugin,
            __backend: #p::Backend<::std::sync::Arc<#exports>, ::std::sync::Arc<#natives>>,
        }

        #[doc = #object_doc]
        #[cfg(not(target_family = "wasm"))]
        #[derive(::core::fmt::Debug)]
        #vis struct #object {
            __handle: #plugin,
            __this: #p::PluginObject<#object>,
            __live: bool,
        }

        /// What the records name the object by on the plugin side, where
        /// the host's handle does not exist.
        #[doc(hidden)]
        #[cfg(target_family = "wasm")]
        #vis enum #object {}

        #[doc(hidden)]
        #[cfg(not(target_family = "wasm"))]
        #[derive(::core::fmt::Debug)]
        #vis struct #exports {
            #(#fields,)*
        }

        #[doc(hidden)]
        #[cfg(not(target_family = "wasm"))]
        #[allow(clippy::type_complexity)]
        #vis struct #natives {
            #(#native_fields,)*
        }

        #[cfg(not(target_family = "wasm"))]
        impl ::core::fmt::Debug for #natives {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(::core::stringify!(#natives))
            }
        }

        #[cfg(not(target_family = "wasm"))]
        #[allow(clippy::too_many_arguments)]
        const _: () = {
            use #p as __p;

            impl __p::Handle for #plugin {
                const RECORD: &'static str = #record;
                const NAME: &'static str = #name;
                fn bind<__T>(__b: &mut __p::Binder<__T>) -> __p::Result<Self, __p::Error> {
                    let __e = ::std::sync::Arc::new(#exports { #(#binds,)* });
                    __p::Result::Ok(Self { __plugin: __b.plugin(), __backend: __p::Wasm(__e) })
                }
                fn plugin(&self) -> &__p::Plugin {
                    &self.__plugin
                }
            }

            impl #plugin {
                #[doc = #in_process_doc]
                pub fn in_process<__P: #trait_ident + ::core::marker::Send + 'static, __T: 'static>(linker: &__p::Linker<__T>) -> Self {
                    let __table = ::std::sync::Arc::new(__p::Objects::<__P>::new(::core::stringify!(#trait_ident)));
                    let __natives = #natives { #(#native_values,)* };
                    let __plugin = __p::Plugin::in_process(linker, <Self as __p::Handle>::NAME);
                    Self { __plugin, __backend: __p::InProcess(::std::sync::Arc::new(__natives)) }
                }

                fn __object(&self, __this: __p::PluginObject<#object>) -> #object {
                    #object { __handle: ::core::clone::Clone::clone(self), __this, __live: true }
                }

                #(#on_plugin)*
            }

            impl #object {
                #close

                /// The plugin that made it.
                pub fn plugin(&self) -> &#plugin {
                    &self.__handle
                }

                /// Its rep, lent to a method of `owner`'s objects: once it is
                /// checked to be that plugin instance's.
                fn __lend(&self, owner: &#plugin, function: &'static str, argument: &'static str) -> __p::Result<__p::PluginObject<#object>, __p::Error> {
                    owner.__plugin.lend(&self.__handle.__plugin, self.__this, function, argument)
                }

                /// [`Self::__lend`], given away: the plugin drops it, not this handle.
                fn __give(mut self, owner: &#plugin, function: &'static str, argument: &'static str) -> __p::Result<__p::PluginObject<#object>, __p::Error> {
                    let this = self.__lend(owner, function, argument)?;
                    self.__live = false;
                    __p::Result::Ok(this)
                }

                #(#on_object)*
            }

            impl ::core::ops::Drop for #object {
                fn drop(&mut self) {
                    if !self.__live {
                        return;
                    }
                    let (__h, __this) = (&self.__handle, self.__this);
                    match &__h.__backend {
                        __p::Wasm(__e) => __e.drop.defer_drop(&__h.__plugin, __this),
                        __p::InProcess(__n) => {
                            let __n = ::core::clone::Clone::clone(__n);
                            __h.__plugin.defer_drop_in_process(::std::boxed::Box::new(move || (__n.drop)(__this)), "drop");
                        }
                    }
                }
            }
        };
    }
}

/// The implementation's function `call` called in the free-function form
/// of `method`, whose parameters are `idents`, over the object table
/// `table`: each object it takes out of the table (`Own`: the plugin's to
/// drop) or borrows from it for the call (`Ref`, `Mut`: out of the table
/// while the call runs, so the same object twice is refused as in use); a
/// constructor's result put in it as a `rep`.
fn implementation(
    method: &Method,
    idents: &[impl quote::ToTokens],
    call: TokenStream,
    table: &TokenStream,
    rep: &TokenStream,
) -> TokenStream {
    let borrowed = |i: usize| format_ident!("__o{}", i);
    let args = idents.iter().zip(&method.passes).enumerate().map(|(i, (ident, pass))| match pass {
        Pass::Value => quote!(#ident),
        Pass::Own => quote!(#table.take(#ident.rep())),
        Pass::Ref | Pass::Mut => borrowed(i).to_token_stream(),
    });
    let mut body = match method.form {
        Form::Drop => return quote!(::core::mem::drop(#(#args),*)),
        Form::Constructor => quote!(<#rep>::from_rep(#table.insert(#call(#(#args),*)))),
        _ => quote!(#call(#(#args),*)),
    };
    for (i, (ident, pass)) in idents.iter().zip(&method.passes).enumerate().rev() {
        if matches!(pass, Pass::Ref | Pass::Mut) {
            let object = borrowed(i);
            body = quote!(#table.with(#ident.rep(), |#object| #body));
        }
    }
    body
}

impl Method<'_> {
    /// Whether it takes the object (`&self`, `&mut self`, `self`, the destructor).
    fn takes_object(&self) -> bool {
        matches!(self.form, Form::Ref | Form::Mut | Form::Own | Form::Drop)
    }
}

/// The host's method for one function of an object type, and its `_async`
/// twin: on `ParserPlugin` for a constructor (returning a `ParserObject`)
/// or a static, on `ParserObject` for a method or `close` (the destructor).
fn call(method: &Method, sig: &Signature, object: &syn::Ident) -> TokenStream {
    let form = method.form;
    let docs = sig.docs();
    let (name, label) = (sig.ident, sig.ident.to_string());
    let takes_object = method.takes_object();
    let skip = usize::from(takes_object);
    let others: Vec<_> = sig.params.iter().zip(&method.passes).skip(skip).collect();
    // Another object of the type is taken as the host's handle of it, and
    // checked to be this plugin's before the call.
    let params: Vec<_> = others
        .iter()
        .map(|(param, pass)| {
            let ident = param.ident;
            match pass {
                Pass::Value => param.original.to_token_stream(),
                Pass::Own => quote!(#ident: #object),
                Pass::Ref => quote!(#ident: &#object),
                Pass::Mut => quote!(#ident: &mut #object),
            }
        })
        .collect();
    let args: Vec<_> = others.iter().map(|(param, _)| param.ident).collect();
    let (receiver, handle) = match form {
        Form::Ref => (quote!(&self), quote!(self.__handle)),
        Form::Mut => (quote!(&mut self), quote!(self.__handle)),
        Form::Own | Form::Drop => (quote!(mut self), quote!(self.__handle)),
        _ => (quote!(&self), quote!(self)),
    };
    let (this_ref, this) = match takes_object {
        true => (quote!(&self.__this,), quote!(self.__this,)),
        false => (quote!(), quote!()),
    };
    let consume = matches!(form, Form::Own | Form::Drop).then(|| quote!(self.__live = false;));
    let ret = match form {
        Form::Constructor => quote!(#object),
        _ => sig.output.map_or_else(|| quote!(()), |ty| quote!(#ty)),
    };
    let made = (form == Form::Constructor).then(|| quote!(.map(|__this| #handle.__object(__this))));
    let checks = others.iter().filter(|(_, pass)| **pass != Pass::Value).map(|(param, pass)| {
        let (ident, argument) = (param.ident, param.ident.to_string());
        let pass = if **pass == Pass::Own { quote!(__give) } else { quote!(__lend) };
        quote!(let #ident = #ident.#pass(&#handle, #label, #argument)?;)
    });
    let checks = quote!(#(#checks)*);
    let params_async = &params;
    let (name, name_async, docs) = match form {
        Form::Drop => {
            let doc = quote!(#[doc = " Runs the plugin's destructor of this object now."]);
            (format_ident!("close"), format_ident!("close_async"), doc)
        }
        _ => (name.clone(), format_ident!("{}_async", name), quote!(#(#docs)*)),
    };
    let export = sig.ident;
    let start = quote_spanned!(sig.original.span()=> __e.#export.start(&#handle.__plugin, store));
    let in_process = quote!(__p::InProcess(__n) => #handle.__plugin.call_in_process(store, #label, || (__n.#export)(#this #(#args),*)));
    let doc_async = format!(" [`Self::{name}`], awaiting the plugin.");
    quote! {
        #docs
        pub fn #name(#receiver, store: impl __p::AsContextMut, #(#params),*) -> __p::Result<#ret, __p::Error> {
            #checks
            #consume
            match &#handle.__backend {
                __p::Wasm(__e) => #start.call_with((#this_ref #(&#args,)*)),
                #in_process,
            }#made
        }

        #[doc = #doc_async]
        pub async fn #name_async(#receiver, store: impl __p::AsyncStore, #(#params_async),*) -> __p::Result<#ret, __p::Error> {
            #checks
            #consume
            match &#handle.__backend {
                __p::Wasm(__e) => #start.call_async((#this_ref #(&#args,)*)).await,
                #in_process,
            }#made
        }
    }
}

/// `#[plugin_export] impl Parser for MyParser` of an object trait: the
/// table of `MyParser`s and the glue of each export around it.
pub fn expand_impl(item: &syn::ItemImpl, trait_path: &syn::Path, p: &TokenStream, errors: &mut Errors) -> TokenStream {
    if !item.generics.params.is_empty() {
        errors.at(&item.generics, "an exported impl cannot be generic: wasm exports have fixed signatures");
    }
    let self_ty = &item.self_ty;
    let rep: Type = syn::parse_quote!(#p::PluginObject<#self_ty>);
    let fns = item.items.iter().filter_map(|item| match item {
        syn::ImplItem::Fn(method) => Some((&method.sig, &method.attrs[..])),
        _ => None,
    });
    let methods = methods(fns, &rep, errors);
    let kind = Kind::ExportImpl { self_ty, trait_path, dispatch: false, namespace: true };
    let interface = interface(&methods, kind, p.clone(), errors);
    if errors.any() {
        return TokenStream::new();
    }
    let trait_name = trait_path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default();
    let table = format_ident!("__WASMBIND_{}_OBJECTS", trait_name.to_uppercase());
    let glue = methods.iter().zip(&interface.functions).map(|(method, sig)| {
        let ident = sig.ident;
        let export = qualified_export_name(&trait_name, &ident.to_string());
        let cores: Vec<_> = (0..sig.params.len()).map(|i| format_ident!("__a{}", i)).collect();
        // Objects' reps typed, so their `rep()` resolves; the rest inferred.
        let params = cores.iter().zip(&method.passes).map(|(core, pass)| match pass {
            Pass::Value => quote!(#core),
            _ => quote!(#core: #rep),
        });
        let body = implementation(
            method,
            &cores,
            quote!(<#self_ty as #trait_path>::#ident),
            &quote!(#table),
            &rep.to_token_stream(),
        );
        crate::guest::export_glue(sig, &export, quote!((|#(#params),*| #body)), p)
    });
    let heading = Heading::Exports { trait_name: trait_name.clone() };
    let record = crate::guest::text_static(&heading, quote!(<#self_ty as #trait_path>::__WASMBIND_EXPORTS), p);
    quote! {
        #[cfg(target_family = "wasm")]
        #[doc(hidden)]
        static #table: #p::Objects<#self_ty> = #p::Objects::new(#trait_name);
        #(#glue)*
        #[cfg(target_family = "wasm")]
        const _: () = { #record };
    }
}
