#![allow(unused)]

#[derive(wasmbind::Flag, PartialEq, Eq)]
enum Perm { Read, Write }

fn main() {}
