#![allow(unused)]

#[wasmbind::plugin_export]
pub trait Calc {
    fn greet(&self, name: &str) -> String;
}

fn main() {}
