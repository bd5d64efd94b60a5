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

/// Another crate's trait (shared-module-api's `Types`) also has a
/// `describe`: a plugin implementing both exports this one as
/// `Labels.describe` (`#[plugin_export(namespace)]`).
#[plugin_export]
pub trait Labels {
    fn describe(id: u32) -> String;
}

#[host_fn(module = "env")]
pub trait Env {
    fn log(&mut self, msg: &str);
}
