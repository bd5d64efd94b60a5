#![allow(unused)]

#[wasmbind::host_fn(module = "env")]
fn f(state: &mut u32, ptr: *const u8) {}

fn main() {}
