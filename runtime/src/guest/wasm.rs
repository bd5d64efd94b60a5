//! The plugin side on wasm: the allocator exports, the result slot, and
//! the sources and sinks that generated import wrappers and export glue use.
//!
//! Plugins are single-threaded: every `static` here relies on that, and
//! the crate refuses to build for wasm with the `atomics` feature.

use core::cell::{Cell, UnsafeCell};
use core::mem::MaybeUninit;
use std::alloc::{Layout, alloc, dealloc};

use core::fmt::Write as _;

use super::Shared;
use crate::abi::{
    Budget, DecodeLimits, Fault, Lift, Lower, Reader, Scratch, Sink, Source, WasmAbi, WasmType, decode_nested, pack,
    unpack,
};
use wasmbind_shared::{PANIC_CAPACITY, RESULT_AREA};

/// Allocates `size` bytes aligned to `align` for the host (ABI: `wasmbind_alloc`).
/// Returns 0 when the layout is invalid or memory is exhausted.
#[unsafe(no_mangle)]
pub extern "C" fn wasmbind_alloc(size: u32, align: u32) -> *mut u8 {
    match Layout::from_size_align(size as usize, align as usize) {
        // SAFETY: the layout has a non-zero size.
        Ok(layout) if layout.size() > 0 => unsafe { alloc(layout) },
        _ => core::ptr::null_mut(),
    }
}

/// Frees a block from [`wasmbind_alloc`] (ABI: `wasmbind_free`).
///
/// # Safety
/// `ptr` must have come from `wasmbind_alloc(size, align)` and not have been
/// freed since; null and zero-sized blocks are ignored.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasmbind_free(ptr: *mut u8, size: u32, align: u32) {
    if let Ok(layout) = Layout::from_size_align(size as usize, align as usize)
        && layout.size() > 0
        && !ptr.is_null()
    {
        // SAFETY: the caller's promise: `ptr` came from `wasmbind_alloc` with this layout.
        unsafe { dealloc(ptr, layout) }
    }
}

/// This instance's key, written by the host when it wraps the instance
/// (ABI: `wasmbind_key`). Imports pass it back so the host can tell which
/// plugin calls without looking the caller up; see docs/ABI.md section 5.
#[unsafe(export_name = "wasmbind_key")]
static KEY: Shared<u64> = Shared::new(0);

/// The instance key, passed as the last argument of every import.
#[inline]
pub fn instance_key() -> i64 {
    KEY.get() as i64
}

/// Where the panic hook leaves the last panic for the host (ABI:
/// `wasmbind_panic`): a `u32` length, then `file:line:col\nmessage`.
#[repr(C)]
struct PanicRecord {
    len: UnsafeCell<u32>,
    text: UnsafeCell<[u8; PANIC_CAPACITY]>,
}

// SAFETY: plugins run on one thread (builds with `atomics` are refused).
unsafe impl Sync for PanicRecord {}

#[unsafe(export_name = "wasmbind_panic")]
static PANIC: PanicRecord = PanicRecord { len: UnsafeCell::new(0), text: UnsafeCell::new([0; PANIC_CAPACITY]) };

/// Installs the panic hook that records a panic's location and message
/// for the host before the plugin traps (ABI: `wasmbind_init`, which the
/// host calls once, before its first call into the plugin). A hook the
/// plugin installed earlier still runs after it.
#[unsafe(no_mangle)]
pub extern "C" fn wasmbind_init() {
    // SAFETY: `wasmbind_stack_get` (guest-stack/stack.c) only reads the
    // stack pointer. Calling it links its object, whose two functions the
    // host uses to move the stack pointer back after a trap.
    let _ = unsafe { wasmbind_stack_get() };
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        record_panic(info);
        previous(info);
    }));
}

unsafe extern "C" {
    /// The shadow-stack pointer (`guest-stack/stack.c`, linked by `build.rs`).
    fn wasmbind_stack_get() -> u32;
}

