//! Issue 30's hostile plugins: each guarantee has one owner in the runtime
//! (memory: the call's budget and the load's record budget; text: the
//! `wasmbind_shared::text` writers; time: a load check linear in the
//! module), and these attacks went around them before. The ones that
//! aborted or hung the host run in a child process under a data and a time
//! limit (`wasmbind_tests::guarded`), as a user's host would meet them.

use std::fmt::Write as _;
use wasmbind::host::Instantiate;

use wasmbind::Linker;
use wasmbind::host::{Context, ErrorKind, Handle, Lent, Plugin, error::MAX_MESSAGE};
use wasmbind::wasmtime::{AsContextMut, Module, Store};
use wasmbind::{host_fn, plugin_export};
use wasmbind_tests::{engine, guarded, wat_module};

type Log = Vec<String>;

#[host_fn(module = "env")]
fn log(log: &mut Log, msg: &str) {
    log.push(msg.to_owned());
}

#[host_fn(module = "env")]
fn big(_: &Log) -> String {
    "x".repeat(1000)
}

#[host_fn(module = "lend")]
pub trait Lend {
    /// Reads both lent arguments after calling back into the store, which
    /// makes the context copy them.
    fn both(cx: &mut Context<'_, Self>, a: Lent<str>, b: Lent<str>) -> u32;
}

impl Lend for Log {
    fn both(cx: &mut Context<'_, Self>, a: Lent<str>, b: Lent<str>) -> u32 {
        let _ = cx.as_context_mut();
        (cx.read(a).len() + cx.read(b).len()) as u32
    }
}

#[plugin_export]
pub trait Run {
    fn run();
}

fn linker() -> Linker<Log> {
    let mut linker = Linker::new(engine());
    wasmbind::add_to_linker!(&mut linker, |log: &mut Log| log, [log, big]).unwrap();
    lend::add_to_linker(&mut linker, |log: &mut Log| log).unwrap();
    linker
}

/// `(data (i32.const addr) ..)` holding `text` after its `u32` length.
fn record_data(addr: u32, text: &str) -> String {
    let mut data = format!("(data (i32.const {addr}) \"");
    for byte in (text.len() as u32).to_le_bytes().iter().chain(text.as_bytes()) {
        let _ = write!(data, "\\{byte:02x}");
    }
    data + "\")"
}

/// A record of about `size` bytes: `log` as the host declares it, then
/// functions `f0`, `f1`, ...
fn long_record(heading: &str, size: usize) -> String {
    let mut text = format!("wasmbind 2\n{heading}\nlog fn(&str)\n");
    for i in 0.. {
        let line = format!("f{i} fn()\n");
        if text.len() + line.len() > size {
            break;
        }
        text.push_str(&line);
    }
    text
}

fn load(module: &Module) -> Result<(Store<Log>, Plugin), wasmbind::host::Error> {
    let mut store = Store::new(engine(), Log::new());
    let plugin = Plugin::instantiate(&mut store, Instantiate::new(&linker(), module).named("hostile"))?;
    Ok((store, plugin))
}

#[test]
fn records_amplified_by_many_exports_are_read_once_within_a_budget() {
    // 20,000 record exports pointing at one 64 KiB record made the host
    // parse it 20,000 times: gigabytes, and an abort while loading.
    guarded("hardening::records_amplified_by_many_exports_are_read_once_within_a_budget", 512, 120, || {
        let record = long_record("imports env Env", 60 << 10);
        let exports: String = (0..20_000)
            .map(|i| format!(r#"(global (export "wasmbind_imports_env{i}") i32 (i32.const 1024))"#))
            .collect();
        let module = wat_module(&format!(
            r#"(module (memory (export "memory") 2) {} {exports} (func (export "run")))"#,
            record_data(1024, &record)
        ));
        let Err(err) = load(&module) else { panic!("a plugin with 20,000 records loaded") };
        let ErrorKind::Interface { differences, .. } = err.kind() else { panic!("{err:?}") };
        assert_eq!(differences.len(), 64, "{err:#}");
        assert_eq!(differences[0], "record wasmbind_imports_env1 is at 0x400, as another record is");
        assert_eq!(differences[63], "and 4033 more differences");
    });
}

#[test]
fn a_load_check_is_linear_in_imports_and_record_lines() {
    // 100,000 imports of `env::log` against 64 records of 8,000 lines each:
    // every import searched every line (hours); now a hash lookup each.
    guarded("hardening::a_load_check_is_linear_in_imports_and_record_lines", 1024, 240, || {
        let record = long_record("imports env Env", 60 << 10);
        let records: String = (0..64u32)
            .map(|i| {
                let addr = 1024 + i * (64 << 10);
                format!(
                    r#"{} (global (export "wasmbind_imports_env{i}") i32 (i32.const {addr}))"#,
                    record_data(addr, &record)
                )
            })
            .collect();
        let imports = r#"(import "env" "log" (func (param i64 i64)))"#.repeat(100_000);
        let module =
            wat_module(&format!(r#"(module {imports} (memory (export "memory") 70) {records} (func (export "run")))"#));
        let (mut store, plugin) = load(&module).expect("a plugin whose records agree loads");
        RunPlugin::new(&mut store, plugin).unwrap().run(&mut store).unwrap();
    });
}

#[test]
fn lent_arguments_are_charged_to_the_call_before_anything_is_copied() {
    // Two `Lent<str>` spanning a 384 MiB memory were copied (768 MiB) when
    // the host function called back into the store.
    guarded("hardening::lent_arguments_are_charged_to_the_call_before_anything_is_copied", 1536, 120, || {
        let whole = 384u64 << 20;
        let span = whole << 32;
        let module = wat_module(&format!(
            r#"(module
                (import "lend" "both" (func $both (param i64 i64 i64 i64) (result i32)))
                (memory (export "memory") 6144)
                (func (export "run") (drop (call $both (i64.const {span}) (i64.const {span}) (i64.const 0) (i64.const 0)))))"#
        ));
        let (mut store, plugin) = load(&module).unwrap();
        let err = RunPlugin::new(&mut store, plugin.clone()).unwrap().run(&mut store).unwrap_err();
        assert_eq!(
            err.to_string(),
            "plugin hostile: lend::both: argument a: decoding takes more than 67108864 bytes of memory (the per-call allocation budget)"
        );
        // Small lent arguments still cross.
        let module = wat_module(
            r#"(module
                (import "lend" "both" (func $both (param i64 i64 i64 i64) (result i32)))
                (memory (export "memory") 1)
                (data (i32.const 0) "hello")
                (func (export "run") (if (i32.ne (call $both (i64.const 0x500000000) (i64.const 0x300000000) (i64.const 0) (i64.const 0)) (i32.const 8)) (then unreachable))))"#,
        );
        let (mut store, plugin) = load(&module).unwrap();
        RunPlugin::new(&mut store, plugin).unwrap().run(&mut store).unwrap();
    });
}

#[test]
fn error_text_stays_bounded_whatever_the_backtrace() {
    // An allocator that re-enters the host until the wasm stack runs out,
    // in functions named with 100 KB each: a 131 MB error before.
    guarded("hardening::error_text_stays_bounded_whatever_the_backtrace", 1024, 120, || {
        let name = "n".repeat(100_000);
        let module = wat_module(&format!(
            r#"(module
                (import "env" "big" (func $big (param i64 i64) (result i64)))
                (memory (export "memory") 1)
                (func ${name} (export "wasmbind_alloc") (param i32 i32) (result i32)
                    (drop (call $big (i64.const 0x10000000000) (i64.const 0)))
                    (i32.const 0))
                (func (export "run") (drop (call $big (i64.const 0x10000000000) (i64.const 0)))))"#
        ));
        let (mut store, plugin) = load(&module).unwrap();
        let err = RunPlugin::new(&mut store, plugin).unwrap().run(&mut store).unwrap_err();
        let (display, debug) = (err.to_string(), format!("{err:?}"));
        assert!(display.len() <= wasmbind::host::error::MAX_DEBUG, "{} bytes", display.len());
        assert!(debug.len() <= wasmbind::host::error::MAX_DEBUG + 16, "{} bytes", debug.len());
        assert!(
            display.starts_with("plugin hostile: env::big: result: allocator wasmbind_alloc(1000, 1) "),
            "{display}"
        );
        assert!(display.len() < MAX_MESSAGE * 2, "{display}");
    });
}

#[test]
fn a_plugin_called_through_another_store_is_an_error_not_a_panic() {
    let module = wat_module(r#"(module (memory (export "memory") 1) (func (export "run")))"#);
    let (mut store, plugin) = load(&module).unwrap();
    let run = RunPlugin::new(&mut store, plugin).unwrap();
    let mut other = Store::new(engine(), Log::new());
    let err = run.run(&mut other).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::WrongStore { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "plugin hostile: run: called through another store than the one it was instantiated in"
    );
    run.run(&mut store).unwrap();
}

/// A calc plugin whose `greet` calls `greet` of the plugin its link reaches:
/// itself, for ever.
fn self_linked_calc() -> Module {
    wat_module(SELF_LINKED_CALC)
}

fn self_linked_calc_wat() -> Vec<u8> {
    wat::parse_str(SELF_LINKED_CALC).unwrap()
}

const SELF_LINKED_CALC: &str = r#"(module
            (import "plugin:Calc" "greet" (func $greet (param i64 i64 i64) (result i64)))
            (memory (export "memory") 1)
            (global $top (mut i32) (i32.const 1024))
            (func (export "wasmbind_alloc") (param i32 i32) (result i32) (local i32)
                (local.set 2 (global.get $top))
                (global.set $top (i32.add (global.get $top) (local.get 0)))
                (local.get 2))
            (func (export "greet") (param i64) (result i64)
                (call $greet (local.get 0) (i64.const 0x10000000000) (i64.const 0)))
            (func (export "point_add") (param i64 i64) (result i64) (i64.const 0))
            (func (export "count") (param i64) (result i32) (i32.const 0)))"#;

#[derive(Default)]
struct App {
    calc: Option<calc_api::CalcPlugin>,
}

/// The links of `err`, outermost first, and the error at their end.
fn chain(err: &wasmbind::host::Error) -> (usize, &wasmbind::host::Error) {
    let (mut links, mut err) = (0, err);
    while let ErrorKind::Linked { target: Some(target), .. } = err.kind() {
        (links, err) = (links + 1, target);
    }
    (links, err)
}

#[test]
fn link_recursion_stops_at_the_linkers_depth_sync_and_async() {
    // A -> A through `link_async` had no bound: 16,384 levels, or past
    // 90 s; through `link`, only the wasm stack (poisoning the plugin).
    guarded("hardening::link_recursion_stops_at_the_linkers_depth_sync_and_async", 1024, 120, || {
        use wasmbind::host::{block_on, error::Limit};
        let module = self_linked_calc();
        for asynchronous in [false, true] {
            let mut linker = Linker::<App>::new(engine());
            linker.set_max_depth(20);
            match asynchronous {
                false => linker.link(|app: &App| app.calc.as_ref()).unwrap(),
                true => linker.link_async(|app: &App| app.calc.as_ref()).unwrap(),
            }
            let mut store = Store::new(engine(), App::default());
            let calc = match asynchronous {
                false => calc_api::CalcPlugin::instantiate(&mut store, (&linker, &module)).unwrap(),
                true => block_on(calc_api::CalcPlugin::instantiate_async(&mut store, (&linker, &module))).unwrap(),
            };
            store.data_mut().calc = Some(calc.clone());
            for _ in 0..3 {
                let err = match asynchronous {
                    false => calc.greet(&mut store, "x").unwrap_err(),
                    true => block_on(calc.greet_async(&mut store, "x")).unwrap_err(),
                };
                let (links, innermost) = chain(&err);
                assert_eq!(links, 20, "{err}");
                assert!(
                    matches!(innermost.kind(), ErrorKind::Limit { limit: Limit::Depth { max: 20 }, .. }),
                    "{innermost:?}"
                );
                assert_eq!(
                    innermost.to_string(),
                    "plugin calc: greet: not called: 20 calls into plugins were in progress, the linker's max_depth"
                );
                assert!(err.to_string().len() <= wasmbind::host::error::MAX_DEBUG);
                assert!(format!("{err:?}").len() <= wasmbind::host::error::MAX_DEBUG + 16);
                // Every plugin on the chain stopped at a boundary: still usable.
                assert_eq!(calc.plugin().poisoned(), None);
            }
        }
    });
}

#[test]
fn every_hop_of_a_chain_runs_on_the_stores_fuel() {
    // Without a depth limit that trips first, the one store's fuel pays for
    // every hop, sync and async: the chain ends by fuel, not by the stack.
    use wasmbind::host::{block_on, config, error::Limit};
    let mut config = config();
    config.consume_fuel(true);
    let engine = wasmbind::wasmtime::Engine::new(&config).unwrap();
    let module = Module::new(&engine, self_linked_calc_wat()).unwrap();
    for asynchronous in [false, true] {
        let mut linker = Linker::<App>::new(&engine);
        linker.set_max_depth(u32::MAX);
        match asynchronous {
            false => linker.link(|app: &App| app.calc.as_ref()).unwrap(),
            true => linker.link_async(|app: &App| app.calc.as_ref()).unwrap(),
        }
        let mut store = Store::new(&engine, App::default());
        store.set_fuel(1_000_000).unwrap();
        let calc = match asynchronous {
            false => calc_api::CalcPlugin::instantiate(&mut store, (&linker, &module)).unwrap(),
            true => block_on(calc_api::CalcPlugin::instantiate_async(&mut store, (&linker, &module))).unwrap(),
        };
        store.data_mut().calc = Some(calc.clone());
        store.set_fuel(300).unwrap();
        let err = match asynchronous {
            false => calc.greet(&mut store, "x").unwrap_err(),
            true => block_on(calc.greet_async(&mut store, "x")).unwrap_err(),
        };
        let (links, innermost) = chain(&err);
        assert!(matches!(innermost.kind(), ErrorKind::Limit { limit: Limit::Fuel, .. }), "{innermost:?}");
        assert!((2..40).contains(&links), "{links} hops on 300 fuel");
        assert_eq!(store.get_fuel().unwrap(), 0);
    }
}

#[plugin_export]
pub trait Take {
    fn take(s: &str);
}

#[test]
fn a_limit_hit_inside_the_allocator_is_a_limit() {
    use wasmbind::host::{config, error::Limit};
    let engine = wasmbind::wasmtime::Engine::new(config().consume_fuel(true)).unwrap();
    let module = Module::new(
        &engine,
        wat::parse_str(
            r#"(module
                (import "env" "big" (func $big (param i64 i64) (result i64)))
                (memory (export "memory") 1)
                (func (export "wasmbind_alloc") (param i32 i32) (result i32) (loop $spin (br $spin)) (i32.const 0))
                (func (export "take") (param i64))
                (func (export "run") (drop (call $big (i64.const 0x10000000000) (i64.const 0)))))"#,
        )
        .unwrap(),
    )
    .unwrap();
    let mut linker = Linker::new(&engine);
    wasmbind::add_to_linker!(&mut linker, |log: &mut Log| log, [log, big]).unwrap();
    for export in ["run", "take"] {
        let mut store = Store::new(&engine, Log::new());
        store.set_fuel(100_000).unwrap();
        let plugin = Plugin::instantiate(&mut store, Instantiate::new(&linker, &module).named("hostile")).unwrap();
        let err = match export {
            "run" => RunPlugin::new(&mut store, plugin.clone()).unwrap().run(&mut store).unwrap_err(),
            _ => TakePlugin::new(&mut store, plugin.clone()).unwrap().take(&mut store, "hello").unwrap_err(),
        };
        assert!(matches!(err.kind(), ErrorKind::Limit { limit: Limit::Fuel, .. }), "{err:?}");
        assert_eq!(err.to_string(), format!("plugin hostile: {export}: ran out of fuel"));
        // Stopped inside its allocator: poisoned, as after any trap there.
        store.set_fuel(100_000).unwrap();
        assert!(plugin.poisoned().is_some(), "{export}");
    }
}
