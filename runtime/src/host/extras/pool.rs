//! Warm instances of one plugin, reused across threads and tasks.

use core::fmt;
use core::hash::{Hash, Hasher};
use core::ops::Deref;
use std::sync::{Mutex, MutexGuard, PoisonError};

use wasmtime::{Engine, Store};

use crate::host::calls::handle::Handle;
use crate::host::core::error::Error;
use crate::host::load::linker::InstancePre;

/// Instances of one plugin, each in its own store, kept for reuse: a
/// thread or task takes one ([`get`](Self::get), [`get_async`](Self::get_async)),
/// calls it through the [`Lease`], and the lease puts it back when dropped.
/// A pool made from one [`InstancePre`] serves any number of threads; share
/// it with an `Arc`.
///
/// A reused instance keeps its memory (a plugin's caches, its globals) and
/// its store keeps the store's data: use a pool where that is wanted, or
/// where the plugin keeps no state between calls. A fresh store and instance
/// per request ([`Handle::instantiate`] from an [`InstancePre`](crate::host::InstancePre)) isolates requests instead.
///
/// Idle instances are kept in shards, one short lock each, taken to push
/// or pop an instance, never during a call or an instantiation. A thread
/// uses the shard of its thread id first, so threads that take and give
/// back instances do not wait on each other; a thread whose shard is empty
/// (or full) goes on to the others. An
/// instance whose plugin is poisoned ([`Plugin::poisoned`](crate::host::Plugin::poisoned):
/// a trap it cannot be repaired from, or a call future dropped mid-call)
/// is dropped, not put back; so is one the pool has no room for
/// ([`max_idle`](Self::max_idle)).
///
/// ```no_run
/// # #[wasmbind::plugin_export] pub trait Calc { fn add(a: i32, b: i32) -> i32; }
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let engine = wasmbind::wasmtime::Engine::default();
/// # let module = wasmbind::wasmtime::Module::new(&engine, "(module)")?;
/// let pre = wasmbind::Linker::<()>::new(&engine).instantiate_pre(&module, "calc")?;
/// let pool = std::sync::Arc::new(wasmbind::host::pool::Pool::<CalcPlugin, ()>::new(&pre, |engine| {
///     wasmbind::wasmtime::Store::new(engine, ())
/// }));
/// let threads: Vec<_> = (0..2)
///     .map(|i| {
///         let pool = pool.clone();
///         std::thread::spawn(move || -> Result<i32, wasmbind::host::Error> {
///             let mut lease = pool.get()?; // an idle instance, or a new one
///             let (calc, store) = lease.parts();
///             calc.add(store, i, 40) // the lease goes back to the pool here
///         })
///     })
///     .collect();
/// for (i, thread) in threads.into_iter().enumerate() {
///     assert_eq!(thread.join().expect("thread")?, i as i32 + 40);
/// }
/// # Ok(()) }
/// ```
pub struct Pool<H, T: 'static> {
    pre: InstancePre<T>,
    make: MakeStore<T>,
    shards: Box<[Shard<H, T>]>,
    /// The most instances one shard keeps.
    per_shard: usize,
}

/// What creates each instance's store.
type MakeStore<T> = Box<dyn Fn(&Engine) -> Store<T> + Send + Sync>;

/// One instance with its store.
struct Warm<H, T: 'static> {
    store: Store<T>,
    handle: H,
}

/// Idle instances behind one lock, on a cache line of their own (two
/// threads on two shards do not share a line).
#[repr(align(128))]
struct Shard<H, T: 'static>(Mutex<Vec<Warm<H, T>>>);

