//! WASI preview 1 for plugins built with `--target wasm32-wasip1`
//! (e.g. ones that `println!`), from `wasmtime-wasi`.
//!
//! ```no_run
//! use wasmbind::host::wasi::{WasiP1Ctx, add_to_linker, stdio};
//! struct State { wasi: WasiP1Ctx }
//! let engine = wasmtime::Engine::default();
//! let mut linker = wasmbind::Linker::<State>::new(&engine);
//! add_to_linker(&mut linker, |s| &mut s.wasi).unwrap();
//! let store = wasmtime::Store::new(&engine, State { wasi: stdio() });
//! ```

pub use wasmtime_wasi::WasiCtxBuilder;
pub use wasmtime_wasi::p1::{WasiP1Ctx, add_to_linker_sync as add_to_linker};

/// A WASI context that shares the host's stdout and stderr, and nothing else.
pub fn stdio() -> WasiP1Ctx {
    WasiCtxBuilder::new().inherit_stdout().inherit_stderr().build_p1()
}
