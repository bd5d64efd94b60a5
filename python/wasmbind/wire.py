"""The wire encoding (docs/ABI.md sections 1 and 2), with the Rust
runtime's checks and its error messages, and the JSON convention of
section 11.

A :class:`Codec` holds the type lines of one plugin (the structs and enums
its records define) and the Python classes made from them.
"""

from __future__ import annotations

import dataclasses
import enum
import keyword
import struct
from typing import Any, Optional

from .records import TypeDef, flags_size, spell
from .values import Err, GuestPtr, Ok, Some

MAX_DEPTH = 128
MAX_ALLOC = 64 << 20
# What decoded values cost in CPython's memory, charged before each is made
# so that a body cannot make the host hold more than MAX_ALLOC: every value
# (an int, a float, an instance's header), each reference a list, tuple or
# instance holds, each dict entry, and a str's or bytes' contents.
VALUE_COST = 32
SLOT_COST = 8
ENTRY_COST = 64

INTS = {"i8": (1, True), "u8": (1, False), "i16": (2, True), "u16": (2, False),
        "i32": (4, True), "u32": (4, False), "i64": (8, True), "u64": (8, False)}
FIXED = {"bool": 1, "char": 4, "f32": 4, "f64": 8, "()": 0, "guest_ptr": 4, "resource": 8,
         **{name: size for name, (size, _) in INTS.items()}}
CORE_I32 = {"bool", "i8", "u8", "i16", "u16", "i32", "u32", "char", "guest_ptr"}
CORE_I64 = {"i64", "u64", "resource"}


class WireError(ValueError):
    """A body did not decode; the message is the Rust runtime's."""


class EncodeError(ValueError):
    """A Python value cannot be encoded as the expected type."""


class _Budget:
    def __init__(self) -> None:
        self.depth, self.alloc = MAX_DEPTH, MAX_ALLOC

    def enter(self) -> None:
        if self.depth == 0:
            raise WireError(f"values nest deeper than {MAX_DEPTH} levels (the nesting limit)")
        self.depth -= 1

    def leave(self) -> None:
        self.depth = min(self.depth + 1, MAX_DEPTH)

    def charge(self, n: int) -> None:
        if n > self.alloc:
            raise WireError(f"decoding takes more than {MAX_ALLOC} bytes of memory (the per-call allocation budget)")
        self.alloc -= n


class _Reader:
    def __init__(self, data: bytes, budget: _Budget, nested: bool = False) -> None:
        if nested:
            budget.enter()
        self.data, self.at, self.budget, self.nested = data, 0, budget, nested

    def take(self, n: int) -> bytes:
        left = len(self.data) - self.at
        if n > left:
            raise WireError(f"encoding is truncated: needs {n} bytes at offset {self.at}, {left} left")
        self.at += n
        return self.data[self.at - n:self.at]

    def empty(self) -> bool:
        return self.at == len(self.data)

    def finish_extensible(self) -> None:
        """Leaves the level, skipping the fields of a newer version of an
        extensible struct."""
        if self.nested:
            self.budget.leave()

    def finish(self) -> None:
        left = len(self.data) - self.at
        if left:
            raise WireError(f"{left} unexpected bytes after the value")
        if self.nested:
            self.budget.leave()


def _tag(name: str, tag: int) -> WireError:
    return WireError(f"tag {tag} is not valid for {name}")


