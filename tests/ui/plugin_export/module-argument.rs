#![allow(unused)]

#[wasmbind::plugin_export(module = "env")]
fn f(x: i32) {}

fn main() {}
