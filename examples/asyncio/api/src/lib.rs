//! The asyncio example's interface, declared once for the host and the
//! plugin: the host's file and timer functions are `async fn` (the host
//! awaits tokio while the plugin waits), and the plugin handles requests.

use wasmbind::{WasmType, host_fn, plugin_export};

/// One request: summarise file `input` into file `report`.
#[derive(WasmType, Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub id: u32,
    pub input: String,
    pub report: String,
}

/// What the plugin found and wrote.
#[derive(WasmType, Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    pub id: u32,
    pub lines: u32,
    pub words: u32,
    /// Bytes of the report written.
    pub written: u32,
}

/// Files in the host's data directory, and time.
#[host_fn(module = "files")]
pub trait Files {
    /// The text of file `name`.
    async fn read(&mut self, name: &str) -> Result<String, String>;
    /// Replaces file `name` with `text`; returns the bytes written.
    async fn write(&mut self, name: &str, text: String) -> Result<u32, String>;
    /// Waits `ms` milliseconds.
    async fn sleep(&mut self, ms: u32);
    /// Notes a line in the host's log for this request.
    fn log(&mut self, line: &str);
}

/// A plugin that handles requests.
#[plugin_export]
pub trait Handler {
    /// Summarises `request.input` into `request.report`.
    fn handle(request: Request) -> Result<Summary, String>;
}
