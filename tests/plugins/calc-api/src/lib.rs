//! Interface-record test API, version 1.

use wasmbind::{WasmType, host_fn, plugin_export};

#[derive(WasmType, Clone, Copy, Debug, PartialEq, Eq)]
pub struct Point {
    pub x: i32,
    pub y: i32,
}

#[plugin_export(link)]
pub trait Calc {
    fn greet(name: &str) -> String;
    fn point_add(a: Point, b: Point) -> Point;
    fn count(text: &str) -> u32;
}

#[host_fn(module = "env")]
pub trait Env {
    fn log(&mut self, msg: &str);
}
