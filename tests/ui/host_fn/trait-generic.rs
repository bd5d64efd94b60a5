#![allow(unused)]

#[wasmbind::host_fn(module = "env")]
pub trait Env<T> {
    fn log(&mut self, msg: &str);
}

fn main() {}
