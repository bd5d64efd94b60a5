#![allow(unused)]

#[wasmbind::plugin_export]
fn f(x: *mut u8) {}

fn main() {}
