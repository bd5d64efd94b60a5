//! The parser of record text, reading [`GRAMMAR`] for the spellings of
//! words and generics. Input comes from plugins: every step is bounded
//! ([`MAX_TYPE_DEPTH`]) and nothing is indexed unchecked.

use super::{Body, Def, Fields, FnSig, Kind, MAX_FLAGS, MAX_TYPE_DEPTH, Name, Owned, Ty, TypeDef, Variant};
use crate::grammar::{GRAMMAR, Rule, Spelling};

/// A type spelling.
pub(super) fn ty(text: &str) -> Option<Ty> {
    let mut parser = Parser { text: text.as_bytes(), at: 0 };
    let ty = parser.ty(0)?;
    parser.end().then_some(ty)
}
/// A signature, whitespace aside.
pub(super) fn fn_sig(text: &str) -> Option<FnSig> {
    let spaceless: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    let mut parser = Parser { text: &spaceless, at: 0 };
    parser.eat("fn(").then_some(())?;
    let params = parser.row(")", 0)?;
    // `-> ()` is no result, as in Rust (records never write it).
    let result = if parser.eat("->") { Some(parser.ty(0)?).filter(|ty| *ty != Ty::Unit) } else { None };
    parser.end().then_some(FnSig { params, result })
}
/// A type line.
pub(super) fn type_def(line: &str) -> Option<TypeDef> {
    let (keyword, rest) = line.split_once(' ')?;
    let mut parser = Parser { text: rest.as_bytes(), at: 0 };
    let Ty::Named(Name { name, args }) = parser.ty(0)? else { return None };
    let body = match keyword {
        "struct" if rest.ends_with("..}") => parser.extensible()?,
        "struct" => Body::Struct(parser.fields()?),
        "enum" => Body::Enum(
            parser.braced(|parser| Some(Variant { name: parser.ident()?.to_owned(), fields: parser.fields()? }))?,
        ),
        // A flags type has no type arguments, and its set travels in at most 64 bits.
        "flags" if args.is_empty() => {
            let names = parser.braced(|parser| parser.ident().map(str::to_owned))?;
            Body::Flags(Some(names).filter(|n| (1..=MAX_FLAGS).contains(&n.len()))?)
        }
        _ => return None,
    };
    parser.end().then_some(Def { name, args, body })
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

    /// Items separated by commas inside `{..}`.
    fn braced<T>(&mut self, mut item: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        self.eat("{").then_some(())?;
        let mut items = Vec::new();
        while !self.eat("}") {
            if !items.is_empty() {
                self.eat(",").then_some(())?;
            }
            items.push(item(self)?);
        }
        Some(items)
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

    /// Types at `depth` separated by commas up to `close` (which it eats);
    /// none when `close` comes first.
    fn row(&mut self, close: &str, depth: usize) -> Option<Vec<Ty>> {
        let mut items = Vec::new();
        while !self.eat(close) {
            if !items.is_empty() {
                self.eat(",").then_some(())?;
            }
            items.push(self.ty(depth)?);
        }
        Some(items)
    }

    fn ty(&mut self, depth: usize) -> Option<Ty> {
        if depth > MAX_TYPE_DEPTH {
            return None;
        }
        // Words that are not names (`&str`, `()`) come first: `&[` and `(`
        // start other spellings.
        let symbol = |rule: &&Rule| matches!(rule.spelling, Spelling::Word(w) if !w.starts_with(char::is_alphabetic));
        if let Some(rule) = GRAMMAR.iter().filter(symbol).find(|rule| self.eat(word_of(rule))) {
            return Ty::leaf(rule.kind);
        }
        let one = |t: Ty| Box::new(t);
        if self.eat("&[") {
            let elem = self.ty(depth + 1)?;
            return self.eat("]").then(|| Ty::Slice(one(elem)));
        }
        if self.eat("[") {
            let elem = self.ty(depth + 1)?;
            self.eat(";").then_some(())?;
            let n = self.number()?;
            return self.eat("]").then(|| Ty::Array(one(elem), n));
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
            return match (items.len(), comma) {
                (1, false) => items.pop(),
                _ => Some(Ty::Tuple(items)),
            };
        }
        let name = self.ident()?;
        let rule = GRAMMAR.iter().find(|rule| match rule.spelling {
            Spelling::Word(word) | Spelling::Generic(word, _) => word == name,
            Spelling::Resource => name == "Resource",
            _ => false,
        });
        if let Some(Rule { spelling: Spelling::Resource, .. }) = rule {
            self.eat("<").then_some(())?;
            let kind = if self.eat("_") { "_" } else { self.ident()? };
            return self.eat(">").then(|| Ty::Resource(kind.to_owned()));
        }
        let args =
            if self.eat("<") { Some(self.row(">", depth + 1)?).filter(|args| !args.is_empty())? } else { Vec::new() };
        let Some(rule) = rule else { return Some(Ty::Named(Name { name: name.to_owned(), args })) };
        let mut args = args.into_iter();
        let (a, b) = (args.next().map(one), args.next().map(one));
        Some(match (rule.spelling, rule.kind, a, b, args.next()) {
            (Spelling::Word(_), kind, None, None, None) => Ty::leaf(kind)?,
            (Spelling::Generic(_, 1), Kind::Vec, Some(t), None, None) => Ty::Vec(t),
            (Spelling::Generic(_, 1), Kind::Option, Some(t), None, None) => Ty::Option(t),
            (Spelling::Generic(_, 1), Kind::Box, Some(t), None, None) => Ty::Box(t),
            (Spelling::Generic(_, 1), Kind::GuestPtr, Some(t), None, None) => Ty::GuestPtr(t),
            (Spelling::Generic(_, 2), Kind::Result, Some(t), Some(e), None) => Ty::Result(t, e),
            (Spelling::Generic(_, 2), Kind::HashMap, Some(k), Some(v), None) => Ty::HashMap(k, v),
            (Spelling::Generic(_, 2), Kind::BTreeMap, Some(k), Some(v), None) => Ty::BTreeMap(k, v),
            _ => return None,
        })
    }

    /// The fields of a struct or variant in a type line.
    /// An extensible struct's body, `{a:u8,b?:Option<u8>,..}`: its fields,
    /// of which those before the first `?` (which every later one has too)
    /// are required.
    fn extensible(&mut self) -> Option<Body<Owned>> {
        self.eat("{").then_some(())?;
        let (mut fields, mut required) = (Vec::new(), None);
        while !self.eat("..}") {
            let name = self.ident()?.to_owned();
            match (self.eat("?"), required) {
                (true, None) => required = Some(fields.len()),
                (false, Some(_)) => return None, // a required field after an optional one
                _ => {}
            }
            self.eat(":").then_some(())?;
            fields.push((name, self.ty(1)?));
            self.eat(",").then_some(())?;
        }
        let required = required.unwrap_or(fields.len());
        Some(Body::Extensible { fields: Fields::Named(fields), required })
    }

    fn fields(&mut self) -> Option<Fields<Owned>> {
        if self.eat("(") {
            let types = self.row(")", 1)?;
            return (!types.is_empty()).then_some(Fields::Tuple(types));
        }
        if !self.eat("{") {
            return Some(Fields::Unit);
        }
        let mut fields = Vec::new();
        while !self.eat("}") {
            if !fields.is_empty() {
                self.eat(",").then_some(())?;
            }
            let name = self.ident()?;
            self.eat(":").then_some(())?;
            fields.push((name.to_owned(), self.ty(1)?));
        }
        Some(Fields::Named(fields))
    }
}

const fn word_of(rule: &Rule) -> &'static str {
    match rule.spelling {
        Spelling::Word(word) => word,
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::json_string;

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
        for text in [
            "",
            "Vec",
            "Vec<u8",
            "Vec<u8,u8>",
            "Result<u8>",
            "(u8 u8)",
            "[u8;]",
            "u8>",
            "1x",
            "i32<u8>",
            "&[u8",
            "P<>",
            "(,)",
            "(u8,,)",
        ] {
            assert_eq!(Ty::parse(text), None, "{text}");
        }
        let deep = format!("{}u8{}", "Vec<".repeat(MAX_TYPE_DEPTH + 2), ">".repeat(MAX_TYPE_DEPTH + 2));
        assert_eq!(Ty::parse(&deep), None);
        let ok = format!("{}u8{}", "Vec<".repeat(MAX_TYPE_DEPTH), ">".repeat(MAX_TYPE_DEPTH));
        assert!(Ty::parse(&ok).is_some());
    }

    #[test]
    fn type_lines_round_trip_and_render_as_json() {
        for line in
            ["struct Unit", "struct Empty{}", "enum Level{Low,High}", "struct Pair<i32>{a:i32,b:i32}", "flags F{A}"]
        {
            assert_eq!(TypeDef::parse(line).map(|d| d.to_string()).as_deref(), Some(line));
        }
        for line in [
            "struct Point{x:i32,}",
            "enum E",
            "struct Vec<u8>{}",
            "union U{}",
            "struct P{x}",
            "struct P{x:u8}z",
            "struct P()",
            "flags F{}",
            "flags F{A(u8)}",
            "flags F<u8>{A}",
            "flags F{A,}",
            "flags F",
        ] {
            assert_eq!(TypeDef::parse(line), None, "{line}");
        }
        let def = TypeDef::parse("enum Shape{Dot,Line(Point,Point),Circle{r:f32}}").unwrap();
        assert_eq!(
            def.to_json(),
            r#"{"name":"Shape","kind":"enum","variants":[{"name":"Dot","form":"unit","fields":[]},{"name":"Line","form":"tuple","fields":[{"name":"0","type":{"named":"Point"}},{"name":"1","type":{"named":"Point"}}]},{"name":"Circle","form":"named","fields":[{"name":"r","type":"f32"}]}]}"#
        );
        assert_eq!(Ty::parse("[u8;4]").unwrap().to_json(), r#"{"array":["u8",4]}"#);
        let flags = TypeDef::parse("flags Perm{Read,Write}").unwrap();
        assert_eq!(flags.to_json(), r#"{"name":"Perm","kind":"flags","flags":["Read","Write"]}"#);
        let names: Vec<String> = (0..=MAX_FLAGS).map(|i| format!("F{i}")).collect();
        let line = |n: usize| format!("flags Wide{{{}}}", names[..n].join(","));
        assert!(TypeDef::parse(&line(MAX_FLAGS)).is_some());
        assert_eq!(TypeDef::parse(&line(MAX_FLAGS + 1)), None, "a set travels in at most 64 bits");
        assert_eq!(json_string("a\"b\n\u{1}"), r#""a\"b\n\u0001""#);
    }

    #[test]
    fn every_row_parses_what_it_writes() {
        for rule in GRAMMAR {
            let pattern = rule.pattern();
            let mut text = pattern.clone();
            for (from, to) in [("T,..", "u8,u8"), ("<T>", "<u8>"), ("<T,E>", "<u8,u8>"), ("[T]", "[u8]")] {
                text = text.replace(from, to);
            }
            for (from, to) in [("[T;N]", "[u8;3]"), ("<K>", "<Table>"), ("Name<", "Point<")] {
                text = text.replace(from, to);
            }
            let ty = Ty::parse(&text).unwrap_or_else(|| panic!("{pattern} as {text}"));
            assert_eq!(ty.kind(), rule.kind, "{text}");
            assert_eq!(ty.to_string(), text);
        }
    }
}
