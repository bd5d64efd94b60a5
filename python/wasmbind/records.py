"""Interface records (docs/ABI.md section 8): type spellings, type lines,
function lines and whole records, parsed exactly as the Rust crate
``wasmbind-shared`` parses them, and compared in its words.

A type is a tuple whose first item names its form::

    ("u8",) ("String",) ("&str",) ("()",) ("Trap",) ...   leaves
    ("vec", T) ("slice", T) ("option", T) ("box", T) ("guest_ptr", T)
    ("result", T, E) ("hash_map", K, V) ("btree_map", K, V)
    ("array", T, n) ("tuple", (A, B, ...)) ("resource", kind)
    ("named", name, (args...))
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

ABI_VERSION = 2
MAX_RECORD = 64 << 10
# What a host reads of one plugin's records (the Rust host's RecordReader).
MAX_RECORDS = 4096
MAX_RECORDS_TOTAL = 4 << 20
MAX_TYPE_DEPTH = 64
RECORD_PREFIXES = ("wasmbind_exports_", "wasmbind_imports_", "wasmbind_export_", "wasmbind_import_")

# How each kind of type is spelled: (form, pattern) per kind, in the order
# of the Rust table ``wasmbind_shared::GRAMMAR`` (docs/vectors.json
# "grammar" holds it, and the tests compare). ``T`` and ``E`` are types,
# ``N`` a length, ``K`` a resource kind, ``Name`` a struct's name.
GRAMMAR = (
    ("bool", "bool"), ("i8", "i8"), ("u8", "u8"), ("i16", "i16"), ("u16", "u16"), ("i32", "i32"),
    ("u32", "u32"), ("i64", "i64"), ("u64", "u64"), ("f32", "f32"), ("f64", "f64"), ("char", "char"),
    ("()", "()"), ("String", "String"), ("&str", "&str"), ("Trap", "Trap"),
    ("vec", "Vec<T>"), ("slice", "&[T]"), ("option", "Option<T>"), ("box", "Box<T>"),
    ("guest_ptr", "GuestPtr<T>"), ("result", "Result<T,E>"), ("hash_map", "HashMap<T,E>"),
    ("btree_map", "BTreeMap<T,E>"), ("array", "[T;N]"), ("tuple", "(T,..)"),
    ("resource", "Resource<K>"), ("named", "Name<T,..>"),
)
# Words that are whole types: names (``u8``) and symbols (``&str``, ``()``).
LEAVES = tuple(form for form, pattern in GRAMMAR if form == pattern and pattern[0].isalpha())
SYMBOLS = tuple(form for form, pattern in GRAMMAR if form == pattern and not pattern[0].isalpha())
# Generic names: name -> (form, number of type arguments).
GENERICS = {pattern.split("<")[0]: (form, pattern.count(",") + 1)
            for form, pattern in GRAMMAR if pattern.endswith(("<T>", "<T,E>"))}
BUILTIN = set(LEAVES) | set(GENERICS) | {"Resource"}


class _Parser:
    def __init__(self, text: str):
        self.text, self.at = text, 0

    def eat(self, token: str) -> bool:
        if self.text.startswith(token, self.at):
            self.at += len(token)
            return True
        return False

    def expect(self, token: str) -> None:
        if not self.eat(token):
            raise ValueError(f"expected {token!r} at {self.at}")

    def end(self) -> None:
        if self.at != len(self.text):
            raise ValueError(f"unexpected text at {self.at}")

    def ident(self) -> str:
        start = self.at
        raw = self.eat("r#")
        while self.at < len(self.text) and (self.text[self.at].isascii() and
                                            (self.text[self.at].isalnum() or self.text[self.at] == "_")):
            self.at += 1
        ident = self.text[start:self.at]
        first = ident[2:3] if raw else ident[:1]
        if not first or first.isdigit():
            raise ValueError(f"expected a name at {start}")
        return ident

    def number(self) -> int:
        start = self.at
        while self.at < len(self.text) and self.text[self.at] in "0123456789":
            self.at += 1
        if start == self.at:
            raise ValueError(f"expected a number at {start}")
        return int(self.text[start:self.at])

    def list_until(self, close: str, depth: int, sep: str = ",") -> list:
        items = [self.ty(depth + 1)]
        while not self.eat(close):
            self.expect(sep)
            items.append(self.ty(depth + 1))
        return items

    def ty(self, depth: int = 0) -> tuple:
        if depth > MAX_TYPE_DEPTH:
            raise ValueError("type nests too deeply")
        for symbol in SYMBOLS:
            if self.eat(symbol):
                return (symbol,)
        if self.eat("&["):
            elem = self.ty(depth + 1)
            self.expect("]")
            return ("slice", elem)
        if self.eat("["):
            elem = self.ty(depth + 1)
            self.expect(";")
            n = self.number()
            self.expect("]")
            return ("array", elem, n)
        if self.eat("("):
            items, comma = [], False
            while not self.eat(")"):
                if items and not comma:
                    raise ValueError("expected ',' in a tuple")
                items.append(self.ty(depth + 1))
                comma = self.eat(",")
            if not items:
                return ("()",)
            if len(items) == 1 and not comma:
                return items[0]
            return ("tuple", tuple(items))
        name = self.ident()
        if name == "Resource":
            self.expect("<")
            kind = "_" if self.eat("_") else self.ident()
            self.expect(">")
            return ("resource", kind)
        args = self.list_until(">", depth) if self.eat("<") else []
        if not args and name in LEAVES:
            return (name,)
        if name in GENERICS and GENERICS[name][1] == len(args):
            return (GENERICS[name][0], *args)
        if name in BUILTIN:
            raise ValueError(f"{name} takes other type arguments")
        return ("named", name, tuple(args))


def parse_type(text: str) -> tuple:
    """Parses a type spelling (``Vec<Option<Point>>``); ValueError if malformed."""
    parser = _Parser(text)
    ty = parser.ty()
    parser.end()
    return ty


def spell(ty: tuple) -> str:
    """A type's spelling, as records write it."""
    form = ty[0]
    if len(ty) == 1:
        return form
    if form == "slice":
        return f"&[{spell(ty[1])}]"
    if form == "array":
        return f"[{spell(ty[1])};{ty[2]}]"
    if form == "tuple":
        inner = ",".join(spell(t) for t in ty[1])
        return f"({inner},)" if len(ty[1]) == 1 else f"({inner})"
    if form == "resource":
        return f"Resource<{ty[1]}>"
    if form == "named":
        return ty[1] + (f"<{','.join(spell(t) for t in ty[2])}>" if ty[2] else "")
    name = next(name for name, (generic, _) in GENERICS.items() if generic == form)
    return f"{name}<{','.join(spell(t) for t in ty[1:])}>"


