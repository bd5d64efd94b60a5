//! The registry example: a host holding two different plugins, `math` and
//! `words`, with a registry of every export by name. It shows
//!
//! - plugin-to-plugin calls, typed (`words` calls `math::fib` as a function
//!   through a link) and by name (`words` asks the host's `registry::call`
//!   to run `math.add`);
//! - listeners: both plugins register exports for the `tick` event, one
//!   of them failing; the host emits, and a plugin emits from inside a call;
//! - re-entrancy: the host function `again` calls back into the plugin
//!   that called it, three levels deep;
//! - unloading a plugin: its listeners go, and calls linked to it fail
//!   with an error naming both plugins.
//!
//! `cargo run -p registry` prints the transcript, checking every value.

use std::collections::BTreeMap;
use std::path::Path;
use wasmbind::host::Instantiate;

use registry_api::{MathPlugin, Registry, TICK, WordsPlugin, registry};
use wasmbind::host::{Handle, Plugin, listeners::Delivery, listeners::Listener, listeners::Listeners};
use wasmbind::wasmtime::{Engine, Module, Store};
use wasmbind::{Context, Lent, Linker, WasmType};

/// The host's state: every plugin by name, the math plugin for the typed
/// link, and the listeners.
#[derive(Default)]
struct Host {
    plugins: BTreeMap<String, Plugin>,
    math: Option<MathPlugin>,
    listeners: Listeners,
}

fn failed(error: impl std::fmt::Display) -> String {
    error.to_string()
}

/// One line per delivery: `plugin.export: reply`, `... error: why`.
fn lines(deliveries: Vec<Delivery<Result<String, String>>>) -> Vec<String> {
    let line = |d: Delivery<Result<String, String>>| match d.result {
        Ok(Ok(text)) => format!("{}.{}: {text}", d.plugin, d.export),
        Ok(Err(text)) => format!("{}.{}: refused: {text}", d.plugin, d.export),
        Err(error) => format!("{}.{}: failed: {error}", d.plugin, d.export),
    };
    deliveries.into_iter().map(line).collect()
}

impl Registry for Host {
    fn call(
        cx: &mut Context<'_, Self>,
        function: Lent<str>,
        signature: Lent<str>,
        args: Lent<[u8]>,
    ) -> Result<Vec<u8>, String> {
        let (lent, host) = cx.split();
        let function = lent.read(function);
        let (plugin, export) = function.split_once('.').ok_or(format!("{function:?}: name it plugin.export"))?;
        let target = host.plugins.get(plugin).cloned().ok_or(format!("no plugin named {plugin}"))?;
        let (export, signature, args) = (export.to_owned(), lent.read(signature).to_owned(), lent.read(args).to_vec());
        target.call_by_name(&mut *cx, &export, &signature, &args).map_err(failed)
    }

    fn listen(cx: &mut Context<'_, Self>, event: Lent<str>, export: Lent<str>) -> Result<(), String> {
        let plugin = cx.caller().ok_or("listen: not called by a plugin")?;
        let (event, export) = (cx.read(event), cx.read(export).to_owned());
        if event != TICK.name() {
            return Err(format!("listen: no event {event}"));
        }
        let listener = Listener::of(&mut *cx, plugin, &export, &TICK).map_err(failed)?;
        cx.state().listeners.listen(TICK.name(), listener);
        Ok(())
    }

    fn emit(cx: &mut Context<'_, Self>, event: Lent<str>, payload: Lent<str>) -> Vec<String> {
        let (lent, host) = cx.split();
        if lent.read(event) != TICK.name() {
            return Vec::new();
        }
        let fanout = host.listeners.fanout(TICK.name());
        let payload = lent.read(payload).to_owned();
        lines(fanout.deliver(&mut *cx, &TICK, &(payload,)))
    }

    fn again(cx: &mut Context<'_, Self>, n: u32) -> Result<String, String> {
        let me = cx.caller().ok_or("again: not called by a plugin")?;
        let reply = me.call_by_name(&mut *cx, "countdown", "fn(u32) -> String", &wasmbind::abi::to_body(&(n,)));
        String::decode(&reply.map_err(failed)?).map_err(failed)
    }
}

type Failure = Box<dyn std::error::Error>;

fn check<T: PartialEq + std::fmt::Debug>(what: &str, got: T, expected: T) -> Result<(), Failure> {
    if got != expected {
        return Err(format!("{what}: expected {expected:?}, got {got:?}").into());
    }
    println!("   ok: {what} = {got:?}");
    Ok(())
}

fn check_that(what: &str, got: &str, holds: bool) -> Result<(), Failure> {
    if !holds {
        return Err(format!("{what}: unexpected {got:?}").into());
    }
    println!("   ok: {what}: {got}");
    Ok(())
}

fn emit(store: &mut Store<Host>, payload: &str) -> Vec<String> {
    let fanout = store.data().listeners.fanout(TICK.name());
    lines(fanout.deliver(&mut *store, &TICK, &(payload.to_owned(),)))
}

/// The two plugins' modules.
struct Modules {
    math: Module,
    words: Module,
}

impl Modules {
    fn build(engine: &Engine) -> Result<Self, Failure> {
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../..");
        let module = |package: &str| -> Result<Module, Failure> {
            let wasm = wasmbind_build::build_plugin(&workspace, package, "wasm32-unknown-unknown")?;
            Ok(Module::from_file(engine, wasm)?)
        };
        Ok(Self { math: module("registry-math")?, words: module("registry-words")? })
    }
}

