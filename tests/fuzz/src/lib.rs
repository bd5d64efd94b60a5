//! The fuzz targets' bodies. Each takes arbitrary bytes and drives one
//! surface a plugin controls; none may panic, abort, hang or allocate
//! without bound, whatever the bytes. Each `assert!` here is a property
//! the fuzzer checks besides that.
//!
//! | target | surface |
//! |---|---|
//! | [`decode`] | every decoder: scalars, strings, sequences, maps, options, results, tuples, derived structs and enums, a recursive type |
//! | [`host_call`] | a plugin calling host functions with arbitrary core arguments, memory, result areas and instance keys; lent arguments copied on re-entry |
//! | [`export_result`] | a plugin's export returning an arbitrary packed result over arbitrary memory |
//! | [`records`] | interface records and panic records read from a plugin's memory |
//! | [`c_header`] | the C header generator over arbitrary record text: a header only for records whose names are C identifiers, with every comment and literal closed and no record text in its code |

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use wasmbind::host::Instantiate;

use kitchen_api::{Level, Point, Rich, Shape};
use wasmbind::abi::{Budget, DecodeLimits, to_body};
use wasmbind::host::{Context, Handle, Lent, Plugin};
use wasmbind::wasmtime::{AsContextMut, Engine, Instance, Module, Store, Val};
use wasmbind::{Linker, WasmType, host_fn, plugin_export};

/// The limits every target decodes within: small, so the fuzzer reaches them.
const LIMITS: DecodeLimits = DecodeLimits { depth: 16, alloc: 1 << 20 };

/// A recursive type: the nesting limit is all that bounds it.
#[derive(WasmType, Debug, PartialEq)]
pub enum Tree {
    /// No children.
    Leaf(u8),
    /// A node and its children.
    Node(Vec<Tree>, Option<Box<Tree>>),
}

/// Decodes `body` as `T` within [`LIMITS`]; a value that decodes must
/// encode to a body that decodes to a value with the same body.
fn decode_as<T: WasmType>(body: &[u8]) {
    let Ok(value) = T::decode_with(body, &mut Budget::new(LIMITS)) else { return };
    let again = to_body(&value);
    let value = T::decode_with(&again, &mut Budget::new(LIMITS)).expect("an encoded value decodes");
    assert_eq!(to_body(&value), again, "encoding is stable");
}

/// [`decode_as`] for a `HashMap`, whose body lists entries in iteration
/// order, which differs between equal maps: the maps must be equal instead.
fn decode_map<T: WasmType + PartialEq + core::fmt::Debug>(body: &[u8]) {
    let Ok(value) = T::decode_with(body, &mut Budget::new(LIMITS)) else { return };
    let again = T::decode_with(&to_body(&value), &mut Budget::new(LIMITS)).expect("an encoded value decodes");
    assert_eq!(again, value, "a map survives encoding");
}

/// Target `decode`: the first byte picks a type, the rest is its body.
pub fn decode(data: &[u8]) {
    let Some((&which, body)) = data.split_first() else { return };
    match which % 16 {
        0 => decode_as::<String>(body),
        1 => decode_as::<Vec<String>>(body),
        2 => decode_as::<Vec<Vec<u8>>>(body),
        3 => decode_as::<Option<Vec<Option<i64>>>>(body),
        4 => decode_as::<Result<(u8, String, char), bool>>(body),
        5 => decode_as::<BTreeMap<String, Vec<u16>>>(body),
        6 => decode_map::<HashMap<u32, (String, Level)>>(body),
        7 => decode_as::<[Option<Point>; 3]>(body),
        8 => decode_as::<Vec<Point>>(body),
        9 => decode_as::<Shape>(body),
        10 => decode_as::<Rich>(body),
        11 => decode_as::<Vec<Rich>>(body),
        12 => decode_as::<Tree>(body),
        13 => decode_as::<Vec<Tree>>(body),
        14 => decode_as::<Box<Result<Tree, Vec<Shape>>>>(body),
        _ => decode_as::<(bool, f32, f64, Vec<char>, Option<()>)>(body),
    }
}

