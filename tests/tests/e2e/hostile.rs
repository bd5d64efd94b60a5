//! Hand-written hostile plugins (WebAssembly text): every bad value is an
//! error naming the module, function, argument and reason, never a panic.

use wasmbind::Linker;
use wasmbind::host::Handle;
use wasmbind::host::Instantiate;
use wasmbind::host::{Error, ErrorKind, MemoryLimit, Plugin, error::Limit};
use wasmbind::wasmtime::{Config, Engine, Module, Store};
use wasmbind::{host_fn, plugin_export};
use wasmbind_tests::{engine, wat_module};

type Log = Vec<String>;

#[host_fn(module = "env")]
fn log(log: &mut Log, msg: &str) {
    log.push(msg.to_owned());
}

#[host_fn(module = "env")]
fn flag(log: &mut Log, on: bool) {
    log.push(on.to_string());
}

#[host_fn(module = "env")]
fn letter(log: &mut Log, c: char) {
    log.push(c.to_string());
}

#[host_fn(module = "env")]
fn get(_: &Log, _key: &str) -> String {
    "0123456789".to_owned()
}

#[host_fn(module = "env")]
fn big(_: &Log) -> String {
    "x".repeat(1000)
}

#[host_fn(module = "env")]
fn strict(_: &Log, n: u32) -> anyhow::Result<u32> {
    anyhow::ensure!(n < 10, "{n} is too large");
    Ok(n)
}

#[host_fn(module = "env")]
fn engine_strict(_: &Log, n: u32) -> wasmbind::wasmtime::Result<u32> {
    let n = u8::try_from(n).map_err(|e| wasmbind::wasmtime::Error::msg(format!("{n}: {e}")))?;
    Ok(u32::from(n))
}

#[plugin_export]
pub trait Run {
    fn run();
}

#[plugin_export]
pub trait Take {
    fn take(s: &str);
}

#[plugin_export]
pub trait Text {
    fn text() -> String;
}

fn packed(ptr: u32, len: u32) -> i64 {
    wasmbind::abi::pack(ptr, len)
}

fn instantiate(engine: &Engine, module: &Module) -> (Store<Log>, Plugin) {
    let mut linker = Linker::new(engine);
    wasmbind::add_to_linker!(&mut linker, |log: &mut Log| log, [log, flag, letter, get, big, strict, engine_strict])
        .unwrap();
    let mut store = Store::new(engine, Log::new());
    let plugin = Plugin::instantiate(&mut store, Instantiate::new(&linker, module).named("hostile")).unwrap();
    (store, plugin)
}

/// Runs a module whose `run` export makes one call to an `env` import
/// with the given core arguments (then instance key 0: no key), and
/// returns the error.
fn run_import(import: &str, params: &str, args: &str, results: &str) -> Error {
    let module = wat_module(&format!(
        r#"(module
            (import "env" "{import}" (func $f (param {params} i64) {results}))
            (memory (export "memory") 1)
            (data (i32.const 100) "\ff\fe")
            (func (export "run") (call $f {args} (i64.const 0)) {drop}))"#,
        drop = if results.is_empty() { "" } else { "drop" },
    ));
    let (mut store, plugin) = instantiate(engine(), &module);
    let run = RunPlugin::new(&mut store, plugin).unwrap();
    let err = run.run(&mut store).unwrap_err();
    assert!(store.data().is_empty(), "the host function must not run: {:?}", store.data());
    err
}

fn i64s(values: &[i64]) -> String {
    values.iter().map(|v| format!("(i64.const {v})")).collect::<Vec<_>>().join(" ")
}

