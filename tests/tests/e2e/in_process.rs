//! In-process plugins: the calc plugin's crate, linked into this test
//! binary, behind the same `CalcPlugin` handle as its wasm build. The same
//! calls give the same answers and the same errors, the host traits of the
//! linker answer its imports, and links work both ways: a wasm plugin
//! reaches an in-process one, and an in-process plugin (the front plugin's
//! crate) reaches a wasm or an in-process one.

use calc_api::{CalcPlugin, Env, Point, env};
use front_api::{FrontPlugin, Registry, registry};
use wasmbind::abi::{Fault, GuestPtr};
use wasmbind::host::Instantiate;
use wasmbind::host::{ErrorKind, Handle, Plugin, error::BadValue};
use wasmbind::wasmtime::Store;
use wasmbind::{Context, Lent, Linker};
use wasmbind_tests::{engine, plugin_module};

#[derive(Default)]
struct App {
    log: Vec<String>,
    calc: Option<CalcPlugin>,
}

impl Env for App {
    fn log(&mut self, msg: &str) {
        self.log.push(msg.to_owned());
    }
}

impl Registry for App {
    fn call(_: &mut Context<'_, Self>, _: Lent<str>, _: Lent<str>, _: Lent<[u8]>) -> Result<Vec<u8>, String> {
        Err("no registry here".into())
    }
}

fn linker() -> Linker<App> {
    let mut linker = Linker::new(engine());
    env::add_to_linker(&mut linker, |app: &mut App| app).unwrap();
    registry::add_to_linker(&mut linker, |app: &mut App| app).unwrap();
    linker.link(|app: &App| app.calc.as_ref()).unwrap();
    linker
}

/// The calc plugin on both backends, each with its own store, both named
/// `calc` (an in-process plugin is named after its trait).
fn both() -> [(Store<App>, CalcPlugin); 2] {
    let linker = linker();
    let mut wasm_store = Store::new(engine(), App::default());
    let wasm = CalcPlugin::instantiate(
        &mut wasm_store,
        Instantiate::new(&linker, &plugin_module("calc-plugin")).named("calc"),
    )
    .unwrap();
    let native = CalcPlugin::in_process::<calc_plugin::Impl, _>(&linker);
    [(wasm_store, wasm), (Store::new(engine(), App::default()), native)]
}

#[test]
fn the_same_calls_give_the_same_answers_and_reach_the_same_host() {
    for (mut store, calc) in both() {
        let backend = if calc.plugin().is_in_process() { "in-process" } else { "wasm" };
        assert_eq!(calc.greet(&mut store, "Ada").unwrap(), "Hello, Ada!", "{backend}");
        assert_eq!(calc.count(&mut store, "Zoë 🦀").unwrap(), 5, "{backend}");
        let sum = calc.point_add(&mut store, Point { x: 1, y: 2 }, Point { x: 30, y: -40 }).unwrap();
        assert_eq!(sum, Point { x: 31, y: -38 }, "{backend}");
        assert_eq!(store.data().log, ["Ada"], "{backend}: env::log reached the store's host state");
    }
}

#[test]
fn a_panic_is_the_same_error_on_both_backends_and_the_plugin_goes_on() {
    wasmbind::host::capture_panic_locations();
    let texts = both().map(|(mut store, calc)| {
        let err = calc.greet(&mut store, "panic").unwrap_err();
        let ErrorKind::Panic { plugin, function, location, message, .. } = err.kind() else { panic!("{err:?}") };
        assert_eq!((&**plugin, &**function), ("calc", "greet"));
        assert!(location.starts_with("tests/plugins/calc-plugin/src/lib.rs:"), "{location}");
        assert!(message.contains("asked to panic"), "{message}");
        // The plugin takes further calls.
        assert_eq!(calc.greet(&mut store, "Bo").unwrap(), "Hello, Bo!");
        err.to_string()
    });
    assert_eq!(texts[0], texts[1]);
}

/// wasmbind leaves the process's panic hook alone unless asked: in a child
/// process that never calls `capture_panic_locations`, the hook the test
/// installed sees the in-process plugin's panic, and the error still carries
/// the panic's message (its location is unknown).
#[test]
fn in_process_panics_leave_the_process_panic_hook_alone_unless_asked() {
    wasmbind_tests::guarded(
        "in_process::in_process_panics_leave_the_process_panic_hook_alone_unless_asked",
        4096,
        120,
        || {
            static SEEN: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
            std::panic::set_hook(Box::new(|_| {
                SEEN.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            }));
            let [_, (mut store, calc)] = both();
            let err = calc.greet(&mut store, "panic").unwrap_err();
            let ErrorKind::Panic { location, message, .. } = err.kind() else { panic!("{err:?}") };
            assert_eq!(SEEN.load(std::sync::atomic::Ordering::SeqCst), 1, "the test's own hook saw the panic");
            assert_eq!(location, "<unknown>");
            assert!(message.contains("asked to panic"), "{message}");
            assert_eq!(calc.greet(&mut store, "Bo").unwrap(), "Hello, Bo!");
        },
    );
}

