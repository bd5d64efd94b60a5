//! Host-owned resources: objects the host keeps for a plugin and names to
//! it only by a [`Resource`] handle, checked on every use.

use core::fmt;
use core::marker::PhantomData;
use std::collections::HashMap;

use crate::abi::{Resource, kind_name};
use crate::host::calls::plugin::{Owner, Plugin};
use crate::host::core::session::new_key;

/// How many resources of one table a plugin may hold open unless the
/// table says otherwise ([`Resources::with_limit`]).
pub const DEFAULT_LIMIT: usize = 1024;

/// A table of host objects of kind `M` (values `V`) handed to plugins as
/// [`Resource<M>`] handles. Keep one in the store's data and use it from
/// host functions that take a [`Context`](crate::host::Context), which knows the
/// calling plugin:
///
/// ```
/// use wasmbind::{Context, Resource, Trap};
/// use wasmbind::host::resources::Resources;
///
/// pub enum Counter {}
///
/// #[derive(Default)]
/// struct App { counters: Resources<Counter, u64> }
///
/// #[wasmbind::host_fn(module = "env")]
/// fn counter_new(cx: &mut Context<'_, App>) -> Result<Resource<Counter>, Trap> {
///     let plugin = cx.caller().ok_or_else(|| Trap::new("not called by a plugin"))?;
///     Ok(cx.state().counters.open(&plugin, 0)?)
/// }
///
/// #[wasmbind::host_fn(module = "env")]
/// fn counter_bump(cx: &mut Context<'_, App>, counter: Resource<Counter>) -> Result<u64, Trap> {
///     let plugin = cx.caller().ok_or_else(|| Trap::new("not called by a plugin"))?;
///     let count = cx.state().counters.get_mut(&plugin, counter)?;
///     *count += 1;
///     Ok(*count)
/// }
///
/// let engine = wasmbind::wasmtime::Engine::default();
/// let mut linker = wasmbind::Linker::<App>::new(&engine);
/// wasmbind::add_to_linker!(&mut linker, |app: &mut App| app, [counter_new, counter_bump]).unwrap();
/// ```
///
/// Every handle is checked against the plugin that presents it:
///
/// - handles belong to the plugin that opened them (a plugin and its
///   clones); another plugin's handle is [`Misuse::Foreign`];
/// - each slot has a generation, so a handle whose object was closed is
///   [`Misuse::Closed`], or [`Misuse::Stale`] once the slot holds a new
///   object: never that new object;
/// - a value this table never issued is [`Misuse::Forged`]. Handles are
///   mixed with a random number per table, so one from another table (of
///   another kind, or another store's) is forged too, not a neighbour;
/// - a plugin holds at most [`limit`](Resources::limit) objects of this
///   table at once ([`Misuse::Exhausted`] beyond), so it cannot exhaust the
///   host's memory by opening handles.
///
/// When a plugin is dropped (its last handle or clone), its objects become
/// unreachable and are dropped at the next [`sweep`](Resources::sweep),
/// which [`open`](Resources::open) also runs as the table grows; unload a
/// plugin with [`close_all`](Resources::close_all) to get them back at once.
/// Dropping the store drops the table and everything in it.
pub struct Resources<M, V> {
    slots: Vec<Slot<V>>,
    free: Vec<u32>,
    owners: HashMap<usize, OwnerEntry>,
    salt: u64,
    limit: usize,
    open: usize,
    sweep_at: usize,
    _kind: PhantomData<fn() -> M>,
}

struct Slot<V> {
    /// The generation of the slot's latest object; 0 before the first.
    generation: u32,
    held: Option<Held<V>>,
    /// Who held its latest object, once closed: only that plugin learns
    /// that the handle is closed; to any other it is not its own.
    last_owner: usize,
}

struct Held<V> {
    owner: usize,
    value: V,
}

/// A plugin that holds objects in the table.
struct OwnerEntry {
    owner: Owner,
    open: usize,
}

/// Why a handle was refused: [`ResourceError::misuse`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Misuse {
    /// The table never issued this handle.
    Forged,
    /// Its object was closed and the slot now holds another object.
    Stale,
    /// Its object was closed.
    Closed,
    /// It is not the calling plugin's: another plugin's, open or closed
    /// (neither which plugin nor whether it is open is told).
    Foreign,
    /// The plugin already holds `limit` objects of this table.
    Exhausted {
        /// The table's limit per plugin.
        limit: usize,
    },
}

