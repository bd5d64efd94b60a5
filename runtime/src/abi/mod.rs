//! The wire ABI shared by hosts and plugins (version [`ABI_VERSION`]).
//!
//! Every Rust type that crosses a boundary travels either as one core wasm
//! value (scalars) or as a `(ptr, len)` pair pointing at its *wire encoding*
//! in the plugin's linear memory, packed into one `i64` (see [`pack`]).
//! The encoding is explicit and little-endian, so a 64-bit host and a 32-bit
//! plugin agree by construction. `docs/ABI.md` is the normative description.
//!
//! | module | concern |
//! |---|---|
//! | `wire` | decode errors, the checked [`Reader`], [`Buf`], the nesting rule |
//! | `budget` | [`DecodeLimits`] and the per-call [`Budget`]: nesting depth and memory |
//! | `wasm_type` | the [`WasmType`], [`MemoryType`] and [`WasmAbi`] traits |
//! | `impls` | those traits for scalars and the standard library's types |
//! | `pod` | types whose memory layout is their body, and all `unsafe` that relies on it |
//! | `boundary` | [`Lower`] / [`Lift`]: a value to its core value and back, per direction |
//! | `scratch`, `trap`, `guest_ptr` | per-call copies, host traps, typed pointers |

/// Declares a trait that a type needs in order to cross, with the one
/// diagnostic every such trait shows when a type lacks it (so a user reads
/// the same fix whichever trait the compiler names).
macro_rules! crossing_trait {
    ($(#[$attr:meta])* $vis:vis trait $($rest:tt)*) => {
        $(#[$attr])*
        #[diagnostic::on_unimplemented(
            message = "`{Self}` cannot cross the wasm boundary",
            label = "`{Self}` does not implement `wasmbind::WasmType`",
            note = "derive it: `#[derive(wasmbind::WasmType)]` on a struct or enum whose fields are scalars, `String`, `Vec`, `Option`, `Result`, tuples, arrays, maps or other `WasmType` types; `usize`, `isize`, references other than `&str` and `&[T]`, and raw pointers never cross"
        )]
        $vis trait $($rest)*
    };
}

mod boundary;
mod budget;
mod describe;
mod event;
mod flags;
mod guest_ptr;
mod impls;
mod object;
mod pod;
mod resource;
mod scratch;
mod trap;
mod wasm_type;
mod wire;
mod wire_error;

pub use boundary::{Fault, Lift, Limit, Lower, Sink, Source};
pub use budget::{Budget, DecodeLimits, block_size};
pub use describe::Describe;
pub use event::{Event, EventArgs};
pub use flags::{Flag, Flags, Iter as FlagsIter};
pub use guest_ptr::GuestPtr;
pub use impls::str_from;
#[doc(hidden)]
pub use object::Object;
pub use pod::PodLayout;
#[doc(hidden)]
pub use pod::pod_if;
#[cfg(not(target_family = "wasm"))]
pub(crate) use resource::kind_name;
pub use resource::{Close, Owned, Resource};
pub use scratch::Scratch;
pub use trap::{HostResult, Trap};
pub use wasm_type::{MemoryType, Scalar, WasmAbi, WasmType, decode_nested, encode_nested, is_inline, to_body};
pub use wire::{Buf, Inline, Reader};
#[doc(hidden)]
pub use wire::{decode_tag, encode_tag, fixed_size, max_align};
pub use wire_error::WireError;

pub use wasmbind_shared::ABI_VERSION;
/// The vocabulary of [`Describe`]: a type's shape as interface records spell it.
pub use wasmbind_shared::{Body, Def, Fields, NamedRef, Shape, Static, Variant};

/// Packs a memory region into the single `i64` core value used on the wire:
/// `len` in the high 32 bits, `ptr` in the low 32 bits.
///
/// ```
/// assert_eq!(wasmbind::abi::pack(8, 3), (3i64 << 32) | 8);
/// assert_eq!(wasmbind::abi::unpack(wasmbind::abi::pack(8, 3)), (8, 3));
/// ```
#[inline]
pub const fn pack(ptr: u32, len: u32) -> i64 {
    (((len as u64) << 32) | ptr as u64) as i64
}

/// Splits a packed `i64` into `(ptr, len)`; the inverse of [`pack`].
#[inline]
pub const fn unpack(value: i64) -> (u32, u32) {
    (value as u64 as u32, ((value as u64) >> 32) as u32)
}

#[cfg(test)]
mod tests;
