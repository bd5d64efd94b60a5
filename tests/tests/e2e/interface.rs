//! Interface records: a plugin built against a different API than the
//! host's is refused at load time with every difference listed, even where
//! the core wasm signatures agree.

use calc_api::{CalcPlugin, Env, Point, env};
use wasmbind::Linker;
use wasmbind::host::Handle;
use wasmbind::host::Instantiate;
use wasmbind::host::records::{Body, Heading, Record, Ty};
use wasmbind::host::{Compatibility, ErrorKind, Plugin};
use wasmbind::wasmtime::Store;
use wasmbind_tests::{engine, plugin_module, wat_module};

#[derive(Default)]
struct Host {
    lines: Vec<String>,
}

impl Env for Host {
    fn log(&mut self, msg: &str) {
        self.lines.push(msg.to_owned());
    }
}

impl calc_api_v2::Env for Host {
    fn log(&mut self, msg: &[u8]) {
        self.lines.push(String::from_utf8_lossy(msg).into_owned());
    }
}

fn linker() -> Linker<Host> {
    let mut linker = Linker::new(engine());
    env::add_to_linker(&mut linker, |host: &mut Host| host).unwrap();
    linker
}

#[test]
fn matching_plugin_loads_and_runs() {
    let mut store = Store::new(engine(), Host::default());
    let calc = CalcPlugin::instantiate(&mut store, (&linker(), &plugin_module("calc-plugin"))).unwrap();
    assert_eq!(calc.greet(&mut store, "Ada").unwrap(), "Hello, Ada!");
    assert_eq!(calc.count(&mut store, "Zoë").unwrap(), 3);
    assert_eq!(calc.point_add(&mut store, Point { x: 1, y: 2 }, Point { x: 3, y: 4 }).unwrap(), Point { x: 4, y: 6 });
    assert_eq!(store.data().lines, ["Ada"]);
}

#[test]
fn changed_api_is_refused_with_every_difference() {
    let mut store = Store::new(engine(), Host::default());
    let mut exact = linker();
    exact.set_compatibility(Compatibility::Exact);
    let err = CalcPlugin::instantiate(&mut store, (&exact, &plugin_module("calc-v2-plugin"))).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Interface { .. }), "{err:?}");
    // `{:#}` lists the differences one per line; `to_string()` is one line.
    assert_eq!(
        format!("{err:#}"),
        "plugin calc-v2-plugin: export greet: host expects fn(&str) -> String, plugin has fn(&[u8]) -> String\n\
         plugin calc-v2-plugin: export count: host expects fn(&str) -> u32, plugin does not export it\n\
         plugin calc-v2-plugin: export shout: plugin has fn(&str) -> String, which the host does not declare\n\
         plugin calc-v2-plugin: type Point: field x: host has i32, plugin has i64\n\
         plugin calc-v2-plugin: type Point: field y: host has i32, plugin has i64\n\
         plugin calc-v2-plugin: import env::log: host provides fn(&str), plugin expects fn(&[u8])"
    );
    assert!(
        err.to_string().starts_with("plugin calc-v2-plugin: 6 interface differences: export greet: host expects"),
        "{err}"
    );
    assert_eq!(err.to_string().lines().count(), 1);
}

#[test]
fn wrapping_an_existing_instance_checks_exports_too() {
    let mut store = Store::new(engine(), Host::default());
    let instance = linker().instantiate(&mut store, &plugin_module("calc-v2-plugin")).unwrap();
    let plugin = Plugin::new(&mut store, instance, "v2").unwrap();
    let err = CalcPlugin::new(&mut store, plugin).unwrap_err();
    // By the default rule, the export `shout` that v1 does not declare is no difference.
    assert_eq!(
        format!("{err:#}").lines().collect::<Vec<_>>(),
        [
            "plugin v2: export greet: host expects fn(&str) -> String, plugin has fn(&[u8]) -> String",
            "plugin v2: export count: host expects fn(&str) -> u32, plugin does not export it",
            "plugin v2: type Point: field x: host has i32, plugin has i64",
            "plugin v2: type Point: field y: host has i32, plugin has i64",
        ]
    );
}

