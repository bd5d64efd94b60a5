//! What runs a plugin other than a wasm instance: the in-process backend.
//! Uses `core` and `load`.

pub(crate) mod in_process;
