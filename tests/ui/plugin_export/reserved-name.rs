#![allow(unused)]

#[wasmbind::plugin_export]
pub trait Calc {
    fn wasmbind_alloc(size: u32) -> u32;
    fn memory() -> u32;
}

fn main() {}