/// A handle refused by a [`Resources`] table: which kind of resource, the
/// handle, and why. Converts into [`Trap`](crate::Trap) with `?`, which
/// stops the plugin with this message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourceError {
    resource: &'static str,
    handle: Option<u64>,
    misuse: Misuse,
}

impl ResourceError {
    /// The resource kind's name (`Table` for `Resources<Table, _>`).
    pub fn resource(&self) -> &'static str {
        self.resource
    }

    /// The refused handle's wire value (`None` when opening failed).
    pub fn handle(&self) -> Option<u64> {
        self.handle
    }

    /// Why.
    pub fn misuse(&self) -> &Misuse {
        &self.misuse
    }
}

impl fmt::Display for ResourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let resource = self.resource;
        if let Some(handle) = self.handle {
            write!(f, "{resource} handle {handle:#x} ")?;
        }
        match &self.misuse {
            Misuse::Forged => write!(f, "is forged: this table never issued it"),
            Misuse::Stale => write!(f, "is stale: its {resource} was closed and the slot reused"),
            Misuse::Closed => write!(f, "is closed"),
            Misuse::Foreign => write!(f, "is not this plugin's"),
            Misuse::Exhausted { limit } => {
                write!(f, "cannot open another {resource}: the plugin holds {limit}, the limit")
            }
        }
    }
}

impl std::error::Error for ResourceError {}

impl<M, V> Default for Resources<M, V> {
    fn default() -> Self {
        Self::with_limit(DEFAULT_LIMIT)
    }
}

impl<M, V> Resources<M, V> {
    /// An empty table allowing [`DEFAULT_LIMIT`] open objects per plugin.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty table allowing `limit` open objects per plugin.
    pub fn with_limit(limit: usize) -> Self {
        Self {
            slots: Vec::new(),
            free: Vec::new(),
            owners: HashMap::new(),
            salt: new_key(),
            limit,
            open: 0,
            sweep_at: SWEEP_MIN,
            _kind: PhantomData,
        }
    }

    /// How many objects one plugin may hold open.
    pub fn limit(&self) -> usize {
        self.limit
    }

    /// How many objects are open, for all plugins (including those of
    /// dropped plugins not yet swept).
    pub fn len(&self) -> usize {
        self.open
    }

    /// Whether no object is open.
    pub fn is_empty(&self) -> bool {
        self.open == 0
    }

    /// How many objects `plugin` holds open.
    pub fn open_by(&self, plugin: &Plugin) -> usize {
        self.owners.get(&plugin.id()).map_or(0, |entry| entry.open)
    }

    /// Keeps `value` for `plugin` and returns its handle; refused when the
    /// plugin already holds [`limit`](Self::limit) objects of this table.
    pub fn open(&mut self, plugin: &Plugin, value: V) -> Result<Resource<M>, ResourceError> {
        if self.open >= self.sweep_at {
            self.sweep();
            self.sweep_at = (self.open * 2).max(SWEEP_MIN);
        }
        let id = plugin.id();
        if self.open_by(plugin) >= self.limit {
            return Err(error::<M>(None, Misuse::Exhausted { limit: self.limit }));
        }
        let index = match self.free.pop() {
            Some(index) => index,
            None => {
                let Ok(index) = u32::try_from(self.slots.len()) else {
                    return Err(error::<M>(None, Misuse::Exhausted { limit: self.limit }));
                };
                self.slots.push(Slot { generation: 0, held: None, last_owner: 0 });
                index
            }
        };
        // Indices on the free list, and the one just pushed, are in bounds.
        let Some(slot) = self.slots.get_mut(index as usize) else {
            return Err(error::<M>(None, Misuse::Exhausted { limit: self.limit }));
        };
        slot.generation += 1;
        slot.held = Some(Held { owner: id, value });
        let generation = slot.generation;
        let entry = self.owners.entry(id);
        entry.or_insert_with(|| OwnerEntry { owner: plugin.owner(), open: 0 }).open += 1;
        self.open += 1;
        Ok(Resource::from_bits(((u64::from(generation) << 32) | u64::from(index)) ^ self.salt))
    }

    /// The object `handle` names, if `plugin` holds it.
    pub fn get(&self, plugin: &Plugin, handle: Resource<M>) -> Result<&V, ResourceError> {
        let index = self.find(plugin, handle)?;
        match self.slots.get(index).and_then(|slot| slot.held.as_ref()) {
            Some(held) => Ok(&held.value),
            None => Err(error(Some(handle), Misuse::Closed)),
        }
    }

