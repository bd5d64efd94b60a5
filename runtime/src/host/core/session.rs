//! Which plugin a host function serves, known without asking wasmtime.
//!
//! wasmtime tells a host function nothing about its caller but the store;
//! finding the calling instance's memory takes an export lookup
//! (`Caller::get_module_export`, ~20 ns, more than the rest of a small call).
//! So when a generated handle calls into a plugin it opens a *session* on
//! this thread naming the plugin's store, memory, allocator and *instance
//! key*: a random 64-bit value the host wrote into the plugin's
//! `wasmbind_key` static when it wrapped the instance. Every import passes
//! the key it reads there as its last argument.
//!
//! A host function trusts the session only when the key it was passed equals
//! the session's and it runs in the session's store. The store is borrowed
//! by the call for the whole session, so no other live store has its
//! address; and only code that can read the plugin's memory knows its key,
//! so a matching key proves the caller owns that memory. Anything else (a
//! plugin entered some other way, key 0 from a plugin not built with
//! wasmbind, a guess) takes the checked lookup, so a wrong key costs time,
//! never correctness.
//!
//! An async call (a handle's `_async` method) runs the plugin on a fiber
//! that may suspend and resume on another thread, so its session is
//! installed for each poll of the call only ([`WithSession`]), never across
//! a suspension.

use core::cell::Cell;
use std::any::Any;
use std::hash::{BuildHasher, RandomState};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Weak};

use super::callee::Callee;

/// What a session names: the plugin's store, key, memory and allocator,
/// and the plugin itself. Each plugin keeps one for its whole life, so a
/// call's session is a reference to it.
pub(crate) struct Target {
    /// The store the plugin lives in (`store_id`; 0 for an in-process plugin).
    pub(crate) store: usize,
    /// The instance key, 0 when the plugin has no place for one. A plugin
    /// learns it only when the host writes it into its memory, so before
    /// that (and when it cannot be written) no caller matches it.
    pub(crate) key: u64,
    pub(crate) callee: Callee,
    /// The plugin, for a context's `caller()` (as `Any`: the session sits
    /// below the plugin layer, which downcasts it), without keeping it alive.
    pub(crate) owner: Weak<dyn Any + Send + Sync>,
}

// The one piece of thread-wide state on the call path, and why: finding the
// calling instance's memory through wasmtime costs ~20 ns per host call
// (measured, docs/PERFORMANCE.md), more than the rest of a small call.
// Two words: which plugin's `Target` the innermost call in progress is
// into (null when no call is), and how many calls enclose that one. An
// outermost call, the common case, writes only the first (two stores and
// the load that found it null; `nested` is 0 whenever `target` is null);
// a nested call saves and restores both. While `target` is not null a
// guard that borrows it lives (`Entered`, `Outermost`).
thread_local! {
    static CURRENT: Current = const { Current { target: Cell::new(core::ptr::null()), nested: Cell::new(0) } };
}

struct Current {
    target: Cell<*const Target>,
    nested: Cell<u32>,
}

impl Current {
    /// How many calls are in progress.
    #[inline(always)]
    fn depth(&self) -> u32 {
        if self.target.get().is_null() { 0 } else { self.nested.get() + 1 }
    }
}

/// The identity of a live store: the address of its data, which wasmtime
/// keeps boxed, so it does not move while the store lives.
pub(crate) fn store_id<T>(data: &T) -> usize {
    core::ptr::from_ref(data).cast::<()>() as usize
}

/// Makes a call into the plugin of `target` the current session until the
/// returned guard is dropped (also on unwind), which restores the enclosing
/// one, so nested calls into other plugins work. Also says how many calls
/// were in progress already (0: this is the outermost).
#[inline]
pub(crate) fn enter(target: &Target) -> (u32, Entered<'_>) {
    CURRENT.with(|current| {
        let outer = current.target.replace(target);
        let nested = current.nested.get();
        let depth = if outer.is_null() { 0 } else { nested + 1 };
        current.nested.set(depth);
        (depth, Entered { outer, nested, _target: core::marker::PhantomData })
    })
}