#[test]
fn out_of_bounds_pointer() {
    let err = run_import("log", "i64", &i64s(&[packed(65530, 16)]), "");
    assert!(matches!(err.kind(), ErrorKind::BadValue(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        "plugin hostile: env::log: argument msg: bytes 65530..65546 are out of bounds of memory (65536 bytes)"
    );
}

#[test]
fn pointer_plus_length_overflows_u32() {
    let err = run_import("log", "i64", &i64s(&[packed(0xffff_fff0, 0x20)]), "");
    assert_eq!(
        err.to_string(),
        "plugin hostile: env::log: argument msg: pointer 4294967280 + length 32 overflows the 32-bit address space"
    );
}

#[test]
fn huge_length() {
    let err = run_import("log", "i64", &i64s(&[packed(0, 0x7fff_ffff)]), "");
    assert_eq!(
        err.to_string(),
        "plugin hostile: env::log: argument msg: bytes 0..2147483647 are out of bounds of memory (65536 bytes)"
    );
}

#[test]
fn invalid_utf8() {
    let err = run_import("log", "i64", &i64s(&[packed(100, 2)]), "");
    assert_eq!(err.to_string(), "plugin hostile: env::log: argument msg: invalid UTF-8 after byte 0");
}

#[test]
fn invalid_bool() {
    let err = run_import("flag", "i32", "(i32.const 2)", "");
    assert_eq!(err.to_string(), "plugin hostile: env::flag: argument on: bool value 2 is neither 0 nor 1");
    let err = run_import("flag", "i32", "(i32.const -1)", "");
    assert_eq!(err.to_string(), "plugin hostile: env::flag: argument on: bool value -1 is neither 0 nor 1");
}

#[test]
fn invalid_char() {
    let err = run_import("letter", "i32", "(i32.const 0xd800)", "");
    assert_eq!(
        err.to_string(),
        "plugin hostile: env::letter: argument c: char value 0xd800 is not a Unicode scalar value"
    );
    let err = run_import("letter", "i32", "(i32.const 0x110000)", "");
    assert_eq!(
        err.to_string(),
        "plugin hostile: env::letter: argument c: char value 0x110000 is not a Unicode scalar value"
    );
}

#[test]
fn result_area_out_of_bounds() {
    let args = i64s(&[packed(0, 1), packed(65530, 256)]);
    let err = run_import("get", "i64 i64", &args, "(result i64)");
    assert_eq!(
        err.to_string(),
        "plugin hostile: env::get: result: bytes 65530..65540 are out of bounds of memory (65536 bytes)"
    );
}

#[test]
fn module_without_memory() {
    let module = wat_module(
        r#"(module
            (import "env" "log" (func $log (param i64 i64)))
            (func (export "run") (call $log (i64.const 5) (i64.const 0))))"#,
    );
    let (mut store, plugin) = instantiate(engine(), &module);
    let err = RunPlugin::new(&mut store, plugin).unwrap().run(&mut store).unwrap_err();
    assert_eq!(err.to_string(), "plugin hostile: env::log: argument msg: the plugin does not export `memory`");
}

/// A plugin whose allocator hands out `alloc_body`, with exports `take`,
/// `text` (returning `text_result`) and `run` (calling `env::big`).
fn allocator_plugin(alloc_body: &str, text_result: i64) -> (Store<Log>, Plugin) {
    let module = wat_module(&format!(
        r#"(module
            (import "env" "big" (func $big (param i64 i64) (result i64)))
            (memory (export "memory") 1)
            (data (i32.const 100) "\ff\fe")
            (func (export "wasmbind_alloc") (param i32 i32) (result i32) {alloc_body})
            (func (export "take") (param i64))
            (func (export "text") (result i64) (i64.const {text_result}))
            (func (export "run") (drop (call $big (i64.const {out}) (i64.const 0)))))"#,
        out = packed(0, 256),
    ));
    instantiate(engine(), &module)
}

#[test]
fn allocator_returns_out_of_bounds_pointer() {
    let (mut store, plugin) = allocator_plugin("(i32.const 70000)", 0);
    let take = TakePlugin::new(&mut store, plugin.clone()).unwrap();
    let err = take.take(&mut store, "hello").unwrap_err();
    assert_eq!(
        err.to_string(),
        "plugin hostile: take: argument s: allocator wasmbind_alloc(5, 1) returned 70000: bytes 70000..70005 are out of bounds of memory (65536 bytes)"
    );
    let err = RunPlugin::new(&mut store, plugin).unwrap().run(&mut store).unwrap_err();
    assert_eq!(
        err.to_string(),
        "plugin hostile: env::big: result: allocator wasmbind_alloc(1000, 1) returned 70000: bytes 70000..71000 are out of bounds of memory (65536 bytes)"
    );
}

