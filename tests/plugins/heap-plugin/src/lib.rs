//! A plugin that reports the bytes its allocator holds (`live`), to show
//! that a large result does not stay in its memory after the call
//! (`wasmbind_release`, docs/ABI.md section 4). Declares its own trait:
//! the host side lives in the same crate.

use wasmbind::{host_fn, plugin_export};

/// What the plugin exports.
#[plugin_export]
pub trait Heap {
    /// `0..n`: a list of `4 * n` bytes.
    fn list(n: u32) -> Vec<u32>;
    /// The bytes its allocator holds now.
    fn live() -> u64;
    /// The most parameters an export takes (16): passes them on to the host
    /// (`wide::note`, the most a host function without a result takes) and
    /// returns the host's sum of the first 15 (`wide::sum`, the most one
    /// with a result takes) plus the last.
    #[allow(clippy::too_many_arguments)]
    fn wide(
        a: u8,
        b: i8,
        c: u16,
        d: i16,
        e: u32,
        f: i32,
        g: u64,
        h: i64,
        i: u8,
        j: u8,
        k: u8,
        l: u8,
        m: u8,
        n: u8,
        o: u8,
        p: u32,
    ) -> i64;
}

/// The host functions of the widest signatures.
#[host_fn(module = "wide")]
#[allow(clippy::too_many_arguments)]
pub trait Wide {
    /// Notes all 16.
    fn note(
        &mut self,
        a: u8,
        b: i8,
        c: u16,
        d: i16,
        e: u32,
        f: i32,
        g: u64,
        h: i64,
        i: u8,
        j: u8,
        k: u8,
        l: u8,
        m: u8,
        n: u8,
        o: u8,
        p: u32,
    );
    /// Their sum.
    fn sum(
        &mut self,
        a: u8,
        b: i8,
        c: u16,
        d: i16,
        e: u32,
        f: i32,
        g: u64,
        h: i64,
        i: u8,
        j: u8,
        k: u8,
        l: u8,
        m: u8,
        n: u8,
        o: u8,
    ) -> i64;
}

pub struct Impl;

#[plugin_export(dispatch)]
impl Heap for Impl {
    fn list(n: u32) -> Vec<u32> {
        (0..n).collect()
    }

    fn live() -> u64 {
        counting::live()
    }

    fn wide(
        a: u8,
        b: i8,
        c: u16,
        d: i16,
        e: u32,
        f: i32,
        g: u64,
        h: i64,
        i: u8,
        j: u8,
        k: u8,
        l: u8,
        m: u8,
        n: u8,
        o: u8,
        p: u32,
    ) -> i64 {
        wide::note(a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p);
        wide::sum(a, b, c, d, e, f, g, h, i, j, k, l, m, n, o) + i64::from(p)
    }
}

/// The allocator, counting: only in the wasm build (natively the crate is
/// linked into the host's tests, whose allocator it must not replace).
#[cfg(target_family = "wasm")]
mod counting {
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::sync::atomic::{AtomicU64, Ordering};

    static LIVE: AtomicU64 = AtomicU64::new(0);

    struct Counting;

    // SAFETY: every call is forwarded to `System` unchanged; only the count is added.
    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            LIVE.fetch_add(layout.size() as u64, Ordering::Relaxed);
            // SAFETY: the caller's contract, passed on.
            unsafe { System.alloc(layout) }
        }
        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            LIVE.fetch_sub(layout.size() as u64, Ordering::Relaxed);
            // SAFETY: the caller's contract, passed on.
            unsafe { System.dealloc(ptr, layout) }
        }
        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            LIVE.fetch_add(new_size as u64, Ordering::Relaxed);
            LIVE.fetch_sub(layout.size() as u64, Ordering::Relaxed);
            // SAFETY: the caller's contract, passed on.
            unsafe { System.realloc(ptr, layout, new_size) }
        }
    }

    #[global_allocator]
    static ALLOCATOR: Counting = Counting;

    pub fn live() -> u64 {
        LIVE.load(Ordering::Relaxed)
    }
}

#[cfg(not(target_family = "wasm"))]
mod counting {
    /// Natively the host's allocator is not counted.
    pub fn live() -> u64 {
        0
    }
}
