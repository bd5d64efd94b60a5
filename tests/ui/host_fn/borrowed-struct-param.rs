#![allow(unused)]

#[derive(wasmbind::WasmType)]
struct Point { x: i32, y: i32 }

#[wasmbind::host_fn(module = "env")]
fn nearest(state: &mut Vec<i32>, p: &Point) -> i32 {
    p.x
}

fn main() {}
