//! Sets of named flags: [`Flag`], which `#[derive(wasmbind::Flag)]`
//! implements for a fieldless enum, and [`Flags`], the set that crosses.
//!
//! A set travels as an unsigned integer of 1, 2, 4 or 8 bytes (the
//! smallest with a bit per flag), flag `i` in bit `i`, little-endian; bits
//! that name no flag are refused on decode (docs/ABI.md section 2). Its
//! records line is `flags Perm{Read,Write,Exec}`.

use core::fmt;
use core::iter::FusedIterator;
use core::marker::PhantomData;
use core::ops::{BitAnd, BitAndAssign, BitOr, BitOrAssign, BitXor, BitXorAssign, Not, Sub, SubAssign};

use wasmbind_shared::{Shape, flags_size};

use super::budget::Budget;
use super::describe::Describe;
use super::wasm_type::{MemoryType, WasmType};
use super::wire::Buf;
use super::wire_error::WireError;

/// One flag of a set: a fieldless enum with `#[derive(wasmbind::Flag)]`,
/// whose variants name the bits in order (the first is bit 0). A set of
/// them is a [`Flags`], and `Perm::Read | Perm::Write` makes one.
///
/// ```
/// use wasmbind::{Flag, Flags};
///
/// #[derive(wasmbind::Flag, Clone, Copy, Debug, PartialEq, Eq)]
/// enum Perm { Read, Write, Exec }
///
/// let rw: Flags<Perm> = Perm::Read | Perm::Write;
/// assert!(rw.contains(Perm::Write) && !rw.contains(Perm::Exec));
/// assert_eq!(rw.bits(), 0b011);
/// assert_eq!(Perm::ALL.len(), 3);
/// assert_eq!(Flags::<Perm>::from_bits(0b1000), None, "bit 3 names no flag");
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a flag",
    label = "a `Flags<{Self}>` needs `{Self}` to be a flag",
    note = "derive it: `#[derive(wasmbind::Flag, Clone, Copy, PartialEq, Eq)]` on an enum whose variants have no fields"
)]
pub trait Flag: Copy + Eq + 'static {
    /// Every flag, in bit order.
    const ALL: &'static [Self];
    /// The flags type's shape in interface records (`flags Perm{Read,Write}`).
    const SHAPE: &'static Shape;

    /// The flag's bit: its position among the variants.
    fn bit(self) -> u32;
}

/// A set of flags of type `F`: what crosses the boundary for a flags type.
///
/// Set operations are the operators (`|` union, `&` intersection, `-`
/// difference, `^` symmetric difference, `!` complement within the named
/// flags) and the methods below.
///
/// ```
/// # use wasmbind::Flags;
/// # #[derive(wasmbind::Flag, Clone, Copy, Debug, PartialEq, Eq)]
/// # enum Perm { Read, Write, Exec }
/// let mut perms = Flags::empty();
/// perms.insert(Perm::Exec);
/// perms |= Perm::Read;
/// assert_eq!(perms.iter().collect::<Vec<_>>(), [Perm::Read, Perm::Exec]);
/// assert_eq!(!perms, Flags::from(Perm::Write));
/// assert_eq!(format!("{perms:?}"), "Flags(Read | Exec)");
/// ```
pub struct Flags<F: Flag> {
    bits: u64,
    _flag: PhantomData<F>,
}

impl<F: Flag> Flags<F> {
    /// The bits that name a flag.
    const MASK: u64 = match F::ALL.len() {
        64 => u64::MAX,
        n => (1 << n) - 1,
    };
    /// The set's size on the wire.
    const SIZE: usize = match flags_size(F::ALL.len()) {
        Some(size) => size,
        None => panic!("a flags type has at most 64 flags"),
    };

    const fn of(bits: u64) -> Self {
        Self { bits, _flag: PhantomData }
    }

    /// No flags.
    pub const fn empty() -> Self {
        Self::of(0)
    }

    /// Every flag.
    pub const fn all() -> Self {
        Self::of(Self::MASK)
    }

    /// The set with bits `bits`, `None` when a bit set names no flag.
    pub const fn from_bits(bits: u64) -> Option<Self> {
        if bits & !Self::MASK == 0 { Some(Self::of(bits)) } else { None }
    }

    /// The set's bits: flag `i` is bit `i`.
    pub const fn bits(self) -> u64 {
        self.bits
    }

    /// Whether `flag` is in the set.
    pub fn contains(self, flag: F) -> bool {
        self.bits & Self::from(flag).bits != 0
    }

    /// Whether every flag of `other` is in the set.
    pub const fn contains_all(self, other: Self) -> bool {
        self.bits & other.bits == other.bits
    }

    /// Whether the set is empty.
    pub const fn is_empty(self) -> bool {
        self.bits == 0
    }

    /// How many flags are in the set.
    pub const fn len(self) -> usize {
        self.bits.count_ones() as usize
    }

    /// Adds `flag`.
    pub fn insert(&mut self, flag: F) {
        *self |= flag;
    }

    /// Takes `flag` out.
    pub fn remove(&mut self, flag: F) {
        *self -= flag;
    }

