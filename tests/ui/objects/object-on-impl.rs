#![allow(unused)]

#[wasmbind::plugin_export(object)]
pub trait Counter {
    fn new(start: u32) -> Self;
}

struct MyCounter(u32);

#[wasmbind::plugin_export(object)]
impl Counter for MyCounter {
    fn new(start: u32) -> Self {
        MyCounter(start)
    }
}

fn main() {}
