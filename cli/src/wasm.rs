//! Reading a plugin without running it: its core imports and exports, and
//! its interface records, found by evaluating the records' constant
//! addresses against the module's data segments (docs/ABI.md section 8).
//!
//! The input is untrusted: the module is validated first, every address is
//! checked against the memory's initial size, and a record is read to at
//! most [`MAX_RECORD`](wasmbind_shared::MAX_RECORD) bytes, all under [`RecordReader`]'s budget.

use std::fmt::Write as _;

use wasmbind_shared::{Heading, MEMORY_EXPORT, Record, RecordReader};
use wasmparser::{
    ConstExpr, DataKind, Encoding, ExternalKind, FuncType, Operator, Parser, Payload, TypeRef, Validator, WasmFeatures,
};

/// One core import or export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// The import module (empty for an export).
    pub module: String,
    /// The name.
    pub name: String,
    /// `func`, `memory`, `global`, `table` or `tag`.
    pub kind: &'static str,
    /// A function's core type, `(i32, i32) -> i64`; a global's value type.
    pub ty: String,
}

/// What a plugin module says about itself.
#[derive(Debug, Default)]
pub struct Plugin {
    /// Its core imports, in order.
    pub imports: Vec<Item>,
    /// Its core exports, in order.
    pub exports: Vec<Item>,
    /// The interface records it exports, in export order.
    pub records: Vec<Record>,
    /// Records that could not be read, one line each.
    pub problems: Vec<String>,
}

impl Plugin {
    /// The core function imports, as `(module, name)`.
    pub fn function_imports(&self) -> impl Iterator<Item = (&str, &str)> {
        self.imports.iter().filter(|i| i.kind == "func").map(|i| (i.module.as_str(), i.name.as_str()))
    }

    /// The core export named `name`.
    pub fn export(&self, name: &str) -> Option<&Item> {
        self.exports.iter().find(|e| e.name == name)
    }

    /// The core function import `module::name`.
    pub fn import(&self, module: &str, name: &str) -> Option<&Item> {
        self.imports.iter().find(|i| i.module == module && i.name == name && i.kind == "func")
    }
}

