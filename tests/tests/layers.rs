//! The architecture test: the module graphs of `wasmbind` (runtime),
//! `wasmbind-macros` and `wasmbind-shared` read from their sources, and
//! the rules the code keeps:
//!
//! - no import cycle between modules;
//! - the host's layers (the table in `runtime/src/host/mod.rs`, bottom
//!   first) are used in one direction only: a module uses its own layer and
//!   those below it;
//! - `abi` uses neither `host` nor `guest`, and `guest` does not use `host`.
//!
//! A module's uses are the `crate::`, `super::` and `self::` paths in its
//! code (`use` items, types, expressions; not comments, macro bodies or
//! `#[cfg(test)]` modules), each resolved to the module that defines the
//! name, through `pub use` re-exports.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use syn::visit_mut::VisitMut;

/// A module path inside a crate (`["host", "plugin"]`; the root is empty).
type Module = Vec<String>;

/// One crate's modules, their re-exports and their uses of each other.
struct Graph {
    /// Every module, with what its `pub use` items name: re-exported name
    /// -> the module it comes from (`None` for another crate's).
    modules: BTreeMap<Module, BTreeMap<String, Option<Module>>>,
    /// module -> modules it uses (never itself or an ancestor).
    uses: BTreeMap<Module, BTreeSet<Module>>,
    /// type name -> the modules with an inherent `impl` block for it.
    impls: BTreeMap<String, BTreeSet<Module>>,
}

fn module_of(src: &Path, file: &Path) -> Module {
    let relative = file.strip_prefix(src).expect("a file under src");
    let mut parts: Module = relative.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    let last = parts.pop().expect("a file name");
    match last.as_str() {
        "lib.rs" | "mod.rs" => {}
        file => parts.push(file.trim_end_matches(".rs").to_owned()),
    }
    parts
}

fn rust_files(dir: &Path, files: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).expect("readable source folder").flatten().collect();
    entries.sort_by_key(|e| e.path());
    for entry in entries {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}

fn is_test_only(attrs: &[syn::Attribute]) -> bool {
    attrs
        .iter()
        .any(|a| a.path().is_ident("cfg") && a.meta.require_list().is_ok_and(|l| l.tokens.to_string() == "test"))
}

/// Every path a `use` tree names, flattened (`a::{b, c::d}` -> `a::b`, `a::c::d`).
fn use_paths(tree: &syn::UseTree, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    match tree {
        syn::UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            use_paths(&p.tree, prefix, out);
            prefix.pop();
        }
        syn::UseTree::Name(n) => out.push([prefix.as_slice(), &[n.ident.to_string()]].concat()),
        syn::UseTree::Rename(r) => out.push([prefix.as_slice(), &[r.ident.to_string()]].concat()),
        syn::UseTree::Glob(_) => out.push(prefix.clone()),
        syn::UseTree::Group(g) => g.items.iter().for_each(|t| use_paths(t, prefix, out)),
    }
}

/// The paths a file's code names, and what its `pub use` items re-export.
#[derive(Default)]
struct Collect {
    paths: Vec<Vec<String>>,
    reexports: Vec<(String, Vec<String>)>,
    /// The types this file has an inherent `impl` block for.
    inherent: BTreeSet<String>,
}

impl VisitMut for Collect {
    fn visit_item_mut(&mut self, item: &mut syn::Item) {
        let attrs = match item {
            syn::Item::Mod(m) => &m.attrs,
            syn::Item::Use(u) => &u.attrs,
            syn::Item::Fn(f) => &f.attrs,
            syn::Item::Impl(i) => &i.attrs,
            _ => return syn::visit_mut::visit_item_mut(self, item),
        };
        if is_test_only(attrs) {
            return;
        }
        if let syn::Item::Impl(block) = item
            && block.trait_.is_none()
            && let syn::Type::Path(ty) = &*block.self_ty
            && let Some(last) = ty.path.segments.last()
        {
            self.inherent.insert(last.ident.to_string());
        }
        if let syn::Item::Use(u) = item {
            let mut paths = Vec::new();
            use_paths(&u.tree, &mut Vec::new(), &mut paths);
            if !matches!(u.vis, syn::Visibility::Inherited) {
                for path in &paths {
                    if let Some(name) = path.last() {
                        self.reexports.push((name.clone(), path.clone()));
                    }
                }
            }
            self.paths.extend(paths);
            return;
        }
        syn::visit_mut::visit_item_mut(self, item);
    }

    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        self.paths.push(path.segments.iter().map(|s| s.ident.to_string()).collect());
        syn::visit_mut::visit_path_mut(self, path);
    }
}

