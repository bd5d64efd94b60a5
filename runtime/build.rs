//! Links the guest runtime's stack-pointer exports into every plugin
//! (`guest-stack/stack.c`): a plugin built with plain `cargo build` then
//! survives traps as one built by `wasmbind-build` does (docs/ABI.md
//! section 3). The archive is committed, so building a plugin needs no C
//! compiler.

fn main() {
    println!("cargo:rerun-if-changed=guest-stack/libwasmbind_stack.a");
    let target = std::env::var("TARGET").unwrap_or_default();
    if target.starts_with("wasm32") {
        let dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
        println!("cargo:rustc-link-search=native={dir}/guest-stack");
        println!("cargo:rustc-link-lib=static=wasmbind_stack");
    }
}