    /// [`get`](Self::get), to change the object.
    pub fn get_mut(&mut self, plugin: &Plugin, handle: Resource<M>) -> Result<&mut V, ResourceError> {
        let index = self.find(plugin, handle)?;
        match self.slots.get_mut(index).and_then(|slot| slot.held.as_mut()) {
            Some(held) => Ok(&mut held.value),
            None => Err(error(Some(handle), Misuse::Closed)),
        }
    }

    /// Closes `handle` and gives its object back; the handle (and every copy
    /// of it) is refused from now on.
    pub fn close(&mut self, plugin: &Plugin, handle: Resource<M>) -> Result<V, ResourceError> {
        let index = self.find(plugin, handle)?;
        match self.take(index) {
            Some(value) => Ok(value),
            None => Err(error(Some(handle), Misuse::Closed)),
        }
    }

    /// Closes every object `plugin` holds (when unloading it) and gives
    /// them back, oldest slot first.
    pub fn close_all(&mut self, plugin: &Plugin) -> Vec<V> {
        let id = plugin.id();
        if !self.owners.contains_key(&id) {
            return Vec::new();
        }
        self.take_where(|owner| owner == id)
    }

    /// Drops the objects of plugins that no longer exist (every handle and
    /// clone dropped) and returns how many. [`open`](Self::open) runs it
    /// whenever the table has doubled since the last sweep.
    pub fn sweep(&mut self) -> usize {
        let dead: Vec<usize> = self.owners.iter().filter(|(_, e)| !e.owner.alive()).map(|(id, _)| *id).collect();
        if dead.is_empty() {
            return 0;
        }
        self.take_where(|owner| dead.contains(&owner)).len()
    }

    /// Where `handle` points, if it is live and `plugin`'s.
    fn find(&self, plugin: &Plugin, handle: Resource<M>) -> Result<usize, ResourceError> {
        let bits = handle.bits() ^ self.salt;
        let (index, generation) = (bits as u32 as usize, (bits >> 32) as u32);
        let misuse = match self.slots.get(index) {
            None => Misuse::Forged,
            Some(slot) if generation == 0 || generation > slot.generation => Misuse::Forged,
            Some(slot) if generation < slot.generation => Misuse::Stale,
            Some(Slot { held: None, last_owner, .. }) if *last_owner == plugin.id() => Misuse::Closed,
            Some(Slot { held: Some(held), .. }) if held.owner == plugin.id() => return Ok(index),
            // Another plugin's, open or closed: which, and whose, is not told.
            Some(_) => Misuse::Foreign,
        };
        Err(error(Some(handle), misuse))
    }

    /// Empties slot `index`, returning its object.
    fn take(&mut self, index: usize) -> Option<V> {
        let slot = self.slots.get_mut(index)?;
        let held = slot.held.take()?;
        slot.last_owner = held.owner;
        // A slot whose generation is spent is retired, so no handle repeats.
        if slot.generation < u32::MAX {
            self.free.push(index as u32);
        }
        self.open -= 1;
        if let Some(entry) = self.owners.get_mut(&held.owner) {
            entry.open -= 1;
            if entry.open == 0 {
                self.owners.remove(&held.owner);
            }
        }
        Some(held.value)
    }

    fn take_where(&mut self, owned: impl Fn(usize) -> bool) -> Vec<V> {
        let indices: Vec<usize> = (self.slots.iter().enumerate())
            .filter(|(_, slot)| slot.held.as_ref().is_some_and(|held| owned(held.owner)))
            .map(|(index, _)| index)
            .collect();
        indices.into_iter().filter_map(|index| self.take(index)).collect()
    }
}

#[cold]
fn error<M>(handle: Option<Resource<M>>, misuse: Misuse) -> ResourceError {
    ResourceError { resource: kind_name::<M>(), handle: handle.map(Resource::bits), misuse }
}

/// The table size below which [`Resources::open`] does not sweep.
const SWEEP_MIN: usize = 64;

