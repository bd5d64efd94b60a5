//! The tour's plugin: each export shows one kind of boundary.

use tour_api::{Point, Shape, Tour, env};
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

    fn area(shape: Shape) -> Result<f32, String> {
        match shape {
            Shape::Dot => Ok(0.0),
            Shape::Circle { radius } => Ok(3.0 * radius * radius),
            Shape::Label(text, at) => Err(format!("label {text:?} at ({}, {}) has no area", at.x, at.y)),
        }
    }

    fn setting_or_zero(key: &str) -> u32 {
        match env::number(key) {
            Ok(n) => n,
            Err(why) => {
                env::log(&format!("no number for {key}: {why}"));
                0
            }
        }
    }

    fn required(key: &str) -> String {
        // On `Err` the host stops the plugin: this `Result` is always `Ok`.
        env::require(key).unwrap_or_default()
    }

    fn third_letter(word: &str) -> char {
        let letters: Vec<char> = word.chars().collect();
        letters[2]
    }
}
