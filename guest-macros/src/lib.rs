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

#[cfg(test)]
mod snapshots {
    use quote::quote;
    use wasmbind_macro_support::snapshot::assert_attr_snapshot as attr;

    #[test]
    fn plugin_export_on_a_free_function() {
        attr("plugin_export_fn", "plugin_export", quote!(), quote! {
            fn greet(name: &str) -> String {
                format!("Hello, {name}!")
            }
        }, crate::export::expand);
    }

    #[test]
    fn plugin_export_on_a_trait() {
        attr("plugin_export_trait", "plugin_export", quote!(), quote! {
            pub trait Calc {
                /// Greets `name`.
                fn greet(name: &str) -> String;
                fn point_add(a: Point, b: Point) -> Point;
            }
        }, crate::export::expand);
    }

    #[test]
    fn plugin_export_on_an_impl() {
        attr("plugin_export_impl", "plugin_export", quote!(), quote! {
            impl Calc for MyPlugin {
                fn greet(name: &str) -> String { format!("Hello, {name}!") }
                fn point_add(a: Point, b: Point) -> Point { Point { x: a.x + b.x, y: a.y + b.y } }
            }
        }, crate::export::expand);
    }

    #[test]
    fn host_import() {
        attr("host_import", "host_import", quote!(module = "env"), quote! {
            unsafe extern "C" {
                /// Logs a line.
                pub fn log(msg: &str);
                pub fn get(key: &str) -> Option<String>;
            }
        }, crate::import::expand);
    }

    #[test]
    fn host_fn_on_a_trait_plugin_side() {
        attr("host_fn_trait_plugin", "host_fn", quote!(module = "env", crate = "::wasmbind"), quote! {
            pub trait Env {
                /// Appends a line to the host's log.
                fn log(&mut self, msg: &str);
                fn shared_value(&self) -> i32;
            }
        }, crate::import::expand_trait);
    }
}
