//! Listeners: plugins register exports for named events; the host fans an
//! event out in registration order, a failing or panicking listener is
//! reported without stopping the others, and plugins emit events from
//! inside a call (re-entrant fan-out). The events are declared once, typed,
//! in events-api (`NOTE`, `ECHO`): listeners are checked against them and
//! deliveries come back as their result type.

use events_api::{ECHO, EVENTS, Events, NOTE, Notice, SubscriberPlugin, events};
use wasmbind::host::Instantiate;
use wasmbind::host::{ErrorKind, Handle, listeners::Delivery, listeners::Listener, listeners::Listeners};
use wasmbind::wasmtime::Store;
use wasmbind::{Context, Event, Lent, Linker, WasmType};
use wasmbind_tests::{engine, plugin_module};

/// An event no plugin subscribes to.
const UNHEARD: Notice = Event::new("unheard");

/// The declared event called `name`.
fn event(name: &str) -> Option<Notice> {
    EVENTS.into_iter().find(|event| event.name() == name)
}

#[derive(Default)]
struct App {
    listeners: Listeners,
}

/// One line per delivery: `plugin: ok text`, `plugin: err text` or `plugin: failed: error`.
fn lines(deliveries: Vec<Delivery<Result<String, String>>>) -> Vec<String> {
    deliveries
        .into_iter()
        .map(|d| match d.result {
            Ok(Ok(text)) => format!("{}: ok {text}", d.plugin),
            Ok(Err(text)) => format!("{}: err {text}", d.plugin),
            Err(error) => format!("{}: failed: {error}", d.plugin),
        })
        .collect()
}

impl Events for App {
    fn listen(cx: &mut Context<'_, Self>, event: Lent<str>, export: Lent<str>) -> Result<(), String> {
        let plugin = cx.caller().ok_or("unknown caller")?;
        let name = cx.read(event);
        let event = crate::listeners::event(name).ok_or_else(|| format!("no event {name}"))?;
        let export = cx.read(export).to_owned();
        let listener = Listener::of(&mut *cx, plugin, &export, &event).map_err(|e| e.to_string())?;
        cx.state().listeners.listen(event.name(), listener);
        Ok(())
    }

    fn emit(cx: &mut Context<'_, Self>, event: Lent<str>, text: Lent<str>) -> Vec<String> {
        let (args, app) = cx.split();
        let Some(event) = crate::listeners::event(args.read(event)) else { return Vec::new() };
        let fanout = app.listeners.fanout(event.name());
        let text = args.read(text).to_owned();
        lines(fanout.deliver(&mut *cx, &event, &(text,)))
    }
}

/// A store with one instance of the events plugin per name.
fn setup(names: &[&str]) -> (Store<App>, Vec<SubscriberPlugin>) {
    let module = plugin_module("events-plugin");
    let mut linker = Linker::new(engine());
    events::add_to_linker(&mut linker, |app: &mut App| app).unwrap();
    let mut store = Store::new(engine(), App::default());
    let plugins = names
        .iter()
        .map(|name| {
            let plugin =
                wasmbind::host::Plugin::instantiate(&mut store, Instantiate::new(&linker, &module).named(name))
                    .unwrap();
            SubscriberPlugin::new(&mut store, plugin).unwrap()
        })
        .collect();
    (store, plugins)
}

fn emit(store: &mut Store<App>, event: Notice, text: &str) -> Vec<String> {
    let fanout = store.data().listeners.fanout(event.name());
    lines(fanout.deliver(&mut *store, &event, &(text.to_owned(),)))
}

