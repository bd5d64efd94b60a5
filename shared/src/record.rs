//! Interface records: the Rust-level signatures a plugin was built
//! against, as text it exports and a host compares (docs/ABI.md section 8).
//!
//! ```text
//! wasmbind 1
//! exports Calc
//! greet fn(&str) -> String
//! ```

use crate::ABI_VERSION;

/// What a record describes; its second line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Heading {
    /// `exports {Trait}`: the functions of a plugin-export trait.
    Exports {
        /// The trait's name.
        trait_name: String,
    },
    /// `imports {module} {Trait}`: the host functions of an import module.
    Imports {
        /// The import module.
        module: String,
        /// The trait that declares them.
        trait_name: String,
    },
}

impl Heading {
    /// The name of the export that holds a record with this heading:
    /// `wasmbind_exports_{Trait}` or `wasmbind_imports_{module}`.
    pub fn export_name(&self) -> String {
        match self {
            Self::Exports { trait_name } => format!("{EXPORTS_PREFIX}{trait_name}"),
            Self::Imports { module, .. } => format!("{IMPORTS_PREFIX}{module}"),
        }
    }

    /// True for the name of any record export.
    pub fn is_record_export(name: &str) -> bool {
        name.starts_with(EXPORTS_PREFIX) || name.starts_with(IMPORTS_PREFIX)
    }

    fn text(&self) -> String {
        match self {
            Self::Exports { trait_name } => format!("exports {trait_name}"),
            Self::Imports { module, trait_name } => format!("imports {module} {trait_name}"),
        }
    }

    fn parse(line: &str) -> Option<Self> {
        let mut words = line.split(' ');
        let heading = match (words.next()?, words.next()?, words.next()) {
            ("exports", trait_name, None) => Self::Exports { trait_name: trait_name.into() },
            ("imports", module, Some(trait_name)) => {
                Self::Imports { module: module.into(), trait_name: trait_name.into() }
            }
            _ => return None,
        };
        words.next().is_none().then_some(heading)
    }
}

const EXPORTS_PREFIX: &str = "wasmbind_exports_";
const IMPORTS_PREFIX: &str = "wasmbind_imports_";
const VERSION_PREFIX: &str = "wasmbind ";

/// One interface record.
///
/// ```
/// use wasmbind_shared::{Heading, Record};
/// let record = Record {
///     version: 1,
///     heading: Heading::Exports { trait_name: "Calc".into() },
///     functions: vec![("greet".into(), "fn(&str) -> String".into())],
/// };
/// let text = record.to_text();
/// assert_eq!(text, "wasmbind 1\nexports Calc\ngreet fn(&str) -> String\n");
/// assert_eq!(Record::parse(&text), Some(record));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// The ABI version the plugin was built for.
    pub version: u32,
    /// What the record describes.
    pub heading: Heading,
    /// `(name, signature)` per function, in declaration order.
    pub functions: Vec<(String, String)>,
}

impl Record {
    /// A record of this ABI version.
    pub fn new(heading: Heading, functions: Vec<(String, String)>) -> Self {
        Self { version: ABI_VERSION, heading, functions }
    }

    /// The record's text: version line, heading, one line per function,
    /// each ended by `\n`.
    pub fn to_text(&self) -> String {
        let mut text = format!("{VERSION_PREFIX}{}\n{}\n", self.version, self.heading.text());
        for (name, signature) in &self.functions {
            text.push_str(name);
            text.push(' ');
            text.push_str(signature);
            text.push('\n');
        }
        text
    }

    /// Parses a record's text; `None` when it is malformed.
    pub fn parse(text: &str) -> Option<Self> {
        let mut lines = text.lines();
        let version = lines.next()?.strip_prefix(VERSION_PREFIX)?.parse().ok()?;
        let heading = Heading::parse(lines.next()?)?;
        let functions =
            lines.map(|line| line.split_once(' ').map(|(n, s)| (n.to_owned(), s.to_owned()))).collect::<Option<_>>()?;
        Some(Self { version, heading, functions })
    }

    /// The signature of function `name`, if the record lists it.
    pub fn function(&self, name: &str) -> Option<&str> {
        self.functions.iter().find(|(n, _)| n == name).map(|(_, s)| s.as_str())
    }
}

