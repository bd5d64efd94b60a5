#![allow(unused)]

#[derive(wasmbind::WasmType)]
struct S { p: *const u8, len: isize }

fn main() {}
