//! The benchmark workloads written by hand, the way an expert would without
//! wasmbind: `#[no_mangle]` exports, a raw `extern` block, flattened
//! scalars where they fit, a caller-provided buffer for results from the
//! host, a result slot for results to the host, and the same UTF-8 checks.
//! Hand-written against the wasm ABI, it is empty in a native build.
#![cfg(target_family = "wasm")]
// Exports take the pointers the host passes, as hand-written plugins do.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

use std::alloc::{Layout, alloc, dealloc};
use std::cell::UnsafeCell;

/// The message, 8-byte aligned as the wasmbind plugin's (bench_api::ALIGNED_LOG_MESSAGE).
#[repr(C, align(8))]
struct Aligned([u8; 16]);
static MESSAGE: Aligned = Aligned(*b"sixteen byte msg");

#[link(wasm_import_module = "host")]
unsafe extern "C" {
    fn log(ptr: *const u8, len: usize);
    /// Writes the value into `out` if it fits; returns its length either way.
    fn get(key_ptr: *const u8, key_len: usize, out: *mut u8, cap: usize) -> usize;
    /// Returns the shifted point packed as `y << 32 | x`.
    fn shift(x: i32, y: i32) -> i64;
}

#[link(wasm_import_module = "peer")]
unsafe extern "C" {
    /// `echo` of another plugin, through the host: writes the result into
    /// `out` if it fits; returns its length either way.
    #[link_name = "echo"]
    fn peer_echo(ptr: *const u8, len: usize, out: *mut u8, cap: usize) -> usize;
}

#[unsafe(no_mangle)]
pub extern "C" fn alloc_bytes(len: usize) -> *mut u8 {
    match Layout::from_size_align(len, 4) {
        // SAFETY: non-zero size.
        Ok(layout) if len > 0 => unsafe { alloc(layout) },
        _ => core::ptr::null_mut(),
    }
}

fn free_bytes(ptr: *mut u8, len: usize) {
    if len > 0 {
        // SAFETY: allocated by `alloc_bytes` with this layout.
        unsafe { dealloc(ptr, Layout::from_size_align_unchecked(len, 4)) }
    }
}

struct Slot(UnsafeCell<String>);
// SAFETY: single-threaded plugin.
unsafe impl Sync for Slot {}
static RESULT: Slot = Slot(UnsafeCell::new(String::new()));

#[unsafe(no_mangle)]
pub extern "C" fn add(a: i32, b: i32) -> i32 {
    a.wrapping_add(b)
}

#[unsafe(no_mangle)]
pub extern "C" fn log_loop(n: u32) {
    for _ in 0..n {
        // SAFETY: the import reads `len` bytes at `ptr`.
        unsafe { log(MESSAGE.0.as_ptr(), MESSAGE.0.len()) }
    }
}

/// Takes ownership of the host's block, returns `len << 32 | ptr` of the result slot.
#[unsafe(no_mangle)]
pub extern "C" fn echo(ptr: *mut u8, len: usize) -> i64 {
    let bytes = if len == 0 {
        Vec::new()
    } else {
        // SAFETY: the host allocated `len` bytes with `alloc_bytes`; we own them now.
        let copy = unsafe { core::slice::from_raw_parts(ptr, len) }.to_vec();
        free_bytes(ptr, len);
        copy
    };
    let text = String::from_utf8(bytes).unwrap_or_else(|_| core::arch::wasm32::unreachable());
    // SAFETY: single-threaded; the host copies the result before the next call.
    let slot = unsafe { &mut *RESULT.0.get() };
    *slot = text;
    ((slot.len() as i64) << 32) | slot.as_ptr() as i64
}

#[unsafe(no_mangle)]
pub extern "C" fn get_loop(n: u32) -> u32 {
    let mut total = 0;
    let mut buf = [0u8; 256];
    for _ in 0..n {
        let key = "key";
        // SAFETY: the host writes at most `buf.len()` bytes into `buf`.
        let len = unsafe { get(key.as_ptr(), key.len(), buf.as_mut_ptr(), buf.len()) };
        let value = match buf.get(..len) {
            Some(bytes) => String::from_utf8(bytes.to_vec()).unwrap_or_else(|_| core::arch::wasm32::unreachable()),
            None => core::arch::wasm32::unreachable(),
        };
        total += value.len() as u32;
    }
    total
}

#[unsafe(no_mangle)]
pub extern "C" fn point_add(ax: i32, ay: i32, bx: i32, by: i32) -> i64 {
    let (x, y) = (ax.wrapping_add(bx), ay.wrapping_add(by));
    ((y as i64) << 32) | (x as u32 as i64)
}

#[unsafe(no_mangle)]
pub extern "C" fn point_loop(n: u32) -> i32 {
    let (mut x, mut y) = (0, 0);
    for _ in 0..n {
        // SAFETY: a plain scalar import.
        let packed = unsafe { shift(x, y) };
        (x, y) = (packed as i32, (packed >> 32) as i32);
    }
    x
}

/// `ptr` holds `len` bytes of `(x: i32 LE, y: i32 LE)` pairs from `alloc_bytes`.
#[unsafe(no_mangle)]
pub extern "C" fn sum_points(ptr: *mut u8, len: usize) -> i64 {
    if len == 0 {
        return 0;
    }
    // SAFETY: the host allocated `len` bytes with `alloc_bytes`.
    let bytes = unsafe { core::slice::from_raw_parts(ptr, len) };
    let sum = bytes
        .chunks_exact(8)
        .map(|p| {
            let x = i32::from_le_bytes([p[0], p[1], p[2], p[3]]);
            let y = i32::from_le_bytes([p[4], p[5], p[6], p[7]]);
            i64::from(x) + i64::from(y)
        })
        .sum();
    free_bytes(ptr, len);
    sum
}

#[unsafe(no_mangle)]
pub extern "C" fn peer_loop(n: u32) -> u32 {
    let mut total = 0;
    let mut buf = [0u8; 256];
    for _ in 0..n {
        // SAFETY: the host writes at most `buf.len()` bytes into `buf`.
        let len = unsafe { peer_echo(MESSAGE.0.as_ptr(), MESSAGE.0.len(), buf.as_mut_ptr(), buf.len()) };
        let value = match buf.get(..len) {
            Some(bytes) => String::from_utf8(bytes.to_vec()).unwrap_or_else(|_| core::arch::wasm32::unreachable()),
            None => core::arch::wasm32::unreachable(),
        };
        total += value.len() as u32;
    }
    total
}
