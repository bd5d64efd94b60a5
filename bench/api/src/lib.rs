//! The benchmark workloads (issue 4), declared once. `bench/plugins/baseline`
//! implements the same functions by hand with the same protocol.

use wasmbind::{Context, Lent, WasmType, host_fn, plugin_export};

/// Struct workload.
#[derive(WasmType, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[repr(C)]
pub struct Point {
    pub x: i32,
    pub y: i32,
}

/// What the benchmark plugin exports.
#[plugin_export(link)]
pub trait Bench {
    /// 1. host -> plugin scalars.
    fn add(a: i32, b: i32) -> i32;
    /// 2. calls `host::log` `n` times with a 16-byte message.
    fn log_loop(n: u32);
    /// 3. host -> plugin -> host strings.
    fn echo(s: &str) -> String;
    /// 4. calls `host::get` `n` times (64-byte results); returns the total length.
    fn get_loop(n: u32) -> u32;
    /// 5. a struct in, a struct out, host -> plugin.
    fn point_add(a: Point, b: Point) -> Point;
    /// 5. calls `host::shift` `n` times, plugin -> host; returns the last x.
    fn point_loop(n: u32) -> i32;
    /// 6. 10,000 structs host -> plugin.
    fn sum_points(points: Vec<Point>) -> i64;
    /// 8. calls `host::log_cx` (a host function taking a context) `n` times.
    fn log_cx_loop(n: u32);
    /// 9. calls `bench::echo` with the 16-byte message `n` times: `echo` of
    /// another plugin, which the host links; returns the total length.
    fn peer_loop(n: u32) -> u32;
}

/// What the benchmark host offers.
#[host_fn(module = "host")]
pub trait Host {
    /// Counts bytes logged.
    fn log(&mut self, msg: &str);
    /// A 64-byte value, lent by the host (the plugin receives a `String`):
    /// written straight into the plugin's result area.
    fn get(&mut self, key: &str) -> &str;
    /// Moves a point.
    fn shift(&mut self, p: Point) -> Point;
    /// `log`, as a host function that takes a context.
    fn log_cx(cx: &mut Context<'_, Self>, msg: Lent<str>);
}

/// The 16-byte message of workload 2.
pub const LOG_MESSAGE: &str = "sixteen byte msg";

/// [`LOG_MESSAGE`] at an 8-byte-aligned address, as the plugins pass it:
/// the host checks UTF-8 a word at a time from an aligned address, so
/// wherever a build happened to place the text moved the `log` rows by up
/// to ~36 instructions.
#[repr(C, align(8))]
pub struct AlignedMessage(pub [u8; 16]);

/// The aligned message.
pub static ALIGNED_LOG_MESSAGE: AlignedMessage = AlignedMessage(*b"sixteen byte msg");

/// [`ALIGNED_LOG_MESSAGE`] as text.
#[inline]
pub fn log_message() -> &'static str {
    // SAFETY: the bytes are ASCII.
    unsafe { core::str::from_utf8_unchecked(&ALIGNED_LOG_MESSAGE.0) }
}
/// The 64-byte value of workload 4.
pub const VALUE_64: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

/// [`Host`] with async functions, for the async benchmark (workload 11):
/// the same imports, so the same plugin runs against either. Host-only: a
/// plugin declares its imports once, with [`Host`].
#[cfg(not(target_family = "wasm"))]
pub mod asynchronous {
    use super::{Context, Lent, Point, host_fn};

    /// What the async benchmark host offers.
    #[host_fn(module = "host")]
    pub trait Host {
        /// Counts bytes logged.
        async fn log(&mut self, msg: &str);
        /// A 64-byte value.
        async fn get(&mut self, key: &str) -> String;
        /// Moves a point.
        async fn shift(&mut self, p: Point) -> Point;
        /// `log`, as a host function that takes a context (synchronous).
        fn log_cx(cx: &mut Context<'_, Self>, msg: Lent<str>);
    }
}
