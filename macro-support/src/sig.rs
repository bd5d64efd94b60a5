use syn::{Attribute, FnArg, Ident, Pat, PatType, ReturnType, Type};

use crate::{Errors, Position, check_type};

/// One boundary parameter.
pub struct Param<'a> {
    /// Its name, used in generated code and error messages.
    pub ident: &'a Ident,
    /// Its type as written.
    pub ty: &'a Type,
    /// The parameter as written.
    pub original: &'a PatType,
}

impl Param<'_> {
    /// Written `&[T]`: such a parameter may need a per-call copy
    /// (`wasmbind::abi::Scratch`) when it cannot borrow in place. Decided
    /// by the reference's form, not by naming types.
    pub fn borrows_slice(&self) -> bool {
        matches!(self.ty, Type::Reference(r) if matches!(&*r.elem, Type::Slice(_)))
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

/// A function signature seen as a boundary: validated, with the parameters
/// that cross separated from the host state parameter.
pub struct Signature<'a> {
    /// The signature as written.
    pub original: &'a syn::Signature,
    /// The function name (the export or import name).
    pub ident: &'a Ident,
    /// The host state parameter, when the form takes one first.
    pub state: Option<&'a PatType>,
    /// The `self` receiver, when the form takes one.
    pub receiver: Option<&'a syn::Receiver>,
    /// The parameters that cross.
    pub params: Vec<Param<'a>>,
    /// The result type; `None` for `()`.
    pub output: Option<&'a Type>,
}

impl<'a> Signature<'a> {
    /// Builds the model, recording every problem in `errors`.
    pub fn new(sig: &'a syn::Signature, form: StateForm, errors: &mut Errors) -> Self {
        check_header(sig, errors);
        let mut inputs = sig.inputs.iter().peekable();
        let state = match form {
            StateForm::FirstParam => state_param(sig, inputs.next(), errors),
            _ => None,
        };
        let receiver = match (form, inputs.peek()) {
            (StateForm::Receiver, Some(FnArg::Receiver(r))) => {
                inputs.next();
                receiver(r, errors)
            }
            (StateForm::Receiver, _) => {
                errors.at(&sig.ident, "a host function trait method takes the host state as `&mut self` or `&self`: add it as the first parameter");
                None
            }
            _ => None,
        };
        let params = inputs.filter_map(|arg| param(arg, errors)).collect();
        let output = match &sig.output {
            ReturnType::Default => None,
            ReturnType::Type(_, ty) if matches!(&**ty, Type::Tuple(t) if t.elems.is_empty()) => None,
            ReturnType::Type(_, ty) => {
                check_type(ty, Position::Result, errors);
                Some(&**ty)
            }
        };
        Self { original: sig, ident: &sig.ident, state, receiver, params, output }
    }

    /// Parameter names as string literals, for error messages.
    pub fn param_names(&self) -> Vec<String> {
        self.params.iter().map(|p| p.ident.to_string()).collect()
    }
}

fn check_header(sig: &syn::Signature, errors: &mut Errors) {
    if let Some(token) = &sig.asyncness {
        errors.at(token, "`async fn` cannot cross the wasm boundary: calls between host and plugin are synchronous; remove `async`");
    }
    if let Some(token) = &sig.constness {
        errors.at(token, "a `const fn` cannot be a boundary function: remove `const`");
    }
    if let Some(variadic) = &sig.variadic {
        errors.at(variadic, "variadic functions cannot cross the wasm boundary");
    }
    if !sig.generics.params.is_empty() || sig.generics.where_clause.is_some() {
        let lifetimes_only = sig.generics.params.iter().all(|p| matches!(p, syn::GenericParam::Lifetime(_)));
        if !lifetimes_only || sig.generics.where_clause.is_some() {
            errors.at(
                &sig.generics,
                "generic functions cannot cross the wasm boundary: a wasm signature is fixed; use concrete types",
            );
        }
    }
}

fn state_param<'a>(sig: &'a syn::Signature, first: Option<&'a FnArg>, errors: &mut Errors) -> Option<&'a PatType> {
    const HINT: &str = "the first parameter of a host function is the host state: `state: &mut State` or `state: &State`";
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

fn receiver<'a>(r: &'a syn::Receiver, errors: &mut Errors) -> Option<&'a syn::Receiver> {
    if r.reference.is_none() || r.colon_token.is_some() {
        errors.at(r, "the host state is borrowed for the call: write `&mut self` or `&self`");
        return None;
    }
    Some(r)
}

fn param<'a>(arg: &'a FnArg, errors: &mut Errors) -> Option<Param<'a>> {
    let pt = match arg {
        FnArg::Typed(pt) => pt,
        FnArg::Receiver(r) => {
            errors.at(r, "`self` is not allowed here: plugin exports and imports have no receiver; remove it");
            return None;
        }
    };
    check_type(&pt.ty, Position::Param, errors);
    match &*pt.pat {
        Pat::Ident(p) if p.by_ref.is_none() && p.subpat.is_none() => {
            Some(Param { ident: &p.ident, ty: &pt.ty, original: pt })
        }
        pat => {
            errors.at(pat, "boundary parameters need a plain name, e.g. `msg: &str`");
            None
        }
    }
}

/// The `#[doc]` attributes of an item, to carry over to generated items.
pub fn docs(attrs: &[Attribute]) -> impl Iterator<Item = &Attribute> {
    attrs.iter().filter(|a| a.path().is_ident("doc"))
}

/// `ty` with every elided reference lifetime made `'static`, for positions
/// that cannot elide (struct fields, consts).
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
