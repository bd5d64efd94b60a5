//! The type model: one enum, [`Type`], for every type that crosses the
//! boundary, in two forms (docs/ABI.md section 8).
//!
//! - [`Shape`] (`Type<Static>`) is constant data: what a plugin's records
//!   are written from at compile time (`wasmbind::abi::Describe::SHAPE`),
//!   with `&'static` references and a [`NamedRef`] to each struct's
//!   definition.
//! - [`Ty`] (`Type<Owned>`) is what a reader parses out of record text, with
//!   boxes and vectors.
//!
//! Both forms are spelled, parsed and compared through the same code: the
//! [`GRAMMAR`](crate::GRAMMAR) table says how each [`Kind`] is written,
//! and [`Type::parts`] gives what a type holds whatever its form. A
//! `const fn` cannot call trait methods, so the compile-time record writer
//! reads [`Shape::parts_const`] instead; it reads the same table.

use core::borrow::Borrow;
use core::fmt;
use core::hash::{Hash, Hasher};
use core::ops::Deref;

use crate::grammar::{GRAMMAR, Kind, Spelling};
use crate::text::json_string;

mod parse;

/// Deepest type nesting a reader parses; records come from plugins, so a
/// spelling nested deeper is refused rather than recursed into.
pub const MAX_TYPE_DEPTH: usize = 64;

/// How a [`Type`] holds what it refers to: [`Static`] (constant data) or
/// [`Owned`] (parsed at run time).
pub trait Form: Sized + 'static {
    /// One inner type: `&'static Shape` or `Box<Ty>`.
    type Inner: Borrow<Type<Self>>;
    /// An element of a row of types.
    type Item: Borrow<Type<Self>>;
    /// A row of types (a tuple's elements, a struct's type arguments).
    type Row: Deref<Target = [Self::Item]>;
    /// A name: `&'static str` or `String`.
    type Text: Deref<Target = str>;
    /// A struct or enum where a type mentions it: [`NamedRef`] or [`Name`].
    type Named;
    /// A struct's or variant's named fields.
    type Fields: Deref<Target = [(Self::Text, Self::Item)]>;
    /// An enum's variants.
    type Variants: Deref<Target = [Variant<Self>]>;
    /// A flags type's flag names.
    type Names: Deref<Target = [Self::Text]>;

    /// The name and type arguments of a struct or enum a type mentions.
    fn spelled(named: &Self::Named) -> (&str, &[Self::Item]);
}

/// The form of constant type data: [`Shape`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Static;

/// The form of parsed type data: [`Ty`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Owned;

impl Form for Static {
    type Inner = &'static Shape;
    type Item = &'static Shape;
    type Row = &'static [&'static Shape];
    type Text = &'static str;
    type Named = NamedRef;
    type Fields = &'static [(&'static str, &'static Shape)];
    type Variants = &'static [Variant<Static>];
    type Names = &'static [&'static str];

    fn spelled(named: &NamedRef) -> (&str, &[&'static Shape]) {
        (named.get().name, named.get().args)
    }
}

impl Form for Owned {
    type Inner = Box<Ty>;
    type Item = Ty;
    type Row = Vec<Ty>;
    type Text = String;
    type Named = Name;
    type Fields = Vec<(String, Ty)>;
    type Variants = Vec<Variant<Owned>>;
    type Names = Vec<String>;

    fn spelled(named: &Name) -> (&str, &[Ty]) {
        (&named.name, &named.args)
    }
}

/// A type that crosses the boundary, as constant data ([`Shape`]) or as
/// parsed from a record ([`Ty`]). Its variants are in the order of [`Kind`].
pub enum Type<F: Form> {
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
    /// `&str` (a parameter; the same body as `String`)
    Str,
    /// `wasmbind::Trap`, as the error of a host function's `Result<T, Trap>`
    Trap,
    /// `Vec<T>`
    Vec(F::Inner),
    /// `&[T]` (a parameter; the same body as `Vec<T>`)
    Slice(F::Inner),
    /// `Option<T>`
    Option(F::Inner),
    /// `Box<T>` (the body of `T`)
    Box(F::Inner),
    /// `GuestPtr<T>`: a `u32` address of a `T` in the plugin's memory
    GuestPtr(F::Inner),
    /// `Result<T, E>`
    Result(F::Inner, F::Inner),
    /// `HashMap<K, V>`
    HashMap(F::Inner, F::Inner),
    /// `BTreeMap<K, V>`
    BTreeMap(F::Inner, F::Inner),
    /// `[T; N]`
    Array(F::Inner, u32),
    /// `(A, B, ..)`, 1 to 8 elements
    Tuple(F::Row),
    /// `Resource<M>`: a `u64` handle. Function lines name the kind `M`;
    /// type lines write `_` (a struct's field does not know it).
    Resource(F::Text),
    /// A struct or enum with `#[derive(WasmType)]`
    Named(F::Named),
}

