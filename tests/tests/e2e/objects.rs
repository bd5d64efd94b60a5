//! Objects a plugin owns (`#[plugin_export(object)]`): the kitchen plugin's
//! counters, made by its constructor, used through `CounterObject`'s
//! methods, consumed by a method taking `self`, closed, or dropped, each
//! time running the plugin's destructor exactly once.

use kitchen_api::{CounterObject, CounterPlugin};
use wasmbind::Linker;
use wasmbind::host::Handle;
use wasmbind::host::records::Heading;
use wasmbind::wasmtime::Store;
use wasmbind_tests::engine;
use wasmbind_tests::kitchen::{self, Seen};

fn counters() -> (Store<Seen>, CounterPlugin) {
    let (mut store, kitchen) = kitchen::instantiate();
    // The constructor `new` hides `Handle::new` (wrap a loaded plugin), which is named in full.
    let counters = <CounterPlugin as Handle>::new(&mut store, kitchen.plugin().clone()).unwrap();
    (store, counters)
}

#[test]
fn objects_are_made_used_and_consumed_through_their_handles() {
    let (mut store, counters) = counters();
    let mut a: CounterObject = counters.new(&mut store, "a", 1).unwrap();
    let b = counters.new(&mut store, "b", 10).unwrap();
    assert_eq!(counters.live(&mut store).unwrap(), 2);
    assert_eq!(a.add(&mut store, 2).unwrap(), 3);
    assert_eq!(a.add(&mut store, 4).unwrap(), 7);
    assert_eq!((a.show(&mut store).unwrap(), b.show(&mut store).unwrap()), ("a=7".into(), "b=10".into()));
    // `finish` takes `self`: the plugin takes the counter out of its table and drops it after the call.
    assert_eq!(a.finish(&mut store).unwrap(), 7);
    assert_eq!(counters.live(&mut store).unwrap(), 1);
    assert_eq!(counters.dropped(&mut store).unwrap(), ["a=7"]);
    b.close(&mut store).unwrap();
    assert_eq!(counters.live(&mut store).unwrap(), 0);
    assert_eq!(counters.dropped(&mut store).unwrap(), ["a=7", "b=10"]);
}

