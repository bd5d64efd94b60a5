#![allow(unused)]

#[wasmbind::plugin_export]
async fn f(x: i32) {}

fn main() {}
