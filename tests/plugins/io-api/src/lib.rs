//! Test API for async host functions: a host whose storage answers
//! asynchronously, and a plugin that drives it.

use wasmbind::{WasmType, host_fn, plugin_export};

#[derive(WasmType, Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub key: String,
    pub size: u32,
}

#[derive(WasmType, Clone, Copy, Debug, PartialEq, Eq)]
pub struct Point {
    pub x: i32,
    pub y: i32,
}

/// Storage that answers asynchronously (files, a database, a service).
#[host_fn(module = "io")]
pub trait Io {
    /// The value under `key`; `key` is borrowed from the plugin's memory
    /// for as long as the read waits.
    async fn read(&mut self, key: &str) -> Option<String>;
    /// Stores `value` under `key`; returns its length.
    async fn write(&mut self, key: String, value: Vec<u8>) -> u32;
    /// `count` entries: a result longer than the plugin's result area.
    async fn listing(&mut self, count: u32) -> Vec<Entry>;
    /// The sum of `values`, borrowed from the plugin.
    async fn sum(&mut self, values: &[u32]) -> u64;
    /// `p` moved one step.
    async fn shift(&mut self, p: Point) -> Point;
    /// `Err` for a negative `n`.
    async fn checked(&mut self, n: i32) -> Result<i32, String>;
    /// A synchronous function in the same trait.
    fn log(&mut self, line: &str);
}

/// A synchronous host trait, for hosts to register sync or async.
#[host_fn(module = "clock")]
pub trait Clock {
    /// A line `width` characters long: longer than the plugin's result area.
    fn banner(&mut self, width: u32) -> String;
}

#[plugin_export]
pub trait Worker {
    /// Copies `from` to `to` through the host; `u32::MAX` when `from` is missing.
    fn copy(from: &str, to: &str) -> u32;
    fn list(count: u32) -> Vec<Entry>;
    fn sum(values: Vec<u32>) -> u64;
    fn shift(p: Point, times: u32) -> Point;
    fn checked(n: i32) -> Result<i32, String>;
    /// Computes for `iterations` rounds without calling the host.
    fn spin(iterations: u64) -> u64;
    /// `text` twice.
    fn echo(text: String) -> String;
    /// The host's banner of `width`.
    fn banner(width: u32) -> String;
}
