//! Other languages, from the records alone: C headers that `cargo wasmbind
//! header` writes (`wasmbind_build::c_header`), a C plugin built with clang
//! against one and loaded by the Rust host with the same interface checks as
//! a Rust plugin, and a C++ host on wasmtime's C API that runs the classic
//! patterns against the Rust tour plugin.
//!
//! clang, wasm-ld, cmake (for the C API's build script) and g++ are
//! installed with apt-get when missing; wasmtime's C API is built from the
//! `wasmtime-c-api-impl` crate of the workspace's wasmtime version
//! (`tests/capi`, into `target/capi`).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use wasmbind::host::Instantiate;

use wasmbind::Linker;
use wasmbind::host::records::Record;
use wasmbind::host::{Handle, Plugin};
use wasmbind::wasmtime::{Module, Store};
use wasmbind_tests::{engine, run, workspace};

/// clang, wasm-ld, cmake and g++, installed from Debian's packages when one is missing.
fn tools() {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        let present = |tool: &str| Command::new(tool).arg("--version").output().is_ok_and(|o| o.status.success());
        if ["clang", "wasm-ld", "cmake", "g++"].iter().all(|tool| present(tool)) {
            return;
        }
        let root = Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0\n"));
        let mut install = if root { Command::new("apt-get") } else { Command::new("sudo") };
        if !root {
            install.args(["-n", "apt-get"]);
        }
        let status = install.args(["install", "-y", "-q", "clang", "lld", "cmake", "g++"]).status();
        assert!(
            status.is_ok_and(|s| s.success()),
            "clang, lld, cmake and g++ are missing and apt-get could not install them: install them"
        );
    });
}

/// The header `cargo wasmbind header` writes for `wasm` is the one committed
/// at `tests/foreign/{name}` (`WASMBIND_BLESS=1` rewrites it).
fn header(wasm: &Path, name: &str) -> PathBuf {
    let source = wasm.file_name().and_then(|n| n.to_str()).expect("file name");
    let text = wasmbind_build::c_header(&wasmbind_tests::plugin_records(wasm), source).expect("a header");
    let path = workspace().join("tests/foreign").join(name);
    if std::env::var_os("WASMBIND_BLESS").is_some() {
        std::fs::write(&path, &text).expect("bless");
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == text,
        "{} is not what `cargo wasmbind header` writes now; rerun with WASMBIND_BLESS=1",
        path.display()
    );
    path
}

fn out_dir() -> PathBuf {
    let dir = workspace().join("target/foreign");
    std::fs::create_dir_all(&dir).expect("target/foreign");
    dir
}

/// calc.c, built with clang for wasm32 against the header of the Rust calc
/// plugin, with the link flags the header gives (once: two tests use it).
fn c_plugin() -> Module {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    let wasm = BUILT.get_or_init(|| {
        tools();
        header(&wasmbind_tests::plugin_wasm("calc-plugin", "wasm32-unknown-unknown"), "calc.h");
        let wasm = out_dir().join("calc_c.wasm");
        run(Command::new("clang")
            .args(["--target=wasm32-unknown-unknown", "-mmutable-globals", "-O2", "-nostdlib"])
            .args(["-Wall", "-Wextra", "-Werror", "-Wl,--no-entry", "-Wl,--export-dynamic"])
            .args(["-Wl,--export=__stack_pointer", "-o"])
            .arg(&wasm)
            .arg(workspace().join("tests/foreign/calc.c")));
        wasm
    });
    Module::from_file(engine(), wasm).expect("the C plugin compiles")
}

#[derive(Default)]
struct Logs(Vec<String>);

impl calc_api::Env for Logs {
    fn log(&mut self, msg: &str) {
        self.0.push(msg.to_owned());
    }
}

#[derive(Default)]
struct LogsV2;

impl calc_api_v2::Env for LogsV2 {
    fn log(&mut self, _: &[u8]) {}
}

