//! What a host function that asks for it gets instead of the bare state:
//! the store, to call any plugin (another one, or its caller again) and to
//! use fuel; the state; and the calling plugin's borrowed arguments, readable
//! only while no plugin runs.

use core::fmt;
use core::marker::PhantomData;

use wasmtime::{AsContext, AsContextMut, Caller, StoreContext, StoreContextMut};

use super::func::{CallerMemory, HostArgs};
use super::plugin::Plugin;
use crate::abi::{Fault, str_from, unpack};
use crate::host::core::decl::HostFnInfo;
use crate::host::core::error::Place;
use crate::host::core::memory::slice;
use crate::host::core::session;

/// The context of a host function call, for host functions that take one
/// as their first parameter (`cx: &mut Context<'_, App>`): the store whose
/// data is `T`, the state `S` the linker's `get` projects from it, and the
/// calling plugin's [`Lent`] arguments.
///
/// A `Context` is a store context ([`AsContextMut`]), so it calls any
/// plugin handle in the store, including the plugin that called
/// (re-entrancy, to any depth the stack allows):
///
/// ```
/// use wasmbind::host::{Context, Lent};
///
/// #[wasmbind::plugin_export]
/// pub trait Greeter { fn greet(name: &str) -> String; }
///
/// struct App { greeter: Option<GreeterPlugin> }
///
/// /// Asks the greeter plugin to greet `name`.
/// #[wasmbind::host_fn(module = "app")]
/// fn greet_via(cx: &mut Context<'_, App>, name: Lent<str>) -> Result<String, String> {
///     let name = cx.read(name).to_owned();          // copy: the call below may rewrite memory
///     let greeter = cx.state().greeter.clone().ok_or("no greeter")?;
///     greeter.greet(&mut *cx, &name).map_err(|e| e.to_string())
/// }
///
/// # fn main() {
/// let engine = wasmbind::wasmtime::Engine::default();
/// let mut linker = wasmbind::Linker::<App>::new(&engine);
/// wasmbind::add_to_linker!(&mut linker, |app: &mut App| app, [greet_via]).unwrap();
/// # }
/// ```
///
/// A `&str` read from a [`Lent`] borrows the context, and calling a plugin
/// borrows it mutably, so a borrowed argument cannot be used after the call
/// that might have changed it: the compiler refuses. A [`Lent`] read *after*
/// a call gives the argument as it was passed (the context copied it before
/// the first call).
pub struct Context<'a, T: 'static, S: ?Sized + 'static = T> {
    store: StoreContextMut<'a, T>,
    get: &'a (dyn Fn(&mut T) -> &mut S + Send + Sync),
    /// The caller's memory as `new` viewed it to check the lent spans, read
    /// again by `read` and `split` until the store is handed out (then the
    /// lent spans are read from `copied`): viewing it through wasmtime again
    /// cost ~30 instructions per view (`bench/icount.sh log_cx`).
    view: *const [u8],
    key: u64,
    spans: &'a [Span],
    /// The lent arguments' bytes, copied before the store was first handed out.
    copied: Option<Vec<u8>>,
}

impl<'a, T: 'static, S: ?Sized + 'static> Context<'a, T, S> {
    /// Built by generated code for one call: checks each lent argument's
    /// span (bounds, and UTF-8 for `str`) in the caller's memory. Only the
    /// spans checked here are ever read.
    #[doc(hidden)]
    #[inline]
    pub fn new(
        caller: &'a mut Caller<'_, T>,
        get: &'a (dyn Fn(&mut T) -> &mut S + Send + Sync),
        memory: CallerMemory,
        info: &HostFnInfo,
        spans: &'a [Span],
    ) -> wasmtime::Result<Self> {
        let (key, memory) = (memory.key, memory.memory);
        let store = caller.as_context_mut();
        let bytes = memory.map_or(&[][..], |memory| memory.data(&store));
        for span in spans {
            span.check(bytes).map_err(|fault| info.bad(Place::Argument(info.param(span.index as usize)), fault))?;
        }
        let view = core::ptr::from_ref(bytes);
        Ok(Self { store, get, view, key: key as u64, spans, copied: None })
    }

    /// A context for a call from a plugin compiled natively: the lent
    /// arguments are already a copy (`copied`, back to back in `spans`'
    /// order), and no wasm plugin called.
    pub(crate) fn native(
        store: StoreContextMut<'a, T>,
        get: &'a (dyn Fn(&mut T) -> &mut S + Send + Sync),
        spans: &'a [Span],
        copied: Vec<u8>,
    ) -> Self {
        Self { store, get, view: &[], key: 0, spans, copied: Some(copied) }
    }

    /// The host state.
    pub fn state(&mut self) -> &mut S {
        (self.get)(self.store.data_mut())
    }

