//! Results do not stay in the plugin: after the host copies out a body
//! result of `RELEASE_MIN` bytes or more it calls `wasmbind_release`, which
//! frees it (a plugin keeps shorter ones until the next result replaces
//! them, as before, and pays no second call for them). And the widest
//! signatures the macros accept cross end to end.

use heap_plugin::HeapPlugin;
use wasmbind::Linker;
use wasmbind::host::{Handle, block_on};
use wasmbind::wasmtime::Store;
use wasmbind_shared::RELEASE_MIN;
use wasmbind_tests::{engine, plugin_module, wat_module};

/// The host functions the heap plugin imports: `note` records its values.
#[derive(Default)]
struct Wide(Vec<String>);
#[allow(clippy::too_many_arguments)]
impl heap_plugin::Wide for Wide {
    fn note(
        &mut self,
        a: u8,
        b: i8,
        c: u16,
        d: i16,
        e: u32,
        f: i32,
        g: u64,
        h: i64,
        i: u8,
        j: u8,
        k: u8,
        l: u8,
        m: u8,
        n: u8,
        o: u8,
        p: u32,
    ) {
        self.0.push(format!("{a} {b} {c} {d} {e} {f} {g} {h} {i} {j} {k} {l} {m} {n} {o} {p}"));
    }
    fn sum(
        &mut self,
        a: u8,
        b: i8,
        c: u16,
        d: i16,
        e: u32,
        f: i32,
        g: u64,
        h: i64,
        i: u8,
        j: u8,
        k: u8,
        l: u8,
        m: u8,
        n: u8,
        o: u8,
    ) -> i64 {
        let small = [i, j, k, l, m, n, o].map(i64::from).iter().sum::<i64>();
        i64::from(a) + i64::from(b) + i64::from(c) + i64::from(d) + i64::from(e) + i64::from(f) + g as i64 + h + small
    }
}

fn linker() -> Linker<Wide> {
    let mut linker = Linker::new(engine());
    heap_plugin::wide::add_to_linker(&mut linker, |wide: &mut Wide| wide).unwrap();
    linker
}

fn instantiate() -> (Store<Wide>, HeapPlugin) {
    let mut store = Store::new(engine(), Wide::default());
    let plugin = HeapPlugin::instantiate(&mut store, (&linker(), &plugin_module("heap-plugin"))).unwrap();
    (store, plugin)
}

#[test]
fn a_large_result_is_freed_in_the_plugin_after_the_call() {
    let (mut store, heap) = instantiate();
    let before = heap.live(&mut store).unwrap();
    let n = RELEASE_MIN / 4; // a 4 KiB list
    assert_eq!(heap.list(&mut store, n).unwrap(), (0..n).collect::<Vec<_>>());
    assert_eq!(heap.live(&mut store).unwrap(), before, "the 4 KiB result no longer held");
    // Ten times as long, and by name: freed too.
    let body =
        heap.plugin().call_by_name(&mut store, "list", "fn(u32) -> Vec<u32>", &wasmbind::abi::to_body(&(10 * n,)));
    assert_eq!(body.unwrap().len(), 40 * n as usize);
    assert_eq!(heap.live(&mut store).unwrap(), before, "the result of a call by name no longer held");
}

#[test]
fn a_short_result_stays_until_the_next_one_without_a_second_call() {
    let (mut store, heap) = instantiate();
    let before = heap.live(&mut store).unwrap();
    assert_eq!(heap.list(&mut store, 4).unwrap(), [0, 1, 2, 3]);
    let held = heap.live(&mut store).unwrap() - before;
    assert!((16..u64::from(RELEASE_MIN)).contains(&held), "the 16-byte result is still in the slot: {held} bytes");
}

#[test]
fn an_async_call_frees_a_large_result_too() {
    let (mut store, heap) = instantiate();
    let before = block_on(heap.live_async(&mut store)).unwrap();
    let list = block_on(heap.list_async(&mut store, RELEASE_MIN)).unwrap();
    assert_eq!(list.len(), RELEASE_MIN as usize);
    assert_eq!(block_on(heap.live_async(&mut store)).unwrap(), before);
}

/// The widest signatures the macros accept, end to end: an export of 16
/// parameters, a host function of 16 without a result and of 15 with one
/// (each a different type where it can be, so a swapped pair shows).
#[test]
fn the_widest_signatures_cross() {
    let (mut store, heap) = instantiate();
    let sum = heap.wide(&mut store, 1, -2, 3, -4, 5, -6, 7, -8, 9, 10, 11, 12, 13, 14, 15, 16).unwrap();
    assert_eq!(sum, 1 - 2 + 3 - 4 + 5 - 6 + 7 - 8 + 9 + 10 + 11 + 12 + 13 + 14 + 15 + 16);
    assert_eq!(store.data().0, ["1 -2 3 -4 5 -6 7 -8 9 10 11 12 13 14 15 16"]);
}

/// A plugin whose `wasmbind_release` traps: the call that needed it is an
/// error naming it, not a crash, and the plugin goes unusable as after any
/// trap; one whose `wasmbind_release` has another type is not called.
#[test]
fn a_hostile_release_is_the_calls_error() {
    let wat = |release: &str| {
        format!(
            r#"(module
                (memory (export "memory") 1)
                (func (export "list") (param i32) (result i64)
                    ;; 4096 zero bytes at 1024: 1024 zeros.
                    (i64.or (i64.shl (i64.const 4096) (i64.const 32)) (i64.const 1024)))
                (func (export "live") (result i64) (i64.const 0))
                (func (export "wide") (param i32 i32 i32 i32 i32 i32 i64 i64 i32 i32 i32 i32 i32 i32 i32 i32) (result i64)
                    (i64.const 0))
                {release})"#
        )
    };
    let linker = linker();
    let trapping = wat_module(&wat(r#"(func (export "wasmbind_release") unreachable)"#));
    let mut store = Store::new(engine(), Wide::default());
    let heap = HeapPlugin::instantiate(&mut store, (&linker, &trapping)).unwrap();
    let err = heap.list(&mut store, 1024).unwrap_err();
    assert!(err.to_string().contains("wasmbind_release"), "{err}");
    assert!(heap.live(&mut store).is_err(), "a trap outside a boundary leaves the plugin unusable");

    let other_type = wat_module(&wat(r#"(func (export "wasmbind_release") (param i32) unreachable)"#));
    let mut store = Store::new(engine(), Wide::default());
    let heap = HeapPlugin::instantiate(&mut store, (&linker, &other_type)).unwrap();
    assert_eq!(heap.list(&mut store, 1024).unwrap(), vec![0; 1024], "not wasmbind's: not called");
}