/// What the host functions of [`host_call`] were given, kept so the
/// compiler cannot drop the decoding.
#[derive(Default)]
pub struct Seen(pub usize);

#[host_fn(module = "env")]
fn text(seen: &mut Seen, a: &str) -> String {
    seen.0 += a.len();
    a.to_owned()
}

#[host_fn(module = "env")]
fn strings(seen: &mut Seen, a: Vec<String>) -> Vec<String> {
    seen.0 += a.len();
    a
}

#[host_fn(module = "env")]
fn rich(seen: &mut Seen, a: Rich) -> Option<Rich> {
    seen.0 += a.name.len();
    Some(a)
}

#[host_fn(module = "env")]
fn tree(seen: &mut Seen, a: Tree) -> u32 {
    seen.0 += 1;
    matches!(a, Tree::Node(..)) as u32
}

#[host_fn(module = "env")]
fn points(seen: &mut Seen, a: &[Point], b: &[Shape]) -> i64 {
    seen.0 += b.len();
    a.iter().map(|p| i64::from(p.x)).sum()
}

#[host_fn(module = "env", fuel = 3, fuel_per_byte = 1, max_len = 4096)]
fn limited(seen: &mut Seen, a: &[u8], b: bool, c: char) -> Result<u32, wasmbind::Trap> {
    seen.0 += usize::from(b) + c.len_utf8();
    u32::try_from(a.len()).map_err(|e| e.into())
}

/// Lent arguments: their lengths are charged to the call's budget, and the
/// context copies them when the host function re-enters the store.
#[host_fn(module = "lend")]
pub trait Lend {
    /// Reads both after re-entering the store.
    fn lend(cx: &mut Context<'_, Self>, a: Lent<str>, b: Lent<[u8]>) -> u32;
}

impl Lend for Seen {
    fn lend(cx: &mut Context<'_, Self>, a: Lent<str>, b: Lent<[u8]>) -> u32 {
        let _ = cx.as_context_mut();
        let len = cx.read(a).len() + cx.read(b).len();
        cx.state().0 += len;
        len as u32
    }
}

/// The plugin of [`host_call`] and [`export_result`]. Memory: 2 pages.
/// `call(f, a, b, out, key)` calls host function `f` (0 to 6) with core
/// values `a`, `b` and the result area `out`; `wasmbind_alloc` hands out
/// the address stored at 16; `result` returns the `i64` stored at 24;
/// `wasmbind_key` points at 8.
const PLUGIN: &str = r#"(module
    (import "env" "text" (func $text (param i64 i64 i64) (result i64)))
    (import "env" "strings" (func $strings (param i64 i64 i64) (result i64)))
    (import "env" "rich" (func $rich (param i64 i64 i64) (result i64)))
    (import "env" "tree" (func $tree (param i64 i64 i64) (result i32)))
    (import "env" "points" (func $points (param i64 i64 i64 i64) (result i64)))
    (import "env" "limited" (func $limited (param i64 i32 i32 i64 i64) (result i32)))
    (import "lend" "lend" (func $lend (param i64 i64 i64 i64) (result i32)))
    (memory (export "memory") 2)
    (global (export "wasmbind_key") i32 (i32.const 8))
    (func (export "wasmbind_alloc") (param i32 i32) (result i32) (i32.load (i32.const 16)))
    (func (export "result") (result i64) (i64.load (i32.const 24)))
    (func (export "call") (param $f i32) (param $a i64) (param $b i64) (param $out i64) (param $key i64)
        (block $done
            (block $6 (block $5 (block $4 (block $3 (block $2 (block $1 (block $0
                (br_table $0 $1 $2 $3 $4 $5 $6 $done (local.get $f)))
                (drop (call $text (local.get $a) (local.get $out) (local.get $key))) (br $done))
                (drop (call $strings (local.get $a) (local.get $out) (local.get $key))) (br $done))
                (drop (call $rich (local.get $a) (local.get $out) (local.get $key))) (br $done))
                (drop (call $tree (local.get $a) (local.get $out) (local.get $key))) (br $done))
                (drop (call $points (local.get $a) (local.get $b) (local.get $out) (local.get $key))) (br $done))
            (drop (call $limited (local.get $a) (i32.wrap_i64 (local.get $b))
                (i32.wrap_i64 (i64.shr_u (local.get $b) (i64.const 32))) (local.get $out) (local.get $key))) (br $done))
            (drop (call $lend (local.get $a) (local.get $b) (local.get $out) (local.get $key))))))"#;

