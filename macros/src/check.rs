//! Refuses, at the user's token, the types that can never cross. Everything
//! else is left to the runtime traits, whose `on_unimplemented` messages say
//! to derive `WasmType`.

use syn::{GenericArgument, PathArguments, Type};

use crate::errors::Errors;

/// Where a type appears.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Position {
    /// A function parameter: `&str` and `&[u8]` may be borrowed.
    Param,
    /// A function result.
    Result,
    /// A host function's result: `&str` and `&[u8]` may be lent from the state.
    HostResult,
    /// A struct field, or a type argument inside another type.
    Field,
}

/// Records an error for every part of `ty` that cannot cross.
pub fn check_type(ty: &Type, position: Position, errors: &mut Errors) {
    match ty {
        Type::Reference(r) => check_reference(r, position, errors),
        Type::Ptr(_) => errors.at(
            ty,
            "raw pointers cannot cross the wasm boundary: a host address means nothing in a plugin; \
             use `wasmbind::GuestPtr<T>` for an address in plugin memory",
        ),
        Type::ImplTrait(_) | Type::TraitObject(_) => {
            errors.at(ty, "trait objects and `impl Trait` cannot cross the wasm boundary: use a concrete type")
        }
        Type::Paren(p) => check_type(&p.elem, position, errors),
        Type::Group(g) => check_type(&g.elem, position, errors),
        Type::Array(a) => check_type(&a.elem, Position::Field, errors),
        Type::Slice(_) => errors.at(ty, "an unsized slice cannot cross by value: use `Vec<T>`"),
        Type::Tuple(t) => t.elems.iter().for_each(|elem| check_type(elem, Position::Field, errors)),
        Type::Path(p) => {
            if p.qself.is_none() && (p.path.is_ident("usize") || p.path.is_ident("isize")) {
                errors.at(
                    ty,
                    format!(
                        "`{}` cannot cross the wasm boundary: it is 64 bits on the host and 32 bits in a plugin; \
                         use `{}32` or `{}64`",
                        quote::ToTokens::to_token_stream(ty),
                        if p.path.is_ident("usize") { "u" } else { "i" },
                        if p.path.is_ident("usize") { "u" } else { "i" },
                    ),
                );
            }
            for segment in &p.path.segments {
                if let PathArguments::AngleBracketed(args) = &segment.arguments {
                    for arg in &args.args {
                        if let GenericArgument::Type(inner) = arg {
                            check_type(inner, Position::Field, errors);
                        }
                    }
                }
            }
        }
        _ => {}
    }
}

fn check_reference(r: &syn::TypeReference, position: Position, errors: &mut Errors) {
    if r.mutability.is_some() {
        return errors.at(
            r,
            "`&mut` references cannot cross the wasm boundary: the other side cannot write through them; \
             take the value and return the new one",
        );
    }
    let borrowable = match &*r.elem {
        Type::Path(p) => p.path.is_ident("str"),
        Type::Slice(s) => {
            check_type(&s.elem, Position::Field, errors);
            true
        }
        _ => false,
    };
    match position {
        Position::Param if borrowable => {}
        Position::Param => errors.at(
            r,
            "only `&str` and slices `&[T]` can be borrowed across the wasm boundary: take this type by value",
        ),
        Position::Result => errors.at(
            r,
            "a result cannot borrow across the wasm boundary: return an owned type such as `String` or `Vec<u8>`",
        ),
        Position::HostResult => errors.at(
            r,
            "a host function can lend only `&str` and `&[u8]` from its state (written straight into the plugin's memory): return an owned type here",
        ),
        Position::Field => errors.at(
            r,
            "references cannot be stored in a value that crosses the wasm boundary: use an owned type such as `String` or `Vec<u8>`",
        ),
    }
}
