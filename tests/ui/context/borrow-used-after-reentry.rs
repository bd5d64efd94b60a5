// A `&str` read from a lent argument borrows the context; calling a plugin
// through the context borrows it mutably, so the `&str` (which the plugin
// could have rewritten) cannot be used after the call.
use wasmbind::{Context, Lent};

#[wasmbind::plugin_export]
pub trait Greeter {
    fn greet(name: &str) -> String;
}

pub struct App {
    greeter: GreeterPlugin,
}

#[wasmbind::host_fn(module = "app")]
fn greet_twice(cx: &mut Context<'_, App>, name: Lent<str>) -> String {
    let greeter = cx.state().greeter.clone();
    let name: &str = cx.read(name);
    let first = greeter.greet(&mut *cx, "Ada").unwrap_or_default();
    format!("{first} / {name}")
}

fn main() {}
