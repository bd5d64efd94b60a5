#!/usr/bin/env python3
"""Writes the compile-time benchmark's two workspaces (bench/compile-time.sh runs it).

One API of 50 functions of mixed types: 25 host functions (`h0`..`h24`) and
25 plugin exports (`e0`..`e24`), export `eN` forwarding to host function
`hN`. Shapes cycle through five signatures:

    0  (a: u32, b: u32) -> u32
    1  (s: &str) -> u32
    2  (s: &str) -> String
    3  (p: Point, d: i32) -> Point
    4  (b: &[u8], x: f64) -> bool

`wasmbind/` declares it once (an API crate with a `#[host_fn]` and a
`#[plugin_export]` trait, a host, a plugin). `hand/` writes the same by hand,
the way the hand-written benchmark column does (bench/src/lib.rs,
bench/plugins/baseline): `func_wrap` closures with checked memory reads, an
`extern` block, `#[no_mangle]` exports, flattened scalars and packed results.
Both hosts call every export once and check every result, so the two are the
same program.

Usage: generate.py OUT_DIR WASMBIND_RUNTIME_PATH
"""

import os
import sys

N = 25
SHAPES = 5


def shape(i):
    return i % SHAPES


# What hN computes, in Rust, over the shape's parameter names; the host's
# expected value for eN is the same expression over the inputs it passes.
def body(i):
    return [
        f"a.wrapping_add(b).wrapping_add({i})",
        f"s.len() as u32 + {i}",
        f'format!("{{s}}-{i}")',
        f"Point {{ x: p.x.wrapping_add(d), y: p.y.wrapping_sub({i}) }}",
        f"b.len() as f64 > x",
    ][shape(i)]


# The inputs the host passes to eN and the value it expects back.
def inputs(i):
    return [
        (f"{i}, 7", f"{i}u32.wrapping_add(7).wrapping_add({i})"),
        (f'"abc{i}"', f'"abc{i}".len() as u32 + {i}'),
        (f'"hello {i}"', f'format!("hello {i}-{i}")'),
        (f"Point {{ x: {i}, y: 2 }}, 3", f"Point {{ x: {i} + 3, y: 2 - {i} }}"),
        (f'&b"bytes {i}"[..], {i}.5', f"(b\"bytes {i}\".len() as f64) > {i}.5"),
    ][shape(i)]


WB_PARAMS = ["a: u32, b: u32", "s: &str", "s: &str", "p: Point, d: i32", "b: &[u8], x: f64"]
WB_RESULTS = ["u32", "u32", "String", "Point", "bool"]
ARGS = ["a, b", "s", "s", "p, d", "b, x"]

WORKSPACE = """[workspace]
resolver = "3"
members = [{members}]

[workspace.package]
version = "0.1.0"
edition = "2024"
publish = false
"""

WASMTIME = (
    'wasmtime = { version = "48", default-features = false, features = '
    '["runtime", "cranelift", "std", "backtrace", "pooling-allocator", "async", "anyhow"] }'
)


