//! A plugin's exports found by index. Looking an export up by name hashes
//! the name into its module's string pool and searches its export map, and
//! `Func::typed` checks the signature; a module's exports are the same in
//! every instance, so the names wasmbind reads (its own exports and a
//! handle's) are looked up once per module, when the module is checked
//! (`load::interface::check`, whose verdict a linker remembers), each
//! instance reads them by index, and a handle's signatures are checked in
//! the first instance only. Instantiating the benchmark's handle went from
//! 39,050 to ~30,600 instructions (`bench/icount.sh instantiate`; 31,134
//! hand-written, which looks its exports up by name).

use std::any::TypeId;
use std::sync::OnceLock;

use wasmbind_shared::{
    ALLOC_EXPORT, INIT_EXPORT, KEY_EXPORT, MEMORY_EXPORT, RELEASE_EXPORT, STACK_EXPORT, STACK_GET_EXPORT,
    STACK_SET_EXPORT, qualified_export_name,
};
use wasmtime::{AsContextMut, Extern, Instance, Module, ModuleExport, TypedFunc, WasmParams, WasmResults};

/// An export of wasmbind's own that every instance is asked for.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Own {
    Memory,
    Alloc,
    Key,
    Stack,
    StackGet,
    StackSet,
    Init,
    Release,
}

/// Their names, in the order of [`Own`].
const OWN: [&str; 8] = [
    MEMORY_EXPORT,
    ALLOC_EXPORT,
    KEY_EXPORT,
    STACK_EXPORT,
    STACK_GET_EXPORT,
    STACK_SET_EXPORT,
    INIT_EXPORT,
    RELEASE_EXPORT,
];

/// A handle's function: the handle's record (`Handle::RECORD`, whose
/// heading names its trait) and the function's name, `greet`. An impl
/// declared `#[plugin_export(namespace)]` exports it as `Calc.greet`, else
/// as `greet`; it is looked up by the qualified name first.
pub(crate) type Qualified<'n> = (&'static str, &'n str);

/// The trait a handle's record is of (its heading, `exports Calc`).
fn record_trait(record: &str) -> &str {
    record.lines().nth(1).and_then(|line| line.strip_prefix("exports ")).unwrap_or_default()
}

/// Export `name` of trait `trait_name` in `module`: `{Trait}.{name}` first
/// (`#[plugin_export(namespace)]`), then `name`.
fn handle_export(module: &Module, trait_name: &str, name: &str) -> Option<ModuleExport> {
    module.get_export_index(&qualified_export_name(trait_name, name)).or_else(|| module.get_export_index(name))
}

/// One module's exports by index: wasmbind's own, and the exports a
/// handle binds, in the order it binds them.
#[derive(Default)]
pub(crate) struct ExportIndex {
    own: [Option<ModuleExport>; 8],
    /// The address of the record of the handle the module was checked for
    /// (its `Handle::RECORD`, or `""`'s for none, which no handle's record
    /// shares): another handle over the same plugin looks its functions up
    /// by name.
    record: usize,
    handle: Vec<Bound>,
}

/// One export a handle binds.
struct Bound {
    name: Box<str>,
    export: Option<ModuleExport>,
    /// The core signature (`TypeId` of `(Params, Results)`) that
    /// `Func::typed` accepted for this export in an instance of the module.
    checked: OnceLock<TypeId>,
}

impl core::fmt::Debug for ExportIndex {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let own = OWN.iter().zip(&self.own).filter(|(_, e)| e.is_some()).map(|(name, _)| *name);
        let handle = self.handle.iter().filter(|bound| bound.export.is_some()).map(|bound| &*bound.name);
        f.debug_struct("ExportIndex")
            .field("own", &own.collect::<Vec<_>>())
            .field("handle", &handle.collect::<Vec<_>>())
            .finish()
    }
}

impl ExportIndex {
    /// Looks up wasmbind's exports and those of a handle in `module`: the
    /// handle's `record` (its heading names the trait; `""` for none) and
    /// its functions' names, in the order its `bind` asks for them.
    pub(crate) fn new<'n>(module: &Module, record: &'static str, handle: impl Iterator<Item = &'n str>) -> Self {
        let own = OWN.map(|name| module.get_export_index(name));
        let trait_name = record_trait(record);
        let handle = handle
            .map(|name| Bound {
                name: name.into(),
                export: handle_export(module, trait_name, name),
                checked: OnceLock::new(),
            })
            .collect();
        Self { own, record: record.as_ptr() as usize, handle }
    }
}

