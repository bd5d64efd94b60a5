//! Attribute arguments: `module = "env"`, `crate = "path"`.

use proc_macro2::Span;
use syn::parse::{Parse, ParseStream};
use syn::{Ident, LitStr, Path, Token};

/// A key the attribute accepts.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Key {
    /// `module = "env"`: the import module.
    Module,
    /// `crate = "path"`: where the `wasmbind` crate is, if renamed.
    Crate,
}

impl Key {
    fn name(self) -> &'static str {
        match self {
            Self::Module => "module",
            Self::Crate => "crate",
        }
    }
}

/// Parsed attribute arguments, e.g. `module = "env", crate = "wb"`.
pub struct Args {
    /// The import module.
    pub module: Option<LitStr>,
    /// Path of the runtime crate; `::wasmbind` unless `crate = "..."` says otherwise.
    pub krate: Path,
    /// Every argument given, with its span, for checks of which keys apply.
    pub given: Vec<(Key, Span)>,
}

impl Args {
    /// Parses `tokens`, accepting only `allowed` keys.
    pub fn parse(tokens: proc_macro2::TokenStream, allowed: &[Key]) -> syn::Result<Self> {
        let args: Self = syn::parse2(tokens)?;
        for &(key, span) in &args.given {
            if !allowed.contains(&key) {
                let names: Vec<_> = allowed.iter().map(|k| format!("`{}`", k.name())).collect();
                let expected = if names.is_empty() { "no arguments".into() } else { names.join(" or ") };
                return Err(syn::Error::new(
                    span,
                    format!("`{}` does not apply here; expected {expected}", key.name()),
                ));
            }
        }
        Ok(args)
    }

    /// The module, or an error that says how to give it.
    pub fn require_module(&self, attr: &str) -> syn::Result<&LitStr> {
        self.module.as_ref().ok_or_else(|| {
            syn::Error::new(
                Span::call_site(),
                format!("missing `module = \"...\"`: name the import module, e.g. `#[{attr}(module = \"env\")]`"),
            )
        })
    }
}

impl Parse for Args {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let mut args = Args { module: None, krate: syn::parse_quote!(::wasmbind), given: Vec::new() };
        while !input.is_empty() {
            let (key, span) = if input.peek(Token![crate]) {
                let token: Token![crate] = input.parse()?;
                (Key::Crate, token.span)
            } else {
                let ident: Ident = input.parse()?;
                match ident.to_string().as_str() {
                    "module" => (Key::Module, ident.span()),
                    other => {
                        let hint = if other.starts_with("mod") { " (did you mean `module`?)" } else { "" };
                        return Err(syn::Error::new(
                            ident.span(),
                            format!(
                                "unknown argument `{other}`{hint}; expected `module = \"...\"` or `crate = \"...\"`"
                            ),
                        ));
                    }
                }
            };
            if args.given.iter().any(|(k, _)| *k == key) {
                return Err(syn::Error::new(span, format!("`{}` is given twice", key.name())));
            }
            input.parse::<Token![=]>()?;
            let value: LitStr = input.parse().map_err(|e| {
                syn::Error::new(
                    e.span(),
                    format!("expected a string literal, e.g. `{} = \"{}\"`", key.name(), example(key)),
                )
            })?;
            match key {
                Key::Module => args.module = Some(value),
                Key::Crate => args.krate = value.parse()?,
            }
            args.given.push((key, span));
            if !input.is_empty() {
                input.parse::<Token![,]>()?;
            }
        }
        Ok(args)
    }
}

fn example(key: Key) -> &'static str {
    match key {
        Key::Module => "env",
        Key::Crate => "::wasmbind",
    }
}

/// The Rust module named after an import module: the module string when it
/// is an identifier (`"env"` -> `env`), else the trait's name in snake case.
pub fn module_ident(module: &LitStr, trait_ident: &Ident) -> Ident {
    match syn::parse_str::<Ident>(&module.value()) {
        Ok(ident) => Ident::new(&ident.to_string(), module.span()),
        Err(_) => Ident::new(&wasmbind_shared::snake_case(&trait_ident.to_string()), trait_ident.span()),
    }
}

impl Args {
    /// `{crate}::__private`, where generated code finds everything it names.
    pub fn private(&self) -> proc_macro2::TokenStream {
        let krate = &self.krate;
        quote::quote!(#krate::__private)
    }
}