def package(name, deps, lib=None):
    text = f'[package]\nname = "{name}"\nversion.workspace = true\nedition.workspace = true\npublish.workspace = true\n'
    if lib:
        text += f"\n[lib]\ncrate-type = {lib}\n"
    return text + "\n[dependencies]\n" + "".join(d + "\n" for d in deps)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def wasmbind_side(out, runtime):
    dep = f'wasmbind = {{ path = "{runtime}", default-features = false }}'
    write(f"{out}/Cargo.toml", WORKSPACE.format(members='"api", "host", "plugin"'))
    write(f"{out}/api/Cargo.toml", package("ct-api", [dep]))
    write(f"{out}/host/Cargo.toml", package("ct-host", [dep, 'ct-api = { path = "../api" }']))
    write(f"{out}/plugin/Cargo.toml", package("ct-plugin", [dep, 'ct-api = { path = "../api" }'], '["cdylib"]'))

    imports = "".join(f"    fn h{i}(&mut self, {WB_PARAMS[shape(i)]}) -> {WB_RESULTS[shape(i)]};\n" for i in range(N))
    exports = "".join(f"    fn e{i}({WB_PARAMS[shape(i)]}) -> {WB_RESULTS[shape(i)]};\n" for i in range(N))
    write(
        f"{out}/api/src/lib.rs",
        "//! 50 functions declared once.\n"
        "use wasmbind::{WasmType, host_fn, plugin_export};\n\n"
        "#[derive(WasmType, Clone, Copy, Debug, PartialEq)]\n#[repr(C)]\n"
        "pub struct Point {\n    pub x: i32,\n    pub y: i32,\n}\n\n"
        f'#[host_fn(module = "env")]\npub trait Env {{\n{imports}}}\n\n'
        f"#[plugin_export]\npub trait Api {{\n{exports}}}\n",
    )
    forwards = "".join(
        f"    fn e{i}({WB_PARAMS[shape(i)]}) -> {WB_RESULTS[shape(i)]} {{\n        env::h{i}({ARGS[shape(i)]})\n    }}\n"
        for i in range(N)
    )
    write(
        f"{out}/plugin/src/lib.rs",
        "use ct_api::{Api, Point, env};\nuse wasmbind::plugin_export;\n\npub struct Plugin;\n\n"
        f"#[plugin_export]\nimpl Api for Plugin {{\n{forwards}}}\n",
    )
    impls = "".join(
        f"    fn h{i}(&mut self, {WB_PARAMS[shape(i)]}) -> {WB_RESULTS[shape(i)]} {{\n        {body(i)}\n    }}\n"
        for i in range(N)
    )
    checks = "".join(f"    assert_eq!(plugin.e{i}(&mut store, {inputs(i)[0]})?, {inputs(i)[1]});\n" for i in range(N))
    write(
        f"{out}/host/src/main.rs",
        "use ct_api::{ApiPlugin, Env, Point, env};\n"
        "use wasmbind::host::Handle;\n"
        "use wasmbind::wasmtime::{Engine, Module, Store};\n\n"
        "struct State;\n\n"
        f"impl Env for State {{\n{impls}}}\n\n"
        "fn main() -> Result<(), Box<dyn std::error::Error>> {\n"
        '    let path = std::env::args().nth(1).ok_or("usage: ct-host PLUGIN.wasm")?;\n'
        "    let engine = Engine::new(&wasmbind::host::config())?;\n"
        "    let module = Module::from_file(&engine, path)?;\n"
        "    let mut linker = wasmbind::Linker::new(&engine);\n"
        "    env::add_to_linker(&mut linker, |state: &mut State| state)?;\n"
        "    let mut store = Store::new(&engine, State);\n"
        "    let plugin = ApiPlugin::instantiate(&mut store, (&linker, &module))?;\n"
        f"{checks}"
        '    println!("wasmbind: {} exports called, every result checked", ' + str(N) + ");\n"
        "    Ok(())\n}\n",
    )


# The hand-written plugin: import declarations, wrappers, exports.
HAND_IMPORTS = [
    "fn h{i}(a: u32, b: u32) -> u32;",
    "fn h{i}(ptr: *const u8, len: usize) -> u32;",
    "/// Writes the result into `out` if it fits; returns its length either way.\n"
    "    fn h{i}(ptr: *const u8, len: usize, out: *mut u8, cap: usize) -> usize;",
    "/// Returns the point packed as `y << 32 | x`.\n    fn h{i}(x: i32, y: i32, d: i32) -> i64;",
    "fn h{i}(ptr: *const u8, len: usize, x: f64) -> i32;",
]

