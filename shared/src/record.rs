//! Interface records: the Rust-level signatures a plugin was built
//! against, as text it exports and a host compares (docs/ABI.md section 8).
//!
//! ```text
//! wasmbind 2
//! exports Calc
//! greet fn(&str) -> String
//! shift fn(Point) -> Point
//! struct Point{x:i32,y:i32}
//! ```

use std::collections::{HashMap, HashSet};

use crate::text::json_string;
use crate::types::{Body, Fields, Owned, Ty, TypeDef, flags_size};
use crate::{ABI_VERSION, FnSig, same_signature};
use crate::{MAX_RECORD, MAX_TYPE_DEPTH, MAX_TYPES};

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
    /// `export {name}`: one free `#[plugin_export]` function.
    Export {
        /// The function (and its export).
        name: String,
    },
    /// `import {module} {name}`: one function of a `#[host_import]` block.
    Import {
        /// The import module.
        module: String,
        /// The function (and its import).
        name: String,
    },
}

impl Heading {
    /// The name of the export that holds a record with this heading:
    /// `wasmbind_exports_{Trait}`, `wasmbind_imports_{module}.{Trait}`,
    /// `wasmbind_export_{name}` or `wasmbind_import_{module}.{name}`.
    ///
    /// An imports record is named by its trait as well as its module, so a
    /// plugin may import from two traits (two API crates) that share an
    /// import module. Hosts find records by prefix and read the heading from
    /// the text, so the name only has to be unique: plugins built before,
    /// with `wasmbind_imports_{module}`, load as they did.
    pub fn export_name(&self) -> String {
        match self {
            Self::Exports { trait_name } => format!("{EXPORTS_PREFIX}{trait_name}"),
            Self::Imports { module, trait_name } => format!("{IMPORTS_PREFIX}{module}.{trait_name}"),
            Self::Export { name } => format!("{EXPORT_PREFIX}{name}"),
            Self::Import { module, name } => format!("{IMPORT_PREFIX}{module}.{name}"),
        }
    }

    /// True for the name of any record export.
    pub fn is_record_export(name: &str) -> bool {
        [EXPORTS_PREFIX, IMPORTS_PREFIX, EXPORT_PREFIX, IMPORT_PREFIX].iter().any(|prefix| name.starts_with(prefix))
    }

    /// The import module whose functions the record lists; `None` for the
    /// plugin's exports.
    pub fn module(&self) -> Option<&str> {
        match self {
            Self::Imports { module, .. } | Self::Import { module, .. } => Some(module),
            Self::Exports { .. } | Self::Export { .. } => None,
        }
    }

    /// The heading line as a record writes it: `exports Calc`, `imports env Env`.
    pub fn text(&self) -> String {
        match self {
            Self::Exports { trait_name } => format!("exports {trait_name}"),
            Self::Imports { module, trait_name } => format!("imports {module} {trait_name}"),
            Self::Export { name } => format!("export {name}"),
            Self::Import { module, name } => format!("import {module} {name}"),
        }
    }

    fn parse(line: &str) -> Option<Self> {
        let mut words = line.split(' ');
        let heading = match (words.next()?, words.next()?, words.next()) {
            ("exports", trait_name, None) => Self::Exports { trait_name: trait_name.into() },
            ("imports", module, Some(trait_name)) => {
                Self::Imports { module: module.into(), trait_name: trait_name.into() }
            }
            ("export", name, None) => Self::Export { name: name.into() },
            ("import", module, Some(name)) => Self::Import { module: module.into(), name: name.into() },
            _ => return None,
        };
        words.next().is_none().then_some(heading)
    }
}

const EXPORTS_PREFIX: &str = "wasmbind_exports_";
const IMPORTS_PREFIX: &str = "wasmbind_imports_";
const EXPORT_PREFIX: &str = "wasmbind_export_";
const IMPORT_PREFIX: &str = "wasmbind_import_";
pub(crate) const VERSION_PREFIX: &str = "wasmbind ";