/// Reads `bytes` as a plugin; `Err` when it is not a valid core module.
pub fn read(bytes: &[u8]) -> Result<Plugin, String> {
    if bytes.get(..4) != Some(b"\0asm") {
        return Err("not a WebAssembly module (no `\\0asm` header)".into());
    }
    if bytes.get(4..8) == Some(&[0x0d, 0, 1, 0]) {
        return Err("a component, not a core module: wasmbind plugins are core modules".into());
    }
    let types = Validator::new_with_features(WasmFeatures::default())
        .validate_all(bytes)
        .map_err(|e| format!("not a valid WebAssembly module: {e}"))?;
    let types = types.as_ref();
    let mut plugin = Plugin::default();
    let mut memory = Memory::default();
    // Function indices count imports first; so do global indices.
    let mut functions = 0u32;
    let mut global_addrs: Vec<Option<u32>> = Vec::new();
    let mut global_exports: Vec<(String, u32)> = Vec::new();
    let func_type = |index: u32| -> String {
        // `types` panics on an index out of bounds; the module validated,
        // so every function index it names is in bounds.
        core_type(types[types.core_function_at(index)].unwrap_func())
    };
    for payload in Parser::new(0).parse_all(bytes) {
        let payload = payload.map_err(|e| format!("not a valid WebAssembly module: {e}"))?;
        match payload {
            Payload::Version { encoding: Encoding::Component, .. } => return Err("a component".into()),
            Payload::ImportSection(section) => {
                for import in section.into_imports() {
                    let import = import.map_err(|e| e.to_string())?;
                    let (kind, ty) = match import.ty {
                        TypeRef::Func(_) | TypeRef::FuncExact(_) => {
                            functions += 1;
                            ("func", func_type(functions - 1))
                        }
                        TypeRef::Global(g) => {
                            global_addrs.push(None);
                            ("global", g.content_type.to_string())
                        }
                        TypeRef::Memory(_) => {
                            memory.imported = true;
                            ("memory", String::new())
                        }
                        TypeRef::Table(_) => ("table", String::new()),
                        TypeRef::Tag(_) => ("tag", String::new()),
                    };
                    plugin.imports.push(Item { module: import.module.into(), name: import.name.into(), kind, ty });
                }
            }
            Payload::MemorySection(section) => {
                for (index, mem) in section.into_iter().enumerate() {
                    let mem = mem.map_err(|e| e.to_string())?;
                    if index == 0 && !memory.imported {
                        let page = 1u64 << mem.page_size_log2.unwrap_or(16);
                        memory.size = mem.initial.saturating_mul(page);
                    }
                }
            }
            Payload::GlobalSection(section) => {
                for global in section {
                    let global = global.map_err(|e| e.to_string())?;
                    global_addrs.push(i32_const(&global.init_expr).map(|a| a as u32));
                }
            }
            Payload::ExportSection(section) => {
                for export in section {
                    let export = export.map_err(|e| e.to_string())?;
                    let (kind, ty) = match export.kind {
                        ExternalKind::Func | ExternalKind::FuncExact => ("func", func_type(export.index)),
                        ExternalKind::Global => {
                            global_exports.push((export.name.into(), export.index));
                            ("global", types.global_at(export.index).content_type.to_string())
                        }
                        ExternalKind::Memory => ("memory", String::new()),
                        ExternalKind::Table => ("table", String::new()),
                        ExternalKind::Tag => ("tag", String::new()),
                    };
                    plugin.exports.push(Item { module: String::new(), name: export.name.into(), kind, ty });
                }
            }
            Payload::DataSection(section) => {
                for data in section {
                    let data = data.map_err(|e| e.to_string())?;
                    if let DataKind::Active { memory_index: 0, offset_expr } = data.kind
                        && let Some(offset) = i32_const(&offset_expr)
                    {
                        memory.segments.push((u64::from(offset as u32), data.data));
                    }
                }
            }
            _ => {}
        }
    }
    let memory_exported = plugin.exports.iter().any(|e| e.name == MEMORY_EXPORT && e.kind == "memory");
    let mut reader = RecordReader::new(|addr, len| memory.read(addr, len).map(Into::into));
    for (name, index) in global_exports.into_iter().filter(|(name, _)| Heading::is_record_export(name)) {
        let addr = global_addrs.get(index as usize).copied().flatten();
        let addr = match (addr, memory_exported && !memory.imported) {
            (_, false) => Err("cannot be read: the plugin defines and exports no `memory`".to_owned()),
            (None, _) => Err("is not a constant i32 address".to_owned()),
            (Some(addr), true) => Ok(addr),
        };
        reader.read(&name, addr);
    }
    (plugin.records, plugin.problems) = reader.finish();
    Ok(plugin)
}

/// The value of a constant expression that is one `i32.const`.
fn i32_const(expr: &ConstExpr<'_>) -> Option<i32> {
    let mut ops = expr.get_operators_reader();
    match (ops.read().ok()?, ops.read().ok()?) {
        (Operator::I32Const { value }, Operator::End) => Some(value),
        _ => None,
    }
}

/// `(i32, i32) -> i64`, `()`, `(f64) -> (i32, i32)`.
fn core_type(ty: &FuncType) -> String {
    let list = |types: &[wasmparser::ValType]| types.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
    let mut text = format!("({})", list(ty.params()));
    match ty.results() {
        [] => {}
        [one] => write!(text, " -> {one}").unwrap_or(()),
        many => write!(text, " -> ({})", list(many)).unwrap_or(()),
    }
    text
}

/// Memory 0 as instantiation leaves it: zeros, then the active segments in
/// order.
#[derive(Default)]
struct Memory<'a> {
    imported: bool,
    size: u64,
    segments: Vec<(u64, &'a [u8])>,
}

