#![allow(unused)]

// Every export gets an async twin on the handle, `greet_async`.
#[wasmbind::plugin_export]
pub trait Calc {
    fn greet(name: &str) -> String;
    fn greet_async(name: &str) -> String;
}

fn main() {}
