#![allow(unused)]

// `mod_name` renames the module `link` generates: without `link` there is none.
#[wasmbind::plugin_export(mod_name = "calc_link")]
pub trait Calc {
    fn add(a: i32, b: i32) -> i32;
}

// Nor on a free export.
#[wasmbind::plugin_export(mod_name = "double_link")]
pub fn double(x: i32) -> i32 {
    x * 2
}

fn main() {}
