//! The types of an interface record as a reader sees them: type spellings
//! (`Vec<Point>`) and type lines (`struct Point{x:i32,y:i32}`) parsed, and
//! rendered back or as JSON (docs/ABI.md section 8).

use core::fmt;

/// Deepest type nesting a reader parses; records come from plugins, so a
/// spelling nested deeper is refused rather than recursed into.
pub const MAX_TYPE_DEPTH: usize = 64;

/// A type as a record spells it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Ty {
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
    /// `Trap`, the error of a host function's `Result<T, Trap>`
    Trap,
    /// `Vec<T>`
    Vec(Box<Ty>),
    /// `&[T]`
    Slice(Box<Ty>),
    /// `Option<T>`
    Option(Box<Ty>),
    /// `Result<T,E>`
    Result(Box<Ty>, Box<Ty>),
    /// `Box<T>`
    Box(Box<Ty>),
    /// `(A,B)`, `(A,)`
    Tuple(Vec<Ty>),
    /// `[T;N]`
    Array(Box<Ty>, u32),
    /// `HashMap<K,V>`
    HashMap(Box<Ty>, Box<Ty>),
    /// `BTreeMap<K,V>`
    BTreeMap(Box<Ty>, Box<Ty>),
    /// `GuestPtr<T>`
    GuestPtr(Box<Ty>),
    /// `Resource<M>`; `_` where a type line does not know the kind
    Resource(String),
    /// A struct or enum, with its type arguments: `Point`, `Pair<i32>`
    Named(String, Vec<Ty>),
}

impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let generic = |f: &mut fmt::Formatter<'_>, name: &str, args: &[&Ty]| {
            write!(f, "{name}<")?;
            list(f, args.iter().copied())?;
            f.write_str(">")
        };
        match self {
            Ty::Bool => f.write_str("bool"),
            Ty::I8 => f.write_str("i8"),
            Ty::U8 => f.write_str("u8"),
            Ty::I16 => f.write_str("i16"),
            Ty::U16 => f.write_str("u16"),
            Ty::I32 => f.write_str("i32"),
            Ty::U32 => f.write_str("u32"),
            Ty::I64 => f.write_str("i64"),
            Ty::U64 => f.write_str("u64"),
            Ty::F32 => f.write_str("f32"),
            Ty::F64 => f.write_str("f64"),
            Ty::Char => f.write_str("char"),
            Ty::Unit => f.write_str("()"),
            Ty::String => f.write_str("String"),
            Ty::Str => f.write_str("&str"),
            Ty::Trap => f.write_str("Trap"),
            Ty::Vec(t) => generic(f, "Vec", &[t]),
            Ty::Option(t) => generic(f, "Option", &[t]),
            Ty::Box(t) => generic(f, "Box", &[t]),
            Ty::GuestPtr(t) => generic(f, "GuestPtr", &[t]),
            Ty::Result(t, e) => generic(f, "Result", &[t, e]),
            Ty::HashMap(k, v) => generic(f, "HashMap", &[k, v]),
            Ty::BTreeMap(k, v) => generic(f, "BTreeMap", &[k, v]),
            Ty::Slice(t) => write!(f, "&[{t}]"),
            Ty::Array(t, n) => write!(f, "[{t};{n}]"),
            Ty::Resource(kind) => write!(f, "Resource<{kind}>"),
            Ty::Tuple(items) => {
                f.write_str("(")?;
                list(f, items.iter())?;
                f.write_str(if items.len() == 1 { ",)" } else { ")" })
            }
            Ty::Named(name, args) if args.is_empty() => f.write_str(name),
            Ty::Named(name, args) => {
                write!(f, "{name}<")?;
                list(f, args.iter())?;
                f.write_str(">")
            }
        }
    }
}

fn list<'a>(f: &mut fmt::Formatter<'_>, items: impl Iterator<Item = &'a Ty>) -> fmt::Result {
    for (i, item) in items.enumerate() {
        if i > 0 {
            f.write_str(",")?;
        }
        write!(f, "{item}")?;
    }
    Ok(())
}

