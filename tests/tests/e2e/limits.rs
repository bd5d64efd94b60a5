//! Limits. Hostile plugins (WebAssembly text) against the ones every
//! decoder enforces: nesting a million deep, bodies that amplify into
//! gigabytes, messages claiming 64 MiB; the host refuses each with a named
//! error and stays up. Then the limits a host function declares (fuel per
//! call and per byte, a maximum argument length) with the kitchen plugin.

use wasmbind::abi::{DecodeLimits, block_size};
use wasmbind::host::Instantiate;
use wasmbind::host::{Compatibility, ErrorKind, Handle, Plugin, error::Limit, error::MAX_MESSAGE};
use wasmbind::wasmtime::{Engine, Module, Store};
use wasmbind::{Linker, Trap, WasmType, host_fn, plugin_export};
use wasmbind_tests::{engine, kitchen, wat_module};

/// A recursive type: `depth` nodes, then a leaf (`depth + 1` levels).
#[derive(WasmType, Debug, PartialEq)]
pub enum Tree {
    Leaf,
    Node(Box<Tree>),
}

impl Tree {
    fn depth(&self) -> usize {
        let (mut tree, mut depth) = (self, 0);
        while let Tree::Node(next) = tree {
            (tree, depth) = (next, depth + 1);
        }
        depth
    }
}

type Log = Vec<String>;

#[host_fn(module = "env")]
fn take_tree(log: &mut Log, tree: Tree) {
    log.push(format!("tree {}", tree.depth()));
}

#[host_fn(module = "env")]
fn take_strings(log: &mut Log, items: Vec<String>) {
    log.push(format!("strings {}", items.len()));
}

#[host_fn(module = "env")]
fn refuse(_: &mut Log, why: &str) -> Result<u32, Trap> {
    Err(Trap::new(why))
}

#[plugin_export]
pub trait Hostile {
    fn tree(depth: u32) -> Tree;
    fn strings(count: u32) -> Vec<String>;
    fn send_tree(depth: u32);
    fn send_strings(count: u32);
    fn send_refusal(len: u32);
    fn panic();
}

/// The plugin. `tree` builds a tree `depth` nodes deep at the top of its
/// 64 MiB memory, innermost first; `strings` is `count` empty strings
/// (four zero bytes each) from address 1024; the `send_` functions pass
/// the same to the host functions, with the instance key. `panic` leaves a
/// panic record whose length says 64 MiB.
const HOSTILE: &str = r#"(module
    (import "env" "take_tree" (func $take_tree (param i64 i64)))
    (import "env" "take_strings" (func $take_strings (param i64 i64)))
    (import "env" "refuse" (func $refuse (param i64 i64 i64) (result i32)))
    (memory (export "memory") 1040)
    (global (export "wasmbind_key") i32 (i32.const 8))
    (global (export "wasmbind_panic") i32 (i32.const 64))
    (data (i32.const 68) "evil.rs:1:1\n")
    (func $pack (param $ptr i32) (param $len i32) (result i64)
        (i64.or (i64.shl (i64.extend_i32_u (local.get $len)) (i64.const 32)) (i64.extend_i32_u (local.get $ptr))))
    (func $key (result i64) (i64.load (i32.const 8)))
    (func $tree (export "tree") (param $depth i32) (result i64)
        (local $p i32) (local $size i32)
        (local.set $p (i32.const 0x4000000))
        (i32.store (local.get $p) (i32.const 0))
        (local.set $size (i32.const 4))
        (block $done (loop $next
            (br_if $done (i32.eqz (local.get $depth)))
            (local.set $p (i32.sub (local.get $p) (i32.const 8)))
            (i32.store (local.get $p) (i32.const 1))
            (i32.store offset=4 (local.get $p) (local.get $size))
            (local.set $size (i32.add (local.get $size) (i32.const 8)))
            (local.set $depth (i32.sub (local.get $depth) (i32.const 1)))
            (br $next)))
        (call $pack (local.get $p) (local.get $size)))
    (func $strings (export "strings") (param $count i32) (result i64)
        (call $pack (i32.const 1024) (i32.mul (local.get $count) (i32.const 4))))
    (func (export "send_tree") (param $depth i32)
        (call $take_tree (call $tree (local.get $depth)) (call $key)))
    (func (export "send_strings") (param $count i32)
        (call $take_strings (call $strings (local.get $count)) (call $key)))
    (func (export "send_refusal") (param $len i32)
        (drop (call $refuse (call $pack (i32.const 1024) (local.get $len)) (call $pack (i32.const 0) (i32.const 0)) (call $key))))
    (func (export "panic")
        (i32.store (i32.const 64) (i32.const 0x4000000))
        unreachable))"#;

