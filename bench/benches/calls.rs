//! `cargo bench`: every workload through wasmbind and through the
//! hand-written baseline, in the same run, then the ratio table
//! (also written to `target/criterion/ratios.md`). Where the component model
//! can say the same call, a third column makes it through wasmtime's
//! `bindgen!` and a wit-bindgen plugin (`wasmbind_bench::component`).
//!
//! Loop workloads (2, 4, 5b, 8; 9 with `LOOP / 10`) make `LOOP` calls inside the plugin per
//! iteration and are reported per inner call.

use std::hint::black_box;
use std::time::{Duration, Instant};

use bench_api::Point;
use criterion::Criterion;
use wasmbind::host::block_on;
use wasmbind::wasmtime::{Engine, Store};
use wasmbind_bench::component::{self, ComponentModel};
use wasmbind_bench::{AsyncWasmbind, Baseline, Wasmbind, async_baseline, engine, pooling_engine, workspace};

const LOOP: u32 = 100_000;

fn echo_text(len: usize) -> String {
    "abcdefghijklmnop".repeat(len / 16)
}

fn benches(c: &mut Criterion) {
    let engine = engine();
    let mut wb = Wasmbind::new(&engine);
    let mut base = Baseline::new(&engine);
    let mut cm = ComponentModel::new(&engine);
    let (a, b) = (Point { x: 1, y: 2 }, Point { x: 3, y: 4 });
    let (cm_a, cm_b) = (component::Point { x: 1, y: 2 }, component::Point { x: 3, y: 4 });
    let points: Vec<Point> = (0..10_000).map(|i| Point { x: i, y: -i }).collect();
    let cm_points: Vec<component::Point> = points.iter().map(|p| component::Point { x: p.x, y: p.y }).collect();

    let mut group = c.benchmark_group("1_add");
    group.bench_function("wasmbind", |bench| {
        bench.iter(|| wb.plugin.add(&mut wb.store, black_box(1), black_box(2)).unwrap())
    });
    group.bench_function("baseline", |bench| {
        bench.iter(|| base.exports.add.call(&mut base.store, (black_box(1), black_box(2))).unwrap())
    });
    group.bench_function("component", |bench| {
        bench.iter(|| cm.plugin.call_add(&mut cm.store, black_box(1), black_box(2)).unwrap())
    });
    group.finish();

    let mut group = c.benchmark_group("2_log_16B");
    group.bench_function("wasmbind", |bench| bench.iter(|| wb.plugin.log_loop(&mut wb.store, LOOP).unwrap()));
    group.bench_function("baseline", |bench| bench.iter(|| base.exports.log_loop.call(&mut base.store, LOOP).unwrap()));
    group.bench_function("component", |bench| bench.iter(|| cm.plugin.call_log_loop(&mut cm.store, LOOP).unwrap()));
    group.finish();

    let mut group = c.benchmark_group("8_log_context_16B");
    group.bench_function("wasmbind", |bench| bench.iter(|| wb.plugin.log_cx_loop(&mut wb.store, LOOP).unwrap()));
    group.bench_function("baseline", |bench| bench.iter(|| base.exports.log_loop.call(&mut base.store, LOOP).unwrap()));
    group.finish();

    for (name, len) in [("3_echo_16B", 16), ("3_echo_1KiB", 1024), ("3_echo_1MiB", 1 << 20)] {
        let text = echo_text(len);
        let mut group = c.benchmark_group(name);
        group.bench_function("wasmbind", |bench| {
            bench.iter(|| wb.plugin.echo(&mut wb.store, black_box(&text)).unwrap())
        });
        group.bench_function("baseline", |bench| bench.iter(|| base.echo(black_box(&text)).unwrap()));
        group.bench_function("component", |bench| {
            bench.iter(|| cm.plugin.call_echo(&mut cm.store, black_box(&text)).unwrap())
        });
        group.finish();
    }

    let mut group = c.benchmark_group("4_get_64B");
    group.bench_function("wasmbind", |bench| bench.iter(|| wb.plugin.get_loop(&mut wb.store, LOOP).unwrap()));
    group.bench_function("baseline", |bench| bench.iter(|| base.exports.get_loop.call(&mut base.store, LOOP).unwrap()));
    group.bench_function("component", |bench| bench.iter(|| cm.plugin.call_get_loop(&mut cm.store, LOOP).unwrap()));
    group.finish();

    let mut group = c.benchmark_group("5_point_host_to_plugin");
    group.bench_function("wasmbind", |bench| {
        bench.iter(|| wb.plugin.point_add(&mut wb.store, black_box(a), black_box(b)).unwrap())
    });
    group.bench_function("baseline", |bench| bench.iter(|| base.point_add(black_box(a), black_box(b)).unwrap()));
    group.bench_function("component", |bench| {
        bench.iter(|| cm.plugin.call_point_add(&mut cm.store, black_box(cm_a), black_box(cm_b)).unwrap())
    });
    group.finish();

    let mut group = c.benchmark_group("5_point_plugin_to_host");
    group.bench_function("wasmbind", |bench| bench.iter(|| wb.plugin.point_loop(&mut wb.store, LOOP).unwrap()));
    group.bench_function("baseline", |bench| {
        bench.iter(|| base.exports.point_loop.call(&mut base.store, LOOP).unwrap())
    });
    group.bench_function("component", |bench| bench.iter(|| cm.plugin.call_point_loop(&mut cm.store, LOOP).unwrap()));
    group.finish();

    let mut group = c.benchmark_group("9_plugin_to_plugin_16B");
    group.bench_function("wasmbind", |bench| bench.iter(|| wb.plugin.peer_loop(&mut wb.store, LOOP / 10).unwrap()));
    group.bench_function("baseline", |bench| {
        bench.iter(|| base.exports.peer_loop.call(&mut base.store, LOOP / 10).unwrap())
    });
    group.finish();

    let mut group = c.benchmark_group("6_vec_point_10k");
    group.bench_function("wasmbind", |bench| {
        bench.iter(|| wb.plugin.sum_points(&mut wb.store, black_box(points.clone())).unwrap())
    });
    group.bench_function("baseline", |bench| bench.iter(|| base.sum_points(black_box(&points)).unwrap()));
    group.bench_function("component", |bench| {
        bench.iter(|| cm.plugin.call_sum_points(&mut cm.store, black_box(&cm_points)).unwrap())
    });
    group.finish();

    asynchronous(c, &engine);
    instantiate(c, "7_instantiate", &engine, &wb, &base, Some(&cm));
    instantiate_on_threads(c, &engine, &wb, &base);
    calls_on_threads(c, &engine, &wb, &base);
    let pooling = pooling_engine();
    let (wb, base) = (Wasmbind::new(&pooling), Baseline::new(&pooling));
    instantiate(c, "7_instantiate_pooling", &pooling, &wb, &base, None);
}

