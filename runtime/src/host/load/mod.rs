//! Loading: interface records (and the exports they list) and their
//! checks, and the linker that holds the host's declarations. Uses `core`.

pub(crate) mod interface;
pub(crate) mod linker;