#[test]
fn a_wasm_plugin_calls_an_in_process_one_through_a_link() {
    let linker = linker();
    let mut store = Store::new(engine(), App::default());
    let front = FrontPlugin::instantiate(&mut store, (&linker, &plugin_module("front-plugin"))).unwrap();
    store.data_mut().calc = Some(CalcPlugin::in_process::<calc_plugin::Impl, _>(&linker));
    assert_eq!(front.hello(&mut store, "Ada").unwrap(), "front: Hello, Ada!");
    assert_eq!(store.data().log, ["Ada"]);
    assert_eq!(front.counts(&mut store, vec!["héllo".into(), "ab".into()]).unwrap(), [5, 2]);
    // A panic of the in-process target reaches the caller as on wasm.
    let err = front.hello(&mut store, "panic").unwrap_err();
    let ErrorKind::Linked { target: Some(target), .. } = err.kind() else { panic!("{err:?}") };
    assert!(matches!(target.kind(), ErrorKind::Panic { .. }), "{target:?}");
    assert_eq!(front.hello(&mut store, "Bo").unwrap(), "front: Hello, Bo!");
}

#[test]
fn an_in_process_plugin_calls_a_wasm_or_an_in_process_one_through_a_link() {
    // The texts compared below carry the panic's location, which an
    // in-process plugin reports only with the hook installed: installed
    // here, not left to whichever test of this process ran first.
    wasmbind::host::capture_panic_locations();
    let linker = linker();
    let texts = [false, true].map(|in_process| {
        let mut store = Store::new(engine(), App::default());
        // A wasm target lives in the caller's store.
        let calc = match in_process {
            true => CalcPlugin::in_process::<calc_plugin::Impl, _>(&linker),
            false => CalcPlugin::instantiate(
                &mut store,
                Instantiate::new(&linker, &plugin_module("calc-plugin")).named("calc"),
            )
            .unwrap(),
        };
        let backend = if in_process { "in-process" } else { "wasm" };
        let front = FrontPlugin::in_process::<front_plugin::Impl, _>(&linker);

        // No plugin linked yet: the link's failure, naming the import.
        let err = front.hello(&mut store, "Ada").unwrap_err();
        let ErrorKind::Linked { plugin, function, import, target: None } = err.kind() else { panic!("{err:?}") };
        assert_eq!((&**plugin, &**function, import.to_string().as_str()), ("front", "hello", "plugin:Calc::greet"));

        store.data_mut().calc = Some(calc);
        assert_eq!(front.hello(&mut store, "Ada").unwrap(), "front: Hello, Ada!", "{backend}");
        let sum = front.add(&mut store, Point { x: 1, y: 2 }, Point { x: 3, y: 4 }).unwrap();
        assert_eq!(sum, Point { x: 4, y: 6 }, "{backend}");
        assert_eq!(front.counts(&mut store, vec!["héllo".into(), "ab".into()]).unwrap(), [5, 2], "{backend}");
        assert_eq!(store.data().log, ["Ada"], "{backend}: the target's env::log reached the store");

        // The target's panic stops the caller: Linked, with the target's error inside.
        let err = front.hello(&mut store, "panic").unwrap_err();
        let ErrorKind::Linked { target: Some(target), .. } = err.kind() else { panic!("{backend}: {err:?}") };
        let ErrorKind::Panic { plugin, function, .. } = target.kind() else { panic!("{backend}: {target:?}") };
        assert_eq!((&**plugin, &**function), ("calc", "greet"), "{backend}");
        assert_eq!(front.hello(&mut store, "Bo").unwrap(), "front: Hello, Bo!", "{backend}: both go on");
        err.to_string()
    });
    assert_eq!(texts[0], texts[1], "the same error whatever the target's backend");
}

#[test]
fn an_in_process_plugin_has_no_instance_and_no_memory() {
    let linker = linker();
    let calc = CalcPlugin::in_process::<calc_plugin::Impl, _>(&linker);
    let mut store = Store::new(engine(), App::default());
    let plugin: &Plugin = calc.plugin();
    assert!(plugin.is_in_process() && plugin.instance().is_none() && plugin.memory().is_none());
    assert_eq!(plugin.name(), "calc");
    assert!(plugin.exports(&mut store).is_empty(), "no records to call by name");

    // A pointer that names no `Shared` static the plugin handed out.
    let err = GuestPtr::<Point>::new(0x10).read(&store, plugin).unwrap_err();
    let ErrorKind::BadValue(BadValue { fault, .. }) = err.kind() else { panic!("{err:?}") };
    assert_eq!(fault, &Fault::NoSharedValue { ptr: 0x10 });
    assert!(err.to_string().ends_with("pointer 0x10 names no `Shared` static of the in-process plugin"), "{err}");
}

#[test]
fn a_store_of_another_type_is_refused() {
    let calc = CalcPlugin::in_process::<calc_plugin::Impl, _>(&linker());
    let mut other = Store::new(engine(), 7u32);
    let err = calc.greet(&mut other, "Ada").unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Load { .. }), "{err:?}");
    assert!(
        err.to_string().contains("the store's data is not the type of the linker the plugin was made from"),
        "{err}"
    );
}
