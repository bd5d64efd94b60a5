//! Implements `relay_api::Relay` by calling the host's context-taking functions.

use relay_api::{Relay, relay_host};
use wasmbind::plugin_export;

pub struct Impl;

/// What `lent_after_reentry` lends the host, and `scribble` overwrites.
static mut BUF: [u8; 8] = *b"original";

#[plugin_export]
impl Relay for Impl {
    fn depth(n: u32, label: &str) -> String {
        if n == 0 {
            return label.to_owned();
        }
        match relay_host::descend(n, label) {
            Ok(inner) => format!("{n}({inner})"),
            Err(e) => format!("error: {e}"),
        }
    }

    fn echo(text: &str) -> String {
        relay_host::note(text);
        format!("{} says {text}", relay_host::whoami())
    }

    fn ask(to: &str, text: &str) -> String {
        relay_host::call_echo(to, text).unwrap_or_else(|e| format!("error: {e}"))
    }

    fn lent_after_reentry() -> String {
        // SAFETY: plugins are single-threaded; the shared borrow lasts only
        // for the host call, during which `scribble` writes through the raw
        // place (the host sees the write; this plugin never reads the borrow after).
        let buf: &[u8] = unsafe { &*core::ptr::addr_of!(BUF) };
        match relay_host::overwrite(buf) {
            Ok(seen) => {
                // SAFETY: as above, no borrow is live now.
                let now = unsafe { *core::ptr::addr_of!(BUF) };
                format!(
                    "host read {}, memory now holds {}",
                    String::from_utf8_lossy(&seen),
                    String::from_utf8_lossy(&now)
                )
            }
            Err(e) => format!("error: {e}"),
        }
    }

    fn scribble() {
        // SAFETY: single-threaded; no reference to `BUF` is read while this runs.
        unsafe { core::ptr::addr_of_mut!(BUF).write(*b"SCRIBBLE") };
    }

    fn burn_and_tell(fuel: u64) -> Result<String, String> {
        relay_host::burn(fuel)?;
        Ok(relay_host::whoami())
    }
}
