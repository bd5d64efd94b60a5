#![allow(unused)]

#[wasmbind::host_fn(module = "env", module = "other")]
fn f(state: &mut u32) {}

fn main() {}
