//! The math plugin: arithmetic for the other plugins, and two listeners.

use std::cell::Cell;

use registry_api::{Math, TICK, registry};
use wasmbind::plugin_export;

thread_local! {
    static TICKS: Cell<u32> = const { Cell::new(0) };
}

pub struct Plugin;

// Called by name (a registry, listeners): it carries the dispatcher.
#[plugin_export(dispatch)]
impl Math for Plugin {
    fn start() -> Result<(), String> {
        registry::listen(TICK.name(), "on_tick")?;
        registry::listen(TICK.name(), "on_alarm")
    }

    fn add(a: i64, b: i64) -> i64 {
        a.wrapping_add(b)
    }

    fn fib(n: u32) -> Result<u64, String> {
        let (mut a, mut b) = (0u64, 1u64);
        for _ in 0..n {
            let next = a.checked_add(b).ok_or(format!("fib({n}) does not fit in a u64"))?;
            (a, b) = (b, next);
        }
        Ok(a)
    }

    fn on_tick(payload: &str) -> Result<String, String> {
        TICKS.set(TICKS.get() + 1);
        Ok(format!("tick {} ({payload})", TICKS.get()))
    }

    fn on_alarm(payload: &str) -> Result<String, String> {
        Err(format!("alarm ignored: {payload}"))
    }
}
