//! The two columns of every benchmark: a wasmbind host + plugin, and a
//! hand-written `func_wrap` host + plugin doing the same work with the same
//! checks. `benches/calls.rs` times them; `tests/agree.rs` checks that they
//! compute the same results.

use std::path::{Path, PathBuf};
use wasmbind::host::Handle;

use bench_api::{BenchPlugin, Point, VALUE_64};
use wasmbind::wasmtime::{Caller, Engine, Error, InstancePre, Linker, Memory, Module, Result, Store, TypedFunc};

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The engine both columns share: wasmbind's recommended configuration.
pub fn engine() -> Engine {
    Engine::new(&wasmbind::host::config()).expect("engine")
}

/// The same with wasmtime's pooling instance allocator (workload 7b).
pub fn pooling_engine() -> Engine {
    Engine::new(&wasmbind::host::pooling_config(64, 16 << 20)).expect("pooling engine")
}

pub mod component;

/// A bench plugin compiled for `engine`. With `WASMBIND_BENCH_CACHE` set to
/// a directory (`bench/icount.sh` sets it), the compiled code is kept there
/// and loaded by later runs: compiling under valgrind moved a small
/// instruction-count row by up to ±10, and loading does not.
fn module(engine: &Engine, package: &str) -> Module {
    compiled(engine, package, |wasm| Module::new(engine, wasm).expect("plugin compiles"))
}

/// What [`module`] does for either kind of code (a [`Module`] or a
/// component): `compile` turns the plugin's `.wasm` into it, and the cache
/// keeps what it made.
fn compiled<T: Compiled>(engine: &Engine, package: &str, compile: impl FnOnce(&[u8]) -> T) -> T {
    // `WASMBIND_BENCH_PLUGINS=dir`: the plugins as built some other way
    // (`dir/{package}.wasm`), say a plain `cargo build --release` without LTO.
    let wasm = match std::env::var_os("WASMBIND_BENCH_PLUGINS") {
        Some(dir) => Path::new(&dir).join(format!("{}.wasm", package.replace('-', "_"))),
        None => wasmbind_build::build_plugin(&workspace(), package, "wasm32-unknown-unknown").expect("plugin builds"),
    };
    let bytes = std::fs::read(&wasm).expect("plugin's .wasm");
    let Some(dir) = std::env::var_os("WASMBIND_BENCH_CACHE") else {
        return compile(&bytes);
    };
    let mut hasher = std::hash::DefaultHasher::new();
    std::hash::Hash::hash(&bytes, &mut hasher);
    std::hash::Hash::hash(&engine.precompile_compatibility_hash(), &mut hasher);
    let path = Path::new(&dir).join(format!("{package}-{:016x}.cwasm", std::hash::Hasher::finish(&hasher)));
    // SAFETY: the file, if there, was written below by `serialize` for this
    // plugin and an engine of the same compatibility hash, and wasmtime
    // checks its header and the host's CPU features again.
    if let Ok(code) = unsafe { T::deserialize_file(engine, &path) } {
        return code;
    }
    let code = compile(&bytes);
    if let Ok(serialized) = code.serialize() {
        let _ = std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, serialized));
    }
    code
}

/// Compiled code the bench cache keeps: a [`Module`] or a component.
trait Compiled: Sized {
    /// # Safety
    /// As [`Module::deserialize_file`].
    unsafe fn deserialize_file(engine: &Engine, path: &Path) -> Result<Self>;
    fn serialize(&self) -> Result<Vec<u8>>;
}

impl Compiled for Module {
    unsafe fn deserialize_file(engine: &Engine, path: &Path) -> Result<Self> {
        // SAFETY: the caller's.
        unsafe { Module::deserialize_file(engine, path) }
    }
    fn serialize(&self) -> Result<Vec<u8>> {
        Module::serialize(self)
    }
}

impl Compiled for wasmtime::component::Component {
    unsafe fn deserialize_file(engine: &Engine, path: &Path) -> Result<Self> {
        // SAFETY: the caller's.
        unsafe { wasmtime::component::Component::deserialize_file(engine, path) }
    }
    fn serialize(&self) -> Result<Vec<u8>> {
        wasmtime::component::Component::serialize(self)
    }
}

/// State of the wasmbind host.
#[derive(Default)]
pub struct WbHost {
    pub logged: u64,
    /// The plugin a plugin's `bench::echo` reaches (workload 9).
    pub peer: Option<BenchPlugin>,
}

