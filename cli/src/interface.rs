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
/// A trait's function is exported as `{Trait}.{name}` when the plugin
/// implements two traits with a function of that name (or it is an object's
/// function), else as `{name}`; hosts look it up in that order.
fn core_item<'p>(plugin: &'p Plugin, heading: &Heading, name: &str) -> Option<&'p Item> {
    match heading {
        Heading::Exports { trait_name } => {
            plugin.export(&format!("{trait_name}.{name}")).or_else(|| plugin.export(name))
        }
        _ => match heading.module() {
            None => plugin.export(name),
            Some(module) => plugin.import(module, name),
        },
    }
}

/// Functions the plugin's exports records list that the module does not
/// export: a host would refuse it at load, whatever the records say.
fn unexported(plugin: &Plugin) -> Vec<String> {
    let exports = plugin.records.iter().filter(|r| r.heading.module().is_none());
    exports
        .flat_map(|record| {
            record
                .functions
                .iter()
                .filter(|(name, _)| core_item(plugin, &record.heading, name).is_none())
                .map(|(name, _)| format!("export {name}: its record lists it, but the module does not export it"))
        })
        .collect()
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

/// The widest left column `inspect` aligns the core types to; a longer
/// signature has its core type on the next line.
const MAX_COLUMN: usize = 60;

/// One line of `inspect`'s text: a name or signature, and what it is in
/// the core module (`None` for a line without a second column).
type Row = (String, Option<String>);

fn to_text(path: &Path, size: u64, plugin: &Plugin) -> String {
    let abi = match versions(plugin).as_slice() {
        [] => "no interface records: not built with wasmbind".to_owned(),
        [v] if *v == ABI_VERSION => format!("wasmbind ABI {v}"),
        [v] => format!("wasmbind ABI {v} (this tool speaks {ABI_VERSION})"),
        many => format!("records of several wasmbind ABIs: {many:?}"),
    };
    // Sections of rows, each under its heading.
    let mut sections: Vec<(String, Vec<Row>)> = Vec::new();
    let mut described: Vec<(&str, &str)> = Vec::new();
    for record in &plugin.records {
        let module = record.heading.module();
        let mut rows = Vec::new();
        let mut unused = Vec::new();
        for (name, signature) in &record.functions {
            match core_item(plugin, &record.heading, name) {
                Some(item) => {
                    described.push((module.unwrap_or_default(), &item.name));
                    rows.push((named(name, signature), Some(format!("core {}", item.ty))));
                }
                // An imports record lists its whole trait; what the module
                // does not import is one line, not one per function.
                None if module.is_some() => unused.push(name.as_str()),
                None => rows.push((named(name, signature), Some("not exported".to_owned()))),
            }
        }
        if !unused.is_empty() {
            rows.push((format!("not imported: {}", unused.join(", ")), None));
        }
        rows.extend(record.types.iter().map(|def| (def.to_string(), None)));
        sections.push((heading_text(&record.heading), rows));
    }
    let other = |items: &[Item]| -> Vec<Row> {
        items
            .iter()
            .filter(|i| !described.contains(&(i.module.as_str(), i.name.as_str())))
            .map(|item| {
                let name =
                    if item.module.is_empty() { item.name.clone() } else { format!("{}::{}", item.module, item.name) };
                (name, Some(format!("{} {}", item.kind, item.ty)))
            })
            .collect()
    };
    for (heading, rows) in
        [("other core exports", other(&plugin.exports)), ("other core imports", other(&plugin.imports))]
    {
        if !rows.is_empty() {
            sections.push((heading.to_owned(), rows));
        }
    }

    let width = sections
        .iter()
        .flat_map(|(_, rows)| rows.iter().filter(|(_, core)| core.is_some()).map(|(left, _)| left.chars().count()))
        .filter(|&len| len <= MAX_COLUMN)
        .max()
        .unwrap_or(0);
    let mut out = format!("{}: {size} bytes, {abi}\n", path.display());
    for (heading, rows) in &sections {
        out += &format!("\n{heading}\n");
        for (left, core) in rows {
            let line = match core {
                None => format!("  {left}"),
                Some(core) if left.chars().count() <= width => format!("  {left:<width$}  {core}"),
                Some(core) => format!("  {left}\n  {:width$}  {core}", ""),
            };
            out += line.trim_end();
            out += "\n";
        }
    }
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

/// What `check` compares a plugin with: another plugin or records
/// (`--against`), or an API crate (`--api`).
pub enum Expected<'a> {
    Against(&'a Path),
    Api(&'a Path),
}

pub fn check(path: &Path, expected: Expected<'_>) -> Result<ExitCode, String> {
    let (plugin, _) = load(path)?;
    let is_api = matches!(expected, Expected::Api(_));
    let (expected, label) = match expected {
        Expected::Against(against) => (expected_records(against)?, against.display().to_string()),
        Expected::Api(api) => {
            let (name, probe) = crate::api::probe(api)?;
            (expected_records(&probe)?, format!("the API crate {name}"))
        }
    };
    if expected.is_empty() {
        return Err(format!("{label} holds no interface records to check against"));
    }
    let name = path.file_stem().map_or_else(|| "plugin".into(), |s| s.to_string_lossy().into_owned());
    let mut lines: Vec<String> = plugin.problems.clone();
    lines.extend(unexported(&plugin));
    let mut exports: Vec<&Record> = expected.iter().filter(|r| matches!(r.heading, Heading::Exports { .. })).collect();
    let implemented = |record: &&Record| plugin.records.iter().any(|r| r.heading == record.heading);
    if is_api {
        // An API crate's plugin implements some of its traits: those are
        // checked, and a plugin implementing none of them is refused.
        let declared: Vec<String> = exports.iter().map(|r| heading_text(&r.heading)).collect();
        exports.retain(implemented);
        if exports.is_empty() && !declared.is_empty() {
            lines.push(format!("implements none of the traits of {label} ({})", declared.join(", ")));
        }
    }
    for record in exports.iter().filter(|r| !implemented(r)) {
        lines.push(format!("{}: {label} has it, the plugin has no record of it", heading_text(&record.heading)));
    }
    let provided = |module: &str, name: &str| {
        expected.iter().filter(|r| r.heading.module() == Some(module)).find(|r| r.function(name).is_some())
    };
    lines.extend(wasmbind_shared::differences(&plugin.records, plugin.function_imports(), exports, provided));
    if lines.is_empty() {
        let functions: usize = expected.iter().map(|r| r.functions.len()).sum();
        status("Checked", &format!("{} against {label}: the interfaces match ({functions} functions)", path.display()));
        return Ok(ExitCode::SUCCESS);
    }
    for line in &lines {
        crate::status::out(&format!("plugin {name}: {line}\n"));
    }
    crate::status::error(&format!(
        "{} does not match {label}: {} difference{}",
        path.display(),
        lines.len(),
        if lines.len() == 1 { "" } else { "s" }
    ));
    Ok(ExitCode::from(1))
}

/// A plugin's records, for a generator: refused when it has problems or none.
fn records_to_generate(path: &Path) -> Result<(Vec<Record>, String), String> {
    let (plugin, _) = load(path)?;
    if let Some(problem) = plugin.problems.first() {
        return Err(format!("{}: {problem}", path.display()));
    }
    if plugin.records.is_empty() {
        return Err(format!("{} has no interface records: was it built with wasmbind?", path.display()));
    }
    let source = path.file_name().map_or("plugin.wasm".into(), |n| n.to_string_lossy().into_owned());
    Ok((plugin.records, source))
}

pub fn header(path: &Path, output: Option<&Path>) -> Result<ExitCode, String> {
    let (records, source) = records_to_generate(path)?;
    let text = wasmbind_build::c_header(&records, &source)
        .map_err(|why| format!("{}: cannot write a C header: {why}", path.display()))?;
    write_output(&text, output)
}

/// `lang` is `ts` or `python` (clap allows no other).
pub fn bindgen(path: &Path, lang: &str, output: Option<&Path>) -> Result<ExitCode, String> {
    let (records, source) = records_to_generate(path)?;
    let (plugin, _) = load(path)?;
    let imports: Vec<(&str, &str)> = plugin.function_imports().collect();
    let text = match lang {
        "python" => wasmbind_build::python_stub(&records, &imports, &source),
        _ => wasmbind_build::ts_declarations(&records, &imports, &source),
    }
    .map_err(|why| format!("{}: cannot write {lang} bindings: {why}", path.display()))?;
    write_output(&text, output)
}

fn write_output(text: &str, output: Option<&Path>) -> Result<ExitCode, String> {
    match output {
        Some(output) => {
            std::fs::write(output, text).map_err(|e| format!("cannot write {}: {e}", output.display()))?;
            status("Wrote", &output.display().to_string());
        }
        None => crate::status::out(text),
    }
    Ok(ExitCode::SUCCESS)
}
