#![allow(unused)]
// Limits belong to host functions: an export's cost is the plugin's fuel.

#[wasmbind::plugin_export(fuel = 50)]
pub trait Calc {
    fn add(a: i32, b: i32) -> i32;
}

fn main() {}