impl bench_api::Host for WbHost {
    fn log(&mut self, msg: &str) {
        self.logged += msg.len() as u64;
    }
    fn get(&mut self, _key: &str) -> &str {
        VALUE_64
    }
    fn shift(&mut self, p: Point) -> Point {
        Point { x: p.x + 1, y: p.y - 1 }
    }
    fn log_cx(cx: &mut wasmbind::Context<'_, Self>, msg: wasmbind::Lent<str>) {
        let (args, host) = cx.split();
        host.logged += args.read(msg).len() as u64;
    }
}

/// The wasmbind column.
pub struct Wasmbind {
    pub store: Store<WbHost>,
    pub plugin: BenchPlugin,
    pub pre: wasmbind::host::InstancePre<WbHost>,
}

impl Wasmbind {
    /// Builds the plugin and instantiates it.
    pub fn new(engine: &Engine) -> Self {
        let module = module(engine, "bench-wasmbind-plugin");
        let mut linker = wasmbind::Linker::new(engine);
        bench_api::host::add_to_linker(&mut linker, |host: &mut WbHost| host).unwrap();
        linker.link(|host: &WbHost| host.peer.as_ref()).unwrap();
        let pre = linker.instantiate_pre(&module, "bench").unwrap();
        let mut store = Store::new(engine, WbHost::default());
        let peer = Self::instantiate(&mut store, &pre).unwrap();
        store.data_mut().peer = Some(peer);
        let plugin = Self::instantiate(&mut store, &pre).unwrap();
        Self { store, plugin, pre }
    }

    /// Workload 7: a new instance from the pre-instantiated module.
    pub fn instantiate(
        store: &mut Store<WbHost>,
        pre: &wasmbind::host::InstancePre<WbHost>,
    ) -> Result<BenchPlugin, wasmbind::host::Error> {
        BenchPlugin::instantiate(store, pre)
    }
}

/// State of the async wasmbind host (workload 11): every function ready at once.
#[derive(Default)]
pub struct AsyncWbHost {
    pub logged: u64,
}

impl bench_api::asynchronous::Host for AsyncWbHost {
    async fn log(&mut self, msg: &str) {
        self.logged += msg.len() as u64;
    }
    async fn get(&mut self, _key: &str) -> String {
        VALUE_64.to_owned()
    }
    async fn shift(&mut self, p: Point) -> Point {
        Point { x: p.x + 1, y: p.y - 1 }
    }
    fn log_cx(cx: &mut wasmbind::Context<'_, Self>, msg: wasmbind::Lent<str>) {
        let (args, host) = cx.split();
        host.logged += args.read(msg).len() as u64;
    }
}

/// The wasmbind column of workload 11: the same plugin in a store whose
/// host functions are async, called with `_async` calls.
pub struct AsyncWasmbind {
    pub store: Store<AsyncWbHost>,
    pub plugin: BenchPlugin,
}

impl AsyncWasmbind {
    /// Builds the plugin and instantiates it.
    pub fn new(engine: &Engine) -> Self {
        let module = module(engine, "bench-wasmbind-plugin");
        let mut linker = wasmbind::Linker::new(engine);
        bench_api::asynchronous::host::add_to_linker_async(&mut linker, |host: &mut AsyncWbHost| host).unwrap();
        linker.link(|_: &AsyncWbHost| None::<&BenchPlugin>).unwrap();
        let mut store = Store::new(engine, AsyncWbHost::default());
        let plugin = wasmbind::host::block_on(BenchPlugin::instantiate_async(&mut store, (&linker, &module))).unwrap();
        Self { store, plugin }
    }
}

/// State of the hand-written host: it caches the memory after instantiation,
/// as an expert would.
#[derive(Default)]
pub struct BaseHost {
    pub memory: Option<Memory>,
    pub logged: u64,
    /// The plugin a plugin's `peer::echo` reaches (workload 9).
    pub peer: Option<Peer>,
}

/// What the hand-written host needs of the plugin that `peer::echo` calls.
#[derive(Clone)]
pub struct Peer {
    pub memory: Memory,
    pub alloc: TypedFunc<u32, u32>,
    pub echo: TypedFunc<(u32, u32), i64>,
}

