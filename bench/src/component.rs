//! The third column: the same workloads through the WebAssembly component
//! model, as its users write them: wasmtime's `bindgen!` on the host and
//! wit-bindgen in the plugin (`bench/plugins/component`), both from
//! `bench/wit/bench.wit`. The plugin builds to a core module like the other
//! two; [`ComponentModel::new`] turns it into a component with wit-component,
//! as `wasm-tools component new` would.

use wasmtime::component::{Component, HasSelf, Linker};
use wasmtime::{Engine, Store};

wasmtime::component::bindgen!({ path: "wit", world: "bench" });

/// State of the component-model host.
#[derive(Default)]
pub struct CmHost {
    pub logged: u64,
}

impl self::bench::workloads::host::Host for CmHost {
    fn log(&mut self, msg: String) {
        self.logged += msg.len() as u64;
    }
    fn get(&mut self, _key: String) -> String {
        bench_api::VALUE_64.to_owned()
    }
    fn shift(&mut self, p: Point) -> Point {
        Point { x: p.x + 1, y: p.y - 1 }
    }
}

/// The component-model column.
pub struct ComponentModel {
    pub store: Store<CmHost>,
    pub plugin: Bench,
    pub pre: BenchPre<CmHost>,
}

impl ComponentModel {
    /// Builds the plugin, makes it a component and instantiates it.
    pub fn new(engine: &Engine) -> Self {
        let component = crate::compiled(engine, "bench-component-plugin", |wasm| {
            let component = wit_component::ComponentEncoder::default()
                .module(wasm)
                .and_then(|encoder| encoder.validate(true).encode())
                .expect("wit-component makes the plugin a component");
            Component::new(engine, component).expect("component compiles")
        });
        let mut linker = Linker::new(engine);
        Bench::add_to_linker::<_, HasSelf<_>>(&mut linker, |host| host).expect("host functions");
        let pre = BenchPre::new(linker.instantiate_pre(&component).expect("imports satisfied")).expect("exports");
        let mut store = Store::new(engine, CmHost::default());
        let plugin = pre.instantiate(&mut store).expect("instantiates");
        Self { store, plugin, pre }
    }
}
