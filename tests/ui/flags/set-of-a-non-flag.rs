#![allow(unused)]

#[derive(wasmbind::WasmType, Clone, Copy, PartialEq, Eq)]
enum Level { Low, High }

#[wasmbind::plugin_export]
pub trait Levels {
    fn levels(set: wasmbind::Flags<Level>);
}

fn main() {}
