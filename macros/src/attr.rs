//! Attribute arguments: `module = "env"`, `crate = "path"`, and a host
//! function's limits `fuel = 50`, `fuel_per_byte = 1`, `max_len = 65536`.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::parse::{Parse, ParseStream};
use syn::{Ident, LitInt, LitStr, Path, Token};

/// A key the attribute accepts.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Key {
    /// `module = "env"`: the import module.
    Module,
    /// `crate = "path"`: where the `wasmbind` crate is, if renamed.
    Crate,
    /// `fuel = 50`: fuel a host function's call costs.
    Fuel,
    /// `fuel_per_byte = 1`: fuel per byte of its arguments.
    FuelPerByte,
    /// `max_len = 65536`: the longest argument it takes, in bytes.
    MaxLen,
    /// `link`: a plugin-export trait other plugins may import (a flag).
    Link,
    /// `dispatch`: an exported impl that hosts may call by name (a flag).
    Dispatch,
    /// `mod_name = "env_host"`: the Rust module a trait generates.
    ModName,
    /// `close`: the host function that closes a handle (a flag, on a method).
    Close,
    /// `namespace`: an exported impl's functions are exported as
    /// `{Trait}.{name}` (a flag).
    Namespace,
    /// `object`: a plugin-export trait that declares an object type (a flag).
    Object,
}

impl Key {
    fn name(self) -> &'static str {
        match self {
            Self::Module => "module",
            Self::Crate => "crate",
            Self::Fuel => "fuel",
            Self::FuelPerByte => "fuel_per_byte",
            Self::MaxLen => "max_len",
            Self::Link => "link",
            Self::Dispatch => "dispatch",
            Self::ModName => "mod_name",
            Self::Close => "close",
            Self::Namespace => "namespace",
            Self::Object => "object",
        }
    }

    fn from_name(name: &str) -> Option<Self> {
        [
            Self::Module,
            Self::Fuel,
            Self::FuelPerByte,
            Self::MaxLen,
            Self::Link,
            Self::Dispatch,
            Self::ModName,
            Self::Close,
            Self::Namespace,
            Self::Object,
        ]
        .into_iter()
        .find(|k| k.name() == name)
    }
}

/// The keys of a host function's limits.
pub const LIMITS: [Key; 3] = [Key::Fuel, Key::FuelPerByte, Key::MaxLen];

/// What a host function declares a call may cost and carry.
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Fuel charged per call.
    pub fuel: Option<u64>,
    /// Fuel charged per byte of the arguments that travel through memory.
    pub fuel_per_byte: Option<u64>,
    /// The longest argument, in bytes.
    pub max_len: Option<u32>,
}

impl Limits {
    /// Whether any limit is declared.
    pub fn any(&self) -> bool {
        *self != Self::default()
    }

    /// These limits, each one `self` leaves out taken from `defaults` (a
    /// method's limits over its trait's).
    pub fn or(self, defaults: Self) -> Self {
        Self {
            fuel: self.fuel.or(defaults.fuel),
            fuel_per_byte: self.fuel_per_byte.or(defaults.fuel_per_byte),
            max_len: self.max_len.or(defaults.max_len),
        }
    }