/// One interface record.
///
/// ```
/// use wasmbind_shared::{Heading, Record};
/// let text = "wasmbind 2\nexports Calc\ngreet fn(&str) -> Point\nstruct Point{x:i32,y:i32}\n";
/// let record = Record::parse(text).unwrap();
/// assert_eq!(record.heading, Heading::Exports { trait_name: "Calc".into() });
/// assert_eq!(record.function("greet"), Some("fn(&str) -> Point"));
/// assert_eq!(record.types[0].to_string(), "struct Point{x:i32,y:i32}");
/// assert_eq!(record.to_text(), text);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// The ABI version the plugin was built for.
    pub version: u32,
    /// What the record describes.
    pub heading: Heading,
    /// `(name, signature)` per function, in declaration order.
    pub functions: Vec<(String, String)>,
    /// One definition per struct and enum the functions mention, directly
    /// or through other types, in order of first mention.
    pub types: Vec<TypeDef>,
}

impl Record {
    /// A record of this ABI version, without type lines (a plugin's
    /// records get them from the types' shapes, `record_bytes`).
    pub fn new(heading: Heading, functions: Vec<(String, String)>) -> Self {
        Self { version: ABI_VERSION, heading, functions, types: Vec::new() }
    }

    /// The record's text: version line, heading, one line per function,
    /// one per type, each ended by `\n`.
    pub fn to_text(&self) -> String {
        let mut text = format!("{VERSION_PREFIX}{}\n{}\n", self.version, self.heading.text());
        for (name, signature) in &self.functions {
            text.push_str(name);
            text.push(' ');
            text.push_str(signature);
            text.push('\n');
        }
        for def in &self.types {
            text.push_str(&def.to_string());
            text.push('\n');
        }
        text
    }

    /// Parses a record's text; `None` when it is malformed: no version
    /// line or heading, a function line after a type line, or a type line
    /// that does not parse. Function lines are kept as text
    /// ([`Record::signature`] parses one).
    pub fn parse(text: &str) -> Option<Self> {
        let mut lines = text.lines();
        let version = lines.next()?.strip_prefix(VERSION_PREFIX)?.parse().ok()?;
        let heading = Heading::parse(lines.next()?)?;
        let (mut functions, mut types) = (Vec::new(), Vec::new());
        for line in lines {
            if TypeDef::is_type_line(line) {
                types.push(TypeDef::parse(line)?);
            } else if types.is_empty() {
                let (name, signature) = line.split_once(' ')?;
                functions.push((name.to_owned(), signature.to_owned()));
            } else {
                return None;
            }
        }
        Some(Self { version, heading, functions, types })
    }

    /// The parsed signature of function `name`, if the record lists it and
    /// it parses.
    pub fn signature(&self, name: &str) -> Option<FnSig> {
        self.function(name).and_then(FnSig::parse)
    }

    /// The definition of the struct or enum spelled `spelling` (`Point`, `Pair<i32>`).
    pub fn type_def(&self, spelling: &str) -> Option<&TypeDef> {
        self.types.iter().find(|def| def.spelling() == spelling)
    }

    /// The definition of the struct or enum `ty`.
    pub fn def_of(&self, ty: &Ty) -> Option<&TypeDef> {
        self.types.iter().find(|def| def.is(ty))
    }

    /// The body size of `ty` when every value has the same size
    /// (docs/ABI.md section 2), with structs and enums read from this
    /// record's type lines; `None` for a variable-size type, or one the
    /// record does not define.
    ///
    /// ```
    /// use wasmbind_shared::{Record, Ty};
    /// let record = Record::parse("wasmbind 2\nexports Calc\nf fn(Point) -> Shape\nstruct Point{x:i32,y:i32}\nenum Shape{Dot,Circle(f32)}\n").unwrap();
    /// assert_eq!(record.fixed_size(&Ty::parse("[Point;2]").unwrap()), Some(16));
    /// assert_eq!(record.fixed_size(&Ty::parse("Shape").unwrap()), None);
    /// ```
    pub fn fixed_size(&self, ty: &Ty) -> Option<u64> {
        self.fixed_size_within(ty, 0)
    }