#[test]
fn an_event_reaches_every_listener_in_order_and_failures_do_not_stop_it() {
    let (mut store, plugins) = setup(&["alpha", "beta", "gamma", "delta"]);
    for (plugin, export) in plugins.iter().zip(["on_note", "on_fail", "on_panic", "on_note"]) {
        plugin.subscribe(&mut store, "note", export).unwrap().unwrap();
    }
    let heard = emit(&mut store, NOTE, "hi");
    assert_eq!(heard.len(), 4, "{heard:#?}");
    assert_eq!(heard[0], "alpha: ok noted hi");
    assert_eq!(heard[1], "beta: err refused hi");
    assert!(heard[2].starts_with("gamma: failed: plugin gamma panicked in on_panic at "), "{}", heard[2]);
    assert!(heard[2].ends_with("listener panicked on hi"), "{}", heard[2]);
    assert_eq!(heard[3], "delta: ok noted hi");

    // The panicking plugin's error is a typed panic of that export.
    let fanout = store.data().listeners.fanout(NOTE.name());
    let deliveries = fanout.deliver(&mut store, &NOTE, &("again".to_owned(),));
    let gamma = deliveries.iter().find(|d| d.plugin == "gamma").unwrap();
    assert!(
        matches!(gamma.result.as_ref().map_err(|e| e.kind()), Err(ErrorKind::Panic { function, .. }) if function == "on_panic")
    );
    assert_eq!(emit(&mut store, UNHEARD, "x"), Vec::<String>::new());
    // The untyped fan-out hands out the bodies the typed one decodes.
    let bodies = fanout.emit(&mut store, &wasmbind::abi::to_body(&("raw".to_owned(),)));
    let alpha = bodies.into_iter().next().unwrap().result.unwrap();
    assert_eq!(<Result<String, String>>::decode(&alpha), Ok(Ok("noted raw".to_owned())));
}

#[test]
fn listeners_emit_from_inside_a_call() {
    let (mut store, plugins) = setup(&["alpha", "beta", "gamma"]);
    let [alpha, beta, gamma] = &plugins[..] else { unreachable!() };
    alpha.subscribe(&mut store, "note", "on_relay").unwrap().unwrap();
    beta.subscribe(&mut store, "echo", "on_echo").unwrap().unwrap();
    gamma.subscribe(&mut store, "echo", "on_echo").unwrap().unwrap();
    // alpha's listener emits `echo`, which reaches beta and gamma while alpha runs.
    assert_eq!(emit(&mut store, NOTE, "hi"), ["alpha: ok beta: ok echo hi!; gamma: ok echo hi!"]);
    // A plugin emits from inside a call, and its own listener hears it (re-entry).
    beta.subscribe(&mut store, "note", "on_note").unwrap().unwrap();
    let heard = gamma.shout(&mut store, "note", "x").unwrap();
    assert_eq!(heard, ["alpha: ok beta: ok echo x!; gamma: ok echo x!", "beta: ok noted x"]);
}

#[test]
fn registration_checks_the_export_and_forget_removes_a_plugin() {
    let (mut store, plugins) = setup(&["alpha", "beta"]);
    let err = plugins[0].subscribe(&mut store, "note", "on_nothing").unwrap().unwrap_err();
    assert!(err.starts_with("plugin alpha: on_nothing (by name): no such export (it has subscribe, "), "{err}");
    let err = plugins[0].subscribe(&mut store, "note", "shout").unwrap().unwrap_err();
    assert_eq!(
        err,
        "plugin alpha: shout (by name): called as fn(String) -> Result<String,String>, but the export is fn(&str, &str) -> Vec<String>"
    );
    // Not a declared event, nor a listener of another result type.
    let err = plugins[0].subscribe(&mut store, "nothing", "on_note").unwrap().unwrap_err();
    assert_eq!(err, "no event nothing");
    assert!(plugins[0].subscribe(&mut store, "note", "on_count").unwrap().is_err());
    assert_eq!(ECHO.signature(), "fn(String) -> Result<String,String>");
    plugins[0].subscribe(&mut store, "note", "on_note").unwrap().unwrap();
    plugins[1].subscribe(&mut store, "note", "on_note").unwrap().unwrap();
    assert_eq!(store.data_mut().listeners.forget(plugins[0].plugin()), 1);
    assert_eq!(emit(&mut store, NOTE, "hi"), ["beta: ok noted hi"]);
}

#[test]
fn a_result_that_does_not_decode_as_the_events_type_is_that_deliverys_error() {
    let (mut store, plugins) = setup(&["alpha", "beta"]);
    plugins[0].subscribe(&mut store, "note", "on_note").unwrap().unwrap();
    // Registered untyped, with its own signature: its `u32` result reaches
    // a typed delivery of `note`, whose listeners return `Result<String, String>`.
    let counter = Listener::new(&mut store, plugins[1].plugin().clone(), "on_count", "fn(&str) -> u32").unwrap();
    store.data_mut().listeners.listen(NOTE.name(), counter);
    let heard = emit(&mut store, NOTE, "hi");
    assert_eq!(heard[0], "alpha: ok noted hi", "the others are delivered");
    assert_eq!(heard[1], "beta: failed: plugin beta: on_count (event note): result: tag 2 is not valid for Result");
}
