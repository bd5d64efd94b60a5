#![allow(unused)]
// Links cost generated code, so a trait opts in: linking the handle of a
// trait declared without `link` says how to declare it.

#[wasmbind::plugin_export]
pub trait Calc {
    fn add(a: i32, b: i32) -> i32;
}

struct App {
    calc: Option<CalcPlugin>,
}

fn main() {
    let engine = wasmbind::wasmtime::Engine::default();
    let mut linker = wasmbind::Linker::<App>::new(&engine);
    linker.link(|app: &App| app.calc.as_ref()).unwrap();
}