/// The exports of [`PLUGIN`] as typed handles see them.
#[plugin_export]
pub trait Caller {
    /// Calls one host function.
    fn call(f: u32, a: i64, b: i64, out: i64, key: i64);
}

/// The same export, `result`, seen with each result type.
pub mod results {
    use super::*;
    macro_rules! result_traits {
        ($($name:ident: $ty:ty),* $(,)?) => {$(
            #[plugin_export]
            #[allow(missing_docs)]
            pub trait $name {
                fn result() -> $ty;
            }
        )*};
    }
    result_traits! {
        AString: String, Strings: Vec<String>, ARich: Rich, ATree: Tree, Bytes: Vec<u8>,
        Points: Vec<Point>, AShape: Shape, Map: HashMap<u32, (String, Level)>, Flag: Option<bool>,
    }
}

/// An engine that consumes fuel, and [`PLUGIN`] compiled for it.
fn plugin_module() -> &'static (Engine, Module) {
    static MODULE: std::sync::OnceLock<(Engine, Module)> = std::sync::OnceLock::new();
    MODULE.get_or_init(|| {
        let mut config = wasmbind::host::config();
        config.consume_fuel(true);
        config.wasm_backtrace_max_frames(None);
        let engine = Engine::new(&config).expect("engine");
        let module = Module::new(&engine, wat::parse_str(PLUGIN).expect("wat")).expect("module");
        (engine, module)
    })
}

/// One instance of [`PLUGIN`] per thread, reused across inputs.
struct World {
    store: Store<Seen>,
    plugin: Plugin,
    caller: CallerPlugin,
}

impl World {
    fn new() -> Self {
        let (engine, module) = plugin_module();
        let mut linker = Linker::new(engine);
        linker.set_decode_limits(LIMITS);
        wasmbind::add_to_linker!(&mut linker, |seen: &mut Seen| seen, [text, strings, rich, tree, points, limited])
            .expect("host functions register");
        lend::add_to_linker(&mut linker, |seen: &mut Seen| seen).expect("lend registers");
        let mut store = Store::new(engine, Seen::default());
        let plugin =
            Plugin::instantiate(&mut store, Instantiate::new(&linker, module).named("fuzzed")).expect("instantiates");
        let caller = CallerPlugin::new(&mut store, plugin.clone()).expect("handle");
        Self { store, plugin, caller }
    }

    /// Writes `bytes` at 1024 and the `u32` at 16 and `i64` at 24.
    fn load(&mut self, bytes: &[u8], alloc: u32, result: i64) {
        let memory = self.plugin.memory().expect("memory");
        let data = memory.data_mut(&mut self.store);
        let region = data.get_mut(1024..).expect("two pages");
        let len = bytes.len().min(region.len());
        region[..len].copy_from_slice(&bytes[..len]);
        data[16..20].copy_from_slice(&alloc.to_le_bytes());
        data[24..32].copy_from_slice(&result.to_le_bytes());
    }
}

thread_local! {
    static WORLD: RefCell<Option<World>> = const { RefCell::new(None) };
}

