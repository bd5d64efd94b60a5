use core::fmt::{self, Write as _};
use std::borrow::Cow;
use std::sync::Arc;

use crate::abi::Fault;

pub use wasmbind_shared::text::MAX_MESSAGE;
use wasmbind_shared::text::{Bounded, OneLine, Terminal, clip as clip_to};

/// `text` cut to at most [`MAX_MESSAGE`] bytes, the cut marked.
pub(crate) fn clip(text: &str) -> String {
    clip_to(text, MAX_MESSAGE).into_owned()
}

/// [`clip`] for a `String` the caller owns (kept when short enough).
pub(crate) fn clip_owned(text: String) -> String {
    if text.len() <= MAX_MESSAGE { text } else { clip(&text) }
}

/// The most an error's `{:?}` writes: its text plus wasmtime's backtraces,
/// whose function names a plugin chooses.
pub const MAX_DEBUG: usize = 4 * MAX_MESSAGE;

/// Where a boundary call happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Site {
    /// A host function imported by a plugin, shown as
    /// `plugin name: module::function` (or `module::function` before the
    /// error reaches the host's call into that plugin, which names it).
    Import {
        /// The plugin that called it, once known.
        plugin: Option<Arc<str>>,
        /// The import module.
        module: &'static str,
        /// The function's name.
        function: &'static str,
    },
    /// A plugin export called by the host, shown as `plugin name: function`.
    Export {
        /// The plugin's name.
        plugin: Arc<str>,
        /// The export's name.
        function: Cow<'static, str>,
    },
}

impl fmt::Display for Site {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Import { plugin: Some(plugin), module, function } => {
                write!(f, "plugin {plugin}: {module}::{function}")
            }
            Self::Import { plugin: None, module, function } => write!(f, "{module}::{function}"),
            Self::Export { plugin, function } => write!(f, "plugin {plugin}: {function}"),
        }
    }
}

/// Which value of a call was bad.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    /// A named argument.
    Argument(&'static str),
    /// The result.
    Result,
    /// A value read or written through a [`GuestPtr`](crate::abi::GuestPtr).
    Pointer {
        /// The address.
        addr: u32,
        /// The pointee type.
        type_name: &'static str,
    },
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Argument(name) => write!(f, "argument {name}"),
            Self::Result => f.write_str("result"),
            Self::Pointer { addr, type_name } => write!(f, "pointer {addr:#x} to {type_name}"),
        }
    }
}

/// A value from a plugin that failed validation, e.g.
/// `plugin calc: env::log: argument msg: bytes 65530..65546 are out of bounds of memory (65536 bytes)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadValue {
    /// The function the value crossed.
    pub site: Site,
    /// The argument or result.
    pub place: Place,
    /// Why it was refused.
    pub fault: Fault,
}

impl fmt::Display for BadValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.site, self.place, self.fault)
    }
}

impl std::error::Error for BadValue {}

/// A host function stopped the plugin: returned `Err` in a
/// `Result<T, wasmbind::Trap>` (or, for host-only declarations,
/// `anyhow::Result<T>` / `wasmtime::Result<T>`; the message is the error
/// with its causes, `{:#}`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostTrap {
    /// The host function, `module::name`.
    pub function: String,
    /// Its message.
    pub message: String,
}

impl fmt::Display for HostTrap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "host function {} stopped the plugin: {}", self.function, self.message)
    }
}

impl std::error::Error for HostTrap {}

/// Everything that can go wrong between a host and its plugins: what
/// every generated handle method returns. [`Error::kind`] tells the cases
/// apart.
///
/// One pointer wide (the details live in a box), so a `Result<T, Error>`
/// stays in registers on the success path of every call.
///
/// Converts into `anyhow::Error` and `wasmtime::Error` with `?`.
pub struct Error(Box<ErrorKind>);

