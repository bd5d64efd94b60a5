//! `build`: one plugin package of a workspace, for its target.

use std::path::Path;
use std::process::ExitCode;

use cargo_metadata::{MetadataCommand, Package};
use wasmbind_build::{Build, TARGETS};

use crate::status::status;

/// `[package.metadata.wasmbind] wasi = true` asks for wasm32-wasip1.
fn wants_wasi(package: &Package) -> bool {
    package.metadata.get("wasmbind").and_then(|w| w.get("wasi")).and_then(|w| w.as_bool()).unwrap_or(false)
}

/// The package `-p` names, or the one whose directory holds the current one.
fn find<'m>(packages: &[&'m Package], name: Option<&str>) -> Result<&'m Package, String> {
    let names = || packages.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join(", ");
    if let Some(name) = name {
        return packages
            .iter()
            .find(|p| p.name.as_str() == name)
            .copied()
            .ok_or_else(|| format!("package `{name}` is not in this workspace (it has: {})", names()));
    }
    let cwd = std::env::current_dir().map_err(|e| format!("no current directory: {e}"))?;
    packages
        .iter()
        .filter(|p| p.manifest_path.parent().is_some_and(|dir| cwd.starts_with(dir)))
        .max_by_key(|p| p.manifest_path.as_str().len())
        .copied()
        .ok_or_else(|| format!("the current directory is in no package; pass `-p` with one of: {}", names()))
}

pub fn run(
    package: Option<&str>,
    release: bool,
    target: Option<&str>,
    manifest: Option<&Path>,
) -> Result<ExitCode, String> {
    let mut command = MetadataCommand::new();
    command.no_deps();
    if let Some(manifest) = manifest {
        command.manifest_path(manifest);
    }
    let metadata = command.exec().map_err(|e| format!("cannot read the workspace: {e}"))?;
    let members: Vec<&Package> = metadata.workspace_packages();
    let package = find(&members, package)?;
    let Some(lib) = package.targets.iter().find(|t| t.is_cdylib()) else {
        return Err(format!(
            "package `{}` is not a plugin: add `[lib] crate-type = [\"cdylib\", \"rlib\"]` to {}",
            package.name, package.manifest_path
        ));
    };
    let lib_name = lib.name.replace('-', "_");
    let target = target.unwrap_or(if wants_wasi(package) { TARGETS[1] } else { TARGETS[0] });
    let mut build =
        Build::new(metadata.workspace_root.as_std_path(), &package.name).target(target).lib(&lib_name).progress();
    if !release {
        build = build.debug();
    }
    let profile = build.profile();
    status("Building", &format!("plugin {} v{} for {target} ({profile} profile)", package.name, package.version));
    let wasm = build.run()?;
    let size = std::fs::metadata(&wasm).map_err(|e| format!("cargo built no {}: {e}", wasm.display()))?.len();
    status("Built", &format!("{} ({})", wasm.display(), human(size)));
    println!("{}", wasm.display());
    Ok(ExitCode::SUCCESS)
}

/// `12345` as `12.1 KiB`.
fn human(bytes: u64) -> String {
    match bytes {
        0..1024 => format!("{bytes} bytes"),
        1024..1_048_576 => format!("{:.1} KiB", bytes as f64 / 1024.0),
        _ => format!("{:.1} MiB", bytes as f64 / 1_048_576.0),
    }
}