/// Where a path written in module `from` leads: the module that defines
/// what it names (`None`: another crate's, or nothing this test follows).
fn resolve(
    graph: &BTreeMap<Module, BTreeMap<String, Option<Module>>>,
    from: &Module,
    path: &[String],
) -> Option<Module> {
    let (mut at, rest): (Module, &[String]) = match path.first().map(String::as_str) {
        Some("crate") => (Vec::new(), &path[1..]),
        Some("self") => (from.clone(), &path[1..]),
        Some("super") => {
            let mut at = from.clone();
            let mut rest = path;
            while rest.first().is_some_and(|s| s == "super") {
                at.pop();
                rest = &rest[1..];
            }
            (at, rest)
        }
        // `use child::Name;` (2018 paths): a child module of `from`.
        Some(first) if graph.contains_key(&[from.as_slice(), &[first.to_owned()]].concat()) => (from.clone(), path),
        _ => return None,
    };
    for segment in rest {
        let child = [at.as_slice(), std::slice::from_ref(segment)].concat();
        if graph.contains_key(&child) {
            at = child;
            continue;
        }
        // A name re-exported by `at` (followed once: re-exports of re-exports
        // resolve through the module they name).
        return match graph.get(&at).and_then(|reexports| reexports.get(segment)) {
            Some(Some(target)) => Some(target.clone()),
            _ => Some(at),
        };
    }
    Some(at)
}

fn graph(src: &Path) -> Graph {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut parsed = Vec::new();
    let mut modules: BTreeMap<Module, BTreeMap<String, Option<Module>>> = BTreeMap::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("readable source");
        let mut ast = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let mut collect = Collect::default();
        collect.visit_file_mut(&mut ast);
        let module = module_of(src, &file);
        modules.insert(module.clone(), BTreeMap::new());
        parsed.push((module, collect));
    }
    // Re-exports, resolved once every module is known; a re-export of a
    // re-export is resolved after the one it names (a few rounds settle it).
    for _ in 0..3 {
        for (module, collect) in &parsed {
            for (name, path) in &collect.reexports {
                let target = resolve(&modules, module, path).filter(|t| t != module);
                modules.get_mut(module).expect("known module").insert(name.clone(), target);
            }
        }
    }
    let mut impls: BTreeMap<String, BTreeSet<Module>> = BTreeMap::new();
    for (module, collect) in &parsed {
        for ty in &collect.inherent {
            impls.entry(ty.clone()).or_default().insert(module.clone());
        }
    }
    let mut uses: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    for (module, collect) in &parsed {
        let targets = uses.entry(module.clone()).or_default();
        for path in &collect.paths {
            if let Some(target) = resolve(&modules, module, path)
                && !module.starts_with(&target)
            {
                targets.insert(target);
            }
        }
    }
    Graph { modules, uses, impls }
}

fn name(module: &Module) -> String {
    if module.is_empty() { "crate".to_owned() } else { module.join("::") }
}

/// The cycles: each group of modules that reach each other, as `a -> b -> a`
/// edges within it.
fn cycles(graph: &Graph) -> Vec<String> {
    let nodes: Vec<&Module> = graph.modules.keys().collect();
    let index: BTreeMap<&Module, usize> = nodes.iter().enumerate().map(|(i, m)| (*m, i)).collect();
    let n = nodes.len();
    let mut reach = vec![vec![false; n]; n];
    for (from, targets) in &graph.uses {
        for to in targets {
            if let (Some(&a), Some(&b)) = (index.get(from), index.get(to)) {
                reach[a][b] = true;
            }
        }
    }
    for k in 0..n {
        let via = reach[k].clone();
        for row in reach.iter_mut().filter(|row| row[k]) {
            row.iter_mut().zip(&via).for_each(|(r, v)| *r |= v);
        }
    }
    let mut seen = vec![false; n];
    let mut found = Vec::new();
    for i in 0..n {
        if seen[i] || !reach[i][i] {
            continue;
        }
        let group: Vec<usize> = (0..n).filter(|&j| reach[i][j] && reach[j][i]).collect();
        group.iter().for_each(|&j| seen[j] = true);
        let members: BTreeSet<&Module> = group.iter().map(|&j| nodes[j]).collect();
        let edges: Vec<String> = members
            .iter()
            .flat_map(|from| {
                let targets = graph.uses.get(*from).into_iter().flatten();
                targets.filter(|to| members.contains(to)).map(move |to| format!("{} -> {}", name(from), name(to)))
            })
            .collect();
        found.push(format!("cycle of {}: {}", members.len(), edges.join(", ")));
    }
    found
}

