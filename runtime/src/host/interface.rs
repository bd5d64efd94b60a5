//! Interface records: what a plugin says it exports and imports, checked
//! against the host's own declarations when the plugin is loaded.
//!
//! A plugin built with wasmbind exports one data static per trait it
//! implements (`wasmbind_exports_{Trait}`) and per host trait it was
//! compiled against (`wasmbind_imports_{module}`): a global holding the
//! address of a `u32` length and that many bytes of record text.
//!
//! What the host declares belongs to the [`Linker`](super::Linker) its
//! host functions were registered on ([`Declarations`]), so one process
//! can serve plugins built against two versions of one import module from
//! two linkers. There is no process-wide state here.

use std::collections::HashMap;
use std::sync::{Arc, PoisonError, RwLock};

use wasmbind_shared::{Heading, MAX_RECORD, Record};
use wasmtime::{AsContextMut, Extern, Instance, Linker, Module, Val};

use super::error::{Error, ErrorKind, clip_owned};
use super::memory::length_prefixed;
use crate::abi::MEMORY_EXPORT;

/// The Rust signatures of the host functions registered on one linker, and
/// the modules already found to match them.
///
/// Shared (an `Arc`) by the linker and the [`InstancePre`](super::InstancePre)s
/// made from it; a new declaration that changes a signature replaces it, so
/// what an `InstancePre` checks against stays what its linker held when it
/// was made, as with the functions themselves.
#[derive(Clone, Debug, Default)]
pub(crate) struct Declarations(Arc<Declared>);

#[derive(Debug, Default)]
struct Declared {
    imports: HashMap<(&'static str, &'static str), &'static str>,
    /// Modules whose records matched, with the expected export record (by
    /// address) they matched: instantiating them again skips parsing and
    /// comparing (~1 us, docs/PERFORMANCE.md). A read lock on the hit path,
    /// so threads instantiating through one linker do not wait on each other.
    clean: RwLock<Vec<(Module, usize)>>,
}

const CLEAN_CAPACITY: usize = 64;

impl Declarations {
    /// Records `module::name`'s signature (from generated registration code).
    pub(crate) fn declare(&mut self, module: &'static str, name: &'static str, signature: &'static str) {
        if self.0.imports.get(&(module, name)) == Some(&signature) {
            return;
        }
        if let Some(declared) = Arc::get_mut(&mut self.0) {
            declared.imports.insert((module, name), signature);
            declared.clean.get_mut().unwrap_or_else(PoisonError::into_inner).clear();
            return;
        }
        let mut imports = self.0.imports.clone();
        imports.insert((module, name), signature);
        self.0 = Arc::new(Declared { imports, clean: RwLock::default() });
    }

    /// The declared signature of `module::name`.
    pub(crate) fn get<'a>(&'a self, module: &'a str, name: &'a str) -> Option<&'static str> {
        // `(&'static str, &'static str)` keys are looked up with shorter-lived
        // names through the map's covariance in its key type.
        let imports: &'a HashMap<(&'a str, &'a str), &'static str> = &self.0.imports;
        imports.get(&(module, name)).copied()
    }

    fn is_clean(&self, module: &Module, expected: usize) -> bool {
        let clean = self.0.clean.read().unwrap_or_else(PoisonError::into_inner);
        clean.iter().any(|(m, e)| Module::same(m, module) && *e == expected)
    }

    fn set_clean(&self, module: &Module, expected: usize) {
        let mut clean = self.0.clean.write().unwrap_or_else(PoisonError::into_inner);
        if clean.len() == CLEAN_CAPACITY {
            clean.remove(0);
        }
        clean.push((module.clone(), expected));
    }
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
        .map(|import| format!("imports {}::{}, which the host does not provide", import.module(), import.name()))
        .collect()
}

/// The most differences an interface error lists; the rest are counted.
const MAX_DIFFERENCES: usize = 64;

/// Reads the plugin's records; `Err` lines for records that cannot be read.
pub(crate) fn read_records(mut store: impl AsContextMut, instance: Instance) -> (Vec<Record>, Vec<String>) {
    let mut store = store.as_context_mut();
    let globals: Vec<(String, wasmtime::Global)> = instance
        .exports(&mut store)
        .filter(|e| Heading::is_record_export(e.name()))
        .filter_map(|e| {
            let name = e.name().to_owned();
            e.into_extern().into_global().map(|g| (name, g))
        })
        .collect();
    let memory = instance.get_export(&mut store, MEMORY_EXPORT).and_then(Extern::into_memory);
    let (mut records, mut problems) = (Vec::new(), Vec::new());
    for (name, global) in globals {
        let Val::I32(addr) = global.get(&mut store) else {
            problems.push(format!("record {name} is not an i32 address"));
            continue;
        };
        let bytes = memory.map(|m| m.data(&store)).unwrap_or_default();
        let text = length_prefixed(bytes, addr as u32, MAX_RECORD + 1);
        match text.filter(|t| t.len() <= MAX_RECORD as usize) {
            None if text.is_some() => problems.push(format!("record {name} is longer than {MAX_RECORD} bytes")),
            _ => match text.and_then(|t| core::str::from_utf8(t).ok()).and_then(Record::parse) {
                Some(record) => records.push(record),
                None => problems.push(format!("record {name} at {addr:#x} is unreadable")),
            },
        }
    }
    (records, problems)
}

/// Compares the plugin's records with the host's declarations: the
/// exports of `expected` (a generated handle's record) and every host
/// function the module imports that `declared` holds (none when the
/// instance was made without a wasmbind linker). Plugins without records
/// are not checked.
pub(crate) fn differences(
    store: impl AsContextMut,
    instance: Instance,
    module: &Module,
    expected: Option<&str>,
    declared: Option<&Declarations>,
) -> Vec<String> {
    // The answer depends only on the module, the expected record and the
    // declarations, so a clean result is remembered with them.
    let expected_id = expected.map_or(0, |e| e.as_ptr() as usize);
    if declared.is_some_and(|d| d.is_clean(module, expected_id)) {
        return Vec::new();
    }
    let lines = compare(store, instance, module, expected, declared);
    if lines.is_empty()
        && let Some(declared) = declared
    {
        declared.set_clean(module, expected_id);
    }
    lines
}

fn compare(
    store: impl AsContextMut,
    instance: Instance,
    module: &Module,
    expected: Option<&str>,
    declared: Option<&Declarations>,
) -> Vec<String> {
    let (records, mut lines) = read_records(store, instance);
    let expected = expected.and_then(Record::parse);
    let imports = module.imports().map(|import| (import.module(), import.name()));
    lines.extend(wasmbind_shared::differences(&records, imports, expected.as_ref(), |module, name| {
        declared.and_then(|d| d.get(module, name))
    }));
    lines
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