/// A record as the bytes a plugin exports: a `u32` LE length, then the
/// text. `N` is the text's length plus 4; a shorter `N` cuts the text.
///
/// ```
/// assert_eq!(wasmbind_shared::record_bytes::<6>("hi"), [2, 0, 0, 0, b'h', b'i']);
/// ```
pub const fn record_bytes<const N: usize>(text: &str) -> [u8; N] {
    let bytes = text.as_bytes();
    let len = (bytes.len() as u32).to_le_bytes();
    let mut out = [0; N];
    let mut i = 0;
    while i < N {
        out[i] = if i < 4 {
            len[i]
        } else if i - 4 < bytes.len() {
            bytes[i - 4]
        } else {
            0
        };
        i += 1;
    }
    out
}

/// The longest record a host or tool reads, in bytes of text: a record
/// lists one API's functions, and 64 KiB holds a thousand signatures.
pub const MAX_RECORD: u32 = 64 << 10;

/// What a plugin says it was built against, compared with what its host
/// declares: one line per difference, in the words a host reports at load
/// time (docs/ABI.md section 8).
///
/// - `plugin`: the plugin's records;
/// - `imports`: the `(module, name)` of every function the plugin imports;
/// - `expected`: the export records the host expects (a generated handle's),
///   each compared with the plugin's record of the same heading when it
///   has one;
/// - `provided`: the signature the host declares for an import, if any.
///
/// ```
/// use wasmbind_shared::{Heading, Record, differences};
/// let calc = |functions: &[(&str, &str)]| Record::new(
///     Heading::Exports { trait_name: "Calc".into() },
///     functions.iter().map(|(n, s)| (n.to_string(), s.to_string())).collect(),
/// );
/// let host = calc(&[("greet", "fn(&str) -> String")]);
/// let plugin = [calc(&[("greet", "fn(&[u8]) -> String")])];
/// assert_eq!(
///     differences(&plugin, [], Some(&host), |_, _| None),
///     ["export greet: host expects fn(&str) -> String, plugin has fn(&[u8]) -> String"],
/// );
/// ```
pub fn differences<'a, 'e, 'p>(
    plugin: &[Record],
    imports: impl IntoIterator<Item = (&'a str, &'a str)>,
    expected: impl IntoIterator<Item = &'e Record>,
    provided: impl Fn(&str, &str) -> Option<&'p str>,
) -> Vec<String> {
    let mut lines = Vec::new();
    for record in plugin.iter().filter(|r| r.version != ABI_VERSION) {
        lines.push(format!("built for wasmbind ABI {}, the host speaks {ABI_VERSION}", record.version));
    }
    for expected in expected {
        if let Some(theirs) = plugin.iter().find(|r| r.heading == expected.heading) {
            export_differences(expected, theirs, &mut lines);
        }
    }
    for (module, name) in imports {
        let theirs = plugin
            .iter()
            .filter(|r| matches!(&r.heading, Heading::Imports { module: m, .. } if m == module))
            .find_map(|r| r.function(name));
        if let (Some(theirs), Some(ours)) = (theirs, provided(module, name))
            && theirs != ours
        {
            lines.push(format!("import {module}::{name}: host provides {ours}, plugin expects {theirs}"));
        }
    }
    lines
}

fn export_differences(ours: &Record, theirs: &Record, lines: &mut Vec<String>) {
    for (name, sig) in &ours.functions {
        match theirs.function(name) {
            Some(their_sig) if their_sig == sig => {}
            Some(their_sig) => lines.push(format!("export {name}: host expects {sig}, plugin has {their_sig}")),
            None => lines.push(format!("export {name}: host expects {sig}, plugin does not export it")),
        }
    }
    for (name, sig) in &theirs.functions {
        if ours.function(name).is_none() {
            lines.push(format!("export {name}: plugin has {sig}, which the host does not declare"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imports_heading_round_trips_and_names_its_export() {
        let heading = Heading::Imports { module: "env".into(), trait_name: "Env".into() };
        let record = Record::new(heading.clone(), vec![]);
        assert_eq!(record.to_text(), "wasmbind 1\nimports env Env\n");
        assert_eq!(Record::parse(&record.to_text()), Some(record));
        assert_eq!(heading.export_name(), "wasmbind_imports_env");
        assert!(Heading::is_record_export("wasmbind_exports_Calc"));
        assert!(!Heading::is_record_export("wasmbind_alloc"));
    }

    #[test]
    fn malformed_records_do_not_parse() {
        for text in [
            "",
            "wasmbind x\nexports A\n",
            "wasmbind 1\nexports\n",
            "wasmbind 1\nimports env\n",
            "wasmbind 1\nexports A B\n",
            "wasmbind 1\nexports A\nnospace\n",
            "v 1\nexports A\n",
        ] {
            assert_eq!(Record::parse(text), None, "{text:?}");
        }
    }
}
