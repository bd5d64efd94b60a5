#![allow(unused)]

// `dispatch` is asked for by the plugin's impl, not by the trait.
#[wasmbind::plugin_export(dispatch)]
pub trait Calc {
    fn add(a: i32, b: i32) -> i32;
}

fn main() {}