/// The host side of API v2, in the same process as v1's.
#[derive(Default)]
struct HostV2 {
    logged: Vec<Vec<u8>>,
}

impl calc_api_v2::Env for HostV2 {
    fn log(&mut self, msg: &[u8]) {
        self.logged.push(msg.to_vec());
    }
}

fn linker_v2() -> Linker<HostV2> {
    let mut linker = Linker::new(engine());
    calc_api_v2::env::add_to_linker(&mut linker, |host: &mut HostV2| host).unwrap();
    linker
}

#[test]
fn two_linkers_serve_two_versions_of_one_import_module() {
    let (v1, v2) = (linker(), linker_v2());
    assert_eq!(v1.declared("env", "log"), Some("fn(&str)"));
    assert_eq!(v2.declared("env", "log"), Some("fn(&[u8])"));

    // Each accepts the plugin built against its own API...
    let mut store1 = Store::new(engine(), Host::default());
    let calc1 = CalcPlugin::instantiate(&mut store1, (&v1, &plugin_module("calc-plugin"))).unwrap();
    assert_eq!(calc1.greet(&mut store1, "Ada").unwrap(), "Hello, Ada!");
    let mut store2 = Store::new(engine(), HostV2::default());
    let calc2 = calc_api_v2::CalcPlugin::instantiate(&mut store2, (&v2, &plugin_module("calc-v2-plugin"))).unwrap();
    assert_eq!(calc2.shout(&mut store2, "hi").unwrap(), "HI");
    assert_eq!(calc2.greet(&mut store2, b"Bo").unwrap(), "Hello, Bo!");
    assert_eq!(store2.data().logged, [b"Bo".to_vec()]);

    // ...and refuses the other's import, though the core signatures agree.
    let mut store = Store::new(engine(), Host::default());
    let err = Plugin::instantiate(&mut store, Instantiate::new(&v1, &plugin_module("calc-v2-plugin")).named("v2"))
        .unwrap_err();
    assert_eq!(err.to_string(), "plugin v2: import env::log: host provides fn(&str), plugin expects fn(&[u8])");
    let mut store = Store::new(engine(), HostV2::default());
    let err =
        Plugin::instantiate(&mut store, Instantiate::new(&v2, &plugin_module("calc-plugin")).named("v1")).unwrap_err();
    assert_eq!(err.to_string(), "plugin v1: import env::log: host provides fn(&[u8]), plugin expects fn(&str)");
}

#[test]
fn instance_pre_checks_once_per_module_and_still_refuses() {
    let v1 = linker();
    let good = v1.instantiate_pre(&plugin_module("calc-plugin"), "good").unwrap();
    let bad = v1.instantiate_pre(&plugin_module("calc-v2-plugin"), "bad").unwrap();
    for _ in 0..2 {
        let mut store = Store::new(engine(), Host::default());
        let calc = CalcPlugin::instantiate(&mut store, &good).unwrap();
        assert_eq!(calc.count(&mut store, "abc").unwrap(), 3);
        let err = Plugin::instantiate(&mut store, &bad).unwrap_err();
        assert_eq!(err.to_string(), "plugin bad: import env::log: host provides fn(&str), plugin expects fn(&[u8])");
    }
}

#[test]
fn a_declaration_changed_after_instantiate_pre_does_not_reach_it() {
    // Re-registering `env::log` with another signature replaces the linker's
    // declarations; an `InstancePre` made before keeps the ones it was made with.
    let mut linker: Linker<Host> = linker();
    let pre = linker.instantiate_pre(&plugin_module("calc-plugin"), "before").unwrap();
    linker.allow_shadowing(true);
    calc_api_v2::env::add_to_linker(&mut linker, |host: &mut Host| host).unwrap();
    let mut store = Store::new(engine(), Host::default());
    assert!(Plugin::instantiate(&mut store, &pre).is_ok());
    let err = Plugin::instantiate(&mut store, Instantiate::new(&linker, &plugin_module("calc-plugin")).named("after"))
        .unwrap_err();
    assert_eq!(err.to_string(), "plugin after: import env::log: host provides fn(&[u8]), plugin expects fn(&str)");
}

