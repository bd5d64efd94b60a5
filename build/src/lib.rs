//! Building plugin crates: what examples, tests and tools use to turn a
//! workspace plugin into a `.wasm`. Not part of a host's runtime API.

#![warn(missing_docs)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The profile plugins build with, defined on the command line
/// ([`PROFILE_SETTINGS`]) so a workspace needs nothing in its Cargo.toml.
pub const PROFILE: &str = "wasmbind-plugin";

/// The settings of [`PROFILE`]: the release profile, built for size, with
/// one codegen unit, LTO, no symbols and `panic = "abort"` (a plugin
/// cannot unwind into its host). A workspace's own `[profile.wasmbind-plugin]`
/// is overridden key by key.
pub const PROFILE_SETTINGS: [(&str, &str); 6] = [
    ("inherits", "\"release\""),
    ("opt-level", "\"s\""),
    ("lto", "true"),
    ("codegen-units", "1"),
    ("strip", "true"),
    ("panic", "\"abort\""),
];

/// Builds the `cdylib` package `package` of the workspace at `workspace`
/// for `target` (`"wasm32-unknown-unknown"` or `"wasm32-wasip1"`) with the
/// [`PROFILE`] profile, and returns the path of its `.wasm`. Any workspace
/// will do: the profile is given on the command line.
///
/// Plugins build into `target/plugins` so a build started from inside
/// `cargo test` or `cargo run` does not wait on their lock. A missing
/// target is installed with `rustup target add` first.
///
/// The plugin exports its shadow-stack pointer (the linker argument
/// [`STACK_LINK_ARG`](wasmbind_shared::STACK_LINK_ARG), added to the
/// target's `rustflags`), so the host can restore it after a trap.
pub fn build_plugin(workspace: &Path, package: &str, target: &str) -> Result<PathBuf, String> {
    ensure_target(target)?;
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let target_dir = workspace.join("target").join("plugins");
    let link_arg = wasmbind_shared::STACK_LINK_ARG;
    let mut command = Command::new(cargo);
    command
        .current_dir(workspace)
        .args(["build", "--quiet", "--package", package, "--target", target, "--profile", PROFILE])
        .arg("--config")
        .arg(format!(r#"target.{target}.rustflags=["-C", "link-arg={link_arg}"]"#));
    for (key, value) in PROFILE_SETTINGS {
        command.arg("--config").arg(format!("profile.{PROFILE}.{key}={value}"));
    }
    let status = command
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
    Ok(target_dir.join(target).join(PROFILE).join(format!("{}.wasm", package.replace('-', "_"))))
}

/// Installs `target` with rustup when the toolchain lacks its standard library
/// (what [`build_plugin`] does first).
pub fn ensure_target(target: &str) -> Result<(), String> {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let libdir = Command::new(rustc)
        .args(["--print", "target-libdir", "--target", target])
        .output()
        .map_err(|e| format!("cannot run rustc: {e}"))?;
    let libdir = String::from_utf8_lossy(&libdir.stdout);
    if Path::new(libdir.trim()).is_dir() {
        return Ok(());
    }
    eprintln!("installing the {target} target: rustup target add {target}");
    let status = Command::new("rustup")
        .args(["target", "add", target])
        .status()
        .map_err(|e| format!("the {target} target is missing and rustup could not run ({e}): install it"))?;
    if status.success() { Ok(()) } else { Err(format!("`rustup target add {target}` failed ({status})")) }
}
