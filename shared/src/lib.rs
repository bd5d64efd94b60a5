//! The facts of the wasmbind wire ABI that more than one crate needs, each
//! defined once: the export names a plugin carries, the ABI version, the
//! interface-record format, and the core signature of an import. The
//! macros, the runtime (`wasmbind::abi` re-exports these) and tools for
//! other languages read them from here. `docs/ABI.md` is the prose form.
//!
//! This crate has no dependencies, so anything can use it.

#![warn(missing_docs)]

mod grammar;
mod record;
mod signature;
pub mod text;
mod types;
mod writer;

pub use grammar::{GRAMMAR, Kind, Rule, Spelling, grammar_json};
pub use record::{
    Difference, DifferenceKind, Heading, MAX_RECORDS, MAX_RECORDS_TOTAL, Record, RecordReader, compare, differences,
};
pub use signature::{ImportParam, import_params};
pub use text::json_string;
pub use types::{
    Body, Def, Fields, FnSig, Form, MAX_FLAGS, MAX_TYPE_DEPTH, Name, NamedRef, Owned, Parts, Shape, Static, Ty, Type,
    TypeDef, Variant, flags_size,
};
pub use writer::{record_bytes, record_reheaded, record_size, record_string, record_text, reheaded_size};

/// The longest record a host or tool reads, in bytes of text: a record
/// lists one API's functions, and 64 KiB holds a thousand signatures.
pub const MAX_RECORD: u32 = 64 << 10;

/// Most distinct structs and enums one record may describe.
pub const MAX_TYPES: usize = 256;

/// Version of the wire ABI described in `docs/ABI.md`. Version 2 added the
/// type lines of interface records.
pub const ABI_VERSION: u32 = 2;

/// Name of the plugin's linear-memory export.
pub const MEMORY_EXPORT: &str = "memory";
/// Name of the plugin export that allocates: `(size: i32, align: i32) -> i32`.
pub const ALLOC_EXPORT: &str = "wasmbind_alloc";
/// Name of the plugin export that frees: `(ptr: i32, size: i32, align: i32)`.
pub const FREE_EXPORT: &str = "wasmbind_free";
/// Name of the plugin export holding the address of its instance key: a
/// `u64` the host writes before its first call and every import passes
/// back as its last argument (docs/ABI.md section 5).
pub const KEY_EXPORT: &str = "wasmbind_key";
/// Name of the plugin export `() -> ()` the host calls once before its
/// first call into the plugin (it installs the panic hook).
pub const INIT_EXPORT: &str = "wasmbind_init";
/// Name of the optional plugin export `() -> ()` that frees the plugin's
/// last export result (docs/ABI.md section 4). A host calls it after copying
/// out a body result of at least [`RELEASE_MIN`] bytes, so that a large
/// result does not stay in the plugin's memory until its next call.
pub const RELEASE_EXPORT: &str = "wasmbind_release";
/// The shortest body result after which a wasmbind host calls
/// [`RELEASE_EXPORT`]: shorter ones stay in the plugin's result slot until
/// the next result replaces them, as no second call is worth them.
pub const RELEASE_MIN: u32 = 4096;
/// Name of the plugin export holding the address of its panic record: a
/// `u32` length then up to [`PANIC_CAPACITY`] bytes of `file:line:col`, a
/// newline, and the panic message (docs/ABI.md section 3).
pub const PANIC_EXPORT: &str = "wasmbind_panic";
/// Name of the plugin's shadow-stack pointer, a mutable `i32` global that
/// a plugin built by `wasmbind-build` exports (the linker flag
/// [`STACK_LINK_ARG`]). A trap skips the epilogues that would have moved it
/// back, so after one the host restores it; a plugin without it is
/// refused further calls after a trap instead (docs/ABI.md section 3).
pub const STACK_EXPORT: &str = "__stack_pointer";
/// Name of the plugin export `() -> i32` that reads its shadow-stack
/// pointer: linked into every plugin by wasmbind's guest runtime, so a
/// plugin built without [`STACK_LINK_ARG`] can be repaired after a trap too
/// (with [`STACK_SET_EXPORT`]; docs/ABI.md section 3).
pub const STACK_GET_EXPORT: &str = "wasmbind_stack_get";
/// Name of the plugin export `(i32) -> ()` that sets its shadow-stack
/// pointer (see [`STACK_GET_EXPORT`]).
pub const STACK_SET_EXPORT: &str = "wasmbind_stack_set";
/// The linker argument that exports [`STACK_EXPORT`]:
/// `-C link-arg=--export=__stack_pointer` in a plugin's `rustflags`.
pub const STACK_LINK_ARG: &str = "--export=__stack_pointer";
/// Bytes of text a panic record holds; longer messages are cut.
pub const PANIC_CAPACITY: usize = 1020;
/// Capacity of the result area a plugin passes to every host import that has a result.
pub const RESULT_AREA: usize = 256;

/// The import module through which a plugin calls a plugin-export trait
/// that another plugin implements: `plugin:` then the trait's name. The
/// host links it to the other plugin (docs/ABI.md section 10).
///
/// ```
/// assert_eq!(wasmbind_shared::plugin_import_module("Calc"), "plugin:Calc");
/// ```
pub fn plugin_import_module(trait_name: &str) -> String {
    format!("plugin:{trait_name}")
}

