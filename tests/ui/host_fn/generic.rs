#![allow(unused)]

#[wasmbind::host_fn(module = "env")]
fn f<T>(state: &mut u32, x: T) {}

fn main() {}
