#![allow(unused)]

#[wasmbind::plugin_export]
pub trait Calc {
    fn greet(name: &str) -> String;
    fn greet(name: String) -> String;
}

fn main() {}
