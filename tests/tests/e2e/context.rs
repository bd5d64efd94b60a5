//! Host functions that take a `Context`: re-entrancy into the calling
//! plugin, calls into other plugins in the same store and in another store,
//! lent arguments that survive re-entry, fuel, and the caller's identity.

use std::collections::HashMap;

use relay_api::{Host, RelayPlugin, relay_host};
use wasmbind::host::{Handle, InstancePre};
use wasmbind::wasmtime::{Config, Engine, Module, Store};
use wasmbind::{Context, Lent, Linker};
use wasmbind_tests::plugin_wasm;

#[derive(Default)]
struct App {
    plugins: HashMap<String, RelayPlugin>,
    notes: Vec<String>,
    /// A plugin in another store, reachable as `remote`.
    remote: Option<Box<(Store<App>, RelayPlugin)>>,
}

fn failed(error: impl std::fmt::Display) -> String {
    error.to_string()
}

impl App {
    fn handle(&self, name: &str) -> Result<RelayPlugin, String> {
        self.plugins.get(name).cloned().ok_or_else(|| format!("no plugin {name}"))
    }
}

impl Host for App {
    fn descend(cx: &mut Context<'_, Self>, n: u32, label: Lent<str>) -> Result<String, String> {
        let me = cx.caller().ok_or("unknown caller")?;
        let me = cx.state().handle(me.name())?;
        let label = cx.read(label).to_owned();
        me.depth(&mut *cx, n - 1, &label).map_err(failed)
    }

    fn call_echo(cx: &mut Context<'_, Self>, to: Lent<str>, text: Lent<str>) -> Result<String, String> {
        let (args, app) = cx.split();
        if args.read(to) == "remote" {
            // Another store: nothing there can change this store's memory,
            // so the text crosses straight from the caller's memory.
            let (store, remote) = app.remote.as_deref_mut().map(|(s, r)| (s, r)).ok_or("no remote")?;
            return remote.echo(store, args.read(text)).map_err(failed);
        }
        let target = app.handle(args.read(to))?;
        let text = args.read(text).to_owned();
        target.echo(&mut *cx, &text).map_err(failed)
    }

    fn overwrite(cx: &mut Context<'_, Self>, bytes: Lent<[u8]>) -> Result<Vec<u8>, String> {
        let me = cx.caller().ok_or("unknown caller")?;
        let me = cx.state().handle(me.name())?;
        me.scribble(&mut *cx).map_err(failed)?;
        Ok(cx.read(bytes).to_vec())
    }

    fn whoami(cx: &mut Context<'_, Self>) -> String {
        cx.caller().map(|plugin| plugin.name().to_owned()).unwrap_or_default()
    }

    fn burn(cx: &mut Context<'_, Self>, fuel: u64) -> Result<(), String> {
        cx.consume_fuel(fuel).map_err(failed)
    }

    fn note(&mut self, line: &str) {
        self.notes.push(line.to_owned());
    }
}

struct World {
    store: Store<App>,
    pre: InstancePre<App>,
}

fn world(engine: &Engine) -> World {
    world_with_depth(engine, wasmbind::host::DEFAULT_MAX_DEPTH)
}

fn world_with_depth(engine: &Engine, max_depth: u32) -> World {
    let module = Module::from_file(engine, plugin_wasm("relay-plugin", "wasm32-unknown-unknown")).unwrap();
    let mut linker = Linker::new(engine);
    linker.set_max_depth(max_depth);
    relay_host::add_to_linker(&mut linker, |app: &mut App| app).unwrap();
    let mut store = Store::new(engine, App::default());
    for name in ["a", "b"] {
        let plugin = RelayPlugin::instantiate(&mut store, &linker.instantiate_pre(&module, name).unwrap()).unwrap();
        store.data_mut().plugins.insert(name.into(), plugin);
    }
    let mut remote_store = Store::new(engine, App::default());
    let remote = RelayPlugin::instantiate(&mut remote_store, &linker.instantiate_pre(&module, "remote").unwrap());
    store.data_mut().remote = Some(Box::new((remote_store, remote.unwrap())));
    let pre = linker.instantiate_pre(&module, "c").unwrap();
    World { store, pre }
}

fn plugin(world: &World, name: &str) -> RelayPlugin {
    world.store.data().plugins[name].clone()
}

