//! The plugin side. On wasm: the allocator exports, the result slot, and
//! the sources and sinks that generated import wrappers and export glue
//! use. Off wasm (a plugin compiled natively, for its unit tests or to run
//! in-process), only what plugin code names itself: [`Shared`]; its
//! imports call the host installed on the current thread (each trait's
//! module has `with_host`).

mod objects;
#[cfg(target_family = "wasm")]
mod wasm;
#[doc(hidden)]
pub use objects::Objects;
#[cfg(target_family = "wasm")]
pub use wasm::*;
#[cfg(not(target_family = "wasm"))]
pub(crate) mod native;

use crate::abi::{GuestPtr, WasmType};

/// A value a plugin shares with its host through a [`GuestPtr`]: the host
/// reads and writes it between calls.
///
/// ```
/// use wasmbind::guest::Shared;
/// static COUNTER: Shared<u32> = Shared::new(7);
/// COUNTER.set(COUNTER.get() + 1);
/// assert_eq!(COUNTER.get(), 8);
/// ```
///
/// Compiled natively (a plugin's unit tests), it is a value behind a lock:
/// there is no plugin memory, so [`Shared::ptr`] only identifies the cell.
#[repr(transparent)]
pub struct Shared<T>(Inner<T>);

#[cfg(target_family = "wasm")]
type Inner<T> = core::cell::UnsafeCell<T>;
#[cfg(not(target_family = "wasm"))]
type Inner<T> = std::sync::Mutex<T>;

// SAFETY: plugins run on one thread (builds with `atomics` are refused);
// the host only touches the value while the plugin is not running.
#[cfg(target_family = "wasm")]
unsafe impl<T> Sync for Shared<T> {}

impl<T: WasmType + Copy> Shared<T> {
    /// A shared value starting at `value`.
    pub const fn new(value: T) -> Self {
        Self(Inner::new(value))
    }

    /// Checks, at compile time, that `T`'s memory layout is its wire layout.
    const LAYOUT: () = {
        assert!(matches!(T::FIXED_SIZE, Some(s) if s == size_of::<T>()));
        assert!(T::ALIGN == align_of::<T>());
    };
}

#[cfg(target_family = "wasm")]
impl<T: WasmType + Copy> Shared<T> {
    /// The address the host reads and writes. `T`'s memory layout must be
    /// its wire layout: a `#[repr(C)]` struct of scalars without padding.
    pub fn ptr(&'static self) -> GuestPtr<T> {
        let () = Self::LAYOUT;
        GuestPtr::new(core::ptr::from_ref(self) as usize as u32)
    }
}

#[cfg(not(target_family = "wasm"))]
impl<T: WasmType + Copy + Send + 'static> Shared<T> {
    /// The address the host reads and writes. `T`'s memory layout must be
    /// its wire layout: a `#[repr(C)]` struct of scalars without padding.
    ///
    /// Natively, inside a call into an in-process plugin, the cell is
    /// registered with that plugin and the address is its number there,
    /// which the host's [`GuestPtr::read`] and [`GuestPtr::write`] find;
    /// anywhere else (a unit test), the low 32 bits of the cell's address,
    /// distinct for the statics of one program but not readable through.
    pub fn ptr(&'static self) -> GuestPtr<T> {
        let () = Self::LAYOUT;
        let addr = native::cell_address(self).unwrap_or(core::ptr::from_ref(self) as usize as u32);
        GuestPtr::new(addr)
    }
}

/// What the host reads and writes through the pointer of an in-process
/// plugin's static: the value's wire bytes.
#[cfg(not(target_family = "wasm"))]
impl<T: WasmType + Copy + Send> native::NativeCell for Shared<T> {
    fn read(&self) -> Vec<u8> {
        crate::abi::to_body(&self.get())
    }

    fn write(&self, bytes: &[u8], budget: &mut crate::abi::Budget) -> Result<(), crate::abi::WireError> {
        self.set(T::decode_with(bytes, budget)?);
        Ok(())
    }
}

#[cfg(target_family = "wasm")]
impl<T: WasmType + Copy> Shared<T> {
    /// Reads the current value (the host may have written it).
    pub fn get(&self) -> T {
        // SAFETY: the cell is valid and aligned; volatile because the host
        // writes it from outside the program.
        unsafe { self.0.get().read_volatile() }
    }

    /// Replaces the value.
    pub fn set(&self, value: T) {
        // SAFETY: as in `get`.
        unsafe { self.0.get().write_volatile(value) }
    }
}

#[cfg(not(target_family = "wasm"))]
impl<T: WasmType + Copy> Shared<T> {
    /// Reads the current value (the host may have written it).
    pub fn get(&self) -> T {
        *self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Replaces the value.
    pub fn set(&self, value: T) {
        *self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = value;
    }
}