fn with_world(run: impl FnOnce(&mut World)) {
    WORLD.with(|world| {
        let mut world = world.borrow_mut();
        let world = world.get_or_insert_with(World::new);
        if world.plugin.poisoned().is_some() {
            *world = World::new();
        }
        run(world);
    });
}

/// A packed `(ptr, len)` from 8 input bytes, biased into the data region.
fn packed(bytes: [u8; 8]) -> i64 {
    let raw = u64::from_le_bytes(bytes);
    match raw & 3 {
        // Mostly inside the data region at 1024, as a real plugin's would be.
        0 | 1 => {
            let ptr = 1024 + (raw >> 8) as u32 % 4096;
            let len = (raw >> 32) as u32 % 4096;
            wasmbind::abi::pack(ptr, len)
        }
        _ => raw as i64,
    }
}

/// Splits `data` into a fixed-size header and the rest.
fn header<const N: usize>(data: &[u8]) -> ([u8; N], &[u8]) {
    let mut head = [0; N];
    let n = data.len().min(N);
    head[..n].copy_from_slice(&data[..n]);
    (head, data.get(N..).unwrap_or_default())
}

fn word(head: &[u8], at: usize) -> [u8; 8] {
    let mut out = [0; 8];
    out.copy_from_slice(&head[at..at + 8]);
    out
}

/// Target `host_call`: a header picks the host function, its core
/// arguments, the result area, what the allocator returns and the key;
/// the rest is the plugin's memory from address 1024.
pub fn host_call(data: &[u8]) {
    let (head, memory) = header::<40>(data);
    with_world(|world| {
        world.load(memory, u32::from_le_bytes([head[1], head[2], head[3], head[4]]), 0);
        let key = match head[5] % 3 {
            0 => 0,
            1 => i64::from_le_bytes(word(&head, 32)),
            // The real key: the call takes the session's fast path.
            _ => world.plugin.memory().map_or(0, |m| {
                let data = m.data(&world.store);
                i64::from_le_bytes(data[8..16].try_into().unwrap_or_default())
            }),
        };
        let (a, b, out) = (packed(word(&head, 8)), packed(word(&head, 16)), packed(word(&head, 24)));
        world.store.set_fuel(1 << 20).expect("fuel is on");
        let _ = world.caller.call(&mut world.store, u32::from(head[0] % 8), a, b, out, key);
    });
}

/// Target `export_result`: a header picks the result type and the packed
/// result; the rest is the plugin's memory from address 1024.
pub fn export_result(data: &[u8]) {
    use results::*;
    let (head, memory) = header::<9>(data);
    with_world(|world| {
        world.load(memory, 0, packed(word(&head, 1)));
        let (store, plugin) = (&mut world.store, world.plugin.clone());
        fn lift<H: Handle, R>(store: &mut Store<Seen>, plugin: Plugin, call: impl FnOnce(&H, &mut Store<Seen>) -> R) {
            if let Ok(handle) = H::new(&mut *store, plugin) {
                let _ = call(&handle, store);
            }
        }
        match head[0] % 9 {
            0 => lift(store, plugin, |h: &AStringPlugin, s| h.result(s)),
            1 => lift(store, plugin, |h: &StringsPlugin, s| h.result(s)),
            2 => lift(store, plugin, |h: &ARichPlugin, s| h.result(s)),
            3 => lift(store, plugin, |h: &ATreePlugin, s| h.result(s)),
            4 => lift(store, plugin, |h: &BytesPlugin, s| h.result(s)),
            5 => lift(store, plugin, |h: &PointsPlugin, s| h.result(s)),
            6 => lift(store, plugin, |h: &AShapePlugin, s| h.result(s)),
            7 => lift(store, plugin, |h: &MapPlugin, s| h.result(s)),
            _ => lift(store, plugin, |h: &FlagPlugin, s| h.result(s)),
        }
    });
}

