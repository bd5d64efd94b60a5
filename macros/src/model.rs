//! The one model of a boundary: a function's signature as it crosses, and
//! an interface (a trait, an impl, an `extern` block) as a list of them.
//! Every decision is made here once, while the model is built: what
//! declared the interface ([`Kind`]) and so which halves exist and how the
//! plugin side is named ([`Side`]); how each function receives the host
//! state ([`StateForm`]); how each parameter crosses ([`Crossing`]).
//! `host`, `guest` and `handle` only render it.

use std::collections::HashSet;

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

use syn::{Attribute, FnArg, Ident, LitStr, Pat, PatType, ReturnType, Type};
use wasmbind_shared::{Heading, Record, is_reserved};

use crate::check::{Position, check_type};
use crate::errors::Errors;

/// One boundary parameter.
pub struct Param<'a> {
    /// Its name, used in generated code and error messages.
    pub ident: &'a Ident,
    /// Its type as it crosses: as written, except that `Lent<X>` crosses as `&X`.
    pub ty: Type,
    /// How it crosses, decided once here; the generators only render it.
    pub crossing: Crossing,
    /// The parameter as written.
    pub original: &'a PatType,
}

/// How a parameter crosses the boundary: decided by the form it is written
/// in (not by naming types), once, when the model is built.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Crossing {
    /// By value (`u32`, `Point`, `String`): in its core value, or its body
    /// copied out of memory into an owned value.
    Value,
    /// `&str` (or another reference but a slice): borrowed in place from
    /// the caller's memory.
    Borrow,
    /// `&[T]`: borrowed in place when it can be, else decoded into a
    /// per-call copy (`wasmbind::abi::Scratch`).
    Scratch,
    /// `Lent<X>` (a host function taking a context): its span is checked,
    /// and the function reads it through the context.
    Lent,
}

impl Crossing {
    /// The crossing of a parameter of type `ty` (`&X` for `Lent<X>`).
    fn of(ty: &Type, lent: bool) -> Self {
        match ty {
            _ if lent => Self::Lent,
            Type::Reference(r) if matches!(&*r.elem, Type::Slice(_)) => Self::Scratch,
            Type::Reference(_) => Self::Borrow,
            _ => Self::Value,
        }
    }
}

impl Param<'_> {
    /// Written `Lent<X>`.
    pub fn lent(&self) -> bool {
        self.crossing == Crossing::Lent
    }

    /// Written `&[T]`: it may need a per-call copy.
    pub fn borrows_slice(&self) -> bool {
        self.crossing == Crossing::Scratch
    }

    /// Written as a reference (`&str`, `&[T]`, or lent): a copy of it is
    /// [`Param::owned`].
    pub fn borrows(&self) -> bool {
        self.crossing != Crossing::Value
    }

    /// The type a copy of it has: `String` for `&str`, `Vec<T>` for `&[T]`,
    /// else its own (same body on the wire). Calls from one plugin into
    /// another and calls by name decode arguments into it, then pass
    /// `&copy`, which derefs to the borrowed type.
    pub fn owned(&self) -> Type {
        match &self.ty {
            Type::Reference(r) => match &*r.elem {
                Type::Slice(slice) => {
                    let elem = &slice.elem;
                    syn::parse_quote!(::std::vec::Vec<#elem>)
                }
                _ => syn::parse_quote!(::std::string::String),
            },
            ty => ty.clone(),
        }
    }
}

/// How a form receives the host state.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum StateForm {
    /// No state: plugin exports and imports.
    None,
    /// The first parameter, `&mut S` or `&S`: `#[host_fn]` on a free function.
    FirstParam,
    /// `&mut self` or `&self`: `#[host_fn]` on a trait.
    Receiver,
}

/// The context a host function takes first, `cx: &mut Context<'_, T, S>`.
pub struct ContextParam<'a> {
    /// `T`, the store's data.
    pub data: &'a Type,
    /// `S`, the state (`T` when not written).
    pub state: &'a Type,
}

