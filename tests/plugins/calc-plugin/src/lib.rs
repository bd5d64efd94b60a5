//! Implements `calc_api::Calc` (version 1).

use calc_api::{Calc, Point, env};
use wasmbind::plugin_export;

pub struct Impl;

// Called by name (a registry, listeners): it carries the dispatcher.
#[plugin_export(dispatch)]
impl Calc for Impl {
    fn greet(name: &str) -> String {
        env::log(name);
        assert_ne!(name, "panic", "asked to panic");
        format!("Hello, {name}!")
    }

    fn point_add(a: Point, b: Point) -> Point {
        Point { x: a.x + b.x, y: a.y + b.y }
    }

    fn count(text: &str) -> u32 {
        text.chars().count() as u32
    }
}
