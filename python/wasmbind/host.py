"""Loading a wasmbind plugin and calling across its boundary (docs/ABI.md
sections 3 to 7), with the Rust host's checks and messages."""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Callable, Optional, Union

import wasmtime

from .records import MAX_RECORD, MAX_RECORDS, MAX_RECORDS_TOTAL, RECORD_PREFIXES, Record, Signature, compare, spell
from .values import Err, GuestPtr, Ok, Trap
from .wire import Codec, EncodeError, WireError

PANIC_CAPACITY = 1020
# A body result this long or longer is freed in the plugin after it is read
# (`wasmbind_release`, docs/ABI.md section 4).
RELEASE_MIN = 4096
WASI_MODULE = "wasi_snapshot_preview1"
VALTYPES = {"i32": wasmtime.ValType.i32(), "i64": wasmtime.ValType.i64(),
            "f32": wasmtime.ValType.f32(), "f64": wasmtime.ValType.f64()}


class Error(Exception):
    """A call or a load failed; ``str(error)`` is the Rust host's message.

    ``kind`` is one of ``"bad_value"`` (a value from the plugin was refused),
    ``"panic"`` (the plugin panicked; ``location`` and ``message`` are set),
    ``"host_trap"`` (a host function raised :class:`wasmbind.Trap`),
    ``"trap"`` (the plugin trapped; it is unusable afterwards),
    ``"poisoned"`` (a call refused after such a trap) or ``"interface"``
    (the plugin does not match its host; ``differences`` lists why)."""

    def __init__(self, kind: str, text: str, **details: Any) -> None:
        # One line, as the Rust host's `Display` (wasmbind_shared::text):
        # control and bidirectional-formatting characters from the plugin (a
        # newline in a panic message, U+202E) become spaces, and the text is
        # cut to MAX_DEBUG characters.
        super().__init__(_UNSAFE.sub(" ", text[:MAX_DEBUG]))
        self.kind = kind
        self.location = details.get("location")
        self.message = details.get("message")
        self.differences = details.get("differences", [])


_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
MAX_DEBUG = 4 * 4096


def _provide_hint(module: str, name: str) -> str:
    """How a Python host provides an import it lacks."""
    if module == WASI_MODULE:
        return "the plugin was built for wasm32-wasip1: load() gives it WASI unless wasi=False"
    return f"pass load() host={{{module!r}: ...}}, an object with a method {name}"


def _count(n: int, noun: str) -> str:
    """``1 argument``, ``2 arguments``."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _uleb(data: bytes, at: int) -> tuple:
    """The unsigned LEB128 number at ``at`` and the offset after it; at most
    5 bytes (a u32), so a hostile module cannot make it loop."""
    value = 0
    for shift in range(0, 35, 7):
        byte = data[at]  # IndexError past the end: the caller's `except`
        at += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, at
    raise ValueError("LEB128 number longer than 5 bytes")


def module_name(wasm: bytes) -> Optional[str]:
    """The module name in a module's ``name`` custom section (what
    ``cargo wasmbind build`` sets to the package name, and the Rust host
    names a plugin after), or ``None``. Every section is skipped by its
    length, so this reads each byte at most once."""
    at = 8  # magic and version
    try:
        while at < len(wasm):
            section, at = wasm[at], at + 1
            size, at = _uleb(wasm, at)
            end = at + size
            if section == 0:
                length, body = _uleb(wasm, at)
                if wasm[body:body + length] == b"name":
                    sub = body + length
                    while sub < end:
                        kind, sub = wasm[sub], sub + 1
                        sub_size, sub = _uleb(wasm, sub)
                        if kind == 0:
                            name_len, text = _uleb(wasm, sub)
                            if text + name_len <= sub + sub_size:
                                return wasm[text:text + name_len].decode("utf-8")
                            return None
                        sub += sub_size
            at = end
    except (IndexError, ValueError, UnicodeDecodeError):
        return None
    return None


def _one_line(lines: list, prefix: str = "") -> str:
    """Differences as the Rust host's `Display` writes them: one, or a count and all of them."""
    if len(lines) == 1:
        return f"{prefix}{lines[0]}"
    return f"{prefix}{len(lines)} interface differences: " + "; ".join(lines)