@dataclass(frozen=True)
class Signature:
    """A function line's signature: ``fn(&str, Point) -> String``."""
    params: tuple
    result: Optional[tuple]

    @staticmethod
    def parse(text: str) -> Signature:
        """Parses a signature, whitespace aside; ``-> ()`` is no result, as in
        Rust (``wasmbind_shared::FnSig::parse``). ValueError if malformed."""
        parser = _Parser("".join(text.split()))
        parser.expect("fn(")
        params = [] if parser.eat(")") else parser.list_until(")", -1, ",")
        result = parser.ty() if parser.eat("->") else None
        parser.end()
        return Signature(tuple(params), None if result == ("()",) else result)

    def __str__(self) -> str:
        params = ", ".join(spell(p) for p in self.params)
        return f"fn({params})" + (f" -> {spell(self.result)}" if self.result else "")


@dataclass(frozen=True)
class TypeDef:
    """One type line. ``fields`` is ``("unit",)``, ``("tuple", (T, ...))`` or
    ``("named", ((name, T), ...))``; an enum has ``variants``: ``((name, fields), ...)``;
    a flags type has ``flags``: its flag names, flag ``i`` in bit ``i``. An
    extensible struct (``struct S{a:u8,b?:Option<u8>,..}``) has ``required``:
    how many of its fields are required (the others are optional ``Option``s)."""
    ty: tuple
    kind: str
    fields: tuple = ()
    variants: tuple = ()
    flags: tuple = ()
    required: Optional[int] = None

    @staticmethod
    def parse(line: str) -> TypeDef:
        keyword, _, rest = line.partition(" ")
        if keyword not in ("struct", "enum", "flags"):
            raise ValueError("a type line starts with struct, enum or flags")
        parser = _Parser(rest)
        ty = parser.ty()
        if ty[0] != "named":
            raise ValueError("a type line defines a struct, enum or flags type")
        if keyword == "struct" and rest.endswith("..}"):
            parser.expect("{")
            named, required = [], None
            while not parser.eat("..}"):
                name = parser.ident()
                if parser.eat("?"):
                    required = len(named) if required is None else required
                elif required is not None:
                    raise ValueError("a required field after an optional one")
                parser.expect(":")
                named.append((name, parser.ty(1)))
                parser.expect(",")
            parser.end()
            return TypeDef(ty, "struct", fields=("named", tuple(named)),
                           required=len(named) if required is None else required)
        if keyword == "struct":
            fields = _fields(parser)
            parser.end()
            return TypeDef(ty, "struct", fields=fields)
        parser.expect("{")
        items = []
        while not parser.eat("}"):
            if items:
                parser.expect(",")
            items.append(parser.ident() if keyword == "flags" else (parser.ident(), _fields(parser)))
        parser.end()
        if keyword == "enum":
            return TypeDef(ty, "enum", variants=tuple(items))
        if ty[2] or not 1 <= len(items) <= MAX_FLAGS:
            raise ValueError(f"a flags type has no type arguments and 1 to {MAX_FLAGS} flags")
        return TypeDef(ty, "flags", flags=tuple(items))

    def __str__(self) -> str:
        if self.kind == "struct" and self.required is not None:
            fields = "".join(f"{n}{'?' if i >= self.required else ''}:{spell(t)},"
                             for i, (n, t) in enumerate(self.fields[1]))
            return f"struct {spell(self.ty)}{{{fields}..}}"
        if self.kind == "struct":
            return f"struct {spell(self.ty)}{_fields_text(self.fields)}"
        if self.kind == "flags":
            return f"flags {spell(self.ty)}{{{','.join(self.flags)}}}"
        variants = ",".join(name + _fields_text(f) for name, f in self.variants)
        return f"enum {spell(self.ty)}{{{variants}}}"


