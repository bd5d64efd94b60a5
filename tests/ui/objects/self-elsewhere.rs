#![allow(unused)]

#[wasmbind::plugin_export(object)]
pub trait Counter {
    fn new(start: u32) -> Self;
    fn merge_all(&mut self, others: Vec<Self>);
    fn split(&self) -> Option<Self>;
    fn reset(&self) -> Self;
}

fn main() {}
