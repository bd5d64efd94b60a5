//! Calls between plugins: the front plugin imports `calc_api::Calc`, which
//! the calc plugin implements, typed (the host links `plugin:Calc` with
//! `Linker::link`) and by name (`Plugin::call_by_name`, and the host's
//! `registry::call`), with every error case.

use std::collections::HashMap;
use wasmbind::host::Instantiate;

use calc_api::{CalcPlugin, Env, Point, env};
use front_api::{FrontPlugin, Registry, registry};
use wasmbind::host::{ErrorKind, Handle, Plugin, error::Dispatch, error::Place, error::Site};
use wasmbind::wasmtime::Store;
use wasmbind::{Context, Lent, Linker, WasmType};
use wasmbind_tests::{engine, plugin_module, wat_module};

#[derive(Default)]
struct App {
    log: Vec<String>,
    /// The plugin the front's `calc::*` calls reach.
    calc: Option<CalcPlugin>,
    /// Plugins by the exports they offer by name.
    registry: HashMap<String, Plugin>,
}

impl Env for App {
    fn log(&mut self, msg: &str) {
        self.log.push(msg.to_owned());
    }
}

impl Registry for App {
    fn call(
        cx: &mut Context<'_, Self>,
        function: Lent<str>,
        signature: Lent<str>,
        args: Lent<[u8]>,
    ) -> Result<Vec<u8>, String> {
        let (lent, app) = cx.split();
        let (function, signature, args) = (lent.read(function), lent.read(signature), lent.read(args));
        let target = app.registry.get(function).cloned().ok_or_else(|| format!("no plugin offers {function}"))?;
        let (function, signature, args) = (function.to_owned(), signature.to_owned(), args.to_vec());
        target.call_by_name(&mut *cx, &function, &signature, &args).map_err(|e| e.to_string())
    }
}

fn linker() -> Linker<App> {
    let mut linker = Linker::new(engine());
    env::add_to_linker(&mut linker, |app: &mut App| app).unwrap();
    registry::add_to_linker(&mut linker, |app: &mut App| app).unwrap();
    linker.link(|app: &App| app.calc.as_ref()).unwrap();
    linker
}

/// A store with the calc plugin linked and registered, and the front plugin.
fn setup() -> (Store<App>, CalcPlugin, FrontPlugin) {
    let linker = linker();
    let mut store = Store::new(engine(), App::default());
    let calc = CalcPlugin::instantiate(&mut store, (&linker, &plugin_module("calc-plugin"))).unwrap();
    let front = FrontPlugin::instantiate(&mut store, (&linker, &plugin_module("front-plugin"))).unwrap();
    let names: Vec<String> = calc.plugin().exports(&mut store).iter().map(|e| e.name().to_owned()).collect();
    let app = store.data_mut();
    app.calc = Some(calc.clone());
    app.registry = names.into_iter().map(|name| (name, calc.plugin().clone())).collect();
    (store, calc, front)
}

#[test]
fn a_plugin_calls_another_typed_through_a_link() {
    let (mut store, _calc, front) = setup();
    assert_eq!(front.hello(&mut store, "Ada").unwrap(), "front: Hello, Ada!");
    assert_eq!(store.data().log, ["Ada"], "the calc plugin ran and called its own host import");
    let sum = front.add(&mut store, Point { x: 1, y: 2 }, Point { x: 10, y: -20 }).unwrap();
    assert_eq!(sum, Point { x: 11, y: -18 });
    let counts = front.counts(&mut store, vec!["héllo".into(), String::new(), "ab".into()]).unwrap();
    assert_eq!(counts, [5, 0, 2]);
    // Bodies larger than the caller's result area cross too.
    let long = "é".repeat(500);
    assert_eq!(front.hello(&mut store, &long).unwrap(), format!("front: Hello, {long}!"));
}

