//! Implements `events_api::Subscriber`.

use events_api::{Subscriber, events};
use wasmbind::plugin_export;

pub struct Impl;

// Called by name (a registry, listeners): it carries the dispatcher.
#[plugin_export(dispatch)]
impl Subscriber for Impl {
    fn subscribe(event: &str, export: &str) -> Result<(), String> {
        events::listen(event, export)
    }

    fn on_note(text: &str) -> Result<String, String> {
        Ok(format!("noted {text}"))
    }

    fn on_fail(text: &str) -> Result<String, String> {
        Err(format!("refused {text}"))
    }

    fn on_panic(text: &str) -> Result<String, String> {
        panic!("listener panicked on {text}")
    }

    fn on_relay(text: &str) -> Result<String, String> {
        Ok(events::emit("echo", &format!("{text}!")).join("; "))
    }

    fn on_echo(text: &str) -> Result<String, String> {
        Ok(format!("echo {text}"))
    }

    fn on_count(text: &str) -> u32 {
        text.len() as u32
    }

    fn shout(event: &str, text: &str) -> Vec<String> {
        events::emit(event, text)
    }
}
