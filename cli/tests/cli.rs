//! `cargo wasmbind` end to end: the binary, run on plugins of this
//! workspace built through it, on hand-written hostile modules, and on a
//! workspace it scaffolds.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_owned()
}

fn cli(args: &[&str]) -> Output {
    cli_in(&workspace(), args)
}

fn cli_in(dir: &Path, args: &[&str]) -> Output {
    // As cargo runs it: `cargo-wasmbind wasmbind ...`.
    Command::new(env!("CARGO_BIN_EXE_cargo-wasmbind")).current_dir(dir).arg("wasmbind").args(args).output().unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

/// Builds `package` with `cargo wasmbind build --release` (once per
/// package) and returns the .wasm path it printed.
fn built(package: &str) -> PathBuf {
    static LOCK: OnceLock<std::sync::Mutex<Vec<(String, PathBuf)>>> = OnceLock::new();
    let mut done = LOCK.get_or_init(Default::default).lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, path)) = done.iter().find(|(p, _)| p == package) {
        return path.clone();
    }
    let out = cli(&["build", "-p", package, "--release"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let path = PathBuf::from(stdout(&out).trim());
    done.push((package.into(), path.clone()));
    path
}

fn temp(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A module whose memory holds `record` at 16, exported as the record of
/// trait `Calc`, with `body` (more exports), written to `dir/name`.
fn calc_record_module(record: &str, body: &str, dir: &str, name: &str) -> PathBuf {
    let mut data = String::new();
    for byte in (record.len() as u32).to_le_bytes().iter().chain(record.as_bytes()) {
        data.push_str(&format!("\\{byte:02x}"));
    }
    let module = wat::parse_str(format!(
        r#"(module (memory (export "memory") 1)
            (data (i32.const 16) "{data}")
            (global (export "wasmbind_exports_Calc") i32 (i32.const 16))
            {body})"#
    ))
    .unwrap();
    let path = temp(dir).join(name);
    std::fs::write(&path, module).unwrap();
    path
}

#[test]
fn build_prints_the_wasm_and_picks_wasi_from_the_package_metadata() {
    let calc = built("calc-plugin");
    assert!(calc.ends_with("wasm32-unknown-unknown/wasmbind-plugin/calc_plugin.wasm"), "{}", calc.display());
    assert_eq!(&std::fs::read(&calc).unwrap()[..4], b"\0asm");

    // The tour plugin prints, so its manifest asks for WASI.
    let out = cli(&["build", "-p", "tour-plugin", "--release"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("    Building plugin tour-plugin v0.1.0 for wasm32-wasip1 (wasmbind-plugin profile)"),
        "{err}"
    );
    let size = std::fs::metadata(stdout(&out).trim()).unwrap().len();
    assert!(err.contains("       Built ") && err.contains(&format!("{:.1} KiB", size as f64 / 1024.0)), "{err}");
    assert!(stdout(&out).trim().ends_with("wasm32-wasip1/wasmbind-plugin/tour_plugin.wasm"));
}

#[test]
fn build_without_release_is_a_debug_build_of_the_current_package() {
    let out = cli_in(&workspace().join("tests/plugins/calc-plugin/src"), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let wasm = PathBuf::from(stdout(&out).trim());
    assert!(wasm.ends_with("wasm32-unknown-unknown/wasmbind-plugin-debug/calc_plugin.wasm"), "{}", wasm.display());
    // Unoptimized and with its name section: larger than the release build.
    let (debug, release) =
        (std::fs::metadata(&wasm).unwrap().len(), std::fs::metadata(built("calc-plugin")).unwrap().len());
    assert!(debug > release, "debug {debug} bytes, release {release} bytes");
}

#[test]
fn build_refuses_what_is_not_a_plugin() {
    let out = cli(&["build", "-p", "calc-api"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out)
            .starts_with("error: package `calc-api` is not a plugin: add `[lib] crate-type = [\"cdylib\", \"rlib\"]`"),
        "{}",
        stderr(&out)
    );
    let out = cli(&["build", "-p", "no-such-plugin"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("package `no-such-plugin` is not in this workspace (it has: "), "{}", stderr(&out));
    let out = cli(&["build"]);
    assert!(stderr(&out).contains("the current directory is in no package; pass `-p`"), "{}", stderr(&out));
}

#[test]
fn inspect_lists_rust_signatures_next_to_core_types() {
    let calc = built("calc-plugin");
    let out = cli(&["inspect", calc.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    assert!(
        lines[0]
            .ends_with(&format!("calc_plugin.wasm: {} bytes, wasmbind ABI 2", std::fs::metadata(&calc).unwrap().len()))
    );
    // One column of core types, as wide as the longest name (of those up
    // to 60 characters) needs.
    for expected in [
        "exports Calc",
        "  fn greet(&str) -> String             core (i64) -> i64",
        "  fn point_add(Point, Point) -> Point  core (i64, i64) -> i64",
        "  struct Point{x:i32,y:i32}",
        "imports env (trait Env)",
        "  fn log(&str)                         core (i64, i64)",
        // A linked trait's record lists all of it; one line says what is not imported.
        "imports plugin:Calc (trait Calc)",
        "  not imported: greet, point_add, count",
        "  wasmbind_alloc                       func (i32, i32) -> i32",
        "  memory                               memory",
    ] {
        assert!(lines.contains(&expected), "no {expected:?} in\n{text}");
    }
    assert!(!text.contains(" \n"), "no line ends in spaces:\n{text}");
}

#[test]
fn inspect_puts_a_long_signature_on_its_own_line() {
    let text = "wasmbind 2\nexports Calc\nadd fn(u32) -> u32\n\
                summarise fn(Vec<(String, HashMap<String, Vec<Option<u64>>>)>, Option<String>) -> Result<u32, String>\n";
    let body = r#"(func (export "add") (param i32) (result i32) local.get 0)
        (func (export "summarise") (param i64 i64) (result i64) i64.const 0)"#;
    let path = calc_record_module(text, body, "long", "long.wasm");
    let out = cli(&["inspect", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let shown = stdout(&out);
    let width = "wasmbind_exports_Calc".len(); // the longest name of 60 characters or fewer
    assert!(shown.contains(&format!("  {:width$}  core (i32) -> i32\n", "fn add(u32) -> u32")), "{shown}");
    assert!(
        shown.contains(&format!(
            "  fn summarise(Vec<(String, HashMap<String, Vec<Option<u64>>>)>, Option<String>) -> Result<u32, String>\n  {:width$}  core (i64, i64) -> i64\n",
            ""
        )),
        "{shown}"
    );
}

#[test]
fn inspect_json_has_records_and_core_items() {
    let out = cli(&["inspect", "--json", built("calc-plugin").to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["abi"], serde_json::json!([2]));
    let calc = &json["records"][0];
    assert_eq!((calc["kind"].as_str(), calc["trait"].as_str()), (Some("exports"), Some("Calc")));
    assert_eq!(
        calc["functions"][0],
        serde_json::json!({
            "name": "greet", "signature": "fn(&str) -> String", "params": ["&str"], "result": "String", "core": "(i64) -> i64"
        })
    );
    let point = calc["functions"].as_array().unwrap().iter().find(|f| f["name"] == "point_add").unwrap();
    assert_eq!(point["params"], serde_json::json!([{ "named": "Point" }, { "named": "Point" }]));
    assert_eq!(
        calc["types"],
        serde_json::json!([{ "name": "Point", "kind": "struct", "form": "named", "fields": [
            { "name": "x", "type": "i32" }, { "name": "y", "type": "i32" }
        ] }])
    );
    let env = json["records"].as_array().unwrap().iter().find(|r| r["module"] == "env").unwrap();
    assert_eq!(env["functions"][0]["signature"], "fn(&str)");
    let imports = json["imports"].as_array().unwrap();
    assert!(
        imports.contains(&serde_json::json!({ "module": "env", "name": "log", "kind": "func", "type": "(i64, i64)" }))
    );
    assert_eq!(json["problems"], serde_json::json!([]));
}

#[test]
fn check_reports_the_hosts_load_time_differences_and_exits_1() {
    let (v1, v2) = (built("calc-plugin"), built("calc-v2-plugin"));
    let out = cli(&["check", v2.to_str().unwrap(), "--against", v1.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    // The lines tests/tests/e2e/interface.rs pins for a host loading v2.
    assert_eq!(
        stdout(&out),
        "plugin calc_v2_plugin: export greet: host expects fn(&str) -> String, plugin has fn(&[u8]) -> String\n\
         plugin calc_v2_plugin: export count: host expects fn(&str) -> u32, plugin does not export it\n\
         plugin calc_v2_plugin: export shout: plugin has fn(&str) -> String, which the host does not declare\n\
         plugin calc_v2_plugin: type Point: field x: host has i32, plugin has i64\n\
         plugin calc_v2_plugin: type Point: field y: host has i32, plugin has i64\n\
         plugin calc_v2_plugin: import env::log: host provides fn(&str), plugin expects fn(&[u8])\n"
    );
    assert!(stderr(&out).contains("does not match") && stderr(&out).ends_with(": 6 differences\n"), "{}", stderr(&out));

    let out = cli(&["check", v1.to_str().unwrap(), "--against", v1.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("     Checked ") && stderr(&out).contains("the interfaces match (7 functions)"));
}

#[test]
fn check_against_an_api_description() {
    let v1 = built("calc-plugin");
    let out = cli(&["inspect", "--records", v1.to_str().unwrap()]);
    let dir = temp("api");
    let api = dir.join("calc.records");
    std::fs::write(&api, &out.stdout).unwrap();
    let out = cli(&["check", v1.to_str().unwrap(), "--against", api.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    // An API that grew a function, changed `Point` and the host's `log`.
    std::fs::write(
        &api,
        "wasmbind 2\nexports Calc\ngreet fn(&str) -> String\npoint_add fn(Point, Point) -> Point\n\
         count fn(&str) -> u32\nreset fn()\nstruct Point{x:i64}\n\nwasmbind 2\nimports env Env\nlog fn(String)\n",
    )
    .unwrap();
    let out = cli(&["check", v1.to_str().unwrap(), "--against", api.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        "plugin calc_plugin: export reset: host expects fn(), plugin does not export it\n\
         plugin calc_plugin: type Point: field x: host has i64, plugin has i32\n\
         plugin calc_plugin: type Point: field y: plugin has i32, which the host does not have\n\
         plugin calc_plugin: import env::log: host provides fn(String), plugin expects fn(&str)\n"
    );

    // A plugin without the trait at all.
    std::fs::write(&api, "wasmbind 2\nexports Words\ndescribe fn(u32) -> String\n").unwrap();
    let out = cli(&["check", v1.to_str().unwrap(), "--against", api.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        format!("plugin calc_plugin: exports Words: {} has it, the plugin has no record of it\n", api.display())
    );

    std::fs::write(&api, "wasmbind 2\nexports Calc\nnot a record line\n\njunk").unwrap();
    let out = cli(&["check", v1.to_str().unwrap(), "--against", api.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("record 2 is not an interface record"), "{}", stderr(&out));
}

#[test]
fn check_against_an_api_crate() {
    let (v1, v2) = (built("calc-plugin"), built("calc-v2-plugin"));
    let (v1, v2) = (v1.to_str().unwrap(), v2.to_str().unwrap());
    let api = |name: &str| workspace().join("tests/plugins").join(name).display().to_string();
    // The crate the plugin was built against: its traits' records, read
    // from a module built against the crate, not from a plugin.
    let out = cli(&["check", v1, "--api", &api("calc-api")]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("against the API crate calc-api: the interfaces match"), "{}", stderr(&out));
    let out = cli(&["check", v2, "--api", &api("calc-api-v2")]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    // A plugin built against the older crate, checked against the newer.
    let out = cli(&["check", v1, "--api", &api("calc-api-v2")]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "plugin calc_plugin: export greet: host expects fn(&[u8]) -> String, plugin has fn(&str) -> String\n\
         plugin calc_plugin: export shout: host expects fn(&str) -> String, plugin does not export it\n\
         plugin calc_plugin: export count: plugin has fn(&str) -> u32, which the host does not declare\n\
         plugin calc_plugin: type Point: field x: host has i64, plugin has i32\n\
         plugin calc_plugin: type Point: field y: host has i64, plugin has i32\n\
         plugin calc_plugin: import env::log: host provides fn(&[u8]), plugin expects fn(&str)\n"
    );
    assert!(stderr(&out).ends_with("does not match the API crate calc-api-v2: 6 differences\n"), "{}", stderr(&out));

    // An API crate none of whose traits the plugin implements.
    let out = cli(&["check", v1, "--api", &api("events-api")]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("plugin calc_plugin: implements none of the traits of the API crate events-api (")
    );

    let out = cli(&["check", v1, "--api", &workspace().join("tests/ui").display().to_string()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).starts_with("error: cannot read the API crate at "), "{}", stderr(&out));
}

#[test]
fn check_refuses_records_of_exports_the_module_lacks() {
    // The record lists `greet`; the module exports no such function.
    let text = "wasmbind 2\nexports Calc\ngreet fn(&str) -> String\n";
    let path = calc_record_module(text, "", "unexported", "liar.wasm");
    let records = temp("unexported-records").join("calc.records");
    std::fs::write(&records, text).unwrap();
    let out = cli(&["check", path.to_str().unwrap(), "--against", records.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(stdout(&out), "plugin liar: export greet: its record lists it, but the module does not export it\n");
}

#[test]
fn hostile_and_foreign_modules_are_errors_not_crashes() {
    let dir = temp("hostile");
    let write = |name: &str, bytes: &[u8]| {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        path.to_str().unwrap().to_owned()
    };
    // A record claiming 4 GiB, and one pointing past the end of memory.
    let hostile = write(
        "hostile.wasm",
        &wat::parse_str(
            r#"(module (memory (export "memory") 1)
                (data (i32.const 16) "\ff\ff\ff\ff")
                (global (export "wasmbind_exports_Calc") i32 (i32.const 16))
                (global (export "wasmbind_imports_env") i32 (i32.const 65535)))"#,
        )
        .unwrap(),
    );
    let out = cli(&["inspect", &hostile]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("record wasmbind_exports_Calc at 0x10 is longer than 65536 bytes"), "{err}");
    assert!(
        err.contains("record wasmbind_imports_env at 0xffff is outside the plugin's initial memory (65536 bytes)"),
        "{err}"
    );
    assert!(stdout(&out).contains("no interface records: not built with wasmbind"));

    let out = cli(&["check", &hostile, "--against", built("calc-plugin").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("plugin hostile: record wasmbind_exports_Calc at 0x10 is longer than 65536 bytes"));

    let garbage = write("garbage.wasm", b"\0asm\x01\0\0\0\x01\xff\xff\xff\xff\x0f");
    let out = cli(&["inspect", &garbage]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("garbage.wasm: not a valid WebAssembly module"), "{}", stderr(&out));
    let text = write("text.wasm", b"hello");
    assert!(stderr(&cli(&["inspect", &text])).contains("not a WebAssembly module (no `\\0asm` header)"));
    let missing = dir.join("missing.wasm");
    assert!(stderr(&cli(&["inspect", missing.to_str().unwrap()])).starts_with("error: cannot read "));
}

/// `new` writes a workspace whose host builds the plugin, loads it and
/// calls it, whose plugin tests natively and which is clippy-clean;
/// `build`, `inspect` and `check` work on it.
#[test]
fn new_scaffolds_a_workspace_that_builds_runs_and_tests() {
    let dir = temp("new");
    let out = cli_in(&dir, &["new", "greeter"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("     Created `greeter`: crates greeter-api, greeter-plugin and greeter-host"));
    let root = dir.join("greeter");
    // Reuse this workspace's resolved versions: no registry lookups, and
    // the same versions as the rest of the tests.
    std::fs::copy(workspace().join("Cargo.lock"), root.join("Cargo.lock")).unwrap();
    let cargo = |args: &[&str]| {
        let out = Command::new(env!("CARGO"))
            .current_dir(&root)
            .args(args)
            .env("CARGO_TARGET_DIR", workspace().join("target/scaffold"))
            .output()
            .unwrap();
        assert!(out.status.success(), "cargo {args:?}: {}", stderr(&out));
        stdout(&out)
    };
    assert_eq!(cargo(&["run", "--quiet", "-p", "greeter-host"]), "plugin: greeting world\nHello, world!\n");
    // The host built its plugin under `CARGO_TARGET_DIR`, where the docs say (`plugins_dir`).
    let plugin = workspace().join("target/scaffold/plugins/wasm32-unknown-unknown/wasmbind-plugin/greeter_plugin.wasm");
    assert!(plugin.is_file(), "{} was not built", plugin.display());
    // Given a module that is not a greeter, the host refuses it with the
    // error's message, not its `Debug` form.
    let bare = dir.join("bare.wasm");
    std::fs::write(&bare, wat::parse_str("(module (memory (export \"memory\") 1))").unwrap()).unwrap();
    let refused = Command::new(env!("CARGO"))
        .current_dir(&root)
        .args(["run", "--quiet", "-p", "greeter-host", "--"])
        .arg(&bare)
        .env("CARGO_TARGET_DIR", workspace().join("target/scaffold"))
        .output()
        .unwrap();
    assert!(!refused.status.success());
    let text = stderr(&refused);
    assert!(text.starts_with("error: plugin ") && text.contains("greet") && !text.contains('{'), "{text}");
    // The plugin's native unit test (a mock host) runs with the workspace's
    // tests, and the scaffold is clippy-clean as generated.
    assert!(cargo(&["test", "--quiet", "--workspace"]).contains("1 passed"));
    cargo(&["clippy", "--quiet", "--workspace", "--all-targets", "--", "-D", "warnings"]);

    let out = cli_in(&root.join("plugin"), &["build", "--release"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let wasm = stdout(&out).trim().to_owned();
    let inspected = stdout(&cli(&["inspect", &wasm]));
    assert!(inspected.contains("exports Greeter\n  fn greet(&str) -> String "), "{inspected}");
    assert!(inspected.contains("imports env (trait Env)\n  fn log(&str) "), "{inspected}");

    let again = cli_in(&dir, &["new", "greeter"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("destination `greeter` already exists"));
    assert!(stderr(&cli_in(&dir, &["new", "9lives"])).contains("`9lives` cannot name crates"));
}

#[test]
fn bindgen_writes_typescript_declarations() {
    let out = cli(&["bindgen", built("calc-plugin").to_str().unwrap(), "--lang", "ts"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    for expected in [
        "export type Point = { x: number; y: number };",
        "export interface CalcExports {\n  greet(a0: string): string;\n  point_add(a0: Point, a1: Point): Point;",
        // Only what the module imports: not the linked trait's record it carries.
        "export type Host = {\n  env: EnvImports;\n};",
    ] {
        assert!(text.contains(expected), "no {expected:?} in\n{text}");
    }
    assert!(!text.contains("plugin:Calc"), "{text}");
    let out = cli(&["bindgen", built("calc-plugin").to_str().unwrap(), "--lang", "c"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn header_writes_the_c_header_the_c_plugin_is_built_against() {
    let calc = built("calc-plugin");
    let out = cli(&["header", calc.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    // tests/foreign/calc.c is built against this header (tests/tests/e2e/foreign.rs).
    let committed = std::fs::read_to_string(workspace().join("tests/foreign/calc.h")).unwrap();
    assert_eq!(stdout(&out), committed);

    let file = temp("header").join("calc.h");
    let out = cli(&["header", calc.to_str().unwrap(), "-o", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), committed);

    let bare = temp("header").join("bare.wasm");
    std::fs::write(&bare, wat::parse_str("(module (memory (export \"memory\") 1))").unwrap()).unwrap();
    let out = cli(&["header", bare.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("has no interface records: was it built with wasmbind?"), "{}", stderr(&out));
}

#[test]
fn nothing_a_plugin_wrote_reaches_the_terminal_raw() {
    // Export and function names with a screen-clearing escape, an OSC title
    // sequence, a carriage return and a right-to-left override.
    let text = "wasmbind 2\nexports Calc\nev\u{1b}[2Jil\u{202e}gnp.exe fn()\n";
    let body = r#"(func (export "ev\1b]0;owned\07il\0d\e2\80\ae"))"#;
    let path = calc_record_module(text, body, "terminal", "hostile.wasm");
    for args in [
        &["inspect"][..],
        &["inspect", "--json"],
        &["inspect", "--records"],
        &["check", "--against"],
        &["bindgen", "--lang", "ts"],
    ] {
        let mut args: Vec<&str> = args.to_vec();
        args.insert(1, path.to_str().unwrap());
        if args.last() == Some(&"--against") {
            args.push(path.to_str().unwrap());
        }
        let out = cli(&args);
        for stream in [&out.stdout, &out.stderr] {
            let shown = String::from_utf8_lossy(stream);
            assert!(!shown.contains(['\u{1b}', '\u{7}', '\r', '\u{202e}']), "{args:?}: {shown:?}");
        }
        if args[0] == "inspect" {
            assert!(String::from_utf8_lossy(&out.stdout).contains("ev"), "{args:?}: the names are still shown");
        }
    }
}
