#![allow(unused)]

#[derive(wasmbind::Flag, Clone, Copy, PartialEq, Eq)]
enum Perm { Read, Write(u8), Exec { level: u8 } }

fn main() {}
