#![allow(unused)]

struct Opaque;
#[wasmbind::host_fn(module = "env")]
fn f(state: &mut u32, x: Opaque) {}

fn main() {}