HAND_EXPORTS = [
    """#[unsafe(no_mangle)]
pub extern "C" fn e{i}(a: u32, b: u32) -> u32 {{
    // SAFETY: a scalar import.
    unsafe {{ h{i}(a, b) }}
}}
""",
    """/// Takes ownership of the host's block.
#[unsafe(no_mangle)]
pub extern "C" fn e{i}(ptr: *mut u8, len: usize) -> u32 {{
    let s = take_string(ptr, len);
    // SAFETY: the import reads `len` bytes at `ptr`.
    unsafe {{ h{i}(s.as_ptr(), s.len()) }}
}}
""",
    """/// Takes ownership of the host's block, returns `len << 32 | ptr` of the result slot.
#[unsafe(no_mangle)]
pub extern "C" fn e{i}(ptr: *mut u8, len: usize) -> i64 {{
    let s = take_string(ptr, len);
    // SAFETY: the import reads `len` bytes at `ptr` and writes at most `cap` at `out`.
    let result = call_for_string(|out, cap| unsafe {{ h{i}(s.as_ptr(), s.len(), out, cap) }});
    set_result(result)
}}
""",
    """/// Returns the point packed as `y << 32 | x`.
#[unsafe(no_mangle)]
pub extern "C" fn e{i}(x: i32, y: i32, d: i32) -> i64 {{
    // SAFETY: a scalar import.
    unsafe {{ h{i}(x, y, d) }}
}}
""",
    """/// Takes ownership of the host's block.
#[unsafe(no_mangle)]
pub extern "C" fn e{i}(ptr: *mut u8, len: usize, x: f64) -> i32 {{
    let b = take_bytes(ptr, len);
    // SAFETY: the import reads `len` bytes at `ptr`.
    unsafe {{ h{i}(b.as_ptr(), b.len(), x) }}
}}
""",
]

HAND_PLUGIN_HEAD = """//! 50 functions by hand.
#![cfg(target_family = "wasm")]
#![allow(clippy::not_unsafe_ptr_arg_deref)]

use std::alloc::{Layout, alloc, dealloc};
use std::cell::UnsafeCell;

#[unsafe(no_mangle)]
pub extern "C" fn alloc_bytes(len: usize) -> *mut u8 {
    match Layout::from_size_align(len, 4) {
        // SAFETY: non-zero size.
        Ok(layout) if len > 0 => unsafe { alloc(layout) },
        _ => core::ptr::null_mut(),
    }
}

fn take_bytes(ptr: *mut u8, len: usize) -> Vec<u8> {
    if len == 0 {
        return Vec::new();
    }
    // SAFETY: the host allocated `len` bytes with `alloc_bytes`; we own them now.
    let copy = unsafe { core::slice::from_raw_parts(ptr, len) }.to_vec();
    // SAFETY: allocated by `alloc_bytes` with this layout.
    unsafe { dealloc(ptr, Layout::from_size_align_unchecked(len, 4)) };
    copy
}

fn take_string(ptr: *mut u8, len: usize) -> String {
    String::from_utf8(take_bytes(ptr, len)).unwrap_or_else(|_| core::arch::wasm32::unreachable())
}

/// Calls an import that writes a string into a buffer: 256 bytes first, the
/// whole length the second time when it did not fit.
fn call_for_string(call: impl Fn(*mut u8, usize) -> usize) -> String {
    let mut buf = vec![0u8; 256];
    let len = call(buf.as_mut_ptr(), buf.len());
    if len > buf.len() {
        buf.resize(len, 0);
        if call(buf.as_mut_ptr(), buf.len()) != len {
            core::arch::wasm32::unreachable()
        }
    }
    buf.truncate(len);
    String::from_utf8(buf).unwrap_or_else(|_| core::arch::wasm32::unreachable())
}

struct Slot(UnsafeCell<String>);
// SAFETY: single-threaded plugin.
unsafe impl Sync for Slot {}
static RESULT: Slot = Slot(UnsafeCell::new(String::new()));

fn set_result(text: String) -> i64 {
    // SAFETY: single-threaded; the host copies the result before the next call.
    let slot = unsafe { &mut *RESULT.0.get() };
    *slot = text;
    ((slot.len() as i64) << 32) | slot.as_ptr() as i64
}
"""

