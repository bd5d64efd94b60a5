//! Plugin text made safe for where it goes: the one owner of that rule.
//!
//! Anything a plugin wrote (a panic message, an export's name, a record
//! line) reaches three kinds of place, each with its own hazards:
//!
//! - **a message or a log line**: [`OneLine`] writes it with every control
//!   character (a newline, ESC, NUL) and every bidirectional-formatting
//!   character (U+202E and its kin, which reorder what a reader sees) as a
//!   space, and [`clip`] bounds its length;
//! - **a terminal**: [`terminal`] keeps the newlines a listing needs and
//!   neutralises everything else the same way, so no escape sequence, carriage
//!   return or reordering reaches the screen;
//! - **generated source**: [`c_string`] writes a C string literal that
//!   holds exactly the text, [`comment`] text that can sit in any comment
//!   of C, Python or TypeScript, and [`c_identifier`] refuses a name that is
//!   not an identifier of C (or is one of its keywords) instead of mending it.

use core::fmt::{self, Write as _};
use std::borrow::Cow;

/// The longest text an error keeps from a plugin or a host function's
/// message (a trap's message, the arguments a plugin refused, a line about
/// its records); longer text is cut at a character boundary and the cut
/// marked, so a plugin cannot make an error, or a log line, arbitrarily
/// large.
pub const MAX_MESSAGE: usize = 4096;

/// True for a character that must not reach a reader as it is: a control
/// character (C0, DEL, C1), a line or paragraph separator, or a character
/// that changes the direction text is shown in (the Unicode bidirectional
/// formatting characters, as in CVE-2021-42574).
///
/// ```
/// use wasmbind_shared::text::is_unsafe;
/// assert!(is_unsafe('\n') && is_unsafe('\x1b') && is_unsafe('\u{202e}') && is_unsafe('\u{2066}'));
/// assert!(!is_unsafe('a') && !is_unsafe('é') && !is_unsafe(' '));
/// ```
#[inline]
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{2028}' | '\u{2029}')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// A writer that passes text through with every [`is_unsafe`] character
/// written as a space, so text from a plugin cannot break a message in
/// two, forge a log line or reorder what a reader sees. A space is one
/// byte, so the text never grows longer than it was.
///
/// ```
/// use std::fmt::Write;
/// use wasmbind_shared::text::OneLine;
/// let mut out = String::new();
/// write!(OneLine(&mut out), "boom\nplugin host: ok\u{202e}gnp.exe").unwrap();
/// assert_eq!(out, "boom plugin host: ok gnp.exe");
/// ```
pub struct OneLine<W>(pub W);

impl<W: fmt::Write> fmt::Write for OneLine<W> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        for (i, part) in text.split(is_unsafe).enumerate() {
            if i > 0 {
                self.0.write_char(' ')?;
            }
            self.0.write_str(part)?;
        }
        Ok(())
    }
}

/// `text` with every [`is_unsafe`] character as a space (borrowed when it
/// has none).
pub fn one_line(text: &str) -> Cow<'_, str> {
    if !text.contains(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let _ = OneLine(&mut out).write_str(text);
    Cow::Owned(out)
}

/// [`OneLine`] that keeps newlines: for text shown on a terminal or
/// read as several lines.
pub struct Terminal<W>(pub W);

impl<W: fmt::Write> fmt::Write for Terminal<W> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                self.0.write_char('\n')?;
            }
            OneLine(&mut self.0).write_str(line)?;
        }
        Ok(())
    }
}

