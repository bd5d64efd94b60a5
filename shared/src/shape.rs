//! Type shapes: the description of every type an interface mentions, as
//! constant data the record builder walks at compile time
//! (docs/ABI.md section 8, *Type lines*).
//!
//! A plugin has no run time before its records are read, so the type lines
//! of a record are written by `const fn`s into the record's bytes: each type
//! that crosses has a [`Shape`] (`wasmbind::abi::Describe::SHAPE`), and
//! [`record_size`] / [`record_bytes`] write the record from the function
//! lines and the shapes of the types in them.

use crate::{MAX_RECORD, MAX_TYPES};

/// The shape of a type that crosses the boundary: what its wire encoding
/// is, and for structs and enums, their fields.
#[derive(Debug)]
pub enum Shape {
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
    /// `Vec<T>`
    Vec(&'static Shape),
    /// `&[T]` (a parameter; the same body as `Vec<T>`)
    Slice(&'static Shape),
    /// `Option<T>`
    Option(&'static Shape),
    /// `Result<T, E>`
    Result(&'static Shape, &'static Shape),
    /// `Box<T>` (the body of `T`)
    Box(&'static Shape),
    /// `(A, B, ..)`, 1 to 8 elements
    Tuple(&'static [&'static Shape]),
    /// `[T; N]`
    Array(&'static Shape, usize),
    /// `HashMap<K, V>`
    HashMap(&'static Shape, &'static Shape),
    /// `BTreeMap<K, V>`
    BTreeMap(&'static Shape, &'static Shape),
    /// `GuestPtr<T>`: a `u32` address of a `T` in the plugin's memory
    GuestPtr(&'static Shape),
    /// `Resource<M>`: a `u64` handle. The kind `M` is written in function
    /// lines (from the declaration) but not in type lines: `Resource<_>`.
    Resource,
    /// `wasmbind::Trap`, as the error of a host function's `Result<T, Trap>`
    Trap,
    /// A struct or enum with `#[derive(WasmType)]`
    Named(NamedRef),
}

/// A struct or enum: its name, its type arguments and its fields.
#[derive(Debug)]
pub struct Named {
    /// The type's name, without path or arguments: `Point`.
    pub name: &'static str,
    /// The shapes of its type arguments (`Pair<i32>` has `[i32]`).
    pub args: &'static [&'static Shape],
    /// Its fields or variants.
    pub body: Body,
}

/// What a [`Named`] type holds.
#[derive(Debug)]
pub enum Body {
    /// A struct's fields.
    Struct(Fields),
    /// An enum's variants, in declaration order (the tag is the position).
    Enum(&'static [Variant]),
}

/// One variant of an enum.
#[derive(Debug)]
pub struct Variant {
    /// The variant's name.
    pub name: &'static str,
    /// Its fields.
    pub fields: Fields,
}

/// The fields of a struct or a variant.
#[derive(Debug)]
pub enum Fields {
    /// `{ x: i32, y: i32 }`
    Named(&'static [(&'static str, &'static Shape)]),
    /// `(f64, String)`
    Tuple(&'static [&'static Shape]),
    /// No fields and no brackets.
    Unit,
}

/// A reference to a [`Named`] shape that may point back at itself: a
/// recursive type (`enum Tree { Leaf, Node(Vec<Tree>) }`) keeps its shape
/// in a `static`, and a shared reference to it from a constant would make
/// the compiler evaluate the static while evaluating the static. A raw
/// pointer is not followed by that check.
#[derive(Clone, Copy, Debug)]
pub struct NamedRef(*const Named);

// SAFETY: a `NamedRef` only ever points at an immutable `'static` `Named`
// (see `new`), which has no interior mutability, so sharing it across
// threads shares only reads.
unsafe impl Sync for NamedRef {}
// SAFETY: as for `Sync`: the pointee is immutable and lives forever.
unsafe impl Send for NamedRef {}

impl NamedRef {
    /// A reference to `named`.
    pub const fn new(named: &'static Named) -> Self {
        Self(named)
    }

    /// The shape it refers to.
    pub const fn get(self) -> &'static Named {
        // SAFETY: `new` is the only constructor and takes a `&'static
        // Named`, so the pointer is non-null, aligned and valid forever.
        unsafe { &*self.0 }
    }
}

/// Writes record text into a fixed buffer at compile time, counting what
/// does not fit (a first pass with `N = 0` measures).
struct Writer<const N: usize> {
    buf: [u8; N],
    len: usize,
    named: [Option<NamedRef>; MAX_TYPES],
    count: usize,
}

impl<const N: usize> Writer<N> {
    const fn new() -> Self {
        Self { buf: [0; N], len: 0, named: [None; MAX_TYPES], count: 0 }
    }

    const fn put(&mut self, text: &str) {
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if self.len < N {
                self.buf[self.len] = bytes[i];
            }
            self.len += 1;
            i += 1;
        }
    }

    const fn number(&mut self, mut n: usize) {
        let mut digits = [0u8; 20];
        let mut i = digits.len();
        loop {
            i -= 1;
            digits[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        while i < digits.len() {
            let digit = [digits[i]];
            match core::str::from_utf8(&digit) {
                Ok(text) => self.put(text),
                Err(_) => unreachable!(),
            }
            i += 1;
        }
    }

    const fn list(&mut self, shapes: &[&Shape]) {
        let mut i = 0;
        while i < shapes.len() {
            if i > 0 {
                self.put(",");
            }
            self.spell(shapes[i]);
            i += 1;
        }
    }

    const fn generic(&mut self, name: &str, args: &[&Shape]) {
        self.put(name);
        self.put("<");
        self.list(args);
        self.put(">");
    }

    /// A type as records spell it (`Vec<Point>`, `(u32,u32)`, `[u8;4]`).
    const fn spell(&mut self, shape: &Shape) {
        match shape {
            Shape::Bool => self.put("bool"),
            Shape::I8 => self.put("i8"),
            Shape::U8 => self.put("u8"),
            Shape::I16 => self.put("i16"),
            Shape::U16 => self.put("u16"),
            Shape::I32 => self.put("i32"),
            Shape::U32 => self.put("u32"),
            Shape::I64 => self.put("i64"),
            Shape::U64 => self.put("u64"),
            Shape::F32 => self.put("f32"),
            Shape::F64 => self.put("f64"),
            Shape::Char => self.put("char"),
            Shape::Unit => self.put("()"),
            Shape::String => self.put("String"),
            Shape::Str => self.put("&str"),
            Shape::Trap => self.put("Trap"),
            Shape::Resource => self.put("Resource<_>"),
            Shape::Vec(t) => self.generic("Vec", &[t]),
            Shape::Option(t) => self.generic("Option", &[t]),
            Shape::Box(t) => self.generic("Box", &[t]),
            Shape::GuestPtr(t) => self.generic("GuestPtr", &[t]),
            Shape::Result(t, e) => self.generic("Result", &[t, e]),
            Shape::HashMap(k, v) => self.generic("HashMap", &[k, v]),
            Shape::BTreeMap(k, v) => self.generic("BTreeMap", &[k, v]),
            Shape::Slice(t) => {
                self.put("&[");
                self.spell(t);
                self.put("]");
            }
            Shape::Array(t, n) => {
                self.put("[");
                self.spell(t);
                self.put(";");
                self.number(*n);
                self.put("]");
            }
            Shape::Tuple(items) => {
                self.put("(");
                self.list(items);
                if items.len() == 1 {
                    self.put(",");
                }
                self.put(")");
            }
            Shape::Named(named) => {
                let named = named.get();
                self.put(named.name);
                if !named.args.is_empty() {
                    self.put("<");
                    self.list(named.args);
                    self.put(">");
                }
            }
        }
    }

    const fn fields(&mut self, fields: &Fields) {
        match fields {
            Fields::Unit => {}
            Fields::Tuple(shapes) => {
                self.put("(");
                self.list(shapes);
                self.put(")");
            }
            Fields::Named(named) => {
                self.put("{");
                let mut i = 0;
                while i < named.len() {
                    if i > 0 {
                        self.put(",");
                    }
                    self.put(named[i].0);
                    self.put(":");
                    self.spell(named[i].1);
                    i += 1;
                }
                self.put("}");
            }
        }
    }

    /// The type line of a struct or enum: `struct Point{x:i32,y:i32}`.
    const fn define(&mut self, named: &Named) {
        match &named.body {
            Body::Struct(fields) => {
                self.put("struct ");
                self.spell(&Shape::Named(NamedRef(named)));
                self.fields(fields);
            }
            Body::Enum(variants) => {
                self.put("enum ");
                self.spell(&Shape::Named(NamedRef(named)));
                self.put("{");
                let mut i = 0;
                while i < variants.len() {
                    if i > 0 {
                        self.put(",");
                    }
                    self.put(variants[i].name);
                    self.fields(&variants[i].fields);
                    i += 1;
                }
                self.put("}");
            }
        }
        self.put("\n");
    }

    /// Adds every struct and enum `shape` mentions, outside their bodies,
    /// to the list of types to define, in order of first mention.
    const fn collect(&mut self, shape: &Shape) {
        match shape {
            Shape::Vec(t) | Shape::Slice(t) | Shape::Option(t) | Shape::Box(t) | Shape::GuestPtr(t) => self.collect(t),
            Shape::Array(t, _) => self.collect(t),
            Shape::Result(a, b) | Shape::HashMap(a, b) | Shape::BTreeMap(a, b) => {
                self.collect(a);
                self.collect(b);
            }
            Shape::Tuple(items) => self.collect_all(items),
            Shape::Named(named) => {
                let mut i = 0;
                while i < self.count {
                    if let Some(seen) = self.named[i]
                        && same_name(seen.get(), named.get())
                    {
                        if !same_body(&seen.get().body, &named.get().body) {
                            panic!("two different types with the same name cross in one interface: rename one");
                        }
                        return;
                    }
                    i += 1;
                }
                if self.count == MAX_TYPES {
                    panic!("an interface may describe at most 256 structs and enums");
                }
                self.named[self.count] = Some(*named);
                self.count += 1;
                self.collect_all(named.get().args);
            }
            _ => {}
        }
    }

    const fn collect_all(&mut self, shapes: &[&Shape]) {
        let mut i = 0;
        while i < shapes.len() {
            self.collect(shapes[i]);
            i += 1;
        }
    }

    const fn collect_fields(&mut self, fields: &Fields) {
        match fields {
            Fields::Unit => {}
            Fields::Tuple(shapes) => self.collect_all(shapes),
            Fields::Named(named) => {
                let mut i = 0;
                while i < named.len() {
                    self.collect(named[i].1);
                    i += 1;
                }
            }
        }
    }

    /// The whole record: `functions` (the version line, heading and
    /// function lines, as [`Record::to_text`](crate::Record::to_text) writes
    /// them), then one type line per struct and enum the `roots` mention,
    /// directly or through other types' fields.
    const fn record(&mut self, functions: &str, roots: &[&Shape]) {
        self.put("\0\0\0\0");
        self.put(functions);
        self.collect_all(roots);
        let mut i = 0;
        while i < self.count {
            if let Some(named) = self.named[i] {
                match &named.get().body {
                    Body::Struct(fields) => self.collect_fields(fields),
                    Body::Enum(variants) => {
                        let mut v = 0;
                        while v < variants.len() {
                            self.collect_fields(&variants[v].fields);
                            v += 1;
                        }
                    }
                }
            }
            i += 1;
        }
        let mut i = 0;
        while i < self.count {
            if let Some(named) = self.named[i] {
                self.define(named.get());
            }
            i += 1;
        }
        let text = self.len - 4;
        if text > MAX_RECORD as usize {
            panic!("an interface record is longer than 65536 bytes: split the interface");
        }
        let len = (text as u32).to_le_bytes();
        let mut i = 0;
        while i < 4 && i < N {
            self.buf[i] = len[i];
            i += 1;
        }
    }
}

const fn same_str(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Spelled the same: same name and type arguments.
const fn same_name(a: &Named, b: &Named) -> bool {
    same_str(a.name, b.name) && same_shapes(a.args, b.args)
}

const fn same_shapes(a: &[&Shape], b: &[&Shape]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if !same_shape(a[i], b[i]) {
            return false;
        }
        i += 1;
    }
    true
}

/// The same type, comparing structs and enums by how they are spelled.
const fn same_shape(a: &Shape, b: &Shape) -> bool {
    match (a, b) {
        (Shape::Vec(a), Shape::Vec(b))
        | (Shape::Slice(a), Shape::Slice(b))
        | (Shape::Option(a), Shape::Option(b))
        | (Shape::Box(a), Shape::Box(b))
        | (Shape::GuestPtr(a), Shape::GuestPtr(b)) => same_shape(a, b),
        (Shape::Array(a, n), Shape::Array(b, m)) => *n == *m && same_shape(a, b),
        (Shape::Result(a, x), Shape::Result(b, y))
        | (Shape::HashMap(a, x), Shape::HashMap(b, y))
        | (Shape::BTreeMap(a, x), Shape::BTreeMap(b, y)) => same_shape(a, b) && same_shape(x, y),
        (Shape::Tuple(a), Shape::Tuple(b)) => same_shapes(a, b),
        (Shape::Named(a), Shape::Named(b)) => same_name(a.get(), b.get()),
        _ => leaf(a) != 0 && leaf(a) == leaf(b),
    }
}

/// A number per shape without inner types (0 for the others).
const fn leaf(shape: &Shape) -> u8 {
    match shape {
        Shape::Bool => 1,
        Shape::I8 => 2,
        Shape::U8 => 3,
        Shape::I16 => 4,
        Shape::U16 => 5,
        Shape::I32 => 6,
        Shape::U32 => 7,
        Shape::I64 => 8,
        Shape::U64 => 9,
        Shape::F32 => 10,
        Shape::F64 => 11,
        Shape::Char => 12,
        Shape::Unit => 13,
        Shape::String => 14,
        Shape::Str => 15,
        Shape::Resource => 16,
        Shape::Trap => 17,
        _ => 0,
    }
}

const fn same_fields(a: &Fields, b: &Fields) -> bool {
    match (a, b) {
        (Fields::Unit, Fields::Unit) => true,
        (Fields::Tuple(a), Fields::Tuple(b)) => same_shapes(a, b),
        (Fields::Named(a), Fields::Named(b)) => {
            if a.len() != b.len() {
                return false;
            }
            let mut i = 0;
            while i < a.len() {
                if !same_str(a[i].0, b[i].0) || !same_shape(a[i].1, b[i].1) {
                    return false;
                }
                i += 1;
            }
            true
        }
        _ => false,
    }
}

const fn same_body(a: &Body, b: &Body) -> bool {
    match (a, b) {
        (Body::Struct(a), Body::Struct(b)) => same_fields(a, b),
        (Body::Enum(a), Body::Enum(b)) => {
            if a.len() != b.len() {
                return false;
            }
            let mut i = 0;
            while i < a.len() {
                if !same_str(a[i].name, b[i].name) || !same_fields(&a[i].fields, &b[i].fields) {
                    return false;
                }
                i += 1;
            }
            true
        }
        _ => false,
    }
}

/// The size of [`record_bytes`]`(functions, roots)`: 4 + the text's length.
pub const fn record_size(functions: &str, roots: &[&Shape]) -> usize {
    let mut writer = Writer::<0>::new();
    writer.record(functions, roots);
    writer.len
}

/// A record as the bytes a plugin exports: a `u32` LE length, then the
/// text: `functions` (version line, heading, function lines) followed by
/// the type lines of every struct and enum `roots` mention, in order of
/// first mention (docs/ABI.md section 8). `N` is
/// [`record_size`]`(functions, roots)`.
///
/// ```
/// use wasmbind_shared::{Body, Fields, Named, NamedRef, Shape, record_bytes, record_size};
/// static POINT: Named = Named {
///     name: "Point",
///     args: &[],
///     body: Body::Struct(Fields::Named(&[("x", &Shape::I32), ("y", &Shape::I32)])),
/// };
/// const TEXT: &str = "wasmbind 2\nexports Geo\nshift fn(Vec<Point>) -> u32\n";
/// const ROOTS: &[&Shape] = &[&Shape::Vec(&Shape::Named(NamedRef::new(&POINT))), &Shape::U32];
/// const N: usize = record_size(TEXT, ROOTS);
/// static RECORD: [u8; N] = record_bytes(TEXT, ROOTS);
/// assert_eq!(&RECORD[4..], b"wasmbind 2\nexports Geo\nshift fn(Vec<Point>) -> u32\nstruct Point{x:i32,y:i32}\n");
/// assert_eq!(RECORD[..4], ((N - 4) as u32).to_le_bytes());
/// ```
pub const fn record_bytes<const N: usize>(functions: &str, roots: &[&Shape]) -> [u8; N] {
    let mut writer = Writer::<N>::new();
    writer.record(functions, roots);
    if writer.len != N {
        panic!("record_bytes::<N>: N is not record_size(..)");
    }
    writer.buf
}

/// The size of [`record_reheaded`]`(record, heading)`.
pub const fn reheaded_size(record: &str, heading: &str) -> usize {
    let (head, rest) = split_heading(record.as_bytes());
    4 + head + heading.len() + rest.len()
}

/// The record text `record` with its heading line (the second) replaced
/// by `heading`, as the bytes a plugin exports (a `u32` LE length, then the
/// text): one record written once serves a trait's exports and the imports
/// of the plugins that link to it. `N` is [`reheaded_size`]`(record, heading)`;
/// it panics (at compile time, in a `static`) when `N` is another length or
/// `record` has no heading line. Only generated code calls it, on its own
/// records.
///
/// ```
/// use wasmbind_shared::{record_reheaded, reheaded_size};
/// const EXPORTS: &str = "wasmbind 2\nexports Calc\nadd fn(u32) -> u32\n";
/// const HEADING: &str = "imports plugin:Calc Calc";
/// static IMPORTS: [u8; reheaded_size(EXPORTS, HEADING)] = record_reheaded(EXPORTS, HEADING);
/// assert_eq!(&IMPORTS[4..], b"wasmbind 2\nimports plugin:Calc Calc\nadd fn(u32) -> u32\n");
/// ```
pub const fn record_reheaded<const N: usize>(record: &str, heading: &str) -> [u8; N] {
    let (head, rest) = split_heading(record.as_bytes());
    let mut out = [0u8; N];
    if 4 + head + heading.len() + rest.len() != N {
        panic!("record_reheaded::<N>: N is not reheaded_size(..)");
    }
    let len = ((N - 4) as u32).to_le_bytes();
    let mut at = 0;
    while at < 4 {
        out[at] = len[at];
        at += 1;
    }
    let parts: [&[u8]; 3] = [record.as_bytes().split_at(head).0, heading.as_bytes(), rest];
    let mut part = 0;
    while part < 3 {
        let mut i = 0;
        while i < parts[part].len() {
            out[at] = parts[part][i];
            at += 1;
            i += 1;
        }
        part += 1;
    }
    out
}

/// The length of a record's version line with its newline, and the text
/// from the newline that ends its heading line.
const fn split_heading(text: &[u8]) -> (usize, &[u8]) {
    let mut i = 0;
    let mut newlines = 0;
    let mut head = 0;
    while i < text.len() {
        if text[i] == b'\n' {
            newlines += 1;
            if newlines == 1 {
                head = i + 1;
            } else {
                return (head, text.split_at(i).1);
            }
        }
        i += 1;
    }
    panic!("a record has a version line and a heading line")
}

/// The text of a record built by [`record_bytes`] (its bytes after the length).
pub const fn record_text(bytes: &'static [u8]) -> &'static str {
    match bytes.split_at_checked(4) {
        Some((_, text)) => match core::str::from_utf8(text) {
            Ok(text) => text,
            Err(_) => panic!("a record's text is UTF-8"),
        },
        None => panic!("a record starts with its length"),
    }
}

/// At run time, the text [`record_bytes`] writes: for a host describing
/// its own types, and for tools. Panics as `record_bytes` does at compile
/// time: when two different types share a name, or past
/// [`MAX_RECORD`] bytes or [`MAX_TYPES`] types.
///
/// ```
/// use wasmbind_shared::{Shape, record_string};
/// let text = record_string("wasmbind 2\nexport f\nf fn(u8)\n", &[&Shape::U8]);
/// assert_eq!(text, "wasmbind 2\nexport f\nf fn(u8)\n");
/// ```
pub fn record_string(functions: &str, roots: &[&Shape]) -> String {
    let mut writer = Box::new(Writer::<{ MAX_RECORD as usize + 4 }>::new());
    writer.record(functions, roots);
    String::from_utf8_lossy(writer.buf.get(4..writer.len).unwrap_or_default()).into_owned()
}

impl From<&Shape> for crate::Ty {
    /// The type a record spells for this shape.
    fn from(shape: &Shape) -> Self {
        use crate::Ty;
        let boxed = |shape: &Shape| Box::new(Ty::from(shape));
        let all = |shapes: &[&Shape]| shapes.iter().map(|s| Ty::from(*s)).collect();
        match shape {
            Shape::Bool => Ty::Bool,
            Shape::I8 => Ty::I8,
            Shape::U8 => Ty::U8,
            Shape::I16 => Ty::I16,
            Shape::U16 => Ty::U16,
            Shape::I32 => Ty::I32,
            Shape::U32 => Ty::U32,
            Shape::I64 => Ty::I64,
            Shape::U64 => Ty::U64,
            Shape::F32 => Ty::F32,
            Shape::F64 => Ty::F64,
            Shape::Char => Ty::Char,
            Shape::Unit => Ty::Unit,
            Shape::String => Ty::String,
            Shape::Str => Ty::Str,
            Shape::Trap => Ty::Trap,
            Shape::Resource => Ty::Resource("_".into()),
            Shape::Vec(t) => Ty::Vec(boxed(t)),
            Shape::Slice(t) => Ty::Slice(boxed(t)),
            Shape::Option(t) => Ty::Option(boxed(t)),
            Shape::Box(t) => Ty::Box(boxed(t)),
            Shape::GuestPtr(t) => Ty::GuestPtr(boxed(t)),
            Shape::Result(t, e) => Ty::Result(boxed(t), boxed(e)),
            Shape::HashMap(k, v) => Ty::HashMap(boxed(k), boxed(v)),
            Shape::BTreeMap(k, v) => Ty::BTreeMap(boxed(k), boxed(v)),
            Shape::Array(t, n) => Ty::Array(boxed(t), u32::try_from(*n).unwrap_or(u32::MAX)),
            Shape::Tuple(items) => Ty::Tuple(all(items)),
            Shape::Named(named) => Ty::Named(named.get().name.into(), all(named.get().args)),
        }
    }
}