HAND_HOST_IMPORTS = [
    """    linker.func_wrap("env", "h{i}", |_: Caller<'_, State>, a: u32, b: u32| -> u32 {{ {body} }})?;
""",
    """    linker.func_wrap("env", "h{i}", |caller: Caller<'_, State>, ptr: u32, len: u32| -> Result<u32> {{
        let memory = memory(&caller)?;
        let s = text(memory.data(&caller), ptr, len, "h{i}", "s")?;
        Ok({body})
    }})?;
""",
    """    linker.func_wrap(
        "env",
        "h{i}",
        |mut caller: Caller<'_, State>, ptr: u32, len: u32, out: u32, cap: u32| -> Result<u32> {{
            let memory = memory(&caller)?;
            let s = text(memory.data(&caller), ptr, len, "h{i}", "s")?;
            let value: String = {body};
            if value.len() <= cap as usize {{
                write_at(memory.data_mut(&mut caller), out, value.as_bytes(), "h{i}")?;
            }}
            Ok(value.len() as u32)
        }},
    )?;
""",
    """    linker.func_wrap("env", "h{i}", |_: Caller<'_, State>, x: i32, y: i32, d: i32| -> i64 {{
        let p = Point {{ x, y }};
        pack({body})
    }})?;
""",
    """    linker.func_wrap("env", "h{i}", |caller: Caller<'_, State>, ptr: u32, len: u32, x: f64| -> Result<i32> {{
        let memory = memory(&caller)?;
        let b = bytes(memory.data(&caller), ptr, len, "h{i}", "b")?;
        Ok(i32::from({body}))
    }})?;
""",
]

HAND_HOST_EXPORT_TYPES = ["(u32, u32), u32", "(u32, u32), u32", "(u32, u32), i64", "(i32, i32, i32), i64", "(u32, u32, f64), i32"]

HAND_HOST_METHODS = [
    """    fn e{i}(&mut self, a: u32, b: u32) -> Result<u32> {{
        self.e{i}.call(&mut self.store, (a, b))
    }}
""",
    """    fn e{i}(&mut self, s: &str) -> Result<u32> {{
        let (ptr, len) = self.pass(s.as_bytes())?;
        self.e{i}.call(&mut self.store, (ptr, len))
    }}
""",
    """    fn e{i}(&mut self, s: &str) -> Result<String> {{
        let (ptr, len) = self.pass(s.as_bytes())?;
        let packed = self.e{i}.call(&mut self.store, (ptr, len))? as u64;
        let data = self.memory.data(&self.store);
        Ok(text(data, packed as u32, (packed >> 32) as u32, "e{i}", "result")?.to_owned())
    }}
""",
    """    fn e{i}(&mut self, p: Point, d: i32) -> Result<Point> {{
        let packed = self.e{i}.call(&mut self.store, (p.x, p.y, d))?;
        Ok(Point {{ x: packed as i32, y: (packed >> 32) as i32 }})
    }}
""",
    """    fn e{i}(&mut self, b: &[u8], x: f64) -> Result<bool> {{
        let (ptr, len) = self.pass(b)?;
        match self.e{i}.call(&mut self.store, (ptr, len, x))? {{
            0 => Ok(false),
            1 => Ok(true),
            other => Err(Error::msg(format!("e{i}: result {{other}} is not a bool"))),
        }}
    }}
""",
]

HAND_HOST_HEAD = """//! 50 functions by hand.
use wasmtime::{Caller, Engine, Error, Linker, Memory, Module, Result, Store, TypedFunc};

#[derive(Clone, Copy, Debug, PartialEq)]
struct Point {
    x: i32,
    y: i32,
}

/// The plugin's memory, cached after instantiation.
#[derive(Default)]
struct State {
    memory: Option<Memory>,
}

fn memory(caller: &Caller<'_, State>) -> Result<Memory> {
    caller.data().memory.ok_or_else(|| Error::msg("the plugin has no memory"))
}

fn bytes<'a>(data: &'a [u8], ptr: u32, len: u32, func: &str, arg: &str) -> Result<&'a [u8]> {
    data.get(ptr as usize..)
        .and_then(|rest| rest.get(..len as usize))
        .ok_or_else(|| Error::msg(format!("{func}: argument {arg}: {len} bytes at {ptr} are out of bounds")))
}

fn text<'a>(data: &'a [u8], ptr: u32, len: u32, func: &str, arg: &str) -> Result<&'a str> {
    std::str::from_utf8(bytes(data, ptr, len, func, arg)?)
        .map_err(|e| Error::msg(format!("{func}: argument {arg} is not UTF-8: {e}")))
}

fn write_at(data: &mut [u8], at: u32, value: &[u8], func: &str) -> Result<()> {
    data.get_mut(at as usize..)
        .and_then(|rest| rest.get_mut(..value.len()))
        .ok_or_else(|| Error::msg(format!("{func}: the result area at {at} is out of bounds")))?
        .copy_from_slice(value);
    Ok(())
}

fn pack(p: Point) -> i64 {
    (i64::from(p.y) << 32) | i64::from(p.x as u32)
}
"""