/// The host's layers, bottom first, from the table in `host/mod.rs`:
/// rows `// | layer | `module`, `module` |`.
fn host_layers(mod_rs: &str) -> Vec<(String, Vec<String>)> {
    mod_rs
        .lines()
        .filter_map(|line| line.strip_prefix("// | "))
        .filter_map(|row| {
            let cells: Vec<&str> = row.split('|').map(str::trim).collect();
            let modules: Vec<String> = cells
                .get(1)?
                .split(',')
                .filter_map(|m| m.trim().strip_prefix('`')?.strip_suffix('`'))
                .map(String::from)
                .collect();
            (!modules.is_empty()).then(|| (cells[0].to_owned(), modules))
        })
        .collect()
}

/// Uses that go up the host's layers or across the sides, and host modules
/// the table does not place where they are: a host module `host::L::m` is
/// in layer `L`, which the table must list with `m`.
fn layer_violations(graph: &Graph, layers: &[(String, Vec<String>)]) -> Vec<String> {
    let layer_of = |m: &Module| -> Option<usize> {
        let layer = m.get(1).filter(|_| m.first().is_some_and(|h| h == "host"))?;
        layers.iter().position(|(name, _)| name == layer)
    };
    let mut found = Vec::new();
    let host_modules: BTreeSet<(&str, &str)> = graph
        .modules
        .keys()
        .filter(|m| m.len() == 3 && m[0] == "host")
        .map(|m| (m[1].as_str(), m[2].as_str()))
        .collect();
    let listed: BTreeSet<(&str, &str)> =
        layers.iter().flat_map(|(layer, modules)| modules.iter().map(move |m| (layer.as_str(), m.as_str()))).collect();
    for (layer, module) in host_modules.symmetric_difference(&listed) {
        match host_modules.contains(&(*layer, *module)) {
            true => found.push(format!("host::{layer}::{module} is not in host/mod.rs's table under `{layer}`")),
            false => found.push(format!(
                "host/mod.rs's table lists `{module}` under `{layer}`, but host::{layer}::{module} does not exist"
            )),
        }
    }
    for module in graph.modules.keys().filter(|m| m.len() >= 2 && m[0] == "host") {
        if layer_of(module).is_none() {
            found.push(format!("{} is in no layer of host/mod.rs's table", name(module)));
        }
    }
    for (from, targets) in &graph.uses {
        for to in targets {
            let side = |m: &Module| m.first().cloned().unwrap_or_default();
            match (side(from).as_str(), side(to).as_str()) {
                ("abi", "host" | "guest") | ("guest", "host") => {
                    found.push(format!(
                        "{} uses {}: `{}` must not know `{}`",
                        name(from),
                        name(to),
                        side(from),
                        side(to)
                    ));
                }
                _ => {}
            }
            if let (Some(a), Some(b)) = (layer_of(from), layer_of(to))
                && b > a
            {
                found.push(format!(
                    "{} ({}) uses {} ({}), a layer above it",
                    name(from),
                    layers[a].0,
                    name(to),
                    layers[b].0
                ));
            }
        }
    }
    found
}

