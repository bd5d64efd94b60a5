//! A line-by-line text pipeline: every stage is a plugin implementing
//! [`Transform`]; the host offers [`Pipeline`] to all of them.

use wasmbind::{WasmType, host_fn, plugin_export};

/// What a stage did to one line.
#[derive(WasmType, Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// The line to pass on, or `None` to drop it.
    pub line: Option<String>,
    /// How many edits the stage made.
    pub edits: u32,
}

/// What every transform plugin exports.
#[plugin_export]
pub trait Transform {
    /// A short name for logs.
    fn name() -> String;
    /// Transforms one line.
    fn apply(line: &str) -> Outcome;
}

/// What the host offers every stage (import module `pipeline`).
#[host_fn(module = "pipeline")]
pub trait Pipeline {
    /// A setting of this run, e.g. `"mask"`.
    fn setting(&self, key: &str) -> Option<String>;
    /// Adds to a named counter.
    fn count(&mut self, counter: &str, by: u64);
}
