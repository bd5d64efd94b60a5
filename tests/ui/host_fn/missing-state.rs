#![allow(unused)]

#[wasmbind::host_fn(module = "env")]
fn f(x: i32) {}

fn main() {}
