//! Listeners: plugins register exports for named events; the host fans an
//! event out in registration order, a failing or panicking listener is
//! reported without stopping the others, and plugins emit events from
//! inside a call (re-entrant fan-out).

use events_api::{Events, LISTENER, SubscriberPlugin, events};
use wasmbind::host::Instantiate;
use wasmbind::host::{ErrorKind, Handle, listeners::Delivery, listeners::Listener, listeners::Listeners};
use wasmbind::wasmtime::Store;
use wasmbind::{Context, Lent, Linker, WasmType};
use wasmbind_tests::{engine, plugin_module};

#[derive(Default)]
struct App {
    listeners: Listeners,
}

/// One line per delivery: `plugin: ok text`, `plugin: err text` or `plugin: failed: error`.
fn lines(deliveries: Vec<Delivery>) -> Vec<String> {
    deliveries
        .into_iter()
        .map(|d| match d.result.map(|body| <Result<String, String>>::decode(&body)) {
            Ok(Ok(Ok(text))) => format!("{}: ok {text}", d.plugin),
            Ok(Ok(Err(text))) => format!("{}: err {text}", d.plugin),
            Ok(Err(wire)) => format!("{}: undecodable {wire}", d.plugin),
            Err(error) => format!("{}: failed: {error}", d.plugin),
        })
        .collect()
}

impl Events for App {
    fn listen(cx: &mut Context<'_, Self>, event: Lent<str>, export: Lent<str>) -> Result<(), String> {
        let plugin = cx.caller().ok_or("unknown caller")?;
        let (event, export) = (cx.read(event).to_owned(), cx.read(export).to_owned());
        let listener = Listener::new(&mut *cx, plugin, &export, LISTENER).map_err(|e| e.to_string())?;
        cx.state().listeners.listen(&event, listener);
        Ok(())
    }

    fn emit(cx: &mut Context<'_, Self>, event: Lent<str>, text: Lent<str>) -> Vec<String> {
        let (args, app) = cx.split();
        let fanout = app.listeners.fanout(args.read(event));
        let body = wasmbind::abi::to_body(&(args.read(text).to_owned(),));
        lines(fanout.emit(&mut *cx, &body))
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

fn emit(store: &mut Store<App>, event: &str, text: &str) -> Vec<String> {
    let fanout = store.data().listeners.fanout(event);
    lines(fanout.emit(&mut *store, &wasmbind::abi::to_body(&(text.to_owned(),))))
}

#[test]
fn an_event_reaches_every_listener_in_order_and_failures_do_not_stop_it() {
    let (mut store, plugins) = setup(&["alpha", "beta", "gamma", "delta"]);
    for (plugin, export) in plugins.iter().zip(["on_note", "on_fail", "on_panic", "on_note"]) {
        plugin.subscribe(&mut store, "note", export).unwrap().unwrap();
    }
    let heard = emit(&mut store, "note", "hi");
    assert_eq!(heard.len(), 4, "{heard:#?}");
    assert_eq!(heard[0], "alpha: ok noted hi");
    assert_eq!(heard[1], "beta: err refused hi");
    assert!(heard[2].starts_with("gamma: failed: plugin gamma panicked in on_panic at "), "{}", heard[2]);
    assert!(heard[2].ends_with("listener panicked on hi"), "{}", heard[2]);
    assert_eq!(heard[3], "delta: ok noted hi");

    // The panicking plugin's error is a typed panic of that export.
    let fanout = store.data().listeners.fanout("note");
    let deliveries = fanout.emit(&mut store, &wasmbind::abi::to_body(&("again".to_owned(),)));
    let gamma = deliveries.iter().find(|d| d.plugin == "gamma").unwrap();
    assert!(
        matches!(gamma.result.as_ref().map_err(|e| e.kind()), Err(ErrorKind::Panic { function, .. }) if function == "on_panic")
    );
    assert_eq!(emit(&mut store, "unheard", "x"), Vec::<String>::new());
}

#[test]
fn listeners_emit_from_inside_a_call() {
    let (mut store, plugins) = setup(&["alpha", "beta", "gamma"]);
    let [alpha, beta, gamma] = &plugins[..] else { unreachable!() };
    alpha.subscribe(&mut store, "note", "on_relay").unwrap().unwrap();
    beta.subscribe(&mut store, "echo", "on_echo").unwrap().unwrap();
    gamma.subscribe(&mut store, "echo", "on_echo").unwrap().unwrap();
    // alpha's listener emits `echo`, which reaches beta and gamma while alpha runs.
    assert_eq!(emit(&mut store, "note", "hi"), ["alpha: ok beta: ok echo hi!; gamma: ok echo hi!"]);
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
        "plugin alpha: shout (by name): called as fn(&str) -> Result<String, String>, but the export is fn(&str, &str) -> Vec<String>"
    );
    plugins[0].subscribe(&mut store, "note", "on_note").unwrap().unwrap();
    plugins[1].subscribe(&mut store, "note", "on_note").unwrap().unwrap();
    assert_eq!(store.data_mut().listeners.forget(plugins[0].plugin()), 1);
    assert_eq!(emit(&mut store, "note", "hi"), ["beta: ok noted hi"]);
}
