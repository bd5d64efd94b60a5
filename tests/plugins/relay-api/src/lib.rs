//! Host functions that take a context: they call back into the calling
//! plugin (re-entrancy), into other plugins, and use fuel.

use wasmbind::{Context, Lent, host_fn, plugin_export};

#[plugin_export]
pub trait Relay {
    /// `label` at depth 0; else asks the host to `descend` and wraps the answer.
    fn depth(n: u32, label: &str) -> String;
    /// Echoes `text`, tagged with this plugin's name as the host knows it.
    fn echo(text: &str) -> String;
    /// Asks the host to call `echo` on plugin `to`.
    fn ask(to: &str, text: &str) -> String;
    /// Passes `buf` (a plugin static) to the host's `overwrite`, which
    /// re-enters `scribble` to change that static before reading its argument.
    fn lent_after_reentry() -> String;
    /// Overwrites the static `lent_after_reentry` lent.
    fn scribble();
    /// Burns `fuel` through the host, then reports who it is.
    fn burn_and_tell(fuel: u64) -> Result<String, String>;
}

#[host_fn(module = "relay_host")]
pub trait Host {
    /// Calls `depth(n - 1, label)` on the calling plugin.
    fn descend(cx: &mut Context<'_, Self>, n: u32, label: Lent<str>) -> Result<String, String>;
    /// Calls `echo(text)` on the plugin the host registered as `to`.
    fn call_echo(cx: &mut Context<'_, Self>, to: Lent<str>, text: Lent<str>) -> Result<String, String>;
    /// Calls the caller's `scribble`, then reads `bytes`.
    fn overwrite(cx: &mut Context<'_, Self>, bytes: Lent<[u8]>) -> Result<Vec<u8>, String>;
    /// The calling plugin's name, as the host knows it.
    fn whoami(cx: &mut Context<'_, Self>) -> String;
    /// Takes `fuel` units of fuel; `Err` when there is not that much.
    fn burn(cx: &mut Context<'_, Self>, fuel: u64) -> Result<(), String>;
    /// A plain host function beside them.
    fn note(&mut self, line: &str);
}