MAX_FLAGS = 64
"""The most flags a flags type has: its set travels in at most 64 bits."""


def flags_size(count: int) -> int:
    """The bytes a set of ``count`` flags takes: 1, 2, 4 or 8."""
    return next(size for size in (1, 2, 4, 8) if count <= 8 * size)


def _fields(parser: _Parser) -> tuple:
    if parser.eat("("):
        return ("tuple", tuple(parser.list_until(")", 0)))
    if not parser.eat("{"):
        return ("unit",)
    named = []
    while not parser.eat("}"):
        if named:
            parser.expect(",")
        name = parser.ident()
        parser.expect(":")
        named.append((name, parser.ty(1)))
    return ("named", tuple(named))


def _fields_text(fields: tuple) -> str:
    if fields[0] == "unit":
        return ""
    if fields[0] == "tuple":
        return "(" + ",".join(spell(t) for t in fields[1]) + ")"
    return "{" + ",".join(f"{n}:{spell(t)}" for n, t in fields[1]) + "}"


@dataclass
class Record:
    """One interface record: version, heading, functions and type lines."""
    version: int
    kind: str  # exports, imports, export, import
    name: str  # the trait (exports, imports) or the function (export, import)
    module: Optional[str] = None
    functions: list = field(default_factory=list)  # [(name, signature text)]
    types: list = field(default_factory=list)  # [TypeDef]

    @staticmethod
    def parse(text: str) -> Record:
        """Parses a record's text; ValueError when malformed."""
        if not text.endswith("\n"):
            raise ValueError("a record's lines end with \\n")
        lines = text[:-1].split("\n")
        if len(lines) < 2 or not lines[0].startswith("wasmbind "):
            raise ValueError("a record starts with its version line and heading")
        version = int(lines[0][len("wasmbind "):])
        words = lines[1].split(" ")
        if words[0] in ("exports", "export") and len(words) == 2:
            record = Record(version, words[0], words[1])
        elif words[0] in ("imports", "import") and len(words) == 3:
            record = Record(version, words[0], words[2], module=words[1])
        else:
            raise ValueError(f"unknown heading {lines[1]!r}")
        for line in lines[2:]:
            if line.startswith(("struct ", "enum ", "flags ")):
                record.types.append(TypeDef.parse(line))
            elif record.types:
                raise ValueError("a function line after a type line")
            else:
                name, sep, sig = line.partition(" ")
                if not sep or not name:
                    raise ValueError(f"malformed function line {line!r}")
                record.functions.append((name, sig))
        return record

    @property
    def export_name(self) -> str:
        """The export that holds a record with this heading."""
        return {
            "exports": f"wasmbind_exports_{self.name}",
            "imports": f"wasmbind_imports_{self.module}.{self.name}",
            "export": f"wasmbind_export_{self.name}",
            "import": f"wasmbind_import_{self.module}.{self.name}",
        }[self.kind]

    def function(self, name: str) -> Optional[str]:
        return next((sig for n, sig in self.functions if n == name), None)

    def type_def(self, ty: tuple) -> Optional[TypeDef]:
        return next((d for d in self.types if d.ty == ty), None)

    def to_text(self) -> str:
        heading = {"exports": f"exports {self.name}", "export": f"export {self.name}",
                   "imports": f"imports {self.module} {self.name}",
                   "import": f"import {self.module} {self.name}"}[self.kind]
        lines = [f"wasmbind {self.version}", heading]
        lines += [f"{n} {s}" for n, s in self.functions]
        lines += [str(d) for d in self.types]
        return "\n".join(lines) + "\n"