/// The hand-written plugin's exports, looked up once.
pub struct BaseExports {
    pub memory: Memory,
    pub alloc: TypedFunc<u32, u32>,
    pub add: TypedFunc<(i32, i32), i32>,
    pub log_loop: TypedFunc<u32, ()>,
    pub echo: TypedFunc<(u32, u32), i64>,
    pub get_loop: TypedFunc<u32, u32>,
    pub point_add: TypedFunc<(i32, i32, i32, i32), i64>,
    pub point_loop: TypedFunc<u32, i32>,
    pub sum_points: TypedFunc<(u32, u32), i64>,
    pub peer_loop: TypedFunc<u32, u32>,
}

/// The hand-written column.
pub struct Baseline {
    pub store: Store<BaseHost>,
    pub exports: BaseExports,
    pub pre: InstancePre<BaseHost>,
}

fn bytes(data: &[u8], ptr: u32, len: u32) -> Result<&[u8]> {
    data.get(ptr as usize..)
        .and_then(|rest| rest.get(..len as usize))
        .ok_or_else(|| Error::msg("pointer out of bounds"))
}

fn base_linker(engine: &Engine) -> Linker<BaseHost> {
    let mut linker = Linker::new(engine);
    linker
        .func_wrap("host", "log", |mut caller: Caller<'_, BaseHost>, ptr: u32, len: u32| -> Result<()> {
            let memory = caller.data().memory.ok_or_else(|| Error::msg("no memory"))?;
            let (data, host) = memory.data_and_store_mut(&mut caller);
            let msg = std::str::from_utf8(bytes(data, ptr, len)?)?;
            host.logged += msg.len() as u64;
            Ok(())
        })
        .unwrap();
    linker
        .func_wrap(
            "host",
            "get",
            |mut caller: Caller<'_, BaseHost>, kptr: u32, klen: u32, out: u32, cap: u32| -> Result<u32> {
                let memory = caller.data().memory.ok_or_else(|| Error::msg("no memory"))?;
                let data = memory.data_mut(&mut caller);
                std::str::from_utf8(bytes(data, kptr, klen)?)?;
                let value = VALUE_64.as_bytes();
                if value.len() <= cap as usize {
                    let target = data
                        .get_mut(out as usize..)
                        .and_then(|rest| rest.get_mut(..value.len()))
                        .ok_or_else(|| Error::msg("out of bounds"))?;
                    target.copy_from_slice(value);
                }
                Ok(value.len() as u32)
            },
        )
        .unwrap();
    linker
        .func_wrap("host", "shift", |_: Caller<'_, BaseHost>, x: i32, y: i32| -> i64 {
            (i64::from(y - 1) << 32) | i64::from((x + 1) as u32)
        })
        .unwrap();
    linker
        .func_wrap(
            "peer",
            "echo",
            |mut caller: Caller<'_, BaseHost>, ptr: u32, len: u32, out: u32, cap: u32| -> Result<u32> {
                let memory = caller.data().memory.ok_or_else(|| Error::msg("no memory"))?;
                let text = std::str::from_utf8(bytes(memory.data(&caller), ptr, len)?)?.to_owned();
                let peer = caller.data().peer.clone().ok_or_else(|| Error::msg("no peer"))?;
                let block = match len {
                    0 => 0,
                    _ => peer.alloc.call(&mut caller, len)?,
                };
                peer.memory
                    .data_mut(&mut caller)
                    .get_mut(block as usize..)
                    .and_then(|rest| rest.get_mut(..text.len()))
                    .ok_or_else(|| Error::msg("allocator returned an out-of-bounds block"))?
                    .copy_from_slice(text.as_bytes());
                let packed = peer.echo.call(&mut caller, (block, len))? as u64;
                let result = bytes(peer.memory.data(&caller), packed as u32, (packed >> 32) as u32)?;
                let result = std::str::from_utf8(result)?.to_owned();
                if result.len() <= cap as usize {
                    memory
                        .data_mut(&mut caller)
                        .get_mut(out as usize..)
                        .and_then(|rest| rest.get_mut(..result.len()))
                        .ok_or_else(|| Error::msg("out of bounds"))?
                        .copy_from_slice(result.as_bytes());
                }
                Ok(result.len() as u32)
            },
        )
        .unwrap();
    linker
}