#[test]
fn threads_instantiate_through_one_linker() {
    let linker = std::sync::Arc::new(linker());
    let module = plugin_module("calc-plugin");
    std::thread::scope(|scope| {
        for t in 0..2 {
            let (linker, module) = (linker.clone(), module.clone());
            scope.spawn(move || {
                for i in 0..20 {
                    let mut store = Store::new(engine(), Host::default());
                    let calc = CalcPlugin::instantiate(&mut store, (&*linker, &module)).unwrap();
                    let name = format!("t{t}-{i}");
                    assert_eq!(calc.greet(&mut store, &name).unwrap(), format!("Hello, {name}!"));
                }
            });
        }
    });
}

#[test]
fn missing_imports_are_listed_together() {
    let module = wat_module(
        r#"(module
            (import "env" "log" (func (param i64)))
            (import "env" "now" (func (result i64)))
            (import "clock" "tick" (func))
            (import "plugin:Calc" "greet" (func (param i64) (result i64))))"#,
    );
    let mut store = Store::new(engine(), Host::default());
    let err = Plugin::instantiate(&mut store, Instantiate::new(&linker(), &module).named("old")).unwrap_err();
    // Each says how a host provides it.
    assert_eq!(
        format!("{err:#}"),
        "plugin old: imports env::now, which the host does not provide \
         (register the trait declared `#[host_fn(module = \"env\")]` with its `add_to_linker(..)`)\n\
         plugin old: imports clock::tick, which the host does not provide \
         (register the trait declared `#[host_fn(module = \"clock\")]` with its `add_to_linker(..)`)\n\
         plugin old: imports plugin:Calc::greet, which the host does not provide \
         (link a plugin that implements Calc: `linker.link(..)`, with Calc declared `#[plugin_export(link)]`)"
    );
}

#[test]
fn plugin_without_records_falls_back_to_wasmtime_type_checks() {
    let module = wat_module(
        r#"(module (memory (export "memory") 1)
            (func (export "greet") (param i64) (result i64) (i64.const 0))
            (func (export "point_add") (param i64 i64) (result i64) (i64.const 0))
            (func (export "count") (param i32) (result i32) (i32.const 0)))"#,
    );
    let mut store = Store::new(engine(), Host::default());
    let err = CalcPlugin::instantiate(&mut store, (&linker(), &module)).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Load { .. }), "{err:?}");
    assert!(err.to_string().starts_with("plugin calc: export `count`"), "{err}");
}

/// A handle's exports are found by index and type-checked in the first
/// instance of each module only (`host::core::exports`): later instances
/// of the module skip the check, and another module with the same export
/// names is checked again, whatever the linker saw before.
#[test]
fn exports_are_type_checked_once_per_module_and_for_every_module() {
    let calc = |count_param: &str| {
        wat_module(&format!(
            r#"(module (memory (export "memory") 1)
                (global $top (mut i32) (i32.const 1024))
                (func (export "wasmbind_alloc") (param i32 i32) (result i32) (local i32)
                    (local.set 2 (global.get $top))
                    (global.set $top (i32.add (global.get $top) (local.get 0)))
                    (local.get 2))
                (func (export "greet") (param i64) (result i64) (i64.const 0))
                (func (export "point_add") (param i64 i64) (result i64) (i64.const 0))
                (func (export "count") (param {count_param}) (result i32) {count_body}))"#,
            // The string's length: the high half of its packed region.
            count_body = match count_param {
                "i64" => "(i32.wrap_i64 (i64.shr_u (local.get 0) (i64.const 32)))",
                _ => "(i32.const 0)",
            },
        ))
    };
    let (good, bad, linker) = (calc("i64"), calc("i32"), linker());
    for text in ["abc", "abcd", "abcde"] {
        let mut store = Store::new(engine(), Host::default());
        let plugin = CalcPlugin::instantiate(&mut store, (&linker, &good)).unwrap();
        assert_eq!(plugin.count(&mut store, text).unwrap(), text.len() as u32);
        let err = CalcPlugin::instantiate(&mut store, (&linker, &bad)).unwrap_err();
        assert!(err.to_string().starts_with("plugin calc: export `count`"), "{err}");
        assert!(format!("{err:#}").contains("failed to convert function `count` to given type"), "{err:#}");
    }
}

