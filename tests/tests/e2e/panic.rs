//! A plugin panic reaches the host as `ErrorKind::Panic` with the message
//! and the plugin source location the plugin's runtime recorded.

use kitchen_api::KitchenPlugin;
use wasmbind::Linker;
use wasmbind::host::Handle;
use wasmbind::host::Instantiate;
use wasmbind::host::{ErrorKind, MemoryLimit, Plugin, error::Limit};
use wasmbind::plugin_export;
use wasmbind::wasmtime::{Engine, Module, Store};
use wasmbind_tests::kitchen;
use wasmbind_tests::{engine, wat_module, workspace};

/// `line:col` of the indexing expression in the kitchen plugin's source.
fn pick_location() -> String {
    let source = std::fs::read_to_string(workspace().join("tests/plugins/kitchen/src/lib.rs")).unwrap();
    let (line, text) =
        source.lines().enumerate().find(|(_, l)| l.contains("the panic test looks for this line")).unwrap();
    format!("{}:{}", line + 1, text.find("values[").unwrap() + 1)
}

#[test]
fn a_panic_reaches_the_host_with_its_message_and_location() {
    let (mut store, plugin) = kitchen::instantiate();
    assert_eq!(plugin.pick(&mut store, 1).unwrap(), 20);
    let err = plugin.pick(&mut store, 7).unwrap_err();
    let ErrorKind::Panic { plugin: name, function, location, message, .. } = err.kind() else {
        panic!("expected a panic, got {err:?}");
    };
    assert_eq!((&**name, &**function), ("kitchen-plugin", "pick"));
    assert_eq!(message, "index out of bounds: the len is 3 but the index is 7");
    assert!(location.ends_with(&format!("src/lib.rs:{}", pick_location())), "{location}");
    assert_eq!(err.to_string(), format!("plugin kitchen-plugin panicked in pick at {location}: {message}"));
}

/// The kitchen plugin in a store of an engine without wasm backtraces
/// (collecting one makes each trap ~4x slower in a debug build), and a
/// memory limit.
fn kitchen_without_backtraces(max_memory: usize) -> (Store<(kitchen::Seen, MemoryLimit)>, KitchenPlugin) {
    let mut config = wasmbind::host::config();
    config.wasm_backtrace_max_frames(None);
    let engine = Engine::new(&config).unwrap();
    let wasm = wasmbind_tests::plugin_wasm("kitchen-plugin", "wasm32-unknown-unknown");
    let module = Module::from_file(&engine, wasm).unwrap();
    let mut linker = Linker::new(&engine);
    kitchen::add_to_linker(&mut linker, |(seen, _)| seen).unwrap();
    let mut store = Store::new(&engine, (kitchen::Seen::default(), MemoryLimit::new(max_memory)));
    store.limiter(|(_, limit)| limit);
    let plugin = KitchenPlugin::instantiate(&mut store, (&linker, &module)).unwrap();
    (store, plugin)
}

fn memory_size<T>(store: &Store<T>, plugin: &KitchenPlugin) -> usize {
    Handle::plugin(plugin).memory().unwrap().data_size(store)
}

#[test]
fn a_hundred_thousand_panics_in_a_row_leave_the_plugin_usable() {
    let (mut store, plugin) = kitchen_without_backtraces(usize::MAX);
    assert_eq!(plugin.pick(&mut store, 1).unwrap(), 20);
    let before = memory_size(&store, &plugin);
    for i in 0..100_000 {
        let err = plugin.pick(&mut store, 7).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Panic { .. }), "panic {i}: {err}");
    }
    // Each trap skipped the epilogues that move the stack pointer back;
    // the host moved it back instead, so the stack never ran into the
    // statics (without that, call 7,281 failed out of bounds).
    assert_eq!(plugin.pick(&mut store, 2).unwrap(), 30);
    assert!(Handle::plugin(&plugin).poisoned().is_none());
    // std formats the message for the panic hook and, as the plugin
    // aborts, never frees it: ~70 bytes per panic, no more.
    let leaked = memory_size(&store, &plugin) - before;
    assert!(leaked < 100 * 100_000, "{leaked} bytes for 100,000 panics");
}

#[test]
fn a_hundred_thousand_host_traps_in_a_row_leave_the_plugin_usable() {
    let (mut store, plugin) = kitchen_without_backtraces(usize::MAX);
    assert_eq!(plugin.checked(&mut store, 1).unwrap(), 2);
    let before = memory_size(&store, &plugin);
    for i in 0..100_000 {
        let err = plugin.checked(&mut store, 0).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::HostTrap { .. }), "trap {i}: {err}");
    }
    assert_eq!(plugin.checked(&mut store, 41).unwrap(), 42);
    assert_eq!(memory_size(&store, &plugin), before, "no memory leaked per trap");
}

