//! Calls per second of `add` on 1 and on 2 threads, each thread with its
//! own store and instance from one `InstancePre`, both columns (and
//! wasmbind taking an instance from a shared `Pool` for every call), the
//! configurations alternating over `ROUNDS` rounds of one second so that
//! drift on a shared machine hits them alike. Criterion's row 12 measures
//! the same per call; this reports the best round of each, as calls/s.
//!
//! `cargo run --release -p wasmbind-bench --example threads`

use std::hint::black_box;
use std::sync::Barrier;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use bench_api::BenchPlugin;
use wasmbind::host::pool::Pool;
use wasmbind::wasmtime::Store;
use wasmbind_bench::{Baseline, Wasmbind, engine};

const ROUNDS: usize = 5;
const ROUND: Duration = Duration::from_secs(1);

/// Calls per second of `threads` threads each running what `setup` made.
fn rate<W: FnMut()>(threads: usize, setup: &(impl Fn() -> W + Sync)) -> f64 {
    let (barrier, stop) = (Barrier::new(threads + 1), AtomicBool::new(false));
    let calls: u64 = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut work = setup();
                    barrier.wait();
                    let mut calls = 0u64;
                    while !stop.load(Ordering::Relaxed) {
                        for _ in 0..1000 {
                            work();
                        }
                        calls += 1000;
                    }
                    calls
                })
            })
            .collect();
        barrier.wait();
        std::thread::sleep(ROUND);
        stop.store(true, Ordering::Relaxed);
        workers.into_iter().map(|w| w.join().expect("worker")).sum()
    });
    calls as f64 / ROUND.as_secs_f64()
}

fn main() {
    let engine = engine();
    let (wb, base) = (Wasmbind::new(&engine), Baseline::new(&engine));
    let wasmbind = || {
        let mut store = Store::new(&engine, Default::default());
        let plugin = Wasmbind::instantiate(&mut store, &wb.pre).expect("instance");
        move || {
            black_box(plugin.add(&mut store, black_box(1), black_box(2)).expect("add"));
        }
    };
    let baseline = || {
        let mut store = Store::new(&engine, Default::default());
        let exports = Baseline::instantiate(&mut store, &base.pre).expect("instance");
        move || {
            black_box(exports.add.call(&mut store, (black_box(1), black_box(2))).expect("add"));
        }
    };
    let pool = Pool::<BenchPlugin, _>::new(&wb.pre, |engine| Store::new(engine, Default::default()));
    let pool = &pool;
    let pooled = || {
        move || {
            let mut lease = pool.get().expect("lease");
            let (plugin, store) = lease.parts();
            black_box(plugin.add(store, black_box(1), black_box(2)).expect("add"));
        }
    };
    let mut best = [0f64; 6];
    for _ in 0..ROUNDS {
        best[0] = best[0].max(rate(1, &wasmbind));
        best[1] = best[1].max(rate(2, &wasmbind));
        best[2] = best[2].max(rate(1, &baseline));
        best[3] = best[3].max(rate(2, &baseline));
        best[4] = best[4].max(rate(1, &pooled));
        best[5] = best[5].max(rate(2, &pooled));
    }
    println!("| column | 1 thread | 2 threads | 2 / 1 |\n|---|---:|---:|---:|");
    let rows = [
        ("wasmbind", best[0], best[1]),
        ("hand-written", best[2], best[3]),
        ("wasmbind, a `Pool` lease per call", best[4], best[5]),
    ];
    for (name, one, two) in rows {
        println!("| {name} | {:.1} M calls/s | {:.1} M calls/s | {:.2} |", one / 1e6, two / 1e6, two / one);
    }
}
