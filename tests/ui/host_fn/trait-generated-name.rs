// A trait's module and handle hold generated functions; a host function or export cannot take their names.
#[wasmbind::host_fn(module = "env")]
pub trait Env {
    fn with_host(&mut self, n: u32);
    fn add_to_linker(&mut self);
}

#[wasmbind::plugin_export]
pub trait Calc {
    fn with_plugin(n: u32) -> u32;
    fn in_process(n: u32) -> u32;
}

fn main() {}
