//! The procedural macros of wasmbind. Use them through the `wasmbind` crate.
//!
//! One crate for both sides: every form is parsed and validated once into
//! the model (`model`), and both halves are expanded from it, each under
//! its `cfg(target_family = ..)`. (Two crates, one per side, needed each
//! trait macro to re-invoke a hidden macro of the other crate on the same
//! tokens, parsing and validating them twice.)

#![warn(missing_docs)]

mod attr;
mod check;
mod derive;
mod errors;
mod guest;
mod handle;
mod host;
mod model;
mod object;
#[cfg(test)]
mod snapshot;

use proc_macro2::TokenStream;
use quote::quote;
use syn::Item;

use attr::{Args, Key};
use errors::Errors;
use model::{Interface, Kind, Side, Signature, StateForm};
use syn::LitStr;

/// See `wasmbind::host_fn`.
#[proc_macro_attribute]
pub fn host_fn(args: proc_macro::TokenStream, item: proc_macro::TokenStream) -> proc_macro::TokenStream {
    host_fn_impl(args.into(), item.into()).into()
}

/// See `wasmbind::plugin_export`.
#[proc_macro_attribute]
pub fn plugin_export(args: proc_macro::TokenStream, item: proc_macro::TokenStream) -> proc_macro::TokenStream {
    plugin_export_impl(args.into(), item.into()).into()
}

/// See `wasmbind::host_import`.
#[proc_macro_attribute]
pub fn host_import(args: proc_macro::TokenStream, item: proc_macro::TokenStream) -> proc_macro::TokenStream {
    host_import_impl(args.into(), item.into()).into()
}

/// See `wasmbind::WasmType`.
#[proc_macro_derive(WasmType, attributes(wasmbind))]
pub fn derive_wasm_type(item: proc_macro::TokenStream) -> proc_macro::TokenStream {
    derive::expand(item.into()).into()
}

/// See `wasmbind::Flag`.
#[proc_macro_derive(Flag, attributes(wasmbind))]
pub fn derive_flag(item: proc_macro::TokenStream) -> proc_macro::TokenStream {
    derive::expand_flag(item.into()).into()
}