/// `env::log` as a context function: it records whether the caller proved
/// it is the session's plugin (`cx.caller()`), which only the instance key
/// the host wrote into the plugin does.
#[wasmbind::host_fn(module = "env")]
trait KeyedEnv {
    fn log(cx: &mut wasmbind::Context<'_, Self>, msg: wasmbind::Lent<str>);
}

#[derive(Default)]
struct Keyed(Vec<bool>);

impl KeyedEnv for Keyed {
    fn log(cx: &mut wasmbind::Context<'_, Self>, _: wasmbind::Lent<str>) {
        let known = cx.caller().is_some();
        cx.state().0.push(known);
    }
}

/// wasi-libc and the wasm32 compiler builtins, installed with apt-get when missing.
fn wasi_libc() {
    if Path::new("/usr/include/wasm32-wasi/stdlib.h").is_file()
        && Command::new("clang")
            .args(["--target=wasm32-wasi", "-print-libgcc-file-name"])
            .output()
            .is_ok_and(|o| Path::new(String::from_utf8_lossy(&o.stdout).trim()).is_file())
    {
        return;
    }
    let root = Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0\n"));
    let mut install = if root { Command::new("apt-get") } else { Command::new("sudo") };
    if !root {
        install.args(["-n", "apt-get"]);
    }
    let status = install.args(["install", "-y", "-q", "wasi-libc", "libclang-rt-dev-wasm32"]).status();
    assert!(status.is_ok_and(|s| s.success()), "wasi-libc is missing and apt-get could not install it: install it");
}

/// With libc linked (`wasm32-wasi`), the header's `wasmbind_alloc` and
/// `wasmbind_free` are libc's `malloc` and `free` rather than a second
/// allocator at `__heap_base`: a thousand arguments of growing sizes are
/// allocated by the host and freed by the plugin.
#[test]
fn a_c_plugin_with_libc_allocates_with_malloc() {
    let _ = c_plugin(); // the header
    wasi_libc();
    let wasm = out_dir().join("calc_c_wasi.wasm");
    run(Command::new("clang")
        .args(["--target=wasm32-wasi", "-mexec-model=reactor", "-mmutable-globals", "-O2"])
        .args(["-Wall", "-Wextra", "-Werror", "-Wl,--export-dynamic", "-Wl,--export=__stack_pointer", "-o"])
        .arg(&wasm)
        .arg(workspace().join("tests/foreign/calc.c")));
    let module = Module::from_file(engine(), &wasm).expect("the C plugin links with wasi-libc");
    // Its allocator is libc's (`aligned_alloc`, named in the module's name
    // section), which the bump allocator's build does not link.
    let names = |path: &Path| String::from_utf8_lossy(&fs_read(path)).contains("aligned_alloc");
    assert!(names(&wasm) && !names(&out_dir().join("calc_c.wasm")));
    let mut linker = Linker::new(engine());
    calc_api::env::add_to_linker(&mut linker, |logs: &mut Logs| logs).unwrap();
    let mut store = Store::new(engine(), Logs::default());
    let calc = calc_api::CalcPlugin::instantiate(&mut store, (&linker, &module)).expect("the C plugin matches Calc");
    for n in 0..1000 {
        assert_eq!(calc.count(&mut store, &"é".repeat(n)).unwrap(), n as u32);
    }
}

fn fs_read(path: &Path) -> Vec<u8> {
    std::fs::read(path).expect("read a file")
}

#[test]
fn a_c_plugin_passes_its_instance_key_and_exports_its_stack_pointer() {
    let module = c_plugin();
    let exports: Vec<&str> = module.exports().map(|e| e.name()).collect();
    assert!(exports.contains(&"wasmbind_key") && exports.contains(&"__stack_pointer"), "{exports:?}");
    let mut linker = Linker::new(engine());
    env::add_to_linker(&mut linker, |keyed: &mut Keyed| keyed).unwrap();
    let mut store = Store::new(engine(), Keyed::default());
    let calc = calc_api::CalcPlugin::instantiate(&mut store, (&linker, &module)).expect("the C plugin matches Calc");
    for name in ["a", "b", "c"] {
        calc.greet(&mut store, name).unwrap();
    }
    // Every call took the session: the key the C plugin passed is the one the host wrote.
    assert_eq!(store.data().0, [true, true, true]);
}

#[test]
fn a_c_plugin_built_against_the_generated_header_loads_with_full_interface_checks() {
    let module = c_plugin();
    let mut linker = Linker::new(engine());
    calc_api::env::add_to_linker(&mut linker, |logs: &mut Logs| logs).unwrap();
    let mut store = Store::new(engine(), Logs::default());
    let calc = calc_api::CalcPlugin::instantiate(&mut store, (&linker, &module)).expect("the C plugin matches Calc");
    for round in 0..1000 {
        let name = format!("C{round}");
        assert_eq!(calc.greet(&mut store, &name).unwrap(), format!("Hello, {name}!"));
    }
    assert_eq!(calc.greet(&mut store, "").unwrap(), "Hello, !");
    assert_eq!(store.data().0.len(), 1001);
    assert_eq!(store.data().0[7], "C7"); // the plugin called the host with its argument
    let sum = calc.point_add(&mut store, calc_api::Point { x: 1, y: -2 }, calc_api::Point { x: 40, y: 2 }).unwrap();
    assert_eq!(sum, calc_api::Point { x: 41, y: 0 });
    assert_eq!(calc.count(&mut store, "héllo, wörld").unwrap(), 12);

    // The records the C plugin exports are checked like a Rust plugin's:
    // against API v2 (another Point, other signatures) it is refused.
    let mut v2 = Linker::new(engine());
    calc_api_v2::env::add_to_linker(&mut v2, |logs: &mut LogsV2| logs).unwrap();
    let mut store = Store::new(engine(), LogsV2);
    let err = Plugin::instantiate(&mut store, Instantiate::new(&v2, &module).named("c-calc")).unwrap_err();
    assert_eq!(err.to_string(), "plugin c-calc: import env::log: host provides fn(&[u8]), plugin expects fn(&str)");
    let mut linker = Linker::new(engine());
    calc_api::env::add_to_linker(&mut linker, |logs: &mut Logs| logs).unwrap();
    let mut store = Store::new(engine(), Logs::default());
    let plugin = Plugin::instantiate(&mut store, Instantiate::new(&linker, &module).named("c-calc")).unwrap();
    let err = calc_api_v2::CalcPlugin::new(&mut store, plugin).unwrap_err();
    let lines: Vec<String> = format!("{err:#}").lines().map(str::to_owned).collect();
    for line in [
        "plugin c-calc: type Point: field x: host has i64, plugin has i32",
        "plugin c-calc: type Point: field y: host has i64, plugin has i32",
    ] {
        assert!(lines.iter().any(|l| l == line), "{err}");
    }
}

/// wasmtime's C API as a static library, and its headers (`conf.h` written
/// for the features it was built with).
fn c_api() -> (PathBuf, PathBuf) {
    tools();
    let root = workspace();
    let target = root.join("target/capi");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    run(Command::new(cargo)
        .args(["build", "--quiet", "--locked", "--manifest-path"])
        .arg(root.join("tests/capi/Cargo.toml"))
        .arg("--target-dir")
        .arg(&target));
    let include = std::fs::read_dir(target.join("debug/build"))
        .expect("target/capi/debug/build")
        .filter_map(|entry| entry.ok().map(|e| e.path().join("out/include")))
        .find(|include| include.join("wasmtime.h").exists())
        .expect("the C API's headers");
    (target.join("debug/libwasmbind_capi.a"), include)
}

#[test]
fn a_cpp_host_on_the_c_api_runs_the_classic_patterns_against_a_rust_plugin() {
    let tour = wasmbind_tests::plugin_wasm("tour-plugin", "wasm32-wasip1");
    header(&tour, "tour.h");
    let (library, include) = c_api();
    let host = out_dir().join("tour_host");
    run(Command::new("g++")
        .args(["-std=c++17", "-Wall", "-Wextra", "-Werror", "-I"])
        .arg(&include)
        .arg("-I")
        .arg(workspace().join("tests/foreign"))
        .arg(workspace().join("tests/foreign/tour_host.cpp"))
        .arg(&library)
        .args(["-lpthread", "-ldl", "-lm", "-o"])
        .arg(&host));

    let output = run(Command::new(&host).arg(&tour));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "ok wasmbind_exports_Tour = 1",
            "ok wasmbind_imports_env.Env = 1",
            "ok just_add(u64::MAX, 2) = 1",
            "ok bump_shared(5) = 15",
            "ok the host's shared value = 15",
            "ok the host's log = shared value was 10, adding 5",
            "ok point_add = Point { x: -4, y: 12 }",
            "ok *cursor_ptr() = Point { x: 1, y: 2 }",
            "ok cursor() after the host's write = Point { x: 7, y: -7 }",
            "ok greet(\"Ada\") = Hello, Ada!",
            "ok describe(\"greeting\") = greeting = \"Howdy\"",
            "ok required(\"font\") traps with the host's message = 1",
            "hello Bob, from inside the plugin (println! through WASI)",
            "ok say_hello(\"Bob\") = 58",
            "done",
        ]
    );

    // Another plugin's records do not match the header's: refused before any call.
    let other = Command::new(&host)
        .arg(wasmbind_tests::plugin_wasm("kitchen-plugin", "wasm32-unknown-unknown"))
        .output()
        .unwrap();
    assert_eq!(other.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&other.stdout),
        "FAIL the plugin has no record wasmbind_exports_Tour: it is not a tour plugin\n"
    );
}