class _Checks:
    """What :func:`load` compares a plugin's exports with, and by which rule."""

    def __init__(self, expect: list, exact: bool, optional: frozenset) -> None:
        self.expect, self.exact, self.optional = expect, exact, optional


class _Region(Exception):
    """A fault at a memory region; the caller names the site."""


def load(wasm: Union[str, Path, bytes], host: Optional[dict] = None, *, name: Optional[str] = None,
         wasi: Union[bool, wasmtime.WasiConfig, None] = None, expect: Optional[list] = None,
         exact: bool = False, optional: Iterable[str] = (), engine: Optional[wasmtime.Engine] = None) -> Plugin:
    """Loads a plugin and checks its interface.

    - ``wasm``: the path of a ``.wasm`` file, or its bytes;
    - ``host``: per import module, an object whose methods implement that
      module's functions (``{"env": MyEnv()}``); each method takes the
      arguments as Python values and returns the result;
    - ``name``: the plugin's name in every message (default: the module name
      its ``name`` section gives, as the Rust host does, which
      ``cargo wasmbind build`` sets to the package name; else the file's stem);
    - ``wasi``: a ``wasmtime.WasiConfig``, or ``True`` for one that inherits
      stdout and stderr (the default when the plugin imports WASI);
    - ``expect``: interface records (``Record`` or record text) the host
      expects the plugin to export, compared as the Rust host compares a
      generated handle's;
    - ``exact``: refuse a plugin that exports functions of an expected
      record the host does not declare (by default they are accepted and
      listed in ``plugin.extra_exports``, the Rust host's
      ``Compatibility::Compatible``);
    - ``optional``: functions of the expected records a plugin may lack
      (listed in ``plugin.absent_exports``), as ``#[optional]`` in Rust.

    Raises :class:`Error` of kind ``"interface"`` listing every difference.
    """
    stem = None
    if isinstance(wasm, (str, Path)):
        stem = Path(wasm).stem
        wasm = Path(wasm).read_bytes()
    name = name or module_name(wasm) or stem or "plugin"
    checks = _Checks(expect or [], exact, frozenset(optional))
    return Plugin(wasm, host or {}, name, wasi, checks, engine or wasmtime.Engine())


def read_records(wasm: Union[str, Path, bytes]) -> list:
    """The interface records of a plugin, read without calling any of its
    functions (its imports are stubs that trap; a start function, which
    wasmbind plugins do not have, would still run)."""
    if isinstance(wasm, (str, Path)):
        wasm = Path(wasm).read_bytes()
    engine = wasmtime.Engine()
    module = wasmtime.Module(engine, wasm)
    store = wasmtime.Store(engine)
    linker = wasmtime.Linker(engine)
    linker.define_unknown_imports_as_traps(module)
    records, problems = _records(store, linker.instantiate(store, module))
    if problems:
        raise Error("interface", _one_line(problems), differences=problems)
    return records


def _records(store: Any, instance: wasmtime.Instance) -> tuple:
    """The plugin's records under the Rust host's budget (RecordReader): at
    most MAX_RECORDS exports, MAX_RECORD bytes each, MAX_RECORDS_TOTAL bytes
    together, a record at an address already read not read again."""
    exports = instance.exports(store)
    memory = exports.get("memory")
    records, problems, seen, count, total = [], [], set(), 0, 0
    for name in exports:
        if not name.startswith(RECORD_PREFIXES):
            continue
        count += 1
        if count > MAX_RECORDS:
            problems.append(f"more than {MAX_RECORDS} records: the rest are not read")
            break
        glob = exports[name]
        name = name[:256] + (f"... ({len(name) - 256} more bytes)" if len(name) > 256 else "")
        value = glob.value(store) if isinstance(glob, wasmtime.Global) else None
        if not isinstance(value, int) or not isinstance(memory, wasmtime.Memory):
            problems.append(f"record {name} is not an i32 address")
            continue
        addr = value & 0xFFFFFFFF
        if addr in seen:
            problems.append(f"record {name} is at {addr:#x}, as another record is")
            continue
        seen.add(addr)
        length = _read(store, memory, addr, 4)
        if length is None:
            problems.append(f"record {name} at {addr:#x} is unreadable")
            continue
        length = int.from_bytes(length, "little")
        if length > MAX_RECORD:
            problems.append(f"record {name} at {addr:#x} is longer than {MAX_RECORD} bytes")
            continue
        total += length
        if total > MAX_RECORDS_TOTAL:
            problems.append(f"record {name} at {addr:#x} is past the {MAX_RECORDS_TOTAL} bytes all records may take together")
            continue
        text = _read(store, memory, addr + 4, length)
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError:
            problems.append(f"record {name} at {addr:#x} is not UTF-8")
            continue
        except TypeError:
            problems.append(f"record {name} at {addr:#x} is unreadable")
            continue
        try:
            records.append(Record.parse(text))
        except (ValueError, TypeError, AttributeError):
            problems.append(f"record {name} at {addr:#x} is unreadable")
    return records, problems