    fn fixed_size_within(&self, ty: &Ty, depth: usize) -> Option<u64> {
        // A type that contains itself (only a hostile record can say so)
        // is as good as variable-size.
        let depth = depth.checked_add(1).filter(|&d| d <= 2 * (MAX_TYPES + MAX_TYPE_DEPTH))?;
        let sum = |types: Vec<&Ty>| types.into_iter().map(|t| self.fixed_size_within(t, depth)).sum();
        match ty {
            Ty::Bool | Ty::I8 | Ty::U8 => Some(1),
            Ty::I16 | Ty::U16 => Some(2),
            Ty::I32 | Ty::U32 | Ty::F32 | Ty::Char | Ty::GuestPtr(_) => Some(4),
            Ty::I64 | Ty::U64 | Ty::F64 | Ty::Resource(_) => Some(8),
            Ty::Unit => Some(0),
            Ty::Box(inner) => self.fixed_size_within(inner, depth),
            Ty::Array(inner, n) => self.fixed_size_within(inner, depth)?.checked_mul(u64::from(*n)),
            Ty::Tuple(items) => sum(items.iter().collect()),
            Ty::Named(..) => match &self.def_of(ty)?.body {
                Body::Struct(fields) => sum(fields.types()),
                Body::Enum(variants) => variants.iter().all(|v| v.fields == Fields::Unit).then_some(4),
                Body::Flags(names) => flags_size(names.len()).map(|size| size as u64),
                Body::Extensible { .. } => None,
            },
            _ => None,
        }
    }

    /// The record as JSON: `{"abi":2,"kind":"exports","trait":"Calc",
    /// "export":"wasmbind_exports_Calc","functions":[{"name":..,
    /// "signature":..,"params":[types],"result":type or null}],"types":[definitions]}`
    /// (types as [`Ty::to_json`](crate::Ty::to_json), definitions as
    /// [`TypeDef::to_json`]). `"kind"` is `exports`, `imports`, `export`
    /// (one free function, no `"trait"`) or `import` (one function of a
    /// `#[host_import]` block, no `"trait"`); import records have
    /// `"module"`. A signature that does not parse has `"params":null`.
    pub fn to_json(&self) -> String {
        let (kind, trait_name) = match &self.heading {
            Heading::Exports { trait_name } => ("exports", Some(trait_name)),
            Heading::Imports { trait_name, .. } => ("imports", Some(trait_name)),
            Heading::Export { .. } => ("export", None),
            Heading::Import { .. } => ("import", None),
        };
        let mut json = format!("{{\"abi\":{},\"kind\":\"{kind}\",", self.version);
        if let Some(module) = self.heading.module() {
            json.push_str(&format!("\"module\":{},", json_string(module)));
        }
        if let Some(trait_name) = trait_name {
            json.push_str(&format!("\"trait\":{},", json_string(trait_name)));
        }
        json.push_str(&format!("\"export\":{},\"functions\":[", json_string(&self.heading.export_name())));
        for (i, (name, signature)) in self.functions.iter().enumerate() {
            let (params, result) = match FnSig::parse(signature) {
                Some(sig) => (
                    format!("[{}]", sig.params.iter().map(|t| t.to_json()).collect::<Vec<_>>().join(",")),
                    sig.result.map_or("null".into(), |t| t.to_json()),
                ),
                None => ("null".into(), "null".into()),
            };
            json.push_str(&format!(
                "{}{{\"name\":{},\"signature\":{},\"params\":{params},\"result\":{result}}}",
                if i > 0 { "," } else { "" },
                json_string(name),
                json_string(signature)
            ));
        }
        let types: Vec<_> = self.types.iter().map(TypeDef::to_json).collect();
        json.push_str(&format!("],\"types\":[{}]}}", types.join(",")));
        json
    }

    /// The signature of function `name`, if the record lists it.
    pub fn function(&self, name: &str) -> Option<&str> {
        self.functions.iter().find(|(n, _)| n == name).map(|(_, s)| s.as_str())
    }
}

/// The most record exports a host or tool reads from one plugin; the rest
/// are one problem. A plugin carries one record per trait, import module
/// and free function: a few hundred at most.
pub const MAX_RECORDS: usize = 4096;

/// The most bytes of record text a host or tool reads from one plugin, all
/// records together: with [`MAX_RECORD`] per record, what loading a plugin
/// may cost however many record exports point at the same text.
pub const MAX_RECORDS_TOTAL: usize = 4 << 20;

