#![allow(unused)]

#[wasmbind::host_import]
unsafe extern "C" {
    fn log(msg: &str);
}

fn main() {}