#[test]
fn allocator_returns_null_or_traps() {
    let (mut store, plugin) = allocator_plugin("(i32.const 0)", 0);
    let err = TakePlugin::new(&mut store, plugin).unwrap().take(&mut store, "hello").unwrap_err();
    assert_eq!(
        err.to_string(),
        "plugin hostile: take: argument s: allocator wasmbind_alloc(5, 1) failed: it returned 0"
    );

    let (mut store, plugin) = allocator_plugin("unreachable", 0);
    let err = TakePlugin::new(&mut store, plugin.clone()).unwrap().take(&mut store, "hello").unwrap_err();
    let text = err.to_string();
    assert!(text.starts_with("plugin hostile: take: argument s: allocator wasmbind_alloc(5, 1) trapped: "), "{text}");
    assert!(text.contains("unreachable"), "{text}");
    // It may have stopped halfway through its lists: the plugin is poisoned.
    assert_eq!(plugin.poisoned(), Some(text.as_str()));
}

#[test]
fn bad_export_results() {
    for (result, message) in [
        (packed(65000, 1000), "bytes 65000..66000 are out of bounds of memory (65536 bytes)"),
        (packed(100, 2), "invalid UTF-8 after byte 0"),
        (packed(u32::MAX, 2), "pointer 4294967295 + length 2 overflows the 32-bit address space"),
    ] {
        let (mut store, plugin) = allocator_plugin("(i32.const 0)", result);
        let err = TextPlugin::new(&mut store, plugin).unwrap().text(&mut store).unwrap_err();
        assert_eq!(err.to_string(), format!("plugin hostile: text: result: {message}"));
    }
}

#[test]
fn missing_export_is_a_load_error() {
    let module = wat_module(r#"(module (memory (export "memory") 1))"#);
    let (mut store, plugin) = instantiate(engine(), &module);
    let err = TextPlugin::new(&mut store, plugin).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Load { .. }), "{err:?}");
    assert!(err.to_string().starts_with("plugin hostile: export `text`"), "{err}");
}

#[test]
fn endless_loop_stops_when_fuel_runs_out() {
    let mut config = Config::new();
    config.consume_fuel(true);
    let engine = Engine::new(&config).unwrap();
    let wasm = wat::parse_str(r#"(module (func (export "run") (loop (br 0))))"#).unwrap();
    let module = Module::new(&engine, wasm).unwrap();
    let (mut store, plugin) = instantiate(&engine, &module);
    store.set_fuel(100_000).unwrap();
    let run = RunPlugin::new(&mut store, plugin).unwrap();
    let err = run.run(&mut store).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Limit { limit: Limit::Fuel, .. }), "{err:?}");
    assert_eq!(err.to_string(), "plugin hostile: run: ran out of fuel");
    // Stopped at an arbitrary instruction: poisoned, even with fuel again.
    store.set_fuel(100_000).unwrap();
    let err = run.run(&mut store).unwrap_err();
    assert_eq!(
        err.to_string(),
        "plugin hostile: run: not called: an earlier trap left the plugin unusable (plugin hostile: run: ran out of fuel); instantiate it again"
    );
}

#[test]
fn endless_loop_stops_at_its_deadline() {
    let mut config = Config::new();
    config.epoch_interruption(true);
    let engine = Engine::new(&config).unwrap();
    let wasm = wat::parse_str(r#"(module (func (export "run") (loop (br 0))))"#).unwrap();
    let module = Module::new(&engine, wasm).unwrap();
    let (mut store, plugin) = instantiate(&engine, &module);
    store.set_epoch_deadline(1);
    let ticker = engine.clone();
    let tick = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(50));
        ticker.increment_epoch();
    });
    let err = RunPlugin::new(&mut store, plugin).unwrap().run(&mut store).unwrap_err();
    tick.join().unwrap();
    assert!(matches!(err.kind(), ErrorKind::Limit { limit: Limit::Deadline, .. }), "{err:?}");
    assert_eq!(err.to_string(), "plugin hostile: run: passed its deadline");
}

