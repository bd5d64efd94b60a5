#![allow(unused)]

#[wasmbind::host_fn(module = "env")]
struct NotAFunction;

fn main() {}
