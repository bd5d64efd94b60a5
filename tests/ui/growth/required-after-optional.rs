#![allow(unused)]

#[derive(wasmbind::WasmType)]
struct Summary {
    words: u32,
    #[wasmbind(optional)]
    lines: Option<u32>,
    title: String,
}

fn main() {}