#[test]
fn unreadable_record_is_reported() {
    let module = wat_module(
        r#"(module (memory (export "memory") 1)
            (global (export "wasmbind_exports_Calc") i32 (i32.const 65534)))"#,
    );
    let mut store = Store::new(engine(), Host::default());
    let err = CalcPlugin::instantiate(&mut store, (&linker(), &module)).unwrap_err();
    assert_eq!(err.to_string(), "plugin calc: record wasmbind_exports_Calc at 0xfffe is unreadable");
}

#[test]
fn records_describe_every_type_they_mention() {
    let (mut store, kitchen) = wasmbind_tests::kitchen::instantiate();
    let records = kitchen.plugin().records(&mut store);
    let record = |heading: Heading| records.iter().find(|r| r.heading == heading).unwrap();
    let export = |name: &str| record(Heading::Export { name: name.into() });
    let types = |record: &Record| record.types.iter().map(ToString::to_string).collect::<Vec<_>>();
    // In order of first mention: the signature first, then the fields of
    // each type in turn.
    assert_eq!(
        types(export("echo_rich")),
        [
            "struct Rich{name:String,level:Level,shapes:Vec<Shape>,pair:(u8,Option<String>,i64),boxed:Box<Point>,outcome:Result<Vec<u16>,Level>,tree:BTreeMap<String,Vec<Level>>,grid:[Option<i16>;3]}",
            "enum Level{Low,Mid,High}",
            "enum Shape{Dot,Circle{radius:f32},Label(String,Point)}",
            "struct Point{x:i32,y:i32}",
        ]
    );
    assert_eq!(types(export("echo_tree")), ["enum Tree{Leaf(u32),Node(Vec<Tree>)}"]);
    assert_eq!(types(export("echo_pair")), ["struct Pair<Level>{a:Level,b:Level}", "enum Level{Low,Mid,High}"]);
    assert_eq!(types(export("echo_segment")), ["struct Segment(Point,[Point;2])", "struct Point{x:i32,y:i32}"]);
    assert_eq!(export("months").function("months"), Some("fn(Perm, Option<(Month,u8)>) -> Month"));
    assert_eq!(
        types(export("months")),
        ["flags Perm{Read,Write,Exec}", "flags Month{Jan,Feb,Mar,Apr,May,Jun,Jul,Aug,Sep,Oct,Nov,Dec}"]
    );
    // A `#[host_import]` block writes one record per function.
    let import = record(Heading::Import { module: "kitchen".into(), name: "h_hash".into() });
    assert_eq!(import.function("h_hash"), Some("fn(HashMap<u32,(String,Level)>) -> HashMap<u32,(String,Level)>"));
    assert_eq!(types(import), ["enum Level{Low,Mid,High}"]);

    // Every struct and enum a signature or a field mentions is defined in
    // the same record.
    for record in &records {
        let mut mentioned = Vec::new();
        for (name, _) in &record.functions {
            let sig = record.signature(name).unwrap_or_else(|| panic!("{name}'s signature parses"));
            mentioned.extend(sig.params.into_iter().chain(sig.result));
        }
        for def in &record.types {
            mentioned.extend(match &def.body {
                Body::Struct(fields) | Body::Extensible { fields, .. } => {
                    fields.types().into_iter().cloned().collect::<Vec<_>>()
                }
                Body::Enum(variants) => variants.iter().flat_map(|v| v.fields.types()).cloned().collect(),
                Body::Flags(_) => Vec::new(),
            });
        }
        while let Some(ty) = mentioned.pop() {
            if let Ty::Named(..) = ty {
                assert!(record.type_def(&ty.to_string()).is_some(), "{ty} is not defined in {:?}", record.heading);
            }
            mentioned.extend(ty.children().into_iter().cloned());
        }
    }

    // The JSON rendering is valid JSON with the same content.
    let json: serde_json::Value = serde_json::from_str(&export("echo_tree").to_json()).unwrap();
    assert_eq!((json["abi"].as_u64(), json["kind"].as_str()), (Some(2), Some("export")));
    assert_eq!(json["export"], "wasmbind_export_echo_tree");
    assert_eq!(json["types"][0]["variants"][1]["fields"][0]["type"], serde_json::json!({ "vec": { "named": "Tree" } }));
    let json: serde_json::Value = serde_json::from_str(&export("mixed").to_json()).unwrap();
    assert_eq!(
        json["functions"][0]["params"],
        serde_json::json!(["&str", "u8", { "named": "Point" }, { "slice": "u8" }, { "option": "String" }])
    );

    // The host's record is built from the same shapes: each function and
    // type matches the plugin's.
    let ours = Record::parse(<kitchen_api::KitchenPlugin as Handle>::RECORD).unwrap();
    for (name, signature) in &ours.functions {
        let theirs = export(name);
        assert_eq!(theirs.function(name), Some(signature.as_str()));
        for def in &theirs.types {
            assert_eq!(ours.type_def(&def.spelling()), Some(def));
        }
    }
}