def _read(store: Any, memory: wasmtime.Memory, addr: int, length: int) -> Optional[bytes]:
    if addr + length > memory.data_len(store):
        return None
    return memory.read(store, addr, addr + length)


def _length_prefixed(store: Any, memory: wasmtime.Memory, addr: int, cap: int) -> Optional[bytes]:
    length = _read(store, memory, addr, 4)
    if length is None:
        return None
    return _read(store, memory, addr + 4, min(int.from_bytes(length, "little"), cap))


class Plugin:
    """A loaded plugin: its exports are methods (``plugin.greet("Ada")``).

    ``types`` holds a Python class per struct and enum its records define
    (``plugin.types.Point(x=1, y=2)``, ``plugin.types.Shape.Circle(radius=2.0)``);
    ``records`` its interface records; ``exports`` the signature of every
    export its records describe."""

    def __init__(self, wasm: bytes, host: dict, name: str, wasi: Any, checks: _Checks, engine: wasmtime.Engine):
        self.name = name
        self._host = host
        self._classes: dict = {}
        self.store = wasmtime.Store(engine)
        module = wasmtime.Module(engine, wasm)
        linker = wasmtime.Linker(engine)
        imports = [i for i in module.imports if isinstance(i.type, wasmtime.FuncType)]
        with_wasi = any(i.module == WASI_MODULE for i in imports) and wasi is not False
        if with_wasi:
            linker.define_wasi()
            if not isinstance(wasi, wasmtime.WasiConfig):
                wasi = wasmtime.WasiConfig()
                wasi.inherit_stdout()
                wasi.inherit_stderr()
            self.store.set_wasi(wasi)
        missing = [f"imports {i.module}::{i.name}, which the host does not provide ({_provide_hint(i.module, i.name)})"
                   for i in imports
                   if not (with_wasi if i.module == WASI_MODULE else callable(getattr(host.get(i.module), i.name, None)))]
        if missing:
            raise self._interface(missing)
        self._imports: dict = {}
        for i in imports:
            if i.module != WASI_MODULE:
                linker.define_func(i.module, i.name, i.type, self._host_function(i.module, i.name), access_caller=True)
        self.instance = linker.instantiate(self.store, module)
        exports = self.instance.exports(self.store)
        self._memory = exports.get("memory")
        self._alloc = exports.get("wasmbind_alloc")
        self._panic = exports.get("wasmbind_panic")
        self._sp = exports.get("__stack_pointer")
        self._has_init = exports.get("wasmbind_init") is not None
        self._release = exports.get("wasmbind_release")
        self._poisoned: Optional[str] = None
        self._calling = ""

        self.records, problems = _records(self.store, self.instance)
        expected = [r if isinstance(r, Record) else Record.parse(r) for r in checks.expect]
        #: Exports beyond the expected records, which the default rule accepted.
        self.extra_exports: list = []
        #: Optional exports of the expected records the plugin does not have.
        self.absent_exports: list = []
        for line, kind, fname in compare(self.records, expected):
            if kind == "missing" and fname in checks.optional:
                self.absent_exports.append(fname)
            elif kind == "extra" and not checks.exact:
                self.extra_exports.append(fname)
            else:
                problems.append(line)
        self.exports: dict = {}
        # The wasm export of each: an impl declared `#[plugin_export(namespace)]`
        # exports its trait's functions as `{Trait}.{name}` (docs/ABI.md section 4).
        self._wasm_names: dict = {}
        wasm_exports = {e.name for e in module.exports}
        for record in self.records:
            try:
                codec = Codec(record.types, self._classes)
            except (TypeError, ValueError) as e:  # duplicate fields, types nested without end
                problems.append(f"record {record.export_name}: its type lines cannot be used: {e}")
                continue
            for fname, sig_text in record.functions:
                sig = _signature(sig_text)
                if sig is None:
                    problems.append(f"record {record.export_name}: function {fname} has an unreadable signature")
                elif record.kind in ("exports", "export"):
                    qualified = f"{record.name}.{fname}" if record.kind == "exports" else fname
                    wasm_name = qualified if qualified in wasm_exports else fname
                    for key in dict.fromkeys((fname, qualified)):  # `describe`, `Labels.describe`
                        # The plain name is the function exported under it, if any.
                        taken = self._wasm_names.get(key)
                        if taken is None or (taken != key and wasm_name == key):
                            self.exports[key] = (sig, codec)
                            self._wasm_names[key] = wasm_name
                elif record.module is not None and (record.module, fname) not in self._imports:
                    self._imports[(record.module, fname)] = (sig, codec)
        problems += self._core_differences(module, host)
        if problems:
            raise self._interface(problems)
        self.types = Types(self._classes)
        if self._has_init:
            exports["wasmbind_init"](self.store)

    # -- checks at load ------------------------------------------------------

    def _interface(self, lines: list) -> Error:
        return Error("interface", _one_line(lines, f"plugin {self.name}: "), differences=lines)

    def _core_differences(self, module: wasmtime.Module, host: dict) -> list:
        """Records that lie about the core signatures, and host methods that
        cannot take the arguments a record lists."""
        lines = []
        actual = {e.name: e.type for e in module.exports if isinstance(e.type, wasmtime.FuncType)}
        checked = set()  # `Calc.greet` and `greet` may name one export
        for fname, (sig, _) in self.exports.items():
            core, wasm_name = _export_core(sig), self._wasm_names[fname]
            if wasm_name in checked:
                continue
            checked.add(wasm_name)
            if wasm_name not in actual:
                lines.append(f"export {fname}: the record lists {sig}, which the plugin does not export")
            elif _types(actual[wasm_name]) != core:
                lines.append(f"export {fname}: the record says {sig}, whose core signature is {_show(core)}, "
                             f"but the plugin exports {_show(_types(actual[wasm_name]))}")
        for i in module.imports:
            if not isinstance(i.type, wasmtime.FuncType) or i.module == WASI_MODULE:
                continue
            found = self._imports.get((i.module, i.name))
            if found is None:
                lines.append(f"import {i.module}::{i.name}: the plugin's records do not describe it")
                continue
            sig, _ = found
            core = _import_core(sig)
            if _types(i.type) != core:
                lines.append(f"import {i.module}::{i.name}: the record says {sig}, whose core signature is "
                             f"{_show(core)}, but the plugin imports {_show(_types(i.type))}")
            method = getattr(host.get(i.module), i.name)
            try:
                inspect.signature(method).bind(*sig.params)
            except TypeError:
                lines.append(f"import {i.module}::{i.name}: the plugin passes {_count(len(sig.params), 'argument')} ({sig}), "
                             f"which the host's {i.name}{inspect.signature(method)} cannot take")
            except ValueError:
                pass  # a builtin without a signature: called as it is
        return lines

    # -- calls into the plugin -----------------------------------------------

    def __getattr__(self, name: str) -> Callable[..., Any]:
        if name.startswith("_") or name not in self.__dict__.get("exports", {}):
            raise AttributeError(f"plugin {self.__dict__.get('name')} has no export {name!r}")
        return lambda *args: self.call(name, *args)

    def __dir__(self) -> list:
        return [*super().__dir__(), *self.exports]

    def call(self, export: str, *args: Any) -> Any:
        """Calls ``export`` with Python values; returns its result's value."""
        if export not in self.exports:
            raise AttributeError(f"plugin {self.name} has no export {export!r}")
        sig, codec = self.exports[export]
        if len(args) != len(sig.params):
            raise TypeError(f"plugin {self.name}: {export} takes {_count(len(sig.params), 'argument')} ({sig}), "
                            f"{len(args)} given")
        if self._poisoned is not None:
            raise Error("poisoned", f"plugin {self.name}: {export}: not called: an earlier trap left the plugin "
                                    f"unusable ({self._poisoned}); instantiate it again")
        store, cores = self.store, []
        for i, (ty, value) in enumerate(zip(sig.params, args)):
            try:
                cores.append(self._lower_arg(store, codec, ty, value))
            except EncodeError as e:
                raise TypeError(f"plugin {self.name}: {export}: argument {i}: {e}") from None
            except _Region as e:
                raise Error("bad_value", f"plugin {self.name}: {export}: argument {i}: {e}") from None
        sp = self._sp.value(store) if self._sp is not None else None
        self._calling = export
        try:
            core = self.instance.exports(store)[self._wasm_names[export]](store, *cores)
        except wasmtime.Trap as trap:
            panic = self._take_panic(store)
            if panic is None:
                self._poisoned = _cause(trap)
                raise Error("trap", f"plugin {self.name}: {export}: {self._poisoned}") from None
            self._repair(store, sp)
            location, _, message = panic.partition("\n")
            raise Error("panic", f"plugin {self.name} panicked in {export} at {location}: {message}",
                        location=location, message=message) from None
        except BaseException:
            self._repair(store, sp)
            raise
        finally:
            self._calling = ""
        if sig.result is None:
            return None
        try:
            value = self._lift(store, codec, sig.result, core)
        except (WireError, _Region) as e:
            raise Error("bad_value", f"plugin {self.name}: {export}: result: {e}") from None
        self._released(store, codec, sig.result, core)
        return value

    def _released(self, store: Any, codec: Codec, ty: tuple, core: Any) -> None:
        """Frees a body result of RELEASE_MIN bytes or more in the plugin, once read."""
        if self._release is None or _body_len(codec, ty, core) < RELEASE_MIN:
            return
        try:
            self._release(store)
        except wasmtime.Trap as trap:
            self._poisoned = _cause(trap)
            raise Error("trap", f"plugin {self.name}: wasmbind_release: {self._poisoned}") from None

    def _lower_arg(self, store: Any, codec: Codec, ty: tuple, value: Any) -> Any:
        kind, core = _lower(codec, ty, value)
        if kind != "memory":
            return core
        if not core:
            return 1
        ptr = self._allocate(store, len(core))
        self._memory.write(store, core, ptr)
        return _signed64(len(core) << 32 | ptr)

    def _allocate(self, store: Any, size: int) -> int:
        if self._alloc is None:
            raise _Region("the plugin does not export `wasmbind_alloc`")
        try:
            ptr = self._alloc(store, size, 1) & 0xFFFFFFFF
        except wasmtime.Trap as trap:
            raise _Region(f"allocator wasmbind_alloc({size}, 1) trapped: {_cause(trap)}") from None
        if ptr == 0:
            raise _Region(f"allocator wasmbind_alloc({size}, 1) returned 0: the allocation failed")
        try:
            self._bounds(store, ptr, size)
        except _Region as e:
            raise _Region(f"allocator wasmbind_alloc({size}, 1) returned {ptr}: {e}") from None
        return ptr

    def _lift(self, store: Any, codec: Codec, ty: tuple, core: Any) -> Any:
        if codec.core_type(ty) != "i64" or ty[0] in ("i64", "u64", "resource"):
            return codec.from_core(ty, core)
        if codec.inline(ty):
            return codec.from_inline(ty, core)
        ptr, length = core & 0xFFFFFFFF, (core >> 32) & 0xFFFFFFFF
        return codec.decode(ty, self._read(store, ptr, length))

    def _bounds(self, store: Any, ptr: int, length: int) -> None:
        size = self._memory.data_len(store) if self._memory is not None else 0
        if ptr + length > size:
            raise _Region(f"bytes {ptr}..{ptr + length} are out of bounds of memory ({size} bytes)")

    def _read(self, store: Any, ptr: int, length: int) -> bytes:
        self._bounds(store, ptr, length)
        return bytes(self._memory.read(store, ptr, ptr + length)) if length else b""

    def _take_panic(self, store: Any) -> Optional[str]:
        if self._panic is None or self._memory is None:
            return None
        addr = self._panic.value(store) & 0xFFFFFFFF
        text = _length_prefixed(store, self._memory, addr, PANIC_CAPACITY)
        if not text:
            return None
        self._memory.write(store, b"\0\0\0\0", addr)
        return bytes(text).decode("utf-8", "replace")

    def _repair(self, store: Any, sp: Optional[int]) -> None:
        """After a trap at a boundary: the stack pointer back where the call
        began, or, if it cannot be, the plugin poisoned (docs/ABI.md section 3)."""
        if sp is not None:
            self._sp.set_value(store, sp)
        elif self._has_init:
            self._poisoned = "its stack pointer cannot be restored"

    # -- typed pointers ------------------------------------------------------

    def read(self, ptr: GuestPtr) -> Any:
        """The value a ``GuestPtr`` points at, checking bounds, alignment and the value."""
        codec, body = self._pointee(ptr, "GuestPtr::read")
        try:
            return codec.decode(ptr.ty, body)
        except WireError as e:
            raise self._pointer_error(ptr, "GuestPtr::read", e) from None

    def write(self, ptr: GuestPtr, value: Any) -> None:
        """Writes ``value`` where a ``GuestPtr`` points, checking bounds and alignment."""
        codec, _ = self._pointee(ptr, "GuestPtr::write")
        self._memory.write(self.store, codec.encode(ptr.ty, value), ptr.address)

    def _pointee(self, ptr: GuestPtr, what: str) -> tuple:
        codec = ptr.codec
        size, align = codec.fixed_size(ptr.ty) or 0, _align(codec, ptr.ty)
        if ptr.address % align:
            raise self._pointer_error(ptr, what, f"pointer {ptr.address} is not aligned to {align} bytes")
        try:
            return codec, self._read(self.store, ptr.address, size)
        except _Region as e:
            raise self._pointer_error(ptr, what, e) from None

    def _pointer_error(self, ptr: GuestPtr, what: str, fault: Any) -> Error:
        return Error("bad_value", f"plugin {self.name}: {what}: pointer {ptr.address:#x} to {spell(ptr.ty)}: {fault}")

    # -- calls from the plugin -----------------------------------------------

    def _host_function(self, module: str, fname: str) -> Callable[..., Any]:
        host_name = f"{module}::{fname}"

        def call(caller: wasmtime.Caller, *core: Any) -> Any:
            if (module, fname) not in self._imports:  # a start function, before the records were read
                raise Error("bad_value", f"plugin {self.name}: {host_name}: called before the plugin was loaded")
            sig, codec = self._imports[(module, fname)]
            method = getattr(self._host[module], fname)
            names = _param_names(method, len(sig.params))
            args = []
            for name, ty, value in zip(names, sig.params, core):
                try:
                    args.append(self._lift(caller, codec, ty, value))
                except (WireError, _Region) as e:
                    raise Error("bad_value", f"plugin {self.name}: {host_name}: argument {name}: {e}") from None
            result = sig.result
            traps = result is not None and result[0] == "result" and result[2] == ("Trap",)
            try:
                value = method(*args)
            except Trap as trap:
                raise Error("host_trap", f"plugin {self.name}: {self._calling}: host function {host_name} "
                                         f"stopped the plugin: {trap}") from None
            if traps:
                if isinstance(value, Err):
                    raise Error("host_trap", f"plugin {self.name}: {self._calling}: host function {host_name} "
                                             f"stopped the plugin: {value.error}")
                value, result = (value.value if isinstance(value, Ok) else value), result[1]
            if result is None or result == ("()",):
                return None
            try:
                kind, out = _lower(codec, result, value)
            except EncodeError as e:
                raise TypeError(f"host function {host_name} returned a value that is not a {spell(result)}: {e}") \
                    from None
            if kind != "memory":
                return out
            return self._place_result(caller, host_name, out, core[len(sig.params)])

        return call

    def _place_result(self, caller: wasmtime.Caller, host_name: str, body: bytes, out: int) -> int:
        """Writes an import's result body into the plugin's result area, or a
        block from its allocator when it does not fit (section 5)."""
        ptr, capacity = out & 0xFFFFFFFF, (out >> 32) & 0xFFFFFFFF
        try:
            if len(body) > capacity:
                ptr = self._allocate(caller, len(body))
            self._bounds(caller, ptr, len(body))
        except _Region as e:
            raise Error("bad_value", f"plugin {self.name}: {host_name}: result: {e}") from None
        if body:
            self._memory.write(caller, body, ptr)
        return _signed64(len(body) << 32 | ptr)