/// `text` for a terminal: lines kept, every other [`is_unsafe`] character
/// (ESC, a carriage return, a bidirectional override) as a space.
///
/// ```
/// use wasmbind_shared::text::terminal;
/// assert_eq!(terminal("a\x1b]0;title\x07\nb\r"), "a ]0;title \nb ");
/// ```
pub fn terminal(text: &str) -> Cow<'_, str> {
    if !text.contains(|c| c != '\n' && is_unsafe(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let _ = Terminal(&mut out).write_str(text);
    Cow::Owned(out)
}

/// A JSON document (a serializer's output, where such characters can only
/// stand inside strings) with every [`is_unsafe`] character but the newline
/// written as a `\uXXXX` escape: the same JSON value, safe on a terminal.
///
/// ```
/// use wasmbind_shared::text::json;
/// assert_eq!(json("{\"a\": \"x\u{202e}\u{7f}\"}\n"), "{\"a\": \"x\\u202e\\u007f\"}\n");
/// ```
pub fn json(document: &str) -> Cow<'_, str> {
    if !document.contains(|c| c != '\n' && is_unsafe(c)) {
        return Cow::Borrowed(document);
    }
    let mut out = String::with_capacity(document.len());
    for c in document.chars() {
        match c != '\n' && is_unsafe(c) {
            true => _ = write!(out, "\\u{:04x}", c as u32),
            false => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// `text` cut to at most `max` bytes at a character boundary, the cut
/// marked with how much was left out.
///
/// ```
/// use wasmbind_shared::text::clip;
/// assert_eq!(clip("abcdef", 4), "abcd... (2 more bytes)");
/// assert_eq!(clip("abc", 4), "abc");
/// ```
pub fn clip(text: &str, max: usize) -> Cow<'_, str> {
    if text.len() <= max {
        return Cow::Borrowed(text);
    }
    let cut = text.floor_char_boundary(max);
    let rest = text.len() - cut;
    Cow::Owned(format!("{}... ({rest} more bytes)", text.get(..cut).unwrap_or_default()))
}

/// A writer that keeps at most `left` bytes and then marks the cut once:
/// for formatting a value whose text a plugin can make long (an error's
/// `{:?}` with a wasm backtrace of its function names, say).
///
/// ```
/// use std::fmt::Write;
/// use wasmbind_shared::text::Bounded;
/// let mut out = String::new();
/// let mut bounded = Bounded::new(&mut out, 8);
/// let _ = write!(bounded, "{}", "x".repeat(100));
/// assert_eq!(out, "xxxxxxxx... (cut)");
/// ```
pub struct Bounded<W> {
    inner: W,
    left: usize,
    cut: bool,
}

impl<W: fmt::Write> Bounded<W> {
    /// A writer into `inner` that keeps at most `max` bytes.
    pub fn new(inner: W, max: usize) -> Self {
        Self { inner, left: max, cut: false }
    }
}

impl<W: fmt::Write> fmt::Write for Bounded<W> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        if self.cut {
            // Stop the formatting machinery walking the rest of the value.
            return Err(fmt::Error);
        }
        if text.len() <= self.left {
            self.left -= text.len();
            return self.inner.write_str(text);
        }
        let cut = text.floor_char_boundary(self.left);
        self.inner.write_str(text.get(..cut).unwrap_or_default())?;
        self.inner.write_str("... (cut)")?;
        self.cut = true;
        self.left = 0;
        Err(fmt::Error)
    }
}

/// `text` as C string literals (C and C++ alike), one per line of the
/// text: a newline as `\n`, every other byte outside printable ASCII, the
/// quote, the backslash and the question mark (which would start a
/// trigraph) as an octal escape, so the literal holds exactly `text` and nothing of it can close
/// the literal.
///
/// ```
/// use wasmbind_shared::text::c_string;
/// assert_eq!(c_string("a\"b\\c??/\n"), r#""a\042b\134c\077\077/\n""#);
/// assert_eq!(c_string(""), r#""""#);
/// ```
pub fn c_string(text: &str) -> String {
    if text.is_empty() {
        return "\"\"".into();
    }
    let literals: Vec<String> = text
        .split_inclusive('\n')
        .map(|line| {
            let mut literal = String::from("\"");
            for byte in line.bytes() {
                match byte {
                    b'\n' => literal.push_str("\\n"),
                    b'"' | b'\\' | b'?' => _ = write!(literal, "\\{byte:03o}"),
                    b' '..=b'~' => literal.push(byte as char),
                    _ => _ = write!(literal, "\\{byte:03o}"),
                }
            }
            literal + "\""
        })
        .collect();
    literals.join("\n        ")
}

/// `text` for a comment in generated source (C's `/* */` and `//`,
/// Python's `#`, TypeScript's): ASCII letters, digits, spaces and the
/// punctuation of Rust signatures (`(),:;<>[]{}&=-+!.'#|`) are kept, every
/// other character (`*` and `/`, which could close a C comment, `\`, which
/// continues a `//` line, `?`, line ends, anything non-ASCII) is written as
/// `_`. The result never contains the text a comment ends with.
///
/// ```
/// use wasmbind_shared::text::comment;
/// assert_eq!(comment("greet fn(&str) -> Vec<u8>"), "greet fn(&str) -> Vec<u8>");
/// assert_eq!(comment("f */ int x; /*\n"), "f __ int x; ___");
/// ```
pub fn comment(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' | ' ' | '_' => c,
            '(' | ')' | ',' | ':' | ';' | '<' | '>' | '[' | ']' | '{' | '}' | '&' | '=' | '-' | '+' | '!' | '.' => c,
            '\'' | '#' | '|' => c,
            _ => '_',
        })
        .collect()
}

