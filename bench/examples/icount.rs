//! Instruction counts per call, for machines too noisy for wall-clock
//! timing (`bench/icount.sh` runs it): under
//! `valgrind --tool=callgrind`, `icount WORKLOAD SIDE N` runs the setup plus
//! N calls, so the difference between two N gives the cost of one call,
//! repeatable to the instruction. WORKLOAD is one of `WORKLOADS`, SIDE
//! `wasmbind`, `baseline` or `component` (the component model: wasmtime's
//! `bindgen!` and a wit-bindgen plugin, which has no `peer` or `async_log`
//! row: it exits with status 3 for those).

use std::hint::black_box;

use bench_api::Point;
use wasmbind::host::block_on;
use wasmbind::wasmtime::Store;
use wasmbind_bench::component::{self, ComponentModel};
use wasmbind_bench::{AsyncWasmbind, Baseline, Wasmbind, async_baseline, engine};

const WORKLOADS: &str = "add log log_cx echo16 echo1k get point_add shift peer instantiate first_call async_log";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [workload, side, n] = args.as_slice() else {
        eprintln!("usage: icount WORKLOAD wasmbind|baseline|component N   (WORKLOAD: {WORKLOADS})");
        std::process::exit(2);
    };
    let (workload, side) = (workload.as_str(), side.as_str());
    let n: u32 = n.parse().expect("N is a number of calls");
    let engine = engine();
    let text16 = "x".repeat(16);
    let text1k = "x".repeat(1024);
    let (a, b) = (Point { x: 1, y: 2 }, Point { x: 3, y: 4 });
    if side == "component" {
        return component_model(&engine, workload, n);
    }
    if workload == "async_log" {
        return async_log(&engine, side, n);
    }
    // Each row's loop is its own function (`times`, one instance per
    // closure), so what the compiler inlines into it does not depend on the
    // other rows: in one `main` with every row, adding a row moved `add` by
    // 21 instructions (`TypedFunc::call` no longer inlined into `main`).
    if side == "wasmbind" {
        let mut wb = Wasmbind::new(&engine);
        let (plugin, store) = (&wb.plugin, &mut wb.store);
        match workload {
            "add" => times(n, || {
                black_box(plugin.add(&mut *store, black_box(1), black_box(2)).unwrap());
            }),
            "log" => times(n, || plugin.log_loop(&mut *store, 1).unwrap()),
            "log_cx" => times(n, || plugin.log_cx_loop(&mut *store, 1).unwrap()),
            "echo16" => times(n, || {
                black_box(plugin.echo(&mut *store, black_box(&text16)).unwrap());
            }),
            "echo1k" => times(n, || {
                black_box(plugin.echo(&mut *store, black_box(&text1k)).unwrap());
            }),
            "get" => times(n, || {
                black_box(plugin.get_loop(&mut *store, 1).unwrap());
            }),
            "point_add" => times(n, || {
                black_box(plugin.point_add(&mut *store, black_box(a), black_box(b)).unwrap());
            }),
            "shift" => times(n, || {
                black_box(plugin.point_loop(&mut *store, 1).unwrap());
            }),
            "peer" => times(n, || {
                black_box(plugin.peer_loop(&mut *store, 1).unwrap());
            }),
            "instantiate" => times(n, || {
                let mut store = Store::new(&engine, Default::default());
                black_box(Wasmbind::instantiate(&mut store, &wb.pre).unwrap());
            }),
            // Instantiation and the instance's first call (which runs
            // `wasmbind_init` and writes the instance key).
            "first_call" => times(n, || {
                let mut store = Store::new(&engine, Default::default());
                let plugin = Wasmbind::instantiate(&mut store, &wb.pre).unwrap();
                black_box(plugin.add(&mut store, black_box(1), black_box(2)).unwrap());
            }),
            other => panic!("unknown workload {other}"),
        }
    } else {
        let mut base = Baseline::new(&engine);
        match workload {
            "add" => times(n, || {
                black_box(base.exports.add.call(&mut base.store, (black_box(1), black_box(2))).unwrap());
            }),
            "log" | "log_cx" => times(n, || base.exports.log_loop.call(&mut base.store, 1).unwrap()),
            "echo16" => times(n, || {
                black_box(base.echo(black_box(&text16)).unwrap());
            }),
            "echo1k" => times(n, || {
                black_box(base.echo(black_box(&text1k)).unwrap());
            }),
            "get" => times(n, || {
                black_box(base.exports.get_loop.call(&mut base.store, 1).unwrap());
            }),
            "point_add" => times(n, || {
                black_box(base.point_add(black_box(a), black_box(b)).unwrap());
            }),
            "shift" => times(n, || {
                black_box(base.exports.point_loop.call(&mut base.store, 1).unwrap());
            }),
            "peer" => times(n, || {
                black_box(base.exports.peer_loop.call(&mut base.store, 1).unwrap());
            }),
            "instantiate" => times(n, || {
                let mut store = Store::new(&engine, Default::default());
                black_box(Baseline::instantiate(&mut store, &base.pre).unwrap());
            }),
            "first_call" => times(n, || {
                let mut store = Store::new(&engine, Default::default());
                let exports = Baseline::instantiate(&mut store, &base.pre).unwrap();
                black_box(exports.add.call(&mut store, (black_box(1), black_box(2))).unwrap());
            }),
            other => panic!("unknown workload {other}"),
        }
    }
}

