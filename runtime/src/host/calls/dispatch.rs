//! Calls by name: how a registry reaches exports it does not know at
//! compile time. A plugin's interface records list its exports with their
//! Rust signatures; a call names one, gives the signature it expects, and
//! passes the arguments as one encoded body (the body of the tuple of the
//! arguments, docs/ABI.md section 2). The plugin's generated dispatcher
//! (`wasmbind_call_{Trait}`, docs/ABI.md section 10) decodes them with the
//! export's own types, calls it and encodes the result.

use std::borrow::Cow;

use wasmbind_shared::{Record, call_export_name, same_call_signature};
use wasmtime::AsContextMut;

use super::plugin::Plugin;
use crate::abi::{Budget, Lift, unpack};
use crate::host::core::error::{Dispatch, Error, ErrorKind, Place, clip_owned};
use crate::host::core::memory::GuestMemory;
use crate::host::load::interface::{Dispatcher, ExportInfo, Exports, read_records};

/// Export `name` of `plugin`, if its signature is `signature`.
fn find<'e>(exports: &'e Exports, plugin: &Plugin, name: &str, signature: &str) -> Result<&'e ExportInfo, Error> {
    let Some(export) = exports.list.iter().find(|e| e.name == name) else {
        let exports = exports.list.iter().map(|e| e.name.clone()).collect();
        return Err(plugin.refuse(name, Dispatch::Unknown { exports }));
    };
    if !same_call_signature(&export.signature, signature) {
        let (expected, actual) = (signature.to_owned(), export.signature.clone());
        return Err(plugin.refuse(name, Dispatch::Signature { expected, actual }));
    }
    Ok(export)
}

impl Plugin {
    /// The exports its records list, read at the first call; refused
    /// through a store other than the plugin's.
    fn exports_read(&self, mut store: impl AsContextMut, function: &str) -> Result<&Exports, Error> {
        self.check_store(&mut store, function)?;
        Ok(self.exports_cache().get_or_init(|| Exports::read(store, self.instance())))
    }

    /// The plugin's interface records, read from its memory now: what it
    /// says it was built against, with a definition of every struct and
    /// enum its functions mention (docs/ABI.md section 8). Empty for a
    /// plugin without records and for an in-process plugin. A record that
    /// cannot be read is left out (instantiation refused the plugin if it
    /// had one then).
    ///
    /// [`Record::to_json`] renders one for tools in other languages.
    /// Empty, too, through a store other than the plugin's.
    pub fn records(&self, mut store: impl AsContextMut) -> Vec<Record> {
        match (self.instance(), self.check_store(&mut store, "records")) {
            (Some(instance), Ok(())) => read_records(&mut store, instance).0,
            _ => Vec::new(),
        }
    }

    /// Every export the plugin's interface records list, in their order:
    /// what a registry offers by name. (Records are read at the first call
    /// of this or [`Plugin::call_by_name`], then kept.) Empty through a
    /// store other than the plugin's.
    pub fn exports(&self, store: impl AsContextMut) -> &[ExportInfo] {
        self.exports_read(store, "exports").map_or(&[], |exports| &exports.list)
    }

    /// Calls export `name` with `args`, the body of the tuple of its
    /// arguments (`wasmbind::abi::to_body(&("Ada".to_string(),))`), and
    /// returns the body of its result. `signature` is the Rust signature
    /// the caller expects (`"fn(&str) -> String"`), compared with the
    /// export's as types, whitespace aside, a borrowed parameter matching
    /// its owned type (`&str` and `String`: the same bytes)
    /// ([`same_call_signature`](wasmbind_shared::same_call_signature)).
    ///
    /// Errors: [`ErrorKind::Dispatch`] for a name the records do not list
    /// ([`Dispatch::Unknown`]), another signature ([`Dispatch::Signature`])
    /// or arguments the export's types do not decode
    /// ([`Dispatch::Arguments`]); otherwise those of any call (a trap, a
    /// panic, a limit), naming the export.
    pub fn call_by_name(
        &self,
        mut store: impl AsContextMut,
        name: &str,
        signature: &str,
        args: &[u8],
    ) -> Result<Vec<u8>, Error> {
        let dispatcher = self.dispatcher(&mut store, name, signature)?;
        let mut lower = |body: &[u8], place| {
            self.callee().alloc_write(&mut store, body).map_err(|fault| self.lower_failed(name, place, fault))
        };
        let params = (lower(name.as_bytes(), Place::Argument("name"))?, lower(args, Place::Argument("args"))?);
        let core = self.call(store.as_context_mut(), dispatcher, &name, params)?;
        let result = self.dispatched(&mut store, name, core)?;
        self.released(store.as_context_mut(), unpack(core).1)?;
        Ok(result)
    }