/// Workload 11: workload 2 (`log`, 16 B, per call) with an async host
/// function in a store called with `_async` calls, against `func_wrap_async`
/// and `call_async` by hand. Each iteration's future is run by
/// `wasmbind::host::block_on`; the calls stay inside the plugin, so that
/// costs once per `LOOP` calls.
fn asynchronous(c: &mut Criterion, engine: &Engine) {
    let mut wb = AsyncWasmbind::new(engine);
    let (mut base_store, base) = async_baseline(engine);
    let mut group = c.benchmark_group("11_async_log_16B");
    group.bench_function("wasmbind", |bench| {
        bench.iter(|| block_on(wb.plugin.log_loop_async(&mut wb.store, LOOP)).unwrap())
    });
    group.bench_function("baseline", |bench| {
        bench.iter(|| block_on(base.log_loop.call_async(&mut base_store, LOOP)).unwrap())
    });
    group.finish();
}

/// Workload 7: a new store and instance from an already compiled module.
fn instantiate(
    c: &mut Criterion,
    name: &str,
    engine: &Engine,
    wb: &Wasmbind,
    base: &Baseline,
    cm: Option<&ComponentModel>,
) {
    let mut group = c.benchmark_group(name);
    group.bench_function("wasmbind", |bench| {
        bench.iter_batched(
            || Store::new(engine, Default::default()),
            |mut store| Wasmbind::instantiate(&mut store, &wb.pre).unwrap(),
            criterion::BatchSize::SmallInput,
        )
    });
    group.bench_function("baseline", |bench| {
        bench.iter_batched(
            || Store::new(engine, Default::default()),
            |mut store| Baseline::instantiate(&mut store, &base.pre).unwrap(),
            criterion::BatchSize::SmallInput,
        )
    });
    if let Some(cm) = cm {
        group.bench_function("component", |bench| {
            bench.iter_batched(
                || Store::new(engine, Default::default()),
                |mut store| cm.pre.instantiate(&mut store).unwrap(),
                criterion::BatchSize::SmallInput,
            )
        });
    }
    group.finish();
}