/// The hand-written column of workload 11: `log` by hand with
/// `func_wrap_async`, the plugin called with `call_async`.
pub fn async_baseline(engine: &Engine) -> (Store<BaseHost>, BaseExports) {
    let module = module(engine, "bench-baseline-plugin");
    let mut linker = base_linker(engine);
    linker.allow_shadowing(true);
    linker
        .func_wrap_async("host", "log", |mut caller: Caller<'_, BaseHost>, (ptr, len): (u32, u32)| {
            Box::new(async move {
                let memory = caller.data().memory.ok_or_else(|| Error::msg("no memory"))?;
                let (data, host) = memory.data_and_store_mut(&mut caller);
                let msg = std::str::from_utf8(bytes(data, ptr, len)?)?;
                host.logged += msg.len() as u64;
                Ok(())
            })
        })
        .unwrap();
    let mut store = Store::new(engine, BaseHost::default());
    let instance = wasmbind::host::block_on(linker.instantiate_async(&mut store, &module)).unwrap();
    let exports = Baseline::exports(&mut store, instance).unwrap();
    (store, exports)
}

impl Baseline {
    /// Builds the plugin and instantiates it.
    pub fn new(engine: &Engine) -> Self {
        let module = module(engine, "bench-baseline-plugin");
        let pre = base_linker(engine).instantiate_pre(&module).unwrap();
        let mut store = Store::new(engine, BaseHost::default());
        let peer = Self::instantiate(&mut store, &pre).unwrap();
        store.data_mut().peer = Some(Peer { memory: peer.memory, alloc: peer.alloc, echo: peer.echo });
        let exports = Self::instantiate(&mut store, &pre).unwrap();
        Self { store, exports, pre }
    }

    /// Workload 7: a new instance, its memory and its exports.
    pub fn instantiate(store: &mut Store<BaseHost>, pre: &InstancePre<BaseHost>) -> Result<BaseExports> {
        let instance = pre.instantiate(&mut *store)?;
        Self::exports(store, instance)
    }

    /// The instance's memory and exports.
    pub fn exports(store: &mut Store<BaseHost>, instance: wasmbind::wasmtime::Instance) -> Result<BaseExports> {
        let memory = instance.get_memory(&mut *store, "memory").ok_or_else(|| Error::msg("no memory"))?;
        store.data_mut().memory = Some(memory);
        Ok(BaseExports {
            memory,
            alloc: instance.get_typed_func(&mut *store, "alloc_bytes")?,
            add: instance.get_typed_func(&mut *store, "add")?,
            log_loop: instance.get_typed_func(&mut *store, "log_loop")?,
            echo: instance.get_typed_func(&mut *store, "echo")?,
            get_loop: instance.get_typed_func(&mut *store, "get_loop")?,
            point_add: instance.get_typed_func(&mut *store, "point_add")?,
            point_loop: instance.get_typed_func(&mut *store, "point_loop")?,
            sum_points: instance.get_typed_func(&mut *store, "sum_points")?,
            peer_loop: instance.get_typed_func(&mut *store, "peer_loop")?,
        })
    }

    fn pass(&mut self, body: &[u8]) -> Result<(u32, u32)> {
        let len = body.len() as u32;
        if len == 0 {
            return Ok((0, 0));
        }
        let ptr = self.exports.alloc.call(&mut self.store, len)?;
        let target = self
            .exports
            .memory
            .data_mut(&mut self.store)
            .get_mut(ptr as usize..)
            .and_then(|rest| rest.get_mut(..body.len()))
            .ok_or_else(|| Error::msg("allocator returned an out-of-bounds block"))?;
        target.copy_from_slice(body);
        Ok((ptr, len))
    }

    /// Workload 3, by hand.
    pub fn echo(&mut self, text: &str) -> Result<String> {
        let (ptr, len) = self.pass(text.as_bytes())?;
        let packed = self.exports.echo.call(&mut self.store, (ptr, len))? as u64;
        let data = self.exports.memory.data(&self.store);
        let out = bytes(data, packed as u32, (packed >> 32) as u32)?;
        Ok(std::str::from_utf8(out)?.to_owned())
    }

    /// Workload 5, by hand.
    pub fn point_add(&mut self, a: Point, b: Point) -> Result<Point> {
        let packed = self.exports.point_add.call(&mut self.store, (a.x, a.y, b.x, b.y))?;
        Ok(Point { x: packed as i32, y: (packed >> 32) as i32 })
    }

    /// Workload 6, by hand.
    pub fn sum_points(&mut self, points: &[Point]) -> Result<i64> {
        let mut body = Vec::with_capacity(points.len() * 8);
        for p in points {
            body.extend_from_slice(&p.x.to_le_bytes());
            body.extend_from_slice(&p.y.to_le_bytes());
        }
        let (ptr, len) = self.pass(&body)?;
        self.exports.sum_points.call(&mut self.store, (ptr, len))
    }
}
