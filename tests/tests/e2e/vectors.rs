//! `docs/vectors.json`: test vectors of the wire encoding, for hosts and
//! plugins in any language (the Python package checks them too). Each
//! valid vector is a value, its type as records spell it, its body, and
//! how it travels at the top level; each invalid one a body a receiver
//! must refuse. This test encodes and decodes every vector with the Rust
//! runtime and compares the file; `WASMBIND_BLESS=1` rewrites it.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Debug;

use kitchen_api::{Level, Month, Pair, Perm, Point, Segment, Shape, Summary, Tree};
use serde_json::{Value, json};
use wasmbind::Flags;
use wasmbind::abi::{Budget, Describe, Fault, GuestPtr, Lift, Lower, Sink, Source, WasmType, to_body};
use wasmbind_shared::record_string;

/// A sink that notes whether the value went through memory.
#[derive(Default)]
struct Probe(bool);
impl Sink for Probe {
    fn put_slice(&mut self, _: &[u8]) -> Result<i64, Fault> {
        self.0 = true;
        Ok(0)
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn valid<T>(value: T, json: Value) -> Value
where
    T: WasmType + Describe + Lower + PartialEq + Debug,
    T::Core: Into<Value> + Copy + Debug,
{
    let body = to_body(&value);
    assert_eq!(T::decode(&body).as_ref(), Ok(&value), "{value:?} does not decode from its body");
    let mut probe = Probe::default();
    let core = value.lower(&mut probe).unwrap();
    let ty = T::SHAPE;
    use wasmbind::abi::Shape as S;
    // A typed pointer is an i32 address, whatever it points to.
    let scalar =
        matches!(ty, S::GuestPtr(..)) || ty.children().is_empty() && !matches!(ty, S::String | S::Unit | S::Named(..));
    let top = match (probe.0, scalar) {
        (true, _) => json!("memory"),
        (false, true) => json!({ "scalar": core.into() }),
        (false, false) => json!({ "inline": format!("{:#018x}", i64_bits(core)) }),
    };
    json!({ "type": ty.to_string(), "value": json, "body": hex(&body), "fixed_size": T::FIXED_SIZE, "top": top })
}

/// The body of a `Tree` `levels` deep (each `Node` is two levels: the enum
/// and its `Vec`), as hex.
fn deep_tree(levels: usize) -> String {
    let mut tree = Tree::Leaf(0);
    for _ in 0..(levels - 1) / 2 {
        tree = Tree::Node(vec![tree]);
    }
    hex(&to_body(&tree))
}

/// A `Tree` `levels` deep (as `deep_tree`) and its JSON.
fn deep_tree_value(levels: usize) -> (Tree, Value) {
    let (mut tree, mut value) = (Tree::Leaf(0), json!({ "Leaf": [0] }));
    for _ in 0..(levels - 1) / 2 {
        tree = Tree::Node(vec![tree]);
        value = json!({ "Node": [[value]] });
    }
    (tree, value)
}

/// A source with no memory behind it: what an inline value is lifted from.
struct NoMemory;
impl<'a> Source<'a> for NoMemory {
    fn get(&mut self, _: i64) -> Result<&'a [u8], Fault> {
        Ok(&[]) // never asked: an inline value reads no memory
    }
}

/// An inline core value (`T` travels in its i64) that must be refused.
fn invalid_inline<T: for<'a> Lift<'a, Core = i64> + Describe + Debug>(core: u64, why: &str) -> Value {
    let err = T::lift(core as i64, &mut NoMemory, &mut Budget::default()).expect_err(why);
    json!({ "type": T::SHAPE.to_string(), "inline": format!("{core:#018x}"), "why": why, "error": err.to_string() })
}

fn i64_bits<C: Into<Value>>(core: C) -> u64 {
    match core.into() {
        Value::Number(n) => n.as_i64().map(|i| i as u64).or(n.as_u64()).unwrap_or_default(),
        _ => 0,
    }
}

fn invalid<T: WasmType + Describe + Debug>(body: &str, why: &str) -> Value {
    let bytes: Vec<u8> = (0..body.len()).step_by(2).map(|i| u8::from_str_radix(&body[i..i + 2], 16).unwrap()).collect();
    let err = T::decode(&bytes).expect_err(why);
    json!({ "type": T::SHAPE.to_string(), "body": body, "why": why, "error": err.to_string() })
}

/// A unit struct: an empty body.
#[derive(wasmbind::WasmType, Debug, PartialEq)]
struct Marker;

/// A one-field tuple struct: its field's body.
#[derive(wasmbind::WasmType, Debug, PartialEq)]
struct Meters(f64);

/// The kind of a resource handle (docs/ABI.md section 6).
enum Table {}

fn vectors() -> Value {
    let p = |x, y| Point { x, y };
    let deepest = deep_tree_value(127);
    let valid = vec![
        valid(true, json!(true)),
        valid(false, json!(false)),
        valid(255u8, json!(255)),
        valid(-1i8, json!(-1)),
        valid(-2i16, json!(-2)),
        valid(65535u16, json!(65535)),
        valid(-1i32, json!(-1)),
        valid(u32::MAX, json!(4294967295u32)),
        valid(i64::MIN, json!(i64::MIN)),
        valid(u64::MAX, json!(u64::MAX)),
        valid(1.5f32, json!(1.5)),
        valid(-0.25f64, json!(-0.25)),
        valid('é', json!("é")),
        valid('🦀', json!("🦀")),
        valid(String::from("hé"), json!("hé")),
        valid(String::new(), json!("")),
        valid(vec![1u8, 2, 3], json!([1, 2, 3])),
        valid(vec![String::from("a"), String::new()], json!(["a", ""])),
        valid(vec![Some(7u8), None], json!([{ "some": 7 }, null])),
        valid(vec![1u32, 2], json!([1, 2])),
        valid(Some(String::from("hé")), json!({ "some": "hé" })),
        valid(None::<String>, json!(null)),
        valid(Some(()), json!({ "some": null })),
        valid(Some(p(1, 2)), json!({ "some": { "x": 1, "y": 2 } })),
        valid(Ok::<u32, String>(5), json!({ "ok": 5 })),
        valid(Err::<u32, String>("no".into()), json!({ "err": "no" })),
        valid(Ok::<(), String>(()), json!({ "ok": null })),
        valid((8u32, 0x0011_0018u32), json!([8, 0x0011_0018])),
        valid((7u8, String::from("x")), json!([7, "x"])),
        valid((1u8,), json!([1])),
        valid([1u8, 2, 3, 4], json!([1, 2, 3, 4])),
        valid([p(1, 2), p(3, 4)], json!([{ "x": 1, "y": 2 }, { "x": 3, "y": 4 }])),
        valid(p(1, -1), json!({ "x": 1, "y": -1 })),
        valid(Box::new(p(5, 6)), json!({ "x": 5, "y": 6 })),
        valid(vec![p(1, 2), p(3, 4)], json!([{ "x": 1, "y": 2 }, { "x": 3, "y": 4 }])),
        valid(
            Segment(p(1, 2), [p(3, 4), p(5, 6)]),
            json!([{ "x": 1, "y": 2 }, [{ "x": 3, "y": 4 }, { "x": 5, "y": 6 }]]),
        ),
        valid(Level::High, json!("High")),
        valid(vec![Level::Low, Level::Mid], json!(["Low", "Mid"])),
        valid(Shape::Dot, json!("Dot")),
        valid(Shape::Circle { radius: 1.5 }, json!({ "Circle": { "radius": 1.5 } })),
        valid(Shape::Label("hi".into(), p(1, 2)), json!({ "Label": ["hi", { "x": 1, "y": 2 }] })),
        valid(
            Tree::Node(vec![Tree::Leaf(1), Tree::Node(vec![])]),
            json!({ "Node": [[{ "Leaf": [1] }, { "Node": [[]] }]] }),
        ),
        valid(Pair { a: Level::Low, b: Level::High }, json!({ "a": "Low", "b": "High" })),
        valid(BTreeMap::from([("a".to_string(), 1u32), ("b".into(), 2)]), json!([["a", 1], ["b", 2]])),
        valid(HashMap::from([(7u32, ("x".to_string(), Level::Mid))]), json!([[7, ["x", "Mid"]]])),
        valid(vec![vec![1u16], vec![]], json!([[1], []])),
        valid(Perm::Read | Perm::Exec, json!(["Read", "Exec"])),
        valid(Flags::<Perm>::empty(), json!([])),
        valid(Month::Jan | Month::Dec, json!(["Jan", "Dec"])),
        valid(vec![Flags::from(Month::Feb)], json!([["Feb"]])),
        valid(
            Summary { title: "t".into(), words: 2, lines: Some(3) },
            json!({ "title": "t", "words": 2, "lines": { "some": 3 } }),
        ),
        valid(
            Summary { title: String::new(), words: 0, lines: None },
            json!({ "title": "", "words": 0, "lines": null }),
        ),
        valid(Some(Some(7u8)), json!({ "some": { "some": 7 } })),
        valid(Some(None::<u8>), json!({ "some": null })),
        valid(None::<Option<u8>>, json!(null)),
        valid(Marker, json!(null)),
        valid(Meters(2.5), json!([2.5])),
        valid(wasmbind::Resource::<Table>::from_bits(0x1_0000_0002), json!(0x1_0000_0002u64)),
        valid(GuestPtr::<Point>::new(0x1000), json!(0x1000)),
        // The deepest `Tree` within the limit: 127 levels (each `Node` adds two).
        valid(deepest.0, deepest.1),
    ];
    let invalid = vec![
        invalid::<bool>("02", "a bool is 0 or 1"),
        invalid::<char>("00d80000", "a surrogate is not a char"),
        invalid::<char>("00001100", "past U+10FFFF is not a char"),
        invalid::<String>("ff", "invalid UTF-8"),
        invalid::<Option<u8>>("0207", "an Option tag is 0 or 1"),
        invalid::<Option<u8>>("01", "a Some without its value"),
        invalid::<Result<u8, u8>>("0207", "a Result tag is 0 or 1"),
        invalid::<Vec<u32>>("010000", "a length that is not a multiple of the element size"),
        invalid::<Point>("01000000", "a truncated struct"),
        invalid::<Point>("010000000200000003", "a byte after the value"),
        invalid::<Vec<String>>("05000000616263", "a nested length past the end"),
        invalid::<Level>("03000000", "an enum tag past the last variant"),
        invalid::<Shape>("0100000000", "a variant's fields truncated"),
        invalid::<BTreeMap<u8, u8>>("01020103", "a repeated map key"),
        invalid::<()>("00", "() has an empty body"),
        invalid::<[bool; 2]>("0102", "an invalid bool inside an array"),
        invalid::<Marker>("00", "a unit struct has an empty body"),
        invalid::<Option<Option<u8>>>("010100000002", "a nested Option tag is 0 or 1"),
        invalid::<Tree>(&deep_tree(129), "values nested past the depth limit (128)"),
        invalid::<Flags<Perm>>("08", "a bit that names no flag"),
        invalid::<Flags<Month>>("0010", "a bit above the last flag"),
        invalid::<Flags<Month>>("01", "a set shorter than its type"),
        invalid::<u16>("01", "a truncated integer"),
        invalid::<i64>("010203040506070809", "a byte after an integer"),
        invalid::<f32>("0000c0", "a truncated float"),
        invalid::<GuestPtr<Point>>("001000", "a truncated address"),
        invalid::<wasmbind::Resource<Table>>("02000000", "a truncated handle"),
        invalid::<(u8, String)>("0101000000ff", "a tuple's String element not UTF-8"),
        invalid::<Box<bool>>("07", "a box's content invalid"),
        invalid::<HashMap<u8, bool>>("0102", "a map value invalid"),
        invalid::<Meters>("0000", "a truncated tuple struct"),
        invalid::<Summary>("0100000074", "an extensible struct missing a required field"),
        invalid::<Summary>("010000007402000000050000000203000000", "an optional field's tag neither 0 nor 1"),
    ];
    // Values that travel inline in their i64: the bytes above the body must be zero.
    let invalid_inline = vec![
        invalid_inline::<Flags<Perm>>(0x0101, "a byte above a 1-byte value"),
        invalid_inline::<[u8; 3]>(0x0109_0807, "a byte above a 3-byte value"),
        invalid_inline::<(u16, u16)>(0x0008_0000_0010_0018, "a packed region (length 8) sent for an inline value"),
        invalid_inline::<Level>(0x1_0000_0000, "bit 32 set above a 4-byte enum tag"),
    ];
    let roots: Vec<&wasmbind::abi::Shape> = vec![
        <Segment>::SHAPE,
        <Shape>::SHAPE,
        <Tree>::SHAPE,
        <Pair<Level>>::SHAPE,
        <Flags<Perm>>::SHAPE,
        <Flags<Month>>::SHAPE,
        <Summary>::SHAPE,
        <Marker>::SHAPE,
        <Meters>::SHAPE,
    ];
    let record =
        wasmbind::host::records::Record::parse(&record_string("wasmbind 2\nexport vectors\n", &roots)).unwrap();
    // Signatures compared as types, not as text: pairs each language's
    // `same_signature` must judge alike.
    let signatures: Vec<Value> = [
        ("fn(&str) -> Result<String,String>", "fn( &str ) -> Result<String, String>"),
        ("fn(&str) -> String", "fn(&[u8]) -> String"),
        ("fn((u32,u32))", "fn(u32, u32)"),
        ("fn(Vec<Point>, [u8;4]) -> Option<Point>", "fn(Vec<Point>,[u8; 4])->Option<Point>"),
        ("fn(u32)", "fn(u32) -> ()"),
        ("fn()", "fn() -> u32"),
        ("fn(Pair<Level>) -> HashMap<u32,String>", "fn(Pair<Level>) -> BTreeMap<u32,String>"),
        ("fn(Vec<)", "fn(Vec<)"),
    ]
    .into_iter()
    .map(|(a, b)| json!({ "a": a, "b": b, "same": wasmbind_shared::same_signature(a, b) }))
    .collect();
    json!({
        "abi": wasmbind::abi::ABI_VERSION,
        "about": "Test vectors of the wasmbind wire encoding (docs/ABI.md section 2). `types` are the type lines of the structs, enums and flags types the vectors use. Each `valid` vector: `type` as records spell it, `value` in the JSON convention of docs/ABI.md section 11, `body` in hex, `fixed_size` (null for variable-size types), and `top`: how it travels as a whole argument or result: `scalar` (its core value), `inline` (the body as a little-endian i64, zero above the body) or `memory` (a packed region). Each `invalid` body must be refused; `error` is the Rust runtime's message. Each of `invalid_inline` is the i64 core value of a type that travels inline, with non-zero bytes above its body: it must be refused. Each of `signatures` is two spellings of function signatures and whether they are the same function type (parsed, whitespace aside; a signature that does not parse is the same as none). `grammar` is how each kind of type is spelled, one row per kind: `form` is its name in JSON renderings of types (a leaf's form is its spelling) and `pattern` its spelling, where `T` and `E` are types, `N` a length, `K` a resource kind, `Name` a struct's or enum's name and `..` more of the same.",
        "types": record.types.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "valid": valid,
        "invalid": invalid,
        "invalid_inline": invalid_inline,
        "signatures": signatures,
        "grammar": serde_json::from_str::<Value>(&wasmbind_shared::grammar_json()).unwrap(),
    })
}

#[test]
fn the_vectors_file_matches_the_runtime() {
    let path = wasmbind_tests::workspace().join("docs/vectors.json");
    let text = serde_json::to_string_pretty(&vectors()).unwrap() + "\n";
    if std::env::var_os("WASMBIND_BLESS").is_some() {
        std::fs::write(&path, &text).unwrap();
    }
    let file = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        file == text,
        "docs/vectors.json is out of date: run `WASMBIND_BLESS=1 cargo test -p wasmbind-tests --test e2e vectors`"
    );
}