/// Writes the record without allocating: the panic may be an allocation failure.
fn record_panic(info: &std::panic::PanicHookInfo<'_>) {
    struct Cursor<'a>(&'a mut [u8], usize);
    impl core::fmt::Write for Cursor<'_> {
        fn write_str(&mut self, text: &str) -> core::fmt::Result {
            for &byte in text.as_bytes() {
                match self.0.get_mut(self.1) {
                    Some(slot) => *slot = byte,
                    None => return Err(core::fmt::Error),
                }
                self.1 += 1;
            }
            Ok(())
        }
    }
    // SAFETY: single-threaded, and nothing else touches the record while
    // the hook runs; the host reads it only after the plugin has trapped.
    let text = unsafe { &mut *PANIC.text.get() };
    let mut cursor = Cursor(text, 0);
    let _ = match info.location() {
        Some(at) => writeln!(cursor, "{}:{}:{}", at.file(), at.line(), at.column()),
        None => writeln!(cursor),
    };
    let _ = match info.payload_as_str() {
        Some(message) => cursor.write_str(message),
        None => cursor.write_str("Box<dyn Any>"),
    };
    let len = cursor.1.min(PANIC_CAPACITY);
    // SAFETY: as above.
    unsafe { *PANIC.len.get() = len as u32 };
}

/// Stops the plugin with a message: the host broke the ABI.
#[cold]
pub fn fail(function: &str, what: &str, fault: Fault) -> ! {
    panic!("wasmbind: {function}: {what}: {fault}")
}

fn raw_slice<'a>(ptr: u32, len: u32) -> &'a [u8] {
    if len == 0 {
        return &[];
    }
    // SAFETY: the ABI says a non-empty `(ptr, len)` from the host is a live
    // block of this plugin's memory that nothing else uses during the call.
    unsafe { core::slice::from_raw_parts(ptr as usize as *const u8, len as usize) }
}

fn adopt(ptr: u32, len: u32) -> Vec<u8> {
    if len == 0 {
        return Vec::new();
    }
    // SAFETY: the block came from `wasmbind_alloc(len, 1)`, the layout
    // `Vec<u8>` with capacity `len` frees with.
    unsafe { Vec::from_raw_parts(ptr as usize as *mut u8, len as usize, len as usize) }
}

/// One argument of an export: owns the block the host allocated for it and
/// frees it when the call ends, unless the value adopted it.
#[derive(Default)]
pub struct ArgBlock {
    block: Cell<Option<(u32, u32)>>,
}

impl ArgBlock {
    /// No block yet.
    #[inline]
    pub const fn new() -> Self {
        Self { block: Cell::new(None) }
    }
}

impl Drop for ArgBlock {
    // Inlined (a scalar argument's block is never set, so its drop is
    // nothing): a plugin built without LTO otherwise calls this twice per
    // scalar argument.
    #[inline]
    fn drop(&mut self) {
        if let Some((ptr, len)) = self.block.take() {
            // SAFETY: the host allocated this argument's block with
            // `wasmbind_alloc(len, 1)` and handed it to this call, and no
            // value adopted it (`take` does not record the block).
            unsafe { free_block(ptr, len) };
        }
    }
}

/// Frees a block the host allocated for an argument or a result.
///
/// # Safety
/// The host allocated it with `wasmbind_alloc(len, 1)` for this call, and
/// no value adopted it.
#[inline]
unsafe fn free_block(ptr: u32, len: u32) {
    // SAFETY: the caller's promise.
    unsafe { wasmbind_free(ptr as usize as *mut u8, len, 1) };
}

impl<'a> Source<'a> for &'a ArgBlock {
    #[inline]
    fn get(&mut self, packed: i64) -> Result<&'a [u8], Fault> {
        let (ptr, len) = unpack(packed);
        if len > 0 {
            self.block.set(Some((ptr, len)));
        }
        Ok(raw_slice(ptr, len))
    }
    #[inline]
    fn take(&mut self, packed: i64) -> Result<Vec<u8>, Fault> {
        let (ptr, len) = unpack(packed);
        Ok(adopt(ptr, len))
    }
}

/// Where exports leave their results: the host copies a result out before
/// it calls the plugin again, and the next result replaces it.
struct ResultSlot(UnsafeCell<Vec<u8>>);

// SAFETY: plugins run on one thread (builds with `atomics` are refused).
unsafe impl Sync for ResultSlot {}

static RESULT: ResultSlot = ResultSlot(UnsafeCell::new(Vec::new()));

struct SlotSink;

