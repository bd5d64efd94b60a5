//! Interface records: what a plugin says it exports and imports, checked
//! against the host's own declarations when the plugin is loaded.
//!
//! A plugin built with wasmbind exports one data static per trait it
//! implements (`wasmbind_exports_{Trait}`) and per host trait it was
//! compiled against (`wasmbind_imports_{module}.{Trait}`): a global holding the
//! address of a `u32` length and that many bytes of record text.
//!
//! What the host declares belongs to the [`Linker`](crate::host::Linker) its
//! host functions were registered on ([`Declarations`]), so one process
//! can serve plugins built against two versions of one import module from
//! two linkers. There is no process-wide state here.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock, PoisonError, RwLock};

use wasmbind_shared::{DifferenceKind, Heading, MAX_RECORDS, Record, RecordReader, call_export_name, record_string};
use wasmtime::{AsContextMut, Extern, Instance, Linker, Module, TypedFunc, Val};

use crate::host::core::decl::HostFnInfo;
use crate::host::core::error::{Error, ErrorKind, clip_owned};
use crate::host::core::exports::ExportIndex;
use crate::host::core::memory::slice;
use wasmbind_shared::MEMORY_EXPORT;

/// The host functions registered on one linker, the rule its plugins are
/// checked by, and the modules already found to match them.
///
/// Shared (an `Arc`) by the linker and the [`InstancePre`](crate::host::InstancePre)s
/// made from it; a new declaration that changes a signature (or a new
/// rule) replaces it, so what an `InstancePre` checks against stays what
/// its linker held when it was made, as with the functions themselves.
#[derive(Clone, Debug, Default)]
pub(crate) struct Declarations(Arc<Declared>);

#[derive(Debug, Default)]
struct Declared {
    /// By module, then name.
    imports: HashMap<&'static str, HashMap<&'static str, Import>>,
    compatibility: Compatibility,
    /// Modules whose records passed, with the expected exports (by
    /// address) they passed against and what was accepted: instantiating
    /// them again skips parsing and comparing (~1 us, docs/PERFORMANCE.md).
    /// A read lock on the hit path, so threads instantiating through one
    /// linker do not wait on each other.
    clean: RwLock<Vec<Clean>>,
}

/// A module that passed, the expected exports' [`Expected::id`], and what
/// its check accepted.
type Clean = (Module, (usize, usize), Arc<Accepted>);

/// One declared host function: its signature, the shapes of its types,
/// and (made at the first check that needs it) its record.
#[derive(Clone, Debug)]
struct Import {
    info: &'static HostFnInfo,
    record: OnceLock<Option<Record>>,
}

impl Import {
    fn new(info: &'static HostFnInfo) -> Self {
        Self { info, record: OnceLock::new() }
    }

    /// The function as a one-function `import` record with type lines, to
    /// compare with the plugin's. (Rendering the host's own types panics
    /// only where the plugin side would not compile: two types of one name
    /// in one signature, or more than 256 of them.)
    fn record(&self) -> Option<&Record> {
        self.record
            .get_or_init(|| {
                let (module, name) = (self.info.module.to_owned(), self.info.name.to_owned());
                let functions = vec![(name.clone(), self.info.signature.to_owned())];
                let text = Record::new(Heading::Import { module, name }, functions).to_text();
                Record::parse(&record_string(&text, self.info.shapes))
            })
            .as_ref()
    }
}

const CLEAN_CAPACITY: usize = 64;

impl Declarations {
    /// Records a host function's declaration (from generated registration code).
    pub(crate) fn declare(&mut self, info: &'static HostFnInfo) {
        if self.import(info.module, info.name).is_some_and(|import| same(import.info, info)) {
            return;
        }
        self.change(|declared| {
            declared.imports.entry(info.module).or_default().insert(info.name, Import::new(info));
        });
    }

    /// Sets the rule plugins are checked by.
    pub(crate) fn set_compatibility(&mut self, compatibility: Compatibility) {
        if self.0.compatibility != compatibility {
            self.change(|declared| declared.compatibility = compatibility);
        }
    }

    pub(crate) fn compatibility(&self) -> Compatibility {
        self.0.compatibility
    }

    /// Changes the declarations in place if no `InstancePre` shares them,
    /// else in a copy; either way with nothing remembered as clean.
    fn change(&mut self, change: impl FnOnce(&mut Declared)) {
        if let Some(declared) = Arc::get_mut(&mut self.0) {
            change(declared);
            declared.clean.get_mut().unwrap_or_else(PoisonError::into_inner).clear();
            return;
        }
        let mut declared =
            Declared { imports: self.0.imports.clone(), compatibility: self.0.compatibility, clean: RwLock::default() };
        change(&mut declared);
        self.0 = Arc::new(declared);
    }

