#![allow(unused)]

#[wasmbind::plugin_export(object)]
pub trait Counter {
    fn new(start: u32) -> Self;
    fn merge(&mut self, other: Self);
    fn split(&self) -> Option<Self>;
    fn reset(&self) -> Self;
}

fn main() {}