#[test]
fn objects_pass_to_other_objects_methods_owned_or_borrowed_but_only_to_their_own_plugin() {
    let (mut store, counters) = counters();
    let mut a = counters.new(&mut store, "a", 1).unwrap();
    let b = counters.new(&mut store, "b", 2).unwrap();
    let c = counters.new(&mut store, "c", 3).unwrap();
    assert!(!a.same_value(&mut store, &b).unwrap(), "borrowed: b is still the host's");
    assert_eq!(a.merge(&mut store, b).unwrap(), 3, "owned: b is the plugin's now, and dropped");
    assert!(a.same_value(&mut store, &c).unwrap());
    assert_eq!(counters.dropped(&mut store).unwrap(), ["b=2"]);
    assert!(
        c.same_value(&mut store, &c).unwrap_err().to_string().contains("Counter 2 is in use by a call in progress")
    );

    // Another instance of the plugin: its objects are not this one's.
    let (mut store_2, other) = {
        let (mut store, kitchen) = kitchen::instantiate();
        let other = <CounterPlugin as Handle>::new(&mut store, kitchen.plugin().clone()).unwrap();
        (store, other)
    };
    let foreign = other.new(&mut store_2, "x", 3).unwrap();
    let err = a.same_value(&mut store, &foreign).unwrap_err();
    assert!(matches!(err.kind(), wasmbind::host::ErrorKind::ForeignObject { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "plugin kitchen-plugin: same_value: argument other: the object was made by another plugin instance \
         (pass an object only to the plugin that made it)"
    );
    assert!(a.merge(&mut store, foreign).is_err(), "refused before the call");
    // The refused object was not given away: its own plugin still drops it.
    assert_eq!(other.live(&mut store_2).unwrap(), 0);
    assert_eq!(other.dropped(&mut store_2).unwrap().last().map(String::as_str), Some("x=3"));
}

#[test]
fn a_dropped_handle_runs_the_destructor_before_the_plugins_next_call() {
    let (mut store, counters) = counters();
    let c = counters.new(&mut store, "c", 5).unwrap();
    let d = counters.new(&mut store, "d", 6).unwrap();
    drop(c);
    drop(d);
    // Queued: nothing ran yet. The next call runs both destructors first.
    assert_eq!(counters.live(&mut store).unwrap(), 0);
    assert_eq!(counters.dropped(&mut store).unwrap(), ["c=5", "d=6"]);
    // A rep the plugin freed is reused by its next object, which is new.
    let e = counters.new(&mut store, "e", 0).unwrap();
    assert_eq!(e.show(&mut store).unwrap(), "e=0");
}

#[test]
fn a_method_that_panics_is_an_error_and_the_object_stays_usable_after_the_repair() {
    let (mut store, counters) = counters();
    let mut f = counters.new(&mut store, "f", 1).unwrap();
    let err = f.add(&mut store, 0).unwrap_err();
    assert!(err.to_string().starts_with("plugin kitchen-plugin panicked in add at "), "{err}");
    assert!(err.to_string().contains("adding 0 to f"), "{err}");
    // The trap left the counter marked in use (it was out of the table for the call).
    let err = f.show(&mut store).unwrap_err();
    assert!(err.to_string().contains("Counter 0 is in use by a call in progress"), "{err}");
    let g = counters.new(&mut store, "g", 2).unwrap();
    assert_eq!(g.show(&mut store).unwrap(), "g=2", "the plugin goes on");
}

#[test]
fn records_name_the_object_and_its_exports_are_qualified() {
    let (mut store, counters) = counters();
    let records = counters.plugin().records(&mut store);
    let record = records.iter().find(|r| r.heading == Heading::Exports { trait_name: "Counter".into() }).unwrap();
    assert_eq!(record.function("new"), Some("fn(&str, u32) -> Resource<CounterObject>"));
    assert_eq!(record.function("add"), Some("fn(Resource<CounterObject>, u32) -> u32"));
    assert_eq!(record.function("finish"), Some("fn(Resource<CounterObject>) -> u32"));
    assert_eq!(record.function("drop"), Some("fn(Resource<CounterObject>)"));
    assert_eq!(record.function("live"), Some("fn() -> u32"));
    let instance = counters.plugin().instance().unwrap();
    let mut exports: Vec<String> =
        instance.exports(&mut store).map(|e| e.name().to_owned()).filter(|n| n.starts_with("Counter.")).collect();
    exports.sort();
    let qualified = ["add", "drop", "dropped", "finish", "live", "merge", "new", "same_value", "show"]
        .map(|f| format!("Counter.{f}"));
    assert_eq!(exports, qualified);
}

#[test]
fn objects_are_used_and_dropped_through_async_calls_too() {
    use wasmbind::host::block_on;
    let (mut store, counters) = counters();
    let mut h = block_on(counters.new_async(&mut store, "h", 1)).unwrap();
    assert_eq!(block_on(h.add_async(&mut store, 2)).unwrap(), 3);
    assert_eq!(block_on(h.show_async(&mut store)).unwrap(), "h=3");
    let i = block_on(counters.new_async(&mut store, "i", 9)).unwrap();
    block_on(i.close_async(&mut store)).unwrap();
    drop(h);
    // The async call runs the queued destructor first, as a sync one does.
    assert_eq!(block_on(counters.dropped_async(&mut store)).unwrap(), ["i=9", "h=3"]);
    let j = block_on(counters.new_async(&mut store, "j", 4)).unwrap();
    assert_eq!(block_on(j.finish_async(&mut store)).unwrap(), 4);
    assert_eq!(counters.live(&mut store).unwrap(), 0);
}

/// An object type run in-process: `Tally` and its implementation, linked
/// into this test binary.
#[wasmbind::plugin_export(object)]
pub trait Tally {
    fn new(name: &str) -> Self;
    fn add(&mut self, n: u32) -> u32;
    fn show(&self) -> String;
    fn finish(self) -> u32;
    /// The tallies dropped so far, in order.
    fn dropped() -> Vec<String>;
}

static TALLIES_DROPPED: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

pub struct MyTally(String, u32);

#[wasmbind::plugin_export]
impl Tally for MyTally {
    fn new(name: &str) -> Self {
        MyTally(name.to_owned(), 0)
    }
    fn add(&mut self, n: u32) -> u32 {
        assert_ne!(n, 0, "adding 0 to {}", self.0);
        self.1 += n;
        self.1
    }
    fn show(&self) -> String {
        format!("{}={}", self.0, self.1)
    }
    fn finish(self) -> u32 {
        self.1
    }
    fn dropped() -> Vec<String> {
        TALLIES_DROPPED.lock().map(|d| d.clone()).unwrap_or_default()
    }
}

impl Drop for MyTally {
    fn drop(&mut self) {
        let text = self.show();
        TALLIES_DROPPED.lock().unwrap().push(text);
    }
}

#[test]
fn objects_of_an_in_process_plugin_behave_as_a_wasm_plugins_do() {
    let tallies = TallyPlugin::in_process::<MyTally, _>(&Linker::<()>::new(engine()));
    let mut store = Store::new(engine(), ());
    let mut a = tallies.new(&mut store, "a").unwrap();
    let b = tallies.new(&mut store, "b").unwrap();
    assert_eq!(a.add(&mut store, 2).unwrap(), 2);
    assert_eq!(b.show(&mut store).unwrap(), "b=0");
    let err = a.add(&mut store, 0).unwrap_err();
    assert!(err.to_string().contains("adding 0 to a"), "{err}");
    assert!(a.show(&mut store).unwrap_err().to_string().contains("Tally 0 is in use by a call in progress"));
    assert_eq!(b.finish(&mut store).unwrap(), 0);
    let c = tallies.new(&mut store, "c").unwrap();
    c.close(&mut store).unwrap();
    let d = tallies.new(&mut store, "d").unwrap();
    drop(d);
    assert_eq!(tallies.dropped(&mut store).unwrap(), ["b=0", "c=0", "d=0"], "d's destructor ran before the call");
    drop(a); // left in use by the panic, as on wasm: its queued destructor says so
    let err = tallies.dropped(&mut store).unwrap_err();
    assert!(err.to_string().contains("Tally 0 is in use"), "{err}");
    assert_eq!(tallies.dropped(&mut store).unwrap(), ["b=0", "c=0", "d=0"], "the queue went on");
}