impl Sink for SlotSink {
    fn put_slice(&mut self, body: &[u8]) -> Result<i64, Fault> {
        // SAFETY: single-threaded, and no reference to the slot outlives this call.
        let slot = unsafe { &mut *RESULT.0.get() };
        slot.clear();
        slot.extend_from_slice(body);
        Ok(pack(slot.as_ptr() as usize as u32, slot.len() as u32))
    }
    fn put_vec(&mut self, body: Vec<u8>) -> Result<i64, Fault> {
        let packed = pack(body.as_ptr() as usize as u32, body.len() as u32);
        // SAFETY: as above.
        unsafe { *RESULT.0.get() = body };
        Ok(packed)
    }
}

/// Frees the last export result (ABI: `wasmbind_release`): the host calls
/// it after copying a large result out, so the slot does not keep it until
/// the next result replaces it.
#[unsafe(no_mangle)]
pub extern "C" fn wasmbind_release() {
    // SAFETY: single-threaded, and no reference to the slot outlives a call.
    unsafe { *RESULT.0.get() = Vec::new() };
}

/// The budget a plugin decodes what its host sends within
/// ([`DecodeLimits::PLUGIN`]): bounded nesting, memory bounded by its own.
#[inline]
fn budget() -> Budget {
    Budget::new(DecodeLimits::PLUGIN)
}

/// Lifts export argument `name` (glue for `#[plugin_export]`).
#[inline]
pub fn export_arg<'a, A: Lift<'a>>(core: A::Core, block: &'a ArgBlock, function: &str, name: &str) -> A {
    A::lift(core, &mut &*block, &mut budget()).unwrap_or_else(|fault| fail(function, name, fault))
}

/// [`export_arg`] for a `&[T]` parameter, which decodes into `scratch`
/// when it cannot borrow in place.
#[inline]
pub fn export_slice_arg<'a, A: Lift<'a>>(
    core: A::Core,
    block: &'a ArgBlock,
    scratch: &'a Scratch,
    function: &str,
    name: &str,
) -> A {
    A::lift(core, &mut SliceArg { block, scratch }, &mut budget()).unwrap_or_else(|fault| fail(function, name, fault))
}

/// An export argument's block plus a scratch for a decoded copy.
struct SliceArg<'a> {
    block: &'a ArgBlock,
    scratch: &'a Scratch,
}

impl<'a> Source<'a> for SliceArg<'a> {
    fn get(&mut self, packed: i64) -> Result<&'a [u8], Fault> {
        self.block.get(packed)
    }
    fn scratch(&mut self) -> Option<&'a Scratch> {
        Some(self.scratch)
    }
}

/// Lowers an export's result into the result slot.
#[inline]
pub fn export_ret<R: Lower>(value: R, function: &str) -> R::Core {
    value.lower_owned(&mut SlotSink).unwrap_or_else(|fault| fail(function, "result", fault))
}

/// Decodes parameter `name` of a call by name from the arguments' body
/// (glue for the dispatcher of `#[plugin_export] impl`, docs/ABI.md section 10).
#[inline]
pub fn dispatch_arg<T: WasmType>(args: &mut Reader<'_, '_>, name: &str) -> Result<T, String> {
    decode_nested(args).map_err(|error| format!("argument {name}: {error}"))
}

/// Checks that a call by name's arguments' body holds nothing more.
#[inline]
pub fn dispatch_end(args: Reader<'_, '_>) -> Result<(), String> {
    args.finish().map_err(|error| format!("arguments: {error}"))
}

/// One argument of an import: keeps an encoded body alive for the call.
#[derive(Default)]
pub struct ImportArg {
    body: Option<Vec<u8>>,
}

impl ImportArg {
    /// Nothing kept yet.
    #[inline]
    pub const fn new() -> Self {
        Self { body: None }
    }
}

impl Sink for ImportArg {
    fn put_slice(&mut self, body: &[u8]) -> Result<i64, Fault> {
        Ok(pack(body.as_ptr() as usize as u32, body.len() as u32))
    }
    fn put_vec(&mut self, body: Vec<u8>) -> Result<i64, Fault> {
        let packed = pack(body.as_ptr() as usize as u32, body.len() as u32);
        self.body = Some(body);
        Ok(packed)
    }
}

/// Lowers an import argument; borrowed strings and bytes are passed in
/// place. The [`ImportArg`] keeps an encoded body (whose heap block does
/// not move with it) alive: the wrapper holds it until the call returns.
#[inline]
pub fn import_arg<A: Lower>(value: &A, function: &str, name: &str) -> (A::Core, ImportArg) {
    let mut keep = ImportArg::new();
    let core = value.lower(&mut keep).unwrap_or_else(|fault| fail(function, name, fault));
    (core, keep)
}

