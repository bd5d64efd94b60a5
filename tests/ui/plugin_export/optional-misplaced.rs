#![allow(unused)]

// `#[optional]` takes no arguments, and belongs to plugin export traits:
// a host function is the host's own, never missing.
#[wasmbind::plugin_export]
pub trait Calc {
    fn greet(name: &str) -> String;
    #[optional(default = "none")]
    fn describe() -> String;
}

#[wasmbind::host_fn(module = "env")]
pub trait Env {
    #[optional]
    fn log(&mut self, msg: &str);
}

fn main() {}