/// The cases of [`Error`].
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A plugin sent a value that failed validation (or the plugin's
    /// allocator misbehaved while the host passed it a value).
    BadValue(BadValue),
    /// A call into a plugin trapped, or a host function it called failed.
    Call {
        /// The export that was called.
        site: Site,
        /// The trap or error, with wasmtime's backtrace.
        source: wasmtime::Error,
    },
    /// A host function the plugin called stopped it (returned `Err` in a
    /// `Result<T, wasmbind::Trap>`): `plugin calc: greet: host function env::fetch stopped the plugin: ...`.
    HostTrap {
        /// The plugin's name.
        plugin: Arc<str>,
        /// The export that was called.
        function: Cow<'static, str>,
        /// The host function and its message.
        trap: HostTrap,
    },
    /// The plugin hit a limit the host set and was stopped.
    Limit {
        /// The plugin's name.
        plugin: Arc<str>,
        /// The export that was called.
        function: Cow<'static, str>,
        /// Which limit.
        limit: Limit,
        /// The trap, with wasmtime's backtrace.
        source: wasmtime::Error,
    },
    /// The plugin is not called: an earlier call stopped it at an arbitrary
    /// point (fuel, a deadline, a memory limit, a trap in its own code, its
    /// allocator failing), or it cannot be repaired after a trap, so its
    /// memory may be inconsistent. Instantiate it again (cheaply from an
    /// [`InstancePre`](crate::host::InstancePre)); [`Plugin::poisoned`](crate::host::Plugin::poisoned)
    /// tells beforehand.
    Poisoned {
        /// The plugin's name.
        plugin: Arc<str>,
        /// The export that was to be called.
        function: Cow<'static, str>,
        /// The error that stopped it, as text.
        cause: Arc<str>,
    },
    /// The plugin panicked; its runtime recorded where and why before it
    /// trapped: `plugin calc panicked in greet at src/lib.rs:10:5: index out of bounds: ...`.
    Panic {
        /// The plugin's name.
        plugin: Arc<str>,
        /// The export that was called.
        function: Cow<'static, str>,
        /// `file:line:col` of the panic, as the plugin reported it.
        location: String,
        /// The panic message.
        message: String,
        /// The trap, with wasmtime's backtrace.
        source: wasmtime::Error,
    },
    /// The plugin was built against a different interface than the host
    /// declares: every difference, one per line.
    Interface {
        /// The plugin's name.
        plugin: Arc<str>,
        /// Each difference, e.g. `export greet: host expects fn(&str) -> String, plugin has fn(&[u8]) -> String`.
        differences: Vec<String>,
    },
    /// A plugin called an import the host linked to another plugin
    /// ([`Linker::link`](crate::host::Linker::link)) and that call failed:
    /// `plugin greeter: hello: plugin:Calc::greet failed: plugin calc panicked in greet at ...`.
    Linked {
        /// The calling plugin's name.
        plugin: Arc<str>,
        /// The calling plugin's export that was called.
        function: Cow<'static, str>,
        /// The linked import it called, `plugin:Calc::greet`.
        import: Site,
        /// The error of the plugin the import is linked to, which names it;
        /// `None` when the link found no plugin to call.
        target: Option<Error>,
    },
    /// A call by name ([`Plugin::call_by_name`](crate::host::Plugin::call_by_name))
    /// that the plugin cannot take.
    Dispatch {
        /// The plugin's name.
        plugin: Arc<str>,
        /// The export asked for.
        function: String,
        /// Why it cannot be called.
        problem: Dispatch,
    },
    /// The handle method of an export its trait marks `#[optional]` was
    /// called, and the plugin does not have that export (it was built
    /// against an older version of the trait; [`Plugin::absent_exports`](crate::host::Plugin::absent_exports)
    /// lists them): `plugin calc: describe: the plugin does not export it (it is optional)`.
    Absent {
        /// The plugin's name.
        plugin: Arc<str>,
        /// The export.
        function: &'static str,
    },
    /// A plugin was called through a store other than the one it was
    /// instantiated in (host misuse; wasmtime would panic):
    /// `plugin calc: greet: called through another store than the one it was instantiated in`.
    WrongStore {
        /// The plugin's name.
        plugin: Arc<str>,
        /// The export that was to be called.
        function: Cow<'static, str>,
    },
    /// An object a plugin owns was passed to a method of an object of
    /// another plugin instance (host misuse: an object goes back only to
    /// the plugin that made it): `plugin calc: absorb: argument other: the
    /// object was made by another plugin instance`.
    ForeignObject {
        /// The plugin's name.
        plugin: Arc<str>,
        /// The method that was to be called.
        function: &'static str,
        /// The argument.
        argument: &'static str,
    },
    /// Instantiating a plugin or finding its exports failed.
    Load {
        /// The plugin's name.
        plugin: Arc<str>,
        /// What failed.
        source: wasmtime::Error,
    },
}

impl Error {
    /// Which kind of error this is.
    pub fn kind(&self) -> &ErrorKind {
        &self.0
    }

    /// The kind, by value.
    pub fn into_kind(self) -> ErrorKind {
        *self.0
    }

    /// The bad value, if this error is one.
    pub fn bad_value(&self) -> Option<&BadValue> {
        match self.kind() {
            ErrorKind::BadValue(bad) => Some(bad),
            _ => None,
        }
    }

