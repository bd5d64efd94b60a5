//! In-process plugins: a handle backed by the plugin's Rust implementation
//! linked into the host, instead of a wasm instance (`{Trait}Plugin::in_process`).
//!
//! A call runs the implementation directly, with the linker's host traits
//! installed over the store for its duration (each `add_to_linker` also
//! records an [`Installer`]), so the plugin's imports reach the same host
//! state as on wasm. What stops a wasm plugin stops this one with the same
//! error kind: a host function's `Err(Trap)` is [`ErrorKind::HostTrap`]
//! and a panic [`ErrorKind::Panic`], with its location once the user has
//! called [`capture_panic_locations`] (the process's panic hook is never
//! replaced behind its back). `Shared` statics
//! the plugin hands out through `ptr()` during a call are registered with
//! the plugin, so the host reads and writes them through their
//! [`GuestPtr`](crate::abi::GuestPtr)s. Links go both ways: a wasm
//! plugin's `plugin:Trait` imports can reach an in-process plugin, and an
//! in-process plugin's reach whatever plugin the link picks (each
//! [`Linker::link`](crate::host::Linker::link) also records an installer).
//!
//! There is no sandbox: fuel, deadlines and memory limits do not apply,
//! and a plugin that loops or aborts takes the host with it. This is for
//! debugging, coverage and trusted plugins.

use core::cell::{Cell, RefCell};
use core::ptr::NonNull;
use std::any::Any;
use std::borrow::Cow;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Once};

use wasmtime::{AsContextMut, StoreContextMut};

use crate::guest::native::{Cells, CurrentCells};
use crate::host::core::decl::Installer;
use crate::host::core::error::{Error, ErrorKind, HostTrap, LinkFailure, clip_owned};

/// Where a plugin runs: a wasm instance, or the plugin's implementation in
/// this process. A [`Plugin`](crate::host::Plugin) holds one (the instance,
/// or what in-process calls need), and so does each generated handle (the
/// instance's exports, or the implementation's functions).
#[derive(Clone, Debug)]
pub enum Backend<W, N> {
    /// A wasm instance.
    Wasm(W),
    /// The implementation, in this process.
    InProcess(N),
}

/// What an in-process plugin keeps: its linker's installers (for one store
/// data type, erased) and the `Shared` cells it has handed out.
pub(crate) struct Native {
    installers: Box<dyn Any + Send + Sync>,
    cells: Arc<Cells>,
    /// How many of its calls are in progress (nested ones included).
    calls: AtomicUsize,
}

impl Native {
    pub(crate) fn new<T: 'static>(installers: Vec<Installer<T>>) -> Self {
        Self { installers: Box::new(installers), cells: Arc::default(), calls: AtomicUsize::new(0) }
    }

    /// Whether none of its calls is in progress (so none of its objects is in use).
    pub(crate) fn idle(&self) -> bool {
        self.calls.load(Ordering::Relaxed) == 0
    }

    pub(crate) fn cells(&self) -> &Cells {
        &self.cells
    }
}

thread_local! {
    /// In-process calls running on this thread: while non-zero, the panic
    /// hook records a panic here instead of printing it.
    static DEPTH: Cell<u32> = const { Cell::new(0) };
    static PANIC: RefCell<Option<(String, String)>> = const { RefCell::new(None) };
    /// Why the running in-process call was stopped, when not by a panic of its own.
    static STOP: RefCell<Option<Stop>> = const { RefCell::new(None) };
}

/// What stopped an in-process call other than its own panic (each is a
/// panic too, as the plugin never resumes on wasm).
enum Stop {
    /// A host function returned `Err(Trap)`.
    Trap(HostTrap),
    /// A linked import's target failed, or there was none.
    Link(LinkFailure),
}

/// Notes that a host function stopped the plugin (before `native_ret`
/// panics), so the in-process call reports a [`HostTrap`].
pub(crate) fn record_trap(function: &str, message: &str) {
    if DEPTH.get() > 0 {
        STOP.set(Some(Stop::Trap(HostTrap { function: function.to_owned(), message: message.to_owned() })));
    }
}

/// Stops the in-process plugin whose linked import failed; its call
/// reports [`ErrorKind::Linked`], as on wasm.
#[cold]
pub(crate) fn stop_linked(failure: LinkFailure) -> ! {
    let message = failure.to_string();
    if DEPTH.get() > 0 {
        STOP.set(Some(Stop::Link(failure)));
    }
    panic!("{message}")
}

