//! Interface records: what a plugin says it exports and imports, checked
//! against the host's own declarations when the plugin is loaded.
//!
//! A plugin built with wasmbind exports one data static per trait it
//! implements (`wasmbind_exports_{Trait}`) and per host trait it was
//! compiled against (`wasmbind_imports_{module}`): a global holding the
//! address of a `u32` length and that many bytes of record text.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use wasmbind_shared::{Heading, Record};
use wasmtime::{AsContextMut, Extern, Instance, Linker, Module, Val};

use super::error::{Error, ErrorKind};
use super::memory::length_prefixed;
use crate::abi::{ABI_VERSION, MEMORY_EXPORT};

type Registry = HashMap<(&'static str, &'static str), &'static str>;

// Process-wide, and known to be wrong for a host serving two versions of
// one import module from two linkers: declarations belong to the linker.
// Moving them there is the "interface state per linker" work of the
// plugin-systems issue; until then this is the one unjustified static.
static DECLARED_IMPORTS: Mutex<Option<Registry>> = Mutex::new(None);
/// Bumped whenever a declared import changes, invalidating `CLEAN`.
static GENERATION: AtomicU64 = AtomicU64::new(0);

/// Records the Rust-level signature of a host function registered by
/// generated code, for the import check.
#[doc(hidden)]
pub fn declare_import(module: &'static str, name: &'static str, signature: &'static str) {
    let mut registry = DECLARED_IMPORTS.lock().unwrap_or_else(PoisonError::into_inner);
    if registry.get_or_insert_with(HashMap::new).insert((module, name), signature) != Some(signature) {
        GENERATION.fetch_add(1, Ordering::Relaxed);
    }
}

fn declared_import(module: &str, name: &str) -> Option<&'static str> {
    let registry = DECLARED_IMPORTS.lock().unwrap_or_else(PoisonError::into_inner);
    registry.as_ref()?.iter().find(|((m, n), _)| *m == module && *n == name).map(|(_, sig)| *sig)
}

/// Parsed records of recently loaded modules: a module's records are in
/// its data segments, so every instance of it has the same ones. A cache
/// because parsing and comparing on every instantiation cost ~1 us
/// (measured, docs/PERFORMANCE.md); the lock is held only to look up or insert. Holding the
/// `Module` keeps its identity from being reused while it is cached.
static PARSED: Mutex<Vec<(Module, Arc<Parsed>)>> = Mutex::new(Vec::new());
const PARSED_CAPACITY: usize = 64;

type Parsed = (Vec<Record>, Vec<String>);

fn records_of(mut store: impl AsContextMut, instance: Instance, module: &Module) -> Arc<Parsed> {
    let cached = PARSED
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .iter()
        .find(|(m, _)| Module::same(m, module))
        .map(|(_, p)| p.clone());
    if let Some(parsed) = cached {
        return parsed;
    }
    let parsed = Arc::new(read_records(&mut store, instance));
    if parsed.1.is_empty() {
        let mut cache = PARSED.lock().unwrap_or_else(PoisonError::into_inner);
        if cache.len() == PARSED_CAPACITY {
            cache.remove(0);
        }
        cache.push((module.clone(), parsed.clone()));
    }
    parsed
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

/// Reads the plugin's records; `Err` lines for records that cannot be read.
fn read_records(mut store: impl AsContextMut, instance: Instance) -> (Vec<Record>, Vec<String>) {
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
        let text = length_prefixed(bytes, addr as u32, u32::MAX);
        match text.and_then(|t| core::str::from_utf8(t).ok()).and_then(Record::parse) {
            Some(record) => records.push(record),
            None => problems.push(format!("record {name} at {addr:#x} is unreadable")),
        }
    }
    (records, problems)
}

/// Compares the plugin's records with the host's declarations: the
/// exports of `expected` (a generated handle's record) and every host
/// function the module imports. Plugins without records are not checked.
pub(crate) fn differences(
    store: impl AsContextMut,
    instance: Instance,
    module: &Module,
    expected: Option<&str>,
) -> Vec<String> {
    // The answer depends only on the module, the expected record and the
    // declared imports, so a clean result is remembered (instantiating a
    // plugin again then skips parsing and comparing: ~1 us).
    let verdict = (expected.map_or(0, |e| e.as_ptr() as usize), GENERATION.load(Ordering::Relaxed));
    let mut clean = CLEAN.lock().unwrap_or_else(PoisonError::into_inner);
    if clean.iter().any(|(m, v)| Module::same(m, module) && *v == verdict) {
        return Vec::new();
    }
    drop(clean);
    let lines = compare(store, instance, module, expected);
    if lines.is_empty() {
        clean = CLEAN.lock().unwrap_or_else(PoisonError::into_inner);
        if clean.len() == PARSED_CAPACITY {
            clean.remove(0);
        }
        clean.push((module.clone(), verdict));
    }
    lines
}

/// Modules found to match an expected record (by address) under a
/// generation of declared imports.
static CLEAN: Mutex<Vec<(Module, (usize, u64))>> = Mutex::new(Vec::new());

fn compare(mut store: impl AsContextMut, instance: Instance, module: &Module, expected: Option<&str>) -> Vec<String> {
    let parsed = records_of(&mut store, instance, module);
    let (records, mut lines) = (&parsed.0, parsed.1.clone());
    for record in records.iter().filter(|r| r.version != ABI_VERSION) {
        lines.push(format!("built for wasmbind ABI {}, the host speaks {ABI_VERSION}", record.version));
    }
    if let Some(expected) = expected.and_then(Record::parse)
        && let Some(theirs) = records.iter().find(|r| r.heading == expected.heading)
    {
        export_differences(&expected, theirs, &mut lines);
    }
    for import in module.imports() {
        let theirs = records
            .iter()
            .filter(|r| matches!(&r.heading, Heading::Imports { module, .. } if module == import.module()))
            .find_map(|r| r.function(import.name()));
        let ours = declared_import(import.module(), import.name());
        if let (Some(theirs), Some(ours)) = (theirs, ours)
            && theirs != ours
        {
            lines.push(format!(
                "import {}::{}: host provides {ours}, plugin expects {theirs}",
                import.module(),
                import.name()
            ));
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

/// The error for a non-empty list of differences.
pub(crate) fn mismatch(plugin: &Arc<str>, differences: Vec<String>) -> Error {
    ErrorKind::Interface { plugin: plugin.clone(), differences }.into()
}
