//! Building plugin crates from a workspace, for examples and tests.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Builds the `cdylib` package `package` of the workspace at `workspace`
/// for `target` (`"wasm32-unknown-unknown"` or `"wasm32-wasip1"`) with the
/// `plugin` profile, and returns the path of its `.wasm`.
///
/// Plugins build into `target/plugins` so a build started from inside
/// `cargo test` or `cargo run` does not wait on their lock.
pub fn build_plugin(workspace: &Path, package: &str, target: &str) -> Result<PathBuf, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let target_dir = workspace.join("target").join("plugins");
    let status = Command::new(cargo)
        .current_dir(workspace)
        .args(["build", "--quiet", "--package", package, "--target", target, "--profile", "plugin"])
        .arg("--target-dir")
        .arg(&target_dir)
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .status()
        .map_err(|e| format!("cannot run cargo to build plugin {package}: {e}"))?;
    if !status.success() {
        return Err(format!(
            "building plugin {package} for {target} failed ({status}); is the target installed? \
             `rustup target add {target}`"
        ));
    }
    Ok(target_dir.join(target).join("plugin").join(format!("{}.wasm", package.replace('-', "_"))))
}
