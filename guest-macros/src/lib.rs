//! Guest-side macros of wasmbind. Use them through the `wasmbind` crate.

mod export;
mod import;

use proc_macro::TokenStream;

/// See `wasmbind::plugin_export`.
#[proc_macro_attribute]
pub fn plugin_export(args: TokenStream, item: TokenStream) -> TokenStream {
    export::expand(args.into(), item.into()).into()
}

/// See `wasmbind::host_import`.
#[proc_macro_attribute]
pub fn host_import(args: TokenStream, item: TokenStream) -> TokenStream {
    import::expand(args.into(), item.into()).into()
}

/// The guest half of `#[host_fn]` on a trait: safe import wrappers.
#[doc(hidden)]
#[proc_macro_attribute]
pub fn host_fn_imports(args: TokenStream, item: TokenStream) -> TokenStream {
    import::expand_trait(args.into(), item.into()).into()
}