impl<M, V> fmt::Debug for Resources<M, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Resources")
            .field("resource", &kind_name::<M>())
            .field("open", &self.open)
            .field("plugins", &self.owners.len())
            .field("limit", &self.limit)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn plugins(names: &[&str]) -> (wasmtime::Store<()>, Vec<Plugin>) {
        let engine = wasmtime::Engine::default();
        let mut store = wasmtime::Store::new(&engine, ());
        let module = wasmtime::Module::new(&engine, b"\0asm\x01\0\0\0").unwrap();
        let plugins = (names.iter())
            .map(|name| {
                let instance = wasmtime::Instance::new(&mut store, &module, &[]).unwrap();
                Plugin::new(&mut store, instance, name).unwrap()
            })
            .collect();
        (store, plugins)
    }

    /// Random opens, closes and lookups by three plugins, through issued,
    /// closed and made-up handles, against a model of what each handle
    /// names: a lookup answers the handle's own object or a refusal of the
    /// right kind, never another object.
    #[test]
    fn handles_name_their_own_object_or_nothing() {
        enum Table {}
        let (_store, plugins) = plugins(&["a", "b", "c"]);
        let mut table = Resources::<Table, u64>::with_limit(5);
        // Every handle issued: owner, value, and whether still open.
        let mut issued: HashMap<u64, (usize, u64, bool)> = HashMap::new();
        let mut order: Vec<u64> = Vec::new();
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut outcomes = HashMap::<&str, usize>::new();
        for step in 0..20_000u64 {
            let who = (next() % 3) as usize;
            let plugin = &plugins[who];
            // Mostly recent handles (many still open), sometimes any.
            let back = if next() % 2 == 0 { next() as usize % 16 } else { next() as usize };
            let pick = order.len().checked_sub(1 + back % order.len().max(1)).and_then(|i| order.get(i)).copied();
            match next() % 4 {
                0 => match table.open(plugin, step) {
                    Ok(handle) => {
                        assert!(issued.insert(handle.bits(), (who, step, true)).is_none(), "handle repeated");
                        order.push(handle.bits());
                        *outcomes.entry("opened").or_default() += 1;
                    }
                    Err(error) => {
                        assert_eq!(error.misuse(), &Misuse::Exhausted { limit: 5 });
                        assert_eq!(table.open_by(plugin), 5);
                        *outcomes.entry("exhausted").or_default() += 1;
                    }
                },
                1 => {
                    let Some(bits) = pick else { continue };
                    let (owner, value, open) = issued[&bits];
                    // Mostly by the owner, so that handles do get closed.
                    let who = if next() % 4 == 0 { who } else { owner };
                    match table.close(&plugins[who], Resource::from_bits(bits)) {
                        Ok(got) => {
                            assert!(open && owner == who && got == value);
                            issued.insert(bits, (owner, value, false));
                            *outcomes.entry("closed").or_default() += 1;
                        }
                        Err(error) => check_refusal(&error, open, owner == who),
                    }
                }
                2 => {
                    let Some(bits) = pick else { continue };
                    let (owner, value, open) = issued[&bits];
                    match table.get(plugin, Resource::from_bits(bits)) {
                        Ok(got) => assert!(open && owner == who && *got == value),
                        Err(error) => check_refusal(&error, open, owner == who),
                    }
                    *outcomes.entry("looked up").or_default() += 1;
                }
                _ => {
                    let bits = next();
                    if issued.contains_key(&bits) {
                        continue;
                    }
                    let error = table.get(plugin, Resource::from_bits(bits)).unwrap_err();
                    assert_eq!(error.misuse(), &Misuse::Forged);
                }
            }
            let open: usize = issued.values().filter(|(_, _, open)| *open).count();
            assert_eq!(table.len(), open);
        }
        assert!(outcomes["exhausted"] > 100 && outcomes["opened"] > 500 && outcomes["closed"] > 500, "{outcomes:?}");
    }

    fn check_refusal(error: &ResourceError, open: bool, own: bool) {
        match error.misuse() {
            Misuse::Closed | Misuse::Stale => assert!(!open),
            Misuse::Foreign => assert!(!own),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn a_dropped_plugins_objects_go_when_the_table_grows() {
        enum Table {}
        let (_store, mut plugins) = plugins(&["stays", "goes"]);
        let mut table = Resources::<Table, Vec<u8>>::with_limit(usize::MAX);
        let goes = plugins.pop().unwrap();
        for _ in 0..SWEEP_MIN {
            table.open(&goes, vec![0; 1024]).unwrap();
        }
        drop(goes);
        assert_eq!(table.len(), SWEEP_MIN);
        table.open(&plugins[0], Vec::new()).unwrap();
        assert_eq!(table.len(), 1, "the open swept the dropped plugin's objects");
    }
}
