//! Property tests on real plugins: generated values of the richer types
//! (enums, `Result`, tuples, `Box`, maps, nested in structs) round-trip
//! host -> plugin -> host and plugin -> host -> plugin unchanged; corrupted
//! encodings (flipped bytes and tags, truncations, bad lengths, bad UTF-8)
//! are bad-value errors, never a panic or a value other than what the bytes
//! encode.

use std::collections::BTreeMap;
use wasmbind::host::Handle;
use wasmbind::host::Instantiate;

use kitchen_api::{Level, Point, Rich, Shape};
use proptest::collection::{btree_map, hash_map, vec};
use proptest::prelude::*;
use wasmbind::Linker;
use wasmbind::WasmType;
use wasmbind::abi::to_body;
use wasmbind::host::{ErrorKind, Plugin};
use wasmbind::host_fn;
use wasmbind::plugin_export;
use wasmbind::wasmtime::{Module, Store};
use wasmbind_tests::kitchen;
use wasmbind_tests::{engine, wat_module};

fn level() -> impl Strategy<Value = Level> {
    prop_oneof![Just(Level::Low), Just(Level::Mid), Just(Level::High)]
}

fn text() -> impl Strategy<Value = String> {
    // Any Unicode, short: multi-byte sequences are where UTF-8 bugs live.
    proptest::string::string_regex(".{0,12}").unwrap()
}

fn point() -> impl Strategy<Value = Point> {
    (any::<i32>(), any::<i32>()).prop_map(|(x, y)| Point { x, y })
}

fn shape() -> impl Strategy<Value = Shape> {
    prop_oneof![
        Just(Shape::Dot),
        (-1e6f32..1e6).prop_map(|radius| Shape::Circle { radius }),
        (text(), point()).prop_map(|(s, p)| Shape::Label(s, p)),
    ]
}

fn rich() -> impl Strategy<Value = Rich> {
    (
        text(),
        level(),
        vec(shape(), 0..5),
        (any::<u8>(), proptest::option::of(text()), any::<i64>()),
        point(),
        prop_oneof![vec(any::<u16>(), 0..6).prop_map(Ok), level().prop_map(Err)],
        btree_map(text(), vec(level(), 0..4), 0..4),
        proptest::array::uniform3(proptest::option::of(any::<i16>())),
    )
        .prop_map(|(name, level, shapes, pair, boxed, outcome, tree, grid)| Rich {
            name,
            level,
            shapes,
            pair,
            boxed: Box::new(boxed),
            outcome,
            tree,
            grid,
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn rich_values_round_trip_both_ways(value in rich()) {
        let (mut store, plugin) = kitchen::instantiate();
        prop_assert_eq!(plugin.echo_rich(&mut store, value.clone()).unwrap(), value.clone());
        prop_assert_eq!(plugin.via_rich(&mut store, value.clone()).unwrap(), value.clone());
        prop_assert_eq!(store.data().0.last().cloned(), Some(format!("{value:?}")), "the host import saw it");
    }

    #[test]
    fn results_round_trip_both_ways(value in prop_oneof![rich().prop_map(Ok), shape().prop_map(Err)]) {
        let (mut store, plugin) = kitchen::instantiate();
        prop_assert_eq!(plugin.echo_outcome(&mut store, value.clone()).unwrap(), value.clone());
        prop_assert_eq!(plugin.via_outcome(&mut store, value.clone()).unwrap(), value.clone());
        prop_assert_eq!(store.data().0.last().cloned(), Some(format!("{value:?}")));
    }

    #[test]
    fn hash_maps_round_trip_both_ways(value in hash_map(any::<u32>(), (text(), level()), 0..8)) {
        let (mut store, plugin) = kitchen::instantiate();
        prop_assert_eq!(plugin.echo_hash(&mut store, value.clone()).unwrap(), value.clone());
        prop_assert_eq!(plugin.via_hash(&mut store, value.clone()).unwrap(), value);
    }
}

/// A hand-written plugin that hands back whatever bytes it is given, as the
/// result of `forge` or as the argument of the host import `env::take`.
fn forger() -> &'static Module {
    static MODULE: std::sync::OnceLock<Module> = std::sync::OnceLock::new();
    MODULE.get_or_init(|| {
        wat_module(
            r#"(module
                (import "env" "take" (func $take (param i64 i64)))
                (memory (export "memory") 4)
                (global $next (mut i32) (i32.const 1024))
                (func (export "wasmbind_alloc") (param $size i32) (param $align i32) (result i32)
                    (global.get $next)
                    (global.set $next (i32.add (global.get $next) (local.get $size))))
                (func (export "forge") (param i64) (result i64) (local.get 0))
                (func (export "pass") (param i64) (call $take (local.get 0) (i64.const 0))))"#,
        )
    })
}

#[plugin_export]
pub trait Forge {
    /// Returns the bytes it gets as the body of a `Rich` result.
    fn forge(body: Vec<u8>) -> Rich;
    /// Passes the bytes it gets to `env::take` as the body of a `Rich` argument.
    fn pass(body: Vec<u8>);
}