    /// Classifies an error returned by a call into a plugin: a bad value
    /// rejected by a host function the plugin called stays a [`BadValue`].
    #[cold]
    pub(crate) fn from_call(plugin: Arc<str>, function: Cow<'static, str>, source: wasmtime::Error) -> Self {
        if let Some(bad) = source.downcast_ref::<BadValue>() {
            if let Fault::AllocLimit { limit, .. } = &bad.fault {
                return ErrorKind::Limit { plugin, function, limit: limit.clone(), source }.into();
            }
            let mut bad = bad.clone();
            if let Site::Import { plugin: caller @ None, .. } = &mut bad.site {
                *caller = Some(plugin);
            }
            return ErrorKind::BadValue(bad).into();
        }
        let source = match source.downcast::<LinkFailure>() {
            Ok(LinkFailure { import, target }) => return ErrorKind::Linked { plugin, function, import, target }.into(),
            Err(source) => source,
        };
        if let Some(trap) = source.downcast_ref::<HostTrap>() {
            return ErrorKind::HostTrap { plugin, function, trap: trap.clone() }.into();
        }
        match limit_of(&source) {
            Some(limit) => ErrorKind::Limit { plugin, function, limit, source }.into(),
            None => ErrorKind::Call { site: Site::Export { plugin, function }, source }.into(),
        }
    }
}

impl From<ErrorKind> for Error {
    #[cold]
    fn from(kind: ErrorKind) -> Self {
        Self(Box::new(kind))
    }
}

impl fmt::Debug for Error {
    /// The kind's fields, wasmtime's backtraces among them, at most
    /// [`MAX_DEBUG`] bytes of it (a backtrace lists function names a
    /// plugin chose), with every control and bidirectional-formatting
    /// character but the newline as a space.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut text = String::new();
        let _ = write!(Bounded::new(Terminal(&mut text), MAX_DEBUG), "{:?}", self.0);
        f.write_str(&text)
    }
}

impl fmt::Display for Error {
    /// One line, whatever the plugin sent: control and bidirectional-formatting
    /// characters in its text (a panic message, an export's name) are
    /// written as spaces, wasmtime's backtraces are left to `{:?}`, and at
    /// most [`MAX_DEBUG`] bytes are written. `{:#}` writes an interface
    /// error's differences one per line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut text = String::new();
        let _ = self.write_text(&mut Bounded::new(&mut text, MAX_DEBUG), f.alternate());
        f.write_str(&text)
    }
}

impl Error {
    fn write_text(&self, out: &mut dyn fmt::Write, alternate: bool) -> fmt::Result {
        if let (true, ErrorKind::Interface { plugin, differences }) = (alternate, self.kind()) {
            for (i, line) in differences.iter().enumerate() {
                out.write_str(if i == 0 { "" } else { "\n" })?;
                write!(OneLine(&mut *out), "plugin {plugin}: {line}")?;
            }
            return Ok(());
        }
        let f = &mut OneLine(out);
        match self.kind() {
            ErrorKind::BadValue(bad) => write!(f, "{bad}"),
            ErrorKind::Call { site, source } => write!(f, "{site}: {}", Causes(source)),
            ErrorKind::Limit { plugin, function, limit, .. } => write!(f, "plugin {plugin}: {function}: {limit}"),
            ErrorKind::HostTrap { plugin, function, trap } => write!(f, "plugin {plugin}: {function}: {trap}"),
            ErrorKind::Poisoned { plugin, function, cause } => write!(
                f,
                "plugin {plugin}: {function}: not called: an earlier trap left the plugin unusable ({cause}); instantiate it again"
            ),
            ErrorKind::Panic { plugin, function, location, message, .. } => {
                write!(f, "plugin {plugin} panicked in {function} at {location}: {message}")
            }
            ErrorKind::Interface { plugin, differences } => match differences.as_slice() {
                [line] => write!(f, "plugin {plugin}: {line}"),
                lines => write!(f, "plugin {plugin}: {} interface differences: {}", lines.len(), lines.join("; ")),
            },
            ErrorKind::Linked { plugin, function, import, target: Some(target) } => {
                write!(f, "plugin {plugin}: {function}: {import} failed: ")?;
                target.write_text(f, false)
            }
            ErrorKind::Linked { plugin, function, import, target: None } => {
                write!(f, "plugin {plugin}: {function}: {import} is linked to no plugin")
            }
            ErrorKind::Dispatch { plugin, function, problem } => {
                write!(f, "plugin {plugin}: {function} (by name): {problem}")
            }
            ErrorKind::Absent { plugin, function } => {
                write!(f, "plugin {plugin}: {function}: the plugin does not export it (it is optional)")
            }
            ErrorKind::WrongStore { plugin, function } => write!(
                f,
                "plugin {plugin}: {function}: called through another store than the one it was instantiated in"
            ),
            ErrorKind::ForeignObject { plugin, function, argument } => write!(
                f,
                "plugin {plugin}: {function}: argument {argument}: the object was made by another plugin instance (pass an object only to the plugin that made it)"
            ),
            ErrorKind::Load { plugin, source } => write!(f, "plugin {plugin}: {}", Causes(source)),
        }
    }
}