/// A type as constant data: what `wasmbind::abi::Describe::SHAPE` gives and
/// compile-time records are written from.
pub type Shape = Type<Static>;

/// A type as a record spells it, parsed.
pub type Ty = Type<Owned>;

/// What a [`Type`] holds, whatever its form.
pub enum Parts<'a, F: Form> {
    /// Nothing: a scalar, `String`, `&str`, `()`, `Trap`.
    Leaf,
    /// One type argument.
    One(&'a Type<F>),
    /// Two type arguments.
    Two(&'a Type<F>, &'a Type<F>),
    /// An array's element type and length.
    Array(&'a Type<F>, u32),
    /// A tuple's elements.
    Row(&'a [F::Item]),
    /// A resource's kind.
    Resource(&'a str),
    /// A struct's or enum's name and type arguments.
    Named(&'a str, &'a [F::Item]),
}

impl<F: Form> Type<F> {
    /// Its kind.
    pub const fn kind(&self) -> Kind {
        match self {
            Type::Bool => Kind::Bool,
            Type::I8 => Kind::I8,
            Type::U8 => Kind::U8,
            Type::I16 => Kind::I16,
            Type::U16 => Kind::U16,
            Type::I32 => Kind::I32,
            Type::U32 => Kind::U32,
            Type::I64 => Kind::I64,
            Type::U64 => Kind::U64,
            Type::F32 => Kind::F32,
            Type::F64 => Kind::F64,
            Type::Char => Kind::Char,
            Type::Unit => Kind::Unit,
            Type::String => Kind::String,
            Type::Str => Kind::Str,
            Type::Trap => Kind::Trap,
            Type::Vec(_) => Kind::Vec,
            Type::Slice(_) => Kind::Slice,
            Type::Option(_) => Kind::Option,
            Type::Box(_) => Kind::Box,
            Type::GuestPtr(_) => Kind::GuestPtr,
            Type::Result(..) => Kind::Result,
            Type::HashMap(..) => Kind::HashMap,
            Type::BTreeMap(..) => Kind::BTreeMap,
            Type::Array(..) => Kind::Array,
            Type::Tuple(_) => Kind::Tuple,
            Type::Resource(_) => Kind::Resource,
            Type::Named(_) => Kind::Named,
        }
    }

    /// What it holds.
    pub fn parts(&self) -> Parts<'_, F> {
        match self {
            Type::Vec(t) | Type::Slice(t) | Type::Option(t) | Type::Box(t) | Type::GuestPtr(t) => {
                Parts::One(t.borrow())
            }
            Type::Result(a, b) | Type::HashMap(a, b) | Type::BTreeMap(a, b) => Parts::Two(a.borrow(), b.borrow()),
            Type::Array(t, n) => Parts::Array(t.borrow(), *n),
            Type::Tuple(items) => Parts::Row(items),
            Type::Resource(kind) => Parts::Resource(kind),
            Type::Named(named) => {
                let (name, args) = F::spelled(named);
                Parts::Named(name, args)
            }
            _ => Parts::Leaf,
        }
    }

    /// The types this one holds directly (elements, fields of a tuple, a
    /// struct's type arguments).
    pub fn children(&self) -> Vec<&Type<F>> {
        match self.parts() {
            Parts::One(t) | Parts::Array(t, _) => vec![t],
            Parts::Two(a, b) => vec![a, b],
            Parts::Row(items) | Parts::Named(_, items) => items.iter().map(Borrow::borrow).collect(),
            Parts::Leaf | Parts::Resource(_) => Vec::new(),
        }
    }

    /// The core value type of the type as a whole argument or result
    /// (docs/ABI.md section 1): `i32`, `i64`, `f32` or `f64`; `None` for `()`.
    pub fn core_type(&self) -> Option<&'static str> {
        Some(match self.kind() {
            Kind::Unit => return None,
            Kind::Bool | Kind::I8 | Kind::U8 | Kind::I16 | Kind::U16 | Kind::I32 | Kind::U32 | Kind::Char => "i32",
            Kind::GuestPtr => "i32",
            Kind::F32 => "f32",
            Kind::F64 => "f64",
            _ => "i64",
        })
    }

    /// The same type as parsed data.
    ///
    /// ```
    /// use wasmbind_shared::{Shape, Ty};
    /// static BYTES: Shape = Shape::Vec(&Shape::U8);
    /// assert_eq!(BYTES.owned(), Ty::parse("Vec<u8>").unwrap());
    /// ```
    pub fn owned(&self) -> Ty {
        let one = |t: &Type<F>| Box::new(t.owned());
        let row = |items: &[F::Item]| items.iter().map(|t| t.borrow().owned()).collect();
        match (self.kind(), self.parts()) {
            (Kind::Vec, Parts::One(t)) => Ty::Vec(one(t)),
            (Kind::Slice, Parts::One(t)) => Ty::Slice(one(t)),
            (Kind::Option, Parts::One(t)) => Ty::Option(one(t)),
            (Kind::Box, Parts::One(t)) => Ty::Box(one(t)),
            (Kind::GuestPtr, Parts::One(t)) => Ty::GuestPtr(one(t)),
            (Kind::Result, Parts::Two(a, b)) => Ty::Result(one(a), one(b)),
            (Kind::HashMap, Parts::Two(a, b)) => Ty::HashMap(one(a), one(b)),
            (Kind::BTreeMap, Parts::Two(a, b)) => Ty::BTreeMap(one(a), one(b)),
            (_, Parts::Array(t, n)) => Ty::Array(one(t), n),
            (_, Parts::Row(items)) => Ty::Tuple(row(items)),
            (_, Parts::Resource(kind)) => Ty::Resource(kind.into()),
            (_, Parts::Named(name, args)) => Ty::Named(Name { name: name.into(), args: row(args) }),
            (kind, _) => Ty::leaf(kind).unwrap_or(Ty::Unit),
        }
    }

    /// The type as JSON: a string for types without inner types
    /// (`"i32"`, `"&str"`, `"()"`), else one key naming the form
    /// (`{"vec":"u8"}`, `{"result":["u32","String"]}`, `{"array":["u8",4]}`,
    /// `{"tuple":[..]}`, `{"resource":"Table"}`, `{"named":"Point"}`): the
    /// keys are [`GRAMMAR`](crate::GRAMMAR)'s.
    pub fn to_json(&self) -> String {
        let key = GRAMMAR[self.kind() as usize].form;
        match self.parts() {
            Parts::Leaf => json_string(key),
            Parts::One(t) => format!("{{\"{key}\":{}}}", t.to_json()),
            Parts::Two(a, b) => format!("{{\"{key}\":[{},{}]}}", a.to_json(), b.to_json()),
            Parts::Array(t, n) => format!("{{\"{key}\":[{},{n}]}}", t.to_json()),
            Parts::Row(items) => {
                let items: Vec<_> = items.iter().map(|t| t.borrow().to_json()).collect();
                format!("{{\"{key}\":[{}]}}", items.join(","))
            }
            Parts::Resource(kind) => format!("{{\"{key}\":{}}}", json_string(kind)),
            Parts::Named(..) => format!("{{\"{key}\":{}}}", json_string(&self.to_string())),
        }
    }
}

impl Shape {
    /// [`Type::parts`] in a `const fn`, for the compile-time record writer.
    pub const fn parts_const(&self) -> Parts<'_, Static> {
        match self {
            Type::Vec(t) | Type::Slice(t) | Type::Option(t) | Type::Box(t) | Type::GuestPtr(t) => Parts::One(t),
            Type::Result(a, b) | Type::HashMap(a, b) | Type::BTreeMap(a, b) => Parts::Two(a, b),
            Type::Array(t, n) => Parts::Array(t, *n),
            Type::Tuple(items) => Parts::Row(items),
            Type::Resource(kind) => Parts::Resource(kind),
            Type::Named(named) => Parts::Named(named.get().name, named.get().args),
            _ => Parts::Leaf,
        }
    }
}

