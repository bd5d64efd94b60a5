//! Macro uses that must compile (and run): what were trybuild `pass`
//! cases. Here they build with the other tests, so trybuild only
//! `check`s its failing cases instead of building every dependency.

/// Exports may share names with `Handle`'s methods: the handle's own
/// methods win, and the trait's stay reachable through `Handle::`.
pub mod exports_named_new_and_plugin {
    use wasmbind::host::{Error, Handle, Plugin};
    use wasmbind::wasmtime::Store;

    #[wasmbind::plugin_export]
    #[allow(clippy::new_ret_no_self)]
    pub trait Odd {
        fn new(seed: u32) -> u32;
        fn plugin(name: &str) -> String;
        fn instantiate() -> bool;
    }

    #[allow(dead_code)]
    fn calls(odd: &OddPlugin, store: &mut Store<()>) -> Result<(u32, String, bool), Error> {
        let plugin: &Plugin = Handle::plugin(odd);
        let _ = plugin.name();
        Ok((odd.new(&mut *store, 7)?, odd.plugin(&mut *store, "x")?, odd.instantiate(&mut *store)?))
    }
}

/// A free host function imported with `use` registers by its plain name.
pub mod register_through_use {
    mod api {
        pub struct State {
            pub total: i64,
        }

        #[wasmbind::host_fn(module = "env")]
        pub fn add(state: &mut State, n: i64) {
            state.total += n
        }

        #[wasmbind::host_fn(module = "env")]
        pub fn total(state: &State) -> i64 {
            state.total
        }
    }

    use api::{State, add, total};

    #[test]
    fn runs() {
        let engine = wasmbind::wasmtime::Engine::default();
        let mut linker = wasmbind::Linker::<State>::new(&engine);
        wasmbind::add_to_linker!(&mut linker, |state: &mut State| state, [add, total]).unwrap();
        let mut store = wasmbind::wasmtime::Store::new(&engine, State { total: 0 });
        assert!(linker.get(&mut store, "env", "add").is_ok());
        assert!(linker.get(&mut store, "env", "total").is_ok());
    }
}

/// `()` crosses inside other types: `Result<(), String>` as a host-function
/// result and as an export result, `Option<()>` as a value.
pub mod unit_results {
    pub struct Table;

    #[wasmbind::host_fn(module = "db")]
    pub trait Db {
        fn set(&mut self, key: &str, value: &[u8]) -> Result<(), String>;
        fn flag(&self) -> Option<()>;
    }

    #[wasmbind::plugin_export]
    pub trait Store {
        fn put(key: &str) -> Result<(), String>;
    }

    impl Db for Table {
        fn set(&mut self, _key: &str, _value: &[u8]) -> Result<(), String> {
            Ok(())
        }
        fn flag(&self) -> Option<()> {
            Some(())
        }
    }

    #[test]
    fn runs() {
        let engine = wasmbind::wasmtime::Engine::default();
        let mut linker = wasmbind::Linker::<Table>::new(&engine);
        db::add_to_linker(&mut linker, |t: &mut Table| t).unwrap();
        assert_eq!(wasmbind::abi::to_body(&Ok::<(), String>(())), [0]);
    }
}
