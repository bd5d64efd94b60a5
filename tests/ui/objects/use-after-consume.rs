#![allow(unused)]

#[wasmbind::plugin_export(object)]
pub trait Counter {
    fn new(start: u32) -> Self;
    fn show(&self) -> String;
    fn finish(self) -> u32;
}

fn twice(store: &mut wasmbind::wasmtime::Store<()>, counter: CounterObject) {
    let total = counter.finish(&mut *store);
    let text = counter.show(&mut *store);
}

fn main() {}