/// Reads one plugin's records under one budget, the only way a host or
/// tool reads them: at most [`MAX_RECORDS`] exports, each record at most
/// [`MAX_RECORD`] bytes, all at most [`MAX_RECORDS_TOTAL`] bytes together,
/// and a record at an address already read is not read again. Each record
/// that cannot be read is a problem line, and so is going over the budget
/// (once).
///
/// `read(addr, len)` gives the plugin's memory at `[addr, addr + len)`, or
/// why it cannot.
///
/// ```
/// use wasmbind_shared::{RecordReader, MAX_RECORDS};
/// let text = b"\x1f\0\0\0wasmbind 2\nexports Calc\nf fn()\n";
/// let memory = |addr: u64, len: u64| text.get(addr as usize..(addr + len) as usize).map(Into::into).ok_or("outside".to_string());
/// let mut reader = RecordReader::new(memory);
/// for i in 0..100_000 {
///     reader.read(&format!("wasmbind_exports_Calc{i}"), Ok(0));
/// }
/// let (records, problems) = reader.finish();
/// assert_eq!(records.len(), 1);
/// assert_eq!(problems.len(), MAX_RECORDS);
/// assert_eq!(problems[0], "record wasmbind_exports_Calc1 is at 0x0, as another record is");
/// assert_eq!(problems[MAX_RECORDS - 1], format!("more than {MAX_RECORDS} records: the rest are not read"));
/// ```
pub struct RecordReader<'m, F> {
    memory: F,
    seen: HashSet<u32>,
    exports: usize,
    bytes: usize,
    records: Vec<Record>,
    problems: Vec<String>,
    _memory: core::marker::PhantomData<&'m [u8]>,
}

impl<'m, F: FnMut(u64, u64) -> Result<std::borrow::Cow<'m, [u8]>, String>> RecordReader<'m, F> {
    /// A reader of the memory `read` gives.
    pub fn new(memory: F) -> Self {
        Self {
            memory,
            seen: HashSet::new(),
            exports: 0,
            bytes: 0,
            records: Vec::new(),
            problems: Vec::new(),
            _memory: core::marker::PhantomData,
        }
    }

    /// Reads the record export `name`, holding `addr` (or why it holds no address).
    pub fn read(&mut self, name: &str, addr: Result<u32, String>) {
        self.exports += 1;
        if self.exports > MAX_RECORDS {
            if self.exports == MAX_RECORDS + 1 {
                self.problems.push(format!("more than {MAX_RECORDS} records: the rest are not read"));
            }
            return;
        }
        let name = crate::text::clip(name, 256);
        match addr.and_then(|addr| self.text(addr).map(|record| (addr, record))) {
            Ok((_, Some(record))) => self.records.push(record),
            Ok((addr, None)) => self.problems.push(format!("record {name} is at {addr:#x}, as another record is")),
            Err(why) => self.problems.push(format!("record {name} {why}")),
        }
    }

    /// The record at `addr`; `None` when one was read there already.
    fn text(&mut self, addr: u32) -> Result<Option<Record>, String> {
        if !self.seen.insert(addr) {
            return Ok(None);
        }
        let at = |why: &str| format!("at {addr:#x} {why}");
        let len = (self.memory)(u64::from(addr), 4).map_err(|why| at(&why))?;
        let len = match *len {
            [a, b, c, d] => u32::from_le_bytes([a, b, c, d]),
            _ => return Err(at("is unreadable")),
        };
        if len > MAX_RECORD {
            return Err(at(&format!("is longer than {MAX_RECORD} bytes")));
        }
        self.bytes += len as usize;
        if self.bytes > MAX_RECORDS_TOTAL {
            return Err(at(&format!("is past the {MAX_RECORDS_TOTAL} bytes all records may take together")));
        }
        let text = (self.memory)(u64::from(addr) + 4, u64::from(len)).map_err(|why| at(&why))?;
        let text = core::str::from_utf8(&text).map_err(|_| at("is not UTF-8"))?;
        Record::parse(text).map(Some).ok_or_else(|| at("is unreadable"))
    }

    /// The records read and the problem lines.
    pub fn finish(self) -> (Vec<Record>, Vec<String>) {
        (self.records, self.problems)
    }
}

/// One way a plugin's records differ from what its host declares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference {
    /// The line a host reports, e.g. `export greet: host expects fn(&str) -> String, plugin has fn(&[u8]) -> String`.
    pub line: String,
    /// What kind of difference it is, for hosts that accept some.
    pub kind: DifferenceKind,
}

