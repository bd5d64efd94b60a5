//! The tour's plugin: each export shows one kind of boundary.

use tour_api::{Point, Tour, env};
use wasmbind::guest::Shared;
use wasmbind::{GuestPtr, plugin_export};

static CURSOR: Shared<Point> = Shared::new(Point { x: 1, y: 2 });

struct TourPlugin;

#[plugin_export]
impl Tour for TourPlugin {
    fn just_add(left: u64, right: u64) -> u64 {
        left.wrapping_add(right)
    }

    fn bump_shared(by: i32) -> i32 {
        let old = env::shared_value();
        env::log(&format!("shared value was {old}, adding {by}"));
        env::set_shared_value(old + by);
        env::shared_value()
    }

    fn point_add(a: Point, b: Point) -> Point {
        Point { x: a.x + b.x, y: a.y + b.y }
    }

    fn cursor_ptr() -> GuestPtr<Point> {
        CURSOR.ptr()
    }

    fn cursor() -> Point {
        CURSOR.get()
    }

    fn say_hello(to: &str) -> u32 {
        let line = format!("hello {to}, from inside the plugin (println! through WASI)");
        println!("{line}");
        line.len() as u32 + 1
    }

    fn greet(name: &str) -> String {
        format!("Hello, {name}!")
    }

    fn describe(key: &str) -> String {
        match env::get(key) {
            Some(value) => format!("{key} = {value:?}"),
            None => format!("{key} is not set"),
        }
    }
}