impl Ty {
    /// Parses a spelling: `Vec<Option<Point>>`, `(u32,[u8;4])`. `None` when
    /// it is malformed or nests deeper than [`MAX_TYPE_DEPTH`].
    ///
    /// ```
    /// use wasmbind_shared::Ty;
    /// let ty = Ty::parse("Result<Vec<Point>,String>").unwrap();
    /// assert_eq!(ty, Ty::Result(Box::new(Ty::Vec(Box::new(Ty::Named("Point".into(), vec![])))), Box::new(Ty::String)));
    /// assert_eq!(ty.to_string(), "Result<Vec<Point>,String>");
    /// assert_eq!(Ty::parse("Vec<"), None);
    /// ```
    pub fn parse(text: &str) -> Option<Ty> {
        let mut parser = Parser { text: text.as_bytes(), at: 0 };
        let ty = parser.ty(0)?;
        parser.end().then_some(ty)
    }

    /// The core value type of the type as a whole argument or result
    /// (docs/ABI.md section 1): `i32`, `i64`, `f32` or `f64`; `None` for `()`.
    pub fn core_type(&self) -> Option<&'static str> {
        Some(match self {
            Ty::Unit => return None,
            Ty::Bool | Ty::I8 | Ty::U8 | Ty::I16 | Ty::U16 | Ty::I32 | Ty::U32 | Ty::Char | Ty::GuestPtr(_) => "i32",
            Ty::F32 => "f32",
            Ty::F64 => "f64",
            _ => "i64",
        })
    }

    /// The types this one holds directly (elements, fields of a tuple, a
    /// struct's type arguments).
    pub fn children(&self) -> Vec<&Ty> {
        match self {
            Ty::Vec(t) | Ty::Slice(t) | Ty::Option(t) | Ty::Box(t) | Ty::GuestPtr(t) | Ty::Array(t, _) => vec![t],
            Ty::Result(a, b) | Ty::HashMap(a, b) | Ty::BTreeMap(a, b) => vec![a, b],
            Ty::Tuple(items) | Ty::Named(_, items) => items.iter().collect(),
            _ => Vec::new(),
        }
    }

    /// The type as JSON: a string for types without inner types
    /// (`"i32"`, `"&str"`, `"()"`), else one key naming the form
    /// (`{"vec":"u8"}`, `{"result":["u32","String"]}`, `{"array":["u8",4]}`,
    /// `{"tuple":[..]}`, `{"resource":"Table"}`, `{"named":"Point"}`).
    pub fn to_json(&self) -> String {
        let one = |key: &str, t: &Ty| format!("{{\"{key}\":{}}}", t.to_json());
        let two = |key: &str, a: &Ty, b: &Ty| format!("{{\"{key}\":[{},{}]}}", a.to_json(), b.to_json());
        match self {
            Ty::Vec(t) => one("vec", t),
            Ty::Slice(t) => one("slice", t),
            Ty::Option(t) => one("option", t),
            Ty::Box(t) => one("box", t),
            Ty::GuestPtr(t) => one("guest_ptr", t),
            Ty::Result(a, b) => two("result", a, b),
            Ty::HashMap(a, b) => two("hash_map", a, b),
            Ty::BTreeMap(a, b) => two("btree_map", a, b),
            Ty::Array(t, n) => format!("{{\"array\":[{},{n}]}}", t.to_json()),
            Ty::Tuple(items) => {
                format!("{{\"tuple\":[{}]}}", items.iter().map(Ty::to_json).collect::<Vec<_>>().join(","))
            }
            Ty::Resource(kind) => format!("{{\"resource\":{}}}", json_string(kind)),
            Ty::Named(..) => format!("{{\"named\":{}}}", json_string(&self.to_string())),
            leaf => json_string(&leaf.to_string()),
        }
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
        let spaceless: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
        let mut parser = Parser { text: &spaceless, at: 0 };
        parser.eat("fn(").then_some(())?;
        let mut params = Vec::new();
        if !parser.eat(")") {
            loop {
                params.push(parser.ty(0)?);
                if parser.eat(")") {
                    break;
                }
                parser.eat(",").then_some(())?;
            }
        }
        // `-> ()` is no result, as in Rust (records never write it).
        let result = if parser.eat("->") { Some(parser.ty(0)?).filter(|ty| *ty != Ty::Unit) } else { None };
        parser.end().then_some(FnSig { params, result })
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

/// The fields of a struct or an enum variant in a type line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DefFields {
    /// `{x:i32,y:i32}`
    Named(Vec<(String, Ty)>),
    /// `(f64,String)`
    Tuple(Vec<Ty>),
    /// nothing
    Unit,
}

