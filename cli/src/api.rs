//! `check --api CRATE`: the records an API crate declares, without a
//! plugin built from it.
//!
//! An API crate holds each `#[plugin_export]` trait's exports record in a
//! constant (`wasmbind_shared::record_const`), and on wasm exports the
//! imports record of each `#[host_fn]` trait (and of each linked trait)
//! from any module that links it. So a *probe*, a `cdylib` that depends on
//! the API crate and exports those constants as records, built to wasm
//! (no host dependencies: it builds in seconds, into the plugins directory
//! of the API crate's workspace, reusing what its plugins compiled), is a
//! module whose records are the API's. The traits are found by reading the
//! crate's source: every `pub` trait marked `#[plugin_export]` in a module
//! reachable by `pub` paths.

use std::path::{Path, PathBuf};

use cargo_metadata::{MetadataCommand, TargetKind};

/// The most source files read, and the deepest module nesting followed.
const MAX_FILES: usize = 1024;
const MAX_DEPTH: usize = 32;

/// The API crate at `path` (its directory or its `Cargo.toml`): its
/// package name, and the `.wasm` of a probe whose records are its records.
pub fn probe(path: &Path) -> Result<(String, PathBuf), String> {
    let manifest = if path.is_dir() { path.join("Cargo.toml") } else { path.to_owned() };
    let metadata = MetadataCommand::new()
        .manifest_path(&manifest)
        .no_deps()
        .exec()
        .map_err(|e| format!("cannot read the API crate at {}: {e}", path.display()))?;
    let manifest = manifest.canonicalize().map_err(|e| format!("cannot read {}: {e}", manifest.display()))?;
    let package =
        metadata.packages.iter().find(|p| p.manifest_path.as_std_path() == manifest).ok_or_else(|| {
            format!("{} is a workspace, not a package: give the API crate's directory", path.display())
        })?;
    let lib = package
        .targets
        .iter()
        .find(|t| t.kind.contains(&TargetKind::Lib))
        .ok_or_else(|| format!("package {} has no library: an API crate is one", package.name))?;
    let mut traits = Vec::new();
    let mut files = 0;
    let crate_name = lib.name.replace('-', "_");
    read_module(lib.src_path.as_std_path(), std::slice::from_ref(&crate_name), 0, &mut files, &mut traits)?;

    // One probe per API crate, each its own package, so probes of two API
    // crates built at once do not write the same `.wasm`.
    let probe = format!("wasmbind-check-{}", package.name.as_str());
    let dir = metadata.target_directory.as_std_path().join("wasmbind-check").join(package.name.as_str());
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let manifest_dir = manifest.parent().unwrap_or(Path::new("."));
    let write = |name: &str, text: String| {
        std::fs::write(dir.join(name), text).map_err(|e| format!("cannot write {}: {e}", dir.join(name).display()))
    };
    write(
        "Cargo.toml",
        format!(
            "# Written by `cargo wasmbind check --api`: a module whose records are {name}'s.\n\
             [package]\nname = {probe:?}\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [lib]\ncrate-type = [\"cdylib\"]\npath = \"lib.rs\"\n\n\
             [dependencies]\n{crate_name} = {{ package = {name:?}, path = {dir:?} }}\n\n[workspace]\n",
            name = package.name.as_str(),
            dir = manifest_dir.display().to_string(),
        ),
    )?;
    write("lib.rs", probe_source(&crate_name, &traits))?;
    // The API workspace's versions, so its plugins' compiled dependencies serve.
    let lock = metadata.workspace_root.as_std_path().join("Cargo.lock");
    if lock.is_file() {
        std::fs::copy(&lock, dir.join("Cargo.lock")).map_err(|e| format!("cannot copy {}: {e}", lock.display()))?;
    }
    let plugins = wasmbind_build::plugins_dir(metadata.workspace_root.as_std_path());
    let wasm = wasmbind_build::Build::new(&dir, &probe).target_dir(&plugins).debug().run()?;
    Ok((package.name.to_string(), wasm))
}