/// `#[host_fn(module = "env")]` on a free function or a trait.
fn host_fn_impl(args: TokenStream, item: TokenStream) -> TokenStream {
    let mut errors = Errors::default();
    let keys = [Key::Module, Key::Crate, Key::Fuel, Key::FuelPerByte, Key::MaxLen, Key::ModName];
    let args = errors.ok(Args::parse(args, &keys));
    let mod_name = args.as_ref().and_then(|a| a.mod_name.as_ref());
    let module = args.as_ref().and_then(|a| errors.ok(a.require_module("host_fn")).cloned());
    let limits = args.as_ref().map(|a| a.limits).unwrap_or_default();
    match syn::parse2::<Item>(item.clone()) {
        Ok(Item::Fn(func)) => {
            if let Some(name) = mod_name {
                errors.at(name, "`mod_name` names the module a `#[host_fn]` trait generates; a free host function generates none: remove it");
            }
            let mut sig = Signature::new(&func.sig, &func.attrs, StateForm::FirstParam, &mut errors);
            model::check_arity(&sig, true, &mut errors);
            sig.limits = limits;
            let expansion = match (&args, &module, errors.any()) {
                (Some(args), Some(module), false) => host::free_fn(&func, &sig, module, &args.private()),
                _ => quote!(#func),
            };
            let errors = errors.into_compile_errors();
            quote!(#expansion #errors)
        }
        Ok(Item::Trait(item)) => {
            let private = args.as_ref().map(Args::private).unwrap_or_default();
            // Without a module (an error already) the methods are still checked.
            let side = Side::host(&item, module.as_ref().unwrap_or(&LitStr::new("", item.ident.span())), mod_name);
            let mut interface = Interface::from_trait(&item, Kind::HostTrait(side), private, &mut errors);
            for sig in &mut interface.functions {
                let (method_limits, close) = method_args(sig.attrs, &mut errors);
                sig.limits = method_limits.or(limits);
                if let Some(span) = close {
                    sig.close = true;
                    if model::closed_kind(sig).is_none() {
                        errors.push(syn::Error::new(
                            span,
                            "`close` marks the host function that closes a handle: it takes the handle alone, \
                             e.g. `#[host_fn(close)] fn close(&mut self, table: Resource<Table>)`",
                        ));
                    }
                }
            }
            for sig in &interface.functions {
                if ["add_to_linker", "add_to_linker_async", "with_host", "with_store"]
                    .iter()
                    .any(|name| sig.ident == name)
                {
                    errors.at(
                        sig.ident,
                        format!(
                            "`{}` is the name of a generated function of the trait's module: rename this host function",
                            sig.ident
                        ),
                    );
                }
            }
            let halves = match (&interface.kind, &module, errors.any()) {
                (Kind::HostTrait(side), Some(_), false) => {
                    let (host, guest) = (host::trait_host(&interface, side), guest::trait_imports(&interface, side));
                    quote!(#host #guest)
                }
                _ => TokenStream::new(),
            };
            let errors = errors.into_compile_errors();
            let item = trait_as_declared(&item);
            quote!(#item #halves #errors)
        }
        _ => {
            errors.at(&item, "`#[host_fn]` goes on a free function whose first parameter is the host state, e.g. `fn log(state: &mut State, msg: &str)`, or on a trait of such functions taking `&mut self`");
            errors.into_compile_errors()
        }
    }
}

/// What a trait method declares with `#[host_fn(..)]`: its limits
/// (`fuel = ..`, ..), and where it says `close`.
fn method_args(attrs: &[syn::Attribute], errors: &mut Errors) -> (attr::Limits, Option<proc_macro2::Span>) {
    let (mut limits, mut close) = (attr::Limits::default(), None);
    for attr in attrs.iter().filter(|a| a.path().is_ident("host_fn")) {
        let tokens = match &attr.meta {
            syn::Meta::List(list) => list.tokens.clone(),
            other => {
                errors.at(other, "give the method's limits, e.g. `#[host_fn(fuel = 50, max_len = 65536)]`");
                continue;
            }
        };
        let keys = [attr::LIMITS.as_slice(), &[Key::Close]].concat();
        if let Some(args) = errors.ok(Args::parse(tokens, &keys)) {
            limits = args.limits.or(limits);
            close = close.or(args.span_of(Key::Close));
        }
    }
    (limits, close)
}

/// The trait as written, except that methods taking a `Context` require
/// `Self: Sized` (the context holds the implementing type; on wasm they
/// stay, uncallable: `Context` is a name only there, so the API crate's
/// imports are used on every target), and an `async fn` returns
/// `impl Future<Output = R> + Send`, so the registration can hold its
/// future across threads (an implementation still writes `async fn`).
fn trait_as_declared(item: &syn::ItemTrait) -> syn::ItemTrait {
    let mut item = item.clone();
    for method in &mut item.items {
        let syn::TraitItem::Fn(method) = method else { continue };
        // A method's limits were read above; they are not an attribute rustc knows.
        method.attrs.retain(|attr| !attr.path().is_ident("host_fn"));
        if model::takes_context(&method.sig) {
            method.sig.generics.make_where_clause().predicates.push(syn::parse_quote!(Self: Sized));
        }
        if let Some(token) = method.sig.asyncness.take() {
            let output = match &method.sig.output {
                syn::ReturnType::Default => quote!(()),
                syn::ReturnType::Type(_, ty) => quote!(#ty),
            };
            method.sig.output = syn::parse_quote_spanned!(token.span=>
                -> impl ::core::future::Future<Output = #output> + ::core::marker::Send
            );
        }
    }
    item
}

/// `#[plugin_export]` on a free function, a trait or a trait impl.
fn plugin_export_impl(args: TokenStream, item: TokenStream) -> TokenStream {
    let mut errors = Errors::default();
    let args = errors
        .ok(Args::parse(args, &[Key::Crate, Key::Link, Key::Dispatch, Key::ModName, Key::Namespace, Key::Object]));
    let object = args.as_ref().is_some_and(|args| args.object);
    let mod_name = args.as_ref().and_then(|a| a.mod_name.as_ref());
    let p = args.as_ref().map(Args::private).unwrap_or_else(|| quote!(::wasmbind::__private));
    let link = args.as_ref().is_some_and(|args| args.link);
    let dispatch = args.as_ref().is_some_and(|args| args.dispatch);
    let namespace = args.as_ref().is_some_and(|args| args.namespace);
    let parsed = syn::parse2::<Item>(item.clone());
    let (is_impl, is_trait) = (matches!(parsed, Ok(Item::Impl(_))), matches!(parsed, Ok(Item::Trait(_))));
    let span_of = |key| args.as_ref().and_then(|args| args.span_of(key));
    if let Some(span) = span_of(Key::Namespace)
        && !is_impl
    {
        errors.push(syn::Error::new(
            span,
            "`namespace` goes on the impl that exports the trait (`#[plugin_export(namespace)] impl Calc for MyPlugin`): \
             it exports the impl's functions as `Calc.greet`, so that another trait's `greet` can be exported too",
        ));
    }
    if let Some(span) = span_of(Key::Object)
        && !is_trait
    {
        errors.push(syn::Error::new(
            span,
            "`object` goes on the trait that declares the object type (`#[plugin_export(object)] trait Parser`); \
             its impl is `#[plugin_export] impl Parser for MyParser`",
        ));
    }
    if let Some(name) = mod_name
        && !is_trait
    {
        errors.at(name, "`mod_name` goes on the trait (`#[plugin_export(link, mod_name = \"..\")] trait Calc`): it names the module `link` generates");
    }
    if let Some(span) = span_of(Key::Dispatch)
        && !is_impl
    {
        errors.push(syn::Error::new(
            span,
            "`dispatch` goes on the impl that exports the trait (`#[plugin_export(dispatch)] impl Calc for MyPlugin`): \
             it is the plugin that carries the dispatcher",
        ));
    }
    let expansion = match parsed {
        Ok(Item::Fn(func)) => {
            model::refuse_optional(&func.attrs, &mut errors);
            let sig = Signature::new(&func.sig, &func.attrs, StateForm::None, &mut errors);
            model::check_arity(&sig, false, &mut errors);
            let ident = sig.ident;
            let glue = (!errors.any()).then(|| {
                let glue = guest::export_glue(&sig, &ident.to_string(), quote!(#ident), &p);
                let record = guest::export_fn_record(&sig, &p);
                // Exported on wasm, so used even when nothing in the crate calls it.
                quote!(#glue #record #[cfg(not(target_family = "wasm"))] const _: () = { let _ = #ident; };)
            });
            quote!(#func #glue)
        }
        Ok(Item::Trait(item)) if object => {
            if let Some(span) = span_of(Key::Link) {
                errors.push(syn::Error::new(
                    span,
                    "an object trait cannot be linked to other plugins yet: remove `link`",
                ));
            }
            object::expand_trait(&item, &p, &mut errors)
        }
        Ok(Item::Impl(item)) if item.trait_.is_some() && object::is_object_impl(&item) => {
            for key in [Key::Dispatch, Key::Namespace] {
                if let Some(span) = span_of(key) {
                    errors.push(syn::Error::new(span, "an object type's functions are always exported as `{Type}.{name}`, and are not called by name: remove it"));
                }
            }
            let glue = item.trait_.as_ref().map(|(_, path, _)| object::expand_impl(&item, path, &p, &mut errors));
            quote!(#item #glue)
        }
        Ok(Item::Trait(item)) => {
            if let (Some(name), false) = (mod_name, link) {
                errors.at(
                    name,
                    "`mod_name` names the module `link` generates for other plugins to call this trait: add `link`, or remove `mod_name`",
                );
            }
            let kind = Kind::ExportTrait { side: Side::export(&item, mod_name), link };
            let interface = Interface::from_trait(&item, kind, p.clone(), &mut errors);
            // `#[optional]` is read here and not emitted.
            let mut emitted = item.clone();
            for method in emitted.items.iter_mut() {
                if let syn::TraitItem::Fn(method) = method {
                    method.attrs.retain(|attr| !model::is_optional(attr));
                }
            }
            for sig in &interface.functions {
                let name = sig.ident.to_string();
                if let Some(base) = name.strip_suffix("_async")
                    && interface.functions.iter().any(|other| other.ident == base)
                {
                    errors.at(
                        sig.ident,
                        format!("the handle's async twin of `{base}` is called `{name}`: rename this export"),
                    );
                }
                let owner = match () {
                    _ if sig.ident == "with_plugin" => "module",
                    _ if sig.ident == "in_process" => "handle",
                    _ => continue,
                };
                errors.at(
                    sig.ident,
                    format!(
                        "`{}` is the name of a generated function of the trait's {owner}: rename this export",
                        sig.ident
                    ),
                );
            }
            match (&interface.kind, errors.any()) {
                (Kind::ExportTrait { side, link }, false) => {
                    let imports = link.then(|| linked_imports(&interface, side));
                    let handle = handle::expand(emitted, &interface);
                    quote!(#handle #imports)
                }
                _ => quote!(#emitted),
            }
        }
        Ok(Item::Impl(item)) => match &item.trait_ {
            Some((_, trait_path, _)) => {
                let interface = Interface::from_impl(&item, trait_path, (dispatch, namespace), p.clone(), &mut errors);
                let glue = (!errors.any()).then(|| guest::export_impl(&interface));
                quote!(#item #glue)
            }
            None => {
                errors.at(
                    &item.self_ty,
                    "`#[plugin_export]` goes on an impl of a plugin export trait: `impl Calc for MyPlugin`",
                );
                quote!(#item)
            }
        },
        _ => {
            errors.at(&item, "`#[plugin_export]` goes on a free function or a trait impl (to export them), or on a trait (to declare a plugin's exports)");
            TokenStream::new()
        }
    };
    let errors = errors.into_compile_errors();
    quote!(#expansion #errors)
}

/// With `#[plugin_export(link)]`, the importing side of a trait: `mod calc`
/// of safe functions calling the import module `plugin:Calc` (on wasm), or
/// the plugin installed with `calc::with_plugin` (natively).
fn linked_imports(interface: &Interface, side: &Side) -> TokenStream {
    let (doc, imports) = (guest::linked_doc(side), guest::trait_imports(interface, side));
    let native = guest::native_imports(interface, side);
    let (Side { vis, mod_ident, .. }, p) = (side, &interface.private);
    quote! {
        #imports
        #[cfg(not(target_family = "wasm"))]
        #[doc = #doc]
        #[allow(clippy::too_many_arguments)]
        #vis mod #mod_ident {
            #[allow(unused_imports)]
            use super::*;
            #[allow(unused_imports)]
            use #p as __p;
            #native
        }
    }
}

/// `#[host_import(module = "env")]` on an `extern` block.
fn host_import_impl(args: TokenStream, item: TokenStream) -> TokenStream {
    let mut errors = Errors::default();
    let args = errors.ok(Args::parse(args, &[Key::Module, Key::Crate]));
    let Ok(block) = syn::parse2::<syn::ItemForeignMod>(item.clone()) else {
        errors.at(&item, "`#[host_import]` goes on an `extern \"C\"` block of host functions, e.g. `extern \"C\" { fn log(msg: &str); }`");
        return errors.into_compile_errors();
    };
    let module = args.as_ref().and_then(|a| errors.ok(a.require_module("host_import")).cloned());
    let private = args.as_ref().map(Args::private).unwrap_or_default();
    let missing = module.is_none();
    let module = module.unwrap_or_else(|| LitStr::new("", block.abi.extern_token.span));
    let interface = Interface::from_foreign(&block, module, private, &mut errors);
    let wrappers = match (&args, missing) {
        (Some(_), false) => guest::extern_block(&block, &interface),
        _ => TokenStream::new(),
    };
    let errors = errors.into_compile_errors();
    quote!(#wrappers #errors)
}

#[cfg(test)]
mod snapshots {
    use quote::quote;

    use crate::snapshot::{assert_attr_snapshot as attr, assert_snapshot};

    #[test]
    fn host_fn_on_a_free_function() {
        attr(
            "host_fn_free",
            "host_fn",
            quote!(module = "env"),
            quote! {
                pub fn get(state: &State, key: &str) -> Option<String> {
                    state.settings.get(key).cloned()
                }
            },
            crate::host_fn_impl,
        );
    }

    #[test]
    fn host_fn_with_declared_limits() {
        attr(
            "host_fn_limits",
            "host_fn",
            quote!(module = "env", fuel = 50, max_len = 65536),
            quote! {
                pub fn put(state: &mut State, key: &str, value: &[u8]) {
                    state.settings.insert(key.to_owned(), value.to_vec());
                }
            },
            crate::host_fn_impl,
        );
    }

    #[test]
    fn host_fn_on_a_trait() {
        attr(
            "host_fn_trait",
            "host_fn",
            quote!(module = "env"),
            quote! {
                pub trait Env {
                    /// Appends a line to the host's log.
                    fn log(&mut self, msg: &str);
                    fn shared_value(&self) -> i32;
                    /// A setting; an `Err` stops the plugin, whose side returns the `String`.
                    fn require(&mut self, key: &str) -> Result<String, wasmbind::Trap>;
                }
            },
            crate::host_fn_impl,
        );
    }

    #[test]
    fn host_fn_lending_its_results() {
        attr(
            "host_fn_lent",
            "host_fn",
            quote!(module = "kv"),
            quote! {
                pub trait Kv {
                    /// The value stored under `key`, lent from the state.
                    fn get(&mut self, key: &str) -> &str;
                    fn blob(&self) -> &'static [u8];
                }
            },
            crate::host_fn_impl,
        );
    }

    #[test]
    fn host_fn_with_a_handle_kind() {
        attr(
            "host_fn_resource",
            "host_fn",
            quote!(module = "files"),
            quote! {
                pub trait Files {
                    fn open(&mut self, path: &str) -> Result<Resource<File>, Trap>;
                    /// Reads up to `len` bytes.
                    fn read(&mut self, file: Resource<File>, len: u32) -> Vec<u8>;
                    #[host_fn(close)]
                    fn close(&mut self, file: Resource<File>);
                }
            },
            crate::host_fn_impl,
        );
    }

    #[test]
    fn host_fn_on_a_trait_with_async_functions() {
        attr(
            "host_fn_async",
            "host_fn",
            quote!(module = "io"),
            quote! {
                pub trait Io {
                    /// Reads `key`; the plugin waits while the host awaits.
                    async fn read(&mut self, key: &str) -> Option<String>;
                    fn log(&mut self, line: &str);
                }
            },
            crate::host_fn_impl,
        );
    }

    #[test]
    fn host_fn_with_a_context() {
        attr(
            "host_fn_context",
            "host_fn",
            quote!(module = "registry"),
            quote! {
                pub trait Registry {
                    /// Calls `echo` on plugin `to`.
                    fn call(cx: &mut Context<'_, Self>, to: Lent<str>, times: u32) -> Result<String, String>;
                }
            },
            crate::host_fn_impl,
        );
    }

    #[test]
    fn plugin_export_on_a_trait() {
        attr(
            "plugin_export_trait",
            "plugin_export",
            quote!(),
            quote! {
                pub trait Calc {
                    /// Greets `name`.
                    fn greet(name: &str) -> String;
                    fn point_add(a: Point, b: Point) -> Point;
                    /// Added later: plugins built before may lack it.
                    #[optional]
                    fn version() -> u32;
                }
            },
            crate::plugin_export_impl,
        );
    }

    #[test]
    fn plugin_export_on_a_linked_trait() {
        attr(
            "plugin_export_link",
            "plugin_export",
            quote!(link),
            quote! {
                pub trait Calc {
                    /// Greets `name`.
                    fn greet(name: &str) -> String;
                    fn version() -> u32;
                }
            },
            crate::plugin_export_impl,
        );
    }

    #[test]
    fn plugin_export_on_a_free_function() {
        attr(
            "plugin_export_fn",
            "plugin_export",
            quote!(),
            quote! {
                fn greet(name: &str) -> String {
                    format!("Hello, {name}!")
                }
            },
            crate::plugin_export_impl,
        );
    }

    #[test]
    fn plugin_export_on_an_impl() {
        attr(
            "plugin_export_impl",
            "plugin_export",
            quote!(),
            quote! {
                impl Calc for MyPlugin {
                    fn greet(name: &str) -> String { format!("Hello, {name}!") }
                    fn point_add(a: Point, b: Point) -> Point { Point { x: a.x + b.x, y: a.y + b.y } }
                }
            },
            crate::plugin_export_impl,
        );
    }

    #[test]
    fn plugin_export_on_an_object_trait() {
        attr(
            "plugin_export_object",
            "plugin_export",
            quote!(object),
            quote! {
                pub trait Parser {
                    fn new(config: &str) -> Self;
                    fn feed(&mut self, chunk: &str) -> u32;
                    fn finish(self) -> Vec<String>;
                    fn absorb(&mut self, other: Self, sample: &Self);
                    fn version() -> u32;
                }
            },
            crate::plugin_export_impl,
        );
    }

    #[test]
    fn plugin_export_on_an_object_impl() {
        attr(
            "plugin_export_object_impl",
            "plugin_export",
            quote!(),
            quote! {
                impl Parser for MyParser {
                    fn new(config: &str) -> Self { MyParser { words: Vec::new() } }
                    fn feed(&mut self, chunk: &str) -> u32 { self.words.push(chunk.into()); self.words.len() as u32 }
                    fn finish(self) -> Vec<String> { self.words }
                    fn absorb(&mut self, other: Self, sample: &Self) { self.words.extend(other.words) }
                    fn version() -> u32 { 1 }
                }
            },
            crate::plugin_export_impl,
        );
    }

    #[test]
    fn plugin_export_on_an_impl_called_by_name() {
        attr(
            "plugin_export_impl_dispatch",
            "plugin_export",
            quote!(dispatch),
            quote! {
                impl Calc for MyPlugin {
                    fn greet(name: &str) -> String { format!("Hello, {name}!") }
                    fn point_add(a: Point, b: Point) -> Point { Point { x: a.x + b.x, y: a.y + b.y } }
                }
            },
            crate::plugin_export_impl,
        );
    }

    #[test]
    fn host_import() {
        attr(
            "host_import",
            "host_import",
            quote!(module = "env"),
            quote! {
                unsafe extern "C" {
                    /// Logs a line.
                    pub fn log(msg: &str);
                    pub fn get(key: &str) -> Option<String>;
                }
            },
            crate::host_import_impl,
        );
    }

    #[test]
    fn derive_wasm_type() {
        let item = quote! {
            pub struct Point { pub x: i32, pub y: i32 }
        };
        assert_snapshot("derive_wasm_type", quote!(#[derive(WasmType)] #item), crate::derive::expand(item));
    }

    #[test]
    fn derive_wasm_type_enum() {
        let item = quote! {
            pub enum Shape { Dot, Circle { radius: f32 }, Label(String, Level) }
        };
        assert_snapshot("derive_wasm_type_enum", quote!(#[derive(WasmType)] #item), crate::derive::expand(item));
    }

    #[test]
    fn derive_wasm_type_extensible() {
        let item = quote! {
            #[wasmbind(extensible)]
            pub struct Summary { pub title: String, pub words: u32, #[wasmbind(optional)] pub lines: Option<u32> }
        };
        assert_snapshot("derive_wasm_type_extensible", quote!(#[derive(WasmType)] #item), crate::derive::expand(item));
    }

    #[test]
    fn derive_flag() {
        let item = quote! {
            pub enum Perm { Read, Write, Exec }
        };
        assert_snapshot("derive_flag", quote!(#[derive(Flag)] #item), crate::derive::expand_flag(item));
    }
}
