#![allow(unused)]

#[wasmbind::host_fn(module = "env")]
fn f(state: &mut u32, buf: &mut [u8]) {}

fn main() {}
