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

/// The package installs like one: a wheel built from `python/` (in a copy
/// under `target/`, so the source tree gets no build files), installed with
/// pip into a new virtual environment with its pinned `wasmtime`, imports
/// from there (not from the source) and runs the tour plugin; the wheel
/// carries `py.typed`.
#[test]
fn the_python_package_installs_from_its_wheel_into_a_fresh_venv() {
    let root = wasmbind_tests::workspace();
    let tour = wasmbind_tests::plugin_wasm("tour-plugin", "wasm32-wasip1");
    let (source, wheels, venv) =
        (root.join("target/python-src"), root.join("target/python-wheel"), root.join("target/python-install-venv"));
    for dir in [&source, &wheels] {
        let _ = fs::remove_dir_all(dir);
    }
    copy_dir(&root.join("python"), &source);
    run(Command::new(python(&root))
        .args(["-m", "pip", "wheel", "--quiet", "--disable-pip-version-check", "--no-deps", "-w"])
        .arg(&wheels)
        .arg(&source));
    let wheel = fs::read_dir(&wheels)
        .expect("the wheel's directory")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "whl"))
        .expect("a wheel");
    let listing = run(Command::new("python3").args(["-m", "zipfile", "-l"]).arg(&wheel));
    assert!(String::from_utf8_lossy(&listing.stdout).contains("wasmbind/py.typed"), "the wheel has no py.typed");

    run(Command::new("python3").args(["-m", "venv", "--clear"]).arg(&venv));
    let installed = venv.join("bin/python");
    run(Command::new(&installed).args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check"]).arg(&wheel));
    let script = r#"
import sys, wasmbind
assert "python-install-venv" in wasmbind.__file__, wasmbind.__file__
class Env:
    def log(self, msg): pass
    def shared_value(self): return 0
    def set_shared_value(self, value): pass
    def get(self, key): return None
    def number(self, key): return wasmbind.Err("no")
    def require(self, key): raise wasmbind.Trap("no")
tour = wasmbind.load(sys.argv[1], host={"env": Env()})
print(tour.name, tour.greet("Ada"))
"#;
    let out = run(Command::new(&installed).arg("-c").arg(script).arg(&tour).current_dir(std::env::temp_dir()));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "tour-plugin Hello, Ada!\n");
}

/// Copies the directory `from` to `to`, leaving out caches.
fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create a directory");
    for entry in fs::read_dir(from).expect("read a directory").filter_map(Result::ok) {
        let (path, name) = (entry.path(), entry.file_name());
        if name == "__pycache__" || name == ".pytest_cache" {
            continue;
        }
        if path.is_dir() {
            copy_dir(&path, &to.join(&name));
        } else {
            fs::copy(&path, to.join(&name)).expect("copy a file");
        }
    }
}
