#![allow(unused)]

struct Opaque;

#[wasmbind::plugin_export]
pub trait Calc {
    fn check(value: Opaque) -> u32;
}

fn main() {}