/// Reads one instance's exports: by index when its module's
/// [`ExportIndex`] is known, else by name.
#[derive(Clone, Copy)]
pub(crate) struct Lookup<'i> {
    pub(crate) instance: Instance,
    pub(crate) index: Option<&'i ExportIndex>,
}

impl Lookup<'_> {
    /// One of wasmbind's own exports.
    pub(crate) fn own(&self, store: impl AsContextMut, export: Own) -> Option<Extern> {
        match self.index {
            Some(index) => self.at(store, index.own[export as usize]),
            None => self.instance.get_export(store, OWN[export as usize]),
        }
    }

    /// Whether the plugin has one of wasmbind's own exports (by index, without
    /// reading it from the instance: reading a function export builds its
    /// function reference).
    pub(crate) fn has(&self, store: impl AsContextMut, export: Own) -> bool {
        match self.index {
            Some(index) => index.own[export as usize].is_some(),
            None => self.instance.get_export(store, OWN[export as usize]).is_some(),
        }
    }

    /// Function `name` of a handle's trait, which it binds as its `position`th.
    pub(crate) fn bound(&self, store: impl AsContextMut, position: usize, name: Qualified) -> Option<Extern> {
        self.read(store, self.slot(position, name), name)
    }

    /// [`Lookup::bound`] as a function of core signature `(P, R)`, with
    /// errors as `Instance::get_typed_func` words them. The signature is
    /// type-checked in the first instance of a module only: the others
    /// have the same export types.
    pub(crate) fn bound_func<P, R>(
        &self,
        mut store: impl AsContextMut,
        position: usize,
        qualified @ (_, name): Qualified,
    ) -> wasmtime::Result<TypedFunc<P, R>>
    where
        P: WasmParams + 'static,
        R: WasmResults + 'static,
    {
        let slot = self.slot(position, qualified);
        let Some(func) = self.read(&mut store, slot, qualified).and_then(Extern::into_func) else {
            return Err(wasmtime::Error::msg(format!("failed to find function export `{name}`")));
        };
        let signature = TypeId::of::<(P, R)>();
        if slot.is_some_and(|bound| bound.checked.get() == Some(&signature)) {
            // SAFETY: `Func::typed::<P, R>` accepted this export of this
            // module (`checked` is set only below, after it did), and the
            // function is the same export of another instance of the same
            // module (`read` takes it by the module's index, which
            // `get_module_export` refuses for another module), so it has the
            // same type: `typed` would accept it again.
            return Ok(unsafe { TypedFunc::new_unchecked(&store, func) });
        }
        let typed =
            func.typed(&store).map_err(|e| e.context(format!("failed to convert function `{name}` to given type")))?;
        if let Some(bound) = slot {
            let _ = bound.checked.set(signature);
        }
        Ok(typed)
    }

    /// A handle's function: at `slot`'s index when it has one, else by
    /// name (the qualified one first).
    fn read(&self, mut store: impl AsContextMut, slot: Option<&Bound>, name: Qualified) -> Option<Extern> {
        match slot {
            Some(bound) => self.at(store, bound.export),
            None => {
                let qualified = qualified_export_name(record_trait(name.0), name.1);
                let found = self.instance.get_export(&mut store, &qualified);
                found.or_else(|| self.instance.get_export(store, name.1))
            }
        }
    }

    /// The indexed export a handle binds as its `position`th, if it is
    /// `name` of the trait the module was checked for (another handle over
    /// the same plugin looks its functions up by name).
    fn slot(&self, position: usize, (record, name): Qualified) -> Option<&Bound> {
        let index = self.index.filter(|index| index.record == record.as_ptr() as usize)?;
        index.handle.get(position).filter(|bound| *bound.name == *name)
    }

    fn at(&self, store: impl AsContextMut, export: Option<ModuleExport>) -> Option<Extern> {
        // `None` also for an index of another module: `get_module_export` checks.
        self.instance.get_module_export(store, &export?)
    }
}