class Codec:
    """Encodes and decodes the types of one plugin's records."""

    def __init__(self, defs: list, classes: Optional[dict] = None) -> None:
        """``classes`` (type line -> (definition, class)) shares the Python
        classes between the codecs of one plugin's records."""
        shared = {} if classes is None else classes
        self.defs: dict = {}
        self.classes: dict = {}
        self._fixed: dict = {}
        for d in defs:
            self.defs.setdefault(d.ty, d)
        for d in self.defs.values():
            key = str(d)
            if key not in shared:
                shared[key] = (d, _make_class(d))
            self.classes[d.ty] = shared[key][1]
        try:
            for ty in self.defs:
                self.fixed_size(ty)
        except RecursionError:
            raise ValueError("its types nest too deeply") from None

    # -- sizes -------------------------------------------------------------

    def fixed_size(self, ty: tuple) -> Optional[int]:
        """The body size when every value of ``ty`` has the same size, else None."""
        key = ty
        if key in self._fixed:
            return self._fixed[key]
        self._fixed[key] = None  # a type that contains itself is variable-size
        form = ty[0]
        if form in FIXED:
            size = FIXED[form]
        elif form == "box":
            size = self.fixed_size(ty[1])
        elif form == "array":
            inner = self.fixed_size(ty[1])
            size = None if inner is None else inner * ty[2]
        elif form == "tuple":
            size = _sum([self.fixed_size(t) for t in ty[1]])
        elif form == "named":
            d = self._def(ty)
            if d.kind == "enum":
                size = 4 if all(f[0] == "unit" for _, f in d.variants) else None
            elif d.kind == "flags":
                size = flags_size(len(d.flags))
            elif d.required is not None:
                size = None  # extensible: always variable-size
            else:
                size = _sum([self.fixed_size(t) for t in _field_types(d.fields)])
        else:
            size = None
        self._fixed[key] = size
        return size

    def inline(self, ty: tuple) -> bool:
        """True when ``ty`` travels inside its i64 core value (section 1)."""
        size = self.fixed_size(ty)
        return ty[0] not in CORE_I32 | CORE_I64 | {"f32", "f64", "()"} and size is not None and size <= 8

    @staticmethod
    def core_type(ty: Optional[tuple]) -> Optional[str]:
        """The core value type of ``ty`` as a whole argument or result."""
        if ty is None or ty == ("()",):
            return None
        if ty[0] in CORE_I32:
            return "i32"
        if ty[0] in ("f32", "f64"):
            return ty[0]
        return "i64"

    def _def(self, ty: tuple) -> TypeDef:
        d = self.defs.get(ty)
        if d is None:
            raise WireError(f"the plugin's records do not define {spell(ty)}")
        return d

    # -- decoding ----------------------------------------------------------

    def decode(self, ty: tuple, data: bytes, budget: Optional[_Budget] = None) -> Any:
        """Decodes a body that spans exactly ``data``."""
        try:
            return self._decode(ty, bytes(data), budget or _Budget())
        except RecursionError:  # types that add no level (Option, tuples) nested many times per level
            raise WireError("values nest deeper than the Python host's stack allows") from None

    def _decode(self, ty: tuple, data: bytes, budget: _Budget) -> Any:
        form = ty[0]
        budget.charge(VALUE_COST)
        if form in FIXED and form != "()":
            size = FIXED[form]
            if len(data) != size:
                raise WireError(f"expected {size} bytes, found {len(data)}")
            if form in ("f32", "f64"):
                return struct.unpack("<f" if form == "f32" else "<d", data)[0]
            return self.from_core(ty, int.from_bytes(data, "little"))
        if form in ("String", "&str"):
            budget.charge(len(data))
            try:
                return data.decode("utf-8")
            except UnicodeDecodeError as e:
                raise WireError(f"invalid UTF-8 after byte {e.start}") from None
        if form == "()":
            _Reader(data, budget).finish()
            return None
        if form in ("vec", "slice"):
            return self._decode_seq(ty[1], data, budget)
        if form in ("option", "result"):
            r = _Reader(data, budget)
            tag = r.take(1)[0]
            if form == "option":
                if tag > 1:
                    raise _tag("Option", tag)
                value = None if tag == 0 else _some(ty[1], self._nested(ty[1], r))
            else:
                if tag > 1:
                    raise _tag("Result", tag)
                value = Ok(self._nested(ty[1], r)) if tag == 0 else Err(self._nested(ty[2], r))
            r.finish()
            return value
        if form == "box":
            return self._decode(ty[1], data, budget)
        if form in ("tuple", "array"):
            r = _Reader(data, budget)
            items = ty[1] if form == "tuple" else (ty[1] for _ in range(ty[2]))
            values = [self._nested(t, r) for t in items]
            r.finish()
            return tuple(values) if form == "tuple" else values
        if form in ("hash_map", "btree_map"):
            r = _Reader(data, budget, nested=True)
            out: dict = {}
            while not r.empty():
                budget.charge(ENTRY_COST)
                start = r.at
                key, value = self._nested(ty[1], r), self._nested(ty[2], r)
                if r.at == start:
                    raise WireError(f"{len(r.data) - start} unexpected bytes after the value")
                key = _hashable(key)
                if key in out:
                    raise WireError("a map holds the same key twice")
                out[key] = value
            r.finish()
            return out
        if form == "named":
            return self._decode_named(ty, data, budget)
        raise WireError(f"{spell(ty)} does not cross as a value")

    def _nested(self, ty: tuple, r: _Reader) -> Any:
        size = self.fixed_size(ty)
        if size is None:
            size = int.from_bytes(r.take(4), "little")
        return self._decode(ty, r.take(size), r.budget)

    def _decode_seq(self, elem: tuple, data: bytes, budget: _Budget) -> Any:
        size = self.fixed_size(elem)
        if elem == ("u8",):
            budget.charge(len(data))
            return data
        if size:
            if len(data) % size:
                raise WireError(f"length {len(data)} is not a multiple of the element size {size}")
            budget.charge(len(data) // size * SLOT_COST)
            return [self._decode(elem, data[i:i + size], budget) for i in range(0, len(data), size)]
        r = _Reader(data, budget, nested=True)
        items = []
        while not r.empty():
            budget.charge(SLOT_COST)
            start = r.at
            items.append(self._nested(elem, r))
            if r.at == start:
                raise WireError(f"{len(r.data) - start} unexpected bytes after the value")
        r.finish()
        return items

    def _decode_named(self, ty: tuple, data: bytes, budget: _Budget) -> Any:
        d, cls = self._def(ty), self.classes[ty]
        if d.kind == "flags":
            size = flags_size(len(d.flags))
            if len(data) != size:
                raise WireError(f"expected {size} bytes, found {len(data)}")
            bits = int.from_bytes(data, "little")
            if bits >> len(d.flags):
                raise WireError(f"flags {bits:#x} set a bit that names no flag of {ty[1]}")
            return cls(bits)
        r = _Reader(data, budget, nested=True)
        budget.charge(SLOT_COST * len(d.fields if d.kind == "struct" else d.variants))
        if d.kind == "struct" and d.required is not None:
            # Optional fields an older writer did not send are None; fields a
            # newer writer added are skipped.
            types = _field_types(d.fields)
            value = cls(*[self._nested(t, r) if i < d.required or not r.empty() else None
                          for i, t in enumerate(types)])
            r.finish_extensible()
            return value
        if d.kind == "struct":
            value = cls(*[self._nested(t, r) for t in _field_types(d.fields)])
        else:
            tag = int.from_bytes(r.take(4), "little")
            if tag >= len(d.variants):
                raise _tag(ty[1], tag)
            name, fields = d.variants[tag]
            if isinstance(cls, type) and issubclass(cls, enum.Enum):
                value = cls[name]
            else:
                value = getattr(cls, name)(*[self._nested(t, r) for t in _field_types(fields)])
        r.finish()
        return value

    def from_core(self, ty: tuple, core: Any) -> Any:
        """A scalar's value from its core value, with the receiver's checks."""
        form = ty[0]
        if form in INTS:
            size, signed = INTS[form]
            value = core & ((1 << (8 * size)) - 1)
            return value - (1 << (8 * size)) if signed and value >> (8 * size - 1) else value
        if form == "bool":
            if core not in (0, 1):
                raise WireError(f"bool value {_i32(core)} is neither 0 nor 1")
            return bool(core)
        if form == "char":
            c = core & 0xFFFFFFFF
            if c > 0x10FFFF or 0xD800 <= c <= 0xDFFF:
                raise WireError(f"char value {c:#x} is not a Unicode scalar value")
            return chr(c)
        if form == "guest_ptr":
            return GuestPtr(core & 0xFFFFFFFF, ty[1], self)
        if form == "resource":
            return core & 0xFFFFFFFFFFFFFFFF
        return float(core)

    def from_inline(self, ty: tuple, core: int) -> Any:
        """Decodes a value that travels inline in its i64."""
        size = self.fixed_size(ty) or 0
        raw = (core & 0xFFFFFFFFFFFFFFFF).to_bytes(8, "little")
        if any(raw[size:]):
            raise WireError(f"non-zero bytes above the {size}-byte value in its i64 (they must be zero)")
        return self.decode(ty, raw[:size])

    # -- encoding ----------------------------------------------------------

    def encode(self, ty: tuple, value: Any) -> bytes:
        """The body of ``value`` as a ``ty``."""
        out = bytearray()
        self._encode(ty, value, out)
        return bytes(out)

    def _encode(self, ty: tuple, value: Any, out: bytearray) -> None:
        form = ty[0]
        if form in INTS:
            size, signed = INTS[form]
            out += _check_int(form, value, size, signed).to_bytes(size, "little", signed=signed)
        elif form == "bool":
            if not isinstance(value, bool):
                raise EncodeError(f"expected a bool, got {value!r}")
            out.append(int(value))
        elif form == "char":
            if not (isinstance(value, str) and len(value) == 1):
                raise EncodeError(f"expected a one-character str, got {value!r}")
            out += ord(value).to_bytes(4, "little")
        elif form in ("f32", "f64"):
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                raise EncodeError(f"expected a number, got {value!r}")
            try:
                out += struct.pack("<f" if form == "f32" else "<d", value)
            except OverflowError:
                raise EncodeError(f"{value} does not fit in {form}") from None
        elif form in ("String", "&str"):
            if not isinstance(value, str):
                raise EncodeError(f"expected a str, got {value!r}")
            out += value.encode("utf-8")
        elif form == "()":
            if value is not None:
                raise EncodeError(f"expected None for (), got {value!r}")
        elif form in ("vec", "slice"):
            if ty[1] == ("u8",) and isinstance(value, (bytes, bytearray, memoryview)):
                out += value
                return
            if isinstance(value, (str, dict)) or not hasattr(value, "__iter__"):
                raise EncodeError(f"expected a list, got {value!r}")
            if self.fixed_size(ty[1]) == 0:
                raise EncodeError(f"a Vec of zero-sized {spell(ty[1])} cannot cross")
            for item in value:
                self._encode_nested(ty[1], item, out)
        elif form == "option":
            if value is None:
                out.append(0)
            else:
                out.append(1)
                self._encode_nested(ty[1], value.value if isinstance(value, Some) else value, out)
        elif form == "result":
            if isinstance(value, Ok):
                out.append(0)
                self._encode_nested(ty[1], value.value, out)
            elif isinstance(value, Err):
                out.append(1)
                self._encode_nested(ty[2], value.error, out)
            else:
                raise EncodeError(f"expected Ok(..) or Err(..), got {value!r}")
        elif form == "box":
            self._encode(ty[1], value, out)
        elif form in ("tuple", "array"):
            items = list(value) if isinstance(value, (list, tuple)) else None
            count = len(ty[1]) if form == "tuple" else ty[2]
            if items is None or len(items) != count:
                raise EncodeError(f"expected {count} items, got {value!r}")
            for i, item in enumerate(items):
                self._encode_nested(ty[1][i] if form == "tuple" else ty[1], item, out)
        elif form in ("hash_map", "btree_map"):
            pairs = value.items() if isinstance(value, dict) else value
            for pair in pairs:
                k, v = pair
                self._encode_nested(ty[1], k, out)
                self._encode_nested(ty[2], v, out)
        elif form == "guest_ptr":
            out += _check_int("u32", int(value), 4, False).to_bytes(4, "little")
        elif form == "resource":
            out += _check_int("u64", value, 8, False).to_bytes(8, "little")
        elif form == "named":
            self._encode_named(ty, value, out)
        else:
            raise EncodeError(f"{spell(ty)} does not cross as a value")

    def _encode_nested(self, ty: tuple, value: Any, out: bytearray) -> None:
        if self.fixed_size(ty) is not None:
            return self._encode(ty, value, out)
        at = len(out)
        out += b"\0\0\0\0"
        self._encode(ty, value, out)
        out[at:at + 4] = (len(out) - at - 4).to_bytes(4, "little")

    def _encode_named(self, ty: tuple, value: Any, out: bytearray) -> None:
        d = self._def(ty)
        if d.kind == "flags":
            out += self._flag_bits(ty, d, value).to_bytes(flags_size(len(d.flags)), "little")
            return None
        if d.kind == "struct":
            return self._encode_fields(spell(ty), d.fields, value, out)
        name, payload = _variant_of(value)
        index = next((i for i, (v, _) in enumerate(d.variants) if v == name), None)
        if index is None:
            raise EncodeError(f"{spell(ty)} has no variant {name!r}")
        out += index.to_bytes(4, "little")
        self._encode_fields(f"{spell(ty)}::{name}", d.variants[index][1], payload, out)

    def _flag_bits(self, ty: tuple, d: TypeDef, value: Any) -> int:
        """The bits of a set: a value of the type's ``enum.Flag`` class, or an
        iterable of its members or flag names."""
        cls = self.classes[ty]
        if isinstance(value, cls):
            return value.value
        if isinstance(value, (str, bytes, int)) or not hasattr(value, "__iter__"):
            raise EncodeError(f"expected a set of {spell(ty)} flags, got {value!r}")
        bits = 0
        for flag in value:
            name = flag.name if isinstance(flag, cls) else flag
            if name not in d.flags:
                raise EncodeError(f"{spell(ty)} has no flag {name!r}")
            bits |= 1 << d.flags.index(name)
        return bits

    def _encode_fields(self, what: str, fields: tuple, value: Any, out: bytearray) -> None:
        if fields[0] == "unit":
            return
        if fields[0] == "tuple":
            if isinstance(value, (list, tuple)):
                items = list(value)
            else:
                items = [getattr(value, f"_{i}", _missing) for i in range(len(fields[1]))]
            if len(items) != len(fields[1]) or _missing in items:
                raise EncodeError(f"{what} has {len(fields[1])} fields, got {value!r}")
            for t, item in zip(fields[1], items):
                self._encode_nested(t, item, out)
            return
        for name, t in fields[1]:
            item = value.get(name, _missing) if isinstance(value, dict) else getattr(value, attr(name), _missing)
            if item is _missing:
                raise EncodeError(f"{what} needs field {name}, got {value!r}")
            self._encode_nested(t, item, out)

    # -- JSON (docs/ABI.md section 11) ---------------------------------------

    def from_json(self, ty: tuple, j: Any) -> Any:
        """The Python value of a JSON-convention value."""
        form = ty[0]
        if form in ("vec", "slice", "array"):
            items = [self.from_json(ty[1], x) for x in j]
            return bytes(items) if ty[1] == ("u8",) and form != "array" else items
        if form == "tuple":
            return tuple(self.from_json(t, x) for t, x in zip(ty[1], j))
        if form == "option":
            return None if j is None else _some(ty[1], self.from_json(ty[1], j["some"]))
        if form == "result":
            return Ok(self.from_json(ty[1], j["ok"])) if "ok" in j else Err(self.from_json(ty[2], j["err"]))
        if form == "box":
            return self.from_json(ty[1], j)
        if form == "guest_ptr":
            return GuestPtr(j, ty[1], self)
        if form in ("hash_map", "btree_map"):
            return {_hashable(self.from_json(ty[1], k)): self.from_json(ty[2], v) for k, v in j}
        if form == "named":
            d, cls = self._def(ty), self.classes[ty]
            if d.kind == "flags":
                return cls(self._flag_bits(ty, d, j))
            if d.kind == "struct":
                return cls(*self._fields_from_json(d.fields, j))
            if isinstance(cls, type) and issubclass(cls, enum.Enum):
                return cls[j]
            name, payload = (j, None) if isinstance(j, str) else next(iter(j.items()))
            fields = dict(d.variants)[name]
            return getattr(cls, name)(*self._fields_from_json(fields, payload))
        return j

    def _fields_from_json(self, fields: tuple, j: Any) -> list:
        if fields[0] == "unit":
            return []
        if fields[0] == "tuple":
            return [self.from_json(t, x) for t, x in zip(fields[1], j)]
        return [self.from_json(t, j[n]) for n, t in fields[1]]

    def to_json(self, ty: tuple, v: Any) -> Any:
        """The JSON-convention value of a Python value."""
        form = ty[0]
        if form in ("vec", "slice", "array"):
            return [self.to_json(ty[1], x) for x in v]
        if form == "tuple":
            return [self.to_json(t, x) for t, x in zip(ty[1], v)]
        if form == "option":
            return None if v is None else {"some": self.to_json(ty[1], v.value if isinstance(v, Some) else v)}
        if form == "result":
            return {"ok": self.to_json(ty[1], v.value)} if isinstance(v, Ok) else {"err": self.to_json(ty[2], v.error)}
        if form == "box":
            return self.to_json(ty[1], v)
        if form == "guest_ptr":
            return int(v)
        if form in ("hash_map", "btree_map"):
            return [[self.to_json(ty[1], k), self.to_json(ty[2], x)] for k, x in v.items()]
        if form == "named":
            d = self._def(ty)
            if d.kind == "flags":
                bits = self._flag_bits(ty, d, v)
                return [name for i, name in enumerate(d.flags) if bits >> i & 1]
            if d.kind == "struct":
                return self._fields_to_json(d.fields, v)
            name, payload = _variant_of(v)
            fields = dict(d.variants)[name]
            return name if fields[0] == "unit" else {name: self._fields_to_json(fields, payload)}
        return v

    def _fields_to_json(self, fields: tuple, v: Any) -> Any:
        if fields[0] == "unit":
            return None
        if fields[0] == "tuple":
            return [self.to_json(t, getattr(v, f"_{i}")) for i, t in enumerate(fields[1])]
        return {n: self.to_json(t, getattr(v, attr(n))) for n, t in fields[1]}


_missing = object()


def _some(inner: tuple, value: Any) -> Any:
    """``Some(value)``: the bare value, unless ``None`` could mean it (``Option<()>``,
    ``Option<Option<T>>``)."""
    return Some(value) if inner == ("()",) or inner[0] == "option" else value


def _sum(sizes: list) -> Optional[int]:
    return None if any(s is None for s in sizes) else sum(sizes)


def _field_types(fields: tuple) -> list:
    if fields[0] == "unit":
        return []
    if fields[0] == "tuple":
        return list(fields[1])
    return [t for _, t in fields[1]]


def _i32(core: int) -> int:
    core &= 0xFFFFFFFF
    return core - (1 << 32) if core >> 31 else core


def _check_int(form: str, value: Any, size: int, signed: bool) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise EncodeError(f"expected an integer for {form}, got {value!r}")
    low, high = (-(1 << (8 * size - 1)), (1 << (8 * size - 1)) - 1) if signed else (0, (1 << (8 * size)) - 1)
    if not low <= value <= high:
        raise EncodeError(f"{value} does not fit in {form}")
    return value


def _hashable(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_hashable(v) for v in value)
    return value


def _variant_of(value: Any) -> tuple:
    """(variant name, payload) of an enum value in any accepted form."""
    if isinstance(value, enum.Enum):
        return value.name, None
    if isinstance(value, str):
        return value, None
    if isinstance(value, dict) and len(value) == 1:
        return next(iter(value.items()))
    name = getattr(type(value), "__wasmbind_variant__", None)
    if name is None:
        raise EncodeError(f"expected an enum variant, got {value!r}")
    return name, value


def attr(field_name: str) -> str:
    """A field's Python attribute: ``r#type`` -> ``type``, a Python keyword
    with ``_`` appended (``from`` -> ``from_``)."""
    name = field_name.removeprefix("r#")
    return name + "_" if keyword.iskeyword(name) else name


def _make_class(d: TypeDef) -> Any:
    """A Python class for a type line: a frozen dataclass per struct (and per
    variant of an enum with data, nested in the enum's class), an
    ``enum.Enum`` for an enum whose variants carry no data, an ``enum.Flag``
    for a flags type."""
    name = spell(d.ty)
    if d.kind == "struct":
        return _dataclass(name, name, d.fields, optional_from=d.required)
    if d.kind == "flags":
        return enum.Flag(name, [(flag, 1 << i) for i, flag in enumerate(d.flags)], boundary=enum.STRICT)
    if all(f[0] == "unit" for _, f in d.variants):
        return enum.Enum(name, [(v, i) for i, (v, _) in enumerate(d.variants)])
    base = type(name, (), {"__doc__": f"enum {name}: one class per variant", "__slots__": ()})
    for vname, fields in d.variants:
        cls = _dataclass(vname, f"{name}.{vname}", fields, base)
        cls.__wasmbind_variant__ = vname
        setattr(base, vname, cls)
    return base


def _dataclass(name: str, qualname: str, fields: tuple, base: Optional[type] = None,
               optional_from: Optional[int] = None) -> type:
    """A frozen dataclass of ``fields``; those from ``optional_from`` on (an
    extensible struct's optional fields) default to None."""
    names = [f"_{i}" for i in range(len(fields[1]))] if fields[0] == "tuple" else \
        [attr(n) for n, _ in fields[1]] if fields[0] == "named" else []
    if optional_from is not None:
        names = names[:optional_from] + [(n, Any, dataclasses.field(default=None)) for n in names[optional_from:]]
    cls = dataclasses.make_dataclass(name, names, bases=(base,) if base else (), frozen=True)
    cls.__qualname__ = qualname
    cls.__module__ = "wasmbind.types"
    return cls
