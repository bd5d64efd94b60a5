#![allow(unused)]

#[wasmbind::host_fn(module = env)]
fn f(state: &mut u32, x: i32) {}

fn main() {}
