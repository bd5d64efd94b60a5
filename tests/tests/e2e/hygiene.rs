//! `tests/hygiene` uses every macro form under `#![no_implicit_prelude]`
//! with `wasmbind` renamed; `cargo test` compiles it for the host, and this
//! test compiles it for wasm, where the guest halves expand.

use std::process::Command;

#[test]
fn hygiene_crate_compiles_for_wasm() {
    wasmbind_tests::plugin_wasm("kitchen-plugin", "wasm32-unknown-unknown"); // installs the target if needed
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .current_dir(wasmbind_tests::workspace())
        .args(["check", "--quiet", "-p", "wasmbind-hygiene", "--target", "wasm32-unknown-unknown"])
        .arg("--target-dir")
        .arg(wasmbind_build::plugins_dir(&wasmbind_tests::workspace()))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
}
