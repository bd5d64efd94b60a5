//! `inspect` and `check`: a plugin's interface from its records, and the
//! differences a host would report when loading it.

use std::path::Path;
use std::process::ExitCode;

use serde_json::{Value, json};
use wasmbind_shared::{ABI_VERSION, Heading, Record};

use crate::status::status;
use crate::wasm::{self, Item, Plugin};

/// The largest file `inspect` and `check` read: a plugin is rarely more
/// than a few MiB, and this keeps a wrong path from reading a disk image.
const MAX_FILE: u64 = 256 << 20;

fn read_file(path: &Path) -> Result<Vec<u8>, String> {
    let len = std::fs::metadata(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?.len();
    if len > MAX_FILE {
        return Err(format!("{} is {len} bytes, more than a plugin ({MAX_FILE} bytes at most)", path.display()));
    }
    std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn load(path: &Path) -> Result<(Plugin, u64), String> {
    let bytes = read_file(path)?;
    let plugin = wasm::read(&bytes).map_err(|why| format!("{}: {why}", path.display()))?;
    Ok((plugin, bytes.len() as u64))
}

/// `fn(&str) -> String` named `greet`: `fn greet(&str) -> String`.
fn named(name: &str, signature: &str) -> String {
    match signature.strip_prefix("fn(") {
        Some(rest) => format!("fn {name}({rest}"),
        None => format!("{name}: {signature}"),
    }
}

fn heading_text(heading: &Heading) -> String {
    match heading {
        Heading::Exports { trait_name } => format!("exports {trait_name}"),
        Heading::Imports { module, trait_name } => format!("imports {module} (trait {trait_name})"),
        Heading::Export { name } => format!("export {name}"),
        Heading::Import { module, name } => format!("import {module}::{name}"),
    }
}

/// The core item a record's function is: an export, or an import of the
/// record's module.
fn core_item<'p>(plugin: &'p Plugin, heading: &Heading, name: &str) -> Option<&'p Item> {
    match heading.module() {
        None => plugin.export(name),
        Some(module) => plugin.import(module, name),
    }
}

/// The ABI versions the records state, in order, without repeats.
fn versions(plugin: &Plugin) -> Vec<u32> {
    let mut versions: Vec<u32> = plugin.records.iter().map(|r| r.version).collect();
    versions.sort_unstable();
    versions.dedup();
    versions
}

pub fn inspect(path: &Path, json: bool, records: bool) -> Result<ExitCode, String> {
    let (plugin, size) = load(path)?;
    if records {
        let texts: Vec<String> = plugin.records.iter().map(Record::to_text).collect();
        crate::status::out(&texts.join("\n"));
    } else if json {
        crate::status::out_json(&format!("{:#}", to_json(path, size, &plugin)));
    } else {
        crate::status::out(&to_text(path, size, &plugin));
    }
    for problem in &plugin.problems {
        crate::status::error(&format!("{}: {problem}", path.display()));
    }
    Ok(if plugin.problems.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(2) })
}

fn to_text(path: &Path, size: u64, plugin: &Plugin) -> String {
    let mut out = String::new();
    let abi = match versions(plugin).as_slice() {
        [] => "no interface records: not built with wasmbind".to_owned(),
        [v] if *v == ABI_VERSION => format!("wasmbind ABI {v}"),
        [v] => format!("wasmbind ABI {v} (this tool speaks {ABI_VERSION})"),
        many => format!("records of several wasmbind ABIs: {many:?}"),
    };
    out += &format!("{}: {size} bytes, {abi}\n", path.display());
    let mut described: Vec<(&str, &str)> = Vec::new();
    for record in &plugin.records {
        out += &format!("\n{}\n", heading_text(&record.heading));
        for (name, signature) in &record.functions {
            let item = core_item(plugin, &record.heading, name);
            let module = record.heading.module().unwrap_or_default();
            if let Some(item) = item {
                described.push((module, &item.name));
            }
            let missing = if module.is_empty() { "not exported" } else { "not imported" };
            let core = item.map_or_else(|| missing.to_owned(), |i| format!("core {}", i.ty));
            out += &format!("  {:<48} {core}\n", named(name, signature));
        }
        for def in &record.types {
            out += &format!("  {def}\n");
        }
    }
    let other = |items: &[Item], what: &str, out: &mut String| {
        let rest: Vec<&Item> =
            items.iter().filter(|i| !described.contains(&(i.module.as_str(), i.name.as_str()))).collect();
        if !rest.is_empty() {
            *out += &format!("\n{what}\n");
            for item in rest {
                let name =
                    if item.module.is_empty() { item.name.clone() } else { format!("{}::{}", item.module, item.name) };
                *out += &format!("  {:<48} {} {}\n", name, item.kind, item.ty);
            }
        }
    };
    other(&plugin.exports, "other core exports", &mut out);
    other(&plugin.imports, "other core imports", &mut out);
    out
}

