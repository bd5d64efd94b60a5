use super::*;

fn roundtrip<T: WasmType + PartialEq + core::fmt::Debug>(value: T) -> Vec<u8> {
    let body = to_body(&value);
    assert_eq!(T::decode(&body).unwrap(), value);
    if let Some(size) = T::FIXED_SIZE {
        assert_eq!(body.len(), size, "fixed-size body");
    }
    body
}

#[derive(Debug, PartialEq)]
struct Point {
    x: i32,
    y: i32,
}
impl MemoryType for Point {}

impl WasmType for Point {
    const FIXED_SIZE: Option<usize> = Some(8);
    fn encode<B: Buf>(&self, out: &mut B) {
        encode_nested(&self.x, out);
        encode_nested(&self.y, out);
    }
    fn decode_with(bytes: &[u8], budget: &mut Budget) -> Result<Self, WireError> {
        let mut r = Reader::new(bytes, budget);
        let p = Point { x: decode_nested(&mut r)?, y: decode_nested(&mut r)? };
        r.finish()?;
        Ok(p)
    }
}

#[test]
fn documented_examples_encode_exactly() {
    assert_eq!(roundtrip(Point { x: 1, y: -1 }), [1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]);
    assert_eq!(roundtrip(Some("hé".to_owned())), [1, 3, 0, 0, 0, b'h', 0xc3, 0xa9]);
    assert_eq!(roundtrip(vec!["a".to_owned(), String::new()]), [1, 0, 0, 0, b'a', 0, 0, 0, 0]);
    assert_eq!(roundtrip(vec![Some(7u8), None]), [2, 0, 0, 0, 1, 7, 1, 0, 0, 0, 0]);
}

#[test]
fn scalars_are_little_endian() {
    assert_eq!(roundtrip(0x0102_0304u32), [4, 3, 2, 1]);
    assert_eq!(roundtrip(-2i16), [0xfe, 0xff]);
    assert_eq!(roundtrip(true), [1]);
    assert_eq!(roundtrip('€'), [0xac, 0x20, 0, 0]);
    assert_eq!(roundtrip(1.0f32), [0, 0, 0x80, 0x3f]);
    assert_eq!(roundtrip([1u16, 2]), [1, 0, 2, 0]);
    assert_eq!(roundtrip(vec![1u8, 2, 3]), [1, 2, 3]);
}

#[test]
fn malformed_bodies_are_refused() {
    assert_eq!(bool::decode(&[2]), Err(WireError::Bool(2)));
    assert_eq!(char::decode(&[0, 0xd8, 0, 0]), Err(WireError::Char(0xd800)));
    assert_eq!(String::decode(&[b'a', 0xff]), Err(WireError::Utf8 { valid_up_to: 1 }));
    assert_eq!(u32::decode(&[1, 2]), Err(WireError::Size { expected: 4, found: 2 }));
    assert_eq!(Vec::<u32>::decode(&[0; 6]), Err(WireError::Ragged { len: 6, element_size: 4 }));
    assert_eq!(Option::<u8>::decode(&[2, 0]), Err(WireError::Tag { type_name: "Option", tag: 2 }));
    assert_eq!(Option::<u8>::decode(&[1, 5, 6]), Err(WireError::TrailingBytes { count: 1 }));
    assert_eq!(
        Vec::<String>::decode(&[9, 0, 0, 0, b'a']),
        Err(WireError::Truncated { needed: 9, offset: 4, available: 1 })
    );
    assert_eq!(
        Vec::<String>::decode(&[1, 0, 0, 0, 0xff]),
        Err(WireError::Utf8 { valid_up_to: 0 }),
        "a nested string is validated too"
    );
    assert_eq!(<[u8; 2]>::decode(&[1]), Err(WireError::Truncated { needed: 1, offset: 1, available: 0 }));
}

/// A sink and source that fail the test if a value touches memory.
struct NoMemory;
impl Sink for NoMemory {
    fn put_slice(&mut self, _: &[u8]) -> Result<i64, Fault> {
        panic!("an inline value went through memory")
    }
}
impl<'a> Source<'a> for NoMemory {
    fn get(&mut self, _: i64) -> Result<&'a [u8], Fault> {
        panic!("an inline value went through memory")
    }
}

#[test]
fn small_fixed_values_travel_inline() {
    let core = Point { x: 1, y: -1 }.lower(&mut NoMemory).unwrap();
    assert_eq!(core.to_le_bytes(), [1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]);
    assert_eq!(Point::lift(core, &mut NoMemory, &mut Budget::default()).unwrap(), Point { x: 1, y: -1 });
    let core = [7u8, 8, 9].lower(&mut NoMemory).unwrap();
    assert_eq!(core, 0x09_08_07);
    const { assert!(!<Point as WasmAbi>::MEMORY && <[u32; 3] as WasmAbi>::MEMORY && <Option<u8> as WasmAbi>::MEMORY) };
    assert_eq!(<[bool; 2]>::lift(0x02_01, &mut NoMemory, &mut Budget::default()), Err(Fault::Wire(WireError::Bool(2))));
    // Bytes above the body must be zero: a packed region sent for an
    // inline value is refused, not read as its low bytes.
    let region = pack(0x10_0018, 8);
    assert_eq!(
        <(u16, u16)>::lift(region, &mut NoMemory, &mut Budget::default()),
        Err(Fault::Wire(WireError::InlinePadding { size: 4 }))
    );
    assert_eq!(
        <[u8; 3]>::lift(0x01_09_08_07, &mut NoMemory, &mut Budget::default()).map_err(|f| f.to_string()),
        Err("non-zero bytes above the 3-byte value in its i64 (they must be zero)".into())
    );
}

