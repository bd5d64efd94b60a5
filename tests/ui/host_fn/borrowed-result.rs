#![allow(unused)]

// A host function lends `&str` and `&[u8]` only.
#[wasmbind::host_fn(module = "env")]
fn f(state: &mut Vec<u32>) -> &Vec<u32> { state }

// Lent from the state, not from an argument (its memory is the plugin's).
#[wasmbind::host_fn(module = "env")]
fn g<'a>(state: &mut String, key: &'a str) -> &'a str { key }

#[wasmbind::host_fn(module = "env")]
pub trait Kv {
    // Not across an await, nor from a function with a context (yet).
    async fn get(&mut self, key: &str) -> &str;
    fn peek<'a>(cx: &'a mut wasmbind::host::Context<'_, Self>) -> &'a [u8];
}

fn main() {}
