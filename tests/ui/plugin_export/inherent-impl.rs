#![allow(unused)]

struct Plugin;
#[wasmbind::plugin_export]
impl Plugin {
    fn f(x: i32) {}
}

fn main() {}
