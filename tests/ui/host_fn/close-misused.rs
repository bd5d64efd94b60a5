#![allow(unused)]
use wasmbind::Resource;

pub enum Table {}

#[wasmbind::host_fn(module = "kv")]
pub trait Kv {
    // `close` takes the handle alone.
    #[host_fn(close)]
    fn close_with(&mut self, table: Resource<Table>, flush: bool);
    // Nor anything but a handle.
    #[host_fn(close)]
    fn stop(&mut self, id: u64);
}

// `close` marks a method, not the trait.
#[wasmbind::host_fn(module = "env", close)]
pub trait Env {
    fn log(&mut self, msg: &str);
}

fn main() {}
