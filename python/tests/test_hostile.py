"""Hand-written hostile plugins (WebAssembly text): every bad value is an
error naming the plugin, the function, the argument and the reason, never
a Python exception from deep inside the decoder."""

import pytest
import wasmtime

import wasmbind


def record(text):
    """A record's bytes as a WAT data string: u32 LE length, then the text."""
    data = len(text).to_bytes(4, "little") + text.encode()
    return "".join(f"\\{b:02x}" for b in data)


def plugin(body, records=(), host=None, imports=""):
    """A module with memory, an allocator at 1024, the given records (at
    16, 4096, 8192, ...) and functions."""
    parts = [imports, '(memory (export "memory") 1)',
             '(func (export "wasmbind_alloc") (param i32 i32) (result i32) (i32.const 1024))']
    for i, (name, text) in enumerate(records):
        addr = 16 if i == 0 else 4096 * i
        parts.append(f'(global (export "{name}") i32 (i32.const {addr}))')
        parts.append(f'(data (i32.const {addr}) "{record(text)}")')
    wasm = wasmtime.wat2wasm("(module " + "\n".join(parts) + body + ")")
    return wasmbind.load(wasm, host=host or {}, name="evil")


def exports(*lines, types=()):
    return ("wasmbind_exports_Evil", "wasmbind 2\nexports Evil\n" + "".join(f"{l}\n" for l in (*lines, *types)))


def packed(ptr, length):
    return length << 32 | ptr


@pytest.mark.parametrize("result, error", [
    (packed(65530, 100), "result: bytes 65530..65630 are out of bounds of memory (65536 bytes)"),
    (packed(0xFFFFFFFF, 0xFFFFFFFF), "result: bytes 4294967295..8589934590 are out of bounds of memory"),
    (packed(2048, 1), "result: invalid UTF-8 after byte 0"),
])
def test_a_bad_export_result_is_refused(result, error):
    evil = plugin(f'(data (i32.const 2048) "\\ff") (func (export "greet") (param i64) (result i64) '
                  f'(i64.const {result}))', [exports("greet fn(&str) -> String")])
    with pytest.raises(wasmbind.Error) as refused:
        evil.greet("x")
    assert refused.value.kind == "bad_value"
    assert str(refused.value).startswith(f"plugin evil: greet: {error}")


@pytest.mark.parametrize("sig, result, error", [
    ("flag fn() -> bool", "(i32.const 2)", "bool value 2 is neither 0 nor 1"),
    ("letter fn() -> char", "(i32.const 0xD800)", "char value 0xd800 is not a Unicode scalar value"),
    ("at fn() -> (u16,u16)", "(i64.const 0x100000001)", "non-zero bytes above the 4-byte value in its i64"),
    ("tag fn() -> Option<u8>", f"(i64.const {packed(2048, 2)})", "tag 255 is not valid for Option"),
    ("deep fn() -> Vec<Vec<Vec<u8>>>", f"(i64.const {packed(2048, 8)})",
     "encoding is truncated: needs 4294967295 bytes at offset 4, 4 left"),
])
def test_bad_values_of_every_kind_are_refused(sig, result, error):
    name = sig.split(" ")[0]
    core = {"bool": "i32", "char": "i32"}.get(sig.rsplit(" ", 1)[-1], "i64")
    evil = plugin(f'(data (i32.const 2048) "\\ff\\ff\\ff\\ff\\ff\\ff\\ff\\ff") '
                  f'(func (export "{name}") (result {core}) {result})', [exports(sig)])
    with pytest.raises(wasmbind.Error, match=f"plugin evil: {name}: result: {error}"):
        evil.call(name)


