#![allow(unused)]

#[derive(wasmbind::WasmType)]
enum Event {
    Saved {
        path: String,
        #[wasmbind(optional)]
        size: Option<u64>,
    },
}

fn main() {}
