//! `add_to_linker!(linker, get, [a, b::c])`.
//!
//! Output: `Ok(()).and_then(|()| __wasmbind_host_fn_a(&mut *linker, get)).and_then(..)`,
//! so one `?` registers them all. `get` is repeated so that each closure
//! literal is inferred against the registration's signature.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{Expr, Path, Token, bracketed};

struct Input {
    linker: Expr,
    get: Expr,
    functions: Punctuated<Path, Token![,]>,
}

impl Parse for Input {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let linker = input.parse()?;
        input.parse::<Token![,]>()?;
        let get = input.parse()?;
        input.parse::<Token![,]>()?;
        let content;
        bracketed!(content in input);
        let functions = content.parse_terminated(Path::parse_mod_style, Token![,])?;
        let _: Option<Token![,]> = input.parse()?;
        Ok(Self { linker, get, functions })
    }
}

pub fn expand(input: TokenStream) -> TokenStream {
    let Input { linker, get, functions } = match syn::parse2(input) {
        Ok(input) => input,
        Err(e) => {
            let hint = "expected `add_to_linker!(linker, |data| &mut data.state, [function, ...])`";
            return syn::Error::new(e.span(), format!("{e}; {hint}")).to_compile_error();
        }
    };
    let calls = functions.iter().map(|path| {
        let mut path = path.clone();
        if let Some(last) = path.segments.last_mut() {
            last.ident = format_ident!("__wasmbind_host_fn_{}", last.ident, span = last.ident.span());
        }
        quote!(.and_then(|()| #path(&mut *__linker, #get)))
    });
    quote! {{
        let __linker = #linker;
        ::core::result::Result::Ok(()) #(#calls)*
    }}
}