/// C's keywords (C23 and the C++ keywords a C header included from C++
/// must not use as names either).
const C_KEYWORDS: &[&str] = &[
    "alignas",
    "alignof",
    "and",
    "asm",
    "auto",
    "bool",
    "break",
    "case",
    "catch",
    "char",
    "class",
    "const",
    "consteval",
    "constexpr",
    "constinit",
    "continue",
    "decltype",
    "default",
    "delete",
    "do",
    "double",
    "else",
    "enum",
    "explicit",
    "export",
    "extern",
    "false",
    "float",
    "for",
    "friend",
    "goto",
    "if",
    "inline",
    "int",
    "long",
    "mutable",
    "namespace",
    "new",
    "noexcept",
    "not",
    "nullptr",
    "operator",
    "or",
    "private",
    "protected",
    "public",
    "register",
    "restrict",
    "return",
    "short",
    "signed",
    "sizeof",
    "static",
    "static_assert",
    "struct",
    "switch",
    "template",
    "this",
    "thread_local",
    "throw",
    "true",
    "try",
    "typedef",
    "typeid",
    "typename",
    "typeof",
    "union",
    "unsigned",
    "using",
    "virtual",
    "void",
    "volatile",
    "while",
    "xor",
];

/// `name` when it is an identifier of C and C++ (`[A-Za-z_][A-Za-z0-9_]*`,
/// at most 255 bytes, no keyword, not reserved: no `__` prefix, no `_`
/// then a capital); a Rust raw identifier's `r#` is dropped. `Err` says why
/// not.
///
/// ```
/// use wasmbind_shared::text::c_identifier;
/// assert_eq!(c_identifier("point_add"), Ok("point_add"));
/// assert_eq!(c_identifier("r#type"), Ok("type"));
/// assert!(c_identifier("x; int y").is_err());
/// assert!(c_identifier("int").is_err());
/// assert!(c_identifier("__attribute__").is_err());
/// ```
pub fn c_identifier(name: &str) -> Result<&str, String> {
    let bare = name.strip_prefix("r#").unwrap_or(name);
    let mut chars = bare.chars();
    let grammar = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    let shown = comment(&clip(name, 64));
    if !grammar || bare.len() > 255 {
        return Err(format!("`{shown}` is not a C identifier"));
    }
    if C_KEYWORDS.contains(&bare) {
        return Err(format!("`{shown}` is a C or C++ keyword"));
    }
    if bare.strip_prefix('_').is_some_and(|rest| rest.starts_with(|c: char| c == '_' || c.is_ascii_uppercase())) {
        return Err(format!("`{shown}` is reserved in C"));
    }
    Ok(bare)
}

/// A name in generated source (TypeScript, Python) for a type a record
/// spells: ASCII letters and digits kept, every run of anything else one
/// `_`, without `r#`, never empty or starting with a digit. Record type
/// names are identifiers already; generic instances are not
/// (`Pair<Level>` is `Pair_Level`).
///
/// ```
/// use wasmbind_shared::text::mangled;
/// assert_eq!(mangled("Pair<Level>"), "Pair_Level");
/// assert_eq!(mangled("r#type"), "type");
/// assert_eq!(mangled("9<>"), "_9");
/// ```
pub fn mangled(spelling: &str) -> String {
    let mut out = String::new();
    for c in spelling.strip_prefix("r#").unwrap_or(spelling).chars() {
        match c {
            c if c.is_ascii_alphanumeric() => out.push(c),
            _ if out.ends_with('_') => {}
            _ => out.push('_'),
        }
    }
    let out = out.trim_end_matches('_');
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) { format!("_{out}") } else { out.to_owned() }
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
            c if is_unsafe(c) => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_unsafe_survives_one_line_or_terminal() {
        let hostile = "a\r\nb\x1b[31m\x07\u{85}\u{202e}\u{2067}\u{2028}c\td";
        assert!(!one_line(hostile).contains(is_unsafe));
        assert_eq!(one_line(hostile).len(), hostile.len() - 7); // a multibyte character is one space
        assert_eq!(terminal(hostile).matches('\n').count(), 1);
        assert!(!terminal(hostile).contains(|c| c != '\n' && is_unsafe(c)));
    }

    #[test]
    fn a_c_string_holds_only_escapes_and_printable_ascii() {
        let text = "\"); __attribute__((constructor)) void x(void){}; //\u{0}??/\u{ff}";
        let literal = c_string(text);
        assert!(literal.starts_with('"') && literal.ends_with('"'));
        let inner = &literal[1..literal.len() - 1];
        assert!(!inner.contains('"') && !inner.contains('?'));
        assert!(inner.bytes().all(|b| (b' '..=b'~').contains(&b)));
    }

    #[test]
    fn a_comment_never_closes() {
        for text in ["*/", "*\u{0}/", "**//", "\\\n#define x", "\u{2028}x"] {
            let out = comment(text);
            assert!(!out.contains("*/") && !out.contains('\n') && !out.contains('\\') && !out.contains('/'), "{out}");
        }
    }
}