def _lower(codec: Codec, ty: tuple, value: Any) -> tuple:
    """How ``value`` travels as a whole argument or result: ("scalar", core),
    ("inline", i64) or ("memory", body)."""
    core = codec.core_type(ty)
    if core in ("f32", "f64"):
        codec.encode(ty, value)  # checks the value
        return "scalar", float(value)
    if core == "i32" or ty[0] in ("i64", "u64", "resource"):
        body = codec.encode(ty, value)
        raw = int.from_bytes(body, "little")
        return "scalar", (_signed64(raw) if len(body) == 8 else _signed32(raw))
    body = codec.encode(ty, value)
    if codec.inline(ty):
        return "inline", _signed64(int.from_bytes(body, "little"))
    return "memory", body


def _cause(trap: wasmtime.Trap) -> str:
    """A trap in one line: its cause, without the wasm backtrace."""
    lines = [line.strip() for line in (trap.message or "").splitlines() if line.strip()]
    return lines[-1] if lines else "trap"


def _signature(text: str) -> Optional[Signature]:
    try:
        return Signature.parse(text)
    except ValueError:
        return None


def _export_core(sig: Signature) -> tuple:
    return tuple(Codec.core_type(p) for p in sig.params), _results(sig.result)


def _import_core(sig: Signature) -> tuple:
    params = [Codec.core_type(p) for p in sig.params]
    if sig.result is not None:
        params.append("i64")
    result = sig.result
    if result is not None and result[0] == "result" and result[2] == ("Trap",):
        result = result[1]
    return tuple(params + ["i64"]), _results(result)


