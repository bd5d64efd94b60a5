//! Instance keys and call sessions (docs/ABI.md section 5): a host function
//! always works on the memory of the instance that called it, whatever key
//! that instance passes and however it was entered.

use wasmbind::Linker;
use wasmbind::host::Handle;
use wasmbind::host::Instantiate;
use wasmbind::host::Plugin;
use wasmbind::host_fn;
use wasmbind::plugin_export;
use wasmbind::wasmtime::{Caller, Module, Store, TypedFunc};
use wasmbind_tests::{engine, wat_module};

#[derive(Default)]
struct State {
    lines: Vec<String>,
    /// What `env::nested` runs: another plugin's `run`, entered without a handle.
    other: Option<TypedFunc<(), ()>>,
}

#[host_fn(module = "env")]
fn log(state: &mut State, msg: &str) {
    state.lines.push(msg.to_owned());
}

#[plugin_export]
pub trait Keyed {
    fn run();
    fn run_nested();
}

const KEY_ADDR: u32 = 8;

/// A plugin named by the 4 bytes `name` at address 16, exporting its
/// instance key at `key_addr`; `run` logs its name passing `key` (a wat
/// expression) as the instance key; `run_nested` first runs `env::nested`.
fn keyed(name: &str, key_addr: u32, key: &str) -> Module {
    wat_module(&format!(
        r#"(module
            (import "env" "log" (func $log (param i64 i64)))
            (import "env" "nested" (func $nested))
            (memory (export "memory") 1)
            (global (export "wasmbind_key") i32 (i32.const {key_addr}))
            (data (i32.const 16) "{name}")
            (func (export "run") (call $log (i64.const {msg}) {key}))
            (func (export "run_nested") (call $nested) (call $log (i64.const {msg}) {key})))"#,
        msg = wasmbind::abi::pack(16, 4),
    ))
}

const OWN_KEY: &str = "(i64.load (i32.const 8))";

fn linker() -> Linker<State> {
    let mut linker = Linker::new(engine());
    wasmbind::add_to_linker!(&mut linker, |state: &mut State| state, [log]).unwrap();
    linker
        .func_wrap("env", "nested", |mut caller: Caller<'_, State>| {
            let Some(other) = caller.data().other.clone() else {
                return Err(wasmbind::wasmtime::Error::msg("no other plugin to run"));
            };
            other.call(&mut caller, ())
        })
        .unwrap();
    linker
}

fn load(store: &mut Store<State>, linker: &Linker<State>, module: &Module, name: &str) -> KeyedPlugin {
    let plugin = Plugin::instantiate(&mut *store, Instantiate::new(linker, module).named(name)).unwrap();
    KeyedPlugin::new(&mut *store, plugin).unwrap()
}

fn key_of(store: &Store<State>, plugin: &KeyedPlugin) -> u64 {
    let memory = plugin.plugin().memory().unwrap().data(store);
    let at = KEY_ADDR as usize;
    u64::from_le_bytes(memory[at..at + 8].try_into().unwrap())
}

#[test]
fn the_host_writes_a_distinct_key_into_each_instance_it_calls() {
    let (linker, module) = (linker(), keyed("AAAA", KEY_ADDR, OWN_KEY));
    let mut store = Store::new(engine(), State::default());
    let first = load(&mut store, &linker, &module, "first");
    let second = load(&mut store, &linker, &module, "second");
    assert_eq!(key_of(&store, &first), 0, "written at the first call, not at instantiation");
    first.run(&mut store).unwrap();
    second.run(&mut store).unwrap();
    let (a, b) = (key_of(&store, &first), key_of(&store, &second));
    assert_ne!(a, 0);
    assert_ne!(b, 0);
    assert_ne!(a, b);
}

#[test]
fn whatever_key_a_plugin_passes_the_host_reads_its_own_memory() {
    let linker = linker();
    let mut store = Store::new(engine(), State::default());
    for (name, key) in [("OWNK", OWN_KEY), ("ZERO", "(i64.const 0)"), ("GUES", "(i64.const 123456789)")] {
        let plugin = load(&mut store, &linker, &keyed(name, KEY_ADDR, key), name);
        plugin.run(&mut store).unwrap();
        assert_eq!(store.data_mut().lines.pop().as_deref(), Some(name));
    }
}

#[test]
fn a_plugin_entered_inside_another_plugins_call_gets_its_own_memory() {
    let linker = linker();
    let mut store = Store::new(engine(), State::default());
    let outer = load(&mut store, &linker, &keyed("OUTR", KEY_ADDR, OWN_KEY), "outer");
    outer.run(&mut store).unwrap();
    store.data_mut().lines.clear();
    let outer_key = key_of(&store, &outer);
    assert_ne!(outer_key, 0);
    for (name, key) in [
        ("INNR", OWN_KEY.to_owned()),
        ("ZERO", "(i64.const 0)".to_owned()),
        ("GUES", "(i64.const 987654321)".to_owned()),
        // A near miss of the session's key.
        ("NEAR", format!("(i64.const {})", outer_key.wrapping_add(1) as i64)),
    ] {
        let inner = load(&mut store, &linker, &keyed(name, KEY_ADDR, &key), name);
        let raw = inner.plugin().instance().unwrap().get_typed_func::<(), ()>(&mut store, "run").unwrap();
        store.data_mut().other = Some(raw);
        outer.run_nested(&mut store).unwrap();
        assert_eq!(store.data().lines, [name, "OUTR"], "inner passing {key}");
        store.data_mut().lines.clear();
    }
}

#[test]
fn a_plugin_entered_without_a_handle_gets_its_own_memory() {
    let linker = linker();
    let mut store = Store::new(engine(), State::default());
    let handled = load(&mut store, &linker, &keyed("HNDL", KEY_ADDR, OWN_KEY), "handled");
    let raw = linker.instantiate(&mut store, &keyed("RAWW", KEY_ADDR, OWN_KEY)).unwrap();
    let raw = raw.get_typed_func::<(), ()>(&mut store, "run").unwrap();
    handled.run(&mut store).unwrap();
    raw.call(&mut store, ()).unwrap();
    handled.run(&mut store).unwrap();
    assert_eq!(store.data().lines, ["HNDL", "RAWW", "HNDL"]);
}

#[test]
fn an_unusable_key_address_leaves_the_plugin_working() {
    let linker = linker();
    let mut store = Store::new(engine(), State::default());
    let plugin = load(&mut store, &linker, &keyed("FARR", 70_000, "(i64.const 0)"), "far");
    plugin.run(&mut store).unwrap();
    assert_eq!(store.data().lines, ["FARR"]);
}

#[test]
fn sessions_end_with_the_call_even_when_it_fails() {
    let linker = linker();
    let mut store = Store::new(engine(), State::default());
    let outer = load(&mut store, &linker, &keyed("OUTR", KEY_ADDR, OWN_KEY), "outer");
    let err = outer.run_nested(&mut store).unwrap_err();
    assert!(format!("{err:?}").contains("no other plugin to run"), "{err:?}");
    // A module that has the outer plugin's key baked in, run after the
    // failed call: were the session still open, it would get OUTR's memory.
    let stolen = format!("(i64.const {})", key_of(&store, &outer) as i64);
    let inner = linker.instantiate(&mut store, &keyed("INNR", KEY_ADDR, &stolen)).unwrap();
    inner.get_typed_func::<(), ()>(&mut store, "run").unwrap().call(&mut store, ()).unwrap();
    assert_eq!(store.data().lines, ["INNR"]);
}