/// The plugin of [`records`]: an export record and an import record whose
/// addresses are mutable globals, a panic record at 64, and `boom`, which
/// traps as a panic does.
const RECORDS: &str = r#"(module
    (memory (export "memory") 2)
    (global (export "wasmbind_exports_Calc") (mut i32) (i32.const 4096))
    (global (export "wasmbind_imports_env") (mut i32) (i32.const 8192))
    (global (export "wasmbind_panic") (mut i32) (i32.const 64))
    (func (export "boom") unreachable)
    (func (export "wasmbind_call_Calc") (param i64 i64) (result i64) unreachable))"#;

/// The handle whose record [`records`] compares with the plugin's.
#[plugin_export]
pub trait Calc {
    /// `a + b`.
    fn add(a: i32, b: i32) -> i32;
    /// Always traps in [`RECORDS`].
    fn boom();
}

struct RecordWorld {
    store: Store<()>,
    instance: Instance,
}

thread_local! {
    static RECORD_WORLD: RefCell<Option<RecordWorld>> = const { RefCell::new(None) };
}

/// Target `records`: a header picks where the three records are; the
/// rest is the plugin's memory from address 1024 (so the records' text,
/// lengths included). The host checks the records against a handle's,
/// lists the exports by name, and reads the panic record after a trap.
pub fn records(data: &[u8]) {
    let (head, memory) = header::<12>(data);
    RECORD_WORLD.with(|world| {
        let mut world = world.borrow_mut();
        let world = world.get_or_insert_with(|| {
            let (engine, _) = plugin_module();
            let module = Module::new(engine, wat::parse_str(RECORDS).expect("wat")).expect("module");
            let mut store = Store::new(engine, ());
            let instance = wasmbind::wasmtime::Linker::new(engine).instantiate(&mut store, &module).expect("instance");
            RecordWorld { store, instance }
        });
        let store = &mut world.store;
        store.set_fuel(1 << 20).expect("fuel is on");
        let Some(mem) = world.instance.get_memory(&mut *store, "memory") else { return };
        let bytes = mem.data_mut(&mut *store);
        let len = memory.len().min(bytes.len() - 1024);
        bytes[1024..1024 + len].copy_from_slice(&memory[..len]);
        for (i, name) in ["wasmbind_exports_Calc", "wasmbind_imports_env", "wasmbind_panic"].into_iter().enumerate() {
            let addr = u32::from_le_bytes([head[4 * i], head[4 * i + 1], head[4 * i + 2], head[4 * i + 3]]);
            // Mostly inside the data region.
            let addr = if addr & 1 == 0 { 1024 + addr % 8192 } else { addr };
            if let Some(global) = world.instance.get_global(&mut *store, name) {
                let _ = global.set(&mut *store, Val::I32(addr as i32));
            }
        }
        let Ok(plugin) = Plugin::new(&mut *store, world.instance, "records") else { return };
        let _ = CalcPlugin::new(&mut *store, plugin.clone()).map(|calc| calc.boom(&mut *store));
        let _ = plugin.exports(&mut *store).len();
        let _ = plugin.call_by_name(&mut *store, "add", "fn(i32, i32) -> i32", &to_body(&(1i32, 2i32)));
    });
}