fn to_json(path: &Path, size: u64, plugin: &Plugin) -> Value {
    let items = |items: &[Item]| -> Vec<Value> {
        items
            .iter()
            .map(|i| {
                let mut v = json!({ "name": i.name, "kind": i.kind, "type": i.ty });
                if !i.module.is_empty() {
                    v["module"] = json!(i.module);
                }
                v
            })
            .collect()
    };
    let records: Vec<Value> = plugin
        .records
        .iter()
        .map(|record| {
            let mut value: Value = serde_json::from_str(&record.to_json()).unwrap_or(Value::Null);
            if let Some(functions) = value["functions"].as_array_mut() {
                for function in functions {
                    let name = function["name"].as_str().unwrap_or_default();
                    function["core"] = json!(core_item(plugin, &record.heading, name).map(|i| i.ty.clone()));
                }
            }
            value
        })
        .collect();
    json!({
        "file": path.display().to_string(),
        "size": size,
        "abi": versions(plugin),
        "records": records,
        "exports": items(&plugin.exports),
        "imports": items(&plugin.imports),
        "problems": plugin.problems,
    })
}

/// The records of `path`: a plugin's, or a description as `inspect
/// --records` prints it (records separated by blank lines).
fn expected_records(path: &Path) -> Result<Vec<Record>, String> {
    let bytes = read_file(path)?;
    if bytes.starts_with(b"\0asm") {
        let plugin = wasm::read(&bytes).map_err(|why| format!("{}: {why}", path.display()))?;
        if let Some(problem) = plugin.problems.first() {
            return Err(format!("{}: {problem}", path.display()));
        }
        return Ok(plugin.records);
    }
    let text = String::from_utf8(bytes).map_err(|_| format!("{} is neither a .wasm nor UTF-8 text", path.display()))?;
    let records: Vec<Record> = text
        .split("\n\n")
        .filter(|chunk| !chunk.trim().is_empty())
        .enumerate()
        .map(|(i, chunk)| {
            Record::parse(chunk.trim_start_matches('\n')).ok_or_else(|| {
                format!(
                    "{}: record {} is not an interface record (`wasmbind 2`, a heading, one line per function, then type lines)",
                    path.display(),
                    i + 1
                )
            })
        })
        .collect::<Result<_, _>>()?;
    Ok(records)
}

pub fn check(path: &Path, against: &Path) -> Result<ExitCode, String> {
    let (plugin, _) = load(path)?;
    let expected = expected_records(against)?;
    if expected.is_empty() {
        return Err(format!("{} holds no interface records to check against", against.display()));
    }
    let name = path.file_stem().map_or_else(|| "plugin".into(), |s| s.to_string_lossy().into_owned());
    let mut lines: Vec<String> = plugin.problems.clone();
    let exports: Vec<&Record> = expected.iter().filter(|r| matches!(r.heading, Heading::Exports { .. })).collect();
    for record in &exports {
        if !plugin.records.iter().any(|r| r.heading == record.heading) {
            lines.push(format!(
                "{}: the host expects it, the plugin has no record of it",
                heading_text(&record.heading)
            ));
        }
    }
    let provided = |module: &str, name: &str| {
        expected.iter().filter(|r| r.heading.module() == Some(module)).find(|r| r.function(name).is_some())
    };
    lines.extend(wasmbind_shared::differences(&plugin.records, plugin.function_imports(), exports, provided));
    if lines.is_empty() {
        let functions: usize = expected.iter().map(|r| r.functions.len()).sum();
        status(
            "Checked",
            &format!("{} against {}: the interfaces match ({functions} functions)", path.display(), against.display()),
        );
        return Ok(ExitCode::SUCCESS);
    }
    for line in &lines {
        crate::status::out(&format!("plugin {name}: {line}\n"));
    }
    crate::status::error(&format!(
        "{} does not match {}: {} difference{}",
        path.display(),
        against.display(),
        lines.len(),
        if lines.len() == 1 { "" } else { "s" }
    ));
    Ok(ExitCode::from(1))
}

pub fn header(path: &Path, output: Option<&Path>) -> Result<ExitCode, String> {
    let (plugin, _) = load(path)?;
    if let Some(problem) = plugin.problems.first() {
        return Err(format!("{}: {problem}", path.display()));
    }
    if plugin.records.is_empty() {
        return Err(format!("{} has no interface records: was it built with wasmbind?", path.display()));
    }
    let source = path.file_name().map_or("plugin.wasm".into(), |n| n.to_string_lossy());
    let text = wasmbind_build::c_header(&plugin.records, &source)
        .map_err(|why| format!("{}: cannot write a C header: {why}", path.display()))?;
    match output {
        Some(output) => {
            std::fs::write(output, text).map_err(|e| format!("cannot write {}: {e}", output.display()))?;
            status("Wrote", &output.display().to_string());
        }
        None => crate::status::out(&text),
    }
    Ok(ExitCode::SUCCESS)
}
