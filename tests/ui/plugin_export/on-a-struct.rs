#![allow(unused)]

#[wasmbind::plugin_export]
struct NotAFunction;

fn main() {}
