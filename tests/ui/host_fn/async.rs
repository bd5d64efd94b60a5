#![allow(unused)]

use wasmbind::host::Context;

// An async host function takes the state and owned or borrowed arguments;
// one that takes a context (to call into plugins) cannot be async yet.
#[wasmbind::host_fn(module = "env")]
pub trait Registry {
    async fn call(cx: &mut Context<'_, Self>, to: String) -> String;
}

fn main() {}
