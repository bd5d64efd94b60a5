//! The words plugin: calls the math plugin typed and by name, counts down
//! through the host, and emits events from inside its calls.

use registry_api::{Words, math, registry};
use wasmbind::WasmType;
use wasmbind::plugin_export;

struct Plugin;

#[plugin_export]
impl Words for Plugin {
    fn start() -> Result<(), String> {
        registry::listen("tick", "on_tick")
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