/// The limit the host set that stopped a call, if one did: fuel, a
/// deadline, a memory limit, or a declared limit of a host function.
pub(crate) fn limit_of(error: &wasmtime::Error) -> Option<Limit> {
    match error.downcast_ref::<wasmtime::Trap>() {
        Some(wasmtime::Trap::OutOfFuel) => Some(Limit::Fuel),
        Some(wasmtime::Trap::Interrupt) => Some(Limit::Deadline),
        _ => error.downcast_ref::<Limit>().cloned(),
    }
}

/// `value` formatted, at most [`MAX_MESSAGE`] bytes of it: for text whose
/// length a plugin may set (an error with its causes, say), which is never
/// formatted whole first.
pub(crate) fn bounded(value: fmt::Arguments<'_>) -> String {
    let mut text = String::new();
    let _ = Bounded::new(&mut text, MAX_MESSAGE).write_fmt(value);
    text
}

/// A wasmtime error's causes as message text: without backtraces, at most
/// [`MAX_MESSAGE`] bytes, on one line.
pub(crate) fn causes(error: &wasmtime::Error) -> String {
    let mut text = String::new();
    let _ = write!(Bounded::new(OneLine(&mut text), MAX_MESSAGE), "{}", Causes(error));
    text
}

/// A wasmtime error and its causes, `outer: inner`, without the wasm
/// backtraces wasmtime attaches (those stay in the error's `{:?}`).
struct Causes<'a>(&'a wasmtime::Error);

impl fmt::Display for Causes<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A context is not reachable from its place in the chain, so the
        // backtrace is recognised by its text: its first bytes only, since a
        // plugin's function names can make it long.
        let backtrace = self.0.downcast_ref::<wasmtime::WasmBacktrace>().map(|bt| bounded(format_args!("{bt}")));
        let causes = self.0.chain().map(|cause| bounded(format_args!("{cause}")));
        for (i, cause) in causes.filter(|cause| Some(cause) != backtrace.as_ref()).enumerate() {
            write!(f, "{}{cause}", if i == 0 { "" } else { ": " })?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.bad_value().map(|bad| bad as _)
    }
}

impl From<BadValue> for Error {
    /// A [`BadValue`], or a [`Limit`] the plugin's allocator hit while a
    /// value was placed in it (which stops the plugin as anywhere else).
    #[cold]
    fn from(bad: BadValue) -> Self {
        if let (Fault::AllocLimit { limit, .. }, Site::Export { plugin, function }) = (&bad.fault, &bad.site) {
            let (plugin, function, limit) = (plugin.clone(), function.clone(), limit.clone());
            return ErrorKind::Limit { plugin, function, limit, source: wasmtime::Error::new(bad) }.into();
        }
        ErrorKind::BadValue(bad).into()
    }
}

/// Why a call by name cannot be made ([`ErrorKind::Dispatch`]).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Dispatch {
    /// The plugin's interface records list no export by that name.
    Unknown {
        /// The exports they do list.
        exports: Vec<String>,
    },
    /// The export has another signature than the caller expects.
    Signature {
        /// The signature the caller gave, `fn(&str) -> String`.
        expected: String,
        /// The signature the plugin's record gives.
        actual: String,
    },
    /// The plugin could not decode the arguments' body into the export's
    /// parameters.
    Arguments(String),
}

impl fmt::Display for Dispatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unknown { exports } if exports.is_empty() => f.write_str("no such export (it lists none)"),
            Self::Unknown { exports } => write!(f, "no such export (it has {})", exports.join(", ")),
            Self::Signature { expected, actual } => write!(f, "called as {expected}, but the export is {actual}"),
            Self::Arguments(message) => write!(f, "the plugin refused the arguments: {message}"),
        }
    }
}

/// How a linked import's failure travels through the calling plugin's trap
/// to the host's call into that plugin, which turns it into
/// [`ErrorKind::Linked`].
#[derive(Debug)]
pub(crate) struct LinkFailure {
    pub(crate) import: Site,
    pub(crate) target: Option<Error>,
}

impl fmt::Display for LinkFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.target {
            Some(target) => write!(f, "{} failed: {target}", self.import),
            None => write!(f, "{} is linked to no plugin", self.import),
        }
    }
}

impl std::error::Error for LinkFailure {}

pub use crate::abi::Limit;
