#![allow(unused)]

#[derive(wasmbind::WasmType)]
union U { a: u32, b: f32 }

fn main() {}
