//! Every type of the ABI crosses host -> plugin (`echo_*`) and
//! plugin -> host (`via_*`, which calls the host import of the same type),
//! as argument and as result, with edge values.

use kitchen_api::{Point, Scalars, Segment};
use wasmbind::host::Handle;
use wasmbind_tests::kitchen;

/// Sends each value through `echo` and `via`, checks both come back equal
/// (by `same`) and that the host import saw exactly the value.
macro_rules! both_ways {
    ($echo:ident, $via:ident, [$($value:expr),* $(,)?]) => {
        both_ways!($echo, $via, |a, b| a == b, [$($value),*])
    };
    ($echo:ident, $via:ident, $same:expr, [$($value:expr),* $(,)?]) => {{
        let (mut store, plugin) = kitchen::instantiate();
        $(
            let value = $value;
            let echoed = plugin.$echo(&mut store, value.clone()).unwrap();
            assert!(($same)(&echoed, &value), "{}: {:?} came back as {:?}", stringify!($echo), value, echoed);
            let via = plugin.$via(&mut store, value.clone()).unwrap();
            assert!(($same)(&via, &value), "{}: {:?} came back as {:?}", stringify!($via), value, via);
            let seen = store.data_mut().0.pop().expect("the host import was called");
            assert_eq!(seen, format!("{:?}", value), "{} host saw", stringify!($via));
        )*
    }};
}

#[test]
fn bool_and_integers() {
    both_ways!(echo_bool, via_bool, [false, true]);
    both_ways!(echo_i8, via_i8, [i8::MIN, -1, 0, 1, i8::MAX]);
    both_ways!(echo_u8, via_u8, [0, 1, 0x7f, 0x80, u8::MAX]);
    both_ways!(echo_i16, via_i16, [i16::MIN, -1, 0, i16::MAX]);
    both_ways!(echo_u16, via_u16, [0, 0x8000, u16::MAX]);
    both_ways!(echo_i32, via_i32, [i32::MIN, -1, 0, i32::MAX]);
    both_ways!(echo_u32, via_u32, [0, 0x8000_0000, u32::MAX]);
    both_ways!(echo_i64, via_i64, [i64::MIN, -1, 0, i64::MAX]);
    both_ways!(echo_u64, via_u64, [0, 1 << 63, u64::MAX]);
}

#[test]
fn floats_keep_their_bits() {
    let same32 = |a: &f32, b: &f32| a.to_bits() == b.to_bits();
    let same64 = |a: &f64, b: &f64| a.to_bits() == b.to_bits();
    both_ways!(
        echo_f32,
        via_f32,
        same32,
        [0.0, -0.0, 1.5, f32::MIN_POSITIVE, f32::MAX, f32::INFINITY, f32::NEG_INFINITY, f32::NAN]
    );
    both_ways!(echo_f64, via_f64, same64, [0.0, -0.0, -2.25, f64::MIN_POSITIVE, f64::MAX, f64::NEG_INFINITY, f64::NAN]);
}

#[test]
fn chars() {
    both_ways!(echo_char, via_char, ['\0', 'a', 'é', '€', '🦀', '\u{D7FF}', '\u{E000}', char::MAX]);
}

fn one_mib_text() -> String {
    "αβγ🦀 wasm ".repeat(1 << 20).chars().take(1 << 20).collect::<String>()
}

#[test]
fn strings() {
    let (mut store, plugin) = kitchen::instantiate();
    for text in ["", "a", "Zoë 🦀 Ünïcödé", &"x".repeat(256), &"y".repeat(257), &one_mib_text()] {
        assert_eq!(plugin.echo_str(&mut store, text).unwrap(), text);
        assert_eq!(plugin.via_str(&mut store, text).unwrap(), text);
        assert_eq!(store.data_mut().0.pop().unwrap(), format!("{text:?}"));
        assert_eq!(plugin.echo_string(&mut store, text.to_owned()).unwrap(), text);
        assert_eq!(plugin.via_string(&mut store, text.to_owned()).unwrap(), text);
        assert_eq!(store.data_mut().0.pop().unwrap(), format!("{text:?}"));
    }
}