/// Runs `call` `n` times, in a function of its own.
#[inline(never)]
fn times(n: u32, mut call: impl FnMut()) {
    for _ in 0..n {
        call();
    }
}

/// Workload 11: `log` through an async host function, the plugin called
/// with an `_async` call (hand-written: `func_wrap_async`, `call_async`).
fn async_log(engine: &wasmbind::wasmtime::Engine, side: &str, n: u32) {
    match side {
        "wasmbind" => {
            let mut wb = AsyncWasmbind::new(engine);
            times(n, || block_on(wb.plugin.log_loop_async(&mut wb.store, 1)).unwrap());
        }
        _ => {
            let (mut store, base) = async_baseline(engine);
            times(n, || block_on(base.log_loop.call_async(&mut store, 1)).unwrap());
        }
    }
}

/// The component-model column: the same calls through `bindgen!`'s bindings.
/// `log_cx` is `log`, as for the hand-written column: the component model
/// has no context-taking host function.
fn component_model(engine: &wasmbind::wasmtime::Engine, workload: &str, n: u32) {
    let mut cm = ComponentModel::new(engine);
    let (plugin, store) = (&cm.plugin, &mut cm.store);
    let text16 = "x".repeat(16);
    let text1k = "x".repeat(1024);
    let (a, b) = (component::Point { x: 1, y: 2 }, component::Point { x: 3, y: 4 });
    match workload {
        "add" => times(n, || {
            black_box(plugin.call_add(&mut *store, black_box(1), black_box(2)).unwrap());
        }),
        "log" | "log_cx" => times(n, || plugin.call_log_loop(&mut *store, 1).unwrap()),
        "echo16" => times(n, || {
            black_box(plugin.call_echo(&mut *store, black_box(&text16)).unwrap());
        }),
        "echo1k" => times(n, || {
            black_box(plugin.call_echo(&mut *store, black_box(&text1k)).unwrap());
        }),
        "get" => times(n, || {
            black_box(plugin.call_get_loop(&mut *store, 1).unwrap());
        }),
        "point_add" => times(n, || {
            black_box(plugin.call_point_add(&mut *store, black_box(a), black_box(b)).unwrap());
        }),
        "shift" => times(n, || {
            black_box(plugin.call_point_loop(&mut *store, 1).unwrap());
        }),
        "instantiate" => times(n, || {
            let mut store = Store::new(engine, Default::default());
            black_box(cm.pre.instantiate(&mut store).unwrap());
        }),
        "first_call" => times(n, || {
            let mut store = Store::new(engine, Default::default());
            let plugin = cm.pre.instantiate(&mut store).unwrap();
            black_box(plugin.call_add(&mut store, black_box(1), black_box(2)).unwrap());
        }),
        _ => std::process::exit(3),
    }
}
