//! A second API crate beside calc-api, as a plugin system grows one: its
//! host functions go in the import module `env` that calc-api's `Env`
//! also fills, and its export trait `Types` is named like its host module
//! `types`, so `mod_name` renames the module `link` generates.

use wasmbind::{host_fn, plugin_export};

/// More functions of module `env`.
#[host_fn(module = "env")]
pub trait Clock {
    /// The host's clock.
    fn now(&mut self) -> u64;
    /// The same name as calc-api's `Env::log` would clash on the import,
    /// so a second module's function has its own name.
    fn note(&mut self, text: &str);
}

/// A second trait of module `env` in this crate: `mod_name` keeps its
/// generated module apart from `Clock`'s `mod env`.
#[host_fn(module = "env", mod_name = "env_ids")]
pub trait Ids {
    /// A new id.
    fn next_id(&mut self) -> u32;
}

/// Host functions in module `types`: `mod types`.
#[host_fn(module = "types")]
pub trait TypeNames {
    /// A type's name by number.
    fn name_of(&mut self, id: u32) -> String;
}

/// What the plugin exports; `link` would make `mod types` too, hence
/// `mod_name`.
#[plugin_export(link, mod_name = "types_link")]
pub trait Types {
    /// Describes type `id`, through all three import traits.
    fn describe(id: u32) -> String;
}
