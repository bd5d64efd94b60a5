//! The TypeScript package (`ts/`), compiled with `tsc` (strict) and run by
//! Node's test runner against `docs/vectors.json`, the tour and kitchen
//! plugins (built here), and hostile modules written here in WebAssembly
//! text (`hostile`: each with the calls to make and the error each must
//! end in, for `ts/test/hostile.test.ts`); then in headless Chromium, the
//! vectors, the tour and the demo page of `examples/web`. Node and
//! Chromium are installed with apt-get when missing; TypeScript and Node's
//! type definitions come from
//! npm at the versions `ts/package-lock.json` pins, into `ts/node_modules`
//! (once; again when the lock file changes).

use std::fs;
use std::path::Path;
use std::process::Command;

use serde_json::{Value, json};
use wasmbind_tests::run;

/// Node, npm and Chromium, installed from Debian's packages when missing.
fn tools() {
    let present = |tool: &str| Command::new(tool).arg("--version").output().is_ok_and(|o| o.status.success());
    if present("node") && present("npm") && present("chromium") {
        return;
    }
    let root = Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0\n"));
    let mut install = if root { Command::new("apt-get") } else { Command::new("sudo") };
    if !root {
        install.args(["-n", "apt-get"]);
    }
    let status = install.args(["install", "-y", "-q", "nodejs", "npm", "chromium"]).status();
    assert!(
        status.is_ok_and(|s| s.success()),
        "node, npm and chromium are missing and apt-get could not install them: install them"
    );
}

/// `ts/node_modules` with the pinned packages.
fn packages(ts: &Path) {
    let lock = fs::read_to_string(ts.join("package-lock.json")).expect("ts/package-lock.json");
    let stamp = ts.join("node_modules/.installed-lock.json");
    if fs::read_to_string(&stamp).ok().as_deref() != Some(lock.as_str()) {
        run(Command::new("npm").args(["ci", "--no-audit", "--no-fund", "--loglevel=error"]).current_dir(ts));
        fs::write(&stamp, &lock).expect("write the packages' stamp");
    }
}

/// A record's bytes as a WAT data string: a u32 LE length, then the text.
fn record(text: &str) -> String {
    let len = u32::try_from(text.len()).expect("a short record").to_le_bytes();
    len.iter().chain(text.as_bytes()).map(|b| format!("\\{b:02x}")).collect()
}

/// A module with memory, an allocator at 1024, an exports record of
/// `functions` (`name fn(..)` lines, then type lines) at 16, and `body`.
fn evil(functions: &str, body: &str) -> Vec<u8> {
    let text = format!("wasmbind 2\nexports Evil\n{functions}");
    wat::parse_str(format!(
        r#"(module {body}
            (memory (export "memory") 1)
            (func (export "wasmbind_alloc") (param i32 i32) (result i32) (i32.const 1024))
            (global (export "wasmbind_exports_Evil") i32 (i32.const 16))
            (data (i32.const 16) "{}"))"#,
        record(&text)
    ))
    .expect("hostile WAT")
}

fn packed(ptr: u64, len: u64) -> u64 {
    len << 32 | ptr
}

