//! Holds host secrets by handle; passes along whatever handle it is given.

use vault_api::{Keeper, Secret, vault};
use wasmbind::{Resource, plugin_export};

pub struct Plugin;

#[plugin_export]
impl Keeper for Plugin {
    fn keep(text: &str) -> Resource<Secret> {
        vault::open(text)
    }

    fn peek(secret: Resource<Secret>) -> String {
        vault::read(secret)
    }

    fn discard(secret: Resource<Secret>) {
        vault::close(secret)
    }

    fn hoard(n: u32) -> u32 {
        for i in 0..n {
            let _ = vault::open(&format!("secret {i}"));
        }
        n
    }
}
