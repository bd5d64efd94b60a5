#![allow(unused)]

#[derive(wasmbind::WasmType)]
enum E { A, B }

fn main() {}
