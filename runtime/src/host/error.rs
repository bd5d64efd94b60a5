use core::fmt;
use std::sync::Arc;

use crate::abi::Fault;

/// Where a boundary call happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Site {
    /// A host function imported by a plugin, shown as `module::function`.
    Import {
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
        function: &'static str,
    },
}

impl fmt::Display for Site {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Import { module, function } => write!(f, "{module}::{function}"),
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
/// `env::log: argument msg: bytes 65530..65546 are out of bounds of memory (65536 bytes)`.
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

/// Everything that can go wrong between a host and its plugins.
///
/// Converts into `anyhow::Error` and `wasmtime::Error` with `?`.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
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
    /// The plugin was built against a different interface than the host
    /// declares: every difference, one per line.
    Interface {
        /// The plugin's name.
        plugin: Arc<str>,
        /// Each difference, e.g. `export greet: host expects fn(&str) -> String, plugin has fn(&[u8]) -> String`.
        differences: Vec<String>,
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
    /// The bad value, if this error is one.
    pub fn bad_value(&self) -> Option<&BadValue> {
        match self {
            Self::BadValue(bad) => Some(bad),
            _ => None,
        }
    }

    /// Classifies an error returned by a call into a plugin: a bad value
    /// rejected by a host function the plugin called stays a [`BadValue`].
    pub(crate) fn from_call(site: Site, source: wasmtime::Error) -> Self {
        match source.downcast_ref::<BadValue>() {
            Some(bad) => Self::BadValue(bad.clone()),
            None => Self::Call { site, source },
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BadValue(bad) => bad.fmt(f),
            Self::Call { site, source } => write!(f, "{site}: {source:?}"),
            Self::Interface { plugin, differences } => {
                for (i, line) in differences.iter().enumerate() {
                    let sep = if i == 0 { "" } else { "\n" };
                    write!(f, "{sep}plugin {plugin}: {line}")?;
                }
                Ok(())
            }
            Self::Load { plugin, source } => write!(f, "plugin {plugin}: {source:?}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::BadValue(bad) => Some(bad),
            _ => None,
        }
    }
}

impl From<BadValue> for Error {
    fn from(bad: BadValue) -> Self {
        Self::BadValue(bad)
    }
}
