#![allow(unused)]

struct Opaque;
#[derive(wasmbind::WasmType)]
struct S { inner: Opaque }

fn main() {}
