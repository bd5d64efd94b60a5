#![allow(unused)]

#[derive(wasmbind::WasmType)]
struct S<'a> { name: &'a str }

fn main() {}
