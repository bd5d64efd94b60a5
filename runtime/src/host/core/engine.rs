//! The engine configuration wasmbind recommends, and a pooling variant for
//! hosts that instantiate plugins often.
//!
//! wasmbind's calls, sync or async (on fibers), need none of wasmtime 48's
//! component-model concurrency; `Config::concurrency_support`, on by default, makes
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
/// Async host functions and the handles' `_async` calls work with it off:
/// they run on fibers. Turn it back on (`config.concurrency_support(true)`)
/// only for component-model concurrency, which wasmbind does not use.
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
    pool.total_core_instances(instances).total_memories(instances).total_tables(instances).max_memory_size(max_memory);
    let mut config = config();
    config.allocation_strategy(InstanceAllocationStrategy::Pooling(pool));
    config
}

/// A [`ResourceLimiter`](wasmtime::ResourceLimiter) that caps every memory
/// of the store's plugins at `max` bytes. Growing past it stops the plugin
/// with [`ErrorKind::Limit`](crate::host::ErrorKind::Limit) (`Limit::Memory`)
/// instead of letting `memory.grow` fail, which a Rust plugin's allocator
/// would turn into an abort without a message.
///
/// ```
/// use wasmbind::host::MemoryLimit;
/// struct State { limit: MemoryLimit }
/// let engine = wasmbind::wasmtime::Engine::default();
/// let mut store = wasmbind::wasmtime::Store::new(&engine, State { limit: MemoryLimit::new(16 << 20) });
/// store.limiter(|state| &mut state.limit);
/// ```
#[derive(Clone, Copy, Debug)]
pub struct MemoryLimit {
    max: usize,
}

impl MemoryLimit {
    /// At most `max` bytes per memory.
    pub fn new(max: usize) -> Self {
        Self { max }
    }
}

impl wasmtime::ResourceLimiter for MemoryLimit {
    fn memory_growing(&mut self, _current: usize, desired: usize, _maximum: Option<usize>) -> wasmtime::Result<bool> {
        if desired > self.max {
            return Err(wasmtime::Error::new(crate::host::error::Limit::Memory { desired, max: self.max }));
        }
        Ok(true)
    }

    fn table_growing(&mut self, _current: usize, _desired: usize, _maximum: Option<usize>) -> wasmtime::Result<bool> {
        Ok(true)
    }
}