fn module() -> &'static Module {
    static MODULE: std::sync::OnceLock<Module> = std::sync::OnceLock::new();
    MODULE.get_or_init(|| wat_module(HOSTILE))
}

fn load(limits: DecodeLimits) -> (Store<Log>, HostilePlugin) {
    let mut linker = Linker::new(engine());
    linker.set_decode_limits(limits);
    wasmbind::add_to_linker!(&mut linker, |log: &mut Log| log, [take_tree, take_strings, refuse]).unwrap();
    let mut store = Store::new(engine(), Log::new());
    let plugin = Plugin::instantiate(&mut store, Instantiate::new(&linker, module()).named("hostile")).unwrap();
    assert_eq!(plugin.decode_limits(), limits);
    let handle = HostilePlugin::new(&mut store, plugin).unwrap();
    (store, handle)
}

const TOO_DEEP: &str = "values nest deeper than 128 levels (the nesting limit)";

#[test]
fn a_tree_a_million_deep_is_refused_both_ways_and_the_host_lives_on() {
    let (mut store, plugin) = load(DecodeLimits::DEFAULT);
    let err = plugin.tree(&mut store, 1_000_000).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::BadValue(_)), "{err:?}");
    assert_eq!(err.to_string(), format!("plugin hostile: tree: result: {TOO_DEEP}"));

    let err = plugin.send_tree(&mut store, 1_000_000).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::BadValue(_)), "{err:?}");
    assert_eq!(err.to_string(), format!("plugin hostile: env::take_tree: argument tree: {TOO_DEEP}"));
    assert!(store.data().is_empty(), "the host function must not run");

    // The same instance still answers.
    assert_eq!(plugin.tree(&mut store, 5).unwrap().depth(), 5);
    plugin.send_tree(&mut store, 5).unwrap();
    assert_eq!(store.data(), &["tree 5"]);
}

#[test]
fn the_nesting_limit_is_exact_and_set_per_linker() {
    // A tree `d` nodes deep nests `d + 1` enums.
    let (mut store, plugin) = load(DecodeLimits::DEFAULT);
    assert_eq!(plugin.tree(&mut store, 127).unwrap().depth(), 127);
    assert!(plugin.tree(&mut store, 128).unwrap_err().to_string().ends_with(TOO_DEEP));

    let limits = DecodeLimits { depth: 8, ..DecodeLimits::DEFAULT };
    let (mut store, plugin) = load(limits);
    assert_eq!(plugin.tree(&mut store, 7).unwrap().depth(), 7);
    let err = plugin.tree(&mut store, 8).unwrap_err();
    assert!(err.to_string().ends_with("values nest deeper than 8 levels (the nesting limit)"), "{err}");
    // Host functions the plugin calls through a handle use its limits too.
    plugin.send_tree(&mut store, 7).unwrap();
    let err = plugin.send_tree(&mut store, 8).unwrap_err();
    assert!(err.to_string().ends_with("values nest deeper than 8 levels (the nesting limit)"), "{err}");
    assert_eq!(store.data(), &["tree 7"]);
}

#[test]
fn amplifying_bodies_stop_at_the_allocation_budget() {
    // 3,000,000 empty strings: 12 MB of body, 72 MB of `String`s.
    let (mut store, plugin) = load(DecodeLimits::DEFAULT);
    let over = "decoding takes more than 67108864 bytes of memory (the per-call allocation budget)";
    let err = plugin.strings(&mut store, 3_000_000).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::BadValue(_)), "{err:?}");
    assert_eq!(err.to_string(), format!("plugin hostile: strings: result: {over}"));
    let err = plugin.send_strings(&mut store, 3_000_000).unwrap_err();
    assert_eq!(err.to_string(), format!("plugin hostile: env::take_strings: argument items: {over}"));
    assert!(store.data().is_empty());
    assert_eq!(plugin.strings(&mut store, 1000).unwrap().len(), 1000);

    // A budget of 1 MiB holds a `Vec` grown to 16,384 (empty) `String`s:
    // its blocks of 4, 8, ... 16,384 `String`s, and the result's body (4
    // bytes each); growing to 32,768 would not fit.
    let limits = DecodeLimits { alloc: 1 << 20, ..DecodeLimits::DEFAULT };
    let (mut store, plugin) = load(limits);
    let grown = |cap: usize| -> usize {
        (2..).map(|k| 1usize << k).take_while(|&c| c <= cap).map(|c| block_size(c * size_of::<String>())).sum()
    };
    assert!(grown(16_384) + block_size(4 * 16_384) <= 1 << 20 && grown(32_768) > 1 << 20);
    let fits = 16_384;
    assert_eq!(plugin.strings(&mut store, fits).unwrap().len(), fits as usize);
    let err = plugin.strings(&mut store, fits + 1).unwrap_err();
    assert!(err.to_string().ends_with("more than 1048576 bytes of memory (the per-call allocation budget)"), "{err}");
    plugin.send_strings(&mut store, fits).unwrap();
    assert!(plugin.send_strings(&mut store, fits + 1).is_err());
    assert_eq!(store.data(), &[format!("strings {fits}")]);
}

