//! Implements `calc_api_v2::Calc`: what a plugin built against a changed API looks like.

use calc_api_v2::{Calc, Point, env};
use wasmbind::plugin_export;

pub struct Impl;

// Called by name (a registry, listeners): it carries the dispatcher.
#[plugin_export(dispatch)]
impl Calc for Impl {
    fn greet(name: &[u8]) -> String {
        env::log(name);
        format!("Hello, {}!", String::from_utf8_lossy(name))
    }

    fn point_add(a: Point, b: Point) -> Point {
        Point { x: a.x + b.x, y: a.y + b.y }
    }

    fn shout(text: &str) -> String {
        text.to_uppercase()
    }
}