impl DefFields {
    /// The fields' types, in order.
    pub fn types(&self) -> Vec<&Ty> {
        match self {
            DefFields::Named(fields) => fields.iter().map(|(_, t)| t).collect(),
            DefFields::Tuple(types) => types.iter().collect(),
            DefFields::Unit => Vec::new(),
        }
    }

    fn parse(parser: &mut Parser<'_>) -> Option<DefFields> {
        if parser.eat("(") {
            let mut types = Vec::new();
            loop {
                types.push(parser.ty(1)?);
                if parser.eat(")") {
                    return Some(DefFields::Tuple(types));
                }
                parser.eat(",").then_some(())?;
            }
        }
        if !parser.eat("{") {
            return Some(DefFields::Unit);
        }
        let mut fields = Vec::new();
        if parser.eat("}") {
            return Some(DefFields::Named(fields));
        }
        loop {
            let name = parser.ident()?;
            parser.eat(":").then_some(())?;
            fields.push((name.to_owned(), parser.ty(1)?));
            if parser.eat("}") {
                return Some(DefFields::Named(fields));
            }
            parser.eat(",").then_some(())?;
        }
    }

    fn write(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DefFields::Unit => Ok(()),
            DefFields::Tuple(types) => {
                f.write_str("(")?;
                list(f, types.iter())?;
                f.write_str(")")
            }
            DefFields::Named(fields) => {
                f.write_str("{")?;
                for (i, (name, ty)) in fields.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write!(f, "{name}:{ty}")?;
                }
                f.write_str("}")
            }
        }
    }

    fn to_json(&self) -> String {
        let (form, fields): (&str, Vec<String>) = match self {
            DefFields::Unit => ("unit", Vec::new()),
            DefFields::Tuple(types) => {
                ("tuple", types.iter().enumerate().map(|(i, t)| field_json(&i.to_string(), t)).collect())
            }
            DefFields::Named(fields) => ("named", fields.iter().map(|(n, t)| field_json(n, t)).collect()),
        };
        format!("\"form\":\"{form}\",\"fields\":[{}]", fields.join(","))
    }
}

fn field_json(name: &str, ty: &Ty) -> String {
    format!("{{\"name\":{},\"type\":{}}}", json_string(name), ty.to_json())
}

/// What a type line defines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DefBody {
    /// A struct's fields.
    Struct(DefFields),
    /// An enum's variants in order; the wire tag is the position.
    Enum(Vec<(String, DefFields)>),
}

/// One type line: `struct Point{x:i32,y:i32}`, `enum Level{Low,High}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeDef {
    /// The type as other lines spell it: `Point`, `Pair<i32>`.
    pub ty: Ty,
    /// Its fields or variants.
    pub body: DefBody,
}

impl TypeDef {
    /// Parses a type line (without its `\n`).
    ///
    /// ```
    /// use wasmbind_shared::TypeDef;
    /// for line in ["struct Point{x:i32,y:i32}", "struct Meters(f64)", "enum Shape{Dot,Circle{r:f32},Line(Point,Point)}"] {
    ///     assert_eq!(TypeDef::parse(line).unwrap().to_string(), line);
    /// }
    /// ```
    pub fn parse(line: &str) -> Option<TypeDef> {
        let (is_enum, rest) = match line.split_once(' ')? {
            ("struct", rest) => (false, rest),
            ("enum", rest) => (true, rest),
            _ => return None,
        };
        let mut parser = Parser { text: rest.as_bytes(), at: 0 };
        let ty = parser.ty(0)?;
        if !matches!(ty, Ty::Named(..)) {
            return None;
        }
        let body = if is_enum {
            parser.eat("{").then_some(())?;
            let mut variants = Vec::new();
            while !parser.eat("}") {
                if !variants.is_empty() {
                    parser.eat(",").then_some(())?;
                }
                let name = parser.ident()?.to_owned();
                variants.push((name, DefFields::parse(&mut parser)?));
            }
            DefBody::Enum(variants)
        } else {
            DefBody::Struct(DefFields::parse(&mut parser)?)
        };
        parser.end().then_some(TypeDef { ty, body })
    }

    /// Whether a line is a type line rather than a function line.
    pub fn is_type_line(line: &str) -> bool {
        line.starts_with("struct ") || line.starts_with("enum ")
    }