/// Runs the whole demo, printing and checking each step.
fn demo(engine: &Engine, modules: &Modules) -> Result<(), Failure> {
    let mut linker = Linker::new(engine);
    registry::add_to_linker(&mut linker, |host: &mut Host| host)?;
    // `plugin:Math`, imported by words, forwards to whichever math plugin the host holds.
    linker.link(|host: &Host| host.math.as_ref())?;
    let mut store = Store::new(engine, Host::default());

    println!("loading plugins");
    let math = Plugin::instantiate(&mut store, Instantiate::new(&linker, &modules.math).named("math"))?;
    let words = Plugin::instantiate(&mut store, Instantiate::new(&linker, &modules.words).named("words"))?;
    let math = MathPlugin::new(&mut store, math)?;
    let words = WordsPlugin::new(&mut store, words)?;
    store.data_mut().math = Some(math.clone());
    for plugin in [math.plugin(), words.plugin()] {
        store.data_mut().plugins.insert(plugin.name().to_owned(), plugin.clone());
    }

    println!("\nthe registry: every export by name, with its Rust signature");
    let mut registry = Vec::new();
    for plugin in [math.plugin(), words.plugin()] {
        for export in plugin.exports(&mut store) {
            println!("   {}.{}: {}", plugin.name(), export.name(), export.signature());
            registry.push(format!("{}.{}", plugin.name(), export.name()));
        }
    }
    check("exports in the registry", registry.len(), 11)?;

    println!("\nlisteners: each plugin registers its own");
    words.start(&mut store)?.map_err(failed)?;
    math.start(&mut store)?.map_err(failed)?;
    check("listeners for tick", store.data().listeners.fanout("tick").listeners().len(), 3)?;

    println!("\nwords calls math, typed, through the link");
    check("words.describe(10)", words.describe(&mut store, 10)?, "fib(10) = 55".into())?;
    check(
        "words.describe(100)",
        words.describe(&mut store, 100)?,
        "no fib(100): fib(100) does not fit in a u64".into(),
    )?;

    println!("\nwords calls math by name, through the host's registry");
    check("words.by_name(math.add, 2, 40)", words.by_name(&mut store, "math.add", 2, 40)?, Ok(42))?;
    let unknown = words.by_name(&mut store, "math.sub", 2, 40)?.unwrap_err();
    check_that(
        "math.sub is refused",
        &unknown,
        unknown.contains("sub (by name): no such export") && unknown.contains("add"),
    )?;
    let mismatch = words.by_name(&mut store, "math.fib", 2, 40)?.unwrap_err();
    check_that(
        "math.fib with add's signature is refused",
        &mismatch,
        mismatch.contains("fn(u32)") && mismatch.contains("fn(i64, i64) -> i64"),
    )?;

    println!("\nthe host calls by name too");
    let body = math.plugin().call_by_name(
        &mut store,
        "add",
        "fn(i64, i64) -> i64",
        &wasmbind::abi::to_body(&(-1i64, 8i64)),
    )?;
    check("math.add(-1, 8) by name", i64::decode(&body)?, 7)?;

    println!("\nthe host emits tick: every listener in order, the failing one reported");
    let heard = emit(&mut store, "t1");
    check(
        "tick t1",
        heard,
        vec![
            "words.on_tick: T1".into(),
            "math.on_tick: tick 1 (t1)".into(),
            "math.on_alarm: refused: alarm ignored: t1".into(),
        ],
    )?;

    println!("\nwords emits tick from inside a call (its own listener runs re-entrantly)");
    check(
        "words.broadcast(tick, t2)",
        words.broadcast(&mut store, "tick", "t2")?,
        vec![
            "words.on_tick: T2".into(),
            "math.on_tick: tick 2 (t2)".into(),
            "math.on_alarm: refused: alarm ignored: t2".into(),
        ],
    )?;

    println!("\nre-entrancy: the host's `again` calls back into its caller, three levels deep");
    check("words.countdown(3)", words.countdown(&mut store, 3)?, "3 2 1 liftoff".into())?;

    println!("\nunloading math: its listeners go, and the link to it fails naming both plugins");
    let math_plugin = math.plugin().clone();
    check("listeners removed", store.data_mut().listeners.forget(&math_plugin), 2)?;
    let host = store.data_mut();
    host.math = None;
    host.plugins.remove("math");
    drop((math, math_plugin));
    check("tick t3", emit(&mut store, "t3"), vec!["words.on_tick: T3".into()])?;
    let error = words.describe(&mut store, 10).unwrap_err().to_string();
    check_that("words.describe(10)", &error, error.contains("plugin words") && error.contains("plugin:Math::fib"))?;
    let by_name = words.by_name(&mut store, "math.add", 1, 1)?.unwrap_err();
    check("words.by_name(math.add)", by_name.as_str(), "no plugin named math")?;

    println!("\nregistry demo complete: every value checked");
    Ok(())
}

fn main() -> Result<(), Failure> {
    let engine = Engine::new(&wasmbind::host::config())?;
    println!("building the math and words plugins (wasm32-unknown-unknown)...");
    let modules = Modules::build(&engine)?;
    demo(&engine, &modules)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_transcript_checks() {
        let engine = Engine::new(&wasmbind::host::config()).unwrap();
        let modules = Modules::build(&engine).unwrap();
        demo(&engine, &modules).unwrap();
    }
}