#[test]
fn bytes() {
    let (mut store, plugin) = kitchen::instantiate();
    let mib: Vec<u8> = (0..1 << 20).map(|i: u32| (i * 7 % 251) as u8).collect();
    for bytes in [&[][..], &[0], &[0xff, 0, 0xfe], &[9; 256], &[1; 257], &mib] {
        assert_eq!(plugin.echo_bytes(&mut store, bytes).unwrap(), bytes);
        assert_eq!(plugin.via_bytes(&mut store, bytes).unwrap(), bytes);
        assert_eq!(plugin.echo_vec_u8(&mut store, bytes.to_vec()).unwrap(), bytes);
        assert_eq!(plugin.via_vec_u8(&mut store, bytes.to_vec()).unwrap(), bytes);
        assert_eq!(store.data_mut().0.len(), 2);
        store.data_mut().0.clear();
    }
}

fn scalars(seed: i32) -> Scalars {
    Scalars {
        flag: seed % 2 == 0,
        i8: seed as i8,
        u8: u8::MAX,
        i16: i16::MIN,
        u16: 0xbeef,
        i32: seed,
        u32: u32::MAX - seed as u32,
        i64: i64::MIN + 1,
        u64: u64::MAX,
        f32: -1.25,
        f64: std::f64::consts::PI,
        c: '🦀',
        arr: [1, 0xffff, 3],
        inner: Point { x: -seed, y: seed },
    }
}

#[test]
fn structs_and_arrays() {
    both_ways!(echo_scalars, via_scalars, [scalars(0), scalars(-77), scalars(i32::MAX)]);
    let p = |x, y| Point { x, y };
    both_ways!(echo_segment, via_segment, [Segment(p(1, 2), [p(3, 4), p(i32::MIN, i32::MAX)])]);
    both_ways!(echo_array, via_array, [[p(0, 0), p(-1, 1), p(7, 8)]]);
}

#[test]
fn vectors() {
    let points: Vec<Point> = (0..10_000).map(|i| Point { x: i, y: -i }).collect();
    both_ways!(echo_points, via_points, [Vec::new(), vec![Point::default()], points]);
    let strings = vec![String::new(), "a".into(), "Zoë 🦀".into(), "z".repeat(300)];
    both_ways!(echo_strings, via_strings, [Vec::new(), vec![String::new()], strings]);
    both_ways!(echo_vec_opt, via_vec_opt, [vec![None, Some(0), Some(u64::MAX), None]]);
}

#[test]
fn options() {
    both_ways!(echo_opt_string, via_opt_string, [None, Some(String::new()), Some("Zoë 🦀".to_owned())]);
    both_ways!(echo_opt_i32, via_opt_i32, [None, Some(0), Some(i32::MIN)]);
    both_ways!(echo_opt_point, via_opt_point, [None, Some(Point { x: 5, y: 6 })]);
    both_ways!(echo_opt_vec, via_opt_vec, [None, Some(Vec::new()), Some(vec![scalars(1), scalars(2)])]);
}

#[test]
fn several_arguments_and_unit() {
    let (mut store, plugin) = kitchen::instantiate();
    let expected = "é|200|3,-4|[1, 2]|Some(\"opt\")";
    let args = ("é", 200, Point { x: 3, y: -4 }, &[1u8, 2][..], Some("opt".to_owned()));
    assert_eq!(plugin.mixed(&mut store, args.0, args.1, args.2, args.3, args.4.clone()).unwrap(), expected);
    assert_eq!(plugin.via_mixed(&mut store, args.0, args.1, args.2, args.3, args.4).unwrap(), expected);
    assert_eq!(store.data().0, [expected]);
    plugin.nothing(&mut store).unwrap();
    plugin.via_nothing(&mut store).unwrap();
    assert_eq!(store.data().0.last().unwrap(), "nothing");
}