impl Ty {
    /// Parses a spelling: `Vec<Option<Point>>`, `(u32,[u8;4])`. `None` when
    /// it is malformed or nests deeper than [`MAX_TYPE_DEPTH`].
    ///
    /// ```
    /// use wasmbind_shared::Ty;
    /// let ty = Ty::parse("Result<Vec<Point>,String>").unwrap();
    /// assert_eq!(ty, Ty::Result(Box::new(Ty::Vec(Box::new(Ty::named("Point", vec![])))), Box::new(Ty::String)));
    /// assert_eq!(ty.to_string(), "Result<Vec<Point>,String>");
    /// assert_eq!(Ty::parse("Vec<"), None);
    /// ```
    pub fn parse(text: &str) -> Option<Ty> {
        parse::ty(text)
    }

    /// The type of `kind` when it holds nothing (`Kind::U8` is `u8`).
    pub const fn leaf(kind: Kind) -> Option<Ty> {
        Some(match kind {
            Kind::Bool => Ty::Bool,
            Kind::I8 => Ty::I8,
            Kind::U8 => Ty::U8,
            Kind::I16 => Ty::I16,
            Kind::U16 => Ty::U16,
            Kind::I32 => Ty::I32,
            Kind::U32 => Ty::U32,
            Kind::I64 => Ty::I64,
            Kind::U64 => Ty::U64,
            Kind::F32 => Ty::F32,
            Kind::F64 => Ty::F64,
            Kind::Char => Ty::Char,
            Kind::Unit => Ty::Unit,
            Kind::String => Ty::String,
            Kind::Str => Ty::Str,
            Kind::Trap => Ty::Trap,
            _ => return None,
        })
    }