#[test]
fn the_link_declares_the_trait_so_importers_are_checked() {
    let linker = linker();
    assert_eq!(linker.declared("plugin:Calc", "greet"), Some("fn(&str) -> String"));
    // An importer built against another `Calc` is refused at load, naming the difference.
    let record = "wasmbind 2\nimports plugin:Calc Calc\ngreet fn(&[u8]) -> String\n";
    let module = wat_module(&format!(
        r#"(module
            (import "plugin:Calc" "greet" (func (param i64 i64 i64) (result i64)))
            (memory (export "memory") 1)
            (data (i32.const 64) "{len}\00\00\00{record}")
            (global (export "wasmbind_imports_plugin:Calc") i32 (i32.const 64)))"#,
        len = escape(&[record.len() as u8]),
        record = record.replace('\n', "\\0a"),
    ));
    let mut store = Store::new(engine(), App::default());
    let err = Plugin::instantiate(&mut store, Instantiate::new(&linker, &module).named("old-front")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "plugin old-front: import plugin:Calc::greet: host provides fn(&str) -> String, plugin expects fn(&[u8]) -> String"
    );
}

fn escape(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("\\{b:02x}")).collect()
}

#[test]
fn an_unlinked_import_names_the_caller_and_the_import() {
    let (mut store, _calc, front) = setup();
    store.data_mut().calc = None;
    let err = front.hello(&mut store, "Ada").unwrap_err();
    let ErrorKind::Linked { plugin, function, import, target: None } = err.kind() else { panic!("{err:?}") };
    assert_eq!((&**plugin, &**function), ("front-plugin", "hello"));
    assert_eq!(import, &Site::Import { plugin: None, module: "plugin:Calc", function: "greet" });
    assert_eq!(err.to_string(), "plugin front-plugin: hello: plugin:Calc::greet is linked to no plugin");
}

#[test]
fn a_panic_in_the_target_names_both_plugins() {
    let (mut store, _calc, front) = setup();
    let err = front.hello(&mut store, "panic").unwrap_err();
    let ErrorKind::Linked { plugin, target: Some(target), .. } = err.kind() else { panic!("{err:?}") };
    assert_eq!(&**plugin, "front-plugin");
    let ErrorKind::Panic { plugin, function, message, .. } = target.kind() else { panic!("{target:?}") };
    assert_eq!((&**plugin, &**function), ("calc-plugin", "greet"));
    assert!(message.contains("asked to panic"), "{message}");
    let text = err.to_string();
    assert!(
        text.starts_with(
            "plugin front-plugin: hello: plugin:Calc::greet failed: plugin calc-plugin panicked in greet at "
        ),
        "{text}"
    );
    // Both plugins stay usable.
    assert_eq!(front.hello(&mut store, "Bo").unwrap(), "front: Hello, Bo!");
}

/// A `Calc` whose `greet` returns `ret` (core) or traps, written by hand.
fn bad_calc(store: &mut Store<App>, greet_body: &str) -> CalcPlugin {
    let module = wat_module(&format!(
        r#"(module
            (memory (export "memory") 1)
            (data (i32.const 100) "\ff\fe")
            (global $next (mut i32) (i32.const 1024))
            (func (export "wasmbind_alloc") (param i32 i32) (result i32)
                (global.get $next)
                (global.set $next (i32.add (global.get $next) (local.get 0))))
            (func (export "greet") (param i64) (result i64) {greet_body})
            (func (export "point_add") (param i64 i64) (result i64) (i64.const 0))
            (func (export "count") (param i64) (result i32) (i32.const 0)))"#
    ));
    let plugin = Plugin::instantiate(&mut *store, Instantiate::new(&linker(), &module).named("bad-calc")).unwrap();
    CalcPlugin::new(&mut *store, plugin).unwrap()
}

#[test]
fn a_trap_or_a_bad_result_from_the_target_names_both_plugins() {
    let (mut store, _calc, front) = setup();
    let trapping = bad_calc(&mut store, "unreachable");
    store.data_mut().calc = Some(trapping);
    let err = front.hello(&mut store, "Ada").unwrap_err();
    let ErrorKind::Linked { target: Some(target), .. } = err.kind() else { panic!("{err:?}") };
    assert!(
        matches!(target.kind(), ErrorKind::Call { site: Site::Export { plugin, function }, .. } if &**plugin == "bad-calc" && function == "greet"),
        "{target:?}"
    );

    // `greet` answers (ptr 100, len 2): bytes that are not UTF-8.
    let lying = bad_calc(&mut store, &format!("(i64.const {})", wasmbind::abi::pack(100, 2)));
    store.data_mut().calc = Some(lying);
    let err = front.hello(&mut store, "Ada").unwrap_err();
    assert_eq!(
        err.to_string(),
        "plugin front-plugin: hello: plugin:Calc::greet failed: plugin bad-calc: greet: result: invalid UTF-8 after byte 0"
    );
    let ErrorKind::Linked { target: Some(target), .. } = err.kind() else { panic!("{err:?}") };
    let bad = target.bad_value().expect("a bad value");
    assert_eq!(bad.place, Place::Result);
}

