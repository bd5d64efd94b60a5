#![allow(unused)]

#[wasmbind::plugin_export]
pub trait Calc {
    fn name() -> &'static str;
}

fn main() {}
