//! The peak host heap of decoding stays within the call's budget, for every
//! collection family, measured by a counting global allocator that charges
//! each allocation as glibc's malloc takes it (a 16-byte step with an
//! 8-byte header, 32 bytes at least; whole pages for mapped blocks from
//! 128 KiB). Each body is as large as the budget let through when it
//! counted wire bytes and element sizes instead (2.5-4.7x the budget).

use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use wasmbind::WasmType;
use wasmbind::abi::{Budget, DecodeLimits, WireError, to_body};

struct Counting;

static NOW: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn malloc_size(size: usize) -> usize {
    if size >= 128 << 10 { (size + 16).next_multiple_of(4096) } else { (size + 8).next_multiple_of(16).max(32) }
}

// SAFETY: every call forwards to `System` unchanged; only counters change.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = NOW.fetch_add(malloc_size(layout.size()), Relaxed) + malloc_size(layout.size());
        PEAK.fetch_max(now, Relaxed);
        // SAFETY: the caller's layout, as `GlobalAlloc::alloc` requires.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        NOW.fetch_sub(malloc_size(layout.size()), Relaxed);
        // SAFETY: `ptr` came from `alloc` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const BUDGET: usize = 4 << 20;

/// [`peak`] for one type.
type Decode = fn(&[u8]) -> (usize, Result<(), WireError>);

/// Decodes `body` as `T` under [`BUDGET`] and returns the peak heap it
/// took above what was live before, and whether it was refused.
fn peak<T: WasmType>(body: &[u8]) -> (usize, Result<(), WireError>) {
    let before = NOW.load(Relaxed);
    PEAK.store(before, Relaxed);
    let result = T::decode_with(body, &mut Budget::new(DecodeLimits { depth: 128, alloc: BUDGET }));
    let peak = PEAK.load(Relaxed) - before;
    (peak, result.map(drop))
}

#[test]
fn decoding_every_collection_family_at_the_budget_stays_within_it() {
    // Counts that the old accounting (wire bytes, `size_of` per element or
    // entry) accepted at this budget.
    let n = |charged_each: usize| BUDGET / charged_each;
    let bodies: Vec<(&str, Vec<u8>, Decode)> = vec![
        ("Vec<u8>", vec![7; BUDGET], peak::<Vec<u8>>),
        ("String", vec![b'a'; BUDGET], peak::<String>),
        ("Vec<u64>", to_body(&vec![1u64; n(8)]), peak::<Vec<u64>>),
        ("Vec<Box<u8>>", to_body(&vec![Box::new(1u8); n(9)]), peak::<Vec<Box<u8>>>),
        ("Vec<String>", to_body(&vec!["a".to_owned(); n(25)]), peak::<Vec<String>>),
        ("Vec<Option<String>>", to_body(&vec![Some("a".to_owned()); n(25)]), peak::<Vec<Option<String>>>),
        ("Vec<Vec<u8>>", to_body(&vec![vec![1u8]; n(25)]), peak::<Vec<Vec<u8>>>),
        (
            "HashMap<u32, ()>",
            to_body(&(0..n(4) as u32).map(|k| (k, ())).collect::<HashMap<_, _>>()),
            peak::<HashMap<u32, ()>>,
        ),
        (
            "BTreeMap<u32, ()>",
            to_body(&(0..n(4) as u32).map(|k| (k, ())).collect::<BTreeMap<_, _>>()),
            peak::<BTreeMap<u32, ()>>,
        ),
        (
            "HashMap<u32, Vec<u8>>",
            to_body(&(0..n(32) as u32).map(|k| (k, Vec::<u8>::new())).collect::<HashMap<_, _>>()),
            peak::<HashMap<u32, Vec<u8>>>,
        ),
        ("Box<[u64; 512]>", to_body(&Box::new([3u64; 512])), peak::<Box<[u64; 512]>>),
    ];
    let mut report = Vec::new();
    for (name, body, decode) in &bodies {
        let (peak, result) = decode(body);
        report.push(format!("{name}: peak {peak} bytes ({:.2}x the budget), {result:?}", peak as f64 / BUDGET as f64));
        assert!(
            peak <= BUDGET,
            "{name}: decoding took {peak} bytes, over the budget of {BUDGET}\n{}",
            report.join("\n")
        );
        assert!(matches!(result, Ok(()) | Err(WireError::OverBudget { .. })), "{name}: {result:?}");
    }
    // Values well inside the budget still decode.
    let small = to_body(&(0..1000u32).map(|k| (k, vec![1u8; 8])).collect::<BTreeMap<_, _>>());
    assert_eq!(peak::<BTreeMap<u32, Vec<u8>>>(&small).1, Ok(()));
    println!("{}", report.join("\n"));
}
