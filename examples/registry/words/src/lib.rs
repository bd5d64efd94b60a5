//! The words plugin: calls the math plugin typed and by name, counts down
//! through the host, and emits events from inside its calls.

use registry_api::{TICK, Words, math, registry};
use wasmbind::WasmType;
use wasmbind::plugin_export;

pub struct Plugin;

// Called by name (a registry, listeners): it carries the dispatcher.
#[plugin_export(dispatch)]
impl Words for Plugin {
    fn start() -> Result<(), String> {
        registry::listen(TICK.name(), "on_tick")
    }

    fn describe(n: u32) -> String {
        match math::fib(n) {
            Ok(value) => format!("fib({n}) = {value}"),
            Err(why) => format!("no fib({n}): {why}"),
        }
    }

    fn by_name(function: &str, a: i64, b: i64) -> Result<i64, String> {
        let args = wasmbind::abi::to_body(&(a, b));
        let result = registry::call(function, "fn(i64, i64) -> i64", &args)?;
        i64::decode(&result).map_err(|e| e.to_string())
    }

    fn countdown(n: u32) -> String {
        match n {
            0 => "liftoff".into(),
            n => format!("{n} {}", registry::again(n - 1).unwrap_or_else(|e| e)),
        }
    }

    fn broadcast(event: &str, payload: &str) -> Vec<String> {
        registry::emit(event, payload)
    }

    fn on_tick(payload: &str) -> Result<String, String> {
        Ok(payload.to_uppercase())
    }
}

/// Tested natively: `math::with_plugin` answers the calls into the math
/// plugin with a mock implementation of its exports.
#[cfg(test)]
mod tests {
    use super::*;
    use registry_api::Math;

    /// Doubles instead of computing Fibonacci numbers, and refuses past 90.
    struct MockMath;

    impl Math for MockMath {
        fn start() -> Result<(), String> {
            Ok(())
        }
        fn add(a: i64, b: i64) -> i64 {
            a + b
        }
        fn fib(n: u32) -> Result<u64, String> {
            if n > 90 { Err(format!("{n} is too big")) } else { Ok(u64::from(n) * 2) }
        }
        fn on_tick(payload: &str) -> Result<String, String> {
            Ok(payload.into())
        }
        fn on_alarm(payload: &str) -> Result<String, String> {
            Ok(payload.into())
        }
    }

    #[test]
    fn describe_reports_what_math_answers() {
        math::with_plugin::<MockMath, _>(|| {
            assert_eq!(Plugin::describe(10), "fib(10) = 20");
            assert_eq!(Plugin::describe(91), "no fib(91): 91 is too big");
        });
    }

    #[test]
    #[should_panic(expected = "math::fib was called with no host installed")]
    fn calls_into_math_need_a_plugin_installed() {
        Plugin::describe(1);
    }
}