def hand_side(out):
    write(f"{out}/Cargo.toml", WORKSPACE.format(members='"host", "plugin"'))
    write(f"{out}/host/Cargo.toml", package("ct-hand-host", [WASMTIME]))
    write(f"{out}/plugin/Cargo.toml", package("ct-hand-plugin", [], '["cdylib"]'))

    decls = "".join("    " + HAND_IMPORTS[shape(i)].format(i=i) + "\n" for i in range(N))
    exports = "\n".join(HAND_EXPORTS[shape(i)].format(i=i) for i in range(N))
    write(
        f"{out}/plugin/src/lib.rs",
        HAND_PLUGIN_HEAD + f'\n#[link(wasm_import_module = "env")]\nunsafe extern "C" {{\n{decls}}}\n\n' + exports,
    )

    registrations = "".join(HAND_HOST_IMPORTS[shape(i)].format(i=i, body=body(i)) for i in range(N))
    fields = "".join(f"    e{i}: TypedFunc<{HAND_HOST_EXPORT_TYPES[shape(i)]}>,\n" for i in range(N))
    lookups = "".join(f'            e{i}: instance.get_typed_func(&mut store, "e{i}")?,\n' for i in range(N))
    methods = "".join(HAND_HOST_METHODS[shape(i)].format(i=i) for i in range(N))
    checks = "".join(f"    assert_eq!(plugin.e{i}({inputs(i)[0]})?, {inputs(i)[1]});\n" for i in range(N))
    write(
        f"{out}/host/src/main.rs",
        HAND_HOST_HEAD
        + "\nfn linker(engine: &Engine) -> Result<Linker<State>> {\n    let mut linker = Linker::new(engine);\n"
        + registrations
        + "    Ok(linker)\n}\n\n"
        + "/// The plugin's exports, looked up once.\nstruct Plugin {\n    store: Store<State>,\n    memory: Memory,\n"
        + "    alloc: TypedFunc<u32, u32>,\n"
        + fields
        + "}\n\nimpl Plugin {\n"
        + "    fn new(mut store: Store<State>, linker: &Linker<State>, module: &Module) -> Result<Self> {\n"
        + "        let instance = linker.instantiate(&mut store, module)?;\n"
        + '        let memory = instance.get_memory(&mut store, "memory").ok_or_else(|| Error::msg("no memory export"))?;\n'
        + "        store.data_mut().memory = Some(memory);\n"
        + "        Ok(Self {\n"
        + '            alloc: instance.get_typed_func(&mut store, "alloc_bytes")?,\n'
        + lookups
        + "            memory,\n            store,\n        })\n    }\n\n"
        + "    /// Copies `body` into a block of the plugin's allocator.\n"
        + "    fn pass(&mut self, body: &[u8]) -> Result<(u32, u32)> {\n"
        + "        if body.is_empty() {\n            return Ok((0, 0));\n        }\n"
        + "        let len = u32::try_from(body.len())?;\n"
        + "        let ptr = self.alloc.call(&mut self.store, len)?;\n"
        + '        write_at(self.memory.data_mut(&mut self.store), ptr, body, "alloc_bytes")?;\n'
        + "        Ok((ptr, len))\n    }\n\n"
        + methods
        + "}\n\n"
        + "fn main() -> Result<()> {\n"
        + '    let path = std::env::args().nth(1).ok_or_else(|| Error::msg("usage: ct-hand-host PLUGIN.wasm"))?;\n'
        + "    let engine = Engine::default();\n"
        + "    let module = Module::from_file(&engine, path)?;\n"
        + "    let mut plugin = Plugin::new(Store::new(&engine, State::default()), &linker(&engine)?, &module)?;\n"
        + checks
        + '    println!("hand-written: {} exports called, every result checked", '
        + str(N)
        + ");\n    Ok(())\n}\n",
    )


def main():
    out, runtime = sys.argv[1], os.path.abspath(sys.argv[2])
    wasmbind_side(f"{out}/wasmbind", runtime)
    hand_side(f"{out}/hand")


if __name__ == "__main__":
    main()
