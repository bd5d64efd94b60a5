#![allow(unused)]

#[wasmbind::host_import(module = "env")]
unsafe extern "C" {
    static COUNTER: u32;
}

fn main() {}
