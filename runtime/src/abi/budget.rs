//! What decoding one call's values may cost the decoder: a nesting depth
//! and a number of bytes of memory, so that no body a plugin sends can
//! recurse the host's stack away or make it allocate without bound.

use super::wire_error::WireError;

/// The limits every decoder enforces on one call's values, set per
/// [`Linker`](crate::Linker) (and so per plugin instantiated through it).
///
/// - `depth`: how deeply values may nest. Each derived struct or enum, each
///   `Vec` of variable-size elements and each map is one level; `Option`,
///   `Result`, `Box`, tuples and arrays add none (as in serde_json, whose
///   limit, 128, is the default). A recursive type nests one level per
///   struct or enum it passes through.
/// - `alloc`: how many bytes of host memory the decoded values of one call
///   may take, counted as the allocator hands them out: every heap block
///   (a string's or a `Vec`'s contents, each `Box`, a hash table, a B-tree
///   node) with the allocator's header and rounding, every block a growing
///   `Vec` or `HashMap` takes on the way, and the copies a host function's
///   lent arguments may need. The peak heap of one call's decoding stays
///   within it (`runtime/tests/decode_memory.rs` measures it).
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

    /// Charges one heap block of `bytes` as an allocator takes it
    /// ([`block_size`]); nothing for an empty one, which takes none.
    #[inline]
    pub fn charge_block(&mut self, bytes: usize) -> Result<(), WireError> {
        self.charge(block_size(bytes))
    }

    /// Charges one block of `count` values of `T`.
    #[inline]
    pub fn charge_items<T>(&mut self, count: usize) -> Result<(), WireError> {
        self.charge_block(count.saturating_mul(size_of::<T>()))
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

/// What a heap block of `bytes` costs: nothing when empty; else the bytes
/// with an allocator's 16-byte header, in 16-byte steps and at least 32
/// (glibc's malloc, whose small blocks cost the most of the common
/// allocators), and whole pages from 128 KiB on, where blocks are mapped;
/// `usize::MAX` when that does not fit in a `usize`.
///
/// ```
/// use wasmbind::abi::block_size;
/// assert_eq!([block_size(0), block_size(1), block_size(17), block_size(200 << 10)], [0, 32, 48, 51 * 4096]);
/// assert_eq!(block_size(usize::MAX - 8), usize::MAX);
/// ```
#[inline]
pub fn block_size(bytes: usize) -> usize {
    const HEADER: usize = 16;
    const MAPPED: usize = 128 << 10;
    if bytes == 0 {
        return 0;
    }
    let step = if bytes < MAPPED { 16 } else { 4096 };
    bytes
        .checked_add(HEADER)
        .and_then(|size| size.checked_next_multiple_of(step))
        .map_or(usize::MAX, |size| size.max(32))
}

/// Makes room for one more item in `items`, charging every block a
/// growing `Vec` takes (twice the capacity each time, as `Vec` grows):
/// the blocks it frees on the way are not given back, so the charge
/// bounds the peak of old and new block while one is copied into the other.
#[inline]
pub(crate) fn grow<T>(items: &mut Vec<T>, budget: &mut Budget) -> Result<(), WireError> {
    if items.len() == items.capacity() {
        let capacity = items.capacity().saturating_mul(2).max(4);
        budget.charge_items::<T>(capacity)?;
        items.try_reserve_exact(capacity - items.len())?;
    }
    Ok(())
}

/// Makes room for one more entry in a hash map, charging its new table
/// when it must grow: `buckets × (entry + 1 control byte) + 16`, with
/// buckets the power of two a table of that capacity needs (hashbrown's
/// 7/8 load).
pub(crate) fn grow_map<K, V, S>(
    map: &mut std::collections::HashMap<K, V, S>,
    budget: &mut Budget,
) -> Result<(), WireError>
where
    K: Eq + core::hash::Hash,
    S: core::hash::BuildHasher,
{
    if map.len() == map.capacity() {
        let capacity = map.capacity().saturating_mul(2).max(4);
        let buckets = capacity.saturating_add(capacity / 7).saturating_add(1).checked_next_power_of_two();
        let table = buckets.map_or(usize::MAX, |b| b.saturating_mul(size_of::<(K, V)>() + 1).saturating_add(16));
        budget.charge_block(table)?;
        map.try_reserve(capacity - map.len())?;
    }
    Ok(())
}

/// Charges the B-tree nodes entry number `count` (from 0) may need: a
/// node holds 11 entries and at least 5, so a leaf's block every 5
/// entries and an internal node's (a leaf and 12 edges) every 25.
pub(crate) fn charge_tree_entry<K, V>(count: usize, budget: &mut Budget) -> Result<(), WireError> {
    let leaf = size_of::<[(K, V); 11]>() + 16;
    if count.is_multiple_of(5) {
        budget.charge_block(leaf)?;
    }
    if count.is_multiple_of(25) {
        budget.charge_block(leaf + 12 * size_of::<usize>())?;
    }
    Ok(())
}