/// What kind of [`Difference`]: additions a host may accept, and the rest.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DifferenceKind {
    /// The plugin exports this function of a trait the host checks, and
    /// the host does not declare it: an addition the host never calls.
    Extra(String),
    /// The host declares this export and the plugin does not have it.
    Missing(String),
    /// Anything else: another ABI version, a changed signature or type
    /// shape, an import the host provides with another signature.
    Incompatible,
}

/// What a plugin says it was built against, compared with what its host
/// declares: one line per difference, in the words a host reports at load
/// time (docs/ABI.md section 8). [`compare`] tells additions apart.
///
/// - `plugin`: the plugin's records;
/// - `imports`: the `(module, name)` of every function the plugin imports;
/// - `expected`: the export records the host expects (a generated handle's),
///   each compared with the plugin's record of the same heading when it
///   has one;
/// - `provided`: a record of the host's own declaring import `module::name`
///   (its signature and the type lines of its types), if the host has one.
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
    provided: impl Fn(&str, &str) -> Option<&'p Record>,
) -> Vec<String> {
    compare(plugin, imports, expected, provided).into_iter().map(|d| d.line).collect()
}

/// [`differences`], each with its [`DifferenceKind`], so a host can accept
/// additions (a plugin exporting more than the host declares, an optional
/// export missing) and refuse the rest.
///
/// ```
/// use wasmbind_shared::{DifferenceKind, Heading, Record, compare};
/// let calc = |functions: &[&str]| Record::new(
///     Heading::Exports { trait_name: "Calc".into() },
///     functions.iter().map(|n| (n.to_string(), "fn()".to_string())).collect(),
/// );
/// let found = compare(&[calc(&["greet", "shout"])], [], Some(&calc(&["greet", "count"])), |_, _| None);
/// let kinds: Vec<_> = found.into_iter().map(|d| d.kind).collect();
/// assert_eq!(kinds, [DifferenceKind::Missing("count".into()), DifferenceKind::Extra("shout".into())]);
/// ```
pub fn compare<'a, 'e, 'p>(
    plugin: &[Record],
    imports: impl IntoIterator<Item = (&'a str, &'a str)>,
    expected: impl IntoIterator<Item = &'e Record>,
    provided: impl Fn(&str, &str) -> Option<&'p Record>,
) -> Vec<Difference> {
    let mut found = Vec::new();
    for record in plugin.iter().filter(|r| r.version != ABI_VERSION) {
        let line = format!("built for wasmbind ABI {}, the host speaks {ABI_VERSION}", record.version);
        found.push(Difference { line, kind: DifferenceKind::Incompatible });
    }
    for expected in expected {
        if let Some(theirs) = plugin.iter().find(|r| r.heading == expected.heading) {
            export_differences(expected, theirs, &mut found);
        } else {
            // Free `#[plugin_export]` functions: one record each.
            for (name, sig) in &expected.functions {
                let heading = Heading::Export { name: name.clone() };
                if let Some(theirs) = plugin.iter().find(|r| r.heading == heading) {
                    let ours = Record { functions: vec![(name.clone(), sig.clone())], ..expected.clone() };
                    export_differences(
                        &ours,
                        &Record { heading: expected.heading.clone(), ..theirs.clone() },
                        &mut found,
                    );
                }
            }
        }
    }
    // Indexes, so that the check is linear in the records' size however
    // many imports and type lines a plugin has.
    let mut by_import: HashMap<(&str, &str), (usize, &str)> = HashMap::new();
    for (index, record) in plugin.iter().enumerate() {
        if let Some(module) = record.heading.module() {
            for (name, sig) in &record.functions {
                by_import.entry((module, name)).or_insert((index, sig));
            }
        }
    }
    let mut types: Vec<Option<TypeIndex<'_>>> = vec![None; plugin.len()];
    for (module, name) in imports {
        let Some(&(index, their_sig)) = by_import.get(&(module, name)) else { continue };
        let (Some(theirs), Some(ours)) = (plugin.get(index), provided(module, name)) else { continue };
        match ours.function(name) {
            Some(our_sig) if !same_signature(their_sig, our_sig) => found.push(Difference {
                line: format!("import {module}::{name}: host provides {our_sig}, plugin expects {their_sig}"),
                kind: DifferenceKind::Incompatible,
            }),
            _ => {
                let Some(slot) = types.get_mut(index) else { continue };
                type_differences(ours, slot.get_or_insert_with(|| type_index(theirs)), &mut found);
            }
        }
    }
    // A type several records define differs once.
    let mut seen = std::collections::HashSet::new();
    found.retain(|d| seen.insert(d.line.clone()));
    found
}