/// Target `c_header`: `data` as the text of records (separated by a NUL)
/// given to `cargo wasmbind header`'s generator.
pub fn c_header(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let records: Vec<wasmbind::host::records::Record> =
        text.split('\0').filter_map(wasmbind::host::records::Record::parse).collect();
    let Ok(header) = wasmbind_build::c_header(&records, "fuzz.wasm") else { return };
    let code = wasmbind_build::c_code(&header).unwrap_or_else(|why| panic!("{why}:\n{header}"));
    assert!(code.bytes().all(|b| b == b'\n' || (b' '..=b'~').contains(&b)), "raw bytes in code:\n{header}");
    // Names are identifiers (checked). A signature reaches the code only
    // as what it means: the same records with each signature written back
    // from its parse (or as unreadable text) give the same code, but for
    // numbers (the length of the records' text).
    let mut canonical = records.clone();
    for record in &mut canonical {
        for (name, signature) in &mut record.functions {
            assert!(wasmbind_shared::text::c_identifier(name).is_ok(), "{name}");
            *signature = wasmbind_shared::FnSig::parse(signature).map_or("?".into(), |sig| sig.to_string());
        }
    }
    let again = wasmbind_build::c_header(&canonical, "fuzz.wasm").expect("the same names");
    let again = wasmbind_build::c_code(&again).expect("a header");
    let digits_out = |code: &str| code.replace(|c: char| c.is_ascii_digit(), "");
    assert_eq!(digits_out(&code), digits_out(&again), "record text reached the code:\n{header}");
}

/// A fuzz target: takes any bytes.
pub type Target = fn(&[u8]);

/// Every target by name, for the smoke test and the fuzz driver.
pub const TARGETS: [(&str, Target); 5] = [
    ("decode", decode),
    ("host_call", host_call),
    ("export_result", export_result),
    ("records", records),
    ("c_header", c_header),
];

