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

#[cfg(test)]
mod snapshots {
    use quote::quote;
    use wasmbind_macro_support::snapshot::{assert_attr_snapshot as attr, assert_snapshot};

    #[test]
    fn host_fn_on_a_free_function() {
        attr("host_fn_free", "host_fn", quote!(module = "env"), quote! {
            pub fn get(state: &State, key: &str) -> Option<String> {
                state.settings.get(key).cloned()
            }
        }, crate::host_fn::expand);
    }

    #[test]
    fn host_fn_on_a_trait() {
        attr("host_fn_trait", "host_fn", quote!(module = "env"), quote! {
            pub trait Env {
                /// Appends a line to the host's log.
                fn log(&mut self, msg: &str);
                fn shared_value(&self) -> i32;
            }
        }, crate::host_fn::expand);
    }

    #[test]
    fn plugin_handle() {
        attr("plugin_export_trait_host", "plugin_export", quote!(), quote! {
            pub trait Calc {
                /// Greets `name`.
                fn greet(name: &str) -> String;
                fn point_add(a: Point, b: Point) -> Point;
            }
        }, crate::handle::expand);
    }

    #[test]
    fn derive_wasm_type() {
        let item = quote! {
            pub struct Point { pub x: i32, pub y: i32 }
        };
        assert_snapshot("derive_wasm_type", quote!(#[derive(WasmType)] #item), crate::derive::expand(item));
    }

    #[test]
    fn derive_wasm_type_enum() {
        let item = quote! {
            pub enum Shape { Dot, Circle { radius: f32 }, Label(String, Level) }
        };
        assert_snapshot("derive_wasm_type_enum", quote!(#[derive(WasmType)] #item), crate::derive::expand(item));
    }

    #[test]
    fn add_to_linker() {
        let input = quote!(&mut linker, |state: &mut State| state, [log, get]);
        assert_snapshot("add_to_linker", quote!(fn f() { add_to_linker!(#input); }), {
            let output = crate::link::expand(input);
            quote!(fn f() { #output; })
        });
    }
}
