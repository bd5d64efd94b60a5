//! `build_plugin` builds a plugin in a workspace that defines no profile
//! of its own, and the plugin exports its stack pointer.

use std::path::Path;

#[test]
fn builds_a_plugin_in_a_workspace_with_nothing_in_its_manifest() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("any-workspace");
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        "[package]\nname = \"tiny-plugin\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n[lib]\ncrate-type = [\"cdylib\"]\n\n[workspace]\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("src/lib.rs"),
        "#[unsafe(no_mangle)]\npub extern \"C\" fn add(a: i32, b: i32) -> i32 { a.wrapping_add(b) }\n",
    )
    .unwrap();
    let wasm = wasmbind_build::build_plugin(&dir, "tiny-plugin", "wasm32-unknown-unknown").unwrap();
    assert!(wasm.ends_with(format!("wasm32-unknown-unknown/{}/tiny_plugin.wasm", wasmbind_build::PROFILE)));
    let bytes = std::fs::read(&wasm).unwrap();
    assert_eq!(&bytes[..4], b"\0asm");
    let exports = |name: &str| bytes.windows(name.len()).any(|w| w == name.as_bytes());
    assert!(exports("add") && exports(wasmbind_shared::STACK_EXPORT), "exports add and the stack pointer");
    // Built for size: no name section (`strip`), a few hundred bytes.
    assert!(bytes.len() < 2048, "{} bytes", bytes.len());
}