    /// [`Plugin::call_by_name`] awaiting the plugin, as a handle's `_async`
    /// methods do: for stores with async host functions or yielding.
    /// Dropping the future before it finishes poisons the plugin.
    pub async fn call_by_name_async<T: Send + 'static>(
        &self,
        mut store: impl AsContextMut<Data = T> + Send,
        name: &str,
        signature: &str,
        args: &[u8],
    ) -> Result<Vec<u8>, Error> {
        let cancel = self.cancel_guard(name);
        let result = async {
            self.ready_async(&mut store, name).await?;
            let dispatcher = self.dispatcher(&mut store, name, signature)?;
            let mut params = [0; 2];
            for (slot, (body, place)) in params.iter_mut().zip([(name.as_bytes(), "name"), (args, "args")]) {
                let placed = self.callee().alloc_write_async(&mut store, body).await;
                *slot = placed.map_err(|fault| self.lower_failed(name, Place::Argument(place), fault))?;
            }
            let core = self.call_async(&mut store, dispatcher, name, (params[0], params[1])).await?;
            let result = self.dispatched(&mut store, name, core)?;
            if let Some(release) = self.released_async(&mut store, unpack(core).1) {
                release.await?;
            }
            Ok(result)
        }
        .await;
        cancel.done();
        result
    }

    /// The dispatcher of export `name`, checked against `signature`.
    fn dispatcher(&self, store: impl AsContextMut, name: &str, signature: &str) -> Result<&Dispatcher, Error> {
        let exports = self.exports_read(store, name)?;
        let export = find(exports, self, name, signature)?;
        match exports.dispatchers.get(export.dispatcher) {
            Some(Some(dispatcher)) => Ok(dispatcher),
            _ => {
                let source = wasmtime::Error::msg(format!(
                    "export `{}` is missing: a plugin is called by name only when its impl carries a dispatcher; \
                     build it with `#[plugin_export(dispatch)] impl {} for ..`",
                    call_export_name(&export.interface),
                    export.interface
                ));
                Err(ErrorKind::Load { plugin: self.name_arc(), source }.into())
            }
        }
    }

    /// The result body a dispatcher returned, or the arguments it refused.
    fn dispatched(&self, store: impl AsContextMut, name: &str, core: i64) -> Result<Vec<u8>, Error> {
        let mut budget = Budget::new(self.callee().limits);
        let result = <Result<Vec<u8>, String>>::lift(core, &mut GuestMemory(self.callee().bytes(&store)), &mut budget)
            .map_err(|fault| self.bad(Cow::Owned(name.to_owned()), Place::Result, fault))?;
        result.map_err(|message| self.refuse(name, Dispatch::Arguments(clip_owned(message))))
    }

    /// Checks that export `name` can be called by name with `signature`:
    /// the records list it so, and its impl carries the dispatcher.
    pub(crate) fn check_export(&self, store: impl AsContextMut, name: &str, signature: &str) -> Result<(), Error> {
        self.dispatcher(store, name, signature).map(drop)
    }

    #[cold]
    fn refuse(&self, name: &str, problem: Dispatch) -> Error {
        ErrorKind::Dispatch { plugin: self.name_arc(), function: name.to_owned(), problem }.into()
    }
}
