#![allow(unused)]

#[wasmbind::host_import(module = "env")]
unsafe extern "C" {
    fn log(len: usize);
}

fn main() {}
