//! wasmtime's C API (`wasm.h`, `wasmtime.h`, `wasmtime.hh`), linked into
//! one static library for the C++ host of tests/foreign.

extern crate wasmtime_c_api;
