// `()` crosses inside other types: `Result<(), String>` as a host-function
// result and as an export result, `Option<()>` as a value.
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

fn main() {
    let engine = wasmbind::wasmtime::Engine::default();
    let mut linker = wasmbind::Linker::<Table>::new(&engine);
    db::add_to_linker(&mut linker, |t: &mut Table| t).unwrap();
    assert_eq!(wasmbind::abi::to_body(&Ok::<(), String>(())), [0]);
}
