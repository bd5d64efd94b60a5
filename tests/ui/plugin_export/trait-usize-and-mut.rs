#![allow(unused)]

#[wasmbind::plugin_export]
pub trait Calc {
    fn get(index: usize, buf: &mut Vec<u8>) -> u8;
}

fn main() {}