    /// A struct or enum: `Ty::named("Pair", vec![Ty::I32])` is `Pair<i32>`.
    pub fn named(name: &str, args: Vec<Ty>) -> Ty {
        Ty::Named(Name { name: name.into(), args })
    }
}

impl Clone for Shape {
    fn clone(&self) -> Self {
        *self
    }
}

impl Copy for Shape {}

impl Clone for Ty {
    fn clone(&self) -> Self {
        self.owned()
    }
}

/// Two types are equal when they are spelled alike: structs and enums
/// compare by name and type arguments, not by definition.
impl<F: Form> PartialEq for Type<F> {
    fn eq(&self, other: &Self) -> bool {
        let same_row =
            |a: &[F::Item], b: &[F::Item]| a.len() == b.len() && a.iter().zip(b).all(|(a, b)| a.borrow() == b.borrow());
        self.kind() == other.kind()
            && match (self.parts(), other.parts()) {
                (Parts::Leaf, Parts::Leaf) => true,
                (Parts::One(a), Parts::One(b)) => a == b,
                (Parts::Two(a, x), Parts::Two(b, y)) => a == b && x == y,
                (Parts::Array(a, n), Parts::Array(b, m)) => n == m && a == b,
                (Parts::Row(a), Parts::Row(b)) => same_row(a, b),
                (Parts::Resource(a), Parts::Resource(b)) => a == b,
                (Parts::Named(a, x), Parts::Named(b, y)) => a == b && same_row(x, y),
                _ => false,
            }
    }
}

impl<F: Form> Eq for Type<F> {}

impl<F: Form> Hash for Type<F> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.kind().hash(state);
        let row = |items: &[F::Item], state: &mut H| items.iter().for_each(|t| t.borrow().hash(state));
        match self.parts() {
            Parts::Leaf => {}
            Parts::One(t) => t.hash(state),
            Parts::Two(a, b) => (a, b).hash(state),
            Parts::Array(t, n) => (t, n).hash(state),
            Parts::Row(items) => row(items, state),
            Parts::Resource(kind) => kind.hash(state),
            Parts::Named(name, args) => {
                name.hash(state);
                row(args, state);
            }
        }
    }
}

/// A type's spelling: a recursive struct is shown by name, not expanded.
impl<F: Form> fmt::Debug for Type<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Type({self})")
    }
}

/// A struct or enum a parsed type mentions: its name and type arguments.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Name {
    /// `Pair`
    pub name: String,
    /// `[i32]` in `Pair<i32>`
    pub args: Vec<Ty>,
}

/// A reference to a struct's or enum's [`Def`] that may point back at
/// itself: a recursive type (`enum Tree { Leaf, Node(Vec<Tree>) }`) keeps
/// its definition in a `static`, and a shared reference to it from a
/// constant would make the compiler evaluate the static while evaluating
/// the static. A raw pointer is not followed by that check.
#[derive(Clone, Copy)]
pub struct NamedRef(*const Def<Static>);

// SAFETY: a `NamedRef` only ever points at an immutable `'static` `Def`
// (see `new`), which has no interior mutability, so sharing it across
// threads shares only reads.
unsafe impl Sync for NamedRef {}
// SAFETY: as for `Sync`: the pointee is immutable and lives forever.
unsafe impl Send for NamedRef {}

impl NamedRef {
    /// A reference to `def`.
    pub const fn new(def: &'static Def<Static>) -> Self {
        Self(def)
    }

