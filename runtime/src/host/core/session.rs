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

use super::callee::Callee;

/// What a host function needs from the plugin that called it: its
/// memory and allocator, and the plugin itself for a context's `caller()`
/// (as `Any`: the session sits below the plugin layer, which downcasts it).
pub(crate) struct Session<'a> {
    store: usize,
    key: u64,
    callee: &'a Callee,
    caller: &'a (dyn Any + Send + Sync),
    /// How many calls into plugins are in progress with this one, counting
    /// it: 1 for a call the host made from outside any plugin.
    depth: u32,
}

// The one piece of thread-wide state on the call path, and why: finding the
// calling instance's memory through wasmtime costs ~20 ns per host call
// (measured, docs/PERFORMANCE.md), more than the rest of a small call.
// A pointer to the caller's session rather than a copy keeps the
// thread-local traffic per call at one word (copying the whole session in
// and out cost ~5 ns per call into a plugin, measured).
thread_local! {
    static CURRENT: Cell<*const Session<'static>> = const { Cell::new(core::ptr::null()) };
}

/// The identity of a live store: the address of its data, which wasmtime
/// keeps boxed, so it does not move while the store lives.
pub(crate) fn store_id<T>(data: &T) -> usize {
    core::ptr::from_ref(data).cast::<()>() as usize
}

impl<'a> Session<'a> {
    #[inline(always)]
    pub(crate) fn new(
        store: usize,
        key: u64,
        callee: &'a Callee,
        caller: &'a (dyn Any + Send + Sync),
        depth: u32,
    ) -> Self {
        Self { store, key, callee, caller, depth }
    }

    /// The instance key the session's plugin was called with (0: none).
    #[inline(always)]
    pub(crate) fn key(&self) -> u64 {
        self.key
    }

    /// Runs `call` with this as the current session, then restores the
    /// enclosing one (also on unwind), so nested calls into other plugins work.
    #[inline(always)]
    pub(crate) fn run<R>(&self, call: impl FnOnce() -> R) -> R {
        let this = core::ptr::from_ref(self).cast::<Session<'static>>();
        let _restore = Restore(CURRENT.replace(this));
        call()
    }
}

/// A future polled with a session current: an async call into a plugin.
/// The session is installed for each poll only, on whichever thread polls,
/// and restored before `poll` returns: the plugin's fiber runs only inside
/// a poll, so its host functions find the session, and a fiber suspended on
/// one thread and resumed on another never sees a session of the first.
/// (Installing it once for the whole call would leave a pointer into this
/// future in the first thread's slot, and restore the wrong thread's.)
pub(crate) struct WithSession<'a, F> {
    session: Session<'a>,
    call: core::pin::Pin<Box<F>>,
}

impl<'a, F: Future> WithSession<'a, F> {
    pub(crate) fn new(session: Session<'a>, call: F) -> Self {
        Self { session, call: Box::pin(call) }
    }
}

impl<F: Future> Future for WithSession<'_, F> {
    type Output = F::Output;

    fn poll(self: core::pin::Pin<&mut Self>, cx: &mut core::task::Context<'_>) -> core::task::Poll<F::Output> {
        let this = self.get_mut();
        this.session.run(|| this.call.as_mut().poll(cx))
    }
}

struct Restore(*const Session<'static>);

impl Drop for Restore {
    #[inline(always)]
    fn drop(&mut self) {
        CURRENT.set(self.0);
    }
}

/// Runs `with` on the current session, if the caller in store `store`
/// proved it is the session's plugin with `key`; on `None` otherwise. The
/// session is lent only for `with`, so no borrow outlives it.
#[inline]
fn with_session<R>(store: usize, key: u64, with: impl FnOnce(Option<&Session<'_>>) -> R) -> R {
    let current = CURRENT.get();
    // SAFETY: `CURRENT` is non-null only inside `Session::run`, which borrows
    // the session (and what it borrows) for longer than it stays installed;
    // `with` runs inside the host call that `run` encloses.
    let session = unsafe { current.as_ref() };
    with(session.filter(|s| key != 0 && s.key == key && s.store == store))
}

/// [`with_session`] for the plugin that called, as the plugin layer put it
/// in the session.
#[inline]
pub(crate) fn with_caller<R>(store: usize, key: u64, with: impl FnOnce(Option<&(dyn Any + Send + Sync)>) -> R) -> R {
    with_session(store, key, |session| with(session.map(|s| s.caller)))
}

/// How many calls into plugins are in progress on this thread (in the
/// poll of an async call, with it): 0 when none, so a call made now is the
/// outermost; more when it is made from a host function.
#[inline]
pub(crate) fn depth() -> u32 {
    // SAFETY: as in `with_session`: non-null only inside `Session::run`.
    unsafe { CURRENT.get().as_ref() }.map_or(0, |session| session.depth)
}

/// [`with_session`] for the plugin's memory and allocator.
#[inline]
pub(crate) fn with_callee<R>(store: usize, key: u64, with: impl FnOnce(Option<&Callee>) -> R) -> R {
    with_session(store, key, |session| with(session.map(|s| s.callee)))
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

    /// A session of store `store` whose caller is the text `p{store}`.
    fn session(store: usize, key: u64) -> Session<'static> {
        let callee =
            Box::leak(Box::new(Callee { memory: None, alloc: None, limits: crate::abi::DecodeLimits::DEFAULT }));
        let caller: &'static String = Box::leak(Box::new(format!("p{store}")));
        Session::new(store, key, callee, caller, 1)
    }

    fn find(store: usize, key: u64) -> Option<()> {
        with_callee(store, key, |callee| callee.map(|_| ()))
    }

    #[test]
    fn a_session_names_its_plugin() {
        session(10, 7).run(|| {
            let caller = with_caller(10, 7, |c| c.and_then(|c| c.downcast_ref::<String>()).cloned());
            assert_eq!(caller.as_deref(), Some("p10"));
        });
    }

    #[test]
    fn a_session_answers_only_its_key_in_its_store() {
        session(10, 7).run(|| {
            assert!(find(10, 7).is_some());
            assert!(find(10, 8).is_none(), "another key");
            assert!(find(11, 7).is_none(), "another store");
            session(20, 9).run(|| {
                assert!(find(20, 9).is_some());
                assert!(find(10, 7).is_none(), "the outer session is hidden while nested");
            });
            assert!(find(10, 7).is_some(), "restored after the nested call");
        });
        assert!(find(10, 7).is_none(), "closed after the call");
    }

    #[test]
    fn a_session_closes_when_its_call_unwinds() {
        let unwound = std::panic::catch_unwind(|| session(10, 7).run(|| panic!("host function panicked")));
        assert!(unwound.is_err());
        assert!(find(10, 7).is_none());
    }

    #[test]
    fn key_zero_never_matches_and_keys_differ() {
        session(10, 0).run(|| assert!(find(10, 0).is_none()));
        let keys: std::collections::HashSet<u64> = (0..1000).map(|_| new_key()).collect();
        assert_eq!(keys.len(), 1000);
        assert!(!keys.contains(&0));
    }

    #[test]
    fn no_session_outside_a_call() {
        assert!(find(10, 7).is_none());
    }
}
