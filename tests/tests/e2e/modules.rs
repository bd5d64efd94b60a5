//! One plugin, two API crates: both add host functions to the import
//! module `env`, and one names its linkable export trait like its own host
//! module (`mod_name` renames the generated module).

use calc_api::LabelsPlugin;
use shared_module_api::{Clock, Ids, TypeNames, TypesPlugin};
use wasmbind::Linker;
use wasmbind::host::records::Heading;
use wasmbind::host::{ErrorKind, Handle, Instantiate};
use wasmbind::wasmtime::Store;
use wasmbind_tests::{engine, plugin_module};

#[derive(Default)]
struct Host {
    lines: Vec<String>,
    ticks: u64,
    ids: u32,
}

impl calc_api::Env for Host {
    fn log(&mut self, msg: &str) {
        self.lines.push(msg.to_owned());
    }
}

impl calc_api_v2::Env for Host {
    fn log(&mut self, msg: &[u8]) {
        self.lines.push(String::from_utf8_lossy(msg).into_owned());
    }
}

impl Clock for Host {
    fn now(&mut self) -> u64 {
        self.ticks += 1;
        self.ticks
    }
    fn note(&mut self, text: &str) {
        self.lines.push(format!("note: {text}"));
    }
}

impl Ids for Host {
    fn next_id(&mut self) -> u32 {
        self.ids += 10;
        self.ids
    }
}

impl TypeNames for Host {
    fn name_of(&mut self, id: u32) -> String {
        ["unit", "point"].get(id as usize).map_or_else(|| format!("#{id}"), |name| (*name).to_owned())
    }
}

/// calc-api's `env`, shared-module-api's `env`, `env_ids` and `types`, on one linker.
fn linker() -> Linker<Host> {
    let mut linker = Linker::new(engine());
    calc_api::env::add_to_linker(&mut linker, |host: &mut Host| host).unwrap();
    shared(&mut linker);
    linker
}

fn shared(linker: &mut Linker<Host>) {
    shared_module_api::env::add_to_linker(linker, |host: &mut Host| host).unwrap();
    shared_module_api::env_ids::add_to_linker(linker, |host: &mut Host| host).unwrap();
    shared_module_api::types::add_to_linker(linker, |host: &mut Host| host).unwrap();
}

#[test]
fn one_plugin_imports_from_two_api_crates_that_share_an_import_module() {
    let linker = linker();
    for in_process in [false, true] {
        let mut store = Store::new(engine(), Host::default());
        let plugin = match in_process {
            true => TypesPlugin::in_process::<shared_module_plugin::Impl, _>(&linker),
            false => TypesPlugin::instantiate(&mut store, (&linker, &plugin_module("shared-module-plugin"))).unwrap(),
        };
        assert_eq!(plugin.describe(&mut store, 1).unwrap(), "point at 1 as #10", "in process: {in_process}");
        assert_eq!(plugin.describe(&mut store, 7).unwrap(), "#7 at 2 as #20", "in process: {in_process}");
        assert_eq!(
            store.data().lines,
            ["describe", "note: point at 1 as #10", "describe", "note: #7 at 2 as #20"],
            "in process: {in_process}: the three traits of module env answered"
        );
    }
}

#[test]
fn each_trait_of_a_shared_import_module_has_its_own_record_and_each_is_checked() {
    let mut store = Store::new(engine(), Host::default());
    let plugin = TypesPlugin::instantiate(&mut store, (&linker(), &plugin_module("shared-module-plugin"))).unwrap();
    let records = plugin.plugin().records(&mut store);
    let functions = |heading: Heading| {
        let record = records.iter().find(|r| r.heading == heading).unwrap_or_else(|| panic!("{heading:?}"));
        record.functions.iter().map(|(name, sig)| format!("{name} {sig}")).collect::<Vec<_>>()
    };
    let imports =
        |module: &str, trait_name: &str| Heading::Imports { module: module.into(), trait_name: trait_name.into() };
    assert_eq!(functions(imports("env", "Env")), ["log fn(&str)"]);
    assert_eq!(functions(imports("env", "Clock")), ["now fn() -> u64", "note fn(&str)"]);
    assert_eq!(functions(imports("env", "Ids")), ["next_id fn() -> u32"]);
    assert_eq!(functions(imports("types", "TypeNames")), ["name_of fn(u32) -> String"]);
    assert_eq!(functions(Heading::Exports { trait_name: "Types".into() }), ["describe fn(u32) -> String"]);

    // A host whose `env::log` differs is refused by the `Env` record, while
    // `Clock`'s functions of the same module still match.
    let mut other = Linker::new(engine());
    calc_api_v2::env::add_to_linker(&mut other, |host: &mut Host| host).unwrap();
    shared(&mut other);
    let module = plugin_module("shared-module-plugin");
    let err = TypesPlugin::instantiate(&mut store, Instantiate::new(&other, &module).named("shared")).unwrap_err();
    let ErrorKind::Interface { differences, .. } = err.kind() else { panic!("{err:?}") };
    assert_eq!(differences, &["import env::log: host provides fn(&[u8]), plugin expects fn(&str)"]);
}

#[test]
fn one_plugin_implements_two_traits_that_share_a_function_name() {
    let linker = linker();
    for in_process in [false, true] {
        let mut store = Store::new(engine(), Host::default());
        let (types, labels) = match in_process {
            true => (
                TypesPlugin::in_process::<shared_module_plugin::Impl, _>(&linker),
                LabelsPlugin::in_process::<shared_module_plugin::Impl, _>(&linker),
            ),
            false => {
                let types =
                    TypesPlugin::instantiate(&mut store, (&linker, &plugin_module("shared-module-plugin"))).unwrap();
                let labels = LabelsPlugin::new(&mut store, types.plugin().clone()).unwrap();
                (types, labels)
            }
        };
        assert_eq!(labels.describe(&mut store, 3).unwrap(), "label 3", "in process: {in_process}");
        assert_eq!(types.describe(&mut store, 0).unwrap(), "unit at 1 as #10", "in process: {in_process}");
    }
    // The wasm exports: `Types`' plain, `Labels`' qualified by its trait.
    let module = plugin_module("shared-module-plugin");
    let names: Vec<_> = module.exports().map(|export| export.name().to_owned()).collect();
    assert!(names.contains(&"describe".to_owned()) && names.contains(&"Labels.describe".to_owned()), "{names:?}");
}
