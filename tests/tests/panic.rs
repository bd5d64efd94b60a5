//! A plugin panic reaches the host as `ErrorKind::Panic` with the message
//! and the plugin source location the plugin's runtime recorded.

use wasmbind::Linker;
use wasmbind::host::Handle;
use wasmbind::host::{ErrorKind, Plugin};
use wasmbind::plugin_export;
use wasmbind::wasmtime::Store;
use wasmbind_tests::kitchen;
use wasmbind_tests::{engine, wat_module, workspace};

/// `line:col` of the indexing expression in the kitchen plugin's source.
fn pick_location() -> String {
    let source = std::fs::read_to_string(workspace().join("tests/plugins/kitchen/src/lib.rs")).unwrap();
    let (line, text) =
        source.lines().enumerate().find(|(_, l)| l.contains("the panic test looks for this line")).unwrap();
    format!("{}:{}", line + 1, text.find("values[").unwrap() + 1)
}

#[test]
fn a_panic_reaches_the_host_with_its_message_and_location() {
    let (mut store, plugin) = kitchen::instantiate();
    assert_eq!(plugin.pick(&mut store, 1).unwrap(), 20);
    let err = plugin.pick(&mut store, 7).unwrap_err();
    let ErrorKind::Panic { plugin: name, function, location, message, .. } = err.kind() else {
        panic!("expected a panic, got {err:?}");
    };
    assert_eq!((&**name, &**function), ("kitchen", "pick"));
    assert_eq!(message, "index out of bounds: the len is 3 but the index is 7");
    assert!(location.ends_with(&format!("src/lib.rs:{}", pick_location())), "{location}");
    assert_eq!(err.to_string(), format!("plugin kitchen panicked in pick at {location}: {message}"));
}

#[plugin_export]
pub trait Run {
    fn run();
}

/// A hand-written plugin whose record says `record` (wat string), placed at
/// `addr`, and whose `run` traps with `unreachable`: the errors of two runs.
fn hostile(addr: u32, record: &str) -> [String; 2] {
    let module = wat_module(&format!(
        r#"(module
            (memory (export "memory") 1)
            (global (export "wasmbind_panic") i32 (i32.const {addr}))
            (data (i32.const 100) "{record}")
            (func (export "run") unreachable))"#
    ));
    let mut store = Store::new(engine(), ());
    let plugin = Plugin::instantiate(&mut store, &Linker::new(engine()), &module, "hostile").unwrap();
    let run = RunPlugin::new(&mut store, plugin).unwrap();
    [(); 2].map(|()| run.run(&mut store).unwrap_err().to_string())
}

#[test]
fn hostile_panic_records_never_panic_the_host() {
    let [first, second] = hostile(100, r"\0d\00\00\00a.rs:1:2\nboom");
    assert_eq!(first, "plugin hostile panicked in run at a.rs:1:2: boom");
    assert!(second.starts_with("plugin hostile: run: "), "the record is cleared once read: {second}");
    let [lossy, _] = hostile(100, r"\0a\00\00\00a.rs:1:2\n\ff");
    assert_eq!(lossy, "plugin hostile panicked in run at a.rs:1:2: \u{fffd}");
    for (addr, record) in [(100, r"\ff\ff\ff\ff"), (65534, ""), (u32::MAX, ""), (100, r"\04\00\00\00none")] {
        let [text, _] = hostile(addr, record);
        assert!(text.starts_with("plugin hostile: run: "), "record at {addr} {record:?}: {text}");
        assert!(text.contains("unreachable"), "{text}");
    }
}
