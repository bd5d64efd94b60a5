//! The Python host package (`python/`): its pytest suite runs against the
//! tour and kitchen plugins built here, in a virtual environment under
//! `target/python-venv` that this test makes and fills from PyPI with the
//! versions `python/requirements-test.txt` pins (once; again when that file
//! changes).

use std::fs;
use std::path::Path;
use std::process::Command;

use wasmbind_tests::run;

/// The virtual environment's python, with the pinned requirements installed
/// (by one test at a time: several use it).
fn python(root: &Path) -> std::path::PathBuf {
    static MAKING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _making = MAKING.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
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

/// `cargo wasmbind bindgen --lang python` writes a stub mypy checks a host
/// against: `python/typecheck/host.py`, typed by the tour plugin's stub
/// (held equal to what the generator writes now), passes `mypy --strict`
/// and runs; every call of `wrong.py` is refused at its line.
#[test]
fn a_host_typed_by_the_generated_stub_passes_mypy_and_wrong_calls_do_not() {
    let root = wasmbind_tests::workspace();
    let tour = wasmbind_tests::plugin_wasm("tour-plugin", "wasm32-wasip1");
    let module = wasmbind::wasmtime::Module::from_file(wasmbind_tests::engine(), &tour).expect("the tour module");
    let imports: Vec<(&str, &str)> = module.imports().map(|i| (i.module(), i.name())).collect();
    let stub = wasmbind_build::python_stub(&wasmbind_tests::plugin_records(&tour), &imports, "tour_plugin.wasm")
        .expect("a stub");
    let committed = root.join("python/typecheck/tour.pyi");
    if std::env::var_os("WASMBIND_BLESS").is_some() {
        fs::write(&committed, &stub).expect("write python/typecheck/tour.pyi");
    }
    assert_eq!(
        fs::read_to_string(&committed).unwrap_or_default(),
        stub,
        "python/typecheck/tour.pyi is not what `cargo wasmbind bindgen --lang python` writes now (WASMBIND_BLESS=1 rewrites it)"
    );
    let python = python(&root);
    let mypy = |script: &str| {
        Command::new(&python)
            .args(["-m", "mypy", "--strict", "--follow-imports=silent", "--no-incremental", script])
            .current_dir(root.join("python"))
            .env("MYPYPATH", "typecheck:.")
            .output()
            .expect("mypy")
    };
    let typed = mypy("typecheck/host.py");
    assert!(typed.status.success(), "{}", String::from_utf8_lossy(&typed.stdout));
    let wrong = mypy("typecheck/wrong.py");
    let refused = String::from_utf8_lossy(&wrong.stdout);
    assert!(!wrong.status.success(), "the wrong calls passed mypy");
    for line in 16..=19 {
        assert!(
            refused.contains(&format!("typecheck/wrong.py:{line}: error:")),
            "line {line} is not refused:\n{refused}"
        );
    }
    assert_eq!(refused.matches(": error:").count(), 4, "{refused}");
    // And the typed host runs.
    let out = run(Command::new(&python)
        .args(["-c", "import sys, host; print(host.run(sys.argv[1]))"])
        .arg(&tour)
        .env("PYTHONPATH", format!("{}:{}", root.join("python/typecheck").display(), root.join("python").display()))
        .env("PYTHONDONTWRITEBYTECODE", "1"));
    assert!(
        String::from_utf8_lossy(&out.stdout).ends_with("3 area 12.0 Hello, Ada!\nPoint(x=4, y=6)\n"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}