#[test]
fn packing_keeps_all_32_bits() {
    for (ptr, len) in [(0, 0), (1, 0), (u32::MAX, u32::MAX), (0x8000_0000, 0x7fff_ffff)] {
        assert_eq!(unpack(pack(ptr, len)), (ptr, len));
    }
}

#[test]
fn result_is_a_tag_then_the_nested_value() {
    assert_eq!(roundtrip::<Result<u32, String>>(Ok(7)), [0, 7, 0, 0, 0]);
    assert_eq!(roundtrip::<Result<u32, String>>(Err("no".into())), [1, 2, 0, 0, 0, b'n', b'o']);
    assert_eq!(Result::<u32, String>::decode(&[2, 0, 0, 0, 0]), Err(WireError::Tag { type_name: "Result", tag: 2 }));
    assert!(matches!(Result::<u32, String>::decode(&[0, 7, 0]), Err(WireError::Truncated { .. })));
    assert_eq!(Result::<u32, String>::decode(&[0, 7, 0, 0, 0, 9]), Err(WireError::TrailingBytes { count: 1 }));
}

#[test]
fn tuples_encode_their_elements_in_order() {
    assert_eq!(roundtrip((1u8, -1i16)), [1, 0xff, 0xff]);
    assert_eq!(<(u8, i16)>::FIXED_SIZE, Some(3));
    assert_eq!(<(u8, String)>::FIXED_SIZE, None);
    assert_eq!(roundtrip((String::from("a"), 2u16, vec![true])), [1, 0, 0, 0, b'a', 2, 0, 1, 0, 0, 0, 1]);
    roundtrip((1u8, 2u8, 3u8, 4u8, 5u8, 6u8, 7u8, 8u64));
}

#[test]
fn box_is_its_content() {
    assert_eq!(roundtrip(Box::new(5u32)), [5, 0, 0, 0]);
    assert_eq!(<Box<u32>>::FIXED_SIZE, Some(4));
    roundtrip(Box::new(Some(String::from("boxed"))));
}

#[test]
fn maps_are_key_value_pairs_and_refuse_repeated_keys() {
    use std::collections::{BTreeMap, HashMap};
    let tree: BTreeMap<String, u16> = [("a".into(), 1), ("bc".into(), 2)].into();
    assert_eq!(roundtrip(tree), [1, 0, 0, 0, b'a', 1, 0, 2, 0, 0, 0, b'b', b'c', 2, 0]);
    let hash: HashMap<u8, Vec<u8>> = [(1, vec![1, 2]), (2, vec![])].into();
    roundtrip(hash);
    let twice = [1u8, 10, 1, 20];
    assert_eq!(BTreeMap::<u8, u8>::decode(&twice), Err(WireError::DuplicateKey));
    assert_eq!(HashMap::<u8, u8>::decode(&twice), Err(WireError::DuplicateKey));
    assert!(matches!(BTreeMap::<u8, u32>::decode(&[1, 10, 0]), Err(WireError::Truncated { .. })));
}

#[test]
fn zero_sized_entries_in_a_non_empty_body_are_refused_not_looped_on() {
    use std::collections::BTreeMap;
    assert!(BTreeMap::<[u8; 0], [u8; 0]>::decode(&[1]).is_err());
    assert!(Vec::<Option<[u8; 0]>>::decode(&[]).unwrap().is_empty());
}

#[test]
fn unit_is_an_empty_body_inside_other_types() {
    assert_eq!(to_body(&()), [0u8; 0]);
    assert_eq!(<()>::decode(&[]), Ok(()));
    assert_eq!(<()>::decode(&[0]), Err(WireError::TrailingBytes { count: 1 }));
    let ok: Result<(), String> = Ok(());
    assert_eq!(to_body(&ok), [0]);
    assert_eq!(Result::<(), String>::decode(&[0]), Ok(Ok(())));
    assert_eq!(to_body(&Some(())), [1]);
    assert_eq!(Option::<()>::decode(&[1]), Ok(Some(())));
    assert_eq!(Option::<()>::decode(&[1, 0]), Err(WireError::TrailingBytes { count: 1 }));
}

/// `levels` nested `Vec`s around one empty string.
fn nested_vecs(levels: usize) -> Vec<u8> {
    let mut body = Vec::new(); // an empty String
    for _ in 0..levels {
        let mut outer = (body.len() as u32).to_le_bytes().to_vec();
        outer.extend_from_slice(&body);
        body = outer;
    }
    body
}