/// A sample of each value a target understands, well formed: where the
/// checked-in corpus started (`fuzz/corpus`, written by the ignored test
/// `fuzz::write_seed_corpus`).
pub fn seeds() -> Vec<(&'static str, Vec<u8>)> {
    let rich = || Rich {
        name: "r".into(),
        level: Level::High,
        shapes: vec![Shape::Dot, Shape::Circle { radius: 1.5 }, Shape::Label("l".into(), Point { x: 1, y: 2 })],
        pair: (1, Some("p".into()), -3),
        boxed: Box::new(Point { x: 4, y: 5 }),
        outcome: Ok(vec![6, 7]),
        tree: BTreeMap::from([("k".into(), vec![Level::Low])]),
        grid: [Some(1), None, Some(-1)],
    };
    let tree = Tree::Node(vec![Tree::Leaf(1), Tree::Node(vec![], Some(Box::new(Tree::Leaf(2))))], None);
    let bodies: [Vec<u8>; 16] = [
        to_body(&"hello".to_owned()),
        to_body(&vec!["a".to_owned(), String::new()]),
        to_body(&vec![vec![1u8, 2], vec![]]),
        to_body(&Some(vec![Some(7i64), None])),
        to_body(&Ok::<_, bool>((1u8, "s".to_owned(), 'x'))),
        to_body(&BTreeMap::from([("a".to_owned(), vec![1u16, 2])])),
        to_body(&HashMap::from([(1u32, ("h".to_owned(), Level::Mid))])),
        to_body(&[Some(Point { x: 1, y: 2 }), None, None]),
        to_body(&vec![Point { x: 1, y: 2 }, Point { x: 3, y: 4 }]),
        to_body(&Shape::Label("l".into(), Point { x: 1, y: 2 })),
        to_body(&rich()),
        to_body(&vec![rich(), rich()]),
        to_body(&tree),
        to_body(&vec![Tree::Leaf(0), Tree::Node(vec![Tree::Leaf(1)], None)]),
        to_body(&Box::new(Err::<Tree, _>(vec![Shape::Dot]))),
        to_body(&(true, 1.0f32, -2.0f64, vec!['a', 'é'], Some(()))),
    ];
    let mut seeds = Vec::new();
    for (which, body) in bodies.iter().enumerate() {
        seeds.push(("decode", [&[which as u8][..], body].concat()));
    }
    // host_call: function, allocator's answer, key mode, then a, b, out, key; memory from 1024.
    let pack = |ptr: u32, len: usize| (wasmbind::abi::pack(ptr, len as u32) as u64 & !3).to_le_bytes();
    let args: [(u8, Vec<u8>, [u8; 8]); 6] = [
        (0, b"some text".to_vec(), [0; 8]),
        (1, bodies[1].clone(), [0; 8]),
        (2, bodies[10].clone(), [0; 8]),
        (3, bodies[12].clone(), [0; 8]),
        (4, to_body(&vec![Point { x: 1, y: 2 }]), pack(1024 + 64, 9)),
        (5, vec![1, 2, 3], ((0x41u64 << 32) | 1).to_le_bytes()),
    ];
    let host_call_input = |f: u8, body: &[u8], b: [u8; 8]| {
        let mut input = vec![f];
        input.extend(2048u32.to_le_bytes());
        input.push(2);
        input.extend([0; 2]);
        // `packed` keeps a word as given unless its low bits are 0 or 1,
        // then places it in the data region: these are exact (low bits 0).
        input.extend(wasmbind::abi::pack(1024, body.len() as u32).to_le_bytes());
        input.extend(b);
        input.extend(wasmbind::abi::pack(3072, 256).to_le_bytes());
        input.extend([0; 8]);
        input.extend(body);
        input.resize(40 + 64, 0);
        input.extend(to_body(&vec![Shape::Dot]).iter().chain(&[0; 3]));
        input
    };
    for (f, body, b) in &args {
        seeds.push(("host_call", host_call_input(*f, body, *b)));
    }
    for (which, body) in [
        (0u8, &bodies[0]),
        (1, &bodies[1]),
        (2, &bodies[10]),
        (3, &bodies[12]),
        (4, &bodies[2]),
        (5, &bodies[8]),
        (6, &bodies[9]),
        (7, &bodies[6]),
        (8, &to_body(&Some(true))),
    ] {
        let mut input = vec![which];
        input.extend((wasmbind::abi::pack(1024, body.len() as u32) as u64 | 2).to_le_bytes());
        input.extend(body);
        seeds.push(("export_result", input));
    }
    // records: three addresses (even: 1024 + addr), then memory from 1024.
    let calc = "wasmbind 2\nexports Calc\nadd fn(i32, i32) -> i32\nboom fn()\n";
    let env = "wasmbind 2\nimports env Env\nlog fn(&str)\n";
    let panic = "src/lib.rs:1:2\nboom";
    let mut memory = Vec::new();
    let mut addrs = Vec::new();
    for text in [calc, env, panic] {
        addrs.extend((memory.len() as u32).to_le_bytes());
        memory.extend((text.len() as u32).to_le_bytes());
        memory.extend(text.as_bytes());
        memory.resize(memory.len().next_multiple_of(4), 0);
    }
    seeds.push(("records", [addrs, memory].concat()));
    // Records for the C header: types of every form, imports, a hostile one.
    for text in [
        "wasmbind 2\nexports Calc\ngreet fn(&str) -> String\npoint_add fn(Point, Point) -> Point\nstruct Point{x:i32,y:i32}\n\0wasmbind 2\nimports env Env\nlog fn(&str)\n",
        "wasmbind 2\nexports K\nf fn(Segment, Shape, Level) -> Pair<Level>\nstruct Segment(Point,[Point;2],(u8,bool))\nstruct Point{x:i32,y:i32}\nenum Shape{Dot,Circle{radius:f32},Label(String,Point)}\nenum Level{Low,High}\nstruct Pair<Level>{a:Level,b:Level}\n",
        "wasmbind 2\nexports Calc\nf fn() */ __attribute__((constructor)) static void pwn(void) {} /* \"??/\n",
    ] {
        seeds.push(("c_header", text.as_bytes().to_vec()));
    }
    // host_call of the context function `lend`: text at 1024, bytes at 1088.
    seeds.push(("host_call", host_call_input(6, b"lent text", pack(1024 + 64, 3))));
    seeds
}

/// What the host functions of [`host_call`] have received on this thread
/// (a measure that inputs reach them).
pub fn host_calls_seen() -> usize {
    WORLD.with(|world| world.borrow().as_ref().map_or(0, |world| world.store.data().0))
}
