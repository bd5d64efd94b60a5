//! Misuse of the macros fails to compile with a message at the user's
//! token that says how to fix it; the `ui-pass` cases compile and run.
//! `TRYBUILD=overwrite cargo test --test ui` regenerates the `.stderr` files.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("ui/*/*.rs");
    cases.pass("ui-pass/*.rs");
}
