//! The table of a plugin's objects of one type (`#[plugin_export(object)]`):
//! the host holds each object by its index here, its *rep*. On wasm one
//! static per type; in-process (`{Trait}Plugin::in_process`), one per
//! plugin, behind a lock.

#[cfg(target_family = "wasm")]
type Lock<T> = core::cell::RefCell<T>;
#[cfg(not(target_family = "wasm"))]
type Lock<T> = std::sync::Mutex<T>;

/// A plugin's live objects of type `T`, by rep. Each call of a method takes
/// its object out of the table for the call and puts it back after, so a
/// call that reaches the same object again (through the host) finds it in
/// use and panics instead of aliasing it.
#[doc(hidden)]
pub struct Objects<T> {
    /// The object type's name, for panics.
    name: &'static str,
    slots: Lock<Vec<Slot<T>>>,
}

enum Slot<T> {
    Free,
    Live(Box<T>),
    InUse,
}

// SAFETY: plugins run on one thread (builds with `atomics` are refused), and
// the table is only reached from the plugin's exports on that thread.
#[cfg(target_family = "wasm")]
unsafe impl<T> Sync for Objects<T> {}

impl<T> Objects<T> {
    /// An empty table of objects named `name`.
    pub const fn new(name: &'static str) -> Self {
        Self { name, slots: Lock::new(Vec::new()) }
    }

    /// The slots, held only while no object's code runs.
    fn table(&self) -> impl core::ops::DerefMut<Target = Vec<Slot<T>>> + '_ {
        #[cfg(target_family = "wasm")]
        let slots = self.slots.borrow_mut();
        #[cfg(not(target_family = "wasm"))]
        let slots = self.slots.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        slots
    }

    /// Keeps `value`; its rep.
    pub fn insert(&self, value: T) -> u32 {
        let mut slots = self.table();
        let free = slots.iter().position(|slot| matches!(slot, Slot::Free)).unwrap_or(slots.len());
        let slot = Slot::Live(Box::new(value));
        match slots.get_mut(free) {
            Some(place) => *place = slot,
            None => slots.push(slot),
        }
        free as u32
    }

    /// Runs `f` on the object `rep`, out of the table while `f` runs.
    pub fn with<R>(&self, rep: u32, f: impl FnOnce(&mut T) -> R) -> R {
        // A panic in `f` leaves the slot in use and the object in it, as a
        // trap does on wasm (in-process, unwinding would drop the object).
        let mut object = core::mem::ManuallyDrop::new(self.take_as(rep, Slot::InUse));
        let result = f(&mut object);
        self.put(rep, Slot::Live(core::mem::ManuallyDrop::into_inner(object)));
        result
    }

    /// Takes the object `rep` out of the table for good.
    pub fn take(&self, rep: u32) -> T {
        *self.take_as(rep, Slot::Free)
    }

    fn take_as(&self, rep: u32, left: Slot<T>) -> Box<T> {
        let mut slots = self.table();
        let taken = match slots.get_mut(rep as usize) {
            Some(slot @ Slot::Live(_)) => core::mem::replace(slot, left),
            Some(Slot::InUse) => Slot::InUse,
            _ => Slot::Free,
        };
        drop(slots);
        match taken {
            Slot::Live(object) => object,
            Slot::InUse => panic!("wasmbind: {} {rep} is in use by a call in progress", self.name),
            Slot::Free => panic!("wasmbind: {} {rep} does not exist (closed, or never made)", self.name),
        }
    }

    fn put(&self, rep: u32, slot: Slot<T>) {
        if let Some(place) = self.table().get_mut(rep as usize) {
            *place = slot;
        }
    }
}