    /// The flags in the set, in bit order.
    pub fn iter(self) -> Iter<F> {
        Iter { rest: self.bits, _flag: PhantomData }
    }
}

/// The flags of a [`Flags`] set, in bit order.
#[derive(Clone, Debug)]
pub struct Iter<F: Flag> {
    rest: u64,
    _flag: PhantomData<F>,
}

impl<F: Flag> Iterator for Iter<F> {
    type Item = F;

    fn next(&mut self) -> Option<F> {
        let bit = self.rest.trailing_zeros();
        let flag = F::ALL.get(bit as usize).copied()?; // `None` once `rest` is 0 (bit 64)
        self.rest &= self.rest - 1;
        Some(flag)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.rest.count_ones() as usize;
        (left, Some(left))
    }
}

impl<F: Flag> ExactSizeIterator for Iter<F> {}
impl<F: Flag> FusedIterator for Iter<F> {}

impl<F: Flag> IntoIterator for Flags<F> {
    type Item = F;
    type IntoIter = Iter<F>;
    fn into_iter(self) -> Iter<F> {
        self.iter()
    }
}

impl<F: Flag> From<F> for Flags<F> {
    fn from(flag: F) -> Self {
        Self::of(1 << flag.bit())
    }
}

impl<F: Flag> FromIterator<F> for Flags<F> {
    fn from_iter<I: IntoIterator<Item = F>>(flags: I) -> Self {
        flags.into_iter().fold(Self::empty(), |set, flag| set | flag)
    }
}

impl<F: Flag> Extend<F> for Flags<F> {
    fn extend<I: IntoIterator<Item = F>>(&mut self, flags: I) {
        flags.into_iter().for_each(|flag| self.insert(flag));
    }
}

// Derived impls would ask `F` for the traits; a set is `Copy`, `Eq` and so
// on whatever its flag type.
impl<F: Flag> Clone for Flags<F> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<F: Flag> Copy for Flags<F> {}
impl<F: Flag> Default for Flags<F> {
    fn default() -> Self {
        Self::empty()
    }
}
impl<F: Flag> PartialEq for Flags<F> {
    fn eq(&self, other: &Self) -> bool {
        self.bits == other.bits
    }
}
impl<F: Flag> Eq for Flags<F> {}
impl<F: Flag> core::hash::Hash for Flags<F> {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.bits.hash(state);
    }
}

/// `Flags(Read | Exec)`, each flag as its `Debug` writes it.
impl<F: Flag + fmt::Debug> fmt::Debug for Flags<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Flags(")?;
        for (i, flag) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(" | ")?;
            }
            write!(f, "{flag:?}")?;
        }
        f.write_str(")")
    }
}

/// The binary operators, each with a set or one flag on the right.
macro_rules! set_ops {
    ($($op:ident $method:ident $assign:ident $assign_method:ident ($a:ident, $b:ident) => $bits:expr;)*) => {$(
        impl<F: Flag, R: Into<Flags<F>>> $op<R> for Flags<F> {
            type Output = Self;
            fn $method(self, other: R) -> Self {
                let ($a, $b) = (self.bits, other.into().bits);
                Self::of($bits)
            }
        }
        impl<F: Flag, R: Into<Flags<F>>> $assign<R> for Flags<F> {
            fn $assign_method(&mut self, other: R) {
                *self = $op::$method(*self, other);
            }
        }
    )*};
}
set_ops! {
    BitOr bitor BitOrAssign bitor_assign (a, b) => a | b;
    BitAnd bitand BitAndAssign bitand_assign (a, b) => a & b;
    Sub sub SubAssign sub_assign (a, b) => a & !b;
    BitXor bitxor BitXorAssign bitxor_assign (a, b) => a ^ b;
}

impl<F: Flag> Not for Flags<F> {
    type Output = Self;
    fn not(self) -> Self {
        Self::of(!self.bits & Self::MASK)
    }
}

impl<F: Flag> WasmType for Flags<F> {
    const FIXED_SIZE: Option<usize> = Some(Self::SIZE);
    const ALIGN: usize = Self::SIZE;

    fn encode<B: Buf>(&self, out: &mut B) {
        let bytes = self.bits.to_le_bytes();
        out.put(bytes.get(..Self::SIZE).unwrap_or(&bytes));
    }

    fn decode_with(bytes: &[u8], _: &mut Budget) -> Result<Self, WireError> {
        let mut le = [0; 8];
        match le.get_mut(..bytes.len()) {
            Some(low) if bytes.len() == Self::SIZE => low.copy_from_slice(bytes),
            _ => return Err(WireError::Size { expected: Self::SIZE, found: bytes.len() }),
        }
        let bits = u64::from_le_bytes(le);
        Self::from_bits(bits).ok_or(WireError::Flags { type_name: type_name::<F>(), bits })
    }
}

impl<F: Flag> MemoryType for Flags<F> {}

impl<F: Flag> Describe for Flags<F> {
    const SHAPE: &'static Shape = F::SHAPE;
}

/// The flags type's name, as its records line spells it.
fn type_name<F: Flag>() -> &'static str {
    match F::SHAPE {
        Shape::Named(def) => def.get().name,
        _ => "flags",
    }
}
