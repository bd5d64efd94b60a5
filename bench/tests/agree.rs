//! Both benchmark columns do the same work and get the same answers.

use bench_api::{LOG_MESSAGE, Point};
use wasmbind_bench::{Baseline, Wasmbind, engine};

#[test]
fn both_columns_agree() {
    let engine = engine();
    let mut wb = Wasmbind::new(&engine);
    let mut base = Baseline::new(&engine);
    let (s, p) = (&mut wb.store, &wb.plugin);

    assert_eq!(p.add(&mut *s, 40, 2).unwrap(), base.exports.add.call(&mut base.store, (40, 2)).unwrap());

    p.log_loop(&mut *s, 10).unwrap();
    base.exports.log_loop.call(&mut base.store, 10).unwrap();
    assert_eq!(s.data().logged, 10 * LOG_MESSAGE.len() as u64);
    assert_eq!(base.store.data().logged, s.data().logged);
    p.log_cx_loop(&mut *s, 10).unwrap();
    assert_eq!(s.data().logged, 20 * LOG_MESSAGE.len() as u64, "the context-taking log counts the same");

    for text in ["", "sixteen byte msg", &"é".repeat(512), &"x".repeat(1 << 20)] {
        assert_eq!(p.echo(&mut *s, text).unwrap(), text);
        assert_eq!(base.echo(text).unwrap(), text);
    }

    assert_eq!(p.get_loop(&mut *s, 3).unwrap(), 192);
    assert_eq!(base.exports.get_loop.call(&mut base.store, 3).unwrap(), 192);

    let (a, b) = (Point { x: 1, y: 2 }, Point { x: 30, y: -40 });
    assert_eq!(p.point_add(&mut *s, a, b).unwrap(), base.point_add(a, b).unwrap());
    assert_eq!(p.point_loop(&mut *s, 5).unwrap(), 5);
    assert_eq!(base.exports.point_loop.call(&mut base.store, 5).unwrap(), 5);

    let points: Vec<Point> = (0..10_000).map(|i| Point { x: i, y: 2 * i }).collect();
    let expected: i64 = points.iter().map(|p| i64::from(p.x) + i64::from(p.y)).sum();
    assert_eq!(p.sum_points(&mut *s, points.clone()).unwrap(), expected);
    assert_eq!(base.sum_points(&points).unwrap(), expected);

    assert_eq!(p.peer_loop(&mut *s, 3).unwrap(), 48, "another plugin echoed the message");
    assert_eq!(base.exports.peer_loop.call(&mut base.store, 3).unwrap(), 48);

    Wasmbind::instantiate(&mut wb.store, &wb.pre).unwrap();
    Baseline::instantiate(&mut base.store, &base.pre).unwrap();
}

/// The component-model column (wasmtime's `bindgen!`, a wit-bindgen plugin)
/// gets the wasmbind column's answers.
#[test]
fn the_component_model_column_agrees() {
    use wasmbind_bench::component::{ComponentModel, Point as CmPoint};
    let engine = engine();
    let mut wb = Wasmbind::new(&engine);
    let mut cm = ComponentModel::new(&engine);
    let (s, p) = (&mut wb.store, &wb.plugin);
    let (cs, c) = (&mut cm.store, &cm.plugin);

    assert_eq!(c.call_add(&mut *cs, 40, 2).unwrap(), p.add(&mut *s, 40, 2).unwrap());
    assert_eq!(c.call_add(&mut *cs, i32::MAX, 1).unwrap(), i32::MIN, "wrapping, as the others");

    c.call_log_loop(&mut *cs, 10).unwrap();
    assert_eq!(cs.data().logged, 10 * LOG_MESSAGE.len() as u64);

    for text in ["", "sixteen byte msg", &"é".repeat(512), &"x".repeat(1 << 20)] {
        assert_eq!(c.call_echo(&mut *cs, text).unwrap(), p.echo(&mut *s, text).unwrap());
    }

    assert_eq!(c.call_get_loop(&mut *cs, 3).unwrap(), p.get_loop(&mut *s, 3).unwrap());

    let (a, b) = (Point { x: 1, y: 2 }, Point { x: 30, y: -40 });
    let sum = c.call_point_add(&mut *cs, CmPoint { x: a.x, y: a.y }, CmPoint { x: b.x, y: b.y }).unwrap();
    assert_eq!(Point { x: sum.x, y: sum.y }, p.point_add(&mut *s, a, b).unwrap());
    assert_eq!(c.call_point_loop(&mut *cs, 5).unwrap(), p.point_loop(&mut *s, 5).unwrap());

    let points: Vec<CmPoint> = (0..10_000).map(|i| CmPoint { x: i, y: 2 * i }).collect();
    let expected: i64 = points.iter().map(|p| i64::from(p.x) + i64::from(p.y)).sum();
    assert_eq!(c.call_sum_points(&mut *cs, &points).unwrap(), expected);

    cm.pre.instantiate(&mut cm.store).unwrap();
}

#[test]
fn both_async_columns_agree() {
    use wasmbind::host::block_on;
    let engine = engine();
    let mut wb = wasmbind_bench::AsyncWasmbind::new(&engine);
    let (mut base_store, base) = wasmbind_bench::async_baseline(&engine);

    block_on(wb.plugin.log_loop_async(&mut wb.store, 10)).unwrap();
    block_on(base.log_loop.call_async(&mut base_store, 10)).unwrap();
    assert_eq!(wb.store.data().logged, 10 * LOG_MESSAGE.len() as u64);
    assert_eq!(base_store.data().logged, wb.store.data().logged);
    // The async host's other functions, through the same plugin.
    assert_eq!(block_on(wb.plugin.get_loop_async(&mut wb.store, 3)).unwrap(), 192);
    assert_eq!(block_on(wb.plugin.point_loop_async(&mut wb.store, 5)).unwrap(), 5);
    block_on(wb.plugin.log_cx_loop_async(&mut wb.store, 10)).unwrap();
    assert_eq!(wb.store.data().logged, 20 * LOG_MESSAGE.len() as u64);
}
