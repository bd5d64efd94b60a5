//! Expansion snapshots: a macro's output, formatted with `prettyplease`,
//! compared with `tests/expand/{name}.rs`. `WASMBIND_BLESS=1` rewrites them.
//! These files are what `cargo expand` shows a user.

use std::path::Path;

use proc_macro2::TokenStream;

/// Formats `input` and `output` and compares them with the snapshot `name`.
pub fn assert_snapshot(name: &str, input: TokenStream, output: TokenStream) {
    let text = format!("// Input:\n{}\n// Output:\n\n{}", comment(&pretty(input)), pretty(output));
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/expand").join(format!("{name}.rs"));
    if std::env::var_os("WASMBIND_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &text).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("no snapshot {}: run with WASMBIND_BLESS=1 to write it", path.display()));
    if expected != text {
        let first = expected.lines().zip(text.lines()).position(|(a, b)| a != b).unwrap_or(0);
        panic!(
            "expansion of {name} changed (first difference at line {}):\n  snapshot: {:?}\n  now:      {:?}\n\
             if the change is intended, run with WASMBIND_BLESS=1 and review the diff",
            first + 1,
            expected.lines().nth(first),
            text.lines().nth(first),
        );
    }
}

fn pretty(tokens: TokenStream) -> String {
    let file: syn::File = syn::parse2(tokens).expect("an expansion parses as items");
    prettyplease::unparse(&file)
}

fn comment(text: &str) -> String {
    text.lines().map(|l| format!("// {l}\n")).collect()
}

/// The snapshot of an attribute macro: `#[wasmbind::{attr}({args})] {item}`
/// expanded by `expand`.
pub fn assert_attr_snapshot(
    name: &str,
    attr: &str,
    args: TokenStream,
    item: TokenStream,
    expand: fn(TokenStream, TokenStream) -> TokenStream,
) {
    let attr = proc_macro2::Ident::new(attr, proc_macro2::Span::call_site());
    let input = quote::quote!(#[wasmbind::#attr(#args)] #item);
    assert_snapshot(name, input, expand(args, item));
}