    /// The store's data, of which the state is a part.
    pub fn data(&mut self) -> &mut T {
        self.store.data_mut()
    }

    /// Reads a lent argument. The result borrows the context, so it cannot
    /// be used after a call into a plugin; copy it (`.to_owned()`) first.
    #[inline]
    pub fn read<'c, L: Lendable + ?Sized>(&'c self, lent: Lent<'_, L>) -> &'c L {
        self.lender().read(lent)
    }

    /// The lent arguments and the state at once, for reading one while
    /// changing the other (`state.map.get(args.read(key))`).
    #[inline]
    pub fn split(&mut self) -> (Lender<'_>, &mut S) {
        let lender = Lender { bytes: self.viewed(), spans: self.spans, copied: self.copied.as_deref() };
        (lender, (self.get)(self.store.data_mut()))
    }

    #[inline]
    fn lender(&self) -> Lender<'_> {
        Lender { bytes: self.viewed(), spans: self.spans, copied: self.copied.as_deref() }
    }

    /// The caller's memory as `new` viewed it, while the lent spans are read
    /// from it (until the store is handed out); empty after.
    #[inline]
    fn viewed<'c>(&self) -> &'c [u8] {
        match self.copied {
            Some(_) => &[],
            // SAFETY: `view` is the caller's memory as `new` viewed it, and
            // while `copied` is `None` nothing has changed it: a memory moves
            // or changes only through its store, which the context holds
            // exclusively (`StoreContextMut`) and hands out only through
            // `as_context_mut`, which sets `copied` first; `data`, `state`
            // and `consume_fuel` reach the store's data and fuel, not its
            // memories. The slice is only read, and only while the context
            // lives (`Lender` borrows it): `'c` is at most that borrow at
            // every caller (`read`, `split`, `lender`).
            None => unsafe { &*self.view },
        }
    }

    /// The plugin that called, when it was entered through a wasmbind
    /// handle or [`Plugin`] call in this store (always, unless the host
    /// called the export some other way).
    pub fn caller(&self) -> Option<Plugin> {
        let store = session::store_id(self.store.data());
        let shared = session::caller(store, self.key)?;
        Plugin::from_owner(shared)
    }

    /// Takes `fuel` units from the store's fuel (an engine with
    /// `consume_fuel` on): `Err` when there is not that much left, which,
    /// returned from the host function, stops the calling plugin with
    /// [`Limit::Fuel`](crate::host::error::Limit::Fuel) at the call (it can be refuelled
    /// and called again). For a fixed cost per call or per byte, declare it
    /// instead: `#[host_fn(fuel = 50, fuel_per_byte = 1)]` (`HostLimits`).
    pub fn consume_fuel(&mut self, fuel: u64) -> wasmtime::Result<()> {
        super::func::take_fuel(&mut self.store, fuel)
    }

    /// Copies the lent arguments out of the caller's memory, before anything
    /// can run in the store that might change it.
    #[cold]
    fn copy_lent(&mut self) {
        let bytes = self.viewed();
        let mut copied = Vec::with_capacity(self.spans.iter().map(|s| s.len as usize).sum());
        for span in self.spans {
            // Every span was checked to fit; should one not, zeros keep the
            // spans after it at the offsets `Lender::read` computes.
            let body = span.of(bytes).unwrap_or_default();
            copied.extend_from_slice(body);
            copied.resize(copied.len() + (span.len as usize - body.len()), 0);
        }
        self.copied = Some(copied);
    }
}

impl<T: 'static, S: ?Sized + 'static> AsContext for Context<'_, T, S> {
    type Data = T;
    fn as_context(&self) -> StoreContext<'_, T> {
        self.store.as_context()
    }
}

impl<T: 'static, S: ?Sized + 'static> AsContextMut for Context<'_, T, S> {
    /// The store, to call plugins through: first copies the lent arguments,
    /// which a plugin could change.
    fn as_context_mut(&mut self) -> StoreContextMut<'_, T> {
        if self.copied.is_none() && !self.spans.is_empty() {
            self.copy_lent();
        }
        self.store.as_context_mut()
    }
}

impl<T: 'static, S: ?Sized + 'static> fmt::Debug for Context<'_, T, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Context").field("lent", &self.spans.len()).finish_non_exhaustive()
    }
}

/// Where a lent argument lies in the caller's memory, which parameter it
/// is, and whether it must be UTF-8.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    ptr: u32,
    len: u32,
    index: u32,
    utf8: bool,
}

impl Span {
    /// The span of a native call's lent argument `index`, at `offset` in
    /// the copy (offsets only keep the spans of one call apart).
    pub(crate) fn native(offset: u32, len: u32, index: u32, utf8: bool) -> Self {
        Self { ptr: offset, len, index, utf8 }
    }

