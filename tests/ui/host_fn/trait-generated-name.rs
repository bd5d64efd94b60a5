// A trait's module holds generated functions; a host function cannot take their names.
#[wasmbind::host_fn(module = "env")]
pub trait Env {
    fn with_host(&mut self, n: u32);
    fn add_to_linker(&mut self);
}

#[wasmbind::plugin_export]
pub trait Calc {
    fn with_plugin(n: u32) -> u32;
}

fn main() {}
