//! What decoding one call's values may cost the decoder: a nesting depth
//! and a number of bytes of memory, so that no body a plugin sends can
//! recurse the host's stack away or make it allocate without bound.

use super::wire::WireError;

/// The limits every decoder enforces on one call's values, set per
/// [`Linker`](crate::Linker) (and so per plugin instantiated through it).
///
/// - `depth`: how deeply values may nest. Each derived struct or enum, each
///   `Vec` of variable-size elements and each map is one level; `Option`,
///   `Result`, `Box`, tuples and arrays add none (as in serde_json, whose
///   limit, 128, is the default). A recursive type nests one level per
///   struct or enum it passes through.
/// - `alloc`: how many bytes of memory the decoded values of one call may
///   take: string and byte contents, one element's size per element of a
///   `Vec`, a key's and a value's size per map entry, the pointee of each
///   `Box`. A `Vec`'s growth may make the allocator hand out up to twice
///   as much.
///
/// ```
/// use wasmbind::abi::{Budget, DecodeLimits, WireError};
/// use wasmbind::WasmType;
/// let body = wasmbind::abi::to_body(&vec![String::new(); 1000]);
/// let limits = DecodeLimits { depth: 128, alloc: 4096 };
/// let err = <Vec<String>>::decode_with(&body, &mut Budget::new(limits)).unwrap_err();
/// assert_eq!(err, WireError::OverBudget { limit: 4096 });
/// assert!(<Vec<String>>::decode(&body).is_ok()); // the default allows it
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DecodeLimits {
    /// The deepest nesting allowed.
    pub depth: u32,
    /// The bytes one call's decoded values may take.
    pub alloc: usize,
}

impl DecodeLimits {
    /// Nesting 128 deep (serde_json's limit) and 64 MiB per call: what a
    /// host allows a plugin unless its linker says otherwise.
    pub const DEFAULT: Self = Self { depth: 128, alloc: 64 << 20 };

    /// Nesting 128 deep and no memory limit: what a plugin allows the
    /// values its host sends (its memory limit bounds them).
    pub const PLUGIN: Self = Self { depth: Self::DEFAULT.depth, alloc: usize::MAX };
}

impl Default for DecodeLimits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// What is left of one call's [`DecodeLimits`] while its values decode.
/// Every decoder takes one; [`WasmType::decode`](super::WasmType::decode)
/// starts a fresh one with the defaults.
#[derive(Clone, Debug)]
pub struct Budget {
    depth: u32,
    alloc: usize,
    limits: DecodeLimits,
}

impl Budget {
    /// A full budget of `limits`.
    #[inline]
    pub const fn new(limits: DecodeLimits) -> Self {
        Self { depth: limits.depth, alloc: limits.alloc, limits }
    }

    /// Enters one level of nesting; fails past the limit.
    #[inline]
    pub fn enter(&mut self) -> Result<(), WireError> {
        match self.depth.checked_sub(1) {
            Some(depth) => {
                self.depth = depth;
                Ok(())
            }
            None => Err(WireError::TooDeep { limit: self.limits.depth }),
        }
    }

    /// Leaves a level entered with [`enter`](Self::enter).
    #[inline]
    pub fn leave(&mut self) {
        self.depth = self.depth.saturating_add(1).min(self.limits.depth);
    }

    /// Takes `bytes` from the allocation budget; fails when less is left.
    #[inline]
    pub fn charge(&mut self, bytes: usize) -> Result<(), WireError> {
        match self.alloc.checked_sub(bytes) {
            Some(alloc) => {
                self.alloc = alloc;
                Ok(())
            }
            None => Err(WireError::OverBudget { limit: self.limits.alloc }),
        }
    }

    /// Charges `count` values of `T`'s in-memory size.
    #[inline]
    pub fn charge_items<T>(&mut self, count: usize) -> Result<(), WireError> {
        self.charge(count.saturating_mul(size_of::<T>()))
    }

    /// The limits this budget started from.
    pub fn limits(&self) -> DecodeLimits {
        self.limits
    }
}

impl Default for Budget {
    fn default() -> Self {
        Self::new(DecodeLimits::DEFAULT)
    }
}
