//! The core signature of a host import: the one rule both the host's
//! `func_wrap` closure and the plugin's `extern` declaration follow.

/// One core parameter of an import, in order (docs/ABI.md section 5).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportParam {
    /// The core value of argument `n` (one per Rust parameter).
    Arg(usize),
    /// `i64` packed `(ptr, capacity)` of the plugin's result area; present
    /// when the function has a result.
    Out,
    /// `i64` the plugin's instance key; always last.
    Key,
}

/// The core parameters of an import with `args` arguments:
/// `(args…, out?, key)`.
///
/// ```
/// use wasmbind_shared::{ImportParam::*, import_params};
/// assert_eq!(import_params(2, true).collect::<Vec<_>>(), [Arg(0), Arg(1), Out, Key]);
/// assert_eq!(import_params(1, false).collect::<Vec<_>>(), [Arg(0), Key]);
/// ```
pub fn import_params(args: usize, has_result: bool) -> impl Iterator<Item = ImportParam> {
    (0..args).map(ImportParam::Arg).chain(has_result.then_some(ImportParam::Out)).chain([ImportParam::Key])
}