/// A function signature seen as a boundary: validated, with the parameters
/// that cross separated from the host state parameter.
pub struct Signature<'a> {
    /// The signature as written.
    pub original: &'a syn::Signature,
    /// The function's attributes (its docs carry over).
    pub attrs: &'a [Attribute],
    /// The function name (the export or import name).
    pub ident: &'a Ident,
    /// The host state parameter, when the form takes one first.
    pub state: Option<&'a PatType>,
    /// The context parameter, when the host function takes one instead of the state.
    pub context: Option<ContextParam<'a>>,
    /// The parameters that cross.
    pub params: Vec<Param<'a>>,
    /// The result type; `None` for `()`.
    pub output: Option<&'a Type>,
    /// For a host function returning a borrowed `&str` or `&[u8]`: the
    /// owned type it crosses as (`String`, `Vec<u8>`), which records, the
    /// plugin side and the function's description use. The host lowers the
    /// borrowed value straight into the plugin's result area.
    pub lent_output: Option<Type>,
    /// What a call may cost and carry (host functions only).
    pub limits: crate::attr::Limits,
    /// Written `async fn` (host functions only): registered with
    /// `func_wrap_async`, awaited while the plugin waits.
    pub is_async: bool,
    /// Marked `#[optional]` (plugin export traits only): a plugin may lack it.
    pub optional: bool,
    /// Marked `#[host_fn(close)]` (host traits only): it closes the handle
    /// it takes, and a plugin's `Owned` handle of that kind calls it on drop.
    pub close: bool,
}

impl<'a> Signature<'a> {
    /// Builds the model, recording every problem in `errors`.
    pub fn new(sig: &'a syn::Signature, attrs: &'a [Attribute], form: StateForm, errors: &mut Errors) -> Self {
        check_header(sig, errors);
        let is_async = sig.asyncness.is_some();
        if let (Some(token), StateForm::None) = (&sig.asyncness, form) {
            errors.at(token, "a plugin's functions are synchronous: remove `async` (the host awaits a plugin with its handle's `_async` methods, and host functions may be `async fn`)");
        }
        if is_reserved(&sig.ident.to_string()) {
            errors.at(&sig.ident, "this name is reserved for wasmbind's own exports and generated items (`memory`, `wasmbind_*`, `__*`): rename the function");
        }
        let mut inputs = sig.inputs.iter().peekable();
        let context = match form {
            StateForm::None => None,
            _ => inputs.peek().and_then(|first| context_param(first)),
        };
        if context.is_some() {
            inputs.next();
        }
        let state = match form {
            StateForm::FirstParam if context.is_none() => state_param(sig, inputs.next(), errors),
            _ => None,
        };
        match (form, inputs.peek()) {
            (StateForm::Receiver, _) if context.is_some() => {}
            (StateForm::Receiver, Some(FnArg::Receiver(r))) => {
                inputs.next();
                receiver(r, errors);
            }
            (StateForm::Receiver, _) => errors.at(&sig.ident, "a host function trait method takes the host state as `&mut self` or `&self`, or a context as `cx: &mut wasmbind::host::Context<'_, Self>`: add it as the first parameter"),
            _ => {}
        }
        if let (StateForm::Receiver, Some(cx)) = (form, &context)
            && !matches!(cx.data, Type::Path(p) if p.path.is_ident("Self"))
        {
            errors.at(cx.data, "in a host function trait, a method's context holds the implementing type: write `cx: &mut Context<'_, Self>`");
        }
        let params: Vec<_> = inputs.filter_map(|arg| param(arg, errors)).collect();
        for param in &params {
            match (&context, param.lent()) {
                (None, true) => errors.at(&param.original.ty, format!("`Lent` arguments are read through a host function's `Context`: take `{}: &{}` here, or take `cx: &mut Context<'_, ..>` first", param.ident, type_text(lent_target(&param.ty)))),
                (Some(_), false) if matches!(param.ty, Type::Reference(_)) => errors.at(&param.original.ty, format!("a host function with a `Context` can call into plugins, which may rewrite the memory `{0}` would borrow: take `{0}: Lent<{1}>` and read it with `cx.read({0})`, or an owned type", param.ident, type_text(lent_target(&param.ty)))),
                _ => {}
            }
        }
        let output = match &sig.output {
            ReturnType::Default => None,
            ReturnType::Type(_, ty) if matches!(&**ty, Type::Tuple(t) if t.elems.is_empty()) => None,
            ReturnType::Type(_, ty) => Some(&**ty),
        };
        let lent_output = match output {
            Some(ty) if form != StateForm::None => lent_result(sig, ty, is_async, context.is_some(), errors),
            _ => None,
        };
        if let (Some(ty), None) = (output, &lent_output) {
            check_type(ty, if form == StateForm::None { Position::Result } else { Position::HostResult }, errors);
        }
        if let (Some(token), Some(_)) = (&sig.asyncness, &context) {
            errors.at(token, "an `async` host function cannot take a `Context` yet: take the state (`&mut self`) and owned arguments, or remove `async`");
        }
        let limits = crate::attr::Limits::default();
        let optional = attrs.iter().any(is_optional);
        for attr in attrs.iter().filter(|a| is_optional(a) && !matches!(a.meta, syn::Meta::Path(_))) {
            errors.at(attr, "write `#[optional]`, without arguments");
        }
        if form != StateForm::None {
            refuse_optional(attrs, errors);
        }
        Self {
            original: sig,
            attrs,
            ident: &sig.ident,
            state,
            context,
            params,
            output,
            lent_output,
            limits,
            is_async,
            optional,
            close: false,
        }
    }