/// A record's type lines by spelling.
type TypeIndex<'r> = HashMap<String, &'r TypeDef>;

fn type_index(record: &Record) -> TypeIndex<'_> {
    record.types.iter().rev().map(|def| (def.spelling(), def)).collect()
}

fn export_differences(ours: &Record, theirs: &Record, found: &mut Vec<Difference>) {
    let our_functions: HashMap<&str, &str> = ours.functions.iter().map(|(n, s)| (n.as_str(), s.as_str())).collect();
    let mut their_functions: HashMap<&str, &str> = HashMap::with_capacity(theirs.functions.len());
    for (name, sig) in theirs.functions.iter().rev() {
        their_functions.insert(name, sig);
    }
    let mut push = |line, kind| found.push(Difference { line, kind });
    for (name, sig) in &ours.functions {
        match their_functions.get(name.as_str()).copied() {
            Some(their_sig) if same_signature(their_sig, sig) => {}
            Some(their_sig) => {
                push(format!("export {name}: host expects {sig}, plugin has {their_sig}"), DifferenceKind::Incompatible)
            }
            None => {
                let near = theirs.functions.iter().map(|(n, _)| n.as_str()).filter(|n| !our_functions.contains_key(n));
                let hint = near_name(name, near).map(|n| format!(" (did you mean {n}?)")).unwrap_or_default();
                push(
                    format!("export {name}: host expects {sig}, plugin does not export it{hint}"),
                    DifferenceKind::Missing(name.clone()),
                )
            }
        }
    }
    for (name, sig) in &theirs.functions {
        if !our_functions.contains_key(name.as_str()) {
            push(
                format!("export {name}: plugin has {sig}, which the host does not declare"),
                DifferenceKind::Extra(name.clone()),
            );
        }
    }
    type_differences(ours, &type_index(theirs), found);
}

/// Every type both records define, defined differently.
fn type_differences(ours: &Record, theirs: &TypeIndex<'_>, found: &mut Vec<Difference>) {
    for def in &ours.types {
        let spelling = def.spelling();
        if let Some(&their_def) = theirs.get(&spelling)
            && their_def != def
            && !grows_compatibly(def, their_def)
        {
            found.extend(def_differences(def, their_def).into_iter().map(|line| Difference {
                line: format!("type {spelling}: {line}"),
                kind: DifferenceKind::Incompatible,
            }));
        }
    }
}

/// The candidate closest to `name` in edits, if it is at most two edits
/// away (and not longer than 64 bytes: names come from plugins).
fn near_name<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    const LONGEST: usize = 64;
    if name.len() > LONGEST {
        return None;
    }
    let distance = |a: &[u8], b: &[u8]| {
        let mut row: Vec<usize> = (0..=b.len()).collect();
        for (i, &x) in a.iter().enumerate() {
            let mut diagonal = row[0];
            row[0] = i + 1;
            for (j, &y) in b.iter().enumerate() {
                let next = (diagonal + usize::from(x != y)).min(row[j] + 1).min(row[j + 1] + 1);
                diagonal = row[j + 1];
                row[j + 1] = next;
            }
        }
        row[b.len()]
    };
    candidates
        .filter(|c| c.len() <= LONGEST)
        .map(|c| (distance(name.as_bytes(), c.as_bytes()), c))
        .filter(|&(d, _)| d <= 2)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// Whether two definitions are versions of one extensible struct: the
/// fields both have are the same (name, type, optional or not), and the
/// fields only one has are optional, which the other side fills with
/// `None` when reading, and skips when writing is newer than its reader.
fn grows_compatibly(ours: &TypeDef, theirs: &TypeDef) -> bool {
    let (
        Body::Extensible { fields: Fields::Named(a), required: m },
        Body::Extensible { fields: Fields::Named(b), required: n },
    ) = (&ours.body, &theirs.body)
    else {
        return false;
    };
    let common = a.len().min(b.len());
    m == n && *m <= common && a.get(..common) == b.get(..common)
}

