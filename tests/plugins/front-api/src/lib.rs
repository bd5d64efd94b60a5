//! A plugin in front of another: it calls `calc_api::Calc`, implemented by
//! another plugin, through the host: typed (the host links the import
//! module `plugin:Calc`) and by name (the host's `registry::call`).

use calc_api::Point;
use wasmbind::{Context, Lent, host_fn, plugin_export};

#[plugin_export]
pub trait Front {
    /// `calc::greet(name)`, marked as passing through.
    fn hello(name: &str) -> String;
    /// `calc::point_add(a, b)`.
    fn add(a: Point, b: Point) -> Point;
    /// `calc::count` of each text.
    fn counts(texts: Vec<String>) -> Vec<u32>;
    /// `registry::call(function, signature, args)`, as is.
    fn by_name(function: &str, signature: &str, args: &[u8]) -> Result<Vec<u8>, String>;
    /// `greet(name)` by name through the registry, decoded.
    fn hello_by_name(name: &str) -> Result<String, String>;
}

#[host_fn(module = "registry")]
pub trait Registry {
    /// Calls `function` by name on the plugin the host registered for it;
    /// `args` is the body of the tuple of its arguments, the result the
    /// body of its result.
    fn call(
        cx: &mut Context<'_, Self>,
        function: Lent<str>,
        signature: Lent<str>,
        args: Lent<[u8]>,
    ) -> Result<Vec<u8>, String>;
}
