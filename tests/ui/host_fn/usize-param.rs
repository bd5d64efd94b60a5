#![allow(unused)]

#[wasmbind::host_fn(module = "env")]
fn f(state: &mut u32, len: usize) {}

fn main() {}