#[test]
fn a_bad_argument_from_the_caller_names_it_and_never_reaches_the_target() {
    let (mut store, _calc, _front) = setup();
    let module = wat_module(&format!(
        r#"(module
            (import "plugin:Calc" "greet" (func $greet (param i64 i64 i64) (result i64)))
            (memory (export "memory") 1)
            (data (i32.const 100) "\ff\fe")
            (func (export "run") (drop (call $greet (i64.const {bad}) (i64.const {out}) (i64.const 0)))))"#,
        bad = wasmbind::abi::pack(100, 2),
        out = wasmbind::abi::pack(200, 256),
    ));
    let plugin = Plugin::instantiate(&mut store, Instantiate::new(&linker(), &module).named("hostile-front")).unwrap();
    let run = RunPlugin::new(&mut store, plugin).unwrap();
    let err = run.run(&mut store).unwrap_err();
    assert_eq!(err.to_string(), "plugin hostile-front: plugin:Calc::greet: argument name: invalid UTF-8 after byte 0");
    assert!(store.data().log.is_empty(), "calc must not run: {:?}", store.data().log);
}

#[wasmbind::plugin_export]
pub trait Run {
    fn run();
}

#[test]
fn exports_are_listed_with_their_signatures() {
    let (mut store, calc, front) = setup();
    let listed: Vec<_> =
        calc.plugin().exports(&mut store).iter().map(|e| (e.interface(), e.name(), e.signature())).collect();
    assert_eq!(
        listed,
        [
            ("Calc", "greet", "fn(&str) -> String"),
            ("Calc", "point_add", "fn(Point, Point) -> Point"),
            ("Calc", "count", "fn(&str) -> u32"),
        ]
    );
    let names: Vec<_> = front.plugin().exports(&mut store).iter().map(|e| e.name().to_owned()).collect();
    assert_eq!(names, ["hello", "add", "counts", "by_name", "hello_by_name"]);
}

#[test]
fn the_host_calls_an_export_by_name() {
    let (mut store, calc, _front) = setup();
    let calc = calc.plugin();
    let args = wasmbind::abi::to_body(&("Ada".to_owned(),));
    let result = calc.call_by_name(&mut store, "greet", "fn(&str) -> String", &args).unwrap();
    assert_eq!(<String as wasmbind::WasmType>::decode(&result).unwrap(), "Hello, Ada!");
    let args = wasmbind::abi::to_body(&(Point { x: 1, y: 2 }, Point { x: 3, y: 4 }));
    let result = calc.call_by_name(&mut store, "point_add", "fn(Point, Point) -> Point", &args).unwrap();
    assert_eq!(<Point as wasmbind::WasmType>::decode(&result).unwrap(), Point { x: 4, y: 6 });
}

