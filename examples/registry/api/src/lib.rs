//! The registry example's API. Two kinds of plugin, `Math` and `Words`,
//! and a host that keeps a registry of every export by name, wires `Words`
//! to `Math` (typed: `words` calls `math::fib` as a function), runs
//! exports by name for plugins, fans events out to listeners, and calls a
//! plugin back while it waits (re-entrancy).

use wasmbind::{Context, Event, Lent, host_fn, plugin_export};

/// The clock ticked: its payload is a text, and each listener replies or
/// refuses. Declared once: the host checks listeners against it and reads
/// their replies as its result type; a listener export takes `&str`.
pub const TICK: Event<(String,), Result<String, String>> = Event::new("tick");

/// The math plugin.
#[plugin_export(link)]
pub trait Math {
    /// Registers its listeners with the host.
    fn start() -> Result<(), String>;
    /// `a + b`, wrapping.
    fn add(a: i64, b: i64) -> i64;
    /// The `n`th Fibonacci number; `Err` when it does not fit a `u64`.
    fn fib(n: u32) -> Result<u64, String>;
    /// A listener: counts ticks.
    fn on_tick(payload: &str) -> Result<String, String>;
    /// A listener that always fails.
    fn on_alarm(payload: &str) -> Result<String, String>;
}

/// The words plugin, which uses the math plugin.
#[plugin_export]
pub trait Words {
    /// Registers its listeners with the host.
    fn start() -> Result<(), String>;
    /// Describes `fib(n)`, asking the math plugin through a typed import.
    fn describe(n: u32) -> String;
    /// Runs `function(a, b)` by name through the host's registry.
    fn by_name(function: &str, a: i64, b: i64) -> Result<i64, String>;
    /// `n`, then what the host's `again(n - 1)` returns: the host calls
    /// this plugin back while it waits, down to `liftoff`.
    fn countdown(n: u32) -> String;
    /// Emits `event` from inside this call and reports what it heard.
    fn broadcast(event: &str, payload: &str) -> Vec<String>;
    /// A listener: echoes the payload in capitals.
    fn on_tick(payload: &str) -> Result<String, String>;
}

/// What the host offers every plugin.
#[host_fn(module = "registry")]
pub trait Registry {
    /// Runs the export `function` with `signature` on whichever plugin has
    /// it; `args` is the body of the tuple of its arguments.
    fn call(
        cx: &mut Context<'_, Self>,
        function: Lent<str>,
        signature: Lent<str>,
        args: Lent<[u8]>,
    ) -> Result<Vec<u8>, String>;
    /// Registers the calling plugin's `export` as a listener for `event`.
    fn listen(cx: &mut Context<'_, Self>, event: Lent<str>, export: Lent<str>) -> Result<(), String>;
    /// Fans `event` out to its listeners; one line per listener.
    fn emit(cx: &mut Context<'_, Self>, event: Lent<str>, payload: Lent<str>) -> Vec<String>;
    /// Calls `countdown(n)` back on the calling plugin.
    fn again(cx: &mut Context<'_, Self>, n: u32) -> Result<String, String>;
}
