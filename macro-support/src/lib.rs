//! The signature model shared by `wasmbind-host-macros` and
//! `wasmbind-guest-macros`: attribute arguments, boundary signatures and the
//! checks that turn a type that cannot cross into an error at its token.
//!
//! Each macro runs parse -> model -> validate -> expand; this crate holds
//! the first three so both sides agree on what a boundary is.

mod args;
mod check;
mod errors;
mod record;
mod sig;

pub use args::{Args, Key, module_ident, path_literal, snake_case};
pub use check::{Position, check_type};
pub use errors::Errors;
pub use record::{record, signature_text, type_text};
pub use sig::{Param, Signature, StateForm, docs, with_static_lifetimes};

#[cfg(feature = "snapshot")]
pub mod snapshot;