    /// The definition it refers to.
    pub const fn get(self) -> &'static Def<Static> {
        // SAFETY: `new` is the only constructor and takes a `&'static
        // Def`, so the pointer is non-null, aligned and valid forever.
        unsafe { &*self.0 }
    }
}

impl fmt::Debug for NamedRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.get().name)
    }
}

/// A struct or enum: its name, type arguments and fields or variants. As
/// constant data (`Def<Static>`, written by `#[derive(WasmType)]`) it is
/// what a [`NamedRef`] points at; parsed (`Def<Owned>`, [`TypeDef`]) it is
/// a record's type line: `struct Point{x:i32,y:i32}`.
pub struct Def<F: Form> {
    /// The type's name, without path or arguments: `Point`.
    pub name: F::Text,
    /// Its type arguments (`Pair<i32>` has `[i32]`).
    pub args: F::Row,
    /// Its fields or variants.
    pub body: Body<F>,
}

/// A parsed type line.
pub type TypeDef = Def<Owned>;

/// What a [`Def`] holds.
pub enum Body<F: Form> {
    /// A struct's fields.
    Struct(Fields<F>),
    /// An enum's variants, in declaration order (the tag is the position).
    Enum(F::Variants),
    /// A set of named flags, in declaration order (flag `i` is bit `i`):
    /// `flags Perms{Read,Write}`, at most [`MAX_FLAGS`].
    Flags(F::Names),
    /// A struct that can grow (`#[wasmbind(extensible)]`): its named
    /// fields, of which the first `required` are required and the rest
    /// (added later, `Option`s) optional: `struct S{a:u8,b?:Option<u8>,..}`.
    /// Always variable-size; a reader fills missing optional fields with
    /// `None` and skips fields it does not know (docs/ABI.md section 2).
    Extensible {
        /// Its fields, in declaration order (always [`Fields::Named`]).
        fields: Fields<F>,
        /// How many of them (the first ones) are required.
        required: usize,
    },
}

/// The most flags a flags type has: its set travels in at most 64 bits.
pub const MAX_FLAGS: usize = 64;

/// The bytes a set of `count` flags takes: 1, 2, 4 or 8 (the smallest
/// that holds a bit per flag), `None` above [`MAX_FLAGS`].
///
/// ```
/// use wasmbind_shared::flags_size;
/// assert_eq!([1, 8, 9, 17, 33, 64].map(flags_size), [Some(1), Some(1), Some(2), Some(4), Some(8), Some(8)]);
/// assert_eq!(flags_size(65), None);
/// ```
pub const fn flags_size(count: usize) -> Option<usize> {
    match count {
        0..=8 => Some(1),
        9..=16 => Some(2),
        17..=32 => Some(4),
        33..=MAX_FLAGS => Some(8),
        _ => None,
    }
}

/// One variant of an enum.
pub struct Variant<F: Form> {
    /// The variant's name.
    pub name: F::Text,
    /// Its fields.
    pub fields: Fields<F>,
}

/// The fields of a struct or a variant.
pub enum Fields<F: Form> {
    /// `{ x: i32, y: i32 }`
    Named(F::Fields),
    /// `(f64, String)`
    Tuple(F::Row),
    /// No fields and no brackets.
    Unit,
}

impl<F: Form> Fields<F> {
    /// The fields' types, in order.
    pub fn types(&self) -> Vec<&Type<F>> {
        match self {
            Fields::Named(fields) => fields.iter().map(|(_, t)| t.borrow()).collect(),
            Fields::Tuple(types) => types.iter().map(Borrow::borrow).collect(),
            Fields::Unit => Vec::new(),
        }
    }

    /// `(name, type)` per field; tuple fields are named by position.
    pub fn listed(&self) -> Vec<(String, &Type<F>)> {
        match self {
            Fields::Named(fields) => fields.iter().map(|(n, t)| (n.to_string(), t.borrow())).collect(),
            Fields::Tuple(types) => types.iter().enumerate().map(|(i, t)| (i.to_string(), t.borrow())).collect(),
            Fields::Unit => Vec::new(),
        }
    }

    /// `"named"`, `"tuple"` or `"unit"`.
    pub fn form(&self) -> &'static str {
        match self {
            Fields::Named(_) => "named",
            Fields::Tuple(_) => "tuple",
            Fields::Unit => "unit",
        }
    }

    fn to_json(&self) -> String {
        let fields: Vec<_> = self
            .listed()
            .into_iter()
            .map(|(name, ty)| format!("{{\"name\":{},\"type\":{}}}", json_string(&name), ty.to_json()))
            .collect();
        format!("\"form\":\"{}\",\"fields\":[{}]", self.form(), fields.join(","))
    }
}

