//! The tour's plugin: each export shows one kind of boundary.

use tour_api::{Point, get, log, set_shared_value, shared_value};
use wasmbind::guest::Shared;
use wasmbind::{GuestPtr, plugin_export};

static CURSOR: Shared<Point> = Shared::new(Point { x: 1, y: 2 });

#[plugin_export]
fn just_add(left: u64, right: u64) -> u64 {
    left.wrapping_add(right)
}

#[plugin_export]
fn bump_shared(by: i32) -> i32 {
    let old = shared_value();
    log(&format!("shared value was {old}, adding {by}"));
    set_shared_value(old + by);
    shared_value()
}

#[plugin_export]
fn point_add(a: Point, b: Point) -> Point {
    Point { x: a.x + b.x, y: a.y + b.y }
}

#[plugin_export]
fn cursor_ptr() -> GuestPtr<Point> {
    CURSOR.ptr()
}

#[plugin_export]
fn cursor() -> Point {
    CURSOR.get()
}

#[plugin_export]
fn say_hello(to: &str) -> u32 {
    let line = format!("hello {to}, from inside the plugin (println! through WASI)");
    println!("{line}");
    line.len() as u32 + 1
}

#[plugin_export]
fn greet(name: &str) -> String {
    format!("Hello, {name}!")
}

#[plugin_export]
fn describe(key: &str) -> String {
    match get(key) {
        Some(value) => format!("{key} = {value:?}"),
        None => format!("{key} is not set"),
    }
}