#[test]
fn calls_by_name_refuse_unknown_names_other_signatures_and_bad_arguments() {
    let (mut store, calc, _front) = setup();
    let calc = calc.plugin();
    let args = wasmbind::abi::to_body(&("Ada".to_owned(),));

    let err = calc.call_by_name(&mut store, "greeet", "fn(&str) -> String", &args).unwrap_err();
    let ErrorKind::Dispatch { plugin, function, problem: Dispatch::Unknown { exports } } = err.kind() else {
        panic!("{err:?}")
    };
    assert_eq!((&**plugin, function.as_str()), ("calc-plugin", "greeet"));
    assert_eq!(exports, &["greet", "point_add", "count"]);
    assert_eq!(
        err.to_string(),
        "plugin calc-plugin: greeet (by name): no such export (it has greet, point_add, count)"
    );

    let err = calc.call_by_name(&mut store, "greet", "fn(&[u8]) -> String", &args).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::Dispatch { problem: Dispatch::Signature { expected, actual }, .. }
            if expected == "fn(&[u8]) -> String" && actual == "fn(&str) -> String"),
        "{err:?}"
    );

    for (args, reason) in [
        (vec![2, 0, 0, 0, 0xff, 0xfe], "argument name: invalid UTF-8 after byte 0"),
        (vec![9, 0, 0, 0, b'a'], "argument name: "),
        ([args.clone(), vec![0]].concat(), "arguments: "),
    ] {
        let err = calc.call_by_name(&mut store, "greet", "fn(&str) -> String", &args).unwrap_err();
        let ErrorKind::Dispatch { problem: Dispatch::Arguments(message), .. } = err.kind() else { panic!("{err:?}") };
        assert!(message.starts_with(reason), "{message:?} for {args:?}");
    }
    assert!(store.data().log.is_empty(), "greet never ran: {:?}", store.data().log);
    // A `String` argument reaches a `&str` parameter: the same bytes.
    let greeting = calc.call_by_name(&mut store, "greet", "fn(String) -> String", &args).unwrap();
    assert_eq!(String::decode(&greeting).unwrap(), "Hello, Ada!");

    // A panic by name is a panic of that export.
    let args = wasmbind::abi::to_body(&("panic".to_owned(),));
    let err = calc.call_by_name(&mut store, "greet", "fn(&str) -> String", &args).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Panic { function, .. } if function == "greet"), "{err:?}");

    // A plugin whose impl carries no dispatcher (built without `dispatch`)
    // lists its exports but is not called by name: the error says how.
    let front = _front.plugin();
    assert_eq!(front.exports(&mut store).len(), 5);
    let err = front.call_by_name(&mut store, "hello", "fn(&str) -> String", &args).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Load { .. }), "{err:?}");
    assert!(err.to_string().contains("build it with `#[plugin_export(dispatch)] impl Front for ..`"), "{err}");
    let listener = wasmbind::host::listeners::Listener::new(&mut store, front.clone(), "hello", "fn(&str) -> String");
    assert!(matches!(listener.map_err(|e| e.to_string()), Err(e) if e.contains("plugin_export(dispatch)")));

    // A plugin without records offers nothing by name.
    let bare = bad_calc(&mut store, "unreachable");
    let err = bare.plugin().call_by_name(&mut store, "greet", "fn(&str) -> String", &args).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::Dispatch { problem: Dispatch::Unknown { exports }, .. } if exports.is_empty()),
        "{err:?}"
    );
}

#[test]
fn a_plugin_calls_another_by_name_through_the_host() {
    let (mut store, _calc, front) = setup();
    assert_eq!(front.hello_by_name(&mut store, "Ada").unwrap(), Ok("Hello, Ada!".to_owned()));
    let args = wasmbind::abi::to_body(&("Bo".to_owned(),));
    let err = front.by_name(&mut store, "greet", "fn(&[u8]) -> String", &args).unwrap().unwrap_err();
    assert_eq!(
        err,
        "plugin calc-plugin: greet (by name): called as fn(&[u8]) -> String, but the export is fn(&str) -> String"
    );
    let err = front.by_name(&mut store, "nope", "fn()", &[]).unwrap().unwrap_err();
    assert_eq!(err, "no plugin offers nope");
}

/// The same link in a store called with `_async` calls: `link_async`
/// forwards each import to the target's `_async` method, and the host
/// traits are registered with `add_to_linker_async`.
#[test]
fn a_plugin_calls_another_through_an_async_link() {
    let mut linker = Linker::new(engine());
    env::add_to_linker_async(&mut linker, |app: &mut App| app).unwrap();
    registry::add_to_linker_async(&mut linker, |app: &mut App| app).unwrap();
    linker.link_async(|app: &App| app.calc.as_ref()).unwrap();
    let mut store = Store::new(engine(), App::default());
    use wasmbind::host::block_on;
    let calc = block_on(CalcPlugin::instantiate_async(&mut store, (&linker, &plugin_module("calc-plugin")))).unwrap();
    let front =
        block_on(FrontPlugin::instantiate_async(&mut store, (&linker, &plugin_module("front-plugin")))).unwrap();

    // No target yet: the caller stops with a link error naming the import.
    let err = block_on(front.hello_async(&mut store, "Ada")).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Linked { .. }), "{err}");

    store.data_mut().calc = Some(calc);
    assert_eq!(block_on(front.hello_async(&mut store, "Ada")).unwrap(), "front: Hello, Ada!");
    let sum = block_on(front.add_async(&mut store, Point { x: 1, y: 2 }, Point { x: 10, y: -20 })).unwrap();
    assert_eq!(sum, Point { x: 11, y: -18 });
    let long = "é".repeat(500);
    assert_eq!(block_on(front.hello_async(&mut store, &long)).unwrap(), format!("front: Hello, {long}!"));
    assert_eq!(store.data().log, ["Ada", long.as_str()]);
}

