//! Listeners: plugins register exports for named events, and the host fans
//! an event out to every one, in registration order, through calls by name
//! (`dispatch`). A failing or panicking listener is reported in its own
//! [`Delivery`] and the others still run. An [`Event`] declared in an API
//! crate gives both ends their types: [`Listener::of`] checks a listener
//! against it, [`Fanout::deliver`] encodes its arguments and decodes each
//! listener's result.

use std::collections::HashMap;
use std::sync::Arc;

use wasmtime::AsContextMut;

use crate::abi::{Budget, Describe, Event, EventArgs, Fault, WasmType, to_body};
use crate::host::calls::plugin::Plugin;
use crate::host::core::error::{Error, Place};

/// One plugin export registered for an event.
#[derive(Clone, Debug)]
pub struct Listener {
    plugin: Plugin,
    export: String,
    signature: String,
}

impl Listener {
    /// `plugin`'s export `export`, checked against its interface records:
    /// [`ErrorKind::Dispatch`](crate::host::ErrorKind::Dispatch) when they do not list it with `signature`
    /// (the signature the host gives the event, `"fn(&str) -> Result<String, String>"`),
    /// [`ErrorKind::Load`](crate::host::ErrorKind::Load) when its impl has no dispatcher
    /// (built without `#[plugin_export(dispatch)]`).
    pub fn new(store: impl AsContextMut, plugin: Plugin, export: &str, signature: &str) -> Result<Self, Error> {
        plugin.check_export(store, export, signature)?;
        Ok(Self { plugin, export: export.to_owned(), signature: signature.to_owned() })
    }

    /// `plugin`'s export `export` as a listener of `event`: checked as
    /// [`Listener::new`] checks, against the event's signature (a `&str`
    /// parameter listens to a `String` argument).
    pub fn of<A: EventArgs, R: Describe>(
        store: impl AsContextMut,
        plugin: Plugin,
        export: &str,
        event: &Event<A, R>,
    ) -> Result<Self, Error> {
        Self::new(store, plugin, export, &event.signature())
    }

    /// The plugin.
    pub fn plugin(&self) -> &Plugin {
        &self.plugin
    }

    /// The export called for the event.
    pub fn export(&self) -> &str {
        &self.export
    }
}

/// Named events and their listeners, in registration order. Keep it in the
/// store's data; take a [`Fanout`] out of it to emit (the fan-out needs the
/// store, which holds this).
///
/// ```no_run
/// use wasmbind::host::{listeners::Listener, listeners::Listeners};
/// # fn f(mut store: wasmbind::wasmtime::Store<Listeners>, plugin: wasmbind::host::Plugin) -> Result<(), wasmbind::host::Error> {
/// const ON_SAVE: &str = "fn(&str) -> Result<String, String>";
/// let listener = Listener::new(&mut store, plugin, "on_save", ON_SAVE)?;
/// store.data_mut().listen("saved", listener);
/// let fanout = store.data().fanout("saved");
/// for delivery in fanout.emit(&mut store, &wasmbind::abi::to_body(&("notes.txt".to_string(),))) {
///     println!("{} {}: {:?}", delivery.plugin, delivery.export, delivery.result.map(|_| "ok"));
/// }
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, Default)]
pub struct Listeners {
    events: HashMap<String, Arc<Vec<Listener>>>,
}

impl Listeners {
    /// No events.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `listener` for `event`, after those already registered. A
    /// fan-out already under way (a listener registering another) does not
    /// see it; the next one does.
    pub fn listen(&mut self, event: &str, listener: Listener) {
        let listeners = self.events.entry(event.to_owned()).or_default();
        Arc::make_mut(listeners).push(listener);
    }

    /// Removes every listener of `plugin` (an unloaded plugin); returns how many.
    pub fn forget(&mut self, plugin: &Plugin) -> usize {
        let mut removed = 0;
        for listeners in self.events.values_mut() {
            let before = listeners.len();
            Arc::make_mut(listeners).retain(|l| l.plugin.instance() != plugin.instance());
            removed += before - listeners.len();
        }
        removed
    }

    /// The listeners of `event` as they are now, to emit to.
    pub fn fanout(&self, event: &str) -> Fanout {
        Fanout(self.events.get(event).cloned().unwrap_or_default())
    }
}

/// The listeners of one event at one moment (a reference count, not a
/// copy): what [`Fanout::emit`] calls.
#[derive(Clone, Debug, Default)]
pub struct Fanout(Arc<Vec<Listener>>);

impl Fanout {
    /// The listeners, in registration order.
    pub fn listeners(&self) -> &[Listener] {
        &self.0
    }

    /// Calls every listener with `args` (the body of the tuple of the
    /// event's arguments), in registration order, and returns each outcome.
    /// A listener that fails (a trap, a panic, a refused value) does not
    /// stop the others. A listener may emit events itself (re-entrant
    /// fan-out, as deep as the stack allows).
    pub fn emit(&self, mut store: impl AsContextMut, args: &[u8]) -> Vec<Delivery> {
        self.0
            .iter()
            .map(|listener| Delivery {
                plugin: listener.plugin.name().to_owned(),
                export: listener.export.clone(),
                result: listener.plugin.call_by_name(&mut store, &listener.export, &listener.signature, args),
            })
            .collect()
    }

    /// Delivers `event` with `args` to every listener, as [`Fanout::emit`]
    /// does, each result decoded as the event's `R` (within the listener's
    /// plugin's decode limits; a result that does not decode is that
    /// delivery's error, naming the plugin, the export and the event).
    ///
    /// The fan-out is of the listeners it was taken for: take it with
    /// [`Listeners::fanout`] of [`Event::name`].
    pub fn deliver<A: EventArgs, R: WasmType>(
        &self,
        mut store: impl AsContextMut,
        event: &Event<A, R>,
        args: &A,
    ) -> Vec<Delivery<R>> {
        let body = to_body(args);
        self.emit(&mut store, &body)
            .into_iter()
            .zip(self.0.iter())
            .map(|(delivery, listener)| {
                let plugin = &listener.plugin;
                let result = delivery.result.and_then(|bytes| {
                    R::decode_with(&bytes, &mut Budget::new(plugin.callee().limits)).map_err(|wire| {
                        let function = format!("{} (event {})", listener.export, event.name());
                        plugin.bad(function, Place::Result, Fault::Wire(wire))
                    })
                });
                Delivery { plugin: delivery.plugin, export: delivery.export, result }
            })
            .collect()
    }
}

/// What one listener did with an event: for [`Fanout::emit`], the body of
/// its result; for [`Fanout::deliver`], the result as the event's type `R`.
#[derive(Debug)]
pub struct Delivery<R = Vec<u8>> {
    /// The listener's plugin, by name.
    pub plugin: String,
    /// The export that was called.
    pub export: String,
    /// Its result, or why it failed.
    pub result: Result<R, Error>,
}
