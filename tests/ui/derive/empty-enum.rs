#![allow(unused)]

#[derive(wasmbind::WasmType)]
enum Never {}

fn main() {}