#[test]
fn panics_past_the_memory_limit_poison_the_plugin_and_later_calls_are_refused() {
    let (mut store, plugin) = kitchen_without_backtraces(usize::MAX);
    plugin.pick(&mut store, 1).unwrap();
    let limit = memory_size(&store, &plugin) + (64 << 10);
    let (mut store, plugin) = kitchen_without_backtraces(limit);
    let stopped = (0..100_000)
        .map(|_| plugin.pick(&mut store, 7).unwrap_err())
        .find(|err| !matches!(err.kind(), ErrorKind::Panic { .. }))
        .expect("the leaked messages reach the limit");
    assert!(matches!(stopped.kind(), ErrorKind::Limit { limit: Limit::Memory { .. }, .. }), "{stopped}");
    // Stopped inside its allocator: poisoned, and refused from then on.
    let cause = Handle::plugin(&plugin).poisoned().expect("poisoned").to_owned();
    assert_eq!(cause, stopped.to_string());
    let err = plugin.pick(&mut store, 1).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Poisoned { .. }), "{err}");
    assert_eq!(
        err.to_string(),
        format!(
            "plugin kitchen-plugin: pick: not called: an earlier trap left the plugin unusable ({cause}); instantiate it again"
        )
    );
}

#[plugin_export]
pub trait Run {
    fn run();
}

/// A hand-written plugin whose record says `record` (wat string), placed at
/// `addr`, and whose `run` traps with `unreachable`: the errors of two runs.
fn hostile(addr: u32, record: &str) -> [String; 2] {
    let module = wat_module(&format!(
        r#"(module
            (memory (export "memory") 1)
            (global (export "__stack_pointer") (mut i32) (i32.const 4096))
            (global (export "wasmbind_panic") i32 (i32.const {addr}))
            (data (i32.const 100) "{record}")
            (func (export "run") unreachable))"#
    ));
    let mut store = Store::new(engine(), ());
    let plugin =
        Plugin::instantiate(&mut store, Instantiate::new(&Linker::new(engine()), &module).named("hostile")).unwrap();
    let run = RunPlugin::new(&mut store, plugin).unwrap();
    [(); 2].map(|()| run.run(&mut store).unwrap_err().to_string())
}

#[test]
fn hostile_panic_records_never_panic_the_host() {
    let [first, second] = hostile(100, r"\0d\00\00\00a.rs:1:2\nboom");
    assert_eq!(first, "plugin hostile panicked in run at a.rs:1:2: boom");
    assert!(second.starts_with("plugin hostile: run: "), "the record is cleared once read: {second}");
    // One line, without wasmtime's backtrace (that is in `{:?}`).
    assert_eq!(second, "plugin hostile: run: wasm trap: wasm `unreachable` instruction executed");
    // A message cannot forge a second line of a log.
    let [forged, _] = hostile(100, r"\1d\00\00\00a.rs:1:2\nboom\nplugin host: ok");
    assert_eq!(forged, "plugin hostile panicked in run at a.rs:1:2: boom plugin host: ok");
    // Nor reorder what a reader sees (U+202E, right-to-left override).
    let [bidi, _] = hostile(100, r"\11\00\00\00a.rs:1:2\nok\e2\80\aegnp");
    assert_eq!(bidi, "plugin hostile panicked in run at a.rs:1:2: ok gnp");
    let [lossy, _] = hostile(100, r"\0a\00\00\00a.rs:1:2\n\ff");
    assert_eq!(lossy, "plugin hostile panicked in run at a.rs:1:2: \u{fffd}");
    for (addr, record) in [(100, r"\ff\ff\ff\ff"), (65534, ""), (u32::MAX, ""), (100, r"\04\00\00\00none")] {
        let [text, _] = hostile(addr, record);
        assert!(text.starts_with("plugin hostile: run: "), "record at {addr} {record:?}: {text}");
        assert!(text.contains("unreachable"), "{text}");
    }
}

