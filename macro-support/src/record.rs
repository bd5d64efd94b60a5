//! The interface record: the Rust-level signatures of one trait, as the
//! text both sides compare at load time (docs/ABI.md, "Interface records").
//!
//! ```text
//! wasmbind 1
//! exports Calc
//! greet fn(&str) -> String
//! ```

use syn::Type;

use crate::Signature;

/// A type as the record writes it: tokens without spaces, lifetimes or path
/// prefixes (`&'a str` -> `&str`, `calc::Point` -> `Point`).
pub fn type_text(ty: &Type) -> String {
    struct Normalize;
    impl syn::visit_mut::VisitMut for Normalize {
        fn visit_type_reference_mut(&mut self, r: &mut syn::TypeReference) {
            r.lifetime = None;
            syn::visit_mut::visit_type_reference_mut(self, r);
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

/// `fn(&str, Point) -> String`.
pub fn signature_text(sig: &Signature) -> String {
    let params: Vec<_> = sig.params.iter().map(|p| type_text(p.ty)).collect();
    let output = sig.output.map(|ty| format!(" -> {}", type_text(ty))).unwrap_or_default();
    format!("fn({}){output}", params.join(", "))
}

/// The record of a trait's functions, headed `exports Trait` or `imports module Trait`.
pub fn record<'s, 'a: 's>(heading: &str, sigs: impl IntoIterator<Item = &'s Signature<'a>>) -> String {
    let mut text = format!("wasmbind 1\n{heading}\n");
    for sig in sigs {
        text.push_str(&format!("{} {}\n", sig.ident, signature_text(sig)));
    }
    text
}