/// How two definitions of one type differ, field by field and variant by
/// variant (`field x: host has i32, plugin has i64`); the whole lines when
/// one is a struct and the other an enum.
fn def_differences(ours: &TypeDef, theirs: &TypeDef) -> Vec<String> {
    let mut lines = Vec::new();
    match (&ours.body, &theirs.body) {
        (Body::Struct(a), Body::Struct(b)) => field_differences("", a, b, &mut lines),
        (Body::Enum(a), Body::Enum(b)) => {
            for i in 0..a.len().max(b.len()) {
                match (a.get(i), b.get(i)) {
                    (Some(ours), Some(theirs)) if ours.name == theirs.name => {
                        field_differences(&format!("variant {}: ", ours.name), &ours.fields, &theirs.fields, &mut lines)
                    }
                    (Some(ours), Some(theirs)) => {
                        lines.push(format!("variant {i}: host has {}, plugin has {}", ours.name, theirs.name))
                    }
                    (Some(ours), None) => lines.push(format!("variant {}: the plugin does not have it", ours.name)),
                    (None, Some(theirs)) => {
                        lines.push(format!("variant {}: the plugin has it, the host does not", theirs.name))
                    }
                    (None, None) => {}
                }
            }
        }
        (Body::Extensible { fields: a, required: m }, Body::Extensible { fields: b, required: n }) => {
            field_differences("", a, b, &mut lines);
            if m != n {
                let fields = if *m == 1 { "field" } else { "fields" };
                lines.push(format!(
                    "host requires {m} {fields}, plugin requires {n}: only fields added later are optional"
                ));
            }
        }
        (Body::Flags(a), Body::Flags(b)) => {
            for i in 0..a.len().max(b.len()) {
                match (a.get(i), b.get(i)) {
                    (Some(ours), Some(theirs)) if ours != theirs => {
                        lines.push(format!("flag {i}: host has {ours}, plugin has {theirs}"))
                    }
                    (Some(ours), None) => lines.push(format!("flag {ours}: the plugin does not have it")),
                    (None, Some(theirs)) => lines.push(format!("flag {theirs}: the plugin has it, the host does not")),
                    _ => {}
                }
            }
        }
        _ => {}
    }
    if lines.is_empty() {
        lines.push(format!("host has {ours}, plugin has {theirs}"));
    }
    lines
}

fn field_differences(prefix: &str, ours: &Fields<Owned>, theirs: &Fields<Owned>, lines: &mut Vec<String>) {
    let (a, b) = (ours.listed(), theirs.listed());
    if ours.form() != theirs.form() && !a.is_empty() && !b.is_empty() {
        return lines.push(format!("{prefix}host has {} fields, plugin has {} fields", form(ours), form(theirs)));
    }
    for i in 0..a.len().max(b.len()) {
        match (a.get(i), b.get(i)) {
            (Some((name, ty)), Some((their_name, their_ty))) if name == their_name => {
                if ty != their_ty {
                    lines.push(format!("{prefix}field {name}: host has {ty}, plugin has {their_ty}"));
                }
            }
            (Some((name, ty)), Some((their_name, their_ty))) => {
                lines.push(format!("{prefix}field {i}: host has {name}: {ty}, plugin has {their_name}: {their_ty}"))
            }
            (Some((name, ty)), None) => {
                lines.push(format!("{prefix}field {name}: host has {ty}, plugin does not have it"))
            }
            (None, Some((name, ty))) => {
                lines.push(format!("{prefix}field {name}: plugin has {ty}, which the host does not have"))
            }
            (None, None) => {}
        }
    }
}

