//! The kvstore example's API, shared by the host and its plugins: the host
//! keeps named tables of byte values (in SQLite) and hands a plugin each
//! table it opens as a [`Resource<Table>`] (with its [`Access`] flags); the
//! plugin runs commands, hears of the keys they changed ([`CHANGED`]), and
//! runs [`Scan`]s that the host holds as objects.

use wasmbind::{Context, Event, Flag, Flags, Lent, Resource, Trap, host_fn, plugin_export};

/// The kind of a table handle.
pub enum Table {}

/// What a plugin may do with a table: a table whose name starts with
/// `ro_` is read-only.
#[derive(Flag, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    Read,
    Write,
}

/// Keys a command changed (set or deleted): the table and the key, once per
/// change, delivered after the command to the plugin's `Shell::changed`.
pub const CHANGED: Event<(String, String), ()> = Event::new("changed");

/// What the host offers. Every function traps the plugin on a handle it
/// does not hold (forged, closed, another plugin's) or a database failure.
/// In the plugin, the functions that take a table first are also its
/// methods (`kv::TableMethods`: `table.get(key)`).
#[host_fn(module = "kv")]
pub trait Kv {
    /// Opens table `name` (letters, digits, `_` and `-`, at most 64), creating it if new.
    fn open(cx: &mut Context<'_, Self>, name: Lent<str>) -> Result<Resource<Table>, Trap>;
    /// Closes a table handle. Marked `close`: a plugin's `Owned<Table>`
    /// calls it when dropped.
    #[host_fn(close)]
    fn close(cx: &mut Context<'_, Self>, table: Resource<Table>) -> Result<(), Trap>;
    /// Stores `value` under `key`, replacing any value there.
    fn set(cx: &mut Context<'_, Self>, table: Resource<Table>, key: Lent<str>, value: Lent<[u8]>) -> Result<(), Trap>;
    /// The value under `key`, if any.
    fn get(cx: &mut Context<'_, Self>, table: Resource<Table>, key: Lent<str>) -> Result<Option<Vec<u8>>, Trap>;
    /// Removes `key`; whether it was there.
    fn delete(cx: &mut Context<'_, Self>, table: Resource<Table>, key: Lent<str>) -> Result<bool, Trap>;
    /// How many keys the table holds.
    fn size(cx: &mut Context<'_, Self>, table: Resource<Table>) -> Result<u64, Trap>;
    /// The table's keys, in order.
    fn keys(cx: &mut Context<'_, Self>, table: Resource<Table>) -> Result<Vec<String>, Trap>;
    /// What the plugin may do with the table.
    fn access(cx: &mut Context<'_, Self>, table: Resource<Table>) -> Result<Flags<Access>, Trap>;
}

/// What a command plugin exports.
#[plugin_export]
pub trait Shell {
    /// Runs one command line and returns its reply; `Err` for a command
    /// it cannot run (unknown, missing arguments, not a number).
    fn run(line: &str) -> Result<String, String>;
    /// The listener of [`CHANGED`]: `key` of `table` changed.
    fn changed(table: &str, key: &str);
}

/// A scan of one table's keys that start with a prefix, in key order: an
/// object the plugin makes and owns, which the host holds as a `ScanObject`.
/// The plugin keeps the table open while the scan lives.
#[plugin_export(object)]
pub trait Scan {
    /// Opens `table` and lists its keys that start with `prefix`.
    fn new(table: &str, prefix: &str) -> Self;
    /// The next key and its value; `None` at the end.
    fn next(&mut self) -> Option<(String, Vec<u8>)>;
    /// How many keys are left.
    fn left(&self) -> u32;
}
