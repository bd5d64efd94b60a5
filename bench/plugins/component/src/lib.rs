//! The benchmark workloads as a component: wit-bindgen's guest bindings of
//! `bench/wit/bench.wit`, the same work as the other two plugins. The bench
//! turns the core module this builds into a component with wit-component.
#![cfg(target_family = "wasm")]

wit_bindgen::generate!({ path: "../../wit", world: "bench" });

use bench::workloads::host;

/// The message, 8-byte aligned as the other plugins'.
#[repr(C, align(8))]
struct Aligned([u8; 16]);
static MESSAGE: Aligned = Aligned(*b"sixteen byte msg");

fn message() -> &'static str {
    // SAFETY: the bytes are ASCII.
    unsafe { core::str::from_utf8_unchecked(&MESSAGE.0) }
}

struct Plugin;

impl Guest for Plugin {
    fn add(a: i32, b: i32) -> i32 {
        a.wrapping_add(b)
    }

    fn log_loop(n: u32) {
        for _ in 0..n {
            host::log(message());
        }
    }

    /// Copies, as the other two plugins do (they are handed a borrowed
    /// string): returning `s` itself would skip the work they measure.
    fn echo(s: String) -> String {
        s.as_str().to_owned()
    }

    fn get_loop(n: u32) -> u32 {
        let mut total = 0;
        for _ in 0..n {
            total += host::get("key").len() as u32;
        }
        total
    }

    fn point_add(a: Point, b: Point) -> Point {
        Point { x: a.x.wrapping_add(b.x), y: a.y.wrapping_add(b.y) }
    }

    fn point_loop(n: u32) -> i32 {
        let mut p = Point { x: 0, y: 0 };
        for _ in 0..n {
            p = host::shift(p);
        }
        p.x
    }

    fn sum_points(points: Vec<Point>) -> i64 {
        points.iter().map(|p| i64::from(p.x) + i64::from(p.y)).sum()
    }
}

export!(Plugin);
