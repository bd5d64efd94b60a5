#![allow(unused)]

#[wasmbind::host_fn(module = "env")]
pub trait Env {
    fn log(msg: &str);
}

fn main() {}
