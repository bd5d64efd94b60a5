//! Interface-record test API, version 2: `greet` takes bytes (the same core
//! signature as `&str`), `count` is gone, `shout` is new, and `Env::log`
//! takes bytes, and `Point` has 64-bit fields (the same name, another
//! shape).

use wasmbind::{WasmType, host_fn, plugin_export};

#[derive(WasmType, Clone, Copy, Debug, PartialEq, Eq)]
pub struct Point {
    pub x: i64,
    pub y: i64,
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