def test_nesting_deeper_than_the_limit_is_refused_without_recursing():
    # Tree::Node(vec![Tree::Node(vec![... Tree::Leaf(0)])]) 1000 deep, written
    # by a loop in the plugin: level i at 8192 + 12 i is the tag 1, the Vec's
    # length 12 (1000 - i) and its one element's length 12 (1000 - i) - 4.
    evil = plugin('''
      (func (export "tree") (result i64) (local $i i32) (local $at i32) (local $n i32)
        (loop $l
          (local.set $at (i32.add (i32.const 8192) (i32.mul (local.get $i) (i32.const 12))))
          (local.set $n (i32.mul (i32.sub (i32.const 1000) (local.get $i)) (i32.const 12)))
          (i32.store (local.get $at) (i32.const 1))
          (i32.store offset=4 (local.get $at) (local.get $n))
          (i32.store offset=8 (local.get $at) (i32.sub (local.get $n) (i32.const 4)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $l (i32.lt_u (local.get $i) (i32.const 1000))))
        (i64.const ''' + str(packed(8192, 12008)) + '))',
        [exports("tree fn() -> Tree", types=["enum Tree{Leaf(u32),Node(Vec<Tree>)}"])])
    with pytest.raises(wasmbind.Error) as refused:
        evil.tree()
    assert str(refused.value) == "plugin evil: tree: result: values nest deeper than 128 levels (the nesting limit)"


def test_a_bad_import_argument_names_the_host_function_and_argument():
    class Env:
        def log(self, msg):
            raise AssertionError("never called")

    evil = plugin(f'''(func (export "run") (call $log (i64.const {packed(65000, 1000)}) (i64.const 0)))''',
                  [exports("run fn()"), ("wasmbind_imports_env", "wasmbind 2\nimports env Env\nlog fn(&str)\n")],
                  host={"env": Env()}, imports='(import "env" "log" (func $log (param i64 i64)))')
    with pytest.raises(wasmbind.Error) as refused:
        evil.run()
    assert str(refused.value) == \
        "plugin evil: env::log: argument msg: bytes 65000..66000 are out of bounds of memory (65536 bytes)"


def test_records_that_lie_about_core_signatures_are_refused():
    with pytest.raises(wasmbind.Error) as refused:
        plugin('(func (export "greet") (param i32) (result i32) (i32.const 0))',
               [exports("greet fn(&str) -> String", "gone fn()")])
    assert refused.value.differences == [
        ("export greet: the record says fn(&str) -> String, whose core signature is (i64) -> i64, "
         "but the plugin exports (i32) -> i32"),
        "export gone: the record lists fn(), which the plugin does not export",
    ]


@pytest.mark.parametrize("text, problem", [
    ("wasmbind 2\nexports Evil\ngreet fn(&str\n", "function greet has an unreadable signature"),
    ("wasmbind 2\nexports\n", "record wasmbind_exports_Evil at 0x10 is unreadable"),
    ("garbage", "record wasmbind_exports_Evil at 0x10 is unreadable"),
    ("wasmbind 1\nexports Evil\n", "built for wasmbind ABI 1, the host speaks 2"),
])
def test_unreadable_records_are_interface_errors(text, problem):
    with pytest.raises(wasmbind.Error) as refused:
        plugin("", [("wasmbind_exports_Evil", text)])
    assert refused.value.kind == "interface"
    assert problem in str(refused.value)


def test_an_oversized_record_is_refused_before_it_is_read():
    wasm = wasmtime.wat2wasm('(module (memory (export "memory") 2) (global (export "wasmbind_exports_Evil") i32 '
                             '(i32.const 16)) (data (i32.const 16) "\\01\\00\\01\\00"))')
    with pytest.raises(wasmbind.Error, match="record wasmbind_exports_Evil at 0x10 is longer than 65536 bytes"):
        wasmbind.load(wasm, name="evil")


def test_error_text_is_one_line_without_bidirectional_overrides():
    error = wasmbind.Error("panic", "plugin evil panicked in run at a.rs:1:2: ok\u202egnp\nplugin host: ok")
    assert str(error) == "plugin evil panicked in run at a.rs:1:2: ok gnp plugin host: ok"
    assert len(str(wasmbind.Error("trap", "x" * 100_000))) == 4 * 4096


