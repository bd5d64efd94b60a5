//! Listeners: plugins register exports for named events with the host, and
//! emit events (also from inside a listener).

use wasmbind::{Context, Event, Lent, host_fn, plugin_export};

/// What every event of this API carries (a text) and what each listener
/// returns. A listener export takes `&str`: the same bytes as `String`.
pub type Notice = Event<(String,), Result<String, String>>;

/// A note was posted.
pub const NOTE: Notice = Event::new("note");
/// Something asked to be echoed.
pub const ECHO: Notice = Event::new("echo");
/// The events a plugin may subscribe to, by name.
pub const EVENTS: [Notice; 2] = [NOTE, ECHO];

#[plugin_export]
pub trait Subscriber {
    /// Registers this plugin's `export` for `event` (`events::listen`).
    fn subscribe(event: &str, export: &str) -> Result<(), String>;
    /// A listener: `noted {text}`.
    fn on_note(text: &str) -> Result<String, String>;
    /// A failing listener: `Err(refused {text})`.
    fn on_fail(text: &str) -> Result<String, String>;
    /// A panicking listener.
    fn on_panic(text: &str) -> Result<String, String>;
    /// A listener that emits `echo` with `{text}!` and joins what it hears.
    fn on_relay(text: &str) -> Result<String, String>;
    /// A listener: `echo {text}`.
    fn on_echo(text: &str) -> Result<String, String>;
    /// Not a `Notice` listener: its result is a count (`text`'s length).
    fn on_count(text: &str) -> u32;
    /// Emits `event` with `text` from inside a call.
    fn shout(event: &str, text: &str) -> Vec<String>;
}

#[host_fn(module = "events")]
pub trait Events {
    /// Registers the calling plugin's `export` for `event`.
    fn listen(cx: &mut Context<'_, Self>, event: Lent<str>, export: Lent<str>) -> Result<(), String>;
    /// Fans `event` out with `text`; one line per listener.
    fn emit(cx: &mut Context<'_, Self>, event: Lent<str>, text: Lent<str>) -> Vec<String>;
}