    /// The definition as JSON: `{"name":"Point","kind":"struct","form":"named","fields":[..]}`,
    /// or for an enum `{"name":..,"kind":"enum","variants":[{"name":..,"form":..,"fields":[..]}]}`.
    pub fn to_json(&self) -> String {
        let name = json_string(&self.ty.to_string());
        match &self.body {
            DefBody::Struct(fields) => format!("{{\"name\":{name},\"kind\":\"struct\",{}}}", fields.to_json()),
            DefBody::Enum(variants) => {
                let variants: Vec<_> = variants
                    .iter()
                    .map(|(v, fields)| format!("{{\"name\":{},{}}}", json_string(v), fields.to_json()))
                    .collect();
                format!("{{\"name\":{name},\"kind\":\"enum\",\"variants\":[{}]}}", variants.join(","))
            }
        }
    }
}

impl fmt::Display for TypeDef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.body {
            DefBody::Struct(fields) => {
                write!(f, "struct {}", self.ty)?;
                fields.write(f)
            }
            DefBody::Enum(variants) => {
                write!(f, "enum {}{{", self.ty)?;
                for (i, (name, fields)) in variants.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    f.write_str(name)?;
                    fields.write(f)?;
                }
                f.write_str("}")
            }
        }
    }
}

/// `text` as a JSON string literal.
pub fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if crate::text::is_unsafe(c) => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

struct Parser<'a> {
    text: &'a [u8],
    at: usize,
}

impl<'a> Parser<'a> {
    fn eat(&mut self, token: &str) -> bool {
        let found = self.text.get(self.at..).is_some_and(|rest| rest.starts_with(token.as_bytes()));
        if found {
            self.at += token.len();
        }
        found
    }

    fn end(&self) -> bool {
        self.at == self.text.len()
    }

    fn ident(&mut self) -> Option<&'a str> {
        let start = self.at;
        let raw = self.eat("r#");
        while self.text.get(self.at).is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'_') {
            self.at += 1;
        }
        let ident = core::str::from_utf8(self.text.get(start..self.at)?).ok()?;
        let first = ident.as_bytes().get(if raw { 2 } else { 0 }).copied();
        first.is_some_and(|b| !b.is_ascii_digit()).then_some(ident)
    }

    fn number(&mut self) -> Option<u32> {
        let start = self.at;
        while self.text.get(self.at).is_some_and(u8::is_ascii_digit) {
            self.at += 1;
        }
        core::str::from_utf8(self.text.get(start..self.at)?).ok()?.parse().ok()
    }

    fn args(&mut self, depth: usize) -> Option<Vec<Ty>> {
        let mut args = Vec::new();
        if !self.eat("<") {
            return Some(args);
        }
        loop {
            args.push(self.ty(depth + 1)?);
            if self.eat(">") {
                return Some(args);
            }
            self.eat(",").then_some(())?;
        }
    }

    fn ty(&mut self, depth: usize) -> Option<Ty> {
        if depth > MAX_TYPE_DEPTH {
            return None;
        }
        if self.eat("&str") {
            return Some(Ty::Str);
        }
        if self.eat("&[") {
            let elem = self.ty(depth + 1)?;
            return self.eat("]").then(|| Ty::Slice(Box::new(elem)));
        }
        if self.eat("[") {
            let elem = self.ty(depth + 1)?;
            self.eat(";").then_some(())?;
            let n = self.number()?;
            return self.eat("]").then(|| Ty::Array(Box::new(elem), n));
        }
        if self.eat("(") {
            let mut items = Vec::new();
            let mut comma = false;
            while !self.eat(")") {
                if !items.is_empty() && !comma {
                    return None;
                }
                items.push(self.ty(depth + 1)?);
                comma = self.eat(",");
            }
            return Some(match (items.len(), comma) {
                (0, _) => Ty::Unit,
                (1, false) => items.pop()?,
                _ => Ty::Tuple(items),
            });
        }
        let name = self.ident()?;
        if name == "Resource" {
            self.eat("<").then_some(())?;
            let kind = if self.eat("_") { "_" } else { self.ident()? };
            return self.eat(">").then(|| Ty::Resource(kind.to_owned()));
        }
        let args = self.args(depth)?;
        let one = |args: Vec<Ty>| args.into_iter().next().map(Box::new);
        let two = |args: Vec<Ty>| <[Ty; 2]>::try_from(args).ok().map(|[a, b]| (Box::new(a), Box::new(b)));
        Some(match (name, args.len()) {
            (name, 0) if let Some(leaf) = leaf(name) => leaf,
            ("Vec", 1) => Ty::Vec(one(args)?),
            ("Option", 1) => Ty::Option(one(args)?),
            ("Box", 1) => Ty::Box(one(args)?),
            ("GuestPtr", 1) => Ty::GuestPtr(one(args)?),
            ("Result", 2) => two(args).map(|(t, e)| Ty::Result(t, e))?,
            ("HashMap", 2) => two(args).map(|(k, v)| Ty::HashMap(k, v))?,
            ("BTreeMap", 2) => two(args).map(|(k, v)| Ty::BTreeMap(k, v))?,
            (name, _) if !is_builtin(name) => Ty::Named(name.to_owned(), args),
            _ => return None,
        })
    }
}

