//! What the plugin side refuses at compile time, built for wasm (trybuild
//! builds only for the host): freeing memory is `unsafe`, and a plugin
//! built with the `atomics` feature (threads) does not compile, because the
//! plugin runtime's statics assume one thread.

use std::process::Command;

/// `cargo check`s a one-file plugin crate for wasm; returns its stderr and
/// whether it compiled.
fn check_plugin(name: &str, source: &str, rustflags: &str, nightly: bool) -> (bool, String) {
    let root = wasmbind_tests::workspace();
    let dir = root.join("target").join("compile-fail").join(name);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let runtime = root.join("runtime");
    let manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n[lib]\ncrate-type = [\"cdylib\"]\n\n\
         [dependencies]\nwasmbind = {{ path = {:?}, default-features = false }}\n\n[workspace]\n",
        runtime.display().to_string()
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    std::fs::write(dir.join("src/lib.rs"), source).unwrap();
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .current_dir(&dir)
        .args(["check", "--offline", "--quiet", "--target", "wasm32-unknown-unknown"])
        .env("CARGO_TARGET_DIR", root.join("target").join("compile-fail").join("target"))
        .env("RUSTFLAGS", rustflags)
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env("RUSTC_BOOTSTRAP", if nightly { "1" } else { "0" })
        .output()
        .unwrap();
    (output.status.success(), String::from_utf8_lossy(&output.stderr).into_owned())
}

#[test]
fn freeing_plugin_memory_is_unsafe() {
    wasmbind_build::ensure_target("wasm32-unknown-unknown").unwrap();
    let (ok, stderr) = check_plugin(
        "free-without-unsafe",
        "#![forbid(unsafe_code)]\npub fn free_stack() {\n    let mut x = [0u8; 4];\n    wasmbind::guest::wasmbind_free(x.as_mut_ptr(), 4, 1);\n}\n",
        "",
        false,
    );
    assert!(!ok, "compiled: {stderr}");
    assert!(stderr.contains("E0133") && stderr.contains("wasmbind_free"), "{stderr}");
    let (ok, stderr) = check_plugin("plain", "pub fn nothing() {}\n", "", false);
    assert!(ok, "a plain plugin must compile: {stderr}");
}

#[test]
fn plugins_built_with_threads_are_refused() {
    wasmbind_build::ensure_target("wasm32-unknown-unknown").unwrap();
    // Threaded wasm needs a nightly toolchain (a std built with atomics);
    // only there does rustc expose `target_feature = "atomics"`, so the
    // check runs as nightly would.
    let (ok, stderr) =
        check_plugin("with-atomics", "pub fn nothing() {}\n", "-C target-feature=+atomics,+bulk-memory", true);
    assert!(!ok, "compiled: {stderr}");
    assert!(stderr.contains("wasmbind plugins are single-threaded"), "{stderr}");
}
