#![allow(unused)]

#[wasmbind::host_fn(module = "env")]
fn f(state: &mut u32, a: usize, b: &mut u8, c: isize) -> &str { "" }

fn main() {}
