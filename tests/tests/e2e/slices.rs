//! Borrowed `&[T]` parameters: in place (zero-copy) when `T`'s layout is its
//! wire layout and the address is aligned, a decoded copy otherwise.

use kitchen_api::{Level, Point, Shape};
use wasmbind::Linker;
use wasmbind::host::Handle;
use wasmbind::host::Instantiate;
use wasmbind::host::Plugin;
use wasmbind::wasmtime::Store;
use wasmbind::{host_fn, plugin_export};
use wasmbind_tests::kitchen;
use wasmbind_tests::{engine, wat_module};

fn points(n: i32) -> Vec<Point> {
    (0..n).map(|i| Point { x: i, y: 2 * i }).collect()
}

#[test]
fn slices_of_fixed_layout_structs_cross_both_ways() {
    let (mut store, plugin) = kitchen::instantiate();
    let expected = |n: i32| (0..n).map(|i| 3 * i64::from(i)).sum::<i64>();
    for n in [0, 1, 1000] {
        assert_eq!(plugin.sum_points(&mut store, &points(n)).unwrap(), expected(n));
        assert_eq!(plugin.via_sum_points(&mut store, points(n)).unwrap(), expected(n));
    }
}

#[test]
fn a_host_function_borrows_an_aligned_slice_in_place() {
    let (mut store, plugin) = kitchen::instantiate();
    plugin.via_sum_points(&mut store, points(10)).unwrap();
    let addr: usize = store.data().0.last().unwrap().parse().unwrap();
    let memory = plugin.plugin().memory().unwrap();
    let start = memory.data_ptr(&store) as usize;
    assert!((start..start + memory.data_size(&store)).contains(&addr), "the slice points into the plugin's memory");
}

#[test]
fn slices_of_other_types_are_decoded_copies() {
    let (mut store, plugin) = kitchen::instantiate();
    let shapes = [
        Shape::Dot,
        Shape::Circle { radius: 1.0 },
        Shape::Label("x".into(), Point::default()),
        Shape::Circle { radius: 2.0 },
    ];
    assert_eq!(plugin.count_shapes(&mut store, &shapes).unwrap(), 2);
    let levels = vec![Level::High, Level::Low, Level::High];
    assert_eq!(plugin.via_count_levels(&mut store, levels.clone()).unwrap(), 2);
    assert_eq!(store.data().0.last(), Some(&format!("{:?}", levels.as_slice())));
}

#[plugin_export]
pub trait Run {
    fn run();
}

#[host_fn(module = "env")]
fn total(seen: &mut Vec<i64>, points: &[Point]) {
    seen.push(points.iter().map(|p| i64::from(p.x) + i64::from(p.y)).sum());
}

/// A hand-written plugin passing `len` bytes at `addr` as a `&[Point]`.
fn run_total(addr: u32, len: u32) -> Result<Vec<i64>, String> {
    let module = wat_module(&format!(
        r#"(module
            (import "env" "total" (func $total (param i64 i64)))
            (memory (export "memory") 1)
            (data (i32.const 100) "\01\00\00\00\02\00\00\00\03\00\00\00\04\00\00\00")
            (data (i32.const 201) "\01\00\00\00\02\00\00\00\03\00\00\00\04\00\00\00")
            (func (export "run") (call $total (i64.const {}) (i64.const 0))))"#,
        wasmbind::abi::pack(addr, len)
    ));
    let mut linker = Linker::new(engine());
    wasmbind::add_to_linker!(&mut linker, |seen: &mut Vec<i64>| seen, [total]).unwrap();
    let mut store = Store::new(engine(), Vec::new());
    let plugin = Plugin::instantiate(&mut store, Instantiate::new(&linker, &module).named("slices")).unwrap();
    let run = RunPlugin::new(&mut store, plugin).unwrap();
    run.run(&mut store).map_err(|e| e.to_string())?;
    Ok(store.into_data())
}

#[test]
fn a_misaligned_slice_from_a_plugin_is_copied_and_a_ragged_one_refused() {
    assert_eq!(run_total(100, 16), Ok(vec![10]), "aligned: in place");
    assert_eq!(run_total(201, 16), Ok(vec![10]), "misaligned: decoded copy");
    assert_eq!(run_total(100, 0), Ok(vec![0]));
    assert_eq!(
        run_total(100, 12),
        Err("plugin slices: env::total: argument points: length 12 is not a multiple of the element size 8".into())
    );
    assert_eq!(
        run_total(65530, 16),
        Err("plugin slices: env::total: argument points: bytes 65530..65546 are out of bounds of memory (65536 bytes)"
            .into())
    );
}
