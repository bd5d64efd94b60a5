//! Host-owned resources: the host keeps secrets, a plugin holds them by
//! `Resource<Secret>` handle and passes handles back.

use wasmbind::{Context, Lent, Resource, Trap, host_fn, plugin_export};

/// The kind of a secret's handle.
pub enum Secret {}

#[host_fn(module = "vault")]
pub trait Vault {
    /// Keeps `text` for the calling plugin; traps at the plugin's limit.
    fn open(cx: &mut Context<'_, Self>, text: Lent<str>) -> Result<Resource<Secret>, Trap>;
    /// The text behind `secret`; traps on a handle the caller does not hold.
    fn read(cx: &mut Context<'_, Self>, secret: Resource<Secret>) -> Result<String, Trap>;
    /// Closes `secret`.
    fn close(cx: &mut Context<'_, Self>, secret: Resource<Secret>) -> Result<(), Trap>;
}

#[plugin_export]
pub trait Keeper {
    /// Opens a secret holding `text` and hands its handle out.
    fn keep(text: &str) -> Resource<Secret>;
    /// Reads through any handle (one it was given, maybe forged or another plugin's).
    fn peek(secret: Resource<Secret>) -> String;
    /// Closes a handle.
    fn discard(secret: Resource<Secret>);
    /// Opens `n` secrets, keeping none of the handles; returns `n`.
    fn hoard(n: u32) -> u32;
}
