#![allow(unused)]

#[wasmbind::host_fn(module = "env", name = "x")]
fn f(state: &mut u32) {}

fn main() {}