#[test]
fn free_export_records_are_checked_like_trait_records() {
    let records = [
        "wasmbind 2\nexport greet\ngreet fn(&[u8]) -> String\n",
        "wasmbind 2\nexport point_add\npoint_add fn(Point, Point) -> Point\nstruct Point{x:i64}\n",
    ];
    let mut data = String::new();
    let mut globals = String::new();
    for (i, (record, name)) in records.iter().zip(["greet", "point_add"]).enumerate() {
        let addr = 64 + i * 256;
        let len = record.len() as u32;
        let bytes: String = len.to_le_bytes().iter().map(|b| format!("\\{b:02x}")).collect();
        data += &format!("(data (i32.const {addr}) \"{bytes}{}\")", record.replace('\n', "\\0a"));
        globals += &format!("(global (export \"wasmbind_export_{name}\") i32 (i32.const {addr}))");
    }
    let module = wat_module(&format!(
        r#"(module (memory (export "memory") 1) {data} {globals}
            (func (export "greet") (param i64) (result i64) (i64.const 0))
            (func (export "point_add") (param i64 i64) (result i64) (i64.const 0))
            (func (export "count") (param i64) (result i32) (i32.const 0)))"#
    ));
    let mut store = Store::new(engine(), Host::default());
    let err = CalcPlugin::instantiate(&mut store, (&linker(), &module)).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Interface { .. }), "{err:?}");
    assert_eq!(
        format!("{err:#}"),
        "plugin calc: export greet: host expects fn(&str) -> String, plugin has fn(&[u8]) -> String\n\
         plugin calc: type Point: field x: host has i32, plugin has i64\n\
         plugin calc: type Point: field y: host has i32, plugin does not have it"
    );
}

/// `Calc` as a host built before `point_add` and `count` were added
/// declares it.
mod calc_older {
    #[wasmbind::plugin_export]
    pub trait Calc {
        fn greet(name: &str) -> String;
    }
}

/// `Calc` as a newer host declares it: `describe` was added after the
/// plugins it loads were built, so it is optional, as is `count`.
mod calc_newer {
    use calc_api::Point;

