//! How a host function fails: a [`Trap`] that stops the plugin, or a
//! value; [`HostResult`] tells them apart by the result type.

use core::fmt;

use super::{Budget, Fault, Lift, Lower, Source, WasmAbi};

/// A host function's failure that stops the plugin instead of returning a
/// value: return `Result<T, Trap>` from a host function and an `Err` traps
/// the plugin, carrying the message to whoever called into the plugin
/// (`ErrorKind::HostTrap`). For failures the plugin should handle, return
/// `Result<T, E>` with a wire type `E` instead: that `Err` is a value.
///
/// In the plugin, the import returns `T`: on `Err` the plugin never
/// resumes, so there is no `Err` for it to handle. The macros recognise the
/// result by its spelling, `Result<T, Trap>` (any path ending in `Trap`):
/// write it so, not through a type alias.
///
/// ```
/// fn parse(text: &str) -> Result<u32, wasmbind::Trap> {
///     Ok(text.parse::<u32>()?) // any `std::error::Error` converts
/// }
/// assert_eq!(parse("7"), Ok(7));
/// assert_eq!(parse("x").unwrap_err().message(), "invalid digit found in string");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trap {
    message: String,
}

impl Trap {
    /// A trap with this message.
    pub fn new(message: impl Into<String>) -> Self {
        Self { message: message.into() }
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Trap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

// `Trap` is deliberately not `std::error::Error`, so that every error converts into it.
impl<E: std::error::Error> From<E> for Trap {
    fn from(error: E) -> Self {
        Self::new(error.to_string())
    }
}

impl<T: WasmAbi> WasmAbi for Result<T, Trap> {
    type Core = T::Core;
    const MEMORY: bool = T::MEMORY;
}

impl<'a, T: Lift<'a>> Lift<'a> for Result<T, Trap> {
    #[inline]
    fn lift<S: Source<'a>>(core: T::Core, source: &mut S, budget: &mut Budget) -> Result<Self, Fault> {
        T::lift(core, source, budget).map(Ok)
    }
}

/// What a host function may return: a value to lower, or a result whose
/// `Err` stops the plugin ([`Trap`]; on the host also `wasmtime::Error`).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be returned by a host function",
    label = "return a wire type, `Result<T, E>` with wire types (an `Err` the plugin handles), or `Result<T, wasmbind::Trap>` (an `Err` that stops the plugin)"
)]
pub trait HostResult {
    /// The value lowered on success.
    type Value: Lower;
    /// The value, or why the plugin must stop.
    fn into_value(self) -> Result<Self::Value, String>;
}

impl<T: Lower> HostResult for T {
    type Value = T;
    #[inline]
    fn into_value(self) -> Result<T, String> {
        Ok(self)
    }
}

impl<T: Lower> HostResult for Result<T, Trap> {
    type Value = T;
    #[inline]
    fn into_value(self) -> Result<T, String> {
        self.map_err(|trap| trap.message)
    }
}