def _body_len(codec: Codec, ty: tuple, core: Any) -> int:
    """The length of the body a result's core value points at; 0 for one that
    travels in the core value itself."""
    if codec.core_type(ty) != "i64" or ty[0] in ("i64", "u64", "resource") or codec.inline(ty):
        return 0
    return (core >> 32) & 0xFFFFFFFF


def _results(ty: Optional[tuple]) -> tuple:
    core = Codec.core_type(ty)
    return () if core is None else (core,)


def _types(func: wasmtime.FuncType) -> tuple:
    return tuple(str(t) for t in func.params), tuple(str(t) for t in func.results)


def _show(core: tuple) -> str:
    params, results = core
    return f"({', '.join(params)})" + (f" -> {results[0]}" if results else "")


def _param_names(method: Callable[..., Any], count: int) -> list:
    try:
        names = list(inspect.signature(method).parameters)
    except (TypeError, ValueError):
        names = []
    return (names + [str(i) for i in range(len(names), count)])[:count]


def _align(codec: Codec, ty: tuple) -> int:
    form = ty[0]
    if form in ("bool", "i8", "u8"):
        return 1
    if form in ("i16", "u16"):
        return 2
    if form in ("i32", "u32", "f32", "char", "guest_ptr"):
        return 4
    if form in ("i64", "u64", "f64", "resource"):
        return 8
    if form in ("array", "box"):
        return _align(codec, ty[1])
    if form == "tuple":
        return max([_align(codec, t) for t in ty[1]], default=1)
    if form == "named":
        d = codec.defs[ty]
        types = [t for _, t in d.fields[1]] if d.fields[0] == "named" else list(d.fields[1]) \
            if d.fields[0] == "tuple" else []
        return max([_align(codec, t) for t in types], default=1)
    return 1


class Types:
    """The Python classes of a plugin's structs and enums, by name:
    ``types.Point``, ``types["Pair<Level>"]``."""

    def __init__(self, classes: dict) -> None:
        self._by_name = {spell(d.ty): cls for d, cls in classes.values()}

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["_by_name"][name]
        except KeyError:
            raise AttributeError(f"the plugin's records define no type {name}") from None

    def __getitem__(self, name: str) -> Any:
        return self._by_name[name]

    def __iter__(self) -> Any:
        return iter(self._by_name)


def _signed32(v: int) -> int:
    v &= 0xFFFFFFFF
    return v - (1 << 32) if v >> 31 else v


def _signed64(v: int) -> int:
    v &= 0xFFFFFFFFFFFFFFFF
    return v - (1 << 64) if v >> 63 else v
