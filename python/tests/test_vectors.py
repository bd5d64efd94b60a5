"""docs/vectors.json, the wire test vectors the Rust runtime generates: every
valid body decodes to its value and the value encodes back to the body, it
travels at the top level as the vector says, and every invalid body is
refused with the Rust runtime's message."""

import json
from pathlib import Path

import pytest

from wasmbind.records import GRAMMAR, TypeDef, parse_type, same_signature, spell
from wasmbind.wire import Codec, WireError

VECTORS = json.loads((Path(__file__).resolve().parents[2] / "docs" / "vectors.json").read_text())
CODEC = Codec([TypeDef.parse(line) for line in VECTORS["types"]])


def ids(vectors):
    return [f"{v['type']}:{v['body']}" for v in vectors]


def test_the_vectors_are_for_this_abi():
    assert VECTORS["abi"] == 2
    assert len(VECTORS["valid"]) > 40 and len(VECTORS["invalid"]) > 10 and VECTORS["invalid_inline"]


@pytest.mark.parametrize("vector", VECTORS["valid"], ids=ids(VECTORS["valid"]))
def test_valid_vector(vector):
    ty = parse_type(vector["type"])
    body = bytes.fromhex(vector["body"])
    value = CODEC.from_json(ty, vector["value"])
    assert CODEC.encode(ty, value).hex() == vector["body"]
    decoded = CODEC.decode(ty, body)
    assert decoded == value
    assert CODEC.to_json(ty, decoded) == vector["value"]
    assert CODEC.fixed_size(ty) == vector["fixed_size"]
    top = vector["top"]
    if top == "memory":
        assert CODEC.core_type(ty) == "i64" and not CODEC.inline(ty)
    elif "inline" in top:
        assert CODEC.inline(ty)
        core = int(top["inline"], 16)
        assert int.from_bytes(body.ljust(8, b"\0"), "little") == core
        assert CODEC.from_inline(ty, core) == value
    else:
        assert not CODEC.inline(ty) and CODEC.core_type(ty) is not None
        assert CODEC.from_core(ty, top["scalar"]) == value


@pytest.mark.parametrize("vector", VECTORS["invalid"], ids=ids(VECTORS["invalid"]))
def test_invalid_vector(vector):
    with pytest.raises(WireError) as refused:
        CODEC.decode(parse_type(vector["type"]), bytes.fromhex(vector["body"]))
    assert str(refused.value) == vector["error"]


@pytest.mark.parametrize("vector", VECTORS["invalid_inline"], ids=[v["inline"] for v in VECTORS["invalid_inline"]])
def test_invalid_inline_vector(vector):
    ty = parse_type(vector["type"])
    assert CODEC.inline(ty)
    with pytest.raises(WireError) as refused:
        CODEC.from_inline(ty, int(vector["inline"], 16))
    assert str(refused.value) == vector["error"]


def test_type_lines_round_trip():
    for line in VECTORS["types"]:
        assert str(TypeDef.parse(line)) == line


@pytest.mark.parametrize("pair", VECTORS["signatures"], ids=[f"{p['a']}|{p['b']}" for p in VECTORS["signatures"]])
def test_signatures_compare_as_types(pair):
    assert same_signature(pair["a"], pair["b"]) == pair["same"]
    assert same_signature(pair["b"], pair["a"]) == pair["same"]


def test_the_grammar_is_the_rust_table():
    assert [(row["form"], row["pattern"]) for row in VECTORS["grammar"]] == list(GRAMMAR)


@pytest.mark.parametrize("row", VECTORS["grammar"], ids=[row["form"] for row in VECTORS["grammar"]])
def test_every_grammar_row_parses_what_it_spells(row):
    text = row["pattern"]
    for old, new in (("T,..", "u8,u8"), ("<T>", "<u8>"), ("<T,E>", "<u8,u8>"), ("[T]", "[u8]"),
                     ("[T;N]", "[u8;3]"), ("<K>", "<Table>"), ("Name<", "Point<")):
        text = text.replace(old, new)
    ty = parse_type(text)
    assert ty[0] == row["form"]
    assert spell(ty) == text


def test_extensible_structs_read_each_others_versions():
    v1 = Codec([TypeDef.parse("struct Summary{title:String,words:u32,..}")])
    v2 = Codec([TypeDef.parse("struct Summary{title:String,words:u32,lines?:Option<u32>,tags?:Option<Vec<String>>,..}")])
    ty = parse_type("Summary")
    new = v2.classes[ty](title="t", words=2, lines=3, tags=["a"])
    assert v1.decode(ty, v2.encode(ty, new)) == v1.classes[ty]("t", 2)  # newer fields skipped
    older = v2.decode(ty, v1.encode(ty, v1.classes[ty]("t", 2)))
    assert (older.lines, older.tags) == (None, None)  # missing optional fields are None
    assert v2.classes[ty](title="t", words=2).lines is None  # and default to None when made
    vec = parse_type("Vec<Summary>")
    assert [s.words for s in v1.decode(vec, v2.encode(vec, [new, new]))] == [2, 2]
    assert v2.fixed_size(ty) is None
    for line in ["struct S{a?:u8,b:u8,..}", "struct S{a:u8..}"]:
        with pytest.raises(ValueError):
            TypeDef.parse(line)
    assert str(TypeDef.parse("struct S{a:u8,b?:Option<u8>,..}")) == "struct S{a:u8,b?:Option<u8>,..}"


def test_extensible_struct_versions_are_compatible_records():
    from wasmbind.records import Record, differences
    record = lambda struct: Record.parse(f"wasmbind 2\nexports S\nf fn() -> Summary\n{struct}\n")  # noqa: E731
    v1 = record("struct Summary{title:String,words:u32,..}")
    v2 = record("struct Summary{title:String,words:u32,lines?:Option<u32>,..}")
    assert differences([v1], [v2]) == [] and differences([v2], [v1]) == []
    changed = record("struct Summary{title:String,words:u16,..}")
    assert differences([changed], [v1]) == ["type Summary: field words: host has u32, plugin has u16"]