#[test]
fn growing_memory_past_the_limit_stops_the_plugin() {
    struct Limited(Log, MemoryLimit);
    let module = wat_module(
        r#"(module
            (memory (export "memory") 1)
            (func (export "run") (drop (memory.grow (i32.const 1))) (drop (memory.grow (i32.const 1)))))"#,
    );
    let mut linker = Linker::new(engine());
    wasmbind::add_to_linker!(&mut linker, |s: &mut Limited| &mut s.0, [log]).unwrap();
    let mut store = Store::new(engine(), Limited(Log::new(), MemoryLimit::new(2 * 65536)));
    store.limiter(|s| &mut s.1);
    let plugin = Plugin::instantiate(&mut store, Instantiate::new(&linker, &module).named("hostile")).unwrap();
    let err = RunPlugin::new(&mut store, plugin).unwrap().run(&mut store).unwrap_err();
    let limit = Limit::Memory { desired: 3 * 65536, max: 2 * 65536 };
    assert!(matches!(err.kind(), ErrorKind::Limit { limit: l, .. } if *l == limit), "{err:?}");
    assert_eq!(
        err.to_string(),
        "plugin hostile: run: tried to grow its memory to 196608 bytes, over its limit of 131072"
    );
}

/// Host functions find the *calling* instance's memory, whether its module
/// went through `Plugin` (cached index) or not (looked up by name), with
/// several modules alive on one thread.
#[test]
fn each_instance_gets_its_own_memory() {
    let small = |pages: u32| {
        wat_module(&format!(
            r#"(module
                (import "env" "log" (func $log (param i64 i64)))
                (memory (export "memory") {pages})
                (func (export "run") (call $log (i64.const {}) (i64.const 0))))"#,
            packed(65530, 16)
        ))
    };
    let (one, two) = (small(1), small(2));
    let mut linker = Linker::new(engine());
    wasmbind::add_to_linker!(&mut linker, |log: &mut Log| log, [log]).unwrap();
    let mut store = Store::new(engine(), Log::new());
    let first = Plugin::instantiate(&mut store, Instantiate::new(&linker, &one).named("one")).unwrap();
    let first = RunPlugin::new(&mut store, first).unwrap();
    let second = Plugin::instantiate(&mut store, Instantiate::new(&linker, &two).named("two")).unwrap();
    let second = RunPlugin::new(&mut store, second).unwrap();
    let untracked = linker.instantiate(&mut store, &small(1)).unwrap();
    let untracked = untracked.get_typed_func::<(), ()>(&mut store, "run").unwrap();
    for _ in 0..2 {
        let err = first.run(&mut store).unwrap_err();
        assert!(err.to_string().ends_with("bytes 65530..65546 are out of bounds of memory (65536 bytes)"), "{err}");
        second.run(&mut store).expect("65530..65546 is inside two pages");
        assert_eq!(store.data_mut().pop().as_deref(), Some("\0".repeat(16).as_str()));
        let err = untracked.call(&mut store, ()).unwrap_err();
        let bad = err.downcast_ref::<wasmbind::host::error::BadValue>().expect("a bad value");
        assert_eq!(
            bad.to_string(),
            "env::log: argument msg: bytes 65530..65546 are out of bounds of memory (65536 bytes)"
        );
    }
}

