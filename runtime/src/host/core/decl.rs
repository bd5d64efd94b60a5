//! Host-function declarations: what `#[host_fn]` emits for each function
//! (its import name, Rust signature, shapes and limits), and what a host
//! trait installs for the in-process backend. The bottom of the host: the
//! linker, the interface check and the calls all read them.

use core::ptr::NonNull;
use std::sync::Arc;

use wasmtime::StoreContextMut;

use super::error::{BadValue, HostTrap, Place, Site, clip_owned};
use crate::abi::{Describe, Fault, HostResult, Shape, WasmAbi};

/// Static description of one host function, emitted by the macro.
#[derive(Debug)]
pub struct HostFnInfo {
    /// Import module, e.g. `"env"`.
    pub module: &'static str,
    /// Import name.
    pub name: &'static str,
    /// The Rust signature, as plugins' import records spell it
    /// (`"fn(&str) -> Option<String>"`).
    pub signature: &'static str,
    /// Parameter names, for error messages.
    pub params: &'static [&'static str],
    /// The shapes of the parameter types and the result type (if any),
    /// for the type lines a plugin's import record is compared with.
    pub shapes: &'static [&'static Shape],
    /// Whether any argument or the result travels through memory.
    pub memory: bool,
    /// What a call may cost and carry, as the attribute declares.
    pub limits: HostLimits,
}

/// What a host function declares a call may cost and carry:
/// `#[host_fn(module = "env", fuel = 50, fuel_per_byte = 1, max_len = 65536)]`
/// on the free form, `#[host_fn(..)]` on the trait (for every method) or on
/// one method in the trait form.
///
/// Fuel is taken from the store's fuel (`Config::consume_fuel`) before the
/// function runs: `fuel` per call plus `fuel_per_byte` for every byte of
/// the arguments that travel through memory. When too little is left the
/// plugin stops with [`Limit::Fuel`](crate::host::error::Limit::Fuel) at the call, where
/// its memory is consistent, so it can be refuelled and called again. An
/// argument longer than `max_len` bytes is refused before it is read, as a
/// [`BadValue`] naming it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HostLimits {
    /// Fuel per call.
    pub fuel: u64,
    /// Fuel per byte of the arguments.
    pub fuel_per_byte: u64,
    /// The longest argument, in bytes.
    pub max_len: u32,
}

impl HostLimits {
    /// No limits: what a function declares none of.
    pub const NONE: Self = Self { fuel: 0, fuel_per_byte: 0, max_len: u32::MAX };
}

impl HostFnInfo {
    /// The description of function `module::name` returning nothing, whose
    /// Rust signature is `F` (`fn(&'static str)`), written `signature`, with
    /// parameters named `params` and no limits.
    pub const fn of<F: HostSig>(
        module: &'static str,
        name: &'static str,
        signature: &'static str,
        params: &'static [&'static str],
    ) -> Self {
        Self { module, name, signature, params, shapes: F::PARAMS, memory: F::MEMORY, limits: HostLimits::NONE }
    }

    /// [`HostFnInfo::of`] for a function returning a value
    /// (`fn(&'static str) -> u32`): its shape follows the parameters'.
    pub const fn returning<F: HostSig>(
        module: &'static str,
        name: &'static str,
        signature: &'static str,
        params: &'static [&'static str],
    ) -> Self {
        Self { shapes: F::WITH_RESULT, ..Self::of::<F>(module, name, signature, params) }
    }

    /// This description with the limits the attribute declares.
    pub const fn limits(self, limits: HostLimits) -> Self {
        Self { limits, ..self }
    }

    #[cold]
    pub(crate) fn bad(&self, place: Place, fault: Fault) -> wasmtime::Error {
        let site = Site::Import { plugin: None, module: self.module, function: self.name };
        wasmtime::Error::new(BadValue { site, place, fault })
    }

    #[cold]
    pub(crate) fn trap(&self, message: String) -> wasmtime::Error {
        let message = clip_owned(message);
        wasmtime::Error::new(HostTrap { function: format!("{}::{}", self.module, self.name), message })
    }

    pub(crate) fn param(&self, index: usize) -> &'static str {
        self.params.get(index).copied().unwrap_or("?")
    }
}

/// A host function's Rust signature as a function-pointer type with
/// `'static` lifetimes (`fn(&'static str) -> Option<String>`): the shapes
/// its import record lists and whether anything travels through memory.
/// Implemented for every such type whose parameters cross; `R` is the
/// result (`()` for none). Not public API.
pub trait HostSig {
    /// The shapes of the parameters.
    const PARAMS: &'static [&'static Shape];
    /// The shapes of the parameters and of the value the result lowers.
    const WITH_RESULT: &'static [&'static Shape];
    /// Whether any argument or the result travels through memory.
    const MEMORY: bool;
}

macro_rules! host_sigs {
    ($(($($arg:ident),*))*) => {$(
        impl<R, $($arg),*> HostSig for fn($($arg),*) -> R
        where
            R: HostResult + WasmAbi,
            R::Value: Describe,
            $($arg: WasmAbi + Describe,)*
        {
            const PARAMS: &'static [&'static Shape] = &[$($arg::SHAPE),*];
            const WITH_RESULT: &'static [&'static Shape] = &[$($arg::SHAPE,)* <R::Value as Describe>::SHAPE];
            const MEMORY: bool = R::MEMORY $(|| $arg::MEMORY)*;
        }
    )*};
}
host_sigs! {
    () (A) (A, B) (A, B, C) (A, B, C, D) (A, B, C, D, E) (A, B, C, D, E, F) (A, B, C, D, E, F, G)
    (A, B, C, D, E, F, G, H) (A, B, C, D, E, F, G, H, I) (A, B, C, D, E, F, G, H, I, J)
    (A, B, C, D, E, F, G, H, I, J, K) (A, B, C, D, E, F, G, H, I, J, K, L)
    (A, B, C, D, E, F, G, H, I, J, K, L, M) (A, B, C, D, E, F, G, H, I, J, K, L, M, N)
    (A, B, C, D, E, F, G, H, I, J, K, L, M, N, O) (A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P)
}

/// Installs one host trait's state over a store while a call runs
/// (generated by `add_to_linker`; see [`installer`](crate::host::extras::native::installer)).
pub type Installer<T> = Arc<dyn Fn(NonNull<StoreContextMut<'static, T>>, &mut dyn FnMut()) + Send + Sync>;