    #[wasmbind::plugin_export]
    pub trait Calc {
        fn greet(name: &str) -> String;
        fn point_add(a: Point, b: Point) -> Point;
        #[optional]
        fn count(text: &str) -> u32;
        /// What the plugin does.
        #[optional]
        fn describe() -> String;
    }
}

#[test]
fn extra_exports_are_accepted_and_listed_unless_the_linker_is_exact() {
    let module = plugin_module("calc-plugin");
    let mut store = Store::new(engine(), Host::default());
    let mut linker = linker();
    assert_eq!(linker.compatibility(), Compatibility::Compatible);
    let calc = calc_older::CalcPlugin::instantiate(&mut store, (&linker, &module)).unwrap();
    assert_eq!(calc.greet(&mut store, "Ada").unwrap(), "Hello, Ada!");
    assert_eq!(calc.plugin().extra_exports(), ["point_add", "count"]);
    assert!(calc.plugin().absent_exports().is_empty());

    // The same module again: the clean result is remembered with what it accepted.
    let again = calc_older::CalcPlugin::instantiate(&mut store, (&linker, &module)).unwrap();
    assert_eq!(again.plugin().extra_exports(), ["point_add", "count"]);

    linker.set_compatibility(Compatibility::Exact);
    let err = calc_older::CalcPlugin::instantiate(&mut store, (&linker, &module)).unwrap_err();
    assert_eq!(
        format!("{err:#}"),
        "plugin calc-plugin: export point_add: plugin has fn(Point, Point) -> Point, which the host does not declare\n\
         plugin calc-plugin: export count: plugin has fn(&str) -> u32, which the host does not declare"
    );
    // An `InstancePre` keeps the rule its linker had.
    let exact = linker.instantiate_pre(&module, "exact").unwrap();
    linker.set_compatibility(Compatibility::Compatible);
    assert!(calc_older::CalcPlugin::instantiate(&mut store, &exact).is_err());
    let compatible = linker.instantiate_pre(&module, "compatible").unwrap();
    assert!(calc_older::CalcPlugin::instantiate(&mut store, &compatible).is_ok());
}

/// A plugin loaded on its own and wrapped by a handle after (the registry
/// example's pattern) reports what that handle's check accepted, as one
/// instantiated through the handle does.
#[test]
fn a_handle_made_after_loading_decides_absent_and_extra_exports_too() {
    let module = plugin_module("calc-plugin");
    let mut store = Store::new(engine(), Host::default());
    let plugin = Plugin::instantiate(&mut store, Instantiate::new(&linker(), &module).named("calc")).unwrap();
    assert!(plugin.absent_exports().is_empty(), "no handle's check yet");
    let calc = calc_newer::CalcPlugin::new(&mut store, plugin.clone()).unwrap();
    assert_eq!(calc.plugin().absent_exports(), ["describe"]);
    assert_eq!(plugin.absent_exports(), ["describe"], "one plugin, one answer");

    let plugin = Plugin::instantiate(&mut store, Instantiate::new(&linker(), &module).named("calc")).unwrap();
    let older = calc_older::CalcPlugin::new(&mut store, plugin).unwrap();
    assert_eq!(older.plugin().extra_exports(), ["point_add", "count"]);
}

#[test]
fn a_missing_optional_export_is_absent_not_a_load_error() {
    let module = plugin_module("calc-plugin");
    for rule in [Compatibility::Compatible, Compatibility::Exact] {
        let mut store = Store::new(engine(), Host::default());
        let mut linker = linker();
        linker.set_compatibility(rule);
        let calc = calc_newer::CalcPlugin::instantiate(&mut store, (&linker, &module)).unwrap();
        assert_eq!(calc.plugin().absent_exports(), ["describe"], "{rule:?}");
        assert!(calc.plugin().extra_exports().is_empty());
        // An optional export the plugin has is called as any other.
        assert_eq!(calc.count(&mut store, "Zoë").unwrap(), 3);
        let err = calc.describe(&mut store).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Absent { function: "describe", .. }), "{err:?}");
        assert_eq!(err.to_string(), "plugin calc-plugin: describe: the plugin does not export it (it is optional)");
        // Absence is no trap: the plugin is still usable.
        assert_eq!(
            calc.point_add(&mut store, Point { x: 1, y: 2 }, Point { x: 3, y: 4 }).unwrap(),
            Point { x: 4, y: 6 }
        );
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let err = runtime.block_on(calc.describe_async(&mut store)).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Absent { .. }), "{err:?}");
    }
}

