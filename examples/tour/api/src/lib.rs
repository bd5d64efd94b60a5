//! What the tour's host and plugin agree on, written once.

use wasmbind::{GuestPtr, WasmType, host_fn, plugin_export};

/// A point on a grid; crosses as 8 little-endian bytes.
#[derive(WasmType, Clone, Copy, Debug, PartialEq, Eq)]
#[repr(C)]
pub struct Point {
    pub x: i32,
    pub y: i32,
}

/// A shape; an enum crosses as a `u32` tag then the variant's fields.
#[derive(WasmType, Clone, Debug, PartialEq)]
pub enum Shape {
    Dot,
    Circle { radius: f32 },
    Label(String, Point),
}

/// What the tour plugin exports.
#[plugin_export]
pub trait Tour {
    /// a. Adds two numbers.
    fn just_add(left: u64, right: u64) -> u64;
    /// b. Logs through the host, then bumps the host's shared value by `by`; returns the new value.
    fn bump_shared(by: i32) -> i32;
    /// c. Adds two points.
    fn point_add(a: Point, b: Point) -> Point;
    /// d. Where the plugin keeps its cursor.
    fn cursor_ptr() -> GuestPtr<Point>;
    /// d. The cursor as the plugin sees it.
    fn cursor() -> Point;
    /// e. Prints a line through WASI; returns how many bytes it printed.
    fn say_hello(to: &str) -> u32;
    /// f. A greeting for `name`.
    fn greet(name: &str) -> String;
    /// f. Asks the host for `key` and describes what came back.
    fn describe(key: &str) -> String;
    /// g. The area of a shape; a label has none, which is an `Err` value.
    fn area(shape: Shape) -> Result<f32, String>;
    /// g. Asks the host for a numeric setting and handles the host's `Err`.
    fn setting_or_zero(key: &str) -> u32;
    /// g. Asks the host for a setting it must have: the host stops the plugin otherwise.
    fn required(key: &str) -> String;
    /// g. Indexes a three-element list: panics past the end.
    fn third_letter(word: &str) -> char;
}

/// What the host offers the plugin (import module `env`). The host
/// implements it for its state; the plugin calls `env::log(..)` and friends.
#[host_fn(module = "env")]
pub trait Env {
    /// Appends a line to the host's log.
    fn log(&mut self, msg: &str);
    /// The host's shared value.
    fn shared_value(&self) -> i32;
    /// Replaces the host's shared value.
    fn set_shared_value(&mut self, value: i32);
    /// Looks `key` up in the host's settings.
    fn get(&self, key: &str) -> Option<String>;
    /// A numeric setting, or why there is none (a value the plugin handles).
    fn number(&self, key: &str) -> Result<u32, String>;
    /// A setting the plugin cannot do without: `Err` stops the plugin.
    fn require(&self, key: &str) -> Result<String, wasmbind::Trap>;
}
