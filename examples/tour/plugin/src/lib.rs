//! The tour's plugin: each export shows one kind of boundary.

use tour_api::{Point, Shape, Tour, env};
use wasmbind::guest::Shared;
use wasmbind::{GuestPtr, plugin_export};

static CURSOR: Shared<Point> = Shared::new(Point { x: 1, y: 2 });

pub struct TourPlugin;

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
        // Declared `-> Result<String, Trap>`: on `Err` the host stops the
        // plugin, so the plugin's side returns the `String` alone.
        env::require(key)
    }

    fn third_letter(word: &str) -> char {
        let letters: Vec<char> = word.chars().collect();
        letters[2]
    }
}

/// The plugin's logic, tested natively: `env::with_host` answers the
/// plugin's imports from a mock host on the test's thread.
#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use tour_api::Env;
    use wasmbind::Trap;

    /// A host that records what the plugin asks of it.
    #[derive(Default)]
    struct MockEnv {
        shared: i32,
        log: Vec<String>,
        settings: HashMap<String, String>,
    }

    impl Env for MockEnv {
        fn log(&mut self, msg: &str) {
            self.log.push(msg.to_owned());
        }
        fn shared_value(&self) -> i32 {
            self.shared
        }
        fn set_shared_value(&mut self, value: i32) {
            self.shared = value;
        }
        fn get(&self, key: &str) -> Option<String> {
            self.settings.get(key).cloned()
        }
        fn number(&self, key: &str) -> Result<u32, String> {
            let value = self.settings.get(key).ok_or(format!("{key} is not set"))?;
            value.parse().map_err(|_| format!("{value:?} is not a number"))
        }
        fn require(&self, key: &str) -> Result<String, Trap> {
            self.get(key).ok_or_else(|| Trap::new(format!("{key} is missing")))
        }
    }

    fn mock(settings: &[(&str, &str)]) -> MockEnv {
        let settings = settings.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        MockEnv { shared: 40, settings, ..MockEnv::default() }
    }

    #[test]
    fn bump_shared_reads_logs_and_sets_the_host_value() {
        let mut host = mock(&[]);
        let bumped = env::with_host(&mut host, || TourPlugin::bump_shared(2));
        assert_eq!(bumped, 42);
        assert_eq!(host.shared, 42);
        assert_eq!(host.log, ["shared value was 40, adding 2"]);
    }

    #[test]
    fn describe_and_setting_or_zero_handle_what_the_host_answers() {
        let mut host = mock(&[("theme", "dark"), ("width", "80")]);
        env::with_host(&mut host, || {
            assert_eq!(TourPlugin::describe("theme"), "theme = \"dark\"");
            assert_eq!(TourPlugin::describe("font"), "font is not set");
            assert_eq!(TourPlugin::setting_or_zero("width"), 80);
            assert_eq!(TourPlugin::setting_or_zero("theme"), 0);
        });
        assert_eq!(host.log, ["no number for theme: \"dark\" is not a number"]);
    }

    #[test]
    #[should_panic(expected = "host function env::require stopped the plugin: font is missing")]
    fn a_host_trap_stops_the_plugin() {
        env::with_host(&mut mock(&[]), || TourPlugin::required("font"));
    }

    #[test]
    #[should_panic(expected = "env::shared_value was called with no host installed")]
    fn imports_without_a_host_name_the_import() {
        TourPlugin::bump_shared(1);
    }

    #[test]
    fn pure_exports_need_no_host() {
        assert_eq!(TourPlugin::greet("Ada"), "Hello, Ada!");
        assert_eq!(TourPlugin::point_add(Point { x: 1, y: 2 }, Point { x: 3, y: 4 }), Point { x: 4, y: 6 });
        assert_eq!(TourPlugin::area(Shape::Circle { radius: 2.0 }), Ok(12.0));
        assert_eq!(TourPlugin::third_letter("wasm"), 's');
        assert_eq!(TourPlugin::cursor(), Point { x: 1, y: 2 });
    }
}
