//! The grammar of record text (docs/ABI.md section 8): one table,
//! [`GRAMMAR`], that says how each kind of type is spelled, read by every
//! writer (the compile-time record writer, `Display`) and by the parser.
//! `docs/vectors.json` carries the table, so hosts in other languages check
//! theirs against it.

use crate::text::json_string;

/// Every kind of type ([`Type`](crate::Type)'s variants, without what they
/// hold): the index of its row in [`GRAMMAR`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `bool`
    Bool,
    /// `i8`
    I8,
    /// `u8`
    U8,
    /// `i16`
    I16,
    /// `u16`
    U16,
    /// `i32`
    I32,
    /// `u32`
    U32,
    /// `i64`
    I64,
    /// `u64`
    U64,
    /// `f32`
    F32,
    /// `f64`
    F64,
    /// `char`
    Char,
    /// `()`
    Unit,
    /// `String`
    String,
    /// `&str`
    Str,
    /// `Trap`
    Trap,
    /// `Vec<T>`
    Vec,
    /// `&[T]`
    Slice,
    /// `Option<T>`
    Option,
    /// `Box<T>`
    Box,
    /// `GuestPtr<T>`
    GuestPtr,
    /// `Result<T,E>`
    Result,
    /// `HashMap<K,V>`
    HashMap,
    /// `BTreeMap<K,V>`
    BTreeMap,
    /// `[T;N]`
    Array,
    /// `(A,B,..)`
    Tuple,
    /// `Resource<K>`
    Resource,
    /// a struct or enum
    Named,
}

/// How a kind of type is spelled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Spelling {
    /// One word: `bool`, `String`, `&str`, `()`.
    Word(&'static str),
    /// A name and that many type arguments: `Vec<T>`, `Result<T,E>`.
    Generic(&'static str, usize),
    /// `&[T]`
    Slice,
    /// `[T;N]`
    Array,
    /// `(A,B)`; one element is `(A,)`.
    Tuple,
    /// `Resource<K>`, where `K` names the kind or is `_`.
    Resource,
    /// A struct's or enum's name, then its type arguments if it has any:
    /// `Point`, `Pair<i32>`.
    Named,
}

/// One row of [`GRAMMAR`].
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    /// The kind of type the row spells.
    pub kind: Kind,
    /// The kind's name in JSON (`Type::to_json`) and in other languages'
    /// type models: `u8`, `vec`, `hash_map`.
    pub form: &'static str,
    /// How it is spelled.
    pub spelling: Spelling,
}

const fn rule(kind: Kind, form: &'static str, spelling: Spelling) -> Rule {
    Rule { kind, form, spelling }
}

const fn word(kind: Kind, word: &'static str) -> Rule {
    rule(kind, word, Spelling::Word(word))
}

/// How every kind of type is spelled in record text, one row per [`Kind`]
/// in its order (`GRAMMAR[kind as usize]`).
///
/// ```
/// use wasmbind_shared::{GRAMMAR, Kind, Spelling};
/// assert_eq!(GRAMMAR[Kind::Result as usize].spelling, Spelling::Generic("Result", 2));
/// assert_eq!(GRAMMAR[Kind::HashMap as usize].form, "hash_map");
/// assert!(GRAMMAR.iter().enumerate().all(|(i, rule)| rule.kind as usize == i));
/// ```
pub const GRAMMAR: [Rule; 28] = [
    word(Kind::Bool, "bool"),
    word(Kind::I8, "i8"),
    word(Kind::U8, "u8"),
    word(Kind::I16, "i16"),
    word(Kind::U16, "u16"),
    word(Kind::I32, "i32"),
    word(Kind::U32, "u32"),
    word(Kind::I64, "i64"),
    word(Kind::U64, "u64"),
    word(Kind::F32, "f32"),
    word(Kind::F64, "f64"),
    word(Kind::Char, "char"),
    word(Kind::Unit, "()"),
    word(Kind::String, "String"),
    word(Kind::Str, "&str"),
    word(Kind::Trap, "Trap"),
    rule(Kind::Vec, "vec", Spelling::Generic("Vec", 1)),
    rule(Kind::Slice, "slice", Spelling::Slice),
    rule(Kind::Option, "option", Spelling::Generic("Option", 1)),
    rule(Kind::Box, "box", Spelling::Generic("Box", 1)),
    rule(Kind::GuestPtr, "guest_ptr", Spelling::Generic("GuestPtr", 1)),
    rule(Kind::Result, "result", Spelling::Generic("Result", 2)),
    rule(Kind::HashMap, "hash_map", Spelling::Generic("HashMap", 2)),
    rule(Kind::BTreeMap, "btree_map", Spelling::Generic("BTreeMap", 2)),
    rule(Kind::Array, "array", Spelling::Array),
    rule(Kind::Tuple, "tuple", Spelling::Tuple),
    rule(Kind::Resource, "resource", Spelling::Resource),
    rule(Kind::Named, "named", Spelling::Named),
];

impl Rule {
    /// The spelling as a pattern, for documentation and other languages:
    /// `Vec<T>`, `Result<T,E>`, `&[T]`, `[T;N]`, `(T,..)`, `Resource<K>`,
    /// `Name<T,..>`, or the word.
    pub fn pattern(&self) -> String {
        match self.spelling {
            Spelling::Word(word) => word.into(),
            Spelling::Generic(name, 1) => format!("{name}<T>"),
            Spelling::Generic(name, _) => format!("{name}<T,E>"),
            Spelling::Slice => "&[T]".into(),
            Spelling::Array => "[T;N]".into(),
            Spelling::Tuple => "(T,..)".into(),
            Spelling::Resource => "Resource<K>".into(),
            Spelling::Named => "Name<T,..>".into(),
        }
    }
}

/// `GRAMMAR` as JSON: one `{"form":..,"pattern":..}` per row, in order, as
/// `docs/vectors.json` carries it.
pub fn grammar_json() -> String {
    let rows: Vec<_> = GRAMMAR
        .iter()
        .map(|rule| format!("{{\"form\":{},\"pattern\":{}}}", json_string(rule.form), json_string(&rule.pattern())))
        .collect();
    format!("[{}]", rows.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_in_kind_order_and_forms_are_distinct() {
        let mut forms: Vec<_> = GRAMMAR.iter().map(|rule| rule.form).collect();
        forms.sort_unstable();
        forms.dedup();
        assert_eq!(forms.len(), GRAMMAR.len());
        assert!(GRAMMAR.iter().enumerate().all(|(i, rule)| rule.kind as usize == i));
    }
}