/// `Calc` v2 with `shout` optional but declared with another signature
/// than the v2 plugin's.
mod calc_v2_optional {
    #[wasmbind::plugin_export]
    pub trait Calc {
        fn greet(name: &[u8]) -> String;
        #[optional]
        fn shout(text: &[u8]) -> String;
    }
}

#[test]
fn an_optional_export_the_plugin_has_is_still_checked_exactly() {
    let mut store = Store::new(engine(), HostV2::default());
    let err = calc_v2_optional::CalcPlugin::instantiate(&mut store, (&linker_v2(), &plugin_module("calc-v2-plugin")))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "plugin calc-v2-plugin: export shout: host expects fn(&[u8]) -> String, plugin has fn(&str) -> String"
    );
}

#[test]
fn a_name_given_at_instantiation_is_in_every_error() {
    let mut store = Store::new(engine(), Host::default());
    let err = CalcPlugin::instantiate(
        &mut store,
        Instantiate::new(&linker(), &plugin_module("calc-v2-plugin")).named("shouty.wasm"),
    )
    .unwrap_err();
    let text = err.to_string();
    assert!(text.starts_with("plugin shouty.wasm: 5 interface differences: export greet: "), "{text}");
    assert!(format!("{err:#}").lines().all(|line| line.starts_with("plugin shouty.wasm: ")), "{err:#}");
    let calc = CalcPlugin::instantiate(
        &mut store,
        Instantiate::new(&linker(), &plugin_module("calc-plugin")).named("calc.wasm"),
    )
    .unwrap();
    assert_eq!(calc.plugin().name(), "calc.wasm");
    // Without a name: the module's own, which `cargo wasmbind build` sets to its package name.
    let calc = CalcPlugin::instantiate(&mut store, (&linker(), &plugin_module("calc-plugin"))).unwrap();
    assert_eq!(calc.plugin().name(), "calc-plugin");
}

/// `Rich` as a host that changed it declares it: same name, other fields.
#[derive(wasmbind::WasmType, Debug)]
struct Rich {
    name: String,
    level: u8,
}

#[wasmbind::host_fn(module = "kitchen")]
fn h_rich(_: &mut wasmbind_tests::kitchen::Seen, v: Rich) -> Rich {
    v
}

#[test]
fn type_shapes_of_host_functions_are_compared_with_the_plugins_import_records() {
    // The signature `fn(Rich) -> Rich` and its core types agree; the shape does not.
    let mut linker = Linker::new(engine());
    wasmbind_tests::kitchen::add_to_linker(&mut linker, |seen| seen).unwrap();
    linker.allow_shadowing(true);
    wasmbind::add_to_linker!(&mut linker, |seen: &mut wasmbind_tests::kitchen::Seen| seen, [h_rich]).unwrap();
    let mut store = Store::new(engine(), wasmbind_tests::kitchen::Seen::default());
    let err =
        Plugin::instantiate(&mut store, Instantiate::new(&linker, wasmbind_tests::kitchen_module()).named("kitchen"))
            .unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Interface { .. }), "{err:?}");
    let text = format!("{err:#}");
    for line in [
        "plugin kitchen: type Rich: field level: host has u8, plugin has Level",
        "plugin kitchen: type Rich: field shapes: plugin has Vec<Shape>, which the host does not have",
    ] {
        assert!(text.lines().any(|l| l == line), "{text}");
    }
}
