//! Implements `front_api::Front` by calling another plugin's `Calc`.

use calc_api::{Point, calc};
use front_api::{Front, registry};
use wasmbind::{WasmType, plugin_export};

pub struct Impl;

#[plugin_export]
impl Front for Impl {
    fn hello(name: &str) -> String {
        format!("front: {}", calc::greet(name))
    }

    fn add(a: Point, b: Point) -> Point {
        calc::point_add(a, b)
    }

    fn counts(texts: Vec<String>) -> Vec<u32> {
        texts.iter().map(|text| calc::count(text)).collect()
    }

    fn by_name(function: &str, signature: &str, args: &[u8]) -> Result<Vec<u8>, String> {
        registry::call(function, signature, args)
    }

    fn hello_by_name(name: &str) -> Result<String, String> {
        let args = wasmbind::abi::to_body(&(name.to_owned(),));
        let result = registry::call("greet", "fn(&str) -> String", &args)?;
        String::decode(&result).map_err(|e| e.to_string())
    }
}