/// The hostile modules and what a TypeScript host must say to each: every
/// bad value an error naming the plugin, the function, the argument and
/// why; records that lie refused at load; a trap poisoning the plugin.
fn hostile(dir: &Path) -> Value {
    let bad_data = r#"(data (i32.const 2048) "\ff\ff\ff\ff\ff\ff\ff\ff")"#;
    let result = |name: &str, sig: &str, core: &str, value: String| {
        evil(
            &format!("{name} {sig}\n"),
            &format!(r#"{bad_data} (func (export "{name}") (result {core}) ({core}.const {value}))"#),
        )
    };
    // Tree::Node(vec![Tree::Node(vec![.. Tree::Leaf(0)])]) 1000 deep, written by a loop.
    let tree = evil(
        "tree fn() -> Tree\nenum Tree{Leaf(u32),Node(Vec<Tree>)}\n",
        &format!(
            r#"(func (export "tree") (result i64) (local $i i32) (local $at i32) (local $n i32)
                (loop $l
                  (local.set $at (i32.add (i32.const 8192) (i32.mul (local.get $i) (i32.const 12))))
                  (local.set $n (i32.mul (i32.sub (i32.const 1000) (local.get $i)) (i32.const 12)))
                  (i32.store (local.get $at) (i32.const 1))
                  (i32.store offset=4 (local.get $at) (local.get $n))
                  (i32.store offset=8 (local.get $at) (i32.sub (local.get $n) (i32.const 4)))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br_if $l (i32.lt_u (local.get $i) (i32.const 1000))))
                (i64.const {}))"#,
            packed(8192, 12008)
        ),
    );
    let import_record = record("wasmbind 2\nimports env Env\nlog fn(&str)\n");
    let log = evil(
        "run fn()\n",
        &format!(
            r#"(import "env" "log" (func $log (param i64 i64)))
               (global (export "wasmbind_imports_env.Env") i32 (i32.const 4096))
               (data (i32.const 4096) "{import_record}")
               (func (export "run") (call $log (i64.const {}) (i64.const 0)))"#,
            packed(65000, 1000)
        ),
    );
    let huge = wat::parse_str(
        r#"(module (memory (export "memory") 1) (data (i32.const 16) "\ff\ff\ff\ff")
            (global (export "wasmbind_exports_Evil") i32 (i32.const 16)))"#,
    )
    .expect("hostile WAT");
    // A panic record whose message drives a terminal: an escape, a bell, a
    // carriage return and a right-to-left override.
    let panic_text = "src/lib.rs:1:1\nboom\u{1b}[2J\u{7}\r\u{202e}gnp.exe";
    let panic = evil(
        "panics fn()\n",
        &format!(
            r#"(global (export "wasmbind_panic") i32 (i32.const 8192))
               (global (export "__stack_pointer") (mut i32) (i32.const 60000))
               (data (i32.const 8192) "{}")
               (func (export "panics") unreachable)"#,
            record(panic_text)
        ),
    );
    let core_lie =
        evil("greet fn(&str) -> String\n", r#"(func (export "greet") (param i32) (result i32) (i32.const 0))"#);
    let trap = evil(
        "boom fn()\ngreet fn() -> u32\n",
        r#"(func (export "boom") unreachable) (func (export "greet") (result i32) (i32.const 7))"#,
    );
    let cases = [
        (
            "result_oob",
            result("greet", "fn() -> String", "i64", packed(65530, 100).to_string()),
            json!([[
                "greet",
                "plugin evil: greet: result: bytes 65530..65630 are out of bounds of memory (65536 bytes)"
            ]]),
        ),
        (
            "result_utf8",
            result("greet", "fn() -> String", "i64", packed(2048, 1).to_string()),
            json!([["greet", "plugin evil: greet: result: invalid UTF-8 after byte 0"]]),
        ),
        (
            "bool",
            result("flag", "fn() -> bool", "i32", "2".into()),
            json!([["flag", "plugin evil: flag: result: bool value 2 is neither 0 nor 1"]]),
        ),
        (
            "char",
            result("letter", "fn() -> char", "i32", "0xD800".into()),
            json!([["letter", "plugin evil: letter: result: char value 0xd800 is not a Unicode scalar value"]]),
        ),
        (
            "inline",
            result("at", "fn() -> (u16,u16)", "i64", "0x100000001".into()),
            json!([[
                "at",
                "plugin evil: at: result: non-zero bytes above the 4-byte value in its i64 (they must be zero)"
            ]]),
        ),
        (
            "option_tag",
            result("tag", "fn() -> Option<u8>", "i64", packed(2048, 2).to_string()),
            json!([["tag", "plugin evil: tag: result: tag 255 is not valid for Option"]]),
        ),
        (
            "tree",
            tree,
            json!([["tree", "plugin evil: tree: result: values nest deeper than 128 levels (the nesting limit)"]]),
        ),
        (
            "import_arg",
            log,
            json!([[
                "run",
                "plugin evil: env::log: argument 0: bytes 65000..66000 are out of bounds of memory (65536 bytes)"
            ]]),
        ),
        ("panic", panic, json!([["panics", "plugin evil panicked in panics at src/lib.rs:1:1: boom [2J   gnp.exe"]])),
        (
            "trap",
            trap,
            json!([
                ["boom", "plugin evil: boom: unreachable"],
                [
                    "greet",
                    "plugin evil: greet: not called: an earlier trap left the plugin unusable (unreachable); instantiate it again"
                ]
            ]),
        ),
        (
            "core_lie",
            core_lie,
            json!([[
                null,
                "plugin evil: export greet: the record says fn(&str) -> String, whose core signature is (i64) -> i64, but the plugin exports (i32) -> i32"
            ]]),
        ),
        (
            "huge_record",
            huge,
            json!([[null, "plugin evil: record wasmbind_exports_Evil at 0x10 is longer than 65536 bytes"]]),
        ),
    ];
    fs::create_dir_all(dir).expect("the hostile modules' directory");
    let mut manifest = Vec::new();
    for (name, wasm, calls) in cases {
        fs::write(dir.join(format!("{name}.wasm")), wasm).expect("write a hostile module");
        manifest.push(json!({ "name": name, "calls": calls }));
    }
    Value::Array(manifest)
}

