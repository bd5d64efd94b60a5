//! The end-to-end tests, one module per area, in one binary: each test
//! binary links wasmtime, which costs more than compiling the tests.

pub mod asyncio;
pub mod compiles;
pub mod context;
pub mod enums;
pub mod flags;
pub mod foreign;
pub mod fuzz;
pub mod growth;
pub mod hardening;
pub mod host_errors;
pub mod hostile;
pub mod hygiene;
pub mod in_process;
pub mod interface;
pub mod limits;
pub mod link;
pub mod listeners;
pub mod modules;
pub mod objects;
pub mod panic;
pub mod properties;
pub mod python;
pub mod resources;
pub mod results;
pub mod roundtrip;
pub mod session;
pub mod slices;
pub mod typescript;
pub mod vectors;
pub mod wasm_safety;