impl<H, T: 'static> Shard<H, T> {
    /// The idle list. A thread that panicked holding the lock left it
    /// whole (a push or a pop), so a poisoned lock is used as it is.
    fn lock(&self) -> MutexGuard<'_, Vec<Warm<H, T>>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl<H: Handle, T: 'static> Pool<H, T> {
    /// A pool of instances made from `pre`, each in a store `make` creates
    /// (set its fuel, epoch deadline and limiter there), keeping at most
    /// twice the machine's parallelism idle.
    pub fn new(pre: &InstancePre<T>, make: impl Fn(&Engine) -> Store<T> + Send + Sync + 'static) -> Self {
        let pool = Self { pre: pre.clone(), make: Box::new(make), shards: Box::new([]), per_shard: 0 };
        pool.max_idle(parallelism() * 2)
    }

    /// Keeps at most `max_idle` instances idle; one given back beyond that
    /// is dropped. (They are spread over up to twice the machine's
    /// parallelism shards, each keeping an equal share.)
    pub fn max_idle(mut self, max_idle: usize) -> Self {
        let shards = (parallelism() * 2).min(max_idle).max(1);
        self.shards = (0..shards).map(|_| Shard(Mutex::new(Vec::new()))).collect();
        self.per_shard = max_idle / shards;
        self
    }

    /// An idle instance, or a new one (instantiated on this thread; the
    /// module's start function runs synchronously).
    pub fn get(&self) -> Result<Lease<'_, H, T>, Error> {
        let warm = match self.take() {
            Some(warm) => warm,
            None => {
                let mut store = self.new_store();
                let handle = H::instantiate(&mut store, &self.pre)?;
                Warm { store, handle }
            }
        };
        Ok(Lease { pool: self, warm: Some(warm) })
    }

    /// [`get`](Self::get) for stores whose plugins are called with the
    /// handles' `_async` methods: a new instance is instantiated with
    /// [`Handle::instantiate_async`].
    pub async fn get_async(&self) -> Result<Lease<'_, H, T>, Error>
    where
        H: Send,
        T: Send,
    {
        let warm = match self.take() {
            Some(warm) => warm,
            None => {
                let mut store = self.new_store();
                let handle = H::instantiate_async(&mut store, &self.pre).await?;
                Warm { store, handle }
            }
        };
        Ok(Lease { pool: self, warm: Some(warm) })
    }

    /// How many instances are idle now.
    pub fn idle(&self) -> usize {
        self.shards.iter().map(|shard| shard.lock().len()).sum()
    }

    fn new_store(&self) -> Store<T> {
        (self.make)(self.pre.inner().module().engine())
    }

    /// The shards in the order this thread visits them: its own first.
    fn shards(&self) -> impl Iterator<Item = &Shard<H, T>> {
        let home = HOME.with(|home| *home) % self.shards.len();
        self.shards[home..].iter().chain(&self.shards[..home])
    }

    fn take(&self) -> Option<Warm<H, T>> {
        self.shards().find_map(|shard| shard.lock().pop())
    }

    /// Keeps `warm` in the first shard with room; drops it if none has.
    fn give_back(&self, warm: Warm<H, T>) {
        for shard in self.shards() {
            let mut idle = shard.lock();
            if idle.len() < self.per_shard {
                idle.push(warm);
                return;
            }
        }
    }
}

fn parallelism() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

thread_local! {
    /// This thread's id as a number, which picks its home shard in every
    /// pool: ids are handed out in sequence, so threads started together
    /// land on different shards. Set once per thread; no shared state.
    static HOME: usize = {
        let mut id = IdHasher(0);
        std::thread::current().id().hash(&mut id);
        id.0 as usize
    };
}

/// Reads a [`ThreadId`](std::thread::ThreadId)'s number out of its `Hash`.
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(byte);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 ^= n;
    }
}

impl<H, T: 'static> fmt::Debug for Pool<H, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pool")
            .field("plugin", &self.pre.name())
            .field("shards", &self.shards.len())
            .finish_non_exhaustive()
    }
}

/// An instance taken from a [`Pool`], with its store: call it through
/// [`parts`](Self::parts) (it also dereferences to the handle). Dropping
/// the lease puts the instance back, unless its plugin is poisoned or the
/// pool is full.
pub struct Lease<'p, H: Handle, T: 'static> {
    pool: &'p Pool<H, T>,
    /// Always `Some` until dropped or discarded.
    warm: Option<Warm<H, T>>,
}

impl<H: Handle, T: 'static> Lease<'_, H, T> {
    /// The handle and its store, for a call: `let (calc, store) = lease.parts(); calc.add(store, 1, 2)`.
    pub fn parts(&mut self) -> (&H, &mut Store<T>) {
        let warm = self.warm.as_mut().expect("a lease holds its instance until dropped");
        (&warm.handle, &mut warm.store)
    }

    /// The instance's store.
    pub fn store(&mut self) -> &mut Store<T> {
        self.parts().1
    }

    /// Drops the instance instead of putting it back (its state is not
    /// wanted by the next caller).
    pub fn discard(mut self) {
        self.warm = None;
    }
}

impl<H: Handle, T: 'static> Deref for Lease<'_, H, T> {
    type Target = H;
    fn deref(&self) -> &H {
        &self.warm.as_ref().expect("a lease holds its instance until dropped").handle
    }
}

impl<H: Handle, T: 'static> Drop for Lease<'_, H, T> {
    fn drop(&mut self) {
        let Some(warm) = self.warm.take() else { return };
        if warm.handle.plugin().poisoned().is_none() {
            self.pool.give_back(warm);
        }
    }
}

impl<H: Handle, T: 'static> fmt::Debug for Lease<'_, H, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plugin = self.warm.as_ref().map(|warm| warm.handle.plugin().name());
        f.debug_struct("Lease").field("plugin", &plugin).finish_non_exhaustive()
    }
}
