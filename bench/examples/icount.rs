//! Instruction counts per call, for machines too noisy for wall-clock
//! timing (`bench/icount.sh` runs it): under
//! `valgrind --tool=callgrind`, `icount WORKLOAD SIDE N` runs the setup plus
//! N calls, so the difference between two N gives the cost of one call,
//! repeatable to the instruction. WORKLOAD is one of `WORKLOADS`, SIDE
//! `wasmbind` or `baseline`.

use std::hint::black_box;

use bench_api::Point;
use wasmbind::wasmtime::Store;
use wasmbind_bench::{Baseline, Wasmbind, engine};

const WORKLOADS: &str = "add log log_cx echo16 echo1k get point_add shift peer instantiate first_call";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [workload, side, n] = args.as_slice() else {
        eprintln!("usage: icount WORKLOAD wasmbind|baseline N   (WORKLOAD: {WORKLOADS})");
        std::process::exit(2);
    };
    let (workload, side) = (workload.as_str(), side.as_str());
    let n: u32 = n.parse().expect("N is a number of calls");
    let engine = engine();
    let text16 = "x".repeat(16);
    let text1k = "x".repeat(1024);
    let (a, b) = (Point { x: 1, y: 2 }, Point { x: 3, y: 4 });
    if side == "wasmbind" {
        let mut wb = Wasmbind::new(&engine);
        for _ in 0..n {
            match workload {
                "add" => drop(black_box(wb.plugin.add(&mut wb.store, black_box(1), black_box(2)).unwrap())),
                "log" => wb.plugin.log_loop(&mut wb.store, 1).unwrap(),
                "log_cx" => wb.plugin.log_cx_loop(&mut wb.store, 1).unwrap(),
                "echo16" => drop(black_box(wb.plugin.echo(&mut wb.store, black_box(&text16)).unwrap())),
                "echo1k" => drop(black_box(wb.plugin.echo(&mut wb.store, black_box(&text1k)).unwrap())),
                "get" => drop(black_box(wb.plugin.get_loop(&mut wb.store, 1).unwrap())),
                "point_add" => drop(black_box(wb.plugin.point_add(&mut wb.store, black_box(a), black_box(b)).unwrap())),
                "shift" => drop(black_box(wb.plugin.point_loop(&mut wb.store, 1).unwrap())),
                "peer" => drop(black_box(wb.plugin.peer_loop(&mut wb.store, 1).unwrap())),
                "instantiate" => {
                    let mut store = Store::new(&engine, Default::default());
                    drop(black_box(Wasmbind::instantiate(&mut store, &wb.pre).unwrap()));
                }
                // Instantiation and the instance's first call (which runs
                // `wasmbind_init` and writes the instance key).
                "first_call" => {
                    let mut store = Store::new(&engine, Default::default());
                    let plugin = Wasmbind::instantiate(&mut store, &wb.pre).unwrap();
                    black_box(plugin.add(&mut store, black_box(1), black_box(2)).unwrap());
                }
                other => panic!("unknown workload {other}"),
            }
        }
    } else {
        let mut base = Baseline::new(&engine);
        for _ in 0..n {
            match workload {
                "add" => drop(black_box(base.exports.add.call(&mut base.store, (black_box(1), black_box(2))).unwrap())),
                "log" | "log_cx" => base.exports.log_loop.call(&mut base.store, 1).unwrap(),
                "echo16" => drop(black_box(base.echo(black_box(&text16)).unwrap())),
                "echo1k" => drop(black_box(base.echo(black_box(&text1k)).unwrap())),
                "get" => drop(black_box(base.exports.get_loop.call(&mut base.store, 1).unwrap())),
                "point_add" => drop(black_box(base.point_add(black_box(a), black_box(b)).unwrap())),
                "shift" => drop(black_box(base.exports.point_loop.call(&mut base.store, 1).unwrap())),
                "peer" => drop(black_box(base.exports.peer_loop.call(&mut base.store, 1).unwrap())),
                "instantiate" => {
                    let mut store = Store::new(&engine, Default::default());
                    drop(black_box(Baseline::instantiate(&mut store, &base.pre).unwrap()));
                }
                "first_call" => {
                    let mut store = Store::new(&engine, Default::default());
                    let exports = Baseline::instantiate(&mut store, &base.pre).unwrap();
                    black_box(exports.add.call(&mut store, (black_box(1), black_box(2))).unwrap());
                }
                other => panic!("unknown workload {other}"),
            }
        }
    }
}
