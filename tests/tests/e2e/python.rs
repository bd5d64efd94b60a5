//! The Python host package (`python/`): its pytest suite runs against the
//! tour and kitchen plugins built here, in a virtual environment under
//! `target/python-venv` that this test makes and fills from PyPI with the
//! versions `python/requirements-test.txt` pins (once; again when that file
//! changes).

use std::fs;
use std::path::Path;
use std::process::Command;

use wasmbind_tests::run;

/// The virtual environment's python, with the pinned requirements installed.
fn python(root: &Path) -> std::path::PathBuf {
    let venv = root.join("target/python-venv");
    let python = venv.join("bin/python");
    let requirements = root.join("python/requirements-test.txt");
    let wanted = fs::read_to_string(&requirements).expect("python/requirements-test.txt");
    let stamp = venv.join("installed-requirements.txt");
    if fs::read_to_string(&stamp).ok().as_deref() != Some(wanted.as_str()) {
        run(Command::new("python3").args(["-m", "venv", "--clear"]).arg(&venv));
        run(Command::new(&python)
            .args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r"])
            .arg(&requirements));
        fs::write(&stamp, &wanted).expect("write the venv's stamp");
    }
    python
}

#[test]
fn the_python_package_passes_its_pytest_suite_against_real_plugins() {
    let tour = wasmbind_tests::plugin_wasm("tour-plugin", "wasm32-wasip1");
    let kitchen = wasmbind_tests::plugin_wasm("kitchen-plugin", "wasm32-unknown-unknown");
    let heap = wasmbind_tests::plugin_wasm("heap-plugin", "wasm32-unknown-unknown");
    let shared_module = wasmbind_tests::plugin_wasm("shared-module-plugin", "wasm32-unknown-unknown");
    let root = wasmbind_tests::workspace();
    let output = run(Command::new(python(&root))
        .args(["-m", "pytest", "-q", "-p", "no:cacheprovider"])
        .arg(root.join("python/tests"))
        .env("PYTHONPATH", root.join("python"))
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env("WASMBIND_TOUR_WASM", tour)
        .env("WASMBIND_KITCHEN_WASM", kitchen)
        .env("WASMBIND_HEAP_WASM", heap)
        .env("WASMBIND_SHARED_MODULE_WASM", shared_module));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let summary = stdout.lines().last().unwrap_or_default();
    // Every test ran: none skipped or deselected.
    assert!(summary.contains(" passed") && !summary.contains("skipped"), "{stdout}");
}