/// A trait whose links carry a function without a result (its import passes
/// no result area) beside one with a result, and a borrowed argument.
#[wasmbind::plugin_export(link)]
pub trait Tally {
    fn add(amount: u32, label: &str);
    fn total() -> u64;
}

/// The target, by hand: sums amounts and label lengths.
const TALLY: &str = r#"(module
  (memory (export "memory") 1)
  (global $bump (mut i32) (i32.const 1024))
  (global $sum (mut i64) (i64.const 0))
  (global $bytes (mut i64) (i64.const 0))
  (func (export "wasmbind_alloc") (param $size i32) (param $align i32) (result i32)
    (local $p i32)
    (local.set $p (global.get $bump))
    (global.set $bump (i32.add (global.get $bump) (local.get $size)))
    (local.get $p))
  (func (export "add") (param $amount i32) (param $label i64)
    (global.set $sum (i64.add (global.get $sum) (i64.extend_i32_u (local.get $amount))))
    (global.set $bytes (i64.add (global.get $bytes) (i64.shr_u (local.get $label) (i64.const 32)))))
  (func (export "total") (result i64)
    (i64.add (global.get $sum) (i64.shl (global.get $bytes) (i64.const 32)))))"#;

/// The caller, by hand: `add(5, "hello")`, `add(7, "hel")`, then `total()`;
/// `bad` passes a label that is not UTF-8.
const TALLY_CALLER: &str = r#"(module
  (import "plugin:Tally" "add" (func $add (param i32 i64 i64)))
  (import "plugin:Tally" "total" (func $total (param i64 i64) (result i64)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hello")
  (data (i32.const 32) "\ff\fe")
  (func (export "run") (result i64)
    (call $add (i32.const 5) (i64.or (i64.const 16) (i64.shl (i64.const 5) (i64.const 32))) (i64.const 0))
    (call $add (i32.const 7) (i64.or (i64.const 16) (i64.shl (i64.const 3) (i64.const 32))) (i64.const 0))
    (call $total (i64.const 0) (i64.const 0)))
  (func (export "bad")
    (call $add (i32.const 1) (i64.or (i64.const 32) (i64.shl (i64.const 2) (i64.const 32))) (i64.const 0))))"#;

/// The caller's exports, to call it typed.
#[wasmbind::plugin_export]
pub trait TallyCaller {
    fn run() -> u64;
    fn bad();
}

#[derive(Default)]
struct TallyApp {
    tally: Option<TallyPlugin>,
}

/// A linked function without a result, its argument copied out of the
/// caller (and checked there), and one with a result, on a sync link and an
/// async one.
#[test]
fn a_link_forwards_functions_with_and_without_a_result() {
    use wasmbind::host::block_on;
    for asynchronous in [false, true] {
        let mut linker = Linker::<TallyApp>::new(engine());
        let mut store = Store::new(engine(), TallyApp::default());
        let (target, caller) = (wat_module(TALLY), wat_module(TALLY_CALLER));
        let (total, refused) = match asynchronous {
            false => {
                linker.link(|app: &TallyApp| app.tally.as_ref()).unwrap();
                store.data_mut().tally = Some(TallyPlugin::instantiate(&mut store, (&linker, &target)).unwrap());
                let caller = TallyCallerPlugin::instantiate(&mut store, (&linker, &caller)).unwrap();
                (caller.run(&mut store).unwrap(), caller.bad(&mut store).unwrap_err())
            }
            true => {
                linker.link_async(|app: &TallyApp| app.tally.as_ref()).unwrap();
                let target = block_on(TallyPlugin::instantiate_async(&mut store, (&linker, &target))).unwrap();
                store.data_mut().tally = Some(target);
                let caller = block_on(TallyCallerPlugin::instantiate_async(&mut store, (&linker, &caller))).unwrap();
                (block_on(caller.run_async(&mut store)).unwrap(), block_on(caller.bad_async(&mut store)).unwrap_err())
            }
        };
        assert_eq!(total, 12 + (8 << 32), "async: {asynchronous}");
        let refused = refused.to_string();
        assert!(
            refused.contains("plugin:Tally") && refused.contains("label") && refused.contains("UTF-8"),
            "{refused}"
        );
    }
}