fn form(fields: &Fields<Owned>) -> &'static str {
    match fields {
        Fields::Unit => "no",
        fields => fields.form(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_export_suggests_a_near_name_the_host_does_not_declare() {
        let calc = |functions: &[&str]| {
            Record::new(
                Heading::Exports { trait_name: "Calc".into() },
                functions.iter().map(|n| (n.to_string(), "fn()".to_string())).collect(),
            )
        };
        let lines = differences(&[calc(&["greeet", "count"])], [], Some(&calc(&["greet", "count"])), |_, _| None);
        assert_eq!(
            lines,
            [
                "export greet: host expects fn(), plugin does not export it (did you mean greeet?)",
                "export greeet: plugin has fn(), which the host does not declare",
            ]
        );
        let far = differences(&[calc(&["shout"])], [], Some(&calc(&["greet"])), |_, _| None);
        assert_eq!(far[0], "export greet: host expects fn(), plugin does not export it");
    }

    #[test]
    fn type_differences_name_the_field_or_variant() {
        let diff = |a: &str, b: &str| def_differences(&TypeDef::parse(a).unwrap(), &TypeDef::parse(b).unwrap());
        assert_eq!(diff("struct P{x:i32,y:i32}", "struct P{x:i64,y:i32}"), ["field x: host has i32, plugin has i64"]);
        assert_eq!(
            diff("struct P{x:i64}", "struct P{x:i32,y:i32}"),
            ["field x: host has i64, plugin has i32", "field y: plugin has i32, which the host does not have"]
        );
        assert_eq!(diff("struct P{x:i32}", "struct P{z:i32}"), ["field 0: host has x: i32, plugin has z: i32"]);
        assert_eq!(diff("struct P(u8,u8)", "struct P(u8)"), ["field 1: host has u8, plugin does not have it"]);
        assert_eq!(diff("struct P(u8)", "struct P{a:u8}"), ["host has tuple fields, plugin has named fields"]);
        assert_eq!(
            diff("enum S{A(u8)}", "enum S{A{a:u8}}"),
            ["variant A: host has tuple fields, plugin has named fields"]
        );
        assert_eq!(
            diff("enum S{A}", "enum S{A(u8)}"),
            ["variant A: field 0: plugin has u8, which the host does not have"]
        );
        assert_eq!(
            diff("enum S{A,B(u8),C{r:f32}}", "enum S{A,B(u16),D}"),
            ["variant B: field 0: host has u8, plugin has u16", "variant 2: host has C, plugin has D"]
        );
        assert_eq!(diff("enum S{A}", "enum S{A,B}"), ["variant B: the plugin has it, the host does not"]);
        assert_eq!(diff("struct S", "enum S{A}"), ["host has struct S, plugin has enum S{A}"]);
        assert_eq!(
            diff("flags F{A,B,C}", "flags F{A,X}"),
            ["flag 1: host has B, plugin has X", "flag C: the plugin does not have it"]
        );
        assert_eq!(diff("flags F{A}", "flags F{A,B}"), ["flag B: the plugin has it, the host does not"]);
        assert_eq!(diff("enum F{A}", "flags F{A}"), ["host has enum F{A}, plugin has flags F{A}"]);
        let grows = |a: &str, b: &str| grows_compatibly(&TypeDef::parse(a).unwrap(), &TypeDef::parse(b).unwrap());
        assert!(grows("struct S{a:u8,..}", "struct S{a:u8,b?:Option<u8>,..}"));
        assert!(grows("struct S{a:u8,b?:Option<u8>,c?:Option<u8>,..}", "struct S{a:u8,b?:Option<u8>,..}"));
        assert!(!grows("struct S{a:u8,..}", "struct S{a:u8,b:u8,..}"), "a required field added");
        assert!(!grows("struct S{a:u8,b?:Option<u8>,..}", "struct S{a:u8,b?:Option<u16>,..}"));
        assert!(!grows("struct S{a:u8}", "struct S{a:u8,b?:Option<u8>,..}"), "not extensible before");
        assert_eq!(
            diff("struct S{a:u8,..}", "struct S{a:u8,b:u8,..}"),
            [
                "field b: plugin has u8, which the host does not have",
                "host requires 1 field, plugin requires 2: only fields added later are optional"
            ]
        );
        let record =
            Record::parse("wasmbind 2\nexports K\nf fn(F,Vec<G>)\nflags F{A}\nflags G{A,B,C,D,E,F,G,H,I}\n").unwrap();
        let sizes = ["F", "G"].map(|ty| record.fixed_size(&Ty::parse(ty).unwrap()));
        assert_eq!(sizes, [Some(1), Some(2)]);
    }

    #[test]
    fn imports_heading_round_trips_and_names_its_export() {
        let heading = Heading::Imports { module: "env".into(), trait_name: "Env".into() };
        let record = Record::new(heading.clone(), vec![]);
        assert_eq!(record.to_text(), "wasmbind 2\nimports env Env\n");
        assert_eq!(Record::parse(&record.to_text()), Some(record));
        assert_eq!(heading.export_name(), "wasmbind_imports_env.Env");
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
