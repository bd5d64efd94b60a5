#![allow(unused)]

#[derive(wasmbind::WasmType)]
struct S { len: usize }

fn main() {}
