//! The tour passes against both backends, and each check prints the same
//! line for the wasm plugin and the in-process one.

use std::process::Command;

#[test]
fn the_tour_checks_pass_the_same_way_on_wasm_and_in_process() {
    let out = Command::new(env!("CARGO_BIN_EXE_tour")).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.ends_with("tour complete: every boundary checked, on both backends\n"), "{stdout}");
    let (wasm, native) = stdout.split_once("== the same checks in-process").expect("an in-process run");
    // The checks, and the error messages the host printed (a host trap, a panic with its location).
    let lines = |half: &str| {
        let shown =
            |l: &&str| ["ok: ", "host function trap: ", "plugin panic: "].iter().any(|p| l.trim_start().starts_with(p));
        half.lines().filter(shown).map(str::to_owned).collect::<Vec<_>>()
    };
    let (wasm, native) = (lines(wasm), lines(native));
    assert_eq!(wasm.len(), 25, "{wasm:#?}");
    assert_eq!(wasm, native);
}