/// [`enter`] for a call made while no other is in progress on this thread
/// (only when [`idle`]), the common case: one store, and one more when it
/// ends (`nested` is already 0).
#[inline(always)]
pub(crate) fn enter_outermost(target: &Target) -> Outermost<'_> {
    CURRENT.with(|current| current.target.set(target));
    Outermost(core::marker::PhantomData)
}

/// The outermost call made current by [`enter_outermost`]; dropping it
/// ends it.
pub(crate) struct Outermost<'t>(core::marker::PhantomData<&'t Target>);

impl Drop for Outermost<'_> {
    #[inline(always)]
    fn drop(&mut self) {
        CURRENT.with(|current| current.target.set(core::ptr::null()));
    }
}

/// Runs `call` with a call into the plugin of `target` current ([`enter`]).
#[inline]
pub(crate) fn run<R>(target: &Target, call: impl FnOnce() -> R) -> R {
    let _entered = enter(target);
    call()
}

/// A future polled with a session current: an async call into a plugin.
/// The session is installed for each poll only, on whichever thread polls,
/// and restored before `poll` returns: the plugin's fiber runs only inside
/// a poll, so its host functions find the session, and a fiber suspended on
/// one thread and resumed on another never sees a session of the first.
/// (Installing it once for the whole call would leave it in the first
/// thread's slot, and restore the wrong thread's.)
pub(crate) struct WithSession<'a, F> {
    target: &'a Target,
    call: F,
}

impl<'a, F: Future> WithSession<'a, F> {
    pub(crate) fn new(target: &'a Target, call: F) -> Self {
        Self { target, call }
    }
}

impl<F: Future> Future for WithSession<'_, F> {
    type Output = F::Output;

    fn poll(self: core::pin::Pin<&mut Self>, cx: &mut core::task::Context<'_>) -> core::task::Poll<F::Output> {
        // SAFETY: `call` is structurally pinned: nothing moves it out of a
        // pinned `WithSession` (this is the only place that reaches it, and
        // `WithSession` has no `Drop` impl), so it stays where it was pinned.
        // Pinning it in place saves boxing wasmtime's call future (an
        // allocation and a copy of it per async call, 174 instructions of
        // `bench/icount.sh async_log`).
        let (target, call) = unsafe {
            let this = self.get_unchecked_mut();
            (this.target, core::pin::Pin::new_unchecked(&mut this.call))
        };
        run(target, || call.poll(cx))
    }
}

/// A call made current by [`enter`]; dropping it restores the session it
/// replaced.
pub(crate) struct Entered<'t> {
    outer: *const Target,
    nested: u32,
    _target: core::marker::PhantomData<&'t Target>,
}

impl Drop for Entered<'_> {
    #[inline(always)]
    fn drop(&mut self) {
        CURRENT.with(|current| {
            current.target.set(self.outer);
            current.nested.set(self.nested);
        });
    }
}

/// Runs `with` on the current session's target, if the caller in store
/// `store` proved it is the session's plugin with `key`; on `None`
/// otherwise. The target is lent only for `with`, so no borrow outlives it.
#[inline(always)]
fn with_target<R>(store: usize, key: u64, with: impl FnOnce(Option<&Target>) -> R) -> R {
    // SAFETY: while `target` is not null, an `Entered` (or `Outermost`)
    // guard that borrows it lives (see `CURRENT`); `with` runs inside the
    // host call the guard encloses.
    let target = CURRENT.with(|current| unsafe { current.target.get().as_ref() });
    with(target.filter(|t| key != 0 && t.key == key && t.store == store))
}

/// The plugin that called, as the plugin layer put it in its [`Target`],
/// if the caller in store `store` proved it is the session's with `key`
/// and the plugin is still held.
pub(crate) fn caller(store: usize, key: u64) -> Option<Arc<dyn Any + Send + Sync>> {
    with_target(store, key, |target| target.and_then(|t| t.owner.upgrade()))
}

/// How many calls into plugins are in progress on this thread (in the
/// poll of an async call, with it): 0 when none, so a call made now is the
/// outermost; more when it is made from a host function.
#[inline]
pub(crate) fn depth() -> u32 {
    CURRENT.with(Current::depth)
}