/// Decodes `body` as `levels` nested `Vec`s of strings, level by level
/// through the same budget (the type cannot be spelled for any depth).
fn decode_levels(body: &[u8], levels: usize, budget: &mut Budget) -> Result<(), WireError> {
    if levels == 0 {
        return String::decode_with(body, budget).map(drop);
    }
    let mut reader = Reader::nested(body, budget)?;
    while !reader.is_empty() {
        let len = u32::from_le_bytes(reader.array()?) as usize;
        let inner = reader.take(len)?;
        decode_levels(inner, levels - 1, reader.budget())?;
    }
    reader.finish()
}

#[test]
fn nesting_stops_at_the_limit_and_levels_are_given_back() {
    let limits = DecodeLimits { depth: 3, alloc: usize::MAX };
    assert_eq!(decode_levels(&nested_vecs(3), 3, &mut Budget::new(limits)), Ok(()));
    assert_eq!(decode_levels(&nested_vecs(4), 4, &mut Budget::new(limits)), Err(WireError::TooDeep { limit: 3 }));
    // Siblings reuse the levels their predecessors left.
    let three_deep = <Vec<Vec<Vec<String>>>>::decode(&to_body(&vec![vec![vec![String::new()]]; 100])).unwrap();
    let body = to_body(&three_deep);
    assert!(<Vec<Vec<Vec<String>>>>::decode_with(&body, &mut Budget::new(limits)).is_ok());
    let too_deep = to_body(&vec![three_deep]);
    assert_eq!(
        <Vec<Vec<Vec<Vec<String>>>>>::decode_with(&too_deep, &mut Budget::new(limits)),
        Err(WireError::TooDeep { limit: 3 })
    );
    // `Option`, `Result`, `Box` and tuples add no level; maps do.
    let body = to_body(&vec![(Some(Box::new(Ok::<_, ()>(vec![String::new()]))), 1u8)]);
    assert!(<Vec<(Option<Box<Result<Vec<String>, ()>>>, u8)>>::decode_with(&body, &mut Budget::new(limits)).is_ok());
    type Map<V> = std::collections::BTreeMap<u8, V>;
    let map = Map::from([(1u8, vec![vec![String::new()]])]);
    assert!(<Map<Vec<Vec<String>>>>::decode_with(&to_body(&map), &mut Budget::new(limits)).is_ok());
    let map = Map::from([(1u8, vec![vec![vec![String::new()]]])]);
    assert_eq!(
        <Map<Vec<Vec<Vec<String>>>>>::decode_with(&to_body(&map), &mut Budget::new(limits)),
        Err(WireError::TooDeep { limit: 3 })
    );
}

#[test]
fn every_allocation_is_charged_to_the_call() {
    use super::budget::block_size;
    let budget = |alloc| Budget::new(DecodeLimits { depth: 128, alloc });
    let strings = to_body(&vec!["abc".to_owned(); 10]);
    // The Vec's blocks as it grows to 4, 8 and 16 `String`s, and a block
    // for each string's three bytes.
    let grown: usize = [4, 8, 16].map(|n| block_size(n * size_of::<String>())).iter().sum();
    let needed = grown + 10 * block_size(3);
    assert_eq!(needed, 112 + 208 + 400 + 10 * 32);
    assert!(<Vec<String>>::decode_with(&strings, &mut budget(needed)).is_ok());
    assert_eq!(
        <Vec<String>>::decode_with(&strings, &mut budget(needed - 1)),
        Err(WireError::OverBudget { limit: needed - 1 })
    );
    // Bytes, fixed-size elements (the fast path too), boxes, map entries.
    assert!(<Vec<u8>>::decode_with(&[0; 100], &mut budget(block_size(100) - 1)).is_err());
    assert!(<Vec<u8>>::decode_with(&[0; 100], &mut budget(block_size(100))).is_ok());
    assert!(<Vec<u32>>::decode_with(&[0; 100], &mut budget(block_size(100) - 1)).is_err());
    assert!(<Vec<[bool; 2]>>::decode_with(&[0; 100], &mut budget(99)).is_err());
    assert!(<Box<u64>>::decode_with(&[0; 8], &mut budget(31)).is_err());
    assert!(<Box<u8>>::decode_with(&[0; 1], &mut budget(32)).is_ok());
    let map = to_body(&std::collections::HashMap::from([(1u64, 2u64), (3, 4)]));
    // A table of 4 entries: 8 buckets of 16 bytes and a control byte each, and 16 more.
    let table = block_size(8 * 17 + 16);
    assert!(<std::collections::HashMap<u64, u64>>::decode_with(&map, &mut budget(table)).is_ok());
    assert!(<std::collections::HashMap<u64, u64>>::decode_with(&map, &mut budget(table - 1)).is_err());
    // One budget serves a whole call: what one value took, the next cannot.
    let mut shared = budget(needed * 2 - 1);
    assert!(<Vec<String>>::decode_with(&strings, &mut shared).is_ok());
    assert!(<Vec<String>>::decode_with(&strings, &mut shared).is_err());
}
