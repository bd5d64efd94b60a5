#![allow(unused)]

#[wasmbind::plugin_export]
fn f<T>(x: T) {}

fn main() {}