/// Makes the panics of in-process plugins report where they happened:
/// installs, once per process, a panic hook that records the location and
/// message of a panic inside an in-process call on its thread (and prints
/// nothing, as a wasm plugin's panic prints nothing on the host), passing
/// every other panic to the hook installed before it.
///
/// Without it, an in-process plugin's panic is still an
/// [`ErrorKind::Panic`] with its message, its location is `<unknown>`, and
/// the process's panic hook sees it (the default one prints it). wasmbind
/// never installs this by itself: the panic hook is the process's, and std
/// gives no other way to learn where a caught panic happened. Call it once
/// at startup, before installing a hook of your own if you want yours to
/// see the panics this one passes on; a hook set later replaces this one.
///
/// ```
/// wasmbind::host::capture_panic_locations();
/// // panics outside in-process calls still reach the hook installed before
/// assert!(std::panic::catch_unwind(|| panic!("elsewhere")).is_err());
/// ```
pub fn capture_panic_locations() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if DEPTH.get() == 0 {
                return previous(info);
            }
            let location = info.location().map_or_else(|| "<unknown>".to_owned(), ToString::to_string);
            PANIC.set(Some((location, payload_text(info.payload()))));
        }));
    });
}

fn payload_text(payload: &(dyn Any + Send)) -> String {
    match (payload.downcast_ref::<&str>(), payload.downcast_ref::<String>()) {
        (Some(text), _) => (*text).to_owned(),
        (_, Some(text)) => text.clone(),
        _ => "Box<dyn Any>".to_owned(),
    }
}

/// Leaves the in-process call state as it was when dropped (also when
/// unwinding).
struct Enter {
    _cells: CurrentCells,
}

impl Enter {
    fn new(cells: &Arc<Cells>) -> Self {
        DEPTH.set(DEPTH.get() + 1);
        Self { _cells: CurrentCells::enter(cells) }
    }
}

impl Drop for Enter {
    fn drop(&mut self) {
        DEPTH.set(DEPTH.get() - 1);
    }
}

/// A call of an in-process plugin in progress, counted while it lives
/// (also when unwinding).
struct InCall<'a>(&'a AtomicUsize);

impl<'a> InCall<'a> {
    fn new(calls: &'a AtomicUsize) -> Self {
        calls.fetch_add(1, Ordering::Relaxed);
        Self(calls)
    }
}

impl Drop for InCall<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Runs `f` with every installer's host installed over `store`.
fn install_all<T>(installers: &[Installer<T>], store: NonNull<StoreContextMut<'static, T>>, f: &mut dyn FnMut()) {
    match installers.split_first() {
        None => f(),
        Some((first, rest)) => first(store, &mut || install_all(rest, store, f)),
    }
}

/// Calls export `function` of the in-process plugin `native` (named
/// `plugin`): `f` runs the implementation.
pub(crate) fn call<S: AsContextMut, R>(
    native: &Native,
    plugin: &Arc<str>,
    mut store: S,
    function: &'static str,
    f: impl FnOnce() -> R,
) -> Result<R, Error> {
    let Some(installers) = native.installers.downcast_ref::<Vec<Installer<S::Data>>>() else {
        let source = wasmtime::Error::msg("the store's data is not the type of the linker the plugin was made from");
        return Err(ErrorKind::Load { plugin: plugin.clone(), source }.into());
    };
    let mut store = store.as_context_mut();
    let pointer = NonNull::from(&mut store).cast::<StoreContextMut<'static, S::Data>>();
    let (mut f, mut out) = (Some(f), None);
    let unwound = {
        let _enter = Enter::new(&native.cells);
        let _call = InCall::new(&native.calls);
        STOP.set(None);
        catch_unwind(AssertUnwindSafe(|| {
            install_all(installers, pointer, &mut || {
                if let Some(f) = f.take() {
                    out = Some(f());
                }
            });
        }))
    };
    let function = Cow::Borrowed(function);
    match (unwound, out) {
        (Ok(()), Some(out)) => Ok(out),
        (unwound, _) => {
            let plugin = plugin.clone();
            match STOP.take() {
                Some(Stop::Trap(trap)) => return Err(ErrorKind::HostTrap { plugin, function, trap }.into()),
                Some(Stop::Link(LinkFailure { import, target })) => {
                    return Err(ErrorKind::Linked { plugin, function, import, target }.into());
                }
                None => {}
            }
            let payload = unwound.err().map_or_else(|| "<unknown>".to_owned(), |payload| payload_text(&*payload));
            let (location, message) = PANIC.take().unwrap_or_else(|| ("<unknown>".into(), payload));
            let (location, message) = (clip_owned(location), clip_owned(message));
            let source = wasmtime::Error::msg("the in-process plugin panicked");
            Err(ErrorKind::Panic { plugin, function, location, message, source }.into())
        }
    }
}
