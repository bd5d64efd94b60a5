#![allow(unused)]

#[wasmbind::host_fn(module = "env")]
fn f(state: &mut String) -> &str { state }

fn main() {}