impl Memory<'_> {
    /// The bytes `[addr, addr + len)`, or why they are not there.
    fn read(&self, addr: u64, len: u64) -> Result<Vec<u8>, String> {
        let end = addr.checked_add(len).filter(|end| *end <= self.size);
        let Some(end) = end else {
            return Err(format!("is outside the plugin's initial memory ({} bytes)", self.size));
        };
        let mut out = vec![0; usize::try_from(len).map_err(|_| "is too long".to_owned())?];
        for (offset, bytes) in &self.segments {
            let seg_end = offset.saturating_add(bytes.len() as u64);
            let (from, to) = ((*offset).max(addr), seg_end.min(end));
            if from < to {
                let (src, dst) = ((from - offset) as usize, (from - addr) as usize);
                let n = (to - from) as usize;
                if let (Some(dst), Some(src)) = (out.get_mut(dst..dst + n), bytes.get(src..src + n)) {
                    dst.copy_from_slice(src);
                }
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn module(records: &str) -> Vec<u8> {
        wat::parse_str(format!(
            r#"(module
                (import "env" "log" (func (param i32 i32 i64)))
                (memory (export "memory") 1)
                (func (export "greet") (param i32 i32) (result i64) i64.const 0)
                {records})"#
        ))
        .unwrap()
    }

    #[test]
    fn reads_core_items_and_a_record_from_data_segments() {
        let text = "wasmbind 2\nexports Calc\ngreet fn(&str) -> String\n";
        let len = text.len();
        let bytes = module(&format!(
            r#"(data (i32.const 100) "\{len:02x}\00\00\00{text}")
               (global (export "wasmbind_exports_Calc") i32 (i32.const 100))"#,
            text = text.replace('\n', "\\0a")
        ));
        let plugin = read(&bytes).unwrap();
        assert_eq!(plugin.problems, Vec::<String>::new());
        assert_eq!(plugin.records, [Record::parse(text).unwrap()]);
        assert_eq!(plugin.import("env", "log").unwrap().ty, "(i32, i32, i64)");
        assert_eq!(plugin.export("greet").unwrap().ty, "(i32, i32) -> i64");
        assert_eq!(plugin.function_imports().collect::<Vec<_>>(), [("env", "log")]);
    }

    #[test]
    fn hostile_records_are_problems_not_crashes() {
        let cases = [
            // Past the end of memory.
            (
                r#"(global (export "wasmbind_exports_A") i32 (i32.const 65534))"#,
                "is outside the plugin's initial memory (65536 bytes)",
            ),
            (r#"(global (export "wasmbind_exports_A") i32 (i32.const -1))"#, "is outside"),
            // A 4 GiB length.
            (
                r#"(data (i32.const 8) "\ff\ff\ff\ff") (global (export "wasmbind_exports_A") i32 (i32.const 8))"#,
                "is longer than 65536 bytes",
            ),
            // Zeros: an empty record text.
            (r#"(global (export "wasmbind_imports_env") i32 (i32.const 8))"#, "is unreadable"),
            (
                r#"(data (i32.const 8) "\02\00\00\00\ff\fe") (global (export "wasmbind_exports_A") i32 (i32.const 8))"#,
                "is not UTF-8",
            ),
            (
                r#"(global (export "wasmbind_exports_A") i32 (i32.add (i32.const 1) (i32.const 2)))"#,
                "is not a constant i32 address",
            ),
        ];
        for (items, why) in cases {
            let plugin = read(&module(items)).unwrap();
            assert!(plugin.records.is_empty());
            assert!(plugin.problems.len() == 1 && plugin.problems[0].contains(why), "{items}: {:?}", plugin.problems);
        }
    }

    #[test]
    fn records_amplified_by_many_exports_are_read_once_within_a_budget() {
        // 20,000 exports of one 50 KiB record: `inspect` read every one.
        let mut text = "wasmbind 2\nexports Calc\n".to_owned();
        for i in 0..5000 {
            text.push_str(&format!("f{i} fn()\n"));
        }
        let mut data = String::new();
        for byte in (text.len() as u32).to_le_bytes().iter().chain(text.as_bytes()) {
            data.push_str(&format!("\\{byte:02x}"));
        }
        let exports: String =
            (0..20_000).map(|i| format!(r#"(global (export "wasmbind_exports_C{i}") i32 (i32.const 100))"#)).collect();
        let plugin = read(&module(&format!(r#"(data (i32.const 100) "{data}") {exports}"#))).unwrap();
        assert_eq!(plugin.records.len(), 1);
        assert_eq!(plugin.problems.len(), wasmbind_shared::MAX_RECORDS);
        assert_eq!(plugin.problems[0], "record wasmbind_exports_C1 is at 0x64, as another record is");
    }

    #[test]
    fn invalid_input_is_an_error() {
        assert!(read(b"hello").unwrap_err().contains("no `\\0asm` header"));
        assert!(read(b"\0asm\x01\0\0\0\x05").unwrap_err().starts_with("not a valid WebAssembly module"));
        let component = wat::parse_str("(component)").unwrap();
        assert!(read(&component).unwrap_err().contains("a component"));
    }
}