/// Workload 10: instantiations (each with its own new store) made by one
/// thread and by two at once from one `InstancePre`, per instantiation of
/// wall time: on two cores the second row should be about half the first
/// if nothing serializes the threads.
fn instantiate_on_threads(c: &mut Criterion, engine: &Engine, wb: &Wasmbind, base: &Baseline) {
    for threads in [1, 2] {
        let mut group = c.benchmark_group(format!("10_instantiate_{threads}_thread"));
        group.bench_function("wasmbind", |bench| {
            bench.iter_custom(|iters| {
                on_threads(threads, iters, || {
                    let mut store = Store::new(engine, Default::default());
                    black_box(Wasmbind::instantiate(&mut store, &wb.pre).unwrap());
                })
            })
        });
        group.bench_function("baseline", |bench| {
            bench.iter_custom(|iters| {
                on_threads(threads, iters, || {
                    let mut store = Store::new(engine, Default::default());
                    black_box(Baseline::instantiate(&mut store, &base.pre).unwrap());
                })
            })
        });
        group.finish();
    }
}

/// Workload 12: `add` called by one thread and by two at once, each thread
/// with its own store and instance from one `InstancePre`, per call of
/// wall time: the second row is half the first if nothing is shared.
fn calls_on_threads(c: &mut Criterion, engine: &Engine, wb: &Wasmbind, base: &Baseline) {
    for threads in [1, 2] {
        let mut group = c.benchmark_group(format!("12_add_{threads}_thread"));
        group.bench_function("wasmbind", |bench| {
            bench.iter_custom(|iters| {
                each_thread(threads, iters, || {
                    let mut store = Store::new(engine, Default::default());
                    let plugin = Wasmbind::instantiate(&mut store, &wb.pre).unwrap();
                    move || {
                        black_box(plugin.add(&mut store, black_box(1), black_box(2)).unwrap());
                    }
                })
            })
        });
        group.bench_function("baseline", |bench| {
            bench.iter_custom(|iters| {
                each_thread(threads, iters, || {
                    let mut store = Store::new(engine, Default::default());
                    let exports = Baseline::instantiate(&mut store, &base.pre).unwrap();
                    move || {
                        black_box(exports.add.call(&mut store, (black_box(1), black_box(2))).unwrap());
                    }
                })
            })
        });
        group.finish();
    }
}

/// Wall time for `threads` threads, each running what `setup` made for it
/// (untimed), to run it `iters` times between them.
fn each_thread<W: FnMut()>(threads: u64, iters: u64, setup: impl Fn() -> W + Sync) -> Duration {
    let barrier = std::sync::Barrier::new(threads as usize + 1);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                let mut work = setup();
                barrier.wait();
                (0..iters.div_ceil(threads)).for_each(|_| work());
                barrier.wait();
            });
        }
        barrier.wait();
        let start = Instant::now();
        barrier.wait();
        start.elapsed()
    })
}

/// Wall time for `threads` threads to run `work` `iters` times between them.
fn on_threads(threads: u64, iters: u64, work: impl Fn() + Sync) -> Duration {
    let start = Instant::now();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| (0..iters.div_ceil(threads)).for_each(|_| work()));
        }
    });
    start.elapsed()
}

/// Reads criterion's median for one benchmark, in nanoseconds.
fn median(dir: &std::path::Path, group: &str, column: &str) -> Option<f64> {
    let path = dir.join(group).join(column).join("new/estimates.json");
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
    json["median"]["point_estimate"].as_f64()
}

