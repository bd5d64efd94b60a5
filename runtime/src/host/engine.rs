//! The engine configuration wasmbind recommends, and a pooling variant for
//! hosts that instantiate plugins often.
//!
//! wasmbind calls plugins synchronously, so it needs none of wasmtime 48's
//! async machinery; `Config::concurrency_support`, on by default, makes
//! every call into wasm and back pay for it (measured on the benchmark
//! suite: `add(i32, i32)` 26 -> 21 ns with it off). Both functions return a
//! [`Config`] to adjust further (fuel, epochs, limits) before
//! `Engine::new`.

use wasmtime::{Config, InstanceAllocationStrategy, PoolingAllocationConfig};

/// wasmbind's default engine configuration: wasmtime's defaults with
/// `concurrency_support(false)`.
///
/// ```
/// let engine = wasmbind::wasmtime::Engine::new(&wasmbind::host::config()).unwrap();
/// # drop(engine);
/// ```
///
/// Turn it back on (`config.concurrency_support(true)`) only to run plugins
/// with wasmtime's async APIs, which wasmbind's generated calls do not use.
pub fn config() -> Config {
    let mut config = Config::new();
    config.concurrency_support(false);
    config
}

/// [`config`] with wasmtime's pooling instance allocator, for hosts that
/// create and drop many short-lived instances (a plugin per request): memory
/// and tables for up to `instances` live instances are reserved once and
/// reused, so instantiation does no `mmap`. Each instance may grow its
/// memory to `max_memory` bytes.
///
/// ```
/// let config = wasmbind::host::pooling_config(16, 16 << 20);
/// let engine = wasmbind::wasmtime::Engine::new(&config).unwrap();
/// # drop(engine);
/// ```
///
/// Instantiating more than `instances` plugins at once fails with a load
/// error instead of allocating more.
pub fn pooling_config(instances: u32, max_memory: usize) -> Config {
    let mut pool = PoolingAllocationConfig::default();
    pool.total_core_instances(instances)
        .total_memories(instances)
        .total_tables(instances)
        .max_memory_size(max_memory);
    let mut config = config();
    config.allocation_strategy(InstanceAllocationStrategy::Pooling(pool));
    config
}
