//! How fast an epoch deadline stops a plugin stuck in a loop: the time
//! from the deadline to the host holding `Limit::Deadline`, p50 and p99
//! over many runs. An engine ticker thread advances the epoch every
//! millisecond (the usual setup); each run gives the plugin a 20 ms budget.
//!
//! `cargo bench --bench deadline` (in `bench/`); the figures are in
//! docs/PERFORMANCE.md. Latency, not throughput: criterion's mean per
//! iteration would hide the tail, so this prints percentiles itself.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use wasmbind::host::Instantiate;

use wasmbind::Linker;
use wasmbind::host::{ErrorKind, Handle, Plugin, error::Limit};
use wasmbind::wasmtime::{Engine, Module, Store};

#[wasmbind::plugin_export]
pub trait Spin {
    fn spin();
}

const TICK: Duration = Duration::from_millis(1);
const BUDGET_TICKS: u64 = 20;
const RUNS: usize = 300;

fn main() {
    let mut config = wasmbind::host::config();
    config.epoch_interruption(true);
    let engine = Engine::new(&config).unwrap();
    // A plugin stuck in a loop that calls nothing.
    let wasm = wat::parse_str(r#"(module (memory (export "memory") 1) (func (export "spin") (loop (br 0))))"#);
    let module = Module::new(&engine, wasm.unwrap()).unwrap();
    let linker = Linker::new(&engine);
    let stop = Arc::new(AtomicBool::new(false));
    let ticker = {
        let (engine, stop) = (engine.clone(), stop.clone());
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                std::thread::sleep(TICK);
                engine.increment_epoch();
            }
        })
    };
    let mut late = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let mut store = Store::new(&engine, ());
        let plugin = Plugin::instantiate(&mut store, Instantiate::new(&linker, &module).named("spin")).unwrap();
        let spin = SpinPlugin::new(&mut store, plugin).unwrap();
        store.set_epoch_deadline(BUDGET_TICKS);
        let start = Instant::now();
        let err = spin.spin(&mut store).unwrap_err();
        let elapsed = start.elapsed();
        assert!(matches!(err.kind(), ErrorKind::Limit { limit: Limit::Deadline, .. }), "{err}");
        // Past the budget: how long after its deadline the host had the error.
        late.push(elapsed.saturating_sub(TICK * BUDGET_TICKS as u32));
    }
    stop.store(true, Ordering::Relaxed);
    ticker.join().unwrap();
    late.sort();
    let at = |p: f64| late[((late.len() - 1) as f64 * p) as usize];
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "deadline {} ms (epoch tick {} ms), {RUNS} runs: stopped after the deadline by p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        BUDGET_TICKS,
        TICK.as_millis(),
        ms(at(0.50)),
        ms(at(0.99)),
        ms(late[late.len() - 1]),
    );
}