fn ratio_table(dir: &std::path::Path) -> String {
    let rows = [
        ("1_add", "1. host -> plugin add(i32, i32) -> i32", 1),
        ("2_log_16B", "2. plugin -> host log(&str), 16 B, per call", LOOP),
        ("3_echo_16B", "3. host -> plugin echo(&str) -> String, 16 B", 1),
        ("3_echo_1KiB", "3. echo, 1 KiB", 1),
        ("3_echo_1MiB", "3. echo, 1 MiB", 1),
        ("4_get_64B", "4. plugin -> host get(&str) -> String, 64 B, per call", LOOP),
        ("5_point_host_to_plugin", "5. host -> plugin point_add(Point, Point) -> Point", 1),
        ("5_point_plugin_to_host", "5. plugin -> host shift(Point) -> Point, per call", LOOP),
        ("6_vec_point_10k", "6. host -> plugin sum(Vec<Point>), 10,000 points", 1),
        ("7_instantiate", "7. instantiate from InstancePre", 1),
        ("7_instantiate_pooling", "7. instantiate, pooling allocator", 1),
        ("10_instantiate_1_thread", "10. instantiate with a new store, 1 thread, wall time per instance", 1),
        ("10_instantiate_2_thread", "10. the same on 2 threads at once, wall time per instance", 1),
        ("11_async_log_16B", "11. workload 2 with an async host function, `_async` call, per call", LOOP),
        ("12_add_1_thread", "12. add(i32, i32) on 1 thread, own store each, wall time per call", 1),
        ("12_add_2_thread", "12. the same on 2 threads at once, wall time per call", 1),
        ("8_log_context_16B", "8. plugin -> host log(&mut Context, Lent<str>), 16 B, per call", LOOP),
        (
            "9_plugin_to_plugin_16B",
            "9. plugin -> plugin echo(&str) -> String through a link, 16 B, per call",
            LOOP / 10,
        ),
    ];
    let mut out = String::from(
        "| workload | wasmbind | hand-written | ratio | component model | component / wasmbind |\n\
         |---|---:|---:|---:|---:|---:|\n",
    );
    for (group, label, per) in rows {
        let (Some(wb), Some(base)) = (median(dir, group, "wasmbind"), median(dir, group, "baseline")) else {
            continue;
        };
        let (wb, base) = (wb / f64::from(per), base / f64::from(per));
        let cm = match median(dir, group, "component") {
            Some(cm) => format!("{} | {:.1}", human(cm / f64::from(per)), cm / f64::from(per) / wb),
            None => "– | –".to_owned(),
        };
        out.push_str(&format!("| {label} | {} | {} | {:.2} | {cm} |\n", human(wb), human(base), wb / base));
    }
    // Rows compared with each other rather than with a baseline.
    let pairs = [
        ("async host function vs sync (11 / 2), wasmbind", ("11_async_log_16B", "2_log_16B")),
        ("async host function vs sync (11 / 2), hand-written", ("11_async_log_16B", "2_log_16B")),
        ("calls per second, 2 threads vs 1 (12), wasmbind", ("12_add_1_thread", "12_add_2_thread")),
        ("calls per second, 2 threads vs 1 (12), hand-written", ("12_add_1_thread", "12_add_2_thread")),
    ];
    out.push_str("\n| comparison | ratio |\n|---|---:|\n");
    for (index, (label, (a, b))) in pairs.into_iter().enumerate() {
        let column = if index % 2 == 0 { "wasmbind" } else { "baseline" };
        if let (Some(a), Some(b)) = (median(dir, a, column), median(dir, b, column)) {
            out.push_str(&format!("| {label} | {:.2} |\n", a / b));
        }
    }
    out
}

fn human(ns: f64) -> String {
    match ns {
        ns if ns < 1_000.0 => format!("{ns:.1} ns"),
        ns if ns < 1_000_000.0 => format!("{:.2} us", ns / 1_000.0),
        ns => format!("{:.2} ms", ns / 1_000_000.0),
    }
}

fn main() {
    let dir = workspace().join("target/criterion");
    let mut criterion = Criterion::default()
        .output_directory(&dir)
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .configure_from_args();
    benches(&mut criterion);
    criterion.final_summary();
    let table = ratio_table(&dir);
    println!("\nmedians (per call), same run:\n\n{table}");
    std::fs::write(dir.join("ratios.md"), &table).expect("write ratios.md");
}
