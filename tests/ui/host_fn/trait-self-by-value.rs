#![allow(unused)]

#[wasmbind::host_fn(module = "env")]
pub trait Env {
    fn log(self, msg: &str);
}

fn main() {}
