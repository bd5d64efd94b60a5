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

pub use wasmtime_wasi::p1::{WasiP1Ctx, add_to_linker_sync as add_to_linker};
/// In-memory stdin and stdout/stderr for a plugin (`WasiCtxBuilder::stdout`),
/// and the permissions of a preopened directory (`WasiCtxBuilder::preopened_dir`).
///
/// ```
/// use wasmbind::host::wasi::{FsPerms, MemoryOutputPipe, WasiCtxBuilder};
/// let stdout = MemoryOutputPipe::new(4096);
/// let dir = std::env::temp_dir();
/// let wasi = WasiCtxBuilder::new()
///     .stdout(stdout.clone())
///     .preopened_dir(&dir, "/tmp", FsPerms::ReadOnly)
///     .unwrap()
///     .build_p1();
/// # drop(wasi);
/// assert!(stdout.contents().is_empty());
/// ```
pub use wasmtime_wasi::p2::pipe::{MemoryInputPipe, MemoryOutputPipe};
pub use wasmtime_wasi::{FsPerms, WasiCtxBuilder};

/// A WASI context that shares the host's stdout and stderr, and nothing else.
pub fn stdio() -> WasiP1Ctx {
    WasiCtxBuilder::new().inherit_stdout().inherit_stderr().build_p1()
}