/// The kitchen plugin as the README's first example builds a plugin:
/// `cargo build --target wasm32-unknown-unknown`, no flags, no
/// `wasmbind-build` (which would export `__stack_pointer`).
fn kitchen_built_with_plain_cargo() -> std::path::PathBuf {
    let root = wasmbind_tests::workspace();
    let target_dir = root.join("target/plain-cargo");
    wasmbind_tests::run(
        std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(["build", "--quiet", "-p", "kitchen-plugin", "--target", "wasm32-unknown-unknown"])
            .arg("--target-dir")
            .arg(&target_dir)
            .current_dir(&root)
            .env_remove("RUSTFLAGS")
            .env_remove("CARGO_ENCODED_RUSTFLAGS")
            .env_remove("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS"),
    );
    target_dir.join("wasm32-unknown-unknown/debug/kitchen_plugin.wasm")
}

/// [`kitchen_built_with_plain_cargo`] compiled, a linker with the kitchen's
/// host functions and a store, on an engine that collects no backtraces.
fn plain_cargo_kitchen() -> (Module, Linker<kitchen::Seen>, Store<kitchen::Seen>) {
    let mut config = wasmbind::host::config();
    config.wasm_backtrace_max_frames(None);
    let engine = Engine::new(&config).unwrap();
    let module = Module::from_file(&engine, kitchen_built_with_plain_cargo()).unwrap();
    let mut linker = Linker::new(&engine);
    kitchen::add_to_linker(&mut linker, |seen: &mut kitchen::Seen| seen).unwrap();
    let store = Store::new(&engine, kitchen::Seen::default());
    (module, linker, store)
}

#[test]
fn a_plugin_built_with_plain_cargo_survives_ten_thousand_traps_and_panics() {
    let (module, linker, mut store) = plain_cargo_kitchen();
    let exports: Vec<&str> = module.exports().map(|e| e.name()).collect();
    assert!(!exports.contains(&"__stack_pointer"), "a plain build does not export it");
    assert!(exports.contains(&"wasmbind_stack_set"), "the guest runtime links it in");
    let plugin = KitchenPlugin::instantiate(&mut store, (&linker, &module)).unwrap();
    for i in 0..10_000 {
        let err = plugin.checked(&mut store, 0).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::HostTrap { .. }), "trap {i}: {err}");
        let err = plugin.pick(&mut store, 7).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Panic { .. }), "panic {i}: {err}");
    }
    assert_eq!(plugin.checked(&mut store, 41).unwrap(), 42);
    assert_eq!(plugin.pick(&mut store, 2).unwrap(), 30);
    assert!(Handle::plugin(&plugin).poisoned().is_none());
}

#[test]
fn a_plugin_that_cannot_be_repaired_says_why_and_how_to_fix_it() {
    // The guest runtime's marker (`wasmbind_init`) without either way to
    // reach the stack pointer: a plugin built against an older wasmbind.
    let module = wat_module(
        r#"(module
            (import "env" "stop" (func $stop (param i64 i64)))
            (memory (export "memory") 1)
            (func (export "wasmbind_init"))
            (func (export "run") (call $stop (i64.const 0) (i64.const 0))))"#,
    );
    let mut linker = Linker::new(engine());
    wasmbind::add_to_linker!(&mut linker, |unit: &mut ()| unit, [stop]).unwrap();
    let mut store = Store::new(engine(), ());
    let run = RunPlugin::instantiate(&mut store, (&linker, &module)).unwrap();
    assert!(matches!(run.run(&mut store).unwrap_err().kind(), ErrorKind::HostTrap { .. }));
    let err = run.run(&mut store).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Poisoned { .. }), "{err}");
    assert!(err.to_string().contains("rebuild it against this version of wasmbind"), "{err}");
}

#[wasmbind::host_fn(module = "env")]
fn stop(_: &mut ()) -> Result<(), wasmbind::Trap> {
    Err(wasmbind::Trap::new("stopped"))
}

#[test]
fn a_plugin_built_with_plain_cargo_survives_traps_in_async_calls_too() {
    // Async calls reach the stack pointer through `wasmbind_stack_get` and
    // `wasmbind_stack_set` awaited, as a store whose host functions are
    // async needs (it refuses blocking calls into the plugin).
    use wasmbind::host::block_on;
    let (module, linker, mut store) = plain_cargo_kitchen();
    let plugin = block_on(KitchenPlugin::instantiate_async(&mut store, (&linker, &module))).unwrap();
    for i in 0..1_000 {
        let err = block_on(plugin.checked_async(&mut store, 0)).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::HostTrap { .. }), "trap {i}: {err}");
        let err = block_on(plugin.pick_async(&mut store, 7)).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Panic { .. }), "panic {i}: {err}");
    }
    assert_eq!(block_on(plugin.checked_async(&mut store, 41)).unwrap(), 42);
    assert!(Handle::plugin(&plugin).poisoned().is_none());
}
