#![allow(unused)]

// `namespace` qualifies an impl's exports: the plugin's impl asks for it.
#[wasmbind::plugin_export(namespace)]
pub trait Calc {
    fn add(a: i32, b: i32) -> i32;
}

fn main() {}
