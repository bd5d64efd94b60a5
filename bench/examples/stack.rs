//! Native stack per level of re-entry (a plugin calling the host, which
//! calls the plugin again), wasmbind against a hand-written `func_wrap`
//! host, in the same run: the figure behind `Linker::set_max_depth`'s
//! default. Both plugins are the same WebAssembly but for the import's
//! core signature; each level's host function records the address of one
//! of its locals.
//!
//! ```text
//! cargo run --release -p wasmbind-bench --example stack
//! ```

use wasmbind::host::{Context, Handle};
use wasmbind::wasmtime::{Caller, Engine, Linker as WasmtimeLinker, Module, Store, TypedFunc};
use wasmbind::{Linker, host_fn, plugin_export};

const LEVELS: i32 = 100;

/// `depth(n)` calls the host's `descend(n)` while `n > 0`.
fn plugin(import: &str, call: &str) -> String {
    format!(
        r#"(module
            (import "host" "descend" (func $descend {import}))
            (memory (export "memory") 1)
            (func (export "depth") (param i32) (result i32)
                (if (result i32) (i32.gt_s (local.get 0) (i32.const 0))
                    (then {call})
                    (else (i32.const 0)))))"#
    )
}

#[plugin_export]
pub trait Deep {
    fn depth(n: i32) -> i32;
}

#[derive(Default)]
struct State {
    plugin: Option<DeepPlugin>,
    addresses: Vec<usize>,
}

#[host_fn(module = "host")]
pub trait Rec {
    fn descend(cx: &mut Context<'_, Self>, n: i32) -> i32;
}

impl Rec for State {
    fn descend(cx: &mut Context<'_, Self>, n: i32) -> i32 {
        let here = 0u8;
        cx.state().addresses.push(core::ptr::from_ref(&here) as usize);
        let Some(plugin) = cx.state().plugin.clone() else { return -1 };
        plugin.depth(&mut *cx, n - 1).unwrap_or(-1)
    }
}

struct Baseline {
    depth: Option<TypedFunc<i32, i32>>,
    addresses: Vec<usize>,
}

fn per_level(addresses: &[usize]) -> usize {
    let (first, last) = (addresses.first().copied().unwrap_or(0), addresses.last().copied().unwrap_or(0));
    first.abs_diff(last) / addresses.len().saturating_sub(1).max(1)
}

fn wasmbind_side(engine: &Engine) -> usize {
    let wat = plugin("(param i32 i64 i64) (result i32)", "(call $descend (local.get 0) (i64.const 0) (i64.const 0))");
    let module = Module::new(engine, wat::parse_str(wat).expect("wat")).expect("module");
    let mut linker = Linker::new(engine);
    linker.set_max_depth(u32::MAX);
    host::add_to_linker(&mut linker, |state: &mut State| state).expect("register");
    let mut store = Store::new(engine, State::default());
    let plugin = DeepPlugin::instantiate(&mut store, (&linker, &module)).expect("instantiate");
    store.data_mut().plugin = Some(plugin.clone());
    plugin.depth(&mut store, LEVELS).expect("the chain");
    per_level(&store.data().addresses)
}

fn baseline_side(engine: &Engine) -> usize {
    let wat = plugin("(param i32) (result i32)", "(call $descend (local.get 0))");
    let module = Module::new(engine, wat::parse_str(wat).expect("wat")).expect("module");
    let mut linker = WasmtimeLinker::new(engine);
    linker
        .func_wrap("host", "descend", |mut caller: Caller<'_, Baseline>, n: i32| {
            let here = 0u8;
            caller.data_mut().addresses.push(core::ptr::from_ref(&here) as usize);
            let Some(depth) = caller.data().depth.clone() else { return -1 };
            depth.call(&mut caller, n - 1).unwrap_or(-1)
        })
        .expect("register");
    let mut store = Store::new(engine, Baseline { depth: None, addresses: Vec::new() });
    let instance = linker.instantiate(&mut store, &module).expect("instantiate");
    let depth = instance.get_typed_func::<i32, i32>(&mut store, "depth").expect("depth");
    store.data_mut().depth = Some(depth.clone());
    depth.call(&mut store, LEVELS).expect("the chain");
    per_level(&store.data().addresses)
}

fn main() {
    let engine = Engine::new(&wasmbind::host::config()).expect("engine");
    let (wasmbind, baseline) = (wasmbind_side(&engine), baseline_side(&engine));
    println!("native stack per level of re-entry: wasmbind {wasmbind} bytes, hand-written {baseline} bytes");
}
