//! The benchmark workloads through wasmbind.

use bench_api::{Bench, LOG_MESSAGE, Point, bench, host};
use wasmbind::plugin_export;

pub struct Plugin;

#[plugin_export]
impl Bench for Plugin {
    fn add(a: i32, b: i32) -> i32 {
        a.wrapping_add(b)
    }

    fn log_loop(n: u32) {
        for _ in 0..n {
            host::log(bench_api::log_message());
        }
    }

    fn echo(s: &str) -> String {
        s.to_owned()
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

    fn log_cx_loop(n: u32) {
        for _ in 0..n {
            host::log_cx(bench_api::log_message());
        }
    }

    fn peer_loop(n: u32) -> u32 {
        let mut total = 0;
        for _ in 0..n {
            total += bench::echo(LOG_MESSAGE).len() as u32;
        }
        total
    }
}
