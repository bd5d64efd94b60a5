//! Interface-record test API, version 2: `greet` takes bytes (the same core
//! signature as `&str`), `count` is gone, `shout` is new, and `Env::log`
//! takes bytes.

use wasmbind::{WasmType, host_fn, plugin_export};

#[derive(WasmType, Clone, Copy, Debug, PartialEq, Eq)]
pub struct Point {
    pub x: i32,
    pub y: i32,
}

#[plugin_export]
pub trait Calc {
    fn greet(name: &[u8]) -> String;
    fn point_add(a: Point, b: Point) -> Point;
    fn shout(text: &str) -> String;
}

#[host_fn(module = "env")]
pub trait Env {
    fn log(&mut self, msg: &[u8]);
}