#[test]
fn typed_pointer_reads_and_writes_plugin_memory() {
    let (mut store, plugin) = kitchen::instantiate();
    let ptr = plugin.shared_ptr(&mut store).unwrap();
    assert_eq!(ptr.read(&store, plugin.plugin()).unwrap(), Point { x: 3, y: 4 });
    ptr.write(&mut store, plugin.plugin(), &Point { x: -10, y: 20 }).unwrap();
    assert_eq!(plugin.shared(&mut store).unwrap(), Point { x: -10, y: 20 });

    let size = plugin.plugin().memory().unwrap().data_size(&store) as u32;
    let outside = wasmbind::GuestPtr::<Point>::new(size - 4);
    let err = outside.read(&store, plugin.plugin()).unwrap_err().to_string();
    assert_eq!(
        err,
        format!(
            "plugin kitchen-plugin: GuestPtr::read: pointer {:#x} to kitchen_api::Point: bytes {}..{} are out of bounds of memory ({size} bytes)",
            size - 4,
            size - 4,
            size + 4
        )
    );
    let misaligned = wasmbind::GuestPtr::<Point>::new(ptr.addr() + 1);
    let err = misaligned.write(&mut store, plugin.plugin(), &Point::default()).unwrap_err();
    assert!(err.to_string().ends_with("is not aligned to 4 bytes"), "{err}");
    assert_eq!(plugin.shared(&mut store).unwrap(), Point { x: -10, y: 20 }, "a refused write changes nothing");
}

#[test]
fn pod_layout_only_for_repr_c_numbers_without_padding() {
    use wasmbind::WasmType;
    assert!(Point::POD.is_some(), "repr(C) i32s");
    assert!(Scalars::POD.is_none(), "bool and char fields, not repr(C)");
    assert!(Segment::POD.is_none(), "not repr(C)");
    #[derive(WasmType)]
    #[repr(C)]
    struct Padded {
        a: u8,
        b: u32,
    }
    assert!(Padded::POD.is_none(), "padding between fields");
    #[derive(WasmType)]
    #[repr(C)]
    struct Flags {
        a: bool,
        b: bool,
    }
    assert!(Flags::POD.is_none(), "bool has invalid bit patterns");
    #[derive(WasmType, Debug, PartialEq)]
    #[repr(C)]
    struct Grid {
        cells: [[u16; 2]; 2],
        scale: f32,
    }
    assert!(Grid::POD.is_some(), "nested arrays of numbers");
    let grids = vec![Grid { cells: [[1, 2], [3, 4]], scale: 0.5 }, Grid { cells: [[5, 6], [7, 8]], scale: -1.0 }];
    let body = wasmbind::abi::to_body(&grids);
    assert_eq!(body.len(), 24);
    assert_eq!(&body[..12], [1, 0, 2, 0, 3, 0, 4, 0, 0, 0, 0, 0x3f]);
    assert_eq!(Vec::<Grid>::decode(&body).unwrap(), grids);
    assert!(Vec::<Grid>::decode(&body[..23]).is_err(), "a ragged length is still refused");
}

/// A host function may return a `&str` or `&[u8]` borrowed from its state:
/// the host writes it straight into the plugin's result area (a longer one
/// goes into a block from the plugin's allocator) and the plugin receives
/// a `String` or `Vec<u8>`; its records say `String` and `Vec<u8>`, so a
/// plugin built against an owned result links to it.
#[test]
fn host_functions_lend_borrowed_results() {
    let (mut store, plugin) = kitchen::instantiate();
    for key in ["", "k", "long"] {
        let value = plugin.lent_lookup(&mut store, key).unwrap();
        let kept = store.data_mut().0.pop().expect("the host kept the value it lent");
        assert_eq!(value, kept, "key {key:?}");
    }
    assert_eq!(plugin.lent_lookup(&mut store, "long").unwrap().len(), 1000, "past the 256-byte result area");
    for n in [0u32, 1, 256, 257, 600, 10_000] {
        let blob = plugin.lent_blob(&mut store, n).unwrap();
        assert_eq!(blob, kitchen::BLOB[..(n as usize).min(600)], "{n} bytes");
    }
    assert_eq!(plugin.lent_free(&mut store, "free form").unwrap(), "FREE FORM");
    for _ in 0..10_000 {
        assert_eq!(plugin.lent_lookup(&mut store, "k").unwrap(), "value of k");
        store.data_mut().0.clear();
    }
    let functions: Vec<_> = plugin.plugin().records(&mut store).into_iter().flat_map(|r| r.functions).collect();
    for (name, signature) in
        [("lookup", "fn(&str) -> String"), ("blob", "fn(u32) -> Vec<u8>"), ("h_lent", "fn(&str) -> String")]
    {
        assert!(functions.contains(&(name.into(), signature.into())), "{name}: {functions:?}");
    }
}
