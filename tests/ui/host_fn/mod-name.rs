#![allow(unused)]

// A module name must be a Rust identifier.
#[wasmbind::host_fn(module = "env", mod_name = "env-host")]
pub trait Env {
    fn log(&mut self, msg: &str);
}

// A free host function generates no module to rename.
#[wasmbind::host_fn(module = "env", mod_name = "env_host")]
fn log(state: &mut u32, msg: &str) {}

fn main() {}
