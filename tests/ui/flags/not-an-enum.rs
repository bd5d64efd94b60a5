#![allow(unused)]

#[derive(wasmbind::Flag)]
struct Perms { read: bool, write: bool }

fn main() {}
