// What the notes editor and its extensions agree on, declared once.

use wasmbind::{WasmType, host_fn, plugin_export};

/// What an extension counts in a note.
#[derive(WasmType, Clone, Copy, Debug, PartialEq)]
pub struct Stats {
    pub words: u32,
    pub lines: u32,
}

/// What the editor offers every extension (import module `editor`).
#[host_fn(module = "editor")]
pub trait Editor {
    /// Writes a line to the editor's log.
    fn log(&mut self, line: &str);
    /// The user's setting `key`, if there is one.
    fn setting(&self, key: &str) -> Option<String>;
}

/// What every extension exports.
#[plugin_export]
pub trait Extension {
    /// The note's text, rewritten.
    fn transform(text: &str) -> String;
    /// What the note holds.
    fn stats(text: &str) -> Stats;
}
