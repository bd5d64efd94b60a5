#![allow(unused)]

struct State;
#[wasmbind::host_fn(module = "env")]
fn ok(state: &mut State) {}
struct NotHostFn;

fn main() {
    let engine = wasmbind::wasmtime::Engine::default();
    let mut linker = wasmbind::Linker::<State>::new(&engine);
    let _ = wasmbind::add_to_linker!(&mut linker, |s: &mut State| s, [ok, NotHostFn]);
}