    /// Its bytes in `memory`, if it fits.
    fn of(self, memory: &[u8]) -> Option<&[u8]> {
        let start = self.ptr as usize;
        memory.get(start..start.checked_add(self.len as usize)?)
    }

    #[inline]
    fn check(self, memory: &[u8]) -> Result<(), Fault> {
        let bytes = slice(memory, self.ptr, self.len)?;
        if self.utf8 {
            str_from(bytes)?;
        }
        Ok(())
    }
}

/// A `&str` or `&[u8]` argument of a host function that takes a
/// [`Context`], left in the calling plugin's memory: read it with
/// [`Context::read`] (or through [`Context::split`]). The plugin side of
/// the declaration is `&str` or `&[u8]`; interface records write it so.
///
/// Checked (bounds, UTF-8) before the function runs, like any argument.
/// A context reads only the lent arguments of its own call.
pub struct Lent<'a, L: ?Sized> {
    span: Span,
    _of: PhantomData<&'a L>,
}

impl<L: ?Sized> Lent<'_, L> {
    /// Where it lies, for the context. Not public API.
    #[doc(hidden)]
    pub fn span(&self) -> Span {
        self.span
    }

    pub(crate) fn at(span: Span) -> Self {
        Self { span, _of: PhantomData }
    }
}

impl<L: ?Sized> Clone for Lent<'_, L> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<L: ?Sized> Copy for Lent<'_, L> {}

impl<L: ?Sized> fmt::Debug for Lent<'_, L> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Lent").field("ptr", &self.span.ptr).field("len", &self.span.len).finish()
    }
}

/// What a [`Lent`] argument can be: `str` or `[u8]`.
pub trait Lendable: sealed::View {}

impl Lendable for str {}
impl Lendable for [u8] {}

mod sealed {
    /// A view of bytes checked when the call began. Private: only the
    /// context's readers can call it, on bytes of a span `host_lent` checked.
    pub trait View {
        const UTF8: bool;
        fn view(checked: &[u8]) -> &Self;
        fn bytes(&self) -> &[u8];
    }

    impl View for str {
        const UTF8: bool = true;
        fn view(checked: &[u8]) -> &str {
            // SAFETY: `checked` is empty or a span that `Context::new` checked
            // as UTF-8 (`Lender::read` views no other), read from the caller's
            // memory before anything could change it (the context copies the
            // lent spans before it hands the store out, and a plugin's
            // `Memory` changes only through its store) or from that copy. Checking again
            // cost ~180 instructions per 16-byte argument (bench/icount.sh
            // log_cx: 921 -> 742 instructions per call).
            unsafe { core::str::from_utf8_unchecked(checked) }
        }
        fn bytes(&self) -> &[u8] {
            self.as_bytes()
        }
    }

    impl View for [u8] {
        const UTF8: bool = false;
        fn view(checked: &[u8]) -> &[u8] {
            checked
        }
        fn bytes(&self) -> &[u8] {
            self
        }
    }
}

/// The lent arguments of one call, borrowed from the caller's memory (or
/// from the context's copy, once a plugin has been called).
#[derive(Debug)]
pub struct Lender<'c> {
    bytes: &'c [u8],
    spans: &'c [Span],
    copied: Option<&'c [u8]>,
}

impl<'c> Lender<'c> {
    /// Reads a lent argument of this call.
    pub fn read<L: Lendable + ?Sized>(&self, lent: Lent<'_, L>) -> &'c L {
        // Only spans the context checked are viewed; the copy holds them back
        // to back, in order.
        let mut start = 0usize;
        for span in self.spans {
            let end = start + span.len as usize;
            if *span == lent.span {
                let bytes = match self.copied {
                    Some(copied) => copied.get(start..end),
                    None => span.of(self.bytes),
                };
                return L::view(bytes.unwrap_or_default());
            }
            start = end;
        }
        L::view(&[])
    }
}

/// Lends argument `index`, a packed `(ptr, len)`; [`Context::new`] checks
/// it. Its length is charged to the call's budget first, since the context
/// copies it once the host calls a plugin: two lent arguments spanning a
/// 4 GiB memory are refused, not copied.
#[doc(hidden)]
#[inline]
pub fn host_lent<'a, L: Lendable + ?Sized>(
    core: i64,
    args: &mut HostArgs<'_>,
    info: &HostFnInfo,
    index: u32,
) -> wasmtime::Result<Lent<'a, L>> {
    let (ptr, len) = unpack(core);
    args.charge(len as usize).map_err(|fault| info.bad(Place::Argument(info.param(index as usize)), fault))?;
    Ok(Lent { span: Span { ptr, len, index, utf8: L::UTF8 }, _of: PhantomData })
}
