#![allow(unused)]

#[wasmbind::plugin_export(object)]
pub trait Counter {
    fn new(start: u32) -> Self;
    fn close(self);
}

fn main() {}
