#![allow(unused)]
// A trait method declares limits only; the module is the trait's.

#[wasmbind::host_fn(module = "env")]
pub trait Env {
    #[host_fn(module = "other", fuel = 5)]
    fn log(&mut self, text: &str);
    #[host_fn(max_len = -1)]
    fn put(&mut self, text: &str);
    #[host_fn]
    fn get(&mut self) -> u32;
}

fn main() {}
