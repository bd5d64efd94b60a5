#![allow(unused)]

#[derive(wasmbind::Flag, Clone, Copy, PartialEq, Eq)]
enum Perm { Read = 1, Write = 2, Exec = 4 }

fn main() {}