#[test]
fn a_trap_message_of_64_mib_is_clipped() {
    let (mut store, plugin) = load(DecodeLimits::DEFAULT);
    let err = plugin.send_refusal(&mut store, 64 << 20).unwrap_err();
    let ErrorKind::HostTrap { trap, .. } = err.kind() else { panic!("{err:?}") };
    assert!(trap.message.len() <= MAX_MESSAGE + 32, "{} bytes", trap.message.len());
    assert!(trap.message.ends_with(&format!("... ({} more bytes)", (64 << 20) - MAX_MESSAGE)), "{err}");
    assert!(err.to_string().len() < MAX_MESSAGE + 200);
}

#[test]
fn a_panic_record_claiming_64_mib_is_read_only_to_its_capacity() {
    let (mut store, plugin) = load(DecodeLimits::DEFAULT);
    let err = plugin.panic(&mut store).unwrap_err();
    let ErrorKind::Panic { location, message, .. } = err.kind() else { panic!("{err:?}") };
    assert_eq!(location, "evil.rs:1:1");
    assert_eq!(message.len(), wasmbind_shared::PANIC_CAPACITY - "evil.rs:1:1\n".len());
}

/// The kitchen plugin on an engine that consumes fuel, with fuel to spare.
fn kitchen_with_fuel() -> (Store<kitchen::Seen>, kitchen_api::KitchenPlugin) {
    static ENGINE: std::sync::OnceLock<(Engine, Module)> = std::sync::OnceLock::new();
    let (engine, module) = ENGINE.get_or_init(|| {
        let mut config = wasmbind::host::config();
        config.consume_fuel(true);
        let engine = Engine::new(&config).unwrap();
        let wasm = wasmbind_tests::plugin_wasm("kitchen-plugin", "wasm32-unknown-unknown");
        let module = Module::from_file(&engine, wasm).unwrap();
        (engine, module)
    });
    let mut linker = Linker::new(engine);
    kitchen::add_to_linker(&mut linker, |seen| seen).unwrap();
    let mut store = Store::new(engine, kitchen::Seen::default());
    store.set_fuel(u64::MAX / 2).unwrap();
    let plugin = kitchen_api::KitchenPlugin::instantiate(&mut store, (&linker, module)).unwrap();
    (store, plugin)
}

/// The fuel `call` takes.
fn fuel_of<R>(store: &mut Store<kitchen::Seen>, call: impl FnOnce(&mut Store<kitchen::Seen>) -> R) -> (u64, R) {
    let before = store.get_fuel().unwrap();
    let result = call(store);
    (before - store.get_fuel().unwrap(), result)
}

#[test]
fn declared_fuel_is_charged_per_call_and_per_byte() {
    let (mut store, plugin) = kitchen_with_fuel();
    plugin.count_free(&mut store, String::new()).unwrap(); // the first call also runs `wasmbind_init`
    for (text, data) in [("", 0), ("abc", 2), ("ü".repeat(100).as_str(), 500)] {
        let data = vec![7u8; data];
        let (free, n) = fuel_of(&mut store, |s| plugin.unmetered(s, text.into(), data.clone()).unwrap());
        let (paid, m) = fuel_of(&mut store, |s| plugin.metered(s, text.into(), data.clone()).unwrap());
        assert_eq!((n, m), ((text.len() + data.len()) as u32, n));
        assert_eq!(paid - free, 100 + 2 * u64::from(n), "{n} bytes");
    }
    // The trait form: `fuel = 10` on the trait, `fuel_per_byte = 3` more on `measure`.
    for text in ["", "ab", "abcdefghij"] {
        let (free, n) = fuel_of(&mut store, |s| plugin.count_free(s, text.into()).unwrap());
        let (count, m) = fuel_of(&mut store, |s| plugin.count(s, text.into()).unwrap());
        let (measure, l) = fuel_of(&mut store, |s| plugin.measure(s, text.into()).unwrap());
        assert_eq!((n, m, l), (text.len() as u32, n, n));
        assert_eq!((count - free, measure - free), (10, 10 + 3 * u64::from(n)), "{n} bytes");
    }
}

