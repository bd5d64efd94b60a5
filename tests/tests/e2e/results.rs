//! Results do not stay in the plugin: after the host copies out a body
//! result of `RELEASE_MIN` bytes or more it calls `wasmbind_release`, which
//! frees it (a plugin keeps shorter ones until the next result replaces
//! them, as before, and pays no second call for them).

use heap_plugin::HeapPlugin;
use wasmbind::Linker;
use wasmbind::host::{Handle, block_on};
use wasmbind::wasmtime::Store;
use wasmbind_shared::RELEASE_MIN;
use wasmbind_tests::{engine, plugin_module};

fn instantiate() -> (Store<()>, HeapPlugin) {
    let mut store = Store::new(engine(), ());
    let plugin = HeapPlugin::instantiate(&mut store, (&Linker::new(engine()), &plugin_module("heap-plugin"))).unwrap();
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