impl<F: Form> Def<F> {
    /// The type as other lines spell it: `Point`, `Pair<i32>`.
    pub fn spelling(&self) -> String {
        Spelled::<F>::Named(&self.name, &self.args).to_string()
    }

    /// Whether `ty` is this type.
    pub fn is(&self, ty: &Type<F>) -> bool {
        matches!(ty.parts(), Parts::Named(name, args) if self.is_spelled(name, args))
    }

    fn is_spelled(&self, name: &str, args: &[F::Item]) -> bool {
        *self.name == *name
            && args.len() == self.args.len()
            && args.iter().zip(self.args.iter()).all(|(a, b)| a.borrow() == b.borrow())
    }

    /// The definition as JSON: `{"name":"Point","kind":"struct","form":"named","fields":[..]}`,
    /// for an enum `{"name":..,"kind":"enum","variants":[{"name":..,"form":..,"fields":[..]}]}`,
    /// for flags `{"name":..,"kind":"flags","flags":["Read",..]}`.
    pub fn to_json(&self) -> String {
        let name = json_string(&self.spelling());
        match &self.body {
            Body::Struct(fields) => format!("{{\"name\":{name},\"kind\":\"struct\",{}}}", fields.to_json()),
            Body::Enum(variants) => {
                let variants: Vec<_> = variants
                    .iter()
                    .map(|v| format!("{{\"name\":{},{}}}", json_string(&v.name), v.fields.to_json()))
                    .collect();
                format!("{{\"name\":{name},\"kind\":\"enum\",\"variants\":[{}]}}", variants.join(","))
            }
            Body::Flags(names) => {
                let names: Vec<_> = names.iter().map(|n| json_string(n)).collect();
                format!("{{\"name\":{name},\"kind\":\"flags\",\"flags\":[{}]}}", names.join(","))
            }
            Body::Extensible { fields, required } => {
                let fields = fields.to_json();
                format!("{{\"name\":{name},\"kind\":\"extensible\",\"required\":{required},{fields}}}")
            }
        }
    }
}

impl<F: Form> PartialEq for Fields<F> {
    fn eq(&self, other: &Self) -> bool {
        let same = |a: &F::Item, b: &F::Item| a.borrow() == b.borrow();
        match (self, other) {
            (Fields::Unit, Fields::Unit) => true,
            (Fields::Tuple(a), Fields::Tuple(b)) => {
                a.len() == b.len() && a.iter().zip(b.iter()).all(|(a, b)| same(a, b))
            }
            (Fields::Named(a), Fields::Named(b)) => {
                a.len() == b.len() && a.iter().zip(b.iter()).all(|((n, a), (m, b))| **n == **m && same(a, b))
            }
            _ => false,
        }
    }
}

impl<F: Form> PartialEq for Variant<F> {
    fn eq(&self, other: &Self) -> bool {
        *self.name == *other.name && self.fields == other.fields
    }
}

impl<F: Form> PartialEq for Body<F> {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Body::Struct(a), Body::Struct(b)) => a == b,
            (Body::Enum(a), Body::Enum(b)) => **a == **b,
            (Body::Flags(a), Body::Flags(b)) => a.len() == b.len() && a.iter().zip(b.iter()).all(|(a, b)| **a == **b),
            (Body::Extensible { fields: a, required: m }, Body::Extensible { fields: b, required: n }) => {
                m == n && a == b
            }
            _ => false,
        }
    }
}

impl<F: Form> PartialEq for Def<F> {
    fn eq(&self, other: &Self) -> bool {
        self.is_spelled(&other.name, &other.args) && self.body == other.body
    }
}

impl<F: Form> Eq for Fields<F> {}
impl<F: Form> Eq for Variant<F> {}
impl<F: Form> Eq for Body<F> {}
impl<F: Form> Eq for Def<F> {}

/// Its type line: `Def(struct Point{x:i32,y:i32})`.
impl<F: Form> fmt::Debug for Def<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Def({self})")
    }
}

impl TypeDef {
    /// Parses a type line (without its `\n`).
    ///
    /// ```
    /// use wasmbind_shared::TypeDef;
    /// for line in ["struct Point{x:i32,y:i32}", "struct Meters(f64)", "enum Shape{Dot,Circle{r:f32},Line(Point,Point)}", "flags Perms{Read,Write}"] {
    ///     assert_eq!(TypeDef::parse(line).unwrap().to_string(), line);
    /// }
    /// ```
    pub fn parse(line: &str) -> Option<TypeDef> {
        parse::type_def(line)
    }

