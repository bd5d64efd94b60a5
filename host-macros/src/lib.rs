//! Host-side macros of wasmbind. Use them through the `wasmbind` crate.

mod derive;
mod handle;
mod host_fn;
mod link;

use proc_macro::TokenStream;

/// See `wasmbind::host_fn`.
#[proc_macro_attribute]
pub fn host_fn(args: TokenStream, item: TokenStream) -> TokenStream {
    host_fn::expand(args.into(), item.into()).into()
}

/// See `wasmbind::add_to_linker`.
#[proc_macro]
pub fn add_to_linker(input: TokenStream) -> TokenStream {
    link::expand(input.into()).into()
}

/// The host half of `#[plugin_export]` on a trait: a typed plugin handle.
#[doc(hidden)]
#[proc_macro_attribute]
pub fn plugin_handle(args: TokenStream, item: TokenStream) -> TokenStream {
    handle::expand(args.into(), item.into()).into()
}

/// See `wasmbind::WasmType`.
#[proc_macro_derive(WasmType, attributes(wasmbind))]
pub fn derive_wasm_type(item: TokenStream) -> TokenStream {
    derive::expand(item.into()).into()
}
