#![allow(unused)]

#[derive(wasmbind::WasmType)]
#[wasmbind(extensible)]
struct Summary {
    words: u32,
    #[wasmbind(optional)]
    lines: u32,
}

fn main() {}
