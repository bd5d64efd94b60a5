#![allow(unused)]

#[wasmbind::host_import(module = "env")]
fn log(msg: &str) {}

fn main() {}