def test_records_amplified_by_many_exports_are_read_once_within_a_budget():
    # 20,000 exports of one 60 KiB record were each read and parsed.
    text = "wasmbind 2\nexports Evil\n" + "".join(f"f{i} fn()\n" for i in range(6000))
    data = "".join(f"\\{b:02x}" for b in len(text).to_bytes(4, "little") + text.encode())
    exports = "".join(f'(global (export "wasmbind_exports_E{i}") i32 (i32.const 16))' for i in range(20_000))
    wasm = wasmtime.wat2wasm(f'(module (memory (export "memory") 2) {exports} (data (i32.const 16) "{data}"))')
    with pytest.raises(wasmbind.Error) as refused:
        wasmbind.load(wasm, name="evil")
    differences = refused.value.differences
    assert sum("as another record is" in line for line in differences) == 4095
    assert differences[0] == "record wasmbind_exports_E1 is at 0x10, as another record is"
    assert differences[4095] == "more than 4096 records: the rest are not read"


def test_decoded_values_are_charged_as_python_holds_them():
    # A 6.1 MiB body of 64-field structs became 163 MiB of Python objects.
    from wasmbind.records import TypeDef, parse_type
    from wasmbind.wire import Codec, WireError
    fields = ",".join(f"f{i}:u8" for i in range(64))
    codec = Codec([TypeDef.parse(f"struct Wide{{{fields}}}")])
    body = bytes(64 * 100_000)
    with pytest.raises(WireError, match="the per-call allocation budget"):
        codec.decode(parse_type("Vec<Wide>"), body)
    assert len(codec.decode(parse_type("Vec<Wide>"), bytes(64 * 1000))) == 1000


def test_a_plain_trap_poisons_the_plugin():
    evil = plugin('(func (export "boom") unreachable) (func (export "ok"))',
                  [exports("boom fn()", "ok fn()")])
    with pytest.raises(wasmbind.Error) as trapped:
        evil.boom()
    assert trapped.value.kind == "trap"
    assert str(trapped.value) == "plugin evil: boom: wasm trap: wasm `unreachable` instruction executed"
    with pytest.raises(wasmbind.Error) as poisoned:
        evil.ok()
    assert str(poisoned.value) == ("plugin evil: ok: not called: an earlier trap left the plugin unusable "
                                   "(wasm trap: wasm `unreachable` instruction executed); instantiate it again")


def test_a_bad_allocator_is_reported_for_the_argument():
    wasm = wasmtime.wat2wasm('''(module (memory (export "memory") 1)
      (global (export "wasmbind_exports_Evil") i32 (i32.const 16))
      (data (i32.const 16) "''' + record("wasmbind 2\nexports Evil\ngreet fn(&str)\n") + '''")
      (func (export "wasmbind_alloc") (param i32 i32) (result i32) (i32.const 70000))
      (func (export "greet") (param i64)))''')
    evil = wasmbind.load(wasm, name="evil")
    with pytest.raises(wasmbind.Error) as refused:
        evil.greet("Ada")
    assert str(refused.value) == ("plugin evil: greet: argument 0: allocator wasmbind_alloc(3, 1) returned 70000: "
                                  "bytes 70000..70003 are out of bounds of memory (65536 bytes)")


def test_a_huge_array_type_is_refused_by_its_body_not_built():
    evil = plugin(f'(func (export "big") (result i64) (i64.const {packed(2048, 8)}))',
                  [exports("big fn() -> [u8;4000000000]")])
    with pytest.raises(wasmbind.Error, match=r"big: result: encoding is truncated: needs 1 bytes at offset 8, 0 left"):
        evil.big()


def test_field_names_python_cannot_spell_are_renamed_and_duplicates_refused():
    evil = plugin('(func (export "odd") (result i64) (i64.const 0x0000000200000001))',
                  [exports("odd fn() -> Odd", types=["struct Odd{from:u32,r#type:u32}"])])
    odd = evil.odd()
    assert (odd.from_, odd.type) == (1, 2)
    assert evil.types.Odd(from_=1, type=2) == odd
    with pytest.raises(wasmbind.Error, match="its type lines cannot be used: Field name duplicated"):
        plugin('(func (export "dup") (result i64) (i64.const 0))',
               [exports("dup fn() -> Dup", types=["struct Dup{a:u8,a:u8}"])])
