#![allow(unused)]

#[wasmbind::host_fn(module = "env")]
pub trait Env {
    fn log(&mut self, msg: &str);
    fn log(&mut self, msg: String);
}

fn main() {}