def same_signature(a: str, b: str) -> bool:
    """Whether two signatures are the same function type: both parse to equal
    parameter and result types; one that does not parse is the same as none
    (``wasmbind_shared::same_signature``)."""
    try:
        return Signature.parse(a) == Signature.parse(b)
    except ValueError:
        return False


def differences(plugin: list, expected: list) -> list:
    """What the plugin's records say that ``expected`` (export records the
    host expects) does not: one line per difference, in the Rust host's
    words (``wasmbind_shared::differences``, without its import half)."""
    return [line for line, _, _ in compare(plugin, expected)]


def compare(plugin: list, expected: list) -> list:
    """:func:`differences` as ``(line, kind, name)``: ``kind`` is ``"extra"``
    for a function the plugin exports and the host does not declare,
    ``"missing"`` for one the host declares and the plugin lacks (``name``
    is the function's), ``None`` for any other difference
    (``wasmbind_shared::compare``)."""
    found = [(f"built for wasmbind ABI {r.version}, the host speaks {ABI_VERSION}", None, None)
             for r in plugin if r.version != ABI_VERSION]
    for ours in expected:
        theirs = next((r for r in plugin if (r.kind, r.name, r.module) == (ours.kind, ours.name, ours.module)), None)
        if theirs is not None:
            _export_differences(ours, theirs, found)
            continue
        for name, sig in ours.functions:
            theirs = next((r for r in plugin if r.kind == "export" and r.name == name), None)
            if theirs is not None:
                one = Record(ours.version, ours.kind, ours.name, functions=[(name, sig)], types=ours.types)
                _export_differences(one, theirs, found)
    seen = set()
    return [d for d in found if not (d[0] in seen or seen.add(d[0]))]


def _export_differences(ours: Record, theirs: Record, found: list) -> None:
    for name, sig in ours.functions:
        their_sig = theirs.function(name)
        if their_sig is None:
            near = _near_name(name, [n for n, _ in theirs.functions if ours.function(n) is None])
            hint = f" (did you mean {near}?)" if near else ""
            found.append((f"export {name}: host expects {sig}, plugin does not export it{hint}", "missing", name))
        elif not same_signature(their_sig, sig):
            found.append((f"export {name}: host expects {sig}, plugin has {their_sig}", None, None))
    for name, sig in theirs.functions:
        if ours.function(name) is None:
            found.append((f"export {name}: plugin has {sig}, which the host does not declare", "extra", name))
    for d in ours.types:
        their_def = theirs.type_def(d.ty)
        if their_def is not None and their_def != d and not _grows_compatibly(d, their_def):
            found += [(f"type {spell(d.ty)}: {line}", None, None) for line in _def_differences(d, their_def)]