/// Types whose inherent `impl` blocks are spread over more than one file.
fn split_impls(graph: &Graph) -> Vec<String> {
    let spread = graph.impls.iter().filter(|(_, modules)| modules.len() > 1);
    spread
        .map(|(ty, modules)| {
            format!("{ty} has impl blocks in {}", modules.iter().map(name).collect::<Vec<_>>().join(", "))
        })
        .collect()
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[test]
fn modules_form_no_cycle_and_the_host_layers_point_down() {
    let mut found = Vec::new();
    for krate in ["runtime", "macros", "shared"] {
        let graph = graph(&workspace().join(krate).join("src"));
        found.extend(cycles(&graph).into_iter().map(|c| format!("{krate}: {c}")));
        if krate == "runtime" {
            let mod_rs = std::fs::read_to_string(workspace().join("runtime/src/host/mod.rs")).expect("host/mod.rs");
            let layers = host_layers(&mod_rs);
            assert!(layers.len() >= 3, "host/mod.rs states the layers in a table: {layers:?}");
            found.extend(layer_violations(&graph, &layers).into_iter().map(|v| format!("{krate}: {v}")));
        }
    }
    assert!(found.is_empty(), "the module graph breaks its rules:\n{}", found.join("\n"));
}

/// Each type's inherent methods live in one file, but for the ones still to
/// be reshaped (issue 31): `Plugin`'s calls by name, and `GuestPtr`'s host
/// half (`abi` defines it for both sides and must not know `Plugin`). The
/// list and the code must agree, so a type newly split fails, and so does a
/// fixed one still listed.
#[test]
fn each_type_keeps_its_methods_in_one_file() {
    const KNOWN: &[&str] = &[
        "GuestPtr has impl blocks in abi::guest_ptr, host::calls::plugin",
        "Plugin has impl blocks in host::calls::dispatch, host::calls::plugin",
    ];
    let mut found = Vec::new();
    for krate in ["runtime", "macros", "shared"] {
        found.extend(split_impls(&graph(&workspace().join(krate).join("src"))));
    }
    assert_eq!(found, KNOWN);
}

/// The checker itself, on a small crate: an upward use, a use across the
/// sides, a test module's use (no edge), then a cycle.
#[test]
fn an_upward_use_and_a_cycle_are_reported() {
    let dir = std::env::temp_dir().join(format!("wasmbind-layers-{}", std::process::id()));
    let host_mod = "// | layer | modules |\n// |---|---|\n// | core | `memory` |\n// | load | `linker` |\n\
                    mod core; mod load; pub use self::load::linker::Thing;";
    let files = [
        ("lib.rs", "mod abi; mod host;"),
        ("abi/mod.rs", "mod wire; pub use wire::Reader;"),
        ("abi/wire.rs", "pub struct Reader; fn f() -> crate::host::Thing { todo!() }"),
        ("host/mod.rs", host_mod),
        ("host/core/mod.rs", "mod memory;"),
        ("host/core/memory.rs", "use crate::host::load::linker::Linker; pub struct X; impl X {}"),
        ("host/load/mod.rs", "mod linker;"),
        (
            "host/load/linker.rs",
            "pub struct Linker; pub struct Thing; #[cfg(test)] mod tests { use crate::host::core::memory; }",
        ),
    ];
    for (file, text) in files {
        let path = dir.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let first = graph(&dir);
    let layers = host_layers(host_mod);
    assert_eq!(
        layers,
        [("core".to_owned(), vec!["memory".to_owned()]), ("load".to_owned(), vec!["linker".to_owned()])]
    );
    assert_eq!(
        layer_violations(&first, &layers),
        [
            "abi::wire uses host::load::linker: `abi` must not know `host`",
            "host::core::memory (core) uses host::load::linker (load), a layer above it"
        ]
    );
    assert_eq!(cycles(&first), Vec::<String>::new(), "a test module's use is no edge");
    assert_eq!(split_impls(&first), Vec::<String>::new());
    let unlisted = "// | layer | modules |\n// | core | `memory`, `engine` |\nmod core; mod load;";
    assert_eq!(
        layer_violations(&first, &host_layers(unlisted)),
        [
            "host/mod.rs's table lists `engine` under `core`, but host::core::engine does not exist",
            "host::load::linker is not in host/mod.rs's table under `load`",
            "host::load is in no layer of host/mod.rs's table",
            "host::load::linker is in no layer of host/mod.rs's table",
            "abi::wire uses host::load::linker: `abi` must not know `host`",
        ]
    );
    let linker = "pub struct Linker; pub struct Thing; impl Thing {} use crate::host::core::memory; impl memory::X {}";
    std::fs::write(dir.join("host/load/linker.rs"), linker).unwrap();
    assert_eq!(
        cycles(&graph(&dir)),
        ["cycle of 2: host::core::memory -> host::load::linker, host::load::linker -> host::core::memory"]
    );
    assert_eq!(split_impls(&graph(&dir)), ["X has impl blocks in host::core::memory, host::load::linker"]);
    std::fs::remove_dir_all(&dir).unwrap();
}