    /// The result type as it crosses: the declared one, or the owned type
    /// of a borrowed result (`lent_output`).
    pub fn wire_output(&self) -> Option<&Type> {
        self.lent_output.as_ref().or(self.output)
    }

    /// Parameter names, for error messages.
    pub fn param_names(&self) -> Vec<String> {
        self.params.iter().map(|p| p.ident.to_string()).collect()
    }

    /// The `#[doc]` attributes, to carry over to generated items.
    pub fn docs(&self) -> impl Iterator<Item = &'a Attribute> {
        self.attrs.iter().filter(|a| a.path().is_ident("doc"))
    }

    /// The shape (`<T as Describe>::SHAPE`) of each parameter type, then of
    /// the result type as `result` writes it, for a record's type lines.
    pub fn shapes(&self, p: &TokenStream, result: impl Fn(&Type) -> TokenStream) -> Vec<TokenStream> {
        let shape = |ty: TokenStream, span: proc_macro2::Span| quote_spanned!(span=> <#ty as #p::Describe>::SHAPE);
        let params = self.params.iter().map(|param| {
            let ty = with_static_lifetimes(&param.ty);
            shape(quote!(#ty), ty.span())
        });
        params.chain(self.wire_output().map(|ty| shape(result(&with_static_lifetimes(ty)), ty.span()))).collect()
    }

    /// The signature as a function-pointer type with `'static` lifetimes
    /// (`fn(&'static str, Point) -> String`): the type parameter of an
    /// export's `Export` and of a host function's `HostFnInfo::of`.
    pub fn static_fn_type(&self) -> TokenStream {
        let params = self.params.iter().map(|param| {
            let ty = with_static_lifetimes(&param.ty);
            quote_spanned!(param.ty.span()=> #ty)
        });
        let output = self.wire_output().map(|ty| {
            let ty = with_static_lifetimes(ty);
            quote_spanned!(ty.span()=> -> #ty)
        });
        quote!(fn(#(#params),*) #output)
    }

    /// `fn(&str, Point) -> String`, as interface records write it.
    pub fn text(&self) -> String {
        let params: Vec<_> = self.params.iter().map(|p| type_text(&p.ty)).collect();
        let output = self.wire_output().map(|ty| format!(" -> {}", type_text(ty))).unwrap_or_default();
        format!("fn({}){output}", params.join(", "))
    }
}

/// A host function's result `&str` or `&[u8]`, borrowed from the state (or
/// `'static`): the owned type it crosses as, or `None` for any other
/// result. Refused where the value could not be written while it is
/// borrowed: an `async fn`, a function with a `Context`, or a result
/// borrowed from an argument.
fn lent_result(sig: &syn::Signature, ty: &Type, is_async: bool, context: bool, errors: &mut Errors) -> Option<Type> {
    let Type::Reference(r) = ty else { return None };
    let owned: Type = match &*r.elem {
        _ if r.mutability.is_some() => return None,
        Type::Path(p) if p.qself.is_none() && p.path.is_ident("str") => {
            syn::parse_quote_spanned!(ty.span()=> ::std::string::String)
        }
        Type::Slice(s) if matches!(&*s.elem, Type::Path(p) if p.path.is_ident("u8")) => {
            syn::parse_quote_spanned!(ty.span()=> ::std::vec::Vec<u8>)
        }
        _ => return None,
    };
    let spelled = type_text(&owned);
    if is_async {
        errors.at(ty, format!("an `async` host function cannot return a borrowed value (it would borrow the state across an await): return `{spelled}`"));
    } else if context {
        errors
            .at(ty, format!("a host function with a `Context` cannot return a borrowed value yet: return `{spelled}`"));
    } else if let Some(lifetime) = &r.lifetime
        && sig.inputs.iter().skip(1).any(|arg| matches!(arg, FnArg::Typed(t) if mentions(&t.ty, lifetime)))
    {
        errors.at(lifetime, format!("a host function's result may borrow the state, not an argument (the plugin's memory it is written into): return `{spelled}`"));
    }
    Some(owned)
}

/// Whether `ty` names `lifetime`.
fn mentions(ty: &Type, lifetime: &syn::Lifetime) -> bool {
    struct Find<'l>(&'l syn::Lifetime, bool);
    impl syn::visit_mut::VisitMut for Find<'_> {
        fn visit_lifetime_mut(&mut self, lifetime: &mut syn::Lifetime) {
            self.1 |= lifetime.ident == self.0.ident;
        }
    }
    let mut find = Find(lifetime, false);
    syn::visit_mut::VisitMut::visit_type_mut(&mut find, &mut ty.clone());
    find.1
}

/// `#[optional]` on a plugin export trait's method.
pub fn is_optional(attr: &Attribute) -> bool {
    attr.path().is_ident("optional")
}

/// An error at `#[optional]` anywhere but on a plugin export trait's method.
pub fn refuse_optional(attrs: &[Attribute], errors: &mut Errors) {
    for attr in attrs.iter().filter(|a| is_optional(a)) {
        errors.at(attr, "`#[optional]` marks an export a plugin may lack: it goes on a method of a `#[plugin_export]` trait (the host's declaration), not here");
    }
}

/// A set of boundary functions declared together: a trait, an exported
/// impl or an `extern` block, with what declared it and the runtime path
/// the expansion names. Generators take it whole.
pub struct Interface<'a> {
    /// What declared it.
    pub kind: Kind<'a>,
    /// The runtime's paths for generated code, `{crate}::__private`.
    pub private: TokenStream,
    /// The functions, in declaration order.
    pub functions: Vec<Signature<'a>>,
}

/// What declared an interface, decided once from the attribute and the
/// item: which halves are generated and how the functions receive the host
/// state.
pub enum Kind<'a> {
    /// `#[host_fn(module = ..)] trait Env`: the host's registration and the
    /// plugin's imports (its [`Side`]); methods take `&mut self` or a context.
    HostTrait(Side<'a>),
    /// `#[plugin_export] trait Calc`: the record and a typed handle; with
    /// `link`, also the side of the plugins that import it.
    ExportTrait { side: Side<'a>, link: bool },
    /// `#[plugin_export] impl Calc for MyPlugin`: the exports and their
    /// record; with `dispatch`, also a dispatcher for calls by name.
    ExportImpl { self_ty: &'a Type, trait_path: &'a syn::Path, dispatch: bool, namespace: bool },
    /// `#[host_import(module = ..)] extern "C" { .. }`: safe wrappers.
    HostImport { module: LitStr },
}

/// A trait and the plugin side generated for it: safe functions in
/// `mod {mod_ident}` calling the import module `module`.
pub struct Side<'a> {
    /// The trait's name.
    pub ident: &'a Ident,
    /// The trait's visibility, which its generated items share.
    pub vis: &'a syn::Visibility,
    /// The import module: `#[host_fn]`'s `module`, or `plugin:{Trait}`.
    pub module: LitStr,
    /// The Rust module of the generated items (`env`, `calc`).
    pub mod_ident: Ident,
}

impl<'a> Side<'a> {
    /// A `#[host_fn]` trait's side: `mod {module}` (the trait's name in
    /// snake case when `module` is not an identifier), or `mod_name`.
    pub fn host(item: &'a syn::ItemTrait, module: &LitStr, mod_name: Option<&Ident>) -> Self {
        let mod_ident = mod_name.cloned().unwrap_or_else(|| crate::attr::module_ident(module, &item.ident));
        Self { ident: &item.ident, vis: &item.vis, module: module.clone(), mod_ident }
    }

    /// A `#[plugin_export]` trait's side: `mod calc` (or `mod_name`)
    /// calling `plugin:Calc`.
    pub fn export(item: &'a syn::ItemTrait, mod_name: Option<&Ident>) -> Self {
        let name = item.ident.to_string();
        let module = LitStr::new(&wasmbind_shared::plugin_import_module(&name), item.ident.span());
        let mod_ident =
            mod_name.cloned().unwrap_or_else(|| Ident::new(&wasmbind_shared::snake_case(&name), item.ident.span()));
        Self { ident: &item.ident, vis: &item.vis, module, mod_ident }
    }
}

impl Kind<'_> {
    /// How the functions receive the host state.
    fn receiver(&self) -> StateForm {
        match self {
            Kind::HostTrait(_) => StateForm::Receiver,
            _ => StateForm::None,
        }
    }
}

/// The functions of a boundary trait and their attributes, with an error
/// for generics, a body, or an item that is not a function.
pub fn trait_fns<'a>(item: &'a syn::ItemTrait, errors: &mut Errors) -> Vec<(&'a syn::Signature, &'a [Attribute])> {
    if !item.generics.params.is_empty() {
        errors.at(&item.generics, "a boundary trait cannot be generic: wasm signatures are fixed");
    }
    item.items
        .iter()
        .filter_map(|item| match item {
            syn::TraitItem::Fn(method) => {
                if let Some(body) = &method.default {
                    errors.at(body, "a boundary declaration has no body: end it with `;`");
                }
                Some((&method.sig, &method.attrs[..]))
            }
            other => {
                errors.at(other, "a boundary trait holds only functions");
                None
            }
        })
        .collect()
}

impl<'a> Interface<'a> {
    /// Walks a boundary trait: functions only, without bodies, generics or
    /// repeated names.
    pub fn from_trait(item: &'a syn::ItemTrait, kind: Kind<'a>, private: TokenStream, errors: &mut Errors) -> Self {
        let form = kind.receiver();
        let functions =
            trait_fns(item, errors).into_iter().map(|(sig, attrs)| Signature::new(sig, attrs, form, errors)).collect();
        Self::checked(kind, private, functions, errors)
    }

    /// Walks `#[plugin_export] impl Trait for T`.
    pub fn from_impl(
        item: &'a syn::ItemImpl,
        trait_path: &'a syn::Path,
        (dispatch, namespace): (bool, bool),
        private: TokenStream,
        errors: &mut Errors,
    ) -> Self {
        if !item.generics.params.is_empty() {
            errors.at(&item.generics, "an exported impl cannot be generic: wasm exports have fixed signatures");
        }
        let functions = item
            .items
            .iter()
            .filter_map(|item| match item {
                syn::ImplItem::Fn(method) => {
                    refuse_optional(&method.attrs, errors);
                    Some(Signature::new(&method.sig, &method.attrs, StateForm::None, errors))
                }
                _ => None,
            })
            .collect();
        let kind = Kind::ExportImpl { self_ty: &item.self_ty, trait_path, dispatch, namespace };
        Self::checked(kind, private, functions, errors)
    }

    /// Walks `#[host_import(module = ..)] extern "C" { .. }`.
    pub fn from_foreign(
        block: &'a syn::ItemForeignMod,
        module: LitStr,
        private: TokenStream,
        errors: &mut Errors,
    ) -> Self {
        let functions = block
            .items
            .iter()
            .filter_map(|item| match item {
                syn::ForeignItem::Fn(func) => {
                    refuse_optional(&func.attrs, errors);
                    Some(Signature::new(&func.sig, &func.attrs, StateForm::None, errors))
                }
                other => {
                    errors.at(other, "`#[host_import]` blocks hold only functions");
                    None
                }
            })
            .collect();
        Self::checked(Kind::HostImport { module }, private, functions, errors)
    }

    pub fn checked(kind: Kind<'a>, private: TokenStream, functions: Vec<Signature<'a>>, errors: &mut Errors) -> Self {
        let mut seen = HashSet::new();
        // The host registers host functions (and a link's forwarders) with
        // `func_wrap`; the others it calls as typed exports.
        let registered = match &kind {
            Kind::HostTrait(_) | Kind::HostImport { .. } => true,
            Kind::ExportTrait { link, .. } => *link,
            Kind::ExportImpl { .. } => false,
        };
        for sig in &functions {
            if !seen.insert(sig.ident.to_string()) {
                errors.at(
                    sig.ident,
                    "a boundary function with this name is already declared: names must be unique in an interface",
                );
            }
            check_arity(sig, registered, errors);
        }
        Self { kind, private, functions }
    }

    /// The whole record as a constant `&'static str` expression ([`record_expr`]).
    pub fn record_expr(&self, heading: Heading) -> TokenStream {
        record_expr(&self.functions, heading, &self.private)
    }

    /// Whether a function takes a context.
    pub fn takes_context(&self) -> bool {
        self.functions.iter().any(|sig| sig.context.is_some())
    }

    /// The store's data a `#[host_fn]` trait's functions run over, and the
    /// generic parameters that name it and the state `__S`: the
    /// implementing type itself when a function takes a context
    /// (`Context<'_, Self>`), else any `__T` the state is projected from.
    ///
    /// Registered async (`send`), both must also be `Send`: their borrows
    /// live in the futures wasmtime may resume on another thread.
    pub fn store_data(&self, trait_ident: &Ident, send: bool) -> StoreData {
        let send = send.then(|| quote!(+ ::core::marker::Send));
        match self.takes_context() {
            true => StoreData { data: quote!(__S), params: quote!(__S: super::#trait_ident #send + 'static) },
            false => StoreData {
                data: quote!(__T),
                params: quote!(__T: 'static #send, __S: super::#trait_ident #send + 'static),
            },
        }
    }
}

fn record_lines(functions: &[Signature], heading: Heading) -> String {
    let functions = functions.iter().map(|sig| (sig.ident.to_string(), sig.text())).collect();
    Record::new(heading, functions).to_text()
}

/// A record of `functions` as a constant `&'static str` expression: the
/// function lines, then the type lines the compiler writes from the shapes
/// (`Describe`) of every parameter and result type.
pub fn record_expr(functions: &[Signature], heading: Heading, p: &TokenStream) -> TokenStream {
    let (text, roots) = record_parts(functions, heading, p);
    quote!({
        const __TEXT: &str = #text;
        const __ROOTS: &[&#p::Shape] = &[#(#roots),*];
        const __BYTES: [u8; #p::record_size(__TEXT, __ROOTS)] = #p::record_bytes(__TEXT, __ROOTS);
        #p::record_text(&__BYTES)
    })
}

/// A record's function lines, and the shapes (`Describe`) of every
/// parameter and result type, each once, in order of first mention: what
/// the compiler writes the record's type lines from.
pub fn record_parts(functions: &[Signature], heading: Heading, p: &TokenStream) -> (String, Vec<TokenStream>) {
    let text = record_lines(functions, heading);
    let mut seen = HashSet::new();
    let roots = functions
        .iter()
        .flat_map(|sig| sig.shapes(p, |ty| quote!(#ty)))
        .filter(|r| seen.insert(r.to_string()))
        .collect();
    (text, roots)
}

/// The constant holding a trait's exports record, written once: the trait's
/// `__WASMBIND_EXPORTS`, the handle's `RECORD` and (reheaded) the imports
/// record of its `mod` name it.
pub fn record_ident(trait_ident: &Ident) -> Ident {
    Ident::new(&wasmbind_shared::record_const(&trait_ident.to_string()), trait_ident.span())
}

/// `{p}::Core<ty>`, the core wasm type `ty` crosses as, every token at
/// `ty`'s span: an error that `ty` cannot cross points at the user's type.
pub fn core_type(p: &TokenStream, ty: &Type) -> TokenStream {
    let span = ty.span();
    let path: TokenStream = p
        .clone()
        .into_iter()
        .map(|mut token| {
            token.set_span(span);
            token
        })
        .collect();
    quote_spanned!(span=> #path::Core<#ty>)
}

/// A type as the record writes it: tokens without spaces, lifetimes or path
/// prefixes (`&'a str` -> `&str`, `calc::Point` -> `Point`), a set of
/// flags as its flags type (`Flags<Perm>` -> `Perm`, which the record's
/// `flags Perm{..}` line defines), and a plugin's object as a handle
/// (`PluginObject<ParserObject>` -> `Resource<ParserObject>`).
pub fn type_text(ty: &Type) -> String {
    struct Normalize;
    impl syn::visit_mut::VisitMut for Normalize {
        fn visit_type_reference_mut(&mut self, r: &mut syn::TypeReference) {
            r.lifetime = None;
            syn::visit_mut::visit_type_reference_mut(self, r);
        }
        fn visit_type_mut(&mut self, ty: &mut Type) {
            if let Some(flag) = flags_of(ty) {
                *ty = flag.clone();
            } else if let Some(kind) = only_argument(ty, "PluginObject") {
                *ty = syn::parse_quote!(Resource<#kind>);
            }
            syn::visit_mut::visit_type_mut(self, ty);
        }
        fn visit_path_mut(&mut self, path: &mut syn::Path) {
            if let Some(last) = path.segments.pop() {
                path.segments.clear();
                path.segments.push(last.into_value());
            }
            path.leading_colon = None;
            syn::visit_mut::visit_path_mut(self, path);
        }
    }
    let mut ty = ty.clone();
    syn::visit_mut::VisitMut::visit_type_mut(&mut Normalize, &mut ty);
    quote::quote!(#ty).to_string().replace(' ', "")
}

/// The most parameters a plugin export takes: the host calls it as a
/// wasmtime typed function, whose arguments it names as a tuple
/// (`ExportSig` is implemented up to this arity).
pub const MAX_EXPORT_PARAMS: usize = 16;

/// The most core parameters of a function the host registers with
/// `func_wrap` (wasmtime implements it up to this arity): a host
/// function's arguments, its result area `out` when it returns a value,
/// and the caller's key.
pub const MAX_REGISTERED_CORE_PARAMS: usize = 17;

/// An error at the first parameter past the most `sig` may take: a host
/// function's (`registered`: its call also passes `out` and the key) or a
/// plugin export's.
pub fn check_arity(sig: &Signature, registered: bool, errors: &mut Errors) {
    let (max, why) = match (registered, sig.output.is_some()) {
        (true, true) => (
            MAX_REGISTERED_CORE_PARAMS - 2,
            "a host function that returns a value takes at most 15 parameters (16 without a result): \
             its call also passes the result area and the caller's key, and wasmtime registers functions \
             of at most 17 core parameters",
        ),
        (true, false) => (
            MAX_REGISTERED_CORE_PARAMS - 1,
            "a host function takes at most 16 parameters (15 when it returns a value): its call also \
             passes the caller's key, and wasmtime registers functions of at most 17 core parameters",
        ),
        (false, _) => (
            MAX_EXPORT_PARAMS,
            "a plugin export takes at most 16 parameters: the host calls it as a wasmtime typed function \
             of at most 16 arguments",
        ),
    };
    if let Some(param) = sig.params.get(max) {
        errors.at(
            param.original,
            format!("{why}; group the rest in a struct (`#[derive(WasmType)]`), which crosses as one parameter"),
        );
    }
}

/// `M` of `Resource<M>` (any path ending in `Resource` with one type
/// argument).
pub fn resource_kind(ty: &Type) -> Option<&Type> {
    only_argument(ty, "Resource")
}

/// `F` of `Flags<F>` (any path ending in `Flags` with one type argument).
fn flags_of(ty: &Type) -> Option<&Type> {
    only_argument(ty, "Flags")
}

/// `T` of `{name}<T>` (any path ending in `name` with one type argument).
fn only_argument<'t>(ty: &'t Type, name: &str) -> Option<&'t Type> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else { return None };
    match (args.args.first(), args.args.len()) {
        (Some(syn::GenericArgument::Type(arg)), 1) if last.ident == name => Some(arg),
        _ => None,
    }
}

/// The kind `M` a `#[host_fn(close)]` function closes: its one parameter is
/// a `Resource<M>`.
pub fn closed_kind<'s>(sig: &'s Signature) -> Option<&'s Type> {
    match sig.params.as_slice() {
        [param] => resource_kind(&param.ty),
        _ => None,
    }
}

/// `T` when `ty` is spelled `Result<T, Trap>` (any paths ending in
/// `Result` and `Trap`): the result of a host function whose `Err` stops
/// the plugin.
pub fn trap_result(ty: &Type) -> Option<&Type> {
    let last_segment = |ty: &'_ Type| match ty {
        Type::Path(path) => path.path.segments.last().cloned(),
        _ => None,
    };
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else { return None };
    let (Some(syn::GenericArgument::Type(ok)), Some(syn::GenericArgument::Type(err)), 2) =
        (args.args.first(), args.args.get(1), args.args.len())
    else {
        return None;
    };
    (last.ident == "Result" && last_segment(err).is_some_and(|seg| seg.ident == "Trap" && seg.arguments.is_none()))
        .then_some(ok)
}

/// `ty` with every reference's lifetime elided (`&'a str` -> `&str`).
pub fn without_lifetimes(ty: &Type) -> Type {
    struct Elide;
    impl syn::visit_mut::VisitMut for Elide {
        fn visit_type_reference_mut(&mut self, r: &mut syn::TypeReference) {
            r.lifetime = None;
            syn::visit_mut::visit_type_reference_mut(self, r);
        }
    }
    let mut ty = ty.clone();
    syn::visit_mut::VisitMut::visit_type_mut(&mut Elide, &mut ty);
    ty
}

/// `ty` with every elided reference lifetime made `'static`, for positions
/// that cannot elide (struct fields, fn-pointer types).
pub fn with_static_lifetimes(ty: &Type) -> Type {
    struct Fill;
    impl syn::visit_mut::VisitMut for Fill {
        fn visit_type_reference_mut(&mut self, r: &mut syn::TypeReference) {
            if r.lifetime.is_none() {
                r.lifetime = Some(syn::parse_quote!('static));
            }
            syn::visit_mut::visit_type_reference_mut(self, r);
        }
    }
    let mut ty = ty.clone();
    syn::visit_mut::VisitMut::visit_type_mut(&mut Fill, &mut ty);
    ty
}

fn check_header(sig: &syn::Signature, errors: &mut Errors) {
    if let Some(token) = &sig.constness {
        errors.at(token, "a `const fn` cannot be a boundary function: remove `const`");
    }
    if let Some(variadic) = &sig.variadic {
        errors.at(variadic, "variadic functions cannot cross the wasm boundary");
    }
    let lifetimes_only = sig.generics.params.iter().all(|p| matches!(p, syn::GenericParam::Lifetime(_)));
    if !lifetimes_only || sig.generics.where_clause.is_some() {
        errors.at(
            &sig.generics,
            "generic functions cannot cross the wasm boundary: a wasm signature is fixed; use concrete types",
        );
    }
}

fn state_param<'a>(sig: &'a syn::Signature, first: Option<&'a FnArg>, errors: &mut Errors) -> Option<&'a PatType> {
    const HINT: &str =
        "the first parameter of a host function is the host state: `state: &mut State` or `state: &State`";
    match first {
        Some(FnArg::Typed(pt)) if matches!(&*pt.ty, Type::Reference(_)) => Some(pt),
        Some(arg) => {
            errors.at(arg, HINT);
            None
        }
        None => {
            errors.at(&sig.ident, format!("missing state parameter: {HINT}"));
            None
        }
    }
}

/// The type arguments of a path type whose last segment is `name`.
fn type_args<'a>(ty: &'a Type, name: &str) -> Option<Vec<&'a Type>> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last().filter(|s| s.ident == name)?;
    match &last.arguments {
        syn::PathArguments::AngleBracketed(args) => Some(
            args.args
                .iter()
                .filter_map(|arg| match arg {
                    syn::GenericArgument::Type(ty) => Some(ty),
                    _ => None,
                })
                .collect(),
        ),
        _ => Some(Vec::new()),
    }
}

/// `X` of a parameter written `Lent<X>` (or `Lent<'_, X>`).
fn lent_type(ty: &Type) -> Option<&Type> {
    type_args(ty, "Lent").and_then(|args| args.first().copied())
}

/// `X` of `&X`.
pub fn lent_target(ty: &Type) -> &Type {
    match ty {
        Type::Reference(r) => &r.elem,
        other => other,
    }
}

/// Whether a trait method takes a context first (such methods are host-only).
pub fn takes_context(sig: &syn::Signature) -> bool {
    sig.inputs.first().and_then(context_param).is_some()
}

/// A first parameter written `cx: &mut Context<'_, T>` or `&mut Context<'_, T, S>`.
fn context_param(arg: &FnArg) -> Option<ContextParam<'_>> {
    let FnArg::Typed(pt) = arg else { return None };
    let Type::Reference(r) = &*pt.ty else { return None };
    let args = type_args(&r.elem, "Context")?;
    match args.as_slice() {
        [data] => Some(ContextParam { data, state: data }),
        [data, state] => Some(ContextParam { data, state }),
        _ => None,
    }
}

fn receiver(r: &syn::Receiver, errors: &mut Errors) {
    if r.reference.is_none() || r.colon_token.is_some() {
        errors.at(r, "the host state is borrowed for the call: write `&mut self` or `&self`");
    }
}

fn param<'a>(arg: &'a FnArg, errors: &mut Errors) -> Option<Param<'a>> {
    let pt = match arg {
        FnArg::Typed(pt) => pt,
        FnArg::Receiver(r) => {
            errors.at(r, "`self` is not allowed here: plugin exports and imports have no receiver; remove it");
            return None;
        }
    };
    let lent = lent_type(&pt.ty);
    let ty = match lent {
        Some(target) => syn::parse_quote!(&#target),
        None => (*pt.ty).clone(),
    };
    check_type(&ty, Position::Param, errors);
    match &*pt.pat {
        Pat::Ident(p) if p.by_ref.is_none() && p.subpat.is_none() => {
            let crossing = Crossing::of(&ty, lent.is_some());
            Some(Param { ident: &p.ident, ty, crossing, original: pt })
        }
        pat => {
            errors.at(pat, "boundary parameters need a plain name, e.g. `msg: &str`");
            None
        }
    }
}

impl Signature<'_> {
    /// The names and types of the core parameters of this function as an
    /// import, in the order `wasmbind_shared::import_params` fixes:
    /// `__a0: Core, .., __out: i64, __key: i64`.
    pub fn import_core_idents_and_types(
        &self,
        p: &proc_macro2::TokenStream,
    ) -> (Vec<proc_macro2::Ident>, Vec<proc_macro2::TokenStream>) {
        use quote::{format_ident, quote};
        use syn::spanned::Spanned;
        wasmbind_shared::import_params(self.params.len(), self.output.is_some())
            .map(|slot| match slot {
                wasmbind_shared::ImportParam::Arg(i) => {
                    let ty = &self.params[i].ty;
                    // Spanned at the type, so an error about its core value points there.
                    let ident = proc_macro2::Ident::new(&format!("__a{i}"), ty.span());
                    (ident, core_type(p, ty))
                }
                wasmbind_shared::ImportParam::Out => (format_ident!("__out"), quote!(i64)),
                wasmbind_shared::ImportParam::Key => (format_ident!("__key"), quote!(i64)),
            })
            .unzip()
    }

    /// The core parameters as `name: Type`: host closures and plugin
    /// `extern` declarations both use this list.
    pub fn import_core_params(&self, p: &proc_macro2::TokenStream) -> Vec<proc_macro2::TokenStream> {
        let (idents, tys) = self.import_core_idents_and_types(p);
        idents.iter().zip(tys).map(|(ident, ty)| quote::quote!(#ident: #ty)).collect()
    }
}

/// The store data a host function runs over (`data`, `Linker<data>`), and
/// the generic parameters that name it and the state (`params`).
pub struct StoreData {
    /// The store's data type.
    pub data: TokenStream,
    /// The generic parameters it and the state need.
    pub params: TokenStream,
}