/// The space a plugin lends the host for an import's result.
pub struct ResultArea {
    buf: MaybeUninit<[u8; RESULT_AREA]>,
    block: Option<(u32, u32)>,
}

impl Default for ResultArea {
    fn default() -> Self {
        Self { buf: MaybeUninit::uninit(), block: None }
    }
}

impl ResultArea {
    /// An area for one import's result.
    #[inline]
    pub const fn new() -> Self {
        Self { buf: MaybeUninit::uninit(), block: None }
    }

    /// The packed `(ptr, capacity)` passed as the import's `out` argument
    /// for a result of type `R`; 0 when `R` travels in its core value, so
    /// the area is never touched and costs no stack.
    #[inline]
    pub fn out<R: WasmAbi>(&mut self) -> i64 {
        if !R::MEMORY {
            return 0;
        }
        pack(self.buf.as_mut_ptr() as usize as u32, RESULT_AREA as u32)
    }

    #[inline]
    fn in_area(&self, ptr: u32) -> bool {
        ptr == self.buf.as_ptr() as usize as u32
    }

    /// Refuses a result the host placed wrongly: longer than the area when
    /// it is in the area, or past the end of memory when it is in a block.
    #[inline]
    fn check(&self, ptr: u32, len: u32) -> Result<(), Fault> {
        // The area lies in memory: only its length needs checking, and the
        // common small result asks nothing of the memory's size.
        if self.in_area(ptr) {
            return match len as usize > RESULT_AREA {
                true => Err(Fault::AreaOverrun { len, capacity: RESULT_AREA as u32 }),
                false => Ok(()),
            };
        }
        let size = core::arch::wasm32::memory_size::<0>() * 65536;
        let end = u64::from(ptr) + u64::from(len);
        if len > 0 && end > size as u64 {
            return Err(Fault::OutOfBounds { start: ptr, end, size });
        }
        Ok(())
    }
}

impl Drop for ResultArea {
    // Inlined, as `ArgBlock`'s.
    #[inline]
    fn drop(&mut self) {
        if let Some((ptr, len)) = self.block.take() {
            // SAFETY: the host allocated this result's block with
            // `wasmbind_alloc(len, 1)` because it did not fit the area, and no
            // value adopted it (`take` does not record the block).
            unsafe { free_block(ptr, len) };
        }
    }
}

impl<'a> Source<'a> for &'a mut ResultArea {
    #[inline]
    fn get(&mut self, packed: i64) -> Result<&'a [u8], Fault> {
        let (ptr, len) = unpack(packed);
        self.check(ptr, len)?;
        if !self.in_area(ptr) && len > 0 {
            self.block = Some((ptr, len));
        }
        // The host wrote `len` bytes at `ptr`, in the area or in a fresh block.
        Ok(raw_slice(ptr, len))
    }
    #[inline]
    fn take(&mut self, packed: i64) -> Result<Vec<u8>, Fault> {
        let (ptr, len) = unpack(packed);
        self.check(ptr, len)?;
        if self.in_area(ptr) {
            return Ok(raw_slice(ptr, len).to_vec());
        }
        Ok(adopt(ptr, len))
    }
}

/// Lifts an import's result out of the result area (or the block the host
/// allocated when it did not fit).
#[inline]
pub fn import_ret<R: for<'a> Lift<'a>>(core: R::Core, area: &mut ResultArea, function: &str) -> R {
    R::lift(core, &mut &mut *area, &mut budget()).unwrap_or_else(|fault| fail(function, "result", fault))
}

/// On wasm, a name only: host-function trait methods that take a context
/// exist on the host alone (see `wasmbind::host::Context`), so an API crate
/// can `use wasmbind::Context` on every target.
pub struct Context<'a, T, S: ?Sized = T>(core::convert::Infallible, core::marker::PhantomData<fn(&'a mut T, &S)>);

/// On wasm, a name only (see `wasmbind::host::Lent`): the plugin passes a
/// lent argument as `&str` or `&[u8]`.
pub struct Lent<'a, L: ?Sized>(core::convert::Infallible, core::marker::PhantomData<&'a L>);