/// Whether no call into a plugin is in progress on this thread: [`depth`]
/// is 0, read with one load.
#[inline(always)]
pub(crate) fn idle() -> bool {
    CURRENT.with(|current| current.target.get().is_null())
}

/// [`with_target`] for the plugin's memory and allocator.
#[inline(always)]
pub(crate) fn with_callee<R>(store: usize, key: u64, with: impl FnOnce(Option<&Callee>) -> R) -> R {
    with_target(store, key, |target| with(target.map(|t| &t.callee)))
}

/// A fresh instance key: never 0, unpredictable to plugins (SipHash under
/// the process's random keys, over a counter).
pub(crate) fn new_key() -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let key = RandomState::new().hash_one(COUNTER.fetch_add(1, Ordering::Relaxed));
    key.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The target of a plugin in store `store` whose owner is the text `p{store}`.
    fn target(store: usize, key: u64) -> &'static Target {
        let callee = Callee { memory: None, alloc: None, limits: crate::abi::DecodeLimits::DEFAULT };
        let owner: Arc<dyn Any + Send + Sync> = Arc::new(format!("p{store}"));
        let target = Target { store, key, callee, owner: Arc::downgrade(&owner) };
        let leaked: &'static (Target, Arc<dyn Any + Send + Sync>) = Box::leak(Box::new((target, owner)));
        &leaked.0
    }

    /// Runs `call` in a session of a plugin in store `store` with `key`.
    fn session<R>(store: usize, key: u64, call: impl FnOnce() -> R) -> R {
        run(target(store, key), call)
    }

    fn find(store: usize, key: u64) -> Option<()> {
        with_callee(store, key, |callee| callee.map(|_| ()))
    }

    #[test]
    fn a_session_names_its_plugin() {
        session(10, 7, || {
            let caller = caller(10, 7).and_then(|c| c.downcast::<String>().ok());
            assert_eq!(caller.as_deref().map(String::as_str), Some("p10"));
        });
    }

    #[test]
    fn a_session_answers_only_its_key_in_its_store() {
        session(10, 7, || {
            assert!(find(10, 7).is_some());
            assert!(find(10, 8).is_none(), "another key");
            assert!(find(11, 7).is_none(), "another store");
            session(20, 9, || {
                assert!(find(20, 9).is_some());
                assert!(find(10, 7).is_none(), "the outer session is hidden while nested");
            });
            assert!(find(10, 7).is_some(), "restored after the nested call");
        });
        assert!(find(10, 7).is_none(), "closed after the call");
    }

    #[test]
    fn sessions_count_the_calls_in_progress() {
        assert_eq!(depth(), 0);
        let (outer, entered) = enter(target(10, 7));
        assert_eq!((outer, depth()), (0, 1));
        session(20, 9, || {
            assert_eq!(depth(), 2);
            assert_eq!(enter(target(30, 3)).0, 2, "a third call is told two are in progress");
            assert_eq!(depth(), 2, "and restores the count when it ends");
        });
        assert_eq!(depth(), 1);
        drop(entered);
        assert_eq!(depth(), 0);
    }

    #[test]
    fn an_outermost_call_leaves_no_session_behind() {
        let outermost = enter_outermost(target(10, 7));
        assert!(find(10, 7).is_some());
        assert_eq!(session(20, 9, depth), 2);
        assert!(find(10, 7).is_some(), "restored after a nested call");
        drop(outermost);
        assert_eq!(depth(), 0);
        assert!(find(10, 7).is_none(), "closed");
    }

    #[test]
    fn a_session_closes_when_its_call_unwinds() {
        let unwound = std::panic::catch_unwind(|| session(10, 7, || panic!("host function panicked")));
        assert!(unwound.is_err());
        assert!(find(10, 7).is_none());
        assert_eq!(depth(), 0);
    }

    #[test]
    fn key_zero_never_matches_and_keys_differ() {
        session(10, 0, || assert!(find(10, 0).is_none()));
        let keys: std::collections::HashSet<u64> = (0..1000).map(|_| new_key()).collect();
        assert_eq!(keys.len(), 1000);
        assert!(!keys.contains(&0));
    }

    #[test]
    fn no_session_outside_a_call() {
        assert!(find(10, 7).is_none());
    }
}