/// Every header the seeds and findings of the C header generator's fuzz
/// corpus yield (the hostile seed's included) compiles as C11, and with a
/// C plugin's declarations as C for wasm32: record text never becomes code.
/// (The inputs libFuzzer added are checked by the fuzz target itself.)
#[test]
fn headers_from_the_fuzz_corpus_compile() {
    tools();
    let dir = workspace().join("fuzz/corpus/c_header");
    let mut compiled = 0;
    for entry in std::fs::read_dir(&dir).expect("fuzz/corpus/c_header") {
        let path = entry.expect("entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if !name.starts_with("seed-") && !name.starts_with("finding-") {
            continue;
        }
        let input = std::fs::read(&path).expect("seed");
        let text = String::from_utf8_lossy(&input);
        let records: Vec<Record> = text.split('\0').filter_map(Record::parse).collect();
        let Ok(header) = wasmbind_build::c_header(&records, "fuzz.wasm") else { continue };
        let path = out_dir().join(format!("fuzz-{compiled}.h"));
        std::fs::write(&path, header).expect("write");
        let source = out_dir().join(format!("fuzz-{compiled}.c"));
        std::fs::write(&source, format!("#include \"fuzz-{compiled}.h\"\n")).expect("write");
        run(Command::new("clang").args(["-fsyntax-only", "-std=c11", "-Wall", "-Werror"]).arg(&source));
        run(Command::new("clang")
            .args(["--target=wasm32-unknown-unknown", "-fsyntax-only", "-std=c11", "-Wall", "-Werror"])
            .args(["-DWASMBIND_PLUGIN", "-DWASMBIND_IMPLEMENT"])
            .arg(&source));
        compiled += 1;
    }
    assert!(compiled >= 2, "the corpus yields headers");
}