def _near_name(name: str, candidates: list) -> Optional[str]:
    """The candidate at most two edits from ``name`` (names of at most 64 bytes)."""
    def distance(a: bytes, b: bytes) -> int:
        row = list(range(len(b) + 1))
        for i, x in enumerate(a):
            diagonal, row[0] = row[0], i + 1
            for j, y in enumerate(b):
                diagonal, row[j + 1] = row[j + 1], min(diagonal + (x != y), row[j] + 1, row[j + 1] + 1)
        return row[len(b)]

    if len(name.encode()) > 64:
        return None
    scored = [(distance(name.encode(), c.encode()), c) for c in candidates if len(c.encode()) <= 64]
    best = min((s for s in scored if s[0] <= 2), default=None, key=lambda s: s[0])
    return best[1] if best else None


def _grows_compatibly(ours: TypeDef, theirs: TypeDef) -> bool:
    """Versions of one extensible struct: the fields both have are the same,
    and the fields only one has are optional (as ``wasmbind_shared`` decides)."""
    if ours.required is None or theirs.required is None:
        return False
    a, b = ours.fields[1], theirs.fields[1]
    common = min(len(a), len(b))
    return ours.required == theirs.required <= common and a[:common] == b[:common]


def _def_differences(ours: TypeDef, theirs: TypeDef) -> list:
    """How two definitions of one type differ, field by field and variant by
    variant, as ``wasmbind_shared`` words it."""
    lines: list = []
    if ours.kind == theirs.kind == "struct":
        _field_differences("", ours.fields, theirs.fields, lines)
    elif ours.kind == theirs.kind == "enum":
        a, b = ours.variants, theirs.variants
        for i in range(max(len(a), len(b))):
            if i < len(a) and i < len(b):
                (name, fa), (their_name, fb) = a[i], b[i]
                if name == their_name:
                    _field_differences(f"variant {name}: ", fa, fb, lines)
                else:
                    lines.append(f"variant {i}: host has {name}, plugin has {their_name}")
            elif i < len(a):
                lines.append(f"variant {a[i][0]}: the plugin does not have it")
            else:
                lines.append(f"variant {b[i][0]}: the plugin has it, the host does not")
    elif ours.kind == theirs.kind == "flags":
        a, b = ours.flags, theirs.flags
        for i in range(max(len(a), len(b))):
            if i < len(a) and i < len(b):
                if a[i] != b[i]:
                    lines.append(f"flag {i}: host has {a[i]}, plugin has {b[i]}")
            elif i < len(a):
                lines.append(f"flag {a[i]}: the plugin does not have it")
            else:
                lines.append(f"flag {b[i]}: the plugin has it, the host does not")
    return lines or [f"host has {ours}, plugin has {theirs}"]


def _field_differences(prefix: str, ours: tuple, theirs: tuple, lines: list) -> None:
    def listed(fields: tuple) -> list:
        if fields[0] == "tuple":
            return [(str(i), t) for i, t in enumerate(fields[1])]
        return list(fields[1]) if fields[0] == "named" else []

    a, b = listed(ours), listed(theirs)
    if ours[0] != theirs[0] and a and b:
        form = {"named": "named", "tuple": "tuple", "unit": "no"}
        lines.append(f"{prefix}host has {form[ours[0]]} fields, plugin has {form[theirs[0]]} fields")
        return
    for i in range(max(len(a), len(b))):
        if i < len(a) and i < len(b):
            (name, ty), (their_name, their_ty) = a[i], b[i]
            if name != their_name:
                lines.append(f"{prefix}field {i}: host has {name}: {spell(ty)}, plugin has {their_name}: {spell(their_ty)}")
            elif ty != their_ty:
                lines.append(f"{prefix}field {name}: host has {spell(ty)}, plugin has {spell(their_ty)}")
        elif i < len(a):
            lines.append(f"{prefix}field {a[i][0]}: host has {spell(a[i][1])}, plugin does not have it")
        else:
            lines.append(f"{prefix}field {b[i][0]}: plugin has {spell(b[i][1])}, which the host does not have")