fn leaf(name: &str) -> Option<Ty> {
    Some(match name {
        "bool" => Ty::Bool,
        "i8" => Ty::I8,
        "u8" => Ty::U8,
        "i16" => Ty::I16,
        "u16" => Ty::U16,
        "i32" => Ty::I32,
        "u32" => Ty::U32,
        "i64" => Ty::I64,
        "u64" => Ty::U64,
        "f32" => Ty::F32,
        "f64" => Ty::F64,
        "char" => Ty::Char,
        "String" => Ty::String,
        "Trap" => Ty::Trap,
        _ => return None,
    })
}

fn is_builtin(name: &str) -> bool {
    leaf(name).is_some() || matches!(name, "Vec" | "Option" | "Box" | "GuestPtr" | "Result" | "HashMap" | "BTreeMap")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_round_trip() {
        for text in [
            "bool",
            "()",
            "(u32,)",
            "(u32,[u8;4],&str)",
            "&[Point]",
            "Option<Result<(),String>>",
            "HashMap<String,BTreeMap<u8,Box<Tree>>>",
            "GuestPtr<Point>",
            "Resource<Table>",
            "Resource<_>",
            "Pair<i32,Vec<u8>>",
            "Result<u64,Trap>",
        ] {
            assert_eq!(Ty::parse(text).map(|t| t.to_string()).as_deref(), Some(text));
        }
    }

    #[test]
    fn malformed_and_deep_spellings_are_refused() {
        for text in
            ["", "Vec", "Vec<u8", "Vec<u8,u8>", "Result<u8>", "(u8 u8)", "[u8;]", "u8>", "1x", "i32<u8>", "&[u8"]
        {
            assert_eq!(Ty::parse(text), None, "{text}");
        }
        let deep = format!("{}u8{}", "Vec<".repeat(MAX_TYPE_DEPTH + 2), ">".repeat(MAX_TYPE_DEPTH + 2));
        assert_eq!(Ty::parse(&deep), None);
        let ok = format!("{}u8{}", "Vec<".repeat(MAX_TYPE_DEPTH), ">".repeat(MAX_TYPE_DEPTH));
        assert!(Ty::parse(&ok).is_some());
    }

    #[test]
    fn type_lines_round_trip_and_render_as_json() {
        for line in ["struct Unit", "struct Empty{}", "enum Level{Low,High}", "struct Pair<i32>{a:i32,b:i32}"] {
            assert_eq!(TypeDef::parse(line).map(|d| d.to_string()).as_deref(), Some(line));
        }
        for line in
            ["struct Point{x:i32,}", "enum E", "struct Vec<u8>{}", "union U{}", "struct P{x}", "struct P{x:u8}z"]
        {
            assert_eq!(TypeDef::parse(line), None, "{line}");
        }
        let def = TypeDef::parse("enum Shape{Dot,Line(Point,Point),Circle{r:f32}}").unwrap();
        assert_eq!(
            def.to_json(),
            r#"{"name":"Shape","kind":"enum","variants":[{"name":"Dot","form":"unit","fields":[]},{"name":"Line","form":"tuple","fields":[{"name":"0","type":{"named":"Point"}},{"name":"1","type":{"named":"Point"}}]},{"name":"Circle","form":"named","fields":[{"name":"r","type":"f32"}]}]}"#
        );
        assert_eq!(Ty::parse("[u8;4]").unwrap().to_json(), r#"{"array":["u8",4]}"#);
        assert_eq!(json_string("a\"b\n\u{1}"), r#""a\"b\n\u0001""#);
    }
}