    /// The declared signature of `module::name`.
    pub(crate) fn get(&self, module: &str, name: &str) -> Option<&'static str> {
        self.import(module, name).map(|import| import.info.signature)
    }

    fn import(&self, module: &str, name: &str) -> Option<&Import> {
        self.0.imports.get(module)?.get(name)
    }

    fn clean(&self, module: &Module, expected: (usize, usize)) -> Option<Arc<Accepted>> {
        let clean = self.0.clean.read().unwrap_or_else(PoisonError::into_inner);
        clean.iter().find(|(m, e, _)| Module::same(m, module) && *e == expected).map(|(.., accepted)| accepted.clone())
    }

    fn set_clean(&self, module: &Module, expected: (usize, usize), accepted: Arc<Accepted>) {
        let mut clean = self.0.clean.write().unwrap_or_else(PoisonError::into_inner);
        if clean.len() == CLEAN_CAPACITY {
            clean.remove(0);
        }
        clean.push((module.clone(), expected, accepted));
    }
}

/// Whether two declarations of one function say the same (a false "no"
/// only costs the clean list).
fn same(a: &HostFnInfo, b: &HostFnInfo) -> bool {
    a.signature == b.signature
        && a.shapes.len() == b.shapes.len()
        && a.shapes.iter().zip(b.shapes).all(|(x, y)| core::ptr::eq(*x, *y))
}

/// Which differences between a plugin's interface records and what its
/// host declares a [`Linker`](crate::host::Linker) accepts
/// ([`Linker::set_compatibility`](crate::host::Linker::set_compatibility);
/// docs/ABI.md section 8). Under both rules every function the host
/// calls or provides is checked exactly (its signature and the shape of
/// every type it mentions), and an export the handle's trait marks
/// `#[optional]` may be missing ([`Plugin::absent_exports`](crate::host::Plugin::absent_exports)).
///
/// ```
/// use wasmbind::host::Compatibility;
/// let engine = wasmbind::wasmtime::Engine::default();
/// let mut linker = wasmbind::Linker::<()>::new(&engine);
/// assert_eq!(linker.compatibility(), Compatibility::Compatible);
/// linker.set_compatibility(Compatibility::Exact);
/// assert_eq!(linker.compatibility(), Compatibility::Exact);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Compatibility {
    /// A plugin may export functions of a checked trait that the host does
    /// not declare (built against a newer version of the trait): they are
    /// accepted and listed ([`Plugin::extra_exports`](crate::host::Plugin::extra_exports)).
    /// The default.
    #[default]
    Compatible,
    /// The plugin exports exactly the functions the host declares (less
    /// any optional ones): an extra export is a load error.
    Exact,
}

/// The exports a generated handle expects: its trait's record, and the
/// functions the trait marks `#[optional]`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Expected {
    pub(crate) record: &'static str,
    pub(crate) optional: &'static [&'static str],
}

impl Expected {
    /// What identifies it in the clean list.
    fn id(expected: Option<Self>) -> (usize, usize) {
        expected.map_or((0, 0), |e| (e.record.as_ptr() as usize, e.optional.as_ptr() as usize))
    }
}

/// What a check found: the differences it accepted (exports of the
/// plugin the host does not declare, optional exports it does not have),
/// and the module's exports by index, for each of its instances.
#[derive(Debug, Default)]
pub(crate) struct Accepted {
    pub(crate) extra: Vec<String>,
    pub(crate) absent: Vec<String>,
    pub(crate) exports: ExportIndex,
}

/// Every import of `module` the linker cannot satisfy, as difference lines.
pub(crate) fn missing_imports<T: 'static>(
    mut store: impl AsContextMut<Data = T>,
    linker: &Linker<T>,
    module: &Module,
) -> Vec<String> {
    module
        .imports()
        .filter(|import| linker.get_by_import(&mut store, import).is_none())
        .map(|import| {
            let hint = wasmbind_shared::provide_hint(import.module());
            format!("imports {}::{}, which the host does not provide ({hint})", import.module(), import.name())
        })
        .collect()
}

/// The most differences an interface error lists; the rest are counted.
const MAX_DIFFERENCES: usize = 64;

/// Reads the plugin's records ([`RecordReader`]'s budget); `Err` lines for
/// records that cannot be read.
pub(crate) fn read_records(mut store: impl AsContextMut, instance: Instance) -> (Vec<Record>, Vec<String>) {
    let mut store = store.as_context_mut();
    let globals: Vec<(String, wasmtime::Global)> = instance
        .exports(&mut store)
        .filter(|e| Heading::is_record_export(e.name()))
        .take(MAX_RECORDS + 1)
        .filter_map(|e| {
            let name = e.name().to_owned();
            e.into_extern().into_global().map(|g| (name, g))
        })
        .collect();
    let addrs: Vec<(String, Result<u32, String>)> = globals
        .into_iter()
        .map(|(name, global)| match global.get(&mut store) {
            Val::I32(addr) => (name, Ok(addr as u32)),
            _ => (name, Err("is not an i32 address".to_owned())),
        })
        .collect();
    let memory = instance.get_export(&mut store, MEMORY_EXPORT).and_then(Extern::into_memory);
    let bytes = memory.map(|m| m.data(&store)).unwrap_or_default();
    let read = |addr: u64, len: u64| {
        let region = u32::try_from(addr).ok().zip(u32::try_from(len).ok());
        region
            .and_then(|(ptr, len)| slice(bytes, ptr, len).ok())
            .map(Into::into)
            .ok_or_else(|| "is unreadable".to_owned())
    };
    let mut reader = RecordReader::new(read);
    for (name, addr) in addrs {
        reader.read(&name, addr);
    }
    reader.finish()
}