#[host_fn(module = "env")]
fn take(taken: &mut Vec<Vec<u8>>, value: Rich) {
    taken.push(to_body(&value));
}

fn forge_plugin() -> (Store<Vec<Vec<u8>>>, ForgePlugin) {
    let mut linker = Linker::new(engine());
    wasmbind::add_to_linker!(&mut linker, |taken: &mut Vec<Vec<u8>>| taken, [take]).unwrap();
    let mut store = Store::new(engine(), Vec::new());
    let plugin = Plugin::instantiate(&mut store, Instantiate::new(&linker, forger()).named("forger")).unwrap();
    let forge = ForgePlugin::new(&mut store, plugin).unwrap();
    (store, forge)
}

/// One corruption of a valid body.
#[derive(Clone, Debug)]
enum Corruption {
    /// Replaces the byte at (index mod len) with a value.
    Set(usize, u8),
    /// Keeps the first (index mod len) bytes.
    Truncate(usize),
    /// Writes a huge `u32` length at (index mod len).
    HugeLength(usize),
    /// Writes an invalid UTF-8 byte at (index mod len).
    BadUtf8(usize),
    /// Appends a byte.
    Append(u8),
}

fn corruption() -> impl Strategy<Value = Corruption> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Corruption::Set(i, b)),
        any::<usize>().prop_map(Corruption::Truncate),
        any::<usize>().prop_map(Corruption::HugeLength),
        any::<usize>().prop_map(Corruption::BadUtf8),
        any::<u8>().prop_map(Corruption::Append),
    ]
}

fn corrupt(mut body: Vec<u8>, how: &Corruption) -> Vec<u8> {
    let len = body.len().max(1);
    match *how {
        Corruption::Set(i, b) => body.get_mut(i % len).into_iter().for_each(|slot| *slot = b),
        Corruption::Truncate(i) => body.truncate(i % len),
        Corruption::HugeLength(i) => {
            let at = i % len;
            let end = (at + 4).min(body.len());
            body.splice(at..end, 0xffff_fff0u32.to_le_bytes());
        }
        Corruption::BadUtf8(i) => body.get_mut(i % len).into_iter().for_each(|slot| *slot = 0xff),
        Corruption::Append(b) => body.push(b),
    }
    body
}

/// What the bytes decode to by the codec alone, as a canonical body.
fn expected(bytes: &[u8]) -> Option<Vec<u8>> {
    Rich::decode(bytes).ok().map(|value| to_body(&value))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn corrupted_results_are_bad_values_or_exactly_what_they_encode(value in rich(), how in corruption()) {
        let bytes = corrupt(to_body(&value), &how);
        let (mut store, forge) = forge_plugin();
        match forge.forge(&mut store, bytes.clone()) {
            Ok(got) => prop_assert_eq!(Some(to_body(&got)), expected(&bytes)),
            Err(err) => {
                prop_assert!(matches!(err.kind(), ErrorKind::BadValue(_)), "{err:?}");
                prop_assert_eq!(expected(&bytes), None);
                prop_assert!(err.to_string().starts_with("plugin forger: forge: result: "), "{err}");
            }
        }
    }

    #[test]
    fn corrupted_import_arguments_are_bad_values_or_exactly_what_they_encode(value in rich(), how in corruption()) {
        let bytes = corrupt(to_body(&value), &how);
        let (mut store, forge) = forge_plugin();
        match forge.pass(&mut store, bytes.clone()) {
            Ok(()) => prop_assert_eq!(store.data().last().cloned(), expected(&bytes)),
            Err(err) => {
                prop_assert!(matches!(err.kind(), ErrorKind::BadValue(_)), "{err:?}");
                prop_assert!(store.data().is_empty(), "the host function must not run");
                prop_assert_eq!(expected(&bytes), None);
                prop_assert!(err.to_string().starts_with("plugin forger: env::take: argument value: "), "{err}");
            }
        }
    }
}

#[test]
fn maps_from_a_plugin_with_a_repeated_key_are_refused() {
    let mut tree: BTreeMap<String, Vec<Level>> = BTreeMap::new();
    tree.insert("k".into(), vec![]);
    let value = Rich {
        name: String::new(),
        level: Level::Low,
        shapes: vec![],
        pair: (0, None, 0),
        boxed: Box::new(Point::default()),
        outcome: Err(Level::High),
        tree,
        grid: [None; 3],
    };
    let mut bytes = to_body(&value);
    // The map comes before `grid` (a `u32` length, then three `None`s of a
    // `u32` length 1 and tag 0: 19 bytes); its body is `u32 len` + one 9-byte
    // entry. Repeat the entry.
    let grid = bytes.split_off(bytes.len() - 19);
    let entry = bytes[bytes.len() - 9..].to_vec();
    let map_len_at = bytes.len() - 13;
    bytes.extend_from_slice(&entry);
    bytes[map_len_at..map_len_at + 4].copy_from_slice(&18u32.to_le_bytes());
    bytes.extend_from_slice(&grid);
    let (mut store, forge) = forge_plugin();
    let err = forge.forge(&mut store, bytes).unwrap_err();
    assert_eq!(err.to_string(), "plugin forger: forge: result: a map holds the same key twice");
}
