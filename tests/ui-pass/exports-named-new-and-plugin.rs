// Exports may share names with `Handle`'s methods: the handle's own
// methods win, and the trait's stay reachable through `Handle::`.
use wasmbind::host::{Error, Handle, Plugin};
use wasmbind::wasmtime::Store;

#[wasmbind::plugin_export]
pub trait Odd {
    fn new(seed: u32) -> u32;
    fn plugin(name: &str) -> String;
    fn instantiate() -> bool;
}

#[allow(dead_code)]
fn calls(odd: &OddPlugin, store: &mut Store<()>) -> Result<(u32, String, bool), Error> {
    let plugin: &Plugin = Handle::plugin(odd);
    let _ = plugin.name();
    Ok((odd.new(&mut *store, 7)?, odd.plugin(&mut *store, "x")?, odd.instantiate(&mut *store)?))
}

fn main() {}