/// The probe's source: the API crate linked, and each exports record
/// exported as a plugin exports it (a `u32` LE length, then the text).
fn probe_source(crate_name: &str, traits: &[(String, String)]) -> String {
    let mut source = format!(
        "//! Written by `cargo wasmbind check --api`.\n\n\
         extern crate {crate_name};\n\n\
         const fn record<const N: usize>(text: &str) -> [u8; N] {{\n    \
             let mut out = [0u8; N];\n    \
             let len = (text.len() as u32).to_le_bytes();\n    \
             let mut i = 0;\n    \
             while i < N {{\n        \
                 out[i] = if i < 4 {{ len[i] }} else {{ text.as_bytes()[i - 4] }};\n        \
                 i += 1;\n    \
             }}\n    \
             out\n\
         }}\n"
    );
    for (i, (path, trait_name)) in traits.iter().enumerate() {
        let export = wasmbind_shared::Heading::Exports { trait_name: trait_name.clone() }.export_name();
        source += &format!(
            "\n#[unsafe(export_name = {export:?})]\nstatic RECORD_{i}: [u8; {path}.len() + 4] = record({path});\n"
        );
    }
    source
}

/// Collects `(path of the record constant, trait name)` for every `pub`
/// `#[plugin_export]` trait of the module in `file`, whose path is `path`,
/// and of its `pub` submodules.
fn read_module(
    file: &Path,
    path: &[String],
    depth: usize,
    files: &mut usize,
    traits: &mut Vec<(String, String)>,
) -> Result<(), String> {
    *files += 1;
    if *files > MAX_FILES || depth > MAX_DEPTH {
        return Err(format!("{}: more than {MAX_FILES} files or {MAX_DEPTH} nested modules", file.display()));
    }
    let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let parsed = syn::parse_file(&text).map_err(|e| format!("{}: cannot parse: {e}", file.display()))?;
    // `mod x;` in `lib.rs` or `mod.rs` is beside it, in `foo.rs` under `foo/`.
    let is_root = path.len() == 1 || file.file_name().is_some_and(|n| n == "mod.rs");
    let dir = match is_root {
        true => file.parent().map(Path::to_path_buf).unwrap_or_default(),
        false => file.with_extension(""),
    };
    read_items(&parsed.items, path, &dir, depth, files, traits)
}

fn read_items(
    items: &[syn::Item],
    path: &[String],
    dir: &Path,
    depth: usize,
    files: &mut usize,
    traits: &mut Vec<(String, String)>,
) -> Result<(), String> {
    for item in items {
        match item {
            syn::Item::Trait(item) if is_pub(&item.vis) && marked(&item.attrs, "plugin_export") => {
                let name = item.ident.to_string();
                let constant = wasmbind_shared::record_const(&name);
                traits.push((format!("{}::{constant}", path.join("::")), name));
            }
            syn::Item::Mod(module) if is_pub(&module.vis) && !host_only(&module.attrs) => {
                let mut inner = path.to_vec();
                inner.push(module.ident.to_string());
                match &module.content {
                    Some((_, items)) => {
                        read_items(items, &inner, &dir.join(module.ident.to_string()), depth + 1, files, traits)?
                    }
                    None => {
                        let name = module.ident.to_string();
                        let file = [dir.join(format!("{name}.rs")), dir.join(&name).join("mod.rs")]
                            .into_iter()
                            .find(|f| f.is_file())
                            .ok_or_else(|| format!("{}: cannot find module {name}", dir.display()))?;
                        read_module(&file, &inner, depth + 1, files, traits)?;
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn is_pub(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

/// Whether `attrs` has `#[name]` or `#[..::name(..)]`.
fn marked(attrs: &[syn::Attribute], name: &str) -> bool {
    attrs.iter().any(|a| a.path().segments.last().is_some_and(|s| s.ident == name))
}

/// A module only for the host (`#[cfg(not(target_family = "wasm"))]`)
/// does not exist in the probe's build.
fn host_only(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && a.meta.require_list().is_ok_and(|list| {
                let tokens = list.tokens.to_string().replace(' ', "");
                tokens == "not(target_family=\"wasm\")"
            })
    })
}
