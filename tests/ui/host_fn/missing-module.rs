#![allow(unused)]

#[wasmbind::host_fn]
fn f(state: &mut u32, x: i32) {}

fn main() {}