#[test]
fn a_host_function_calls_back_into_its_caller_three_levels_deep() {
    let engine = Engine::default();
    let mut world = world(&engine);
    let a = plugin(&world, "a");
    assert_eq!(a.depth(&mut world.store, 3, "x").unwrap(), "3(2(1(x)))");
    // And the store is usable afterwards, from another plugin too.
    let b = plugin(&world, "b");
    assert_eq!(b.depth(&mut world.store, 1, "y").unwrap(), "1(y)");
}

#[test]
fn re_entry_without_end_is_a_trap_reported_to_the_plugin_not_a_crash() {
    let engine = Engine::default();
    let mut world = world(&engine);
    let a = plugin(&world, "a");
    let answer = a.depth(&mut world.store, u32::MAX, "x").unwrap();
    assert!(answer.starts_with("4294967295(4294967294("), "{}", &answer[..64]);
    assert!(answer.contains("error: "), "the innermost call failed");
    // At the linker's depth, before the native stack runs out.
    let innermost = answer.rsplit("error: ").next().unwrap_or_default();
    assert!(innermost.contains("not called: 32 calls into plugins were in progress"), "{innermost}");
    assert_eq!(a.plugin().poisoned(), None);
    assert_eq!(a.depth(&mut world.store, 1, "y").unwrap(), "1(y)");
}

/// What the depth limit is for: without it, a chain of re-entries ends
/// where wasmtime's stack allowance (`max_wasm_stack`, 512 KiB, which
/// counts the host's frames between wasm frames too) runs out, a trap in
/// the plugin that poisons it. The default limit must trip well before
/// that in any build; the measured depth gives the native stack per hop.
#[test]
fn the_default_depth_trips_well_before_the_stack_runs_out() {
    let engine = Engine::default();
    let mut world = world_with_depth(&engine, u32::MAX);
    let a = plugin(&world, "a");
    let answer = a.depth(&mut world.store, u32::MAX, "x").unwrap();
    let innermost = answer.rsplit("error: ").next().unwrap_or_default();
    assert!(innermost.contains("stack"), "{innermost}");
    let reached = answer.matches('(').count() as u32;
    let per_hop = (512 << 10) / reached;
    println!("re-entry reached {reached} levels before the 512 KiB stack ran out: {per_hop} bytes a level");
    assert!(reached >= 2 * wasmbind::host::DEFAULT_MAX_DEPTH, "{reached} levels, {per_hop} bytes a level");
}

#[test]
fn a_host_function_calls_another_plugin_in_the_same_store() {
    let engine = Engine::default();
    let mut world = world(&engine);
    let a = plugin(&world, "a");
    assert_eq!(a.ask(&mut world.store, "b", "hi").unwrap(), "b says hi");
    assert_eq!(a.ask(&mut world.store, "a", "me").unwrap(), "a says me", "its caller, by name");
    assert_eq!(world.store.data().notes, ["hi", "me"]);
    assert_eq!(a.ask(&mut world.store, "nobody", "x").unwrap(), "error: no plugin nobody");
}

#[test]
fn a_host_function_calls_a_plugin_in_another_store() {
    let engine = Engine::default();
    let mut world = world(&engine);
    let a = plugin(&world, "a");
    assert_eq!(a.ask(&mut world.store, "remote", "far").unwrap(), "remote says far");
    let remote = world.store.data().remote.as_deref().unwrap();
    assert_eq!(remote.0.data().notes, ["far"]);
    assert!(world.store.data().notes.is_empty());
}

#[test]
fn a_lent_argument_read_after_re_entry_is_the_value_passed() {
    let engine = Engine::default();
    let mut world = world(&engine);
    let c = RelayPlugin::instantiate(&mut world.store, &world.pre).unwrap();
    world.store.data_mut().plugins.insert("c".into(), c.clone());
    assert_eq!(c.lent_after_reentry(&mut world.store).unwrap(), "host read original, memory now holds SCRIBBLE");
}

#[test]
fn a_host_function_uses_fuel_and_knows_its_caller() {
    let engine = Engine::new(Config::new().consume_fuel(true)).unwrap();
    let mut world = world(&engine);
    let a = plugin(&world, "a");
    world.store.set_fuel(1_000_000).unwrap();
    assert_eq!(a.burn_and_tell(&mut world.store, 500_000).unwrap(), Ok("a".to_owned()));
    let left = world.store.get_fuel().unwrap();
    assert!(left < 500_000, "the host took 500000 and the calls some: {left} left");
    let refused = a.burn_and_tell(&mut world.store, left + 1).unwrap().unwrap_err();
    assert!(refused.contains("fuel"), "{refused}");
    assert!(world.store.get_fuel().unwrap() > 0, "a refused burn takes nothing");
}
