//! Misuse of the macros fails to compile with a message at the user's
//! token that says how to fix it. (Uses that must compile are in
//! `e2e/compiles.rs`: with only failing cases, trybuild `check`s the
//! dependencies instead of building them.) `TRYBUILD=overwrite cargo test
//! --test ui` regenerates the `.stderr` files.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("ui/*/*.rs");
}
