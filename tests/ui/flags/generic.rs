#![allow(unused)]

#[derive(wasmbind::Flag, Clone, Copy, PartialEq, Eq)]
enum Perm<T> { Read, Write }

fn main() {}
