// A free host function imported with `use` registers by its plain name.
mod api {
    pub struct State {
        pub total: i64,
    }

    #[wasmbind::host_fn(module = "env")]
    pub fn add(state: &mut State, n: i64) {
        state.total += n
    }

    #[wasmbind::host_fn(module = "env")]
    pub fn total(state: &State) -> i64 {
        state.total
    }
}

use api::{State, add, total};

fn main() {
    let engine = wasmbind::wasmtime::Engine::default();
    let mut linker = wasmbind::Linker::<State>::new(&engine);
    wasmbind::add_to_linker!(&mut linker, |state: &mut State| state, [add, total]).unwrap();
    let mut store = wasmbind::wasmtime::Store::new(&engine, State { total: 0 });
    assert!(linker.get(&mut store, "env", "add").is_ok());
    assert!(linker.get(&mut store, "env", "total").is_ok());
}