#[test]
fn host_functions_returning_anyhow_or_wasmtime_errors_stop_the_plugin() {
    let err = run_import("strict", "i32 i64", "(i32.const 12) (i64.const 0)", "(result i32)");
    assert_eq!(err.to_string(), "plugin hostile: run: host function env::strict stopped the plugin: 12 is too large");
    let err = run_import("engine_strict", "i32 i64", "(i32.const 300) (i64.const 0)", "(result i32)");
    assert!(matches!(err.kind(), ErrorKind::HostTrap { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "plugin hostile: run: host function env::engine_strict stopped the plugin: 300: out of range integral type conversion attempted"
    );
}

/// A plugin whose `run` takes a 64-byte frame off its stack pointer (as a
/// Rust function's prologue does) and then passes `log` a bad pointer;
/// `exports` adds exports.
fn framed_plugin(exports: &str) -> (Store<Log>, Plugin) {
    let module = wat_module(&format!(
        r#"(module
            (import "env" "log" (func $log (param i64 i64)))
            (memory (export "memory") 1)
            (global $sp (mut i32) (i32.const 4096))
            {exports}
            (func (export "run")
                (global.set $sp (i32.sub (global.get $sp) (i32.const 64)))
                (call $log (i64.const {bad}) (i64.const 0))
                (global.set $sp (i32.add (global.get $sp) (i32.const 64)))))"#,
        bad = packed(65530, 16),
    ));
    instantiate(engine(), &module)
}

#[test]
fn after_a_trap_at_a_boundary_the_stack_pointer_is_moved_back() {
    let (mut store, plugin) =
        framed_plugin(r#"(export "__stack_pointer" (global $sp)) (func (export "wasmbind_init"))"#);
    let sp = plugin.instance().unwrap().get_global(&mut store, "__stack_pointer").unwrap();
    let run = RunPlugin::new(&mut store, plugin.clone()).unwrap();
    for _ in 0..3 {
        assert!(matches!(run.run(&mut store).unwrap_err().kind(), ErrorKind::BadValue(_)));
        assert_eq!(sp.get(&mut store).i32(), Some(4096), "the frame the trap skipped is given back");
    }
    assert_eq!(plugin.poisoned(), None);
}

#[test]
fn a_plugin_on_the_guest_runtime_without_its_stack_pointer_is_poisoned_after_a_trap() {
    let (mut store, plugin) = framed_plugin(r#"(func (export "wasmbind_init"))"#);
    let run = RunPlugin::new(&mut store, plugin.clone()).unwrap();
    let first = run.run(&mut store).unwrap_err();
    // The cause says why it cannot be repaired, and what to do.
    let cause = plugin.poisoned().unwrap();
    assert!(cause.starts_with(&first.to_string()), "{cause}");
    assert!(cause.ends_with("rebuild it against this version of wasmbind"), "{cause}");
    let err = run.run(&mut store).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Poisoned { .. }), "{err}");
    assert!(err.to_string().starts_with("plugin hostile: run: not called: an earlier trap left the plugin unusable"));

    // Without the runtime, the host cannot tell it keeps a stack: left as it is.
    let (mut store, plugin) = framed_plugin("");
    let run = RunPlugin::new(&mut store, plugin.clone()).unwrap();
    for _ in 0..2 {
        assert!(matches!(run.run(&mut store).unwrap_err().kind(), ErrorKind::BadValue(_)));
    }
    assert_eq!(plugin.poisoned(), None);
}

/// A synchronous host function's long result in an async call: wasmtime
/// refuses the blocking call of the allocator before the plugin runs, so it
/// is an error with the remedy, and the plugin stays usable.
#[test]
fn a_sync_host_functions_long_result_in_an_async_call() {
    let (mut store, plugin) = allocator_plugin("(i32.const 1024)", 0);
    let run = RunPlugin::new(&mut store, plugin.clone()).unwrap();
    let err = wasmbind::host::block_on(run.run_async(&mut store)).unwrap_err();
    let text = err.to_string();
    assert!(
        text.starts_with("plugin hostile: env::big: result: allocator wasmbind_alloc(1000, 1) failed: ")
            && text.contains("enter plugins with the handles' `_async` methods"),
        "{text}"
    );
    assert_eq!(plugin.poisoned(), None);
    // The synchronous call is fine.
    run.run(&mut store).unwrap();
}

#[plugin_export]
pub trait Pair {
    fn pair(a: &str, b: &str);
}

/// An async call awaits the allocator for each argument; a bad block is an
/// error naming the argument it was for, and, as in a sync call, only an
/// allocator that trapped poisons the plugin.
#[test]
fn async_calls_check_the_allocators_blocks_per_argument() {
    // The first block is good, the second is null.
    let module = wat_module(
        r#"(module
            (memory (export "memory") 1)
            (global $calls (mut i32) (i32.const 0))
            (func (export "wasmbind_alloc") (param i32 i32) (result i32)
                (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
                (select (i32.const 1024) (i32.const 0) (i32.eq (global.get $calls) (i32.const 1))))
            (func (export "pair") (param i64 i64)))"#,
    );
    let (mut store, plugin) = instantiate(engine(), &module);
    let pair = PairPlugin::new(&mut store, plugin.clone()).unwrap();
    let err = wasmbind::host::block_on(pair.pair_async(&mut store, "first", "second")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "plugin hostile: pair: argument b: allocator wasmbind_alloc(6, 1) failed: it returned 0"
    );
    assert_eq!(plugin.poisoned(), None, "refusing a block does not poison");

    let (mut store, plugin) = allocator_plugin("(i32.const 70000)", 0);
    let take = TakePlugin::new(&mut store, plugin.clone()).unwrap();
    let err = wasmbind::host::block_on(take.take_async(&mut store, "hello")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "plugin hostile: take: argument s: allocator wasmbind_alloc(5, 1) returned 70000: bytes 70000..70005 are out of bounds of memory (65536 bytes)"
    );
    assert_eq!(plugin.poisoned(), None);

    let (mut store, plugin) = allocator_plugin("unreachable", 0);
    let take = TakePlugin::new(&mut store, plugin.clone()).unwrap();
    let err = wasmbind::host::block_on(take.take_async(&mut store, "hello")).unwrap_err();
    assert!(err.to_string().starts_with("plugin hostile: take: argument s: allocator wasmbind_alloc(5, 1) trapped: "));
    assert_eq!(plugin.poisoned(), Some(err.to_string().as_str()), "a trap in the allocator poisons");
}

/// The plugin side checks what its host returns too: a host in another
/// language that writes a result longer than the plugin's result area into
/// the area is refused, not read past the area.
#[test]
fn a_host_result_longer_than_the_result_area_is_refused_by_the_plugin() {
    use io_api::WorkerPlugin;
    let module = wasmbind_tests::plugin_module("io-plugin");
    let mut linker: Linker<()> = Linker::new(engine());
    for len in [256u32, 257] {
        let mut linker: Linker<()> = Linker::new(engine());
        linker
            .func_wrap(
                "clock",
                "banner",
                move |mut caller: wasmbind::wasmtime::Caller<'_, ()>, _: i32, out: i64, _: i64| {
                    let (ptr, capacity) = wasmbind::abi::unpack(out);
                    assert_eq!(capacity, 256);
                    let memory = caller.get_export("memory").unwrap().into_memory().unwrap();
                    memory.write(&mut caller, ptr as usize, &[b'a'; 256]).unwrap();
                    wasmbind::abi::pack(ptr, len)
                },
            )
            .unwrap();
        linker.define_unknown_imports_as_traps(&module).unwrap();
        let mut store = Store::new(engine(), ());
        let worker = WorkerPlugin::instantiate(&mut store, (&linker, &module)).unwrap();
        let result = worker.banner(&mut store, 10);
        if len == 256 {
            assert_eq!(result.unwrap(), "a".repeat(256));
        } else {
            let err = result.unwrap_err().to_string();
            assert!(err.starts_with("plugin io-plugin panicked in banner at "), "{err}");
            assert!(
                err.ends_with(": clock::banner: result: the host returned 257 bytes in a result area of 256 (a longer result goes in a block from wasmbind_alloc)"),
                "{err}"
            );
        }
    }
    // A block past the end of memory is refused as well.
    linker
        .func_wrap("clock", "banner", |_: wasmbind::wasmtime::Caller<'_, ()>, _: i32, _: i64, _: i64| {
            wasmbind::abi::pack(0xffff_fff0, 32)
        })
        .unwrap();
    linker.define_unknown_imports_as_traps(&module).unwrap();
    let mut store = Store::new(engine(), ());
    let worker = WorkerPlugin::instantiate(&mut store, (&linker, &module)).unwrap();
    let err = worker.banner(&mut store, 10).unwrap_err().to_string();
    assert!(err.contains(": clock::banner: result: bytes 4294967280..4294967312 are out of bounds of memory"), "{err}");
}
