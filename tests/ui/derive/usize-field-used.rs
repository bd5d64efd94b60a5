#![allow(unused)]

// One mistake, one error: the struct still implements `WasmType`, so its
// uses below do not add errors of their own.
#[derive(wasmbind::WasmType)]
struct S { len: usize }

#[wasmbind::host_fn(module = "env")]
fn take(state: &mut u32, s: S, all: Vec<S>) -> Option<S> { None }

fn main() {}
