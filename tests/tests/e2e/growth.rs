//! Extensible structs (`#[wasmbind(extensible)]`): a field added later is
//! `#[wasmbind(optional)]`, and plugins built against either version load
//! and exchange values with hosts of the other: a reader fills a missing
//! optional field with `None` and skips fields it does not know. Anything
//! else is still refused, naming the field.

use wasmbind::Linker;
use wasmbind::abi::{WasmType, to_body};
use wasmbind::host::records::Record;
use wasmbind::host::{ErrorKind, Handle};
use wasmbind::wasmtime::Store;
use wasmbind_shared::differences;
use wasmbind_tests::{engine, wat_module};

/// The API as plugins built first saw it.
mod v1 {
    #[derive(wasmbind::WasmType, Clone, Debug, PartialEq)]
    #[wasmbind(extensible)]
    pub struct Summary {
        pub title: String,
        pub words: u32,
    }

    #[wasmbind::plugin_export]
    pub trait Summaries {
        fn summarize(text: &str) -> Summary;
        fn all(n: u32) -> Vec<Summary>;
    }
}

/// The API after two fields were added.
mod v2 {
    #[derive(wasmbind::WasmType, Clone, Debug, PartialEq)]
    #[wasmbind(extensible)]
    pub struct Summary {
        pub title: String,
        pub words: u32,
        #[wasmbind(optional)]
        pub lines: Option<u32>,
        #[wasmbind(optional)]
        pub tags: Option<Vec<String>>,
    }

    #[wasmbind::plugin_export]
    pub trait Summaries {
        fn summarize(text: &str) -> Summary;
        fn all(n: u32) -> Vec<Summary>;
    }
}

/// A v2 struct without its newer fields is `v2::Summary` with `None`s.
fn old(title: &str, words: u32) -> v2::Summary {
    v2::Summary { title: title.into(), words, lines: None, tags: None }
}

#[test]
fn each_version_reads_the_others_bodies() {
    let new = v2::Summary { title: "report".into(), words: 7, lines: Some(3), tags: Some(vec!["a".into()]) };
    let read_old = v1::Summary::decode(&to_body(&new)).unwrap();
    assert_eq!(read_old, v1::Summary { title: "report".into(), words: 7 }, "fields it does not know are skipped");
    let read_new = v2::Summary::decode(&to_body(&read_old)).unwrap();
    assert_eq!(read_new, old("report", 7), "fields an older writer did not send are None");
    // Nested, each element delimited: a list of newer values read by an older reader.
    let list = vec![new.clone(), old("b", 1), new.clone()];
    let read: Vec<v1::Summary> = WasmType::decode(&to_body(&list)).unwrap();
    assert_eq!(read.iter().map(|s| s.words).collect::<Vec<_>>(), [7, 1, 7]);
    assert_eq!(<v2::Summary>::FIXED_SIZE, None, "always variable-size, so always delimited");
    // A required field stays required, and an optional one is checked when present.
    assert!(v1::Summary::decode(&to_body(&"title".to_string())).is_err());
    let mut bad = to_body(&read_old);
    bad.extend([1, 0, 0]); // `lines`: Some, then too few bytes
    assert!(v2::Summary::decode(&bad).is_err());
}

#[test]
fn records_of_the_two_versions_are_compatible_and_other_changes_are_not() {
    let v1 = Record::parse(<v1::SummariesPlugin as Handle>::RECORD).unwrap();
    let v2 = Record::parse(<v2::SummariesPlugin as Handle>::RECORD).unwrap();
    assert_eq!(v1.types[0].to_string(), "struct Summary{title:String,words:u32,..}");
    assert_eq!(
        v2.types[0].to_string(),
        "struct Summary{title:String,words:u32,lines?:Option<u32>,tags?:Option<Vec<String>>,..}"
    );
    let none = |a: &Record, b: &Record| differences(std::slice::from_ref(a), [], Some(b), |_, _| None).is_empty();
    assert!(none(&v1, &v2) && none(&v2, &v1), "either version loads the other's plugins");
    for (line, why) in [
        ("struct Summary{title:String,words:u64,..}", "type Summary: field words: host has u32, plugin has u64"),
        (
            "struct Summary{title:String,words:u32,lines:u32,..}",
            "type Summary: field lines: plugin has u32, which the host does not have",
        ),
        (
            "struct Summary{title:String,words:u32}",
            "type Summary: host has struct Summary{title:String,words:u32,..}, plugin has struct Summary{title:String,words:u32}",
        ),
    ] {
        let text = <v1::SummariesPlugin as Handle>::RECORD.replace(&v1.types[0].to_string(), line);
        let other = Record::parse(&text).unwrap();
        let found = differences(std::slice::from_ref(&other), [], Some(&v1), |_, _| None);
        assert!(found.iter().any(|d| d.to_string().contains(why)), "{line}: {found:?}");
    }
}

