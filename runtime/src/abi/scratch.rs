//! Per-call storage for decoded copies of borrowed slice arguments.

use core::fmt;

/// Storage for one call's decoded copies of `&[T]` arguments that cannot
/// be borrowed in place (misaligned, or `T`'s memory layout is not its wire
/// layout). Lives as long as the call; only grows.
///
/// Every boundary call creates one, so an unused scratch must cost nothing:
/// it is one null pointer, and dropping it is one branch.
#[derive(Default)]
pub struct Scratch {
    kept: core::cell::Cell<Option<Box<Kept>>>,
}

/// One kept copy, in a list from the newest.
struct Kept {
    _items: Box<dyn core::any::Any>,
    next: Option<Box<Kept>>,
}

impl Scratch {
    /// Empty.
    #[inline]
    pub const fn new() -> Self {
        Self { kept: core::cell::Cell::new(None) }
    }

    /// Keeps `items` until the scratch is dropped and lends them out.
    #[cold]
    pub fn keep<T: 'static>(&self, items: Vec<T>) -> &[T] {
        let boxed: Box<[T]> = items.into_boxed_slice();
        let slice: *const [T] = &*boxed;
        let next = self.kept.take();
        self.kept.set(Some(Box::new(Kept { _items: Box::new(boxed), next })));
        // SAFETY: the elements live in the heap allocation of `boxed`, which
        // moving the box into the list does not move; the list only grows
        // and is dropped with `self`, which the returned borrow of `self`
        // cannot outlive.
        unsafe { &*slice }
    }
}

impl Drop for Scratch {
    #[inline]
    fn drop(&mut self) {
        if let Some(kept) = self.kept.get_mut().take() {
            drop_kept(kept);
        }
    }
}

/// Drops the list without recursing once per element.
#[allow(clippy::boxed_local, reason = "the list's nodes are boxes; unboxing the head would move it")]
#[cold]
#[inline(never)]
fn drop_kept(mut kept: Box<Kept>) {
    while let Some(next) = kept.next.take() {
        kept = next;
    }
}

impl fmt::Debug for Scratch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Scratch").finish_non_exhaustive()
    }
}