#[test]
fn a_call_that_cannot_pay_stops_at_the_call_and_the_plugin_goes_on() {
    let (mut store, plugin) = kitchen_with_fuel();
    let (text, data) = ("x".repeat(900), vec![0u8; 100]);
    let (free, _) = fuel_of(&mut store, |s| plugin.unmetered(s, text.clone(), data.clone()).unwrap());
    // Enough for the plugin's own work, not for the 2,100 the host function declares.
    store.set_fuel(free + 1000).unwrap();
    let err = plugin.metered(&mut store, text.clone(), data.clone()).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Limit { limit: Limit::Fuel, .. }), "{err:?}");
    assert_eq!(err.to_string(), "plugin kitchen-plugin: metered: ran out of fuel");
    assert!(!store.data().0.contains(&"metered".to_owned()), "the host function did not run");
    // It stopped at the call, where its memory is consistent: refuelled, it goes on.
    assert_eq!(Handle::plugin(&plugin).poisoned(), None);
    store.set_fuel(u64::MAX / 2).unwrap();
    assert_eq!(plugin.metered(&mut store, text.clone(), data.clone()).unwrap(), 1000);
}

#[test]
fn an_argument_over_max_len_is_refused_before_it_is_read() {
    let (mut store, plugin) = kitchen_with_fuel();
    let err = plugin.metered(&mut store, "x".repeat(1001), vec![]).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::BadValue(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        "plugin kitchen-plugin: kitchen::h_metered: argument text: 1001 bytes are more than its max_len of 1000"
    );
    let err = plugin.metered(&mut store, String::new(), vec![0; 5000]).unwrap_err();
    assert!(err.to_string().ends_with("argument data: 5000 bytes are more than its max_len of 1000"), "{err}");
    let err = plugin.measure(&mut store, "y".repeat(101)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "plugin kitchen-plugin: meter::measure: argument text: 101 bytes are more than its max_len of 100"
    );
    assert!(store.data().0.is_empty(), "no host function ran: {:?}", store.data());
    assert_eq!(plugin.metered(&mut store, "x".repeat(1000), vec![]).unwrap(), 1000);
}

#[test]
fn declared_fuel_needs_an_engine_that_consumes_fuel() {
    let (mut store, plugin) = kitchen::instantiate();
    let err = plugin.metered(&mut store, "abc".into(), vec![1, 2]).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::HostTrap { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "plugin kitchen-plugin: metered: host function kitchen::h_metered stopped the plugin: it declares fuel, but the engine does not consume fuel: enable `Config::consume_fuel` (a call costs 110)"
    );
    // A function without limits needs no fuel.
    assert_eq!(plugin.unmetered(&mut store, "abc".into(), vec![1, 2]).unwrap(), 5);
}

/// A plugin whose export record for `Hostile` is `text` with a length
/// prefix of `len`, in 2 pages of memory.
fn record_plugin(text: &str, len: u32) -> Module {
    let escaped: String = text.chars().map(|c| if c == '\n' { "\\n".to_owned() } else { c.to_string() }).collect();
    let len: String = len.to_le_bytes().iter().map(|b| format!("\\{b:02x}")).collect();
    wat_module(&format!(
        r#"(module
            (memory (export "memory") 2)
            (global (export "wasmbind_exports_Hostile") i32 (i32.const 1024))
            (data (i32.const 1024) "{len}{escaped}"))"#
    ))
}

fn instantiate_err(module: &Module) -> String {
    let mut linker = Linker::new(engine());
    linker.set_compatibility(Compatibility::Exact);
    let mut store = Store::new(engine(), Log::new());
    match HostilePlugin::instantiate(&mut store, (&linker, module)) {
        Ok(_) => panic!("the records differ"),
        Err(err) => {
            assert!(matches!(err.kind(), ErrorKind::Interface { .. }), "{err:?}");
            format!("{err:#}")
        }
    }
}

#[test]
fn records_are_read_to_a_bound_and_differences_are_counted_past_one() {
    // A record claiming 4 GiB is read no further than 64 KiB.
    let err = instantiate_err(&record_plugin("wasmbind 2\nexports Hostile\n", u32::MAX));
    assert_eq!(err, "plugin hostile: record wasmbind_exports_Hostile at 0x400 is longer than 65536 bytes");

    // A thousand functions the host does not declare: 64 lines, the rest counted.
    let mut text = "wasmbind 2\nexports Hostile\n".to_owned();
    for i in 0..1000 {
        text.push_str(&format!("f{i} fn()\n"));
    }
    let err = instantiate_err(&record_plugin(&text, text.len() as u32));
    let lines: Vec<_> = err.lines().collect();
    assert_eq!(lines.len(), 64);
    // 6 exports it lacks and 1000 it adds: 1006 differences, 63 shown.
    assert_eq!(lines[63], "plugin hostile: and 943 more differences");
}