/// The constant an API crate holds the exports record of a
/// `#[plugin_export]` trait in (as visible as the trait), which
/// `cargo wasmbind check --api` reads.
///
/// ```
/// assert_eq!(wasmbind_shared::record_const("Calc"), "__WASMBIND_CALC");
/// ```
pub fn record_const(trait_name: &str) -> String {
    format!("__WASMBIND_{}", trait_name.to_uppercase())
}

/// What a Rust host does to provide the imports of `module`, for the error
/// that says one is missing: link a plugin (a [`plugin_import_module`]),
/// add WASI, or register the `#[host_fn]` trait of that module.
///
/// ```
/// let hint = wasmbind_shared::provide_hint("plugin:Calc");
/// assert_eq!(hint, "link a plugin that implements Calc: `linker.link(..)`, with Calc declared `#[plugin_export(link)]`");
/// ```
pub fn provide_hint(module: &str) -> String {
    if let Some(trait_name) = module.strip_prefix("plugin:") {
        format!(
            "link a plugin that implements {trait_name}: `linker.link(..)`, with {trait_name} declared `#[plugin_export(link)]`"
        )
    } else if module == "wasi_snapshot_preview1" {
        "the plugin was built for wasm32-wasip1: add WASI with `wasmbind::host::wasi::add_to_linker(..)`".to_owned()
    } else {
        format!("register the trait declared `#[host_fn(module = \"{module}\")]` with its `add_to_linker(..)`")
    }
}

/// Whether two signatures are the same function type: both parse
/// ([`FnSig::parse`], whitespace aside) to equal parameter and result
/// types. A signature that does not parse is the same as none, itself
/// included. Every check of a signature against another (interface
/// records, calls by name) goes through it.
///
/// ```
/// use wasmbind_shared::same_signature;
/// assert!(same_signature("fn(&str) -> Result<String, String>", "fn(&str) -> Result<String,String>"));
/// assert!(!same_signature("fn(&str) -> String", "fn(&[u8]) -> String"));
/// assert!(!same_signature("fn((u32,u32))", "fn(u32, u32)"));
/// assert!(!same_signature("fn(Vec<)", "fn(Vec<)"));
/// ```
pub fn same_signature(a: &str, b: &str) -> bool {
    matches!((FnSig::parse(a), FnSig::parse(b)), (Some(a), Some(b)) if a == b)
}

/// Whether a call by name made as `call` reaches an export of signature
/// `export`: [`same_signature`], except that a parameter borrowed on one
/// side (`&str`, `&[T]`) and owned on the other (`String`, `Vec<T>`)
/// matches, since the body of the arguments is the same bytes either way.
///
/// ```
/// use wasmbind_shared::same_call_signature;
/// assert!(same_call_signature("fn(&str, &[u8]) -> String", "fn(String, Vec<u8>) -> String"));
/// assert!(!same_call_signature("fn(&str) -> String", "fn(&str) -> &str"));
/// assert!(!same_call_signature("fn(&str)", "fn(Vec<u8>)"));
/// ```
pub fn same_call_signature(export: &str, call: &str) -> bool {
    let owned = |sig: FnSig| FnSig {
        params: sig
            .params
            .into_iter()
            .map(|param| match param {
                Ty::Str => Ty::String,
                Ty::Slice(element) => Ty::Vec(element),
                param => param,
            })
            .collect(),
        ..sig
    };
    match (FnSig::parse(export), FnSig::parse(call)) {
        (Some(a), Some(b)) => owned(a) == owned(b),
        _ => false,
    }
}

/// The export through which a host calls a function of plugin-export trait
/// `trait_name` by name: `wasmbind_call_{Trait}`, core `(i64, i64) -> i64`,
/// Rust `fn(&str, &[u8]) -> Result<Vec<u8>, String>` (docs/ABI.md section 10).
///
/// ```
/// assert_eq!(wasmbind_shared::call_export_name("Calc"), "wasmbind_call_Calc");
/// ```
pub fn call_export_name(trait_name: &str) -> String {
    format!("{RESERVED_PREFIX}call_{trait_name}")
}

/// The export of function `name` of an impl of plugin-export trait
/// `trait_name` declared `#[plugin_export(namespace)]`: `{Trait}.{name}`, so
/// two traits' functions of one name can both be exported. A host looks a
/// function up by this name first, then by `name` alone (docs/ABI.md
/// section 4).
///
/// ```
/// assert_eq!(wasmbind_shared::qualified_export_name("Calc", "greet"), "Calc.greet");
/// ```
pub fn qualified_export_name(trait_name: &str, name: &str) -> String {
    format!("{trait_name}.{name}")
}

/// Every export name wasmbind itself gives a plugin starts with this; a
/// boundary function may not (its export would collide).
pub const RESERVED_PREFIX: &str = "wasmbind_";

/// `FooBar` -> `foo_bar`: how a trait's name becomes a module's or a
/// plugin's default name.
///
/// ```
/// assert_eq!(wasmbind_shared::snake_case("TextPipe"), "text_pipe");
/// ```
pub fn snake_case(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// True when a boundary function may not be called `name`: its export or
/// import would collide with one wasmbind defines, or with generated items
/// (names starting with `__`).
///
/// ```
/// assert!(wasmbind_shared::is_reserved("wasmbind_alloc"));
/// assert!(wasmbind_shared::is_reserved("memory"));
/// assert!(wasmbind_shared::is_reserved("__cx"));
/// assert!(!wasmbind_shared::is_reserved("greet"));
/// ```
pub fn is_reserved(name: &str) -> bool {
    name == MEMORY_EXPORT || name.starts_with(RESERVED_PREFIX) || name.starts_with("__")
}