#[test]
fn the_typescript_package_hosts_plugins_in_node_and_in_headless_chromium() {
    tools();
    let root = wasmbind_tests::workspace();
    let ts = root.join("ts");
    packages(&ts);
    run(Command::new("node").arg(ts.join("node_modules/typescript/bin/tsc")).args(["-p"]).arg(&ts));
    let tour = wasmbind_tests::plugin_wasm("tour-plugin", "wasm32-wasip1");
    let kitchen = wasmbind_tests::plugin_wasm("kitchen-plugin", "wasm32-unknown-unknown");
    // The demo page's plugins, which examples/web/serve.mjs serves.
    for stage in ["textpipe-redact", "textpipe-markdown"] {
        wasmbind_tests::plugin_wasm(stage, "wasm32-unknown-unknown");
    }
    let hostile_dir = root.join("target/ts-hostile");
    let manifest = hostile(&hostile_dir);
    fs::write(hostile_dir.join("cases.json"), manifest.to_string()).expect("write the hostile cases");
    let output = run(Command::new("node")
        .arg("--test")
        .arg(ts.join("dist/test/"))
        .current_dir(&ts)
        .env("WASMBIND_TOUR_WASM", &tour)
        .env("WASMBIND_KITCHEN_WASM", kitchen)
        .env("WASMBIND_HOSTILE_DIR", &hostile_dir)
        .env("WASMBIND_CHROMIUM", "chromium"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let count = |what: &str| {
        stdout
            .lines()
            .find_map(|line| line.strip_prefix(&format!("# {what} ")))
            .and_then(|n| n.trim().parse::<u32>().ok())
    };
    // A host typed by the tour plugin's declarations compiles; calls of the
    // wrong types do not, each refused at its line.
    let module = wasmbind::wasmtime::Module::from_file(wasmbind_tests::engine(), &tour).expect("the tour module");
    let imports: Vec<(&str, &str)> = module.imports().map(|i| (i.module(), i.name())).collect();
    let declarations =
        wasmbind_build::ts_declarations(&wasmbind_tests::plugin_records(&tour), &imports, "tour_plugin.wasm")
            .expect("declarations");
    let committed = ts.join("typecheck/tour.d.ts");
    if std::env::var_os("WASMBIND_BLESS").is_some() {
        fs::write(&committed, &declarations).expect("write ts/typecheck/tour.d.ts");
    }
    assert_eq!(
        fs::read_to_string(&committed).unwrap_or_default(),
        declarations,
        "ts/typecheck/tour.d.ts is not what `cargo wasmbind bindgen --lang ts` writes now (WASMBIND_BLESS=1 rewrites it)"
    );
    let tsc = |project: &str| {
        Command::new("node")
            .arg(ts.join("node_modules/typescript/bin/tsc"))
            .arg("-p")
            .arg(ts.join(project))
            .output()
            .expect("tsc")
    };
    run(Command::new("node")
        .arg(ts.join("node_modules/typescript/bin/tsc"))
        .arg("-p")
        .arg(ts.join("typecheck/tsconfig.json")));
    let wrong = tsc("typecheck/tsconfig.wrong.json");
    let refused = String::from_utf8_lossy(&wrong.stdout);
    assert!(!wrong.status.success(), "the wrong calls compiled");
    for line in 10..=13 {
        assert!(refused.contains(&format!("typecheck/wrong.ts({line},")), "line {line} is not refused:\n{refused}");
    }
    assert_eq!(refused.matches(": error TS").count(), 4, "{refused}");

    // The package installs like one: `npm pack`'s tarball, installed into a
    // new project, hosts the tour plugin there.
    let (packs, consumer) = (root.join("target/ts-pack"), root.join("target/ts-consumer"));
    for dir in [&packs, &consumer] {
        let _ = fs::remove_dir_all(dir);
        fs::create_dir_all(dir).expect("a directory for the package's test");
    }
    let packed = run(Command::new("npm").args(["pack", "--silent", "--pack-destination"]).arg(&packs).current_dir(&ts));
    let tarball = packs.join(String::from_utf8_lossy(&packed.stdout).trim());
    fs::write(consumer.join("package.json"), r#"{ "name": "consumer", "private": true, "type": "module" }"#)
        .expect("write the consumer's package.json");
    run(Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--loglevel=error"])
        .arg(&tarball)
        .current_dir(&consumer));
    let script = r#"import { readFileSync } from "node:fs";
import { load } from "wasmbind";
const env = { log() {}, shared_value: () => 0, set_shared_value() {}, get: () => null, number: () => ({ err: "no" }), require() { return ""; } };
const tour = await load(readFileSync(process.argv[2]), { host: { env }, wasi: { stdout() {}, stderr() {} } });
console.log(tour.name, tour.call("greet", "Ada"));
"#;
    fs::write(consumer.join("consumer.mjs"), script).expect("write the consumer");
    let out = run(Command::new("node").arg("consumer.mjs").arg(&tour).current_dir(&consumer));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "tour-plugin Hello, Ada!\n");
    assert!(consumer.join("node_modules/wasmbind/dist/src/index.d.ts").is_file(), "the package carries its types");

    // Every vector and every tour test ran and passed: none skipped.
    assert_eq!((count("fail"), count("skipped")), (Some(0), Some(0)), "{stdout}");
    assert!(count("pass").is_some_and(|n| n > 120), "{stdout}");
    let screenshot = fs::read(root.join("target/ts-browser/demo.png")).expect("the demo page's screenshot");
    assert!(screenshot.starts_with(b"\x89PNG"), "the screenshot is a PNG");
}