    /// The type it defines: `Point`, `Pair<i32>`.
    pub fn ty(&self) -> Ty {
        Ty::named(&self.name, self.args.clone())
    }

    /// Whether a line is a type line rather than a function line.
    pub fn is_type_line(line: &str) -> bool {
        ["struct ", "enum ", "flags "].iter().any(|keyword| line.starts_with(keyword))
    }
}

impl Clone for TypeDef {
    fn clone(&self) -> Self {
        let fields = |fields: &Fields<Owned>| match fields {
            Fields::Named(named) => Fields::Named(named.clone()),
            Fields::Tuple(types) => Fields::Tuple(types.clone()),
            Fields::Unit => Fields::Unit,
        };
        let body = match &self.body {
            Body::Struct(f) => Body::Struct(fields(f)),
            Body::Enum(variants) => Body::Enum(
                variants.iter().map(|v| Variant { name: v.name.clone(), fields: fields(&v.fields) }).collect(),
            ),
            Body::Flags(names) => Body::Flags(names.clone()),
            Body::Extensible { fields: f, required } => Body::Extensible { fields: fields(f), required: *required },
        };
        Def { name: self.name.clone(), args: self.args.clone(), body }
    }
}

/// A function line's signature: `fn(&str, Point) -> String`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FnSig {
    /// The parameters' types.
    pub params: Vec<Ty>,
    /// The result's type; `None` for `()`.
    pub result: Option<Ty>,
}

impl FnSig {
    /// Parses a signature as a function line writes it, whitespace aside
    /// (a caller may space it as Rust code is spaced): types are compared
    /// as parsed, not as spelled ([`same_signature`](crate::same_signature)).
    ///
    /// ```
    /// use wasmbind_shared::{FnSig, Ty};
    /// let sig = FnSig::parse("fn(&str, (u32,u32)) -> Option<u8>").unwrap();
    /// assert_eq!(sig.params, [Ty::Str, Ty::Tuple(vec![Ty::U32, Ty::U32])]);
    /// assert_eq!(sig.result, Some(Ty::Option(Box::new(Ty::U8))));
    /// assert_eq!(sig.to_string(), "fn(&str, (u32,u32)) -> Option<u8>");
    /// assert_eq!(FnSig::parse("fn( &str,(u32, u32) )->Option< u8 >"), Some(sig));
    /// assert_eq!(FnSig::parse("fn(u32) -> ()"), FnSig::parse("fn(u32)"));
    /// ```
    pub fn parse(text: &str) -> Option<FnSig> {
        parse::fn_sig(text)
    }
}

impl fmt::Display for FnSig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("fn(")?;
        for (i, param) in self.params.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{param}")?;
        }
        f.write_str(")")?;
        match &self.result {
            Some(result) => write!(f, " -> {result}"),
            None => Ok(()),
        }
    }
}

/// What a writer writes for one type: its [`Parts`] read against its
/// [`GRAMMAR`] row. Both writers (`Display` here and the `const` record
/// writer) render the same pieces.
pub(crate) enum Spelled<'a, F: Form> {
    /// Text as is.
    Text(&'a str),
    /// `Name<args>`, or `Name` when there are none.
    Named(&'a str, &'a [F::Item]),
    /// `name<a>` or `name<a,b>`.
    Generic(&'a str, &'a Type<F>, Option<&'a Type<F>>),
    /// `&[t]`
    Slice(&'a Type<F>),
    /// `[t;n]`
    Array(&'a Type<F>, u32),
    /// `(a,b)`, `(a,)`
    Tuple(&'a [F::Item]),
    /// `Resource<kind>`
    Resource(&'a str),
}

impl<'a, F: Form> Spelled<'a, F> {
    /// How a type of `kind` holding `parts` is written.
    pub(crate) const fn of(kind: Kind, parts: Parts<'a, F>) -> Self {
        match (GRAMMAR[kind as usize].spelling, parts) {
            (Spelling::Generic(name, _), Parts::One(t)) => Spelled::Generic(name, t, None),
            (Spelling::Generic(name, _), Parts::Two(a, b)) => Spelled::Generic(name, a, Some(b)),
            (Spelling::Slice, Parts::One(t)) => Spelled::Slice(t),
            (Spelling::Array, Parts::Array(t, n)) => Spelled::Array(t, n),
            (Spelling::Tuple, Parts::Row(items)) => Spelled::Tuple(items),
            (Spelling::Resource, Parts::Resource(kind)) => Spelled::Resource(kind),
            (Spelling::Named, Parts::Named(name, args)) => Spelled::Named(name, args),
            (Spelling::Word(word), _) => Spelled::Text(word),
            // `Type::parts` gives each kind the parts its row spells.
            _ => Spelled::Text("?"),
        }
    }
}

impl<F: Form> fmt::Display for Spelled<'_, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Spelled::Text(text) => f.write_str(text),
            Spelled::Named(name, []) => f.write_str(name),
            Spelled::Named(name, args) => {
                write!(f, "{name}<")?;
                list::<F>(f, args)?;
                f.write_str(">")
            }
            Spelled::Generic(name, a, None) => write!(f, "{name}<{a}>"),
            Spelled::Generic(name, a, Some(b)) => write!(f, "{name}<{a},{b}>"),
            Spelled::Slice(t) => write!(f, "&[{t}]"),
            Spelled::Array(t, n) => write!(f, "[{t};{n}]"),
            Spelled::Tuple(items) => {
                f.write_str("(")?;
                list::<F>(f, items)?;
                f.write_str(if items.len() == 1 { ",)" } else { ")" })
            }
            Spelled::Resource(kind) => write!(f, "Resource<{kind}>"),
        }
    }
}

fn list<F: Form>(f: &mut fmt::Formatter<'_>, items: &[F::Item]) -> fmt::Result {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(",")?;
        }
        write!(f, "{}", item.borrow())?;
    }
    Ok(())
}