/// A plugin that says it implements `Summaries` with record `record`, and
/// returns `body` (at address 256) from `summarize`, and a list of it.
fn plugin(record: &str, body: &[u8]) -> wasmbind::wasmtime::Module {
    let hex = |bytes: &[u8]| bytes.iter().map(|b| format!("\\{b:02x}")).collect::<String>();
    let record_bytes = [(record.len() as u32).to_le_bytes().as_slice(), record.as_bytes()].concat();
    let list = [(body.len() as u32).to_le_bytes().as_slice(), body].concat();
    let packed = |addr: u64, len: usize| (len as u64) << 32 | addr;
    wat_module(&format!(
        r#"(module (memory (export "memory") 1)
            (data (i32.const 64) "{record}")
            (data (i32.const 256) "{body}")
            (data (i32.const 512) "{list}")
            (global (export "wasmbind_exports_Summaries") i32 (i32.const 64))
            (global $top (mut i32) (i32.const 1024))
            (func (export "wasmbind_alloc") (param i32 i32) (result i32) (local i32)
                (local.set 2 (global.get $top))
                (global.set $top (i32.add (global.get $top) (local.get 0)))
                (local.get 2))
            (func (export "summarize") (param i64) (result i64) (i64.const {one}))
            (func (export "all") (param i32) (result i64) (i64.const {many})))"#,
        record = hex(&record_bytes),
        body = hex(body),
        list = hex(&list),
        one = packed(256, body.len()),
        many = packed(512, list.len()),
    ))
}

#[test]
fn a_newer_host_loads_an_older_plugin_and_an_older_host_a_newer_one() {
    let linker = Linker::<()>::new(engine());
    // Built against v1: its record and its values lack the new fields.
    let older = plugin(<v1::SummariesPlugin as Handle>::RECORD, &to_body(&v1::Summary { title: "t".into(), words: 2 }));
    let mut store = Store::new(engine(), ());
    let host_v2 = v2::SummariesPlugin::instantiate(&mut store, (&linker, &older)).unwrap();
    assert_eq!(host_v2.summarize(&mut store, "x").unwrap(), old("t", 2));
    assert_eq!(host_v2.all(&mut store, 1).unwrap(), [old("t", 2)]);

    // Built against v2: a v1 host skips what it does not know.
    let newer_value =
        v2::Summary { title: "n".into(), words: 5, lines: Some(9), tags: Some(vec!["x".into(), "y".into()]) };
    let newer = plugin(<v2::SummariesPlugin as Handle>::RECORD, &to_body(&newer_value));
    let mut store = Store::new(engine(), ());
    let host_v1 = v1::SummariesPlugin::instantiate(&mut store, (&linker, &newer)).unwrap();
    assert_eq!(host_v1.summarize(&mut store, "x").unwrap(), v1::Summary { title: "n".into(), words: 5 });
    assert_eq!(host_v1.all(&mut store, 1).unwrap().len(), 1);

    // A change that is not growth is still refused at load, naming the field.
    let changed = <v1::SummariesPlugin as Handle>::RECORD.replace("words:u32", "words:u16");
    let mut store = Store::new(engine(), ());
    let err = v1::SummariesPlugin::instantiate(&mut store, (&linker, &plugin(&changed, &[]))).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Interface { .. }), "{err:?}");
    assert!(err.to_string().contains("type Summary: field words: host has u32, plugin has u16"), "{err}");
}
