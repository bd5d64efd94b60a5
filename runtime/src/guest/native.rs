//! Off wasm: the statics a natively compiled plugin shares
//! ([`Shared`](super::Shared)), numbered per in-process plugin while it
//! runs, so its host reads and writes them through their
//! [`GuestPtr`](crate::abi::GuestPtr)s. The in-process backend makes a
//! plugin's cells current for each call ([`CurrentCells`]).

use core::cell::RefCell;
use std::sync::{Arc, Mutex, PoisonError};

use crate::abi::{Budget, WireError};

/// A `Shared` static as the host sees it in-process: its value as wire
/// bytes.
pub trait NativeCell: Sync {
    /// The value's wire bytes.
    fn read(&self) -> Vec<u8>;
    /// Replaces the value with the one `bytes` encode.
    fn write(&self, bytes: &[u8], budget: &mut Budget) -> Result<(), WireError>;
}

/// The cells of one in-process plugin; a cell's address is
/// `CELL_BASE + CELL_STRIDE * index`.
#[derive(Default)]
pub(crate) struct Cells(Mutex<Vec<&'static dyn NativeCell>>);

const CELL_BASE: u32 = 0x1_0000;
const CELL_STRIDE: u32 = 0x10;
/// More cells than any plugin has statics; the addresses stay below 2^32.
const MAX_CELLS: usize = 1 << 20;

impl Cells {
    fn register(&self, cell: &'static dyn NativeCell) -> Option<u32> {
        let mut cells = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let thin = |c: &&'static dyn NativeCell| core::ptr::from_ref(*c).cast::<()>();
        let index = match cells.iter().position(|c| thin(c) == thin(&cell)) {
            Some(index) => index,
            None if cells.len() < MAX_CELLS => {
                cells.push(cell);
                cells.len() - 1
            }
            None => return None,
        };
        Some(CELL_BASE + CELL_STRIDE * index as u32)
    }

    /// The cell at `addr`, if one was handed out there.
    pub(crate) fn at(&self, addr: u32) -> Option<&'static dyn NativeCell> {
        let offset = addr.checked_sub(CELL_BASE).filter(|o| o % CELL_STRIDE == 0)?;
        let cells = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        cells.get((offset / CELL_STRIDE) as usize).copied()
    }
}

thread_local! {
    /// The cells of the in-process plugin running on this thread, if any.
    static CURRENT: RefCell<Option<Arc<Cells>>> = const { RefCell::new(None) };
}

/// The address of `cell` for the in-process plugin running on this
/// thread, registering it; `None` outside an in-process call.
pub(crate) fn cell_address(cell: &'static dyn NativeCell) -> Option<u32> {
    CURRENT.with_borrow(|current| current.as_ref().and_then(|cells| cells.register(cell)))
}

/// `cells` made the current plugin's on this thread until dropped (also
/// when unwinding), when the ones before are current again.
pub(crate) struct CurrentCells(Option<Arc<Cells>>);

impl CurrentCells {
    pub(crate) fn enter(cells: &Arc<Cells>) -> Self {
        Self(CURRENT.replace(Some(cells.clone())))
    }
}

impl Drop for CurrentCells {
    fn drop(&mut self) {
        CURRENT.set(self.0.take());
    }
}