/// The type as records spell it: `Vec<Point>`, `(u32,u32)`, `[u8;4]`.
impl<F: Form> fmt::Display for Type<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Spelled::of(self.kind(), self.parts()).fmt(f)
    }
}

fn write_fields<F: Form>(f: &mut fmt::Formatter<'_>, fields: &Fields<F>) -> fmt::Result {
    match fields {
        Fields::Unit => Ok(()),
        Fields::Tuple(types) => {
            f.write_str("(")?;
            list::<F>(f, types)?;
            f.write_str(")")
        }
        Fields::Named(fields) => {
            f.write_str("{")?;
            for (i, (name, ty)) in fields.iter().enumerate() {
                if i > 0 {
                    f.write_str(",")?;
                }
                write!(f, "{}:{}", &**name, ty.borrow())?;
            }
            f.write_str("}")
        }
    }
}

/// The type line: `struct Point{x:i32,y:i32}`, `enum Level{Low,High}`,
/// `flags Perms{Read,Write}`.
impl<F: Form> fmt::Display for Def<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let head = Spelled::<F>::Named(&self.name, &self.args);
        match &self.body {
            Body::Struct(fields) => {
                write!(f, "struct {head}")?;
                write_fields(f, fields)
            }
            Body::Enum(variants) => {
                write!(f, "enum {head}{{")?;
                for (i, variant) in variants.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    f.write_str(&variant.name)?;
                    write_fields(f, &variant.fields)?;
                }
                f.write_str("}")
            }
            Body::Extensible { fields, required } => {
                write!(f, "struct {head}{{")?;
                for (i, (name, ty)) in fields.listed().into_iter().enumerate() {
                    let optional = if i >= *required { "?" } else { "" };
                    write!(f, "{name}{optional}:{ty},")?;
                }
                f.write_str("..}")
            }
            Body::Flags(names) => {
                write!(f, "flags {head}{{")?;
                for (i, name) in names.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    f.write_str(name)?;
                }
                f.write_str("}")
            }
        }
    }
}

/// As written in a type line: `{x:i32}`, `(u8)`, or nothing.
impl<F: Form> fmt::Debug for Fields<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_fields(f, self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_and_parsed_types_are_one_model() {
        static PAIR: Def<Static> = Def { name: "Pair", args: &[&Shape::I32], body: Body::Struct(Fields::Unit) };
        static SHAPE: Shape = Shape::Result(&Shape::Tuple(&[&Shape::Named(NamedRef::new(&PAIR))]), &Shape::Trap);
        let ty = Ty::parse("Result<(Pair<i32>,),Trap>").unwrap();
        assert_eq!(SHAPE.owned(), ty);
        assert_eq!(SHAPE.to_string(), ty.to_string());
        assert_eq!(SHAPE.to_json(), ty.to_json());
        assert_eq!(ty.clone(), ty);
        assert_ne!(Ty::parse("Pair<u32>").unwrap(), Ty::parse("Pair<i32>").unwrap());
        assert!(PAIR.is(&Shape::Named(NamedRef::new(&PAIR))));
        assert_eq!(PAIR.spelling(), "Pair<i32>");
    }
}
