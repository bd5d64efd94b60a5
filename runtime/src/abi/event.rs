//! [`Event`]: an event declared once, in an API crate, with the Rust types
//! of its arguments and of what each listener returns.

use core::marker::PhantomData;

use wasmbind_shared::{FnSig, Shape, Ty};

use super::{Describe, WasmType};

/// An event: its name, the types of its arguments (a tuple, `A`) and what
/// each listener returns (`R`). Declared once, as a `const` in the API crate
/// that host and plugins share; the host registers listeners for it and
/// delivers it with those types
/// ([`Listener::of`](crate::host::listeners::Listener::of),
/// [`Fanout::deliver`](crate::host::listeners::Fanout::deliver)), and a
/// plugin's listener is any export of the matching signature (`&str` and
/// `&[T]` parameters listen to `String` and `Vec<T>` arguments: the same
/// bytes).
///
/// ```
/// use wasmbind::Event;
///
/// /// A document was saved: its path and size; listeners say what they did.
/// pub const SAVED: Event<(String, u64), Result<String, String>> = Event::new("saved");
///
/// assert_eq!(SAVED.name(), "saved");
/// assert_eq!(SAVED.signature(), "fn(String, u64) -> Result<String,String>");
/// ```
pub struct Event<A, R> {
    name: &'static str,
    _types: PhantomData<fn(A) -> R>,
}

impl<A, R> Event<A, R> {
    /// The event called `name`.
    pub const fn new(name: &'static str) -> Self {
        Self { name, _types: PhantomData }
    }

    /// Its name.
    pub const fn name(&self) -> &'static str {
        self.name
    }
}

impl<A: EventArgs, R: Describe> Event<A, R> {
    /// The signature of its listeners, as interface records spell it.
    pub fn signature(&self) -> String {
        let result = (!matches!(R::SHAPE, Shape::Unit)).then(|| R::SHAPE.owned());
        FnSig { params: A::params(), result }.to_string()
    }
}

impl<A, R> Clone for Event<A, R> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<A, R> Copy for Event<A, R> {}

impl<A, R> core::fmt::Debug for Event<A, R> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_tuple("Event").field(&self.name).finish()
    }
}

/// The arguments of an [`Event`]: a tuple of wire types, delivered as the
/// body of the tuple (docs/ABI.md section 10, calls by name).
pub trait EventArgs: WasmType {
    /// The parameter types, `[String, u64]`.
    #[doc(hidden)]
    fn params() -> Vec<Ty>;
}

macro_rules! event_args {
    ($(($($name:ident),*))*) => {$(
        impl<$($name: WasmType + Describe),*> EventArgs for ($($name,)*) {
            fn params() -> Vec<Ty> {
                vec![$($name::SHAPE.owned()),*]
            }
        }
    )*};
}
event_args! {
    () (A) (A, B) (A, B, C) (A, B, C, D) (A, B, C, D, E) (A, B, C, D, E, F) (A, B, C, D, E, F, G) (A, B, C, D, E, F, G, H)
}