    /// The runtime's `HostLimits` value: `HostLimits::NONE`, or the
    /// declared limits over it (so an expansion shows what was written).
    pub fn tokens(&self, p: &TokenStream) -> TokenStream {
        if !self.any() {
            return quote!(#p::HostLimits::NONE);
        }
        let fuel = self.fuel.map(|v| quote!(fuel: #v,));
        let per_byte = self.fuel_per_byte.map(|v| quote!(fuel_per_byte: #v,));
        let max_len = self.max_len.map(|v| quote!(max_len: #v,));
        let rest = [fuel.is_none(), per_byte.is_none(), max_len.is_none()]
            .contains(&true)
            .then(|| quote!(..#p::HostLimits::NONE));
        quote!(#p::HostLimits { #fuel #per_byte #max_len #rest })
    }
}

/// Parsed attribute arguments, e.g. `module = "env", crate = "wb"`.
pub struct Args {
    /// The import module.
    pub module: Option<LitStr>,
    /// Path of the runtime crate; `::wasmbind` unless `crate = "..."` says otherwise.
    pub krate: Path,
    /// A host function's limits.
    pub limits: Limits,
    /// `link`: other plugins may import the trait.
    pub link: bool,
    /// `dispatch`: the impl exports a dispatcher for calls by name.
    pub dispatch: bool,
    /// `mod_name = ".."`: the name of the Rust module a trait generates.
    pub mod_name: Option<Ident>,
    /// `close`: a method closes the handle it takes.
    pub close: bool,
    /// `namespace`: the impl's exports are qualified by the trait.
    pub namespace: bool,
    /// `object`: the trait declares an object type.
    pub object: bool,
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
                let what = match key {
                    _ if LIMITS.contains(&key) => "is a limit of host functions (`#[host_fn]`) and ",
                    Key::Close => {
                        "marks the method of a `#[host_fn]` trait that closes a handle (`#[host_fn(close)] fn close(..)`) and "
                    }
                    _ => "",
                };
                return Err(syn::Error::new(
                    span,
                    format!("`{}` {what}does not apply here; expected {expected}", key.name()),
                ));
            }
        }
        Ok(args)
    }

    /// Where `key` was given, if it was.
    pub fn span_of(&self, key: Key) -> Option<Span> {
        self.given.iter().find(|(given, _)| *given == key).map(|&(_, span)| span)
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
        let mut args = Args {
            module: None,
            krate: syn::parse_quote!(::wasmbind),
            limits: Limits::default(),
            link: false,
            dispatch: false,
            mod_name: None,
            close: false,
            namespace: false,
            object: false,
            given: Vec::new(),
        };
        while !input.is_empty() {
            let (key, span) = if input.peek(Token![crate]) {
                let token: Token![crate] = input.parse()?;
                (Key::Crate, token.span)
            } else {
                let ident: Ident = input.parse()?;
                match Key::from_name(&ident.to_string()) {
                    Some(key) => (key, ident.span()),
                    None => {
                        let other = ident.to_string();
                        let hint = if other.starts_with("mod") { " (did you mean `module`?)" } else { "" };
                        return Err(syn::Error::new(
                            ident.span(),
                            format!(
                                "unknown argument `{other}`{hint}; expected `module = \"...\"`, `crate = \"...\"`, `mod_name = \"...\"`, `link`, `dispatch` or a host function's limit: `fuel = 50`, `fuel_per_byte = 1`, `max_len = 65536`"
                            ),
                        ));
                    }
                }
            };
            if args.given.iter().any(|(k, _)| *k == key) {
                return Err(syn::Error::new(span, format!("`{}` is given twice", key.name())));
            }
            match key {
                // A flag: no value.
                Key::Link => args.link = true,
                Key::Dispatch => args.dispatch = true,
                Key::Close => args.close = true,
                Key::Namespace => args.namespace = true,
                Key::Object => args.object = true,
                Key::Module | Key::Crate | Key::ModName => {
                    input.parse::<Token![=]>()?;
                    let value: LitStr = input.parse().map_err(|e| {
                        syn::Error::new(
                            e.span(),
                            format!("expected a string literal, e.g. `{} = \"{}\"`", key.name(), example(key)),
                        )
                    })?;
                    match key {
                        Key::Module => args.module = Some(value),
                        Key::ModName => {
                            let mut ident = value.parse::<Ident>().map_err(|_| {
                                syn::Error::new(
                                    value.span(),
                                    "expected the name of a Rust module, e.g. `mod_name = \"env_host\"`",
                                )
                            })?;
                            ident.set_span(value.span());
                            args.mod_name = Some(ident);
                        }
                        _ => args.krate = value.parse()?,
                    }
                }
                Key::Fuel => args.limits.fuel = Some(number(input, key, u64::MAX)?),
                Key::FuelPerByte => args.limits.fuel_per_byte = Some(number(input, key, u64::MAX)?),
                Key::MaxLen => args.limits.max_len = Some(number(input, key, u64::from(u32::MAX))? as u32),
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
        Key::Fuel => "50",
        Key::FuelPerByte => "1",
        Key::MaxLen => "65536",
        Key::ModName => "env_host",
        Key::Link | Key::Dispatch | Key::Close | Key::Namespace | Key::Object => "",
    }
}

/// A limit's value after its `=`: a whole number from 1 to `max`, unsuffixed.
fn number(input: ParseStream, key: Key, max: u64) -> syn::Result<u64> {
    input.parse::<Token![=]>()?;
    let expected = |span| {
        let (name, example) = (key.name(), example(key));
        syn::Error::new(span, format!("expected a whole number from 1 to {max}, e.g. `{name} = {example}`"))
    };
    let lit: LitInt = input.parse().map_err(|e| expected(e.span()))?;
    match lit.base10_parse::<u64>() {
        Ok(value) if (1..=max).contains(&value) && lit.suffix().is_empty() => Ok(value),
        _ => Err(expected(lit.span())),
    }
}

/// The Rust module named after an import module: the module string when it
/// is an identifier (`"env"` -> `env`), else the trait's name in snake case.
pub fn module_ident(module: &LitStr, trait_ident: &Ident) -> Ident {
    match syn::parse_str::<Ident>(&module.value()) {
        Ok(mut ident) => {
            ident.set_span(module.span());
            ident
        }
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
