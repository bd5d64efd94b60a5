#![allow(unused)]

#[derive(wasmbind::WasmType)]
#[wasmbind(extensible)]
struct Summary(u32, String);

fn main() {}
