//! The compile-time record writer (docs/ABI.md section 8, *Type lines*).
//!
//! A plugin has no run time before its records are read, so the type lines
//! of a record are written by `const fn`s into the record's bytes: each type
//! that crosses has a [`Shape`] (`wasmbind::abi::Describe::SHAPE`), and
//! [`record_size`] / [`record_bytes`] write the record from the function
//! lines and the shapes of the types in them, spelling each type as the
//! grammar table says (the same pieces `Display` writes).

use crate::types::{Body, Def, Fields, NamedRef, Parts, Shape, Spelled, Static, Type};
use crate::{MAX_RECORD, MAX_TYPES};

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

    /// A type as records spell it (`Vec<Point>`, `(u32,u32)`, `[u8;4]`):
    /// the pieces `Display` writes ([`Spelled`], from the grammar table).
    const fn spell(&mut self, shape: &Shape) {
        match Spelled::of(shape.kind(), shape.parts_const()) {
            Spelled::Text(text) => self.put(text),
            Spelled::Named(name, args) => {
                self.put(name);
                if !args.is_empty() {
                    self.put("<");
                    self.list(args);
                    self.put(">");
                }
            }
            Spelled::Generic(name, a, b) => {
                self.put(name);
                self.put("<");
                self.spell(a);
                if let Some(b) = b {
                    self.put(",");
                    self.spell(b);
                }
                self.put(">");
            }
            Spelled::Slice(t) => {
                self.put("&[");
                self.spell(t);
                self.put("]");
            }
            Spelled::Array(t, n) => {
                self.put("[");
                self.spell(t);
                self.put(";");
                self.number(n as usize);
                self.put("]");
            }
            Spelled::Tuple(items) => {
                self.put("(");
                self.list(items);
                if items.len() == 1 {
                    self.put(",");
                }
                self.put(")");
            }
            Spelled::Resource(kind) => {
                self.put("Resource<");
                self.put(kind);
                self.put(">");
            }
        }
    }

    const fn fields(&mut self, fields: &Fields<Static>) {
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
    const fn define(&mut self, def: &'static Def<Static>) {
        match &def.body {
            Body::Struct(fields) => {
                self.put("struct ");
                self.spell(&Shape::Named(NamedRef::new(def)));
                self.fields(fields);
            }
            Body::Enum(variants) => {
                self.put("enum ");
                self.spell(&Shape::Named(NamedRef::new(def)));
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
            Body::Extensible { fields: Fields::Named(fields), required } => {
                self.put("struct ");
                self.spell(&Shape::Named(NamedRef::new(def)));
                self.put("{");
                let mut i = 0;
                while i < fields.len() {
                    self.put(fields[i].0);
                    if i >= *required {
                        self.put("?");
                    }
                    self.put(":");
                    self.spell(fields[i].1);
                    self.put(",");
                    i += 1;
                }
                self.put("..}");
            }
            Body::Extensible { .. } => panic!("an extensible struct has named fields"),
            Body::Flags(names) => {
                self.put("flags ");
                self.spell(&Shape::Named(NamedRef::new(def)));
                self.put("{");
                let mut i = 0;
                while i < names.len() {
                    if i > 0 {
                        self.put(",");
                    }
                    self.put(names[i]);
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
        match shape.parts_const() {
            Parts::One(t) | Parts::Array(t, _) => self.collect(t),
            Parts::Two(a, b) => {
                self.collect(a);
                self.collect(b);
            }
            Parts::Row(items) => self.collect_all(items),
            Parts::Leaf | Parts::Resource(_) | Parts::Named(..) => {}
        }
        let Type::Named(named) = shape else { return };
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

    const fn collect_all(&mut self, shapes: &[&Shape]) {
        let mut i = 0;
        while i < shapes.len() {
            self.collect(shapes[i]);
            i += 1;
        }
    }

    const fn collect_fields(&mut self, fields: &Fields<Static>) {
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
                    Body::Extensible { fields, .. } => self.collect_fields(fields),
                    Body::Flags(_) => {}
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
const fn same_name(a: &Def<Static>, b: &Def<Static>) -> bool {
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

/// The same type, comparing structs and enums by how they are spelled
/// (`PartialEq for Type` in a `const fn`).
const fn same_shape(a: &Shape, b: &Shape) -> bool {
    if a.kind() as u8 != b.kind() as u8 {
        return false;
    }
    match (a.parts_const(), b.parts_const()) {
        (Parts::Leaf, Parts::Leaf) => true,
        (Parts::One(a), Parts::One(b)) => same_shape(a, b),
        (Parts::Two(a, x), Parts::Two(b, y)) => same_shape(a, b) && same_shape(x, y),
        (Parts::Array(a, n), Parts::Array(b, m)) => n == m && same_shape(a, b),
        (Parts::Row(a), Parts::Row(b)) => same_shapes(a, b),
        (Parts::Resource(a), Parts::Resource(b)) => same_str(a, b),
        (Parts::Named(a, x), Parts::Named(b, y)) => same_str(a, b) && same_shapes(x, y),
        _ => false,
    }
}

const fn same_fields(a: &Fields<Static>, b: &Fields<Static>) -> bool {
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

const fn same_body(a: &Body<Static>, b: &Body<Static>) -> bool {
    match (a, b) {
        (Body::Struct(a), Body::Struct(b)) => same_fields(a, b),
        (Body::Extensible { fields: a, required: m }, Body::Extensible { fields: b, required: n }) => {
            *m == *n && same_fields(a, b)
        }
        (Body::Flags(a), Body::Flags(b)) => {
            if a.len() != b.len() {
                return false;
            }
            let mut i = 0;
            while i < a.len() {
                if !same_str(a[i], b[i]) {
                    return false;
                }
                i += 1;
            }
            true
        }
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
/// use wasmbind_shared::{Body, Def, Fields, NamedRef, Shape, Static, record_bytes, record_size};
/// static POINT: Def<Static> = Def::<Static> {
///     name: "Point",
///     args: &[],
///     body: Body::Struct(Fields::<Static>::Named(&[("x", &Shape::I32), ("y", &Shape::I32)])),
/// };
/// const TEXT: &str = "wasmbind 2\nexports Geo\nshift fn(Vec<Point>) -> u32\n";
/// const POINT_SHAPE: &Shape = &Shape::Named(NamedRef::new(&POINT));
/// const ROOTS: &[&Shape] = &[&Shape::Vec(POINT_SHAPE), &Shape::U32];
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