/// Checks the plugin's records against the host's declarations: the
/// exports `expected` by a generated handle and every host function the
/// module imports that `declared` holds (none when the instance was made
/// without a wasmbind linker), by the rule `declared` holds (the default
/// without one). Plugins without records are not checked. `Ok` holds what
/// the rule accepted; `Err` the error listing every difference it did not.
pub(crate) fn check(
    store: impl AsContextMut,
    instance: Instance,
    module: &Module,
    plugin: &Arc<str>,
    expected: Option<Expected>,
    declared: Option<&Declarations>,
) -> Result<Arc<Accepted>, Error> {
    // The answer depends only on the module, the expected exports and the
    // declarations, so a passing result is remembered with them.
    let id = Expected::id(expected);
    if let Some(accepted) = declared.and_then(|d| d.clean(module, id)) {
        return Ok(accepted);
    }
    let (records, mut lines) = read_records(store, instance);
    let record = expected.and_then(|e| Record::parse(e.record));
    let imports = module.imports().map(|import| (import.module(), import.name()));
    let provided = |module: &str, name: &str| declared.and_then(|d| d.import(module, name)).and_then(Import::record);
    let compatibility = declared.map(Declarations::compatibility).unwrap_or_default();
    let optional = expected.map_or(&[][..], |e| e.optional);
    let handle = record.iter().flat_map(|record| record.functions.iter().map(|(name, _)| name.as_str()));
    let expected_record = expected.map_or("", |e| e.record);
    let mut accepted = Accepted { exports: ExportIndex::new(module, expected_record, handle), ..Accepted::default() };
    for difference in wasmbind_shared::compare(&records, imports, record.as_ref(), provided) {
        match difference.kind {
            DifferenceKind::Missing(name) if optional.contains(&name.as_str()) => accepted.absent.push(name),
            DifferenceKind::Extra(name) if compatibility == Compatibility::Compatible => accepted.extra.push(name),
            _ => lines.push(difference.line),
        }
    }
    if !lines.is_empty() {
        return Err(mismatch(plugin, lines));
    }
    let accepted = Arc::new(accepted);
    if let Some(declared) = declared {
        declared.set_clean(module, id, accepted.clone());
    }
    Ok(accepted)
}

/// The error for a non-empty list of differences: at most
/// [`MAX_DIFFERENCES`] lines, each clipped, since they quote the plugin.
pub(crate) fn mismatch(plugin: &Arc<str>, mut differences: Vec<String>) -> Error {
    if differences.len() > MAX_DIFFERENCES {
        let more = differences.len() - (MAX_DIFFERENCES - 1);
        differences.truncate(MAX_DIFFERENCES - 1);
        differences.push(format!("and {more} more differences"));
    }
    let differences = differences.into_iter().map(clip_owned).collect();
    ErrorKind::Interface { plugin: plugin.clone(), differences }.into()
}

/// One export a plugin's interface records list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportInfo {
    pub(crate) interface: String,
    pub(crate) name: String,
    pub(crate) signature: String,
    /// Index of its interface's dispatcher in [`Exports::dispatchers`].
    pub(crate) dispatcher: usize,
}

impl ExportInfo {
    /// The plugin-export trait that declares it, `Calc`.
    pub fn interface(&self) -> &str {
        &self.interface
    }

    /// Its name, `greet`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Its Rust signature as records spell it, `fn(&str) -> String`.
    pub fn signature(&self) -> &str {
        &self.signature
    }
}

pub(crate) type Dispatcher = TypedFunc<(i64, i64), i64>;

/// A plugin's exports by name, and the dispatcher of each interface.
pub(crate) struct Exports {
    pub(crate) list: Vec<ExportInfo>,
    pub(crate) dispatchers: Vec<Option<Dispatcher>>,
}

impl Exports {
    /// Reads the records; an unreadable record lists nothing (the plugin
    /// was checked when it was instantiated, and can only hurt itself by
    /// rewriting its records since). An in-process plugin has no records,
    /// so lists nothing: it is called through its handle only.
    pub(crate) fn read(mut store: impl AsContextMut, instance: Option<Instance>) -> Self {
        let Some(instance) = instance else { return Self { list: Vec::new(), dispatchers: Vec::new() } };
        let (records, _unreadable) = read_records(&mut store, instance);
        let (mut list, mut dispatchers) = (Vec::new(), Vec::new());
        for record in records {
            let Heading::Exports { trait_name } = record.heading else { continue };
            let dispatcher = instance.get_typed_func(&mut store, &call_export_name(&trait_name)).ok();
            for (name, signature) in record.functions {
                list.push(ExportInfo { interface: trait_name.clone(), name, signature, dispatcher: dispatchers.len() });
            }
            dispatchers.push(dispatcher);
        }
        Self { list, dispatchers }
    }
}
