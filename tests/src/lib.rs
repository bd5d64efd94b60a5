//! Shared helpers for the end-to-end tests: building the workspace's test
//! plugins once per test binary, and the kitchen plugin's host side.

pub mod kitchen;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Mutex, OnceLock};

use wasmbind::wasmtime::{Engine, Module};

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Builds (once per process) and returns the `.wasm` of a workspace plugin.
pub fn plugin_wasm(package: &str, target: &str) -> PathBuf {
    static BUILT: OnceLock<Mutex<HashMap<(String, String), PathBuf>>> = OnceLock::new();
    let mut built = BUILT.get_or_init(Default::default).lock().unwrap_or_else(|e| e.into_inner());
    built
        .entry((package.into(), target.into()))
        .or_insert_with(|| {
            wasmbind_build::build_plugin(&workspace(), package, target).unwrap_or_else(|e| panic!("{e}"))
        })
        .clone()
}

/// One engine for the whole test binary.
pub fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(Engine::default)
}

/// The records of the plugin at `wasm`, read by the Rust host (its
/// imports stubbed): what the generators of other languages' bindings take.
pub fn plugin_records(wasm: &Path) -> Vec<wasmbind::host::records::Record> {
    use wasmbind::host::Plugin;
    let module = Module::from_file(engine(), wasm).expect("module");
    let mut linker = wasmbind::wasmtime::Linker::new(engine());
    linker.define_unknown_imports_as_traps(&module).expect("stubs");
    let mut store = wasmbind::wasmtime::Store::new(engine(), ());
    let instance = linker.instantiate(&mut store, &module).expect("instantiate");
    Plugin::new(&mut store, instance, "records").expect("plugin").records(&mut store)
}

/// A workspace plugin built for `wasm32-unknown-unknown` and compiled
/// (once per test binary; a `Module` clone shares the compiled code).
pub fn plugin_module(package: &str) -> Module {
    static MODULES: OnceLock<Mutex<HashMap<String, Module>>> = OnceLock::new();
    let mut modules = MODULES.get_or_init(Default::default).lock().unwrap_or_else(|e| e.into_inner());
    modules
        .entry(package.into())
        .or_insert_with(|| {
            let wasm = plugin_wasm(package, "wasm32-unknown-unknown");
            Module::from_file(engine(), wasm).unwrap_or_else(|e| panic!("{package} compiles: {e:?}"))
        })
        .clone()
}

/// The compiled kitchen plugin (compiled once per test binary).
pub fn kitchen_module() -> &'static Module {
    static MODULE: OnceLock<Module> = OnceLock::new();
    MODULE.get_or_init(|| plugin_module("kitchen-plugin"))
}

/// Compiles WebAssembly text into a module.
pub fn wat_module(text: &str) -> Module {
    Module::new(engine(), wat::parse_str(text).expect("valid wat")).expect("valid module")
}

/// Runs a tool the foreign-language tests need (python, clang, g++, a
/// built host) and returns its output; panics with both streams on failure.
pub fn run(command: &mut Command) -> Output {
    let output = command.output().unwrap_or_else(|e| panic!("cannot run {command:?}: {e}"));
    assert!(
        output.status.success(),
        "{command:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// Runs `body`, the body of test `name` (its path in this test binary,
/// `module::test`), as a user's host would meet an attack that aborts or
/// hangs: in a child process of this binary limited to `mib` MiB of data
/// (`ulimit -d`: heap and every writable private mapping) and `secs`
/// seconds, so that an abort, an exhausted memory or a hang fails the test
/// instead of the run. Called in that child again, it runs `body`.
pub fn guarded(name: &str, mib: u64, secs: u64, body: impl FnOnce()) {
    const CHILD: &str = "WASMBIND_GUARDED_CHILD";
    if std::env::var_os(CHILD).is_some() {
        return body();
    }
    let exe = std::env::current_exe().expect("the test binary");
    let log =
        std::env::temp_dir().join(format!("wasmbind-guarded-{}-{}.log", std::process::id(), name.replace(':', "_")));
    let file = std::fs::File::create(&log).expect("a log file");
    let mut child = Command::new("sh")
        .args(["-c", &format!("ulimit -d {}; exec \"$0\" --exact \"$1\" --nocapture --test-threads=1", mib * 1024)])
        .arg(&exe)
        .arg(name)
        .env(CHILD, "1")
        .stdout(file.try_clone().expect("log"))
        .stderr(file)
        .spawn()
        .expect("spawn the test binary");
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break Some(status);
        }
        if start.elapsed() > std::time::Duration::from_secs(secs) {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let output = std::fs::read_to_string(&log).unwrap_or_default();
    let _ = std::fs::remove_file(&log);
    let tail = output.get(output.len().saturating_sub(4000)..).unwrap_or(&output);
    match status {
        None => panic!("{name} did not finish within {secs} s in its child process:\n{tail}"),
        Some(status) => assert!(
            status.success() && output.contains("1 passed"),
            "{name} failed in its child process ({mib} MiB of data, {secs} s): {status}\n{tail}"
        ),
    }
}
