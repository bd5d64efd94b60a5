"""The kitchen test plugin from Python: every wire type as an export
argument and result (`echo_*`), and through a Python host function and
back (`via_*` call the `kitchen` module's `h_*`), with rich structs, data
enums, maps, recursive and generic types."""

import math

import pytest

import wasmbind
from wasmbind import Err, Ok, Some


class Kitchen:
    """The `kitchen` host module: echoes, plus the functions with behaviour."""

    def __init__(self):
        self.seen = []

    def __getattr__(self, name):
        if name.startswith("h_"):  # h_bool, h_str, h_rich, ...: echo the value
            def echo(v):
                self.seen.append((name, v))
                return v
            return echo
        raise AttributeError(name)

    def h_mixed(self, a, b, c, d, e):
        return f"{a}|{b}|{c.x},{c.y}|{list(d)}|{e!r}"

    def h_nothing(self):
        self.seen.append("nothing")

    def h_divide(self, a, b):
        return Ok(a // b) if b else Err(f"cannot divide {a} by zero")

    def h_checked(self, v):
        if v == 0:
            raise wasmbind.Trap("v must not be 0")
        return v

    def h_set(self, key, value):
        return Ok(None) if len(value) <= 8 else Err(f"{len(value)} bytes is too long")

    def h_metered(self, text, data):
        return len(text) + len(data)

    h_unmetered = h_metered

    def h_count(self, text):
        return len(text)

    def h_lent(self, v):
        return v.upper()

    def h_sum_points(self, points):
        return sum(p.x + p.y for p in points)

    def h_count_levels(self, levels):
        return sum(1 for level in levels if level.name == "High")


class Lender:
    """The `lender` module, whose Rust host lends `&str`/`&[u8]`: its records
    say `String` and `Vec<u8>`, and a Python host returns those."""

    def lookup(self, key):
        return {"": "", "long": "é" * 500}.get(key, f"value of {key}")

    def blob(self, n):
        return bytes(i % 251 for i in range(min(n, 600)))


class Meter:
    def measure(self, text):
        return len(text)

    def count(self, text):
        return len(text.encode())


@pytest.fixture(scope="module")
def host():
    return Kitchen()


@pytest.fixture(scope="module")
def kitchen(kitchen_wasm, host):
    return wasmbind.load(kitchen_wasm, host={"kitchen": host, "meter": Meter(), "lender": Lender()}, name="kitchen")


def values(t):
    """One interesting value per echoed type, made with the plugin's classes."""
    Point, Level, Shape = t.Point, t.Level, t.Shape
    scalars = t.Scalars(flag=True, i8=-128, u8=255, i16=-32768, u16=65535, i32=-2**31, u32=2**32 - 1,
                        i64=-2**63, u64=2**64 - 1, f32=1.5, f64=-2.25e300, c="🦀", arr=[1, 2, 65535],
                        inner=Point(-1, 1))
    rich = t.Rich(name="rich ✓", level=Level.Mid,
                  shapes=[Shape.Dot(), Shape.Circle(radius=0.5), Shape.Label("l", Point(1, 2))],
                  pair=(7, "s", -9), boxed=Point(3, 4), outcome=Ok([1, 2, 3]),
                  tree={"a": [Level.Low, Level.High], "b": []}, grid=[-1, None, 32767])
    return {
        "bool": [True, False], "i8": [-128, 127], "u8": [0, 255], "i16": [-32768], "u16": [65535],
        "i32": [-2**31, 2**31 - 1], "u32": [2**32 - 1], "i64": [-2**63], "u64": [2**64 - 1],
        "f32": [1.5, -0.0], "f64": [math.pi, -1e-300], "char": ["a", "é", "🦀"],
        "str": ["", "héllo"], "string": ["x" * 1000], "bytes": [b"", bytes(range(256))],
        "vec_u8": [b"\x00\xff" * 300], "scalars": [scalars],
        "segment": [t.Segment(Point(1, 2), [Point(3, 4), Point(5, 6)])],
        "array": [[Point(1, 1), Point(2, 2), Point(3, 3)]],
        "points": [[], [Point(i, -i) for i in range(100)]],
        "strings": [["a", "", "ccc"]], "opt_string": [None, "some"], "opt_i32": [None, -5],
        "opt_point": [None, Point(9, 8)], "vec_opt": [[1, None, 2**64 - 1]],
        "opt_vec": [None, [], [scalars, scalars]],
        "rich": [rich, t.Rich(name="", level=Level.Low, shapes=[], pair=(0, None, 0), boxed=Point(0, 0),
                              outcome=Err(Level.High), tree={}, grid=[None, None, None])],
        "outcome": [Ok(rich), Err(Shape.Circle(radius=1.0))],
        "hash": [{}, {1: ("one", Level.Low), 2**32 - 1: ("max", Level.High)}],
        "flags": [t.Perm(0), t.Perm.Read | t.Perm.Exec, ~t.Perm(0)],
    }


def test_every_type_round_trips_through_an_export_and_a_host_function(kitchen, host):
    for name, cases in values(kitchen.types).items():
        for value in cases:
            assert kitchen.call(f"echo_{name}", value) == value, name
            host.seen.clear()
            assert kitchen.call(f"via_{name}", value) == value, name
            assert host.seen == [(f"h_{name}", value)], name  # the host function saw the same value


def test_recursive_and_generic_types(kitchen):
    Tree, Pair, Level = kitchen.types.Tree, kitchen.types["Pair<Level>"], kitchen.types.Level
    tree = Tree.Node([Tree.Leaf(1), Tree.Node([Tree.Node([]), Tree.Leaf(2**32 - 1)])])
    assert kitchen.echo_tree(tree) == tree
    assert kitchen.echo_pair(Pair(a=Level.Low, b=Level.High)) == Pair(Level.Low, Level.High)
    deep = Tree.Leaf(0)
    for _ in range(63):  # each Node is two levels (the enum, its Vec): 127 in all
        deep = Tree.Node([deep])
    assert kitchen.echo_tree(deep) == deep
    with pytest.raises(wasmbind.Error) as refused:  # 129 levels: the plugin refuses its argument
        kitchen.echo_tree(Tree.Node([deep]))
    assert refused.value.kind == "panic"
    assert refused.value.message == "wasmbind: echo_tree: v: values nest deeper than 128 levels (the nesting limit)"
    tree_ty = wasmbind.parse_type("Tree")
    codec = kitchen.exports["echo_tree"][1]
    body = codec.encode(tree_ty, Tree.Node([deep]))
    with pytest.raises(wasmbind.WireError, match="values nest deeper than 128 levels"):
        codec.decode(tree_ty, body)  # and so does the Python host
    assert codec.decode(tree_ty, codec.encode(tree_ty, deep)) == deep


def test_flags_are_enum_flag_classes_and_unnamed_bits_are_refused(kitchen):
    Perm, Month = kitchen.types.Perm, kitchen.types.Month
    year = ~Month(0)
    assert len(year) == 12 and Month.Dec in year
    assert kitchen.months(Perm(0), (year, 7)) == year
    assert kitchen.months(Perm.Exec, (year, 7)) == Month.Jan | Month.Feb | Month.Mar
    assert kitchen.months(["Exec", "Read"], None) == Month(0)  # flag names in, a set out
    with pytest.raises(TypeError, match="echo_flags: argument 0: Perm has no flag 'Delete'"):
        kitchen.echo_flags(["Delete"])
    with pytest.raises(TypeError, match="echo_flags: argument 0: expected a set of Perm flags, got 3"):
        kitchen.echo_flags(3)
    codec = kitchen.exports["echo_flags"][1]
    perm = wasmbind.parse_type("Perm")
    assert codec.encode(perm, Perm.Write) == b"\x02"
    with pytest.raises(wasmbind.WireError, match="flags 0x8 set a bit that names no flag of Perm"):
        codec.decode(perm, b"\x08")


def test_many_arguments_and_no_result(kitchen, host):
    Point = kitchen.types.Point
    assert kitchen.mixed("a", 7, Point(1, 2), b"\x01\x02", None) == "a|7|1,2|[1, 2]|None"
    assert kitchen.via_mixed("a", 7, Point(1, 2), b"\x01\x02", "e") == "a|7|1,2|[1, 2]|'e'"
    assert kitchen.nothing() is None
    host.seen.clear()
    assert kitchen.via_nothing() is None
    assert host.seen == ["nothing"]


def test_results_options_of_unit_and_host_errors(kitchen):
    assert kitchen.try_divide(7, 2) == "ok 3"
    assert kitchen.try_divide(7, 0) == "handled: cannot divide 7 by zero"
    assert kitchen.set("k", b"short") == Ok(None)
    assert kitchen.set("k", b"far too long") == Err("host refused: 12 bytes is too long")
    assert kitchen.set("", b"") == Err("empty key")
    assert kitchen.unit_flag(True) == Some(None)
    assert kitchen.unit_flag(False) is None
    assert kitchen.checked(41) == 42
    with pytest.raises(wasmbind.Error) as stopped:
        kitchen.checked(0)
    assert str(stopped.value) == "plugin kitchen: checked: host function kitchen::h_checked stopped the plugin: " \
                                 "v must not be 0"


def test_slices_in_place_and_through_the_host(kitchen):
    t = kitchen.types
    points = [t.Point(i, 2 * i) for i in range(1000)]
    assert kitchen.sum_points(points) == sum(3 * i for i in range(1000))
    assert kitchen.via_sum_points(points) == sum(3 * i for i in range(1000))
    assert kitchen.count_shapes([t.Shape.Circle(radius=1.0), "Dot", {"Circle": {"radius": 2.0}}]) == 2
    assert kitchen.via_count_levels([t.Level.High, t.Level.Low, t.Level.High]) == 2


def test_a_second_module_of_host_functions(kitchen):
    assert kitchen.measure("four") == 4
    assert kitchen.count("né") == 3
    assert kitchen.count_free("abc") == 3
    assert kitchen.metered("ab", b"cde") == 5


def test_a_guest_pointer_into_a_shared_static(kitchen):
    ptr = kitchen.shared_ptr()
    kitchen.write(ptr, kitchen.types.Point(-3, 3))
    assert kitchen.shared() == kitchen.types.Point(-3, 3)
    assert kitchen.read(ptr) == kitchen.types.Point(-3, 3)


def test_a_panic_names_the_line(kitchen):
    with pytest.raises(wasmbind.Error) as panicked:
        kitchen.pick(3)
    assert panicked.value.kind == "panic"
    assert str(panicked.value).startswith("plugin kitchen panicked in pick at tests/plugins/kitchen/src/lib.rs:")
    assert str(panicked.value).endswith(": index out of bounds: the len is 3 but the index is 3")
    assert kitchen.pick(2) == 30


def test_results_a_rust_host_lends_are_owned_values_here(kitchen):
    assert kitchen.call("lent_lookup", "k") == "value of k"
    assert kitchen.call("lent_lookup", "long") == "é" * 500
    assert kitchen.call("lent_blob", 300) == bytes(i % 251 for i in range(300))
    assert kitchen.call("lent_free", "py") == "PY"


def test_objects_the_plugin_owns_by_their_qualified_exports(kitchen):
    """A `#[plugin_export(object)]` type from Python: each object is its rep
    (records spell it `Resource<CounterObject>`), passed to `Counter.*`."""
    assert kitchen.exports["Counter.add"][0].params[0] == ("resource", "CounterObject")
    before = kitchen.call("Counter.live")
    a = kitchen.call("Counter.new", "a", 1)
    b = kitchen.call("Counter.new", "b", 2)
    assert kitchen.call("Counter.add", a, 4) == 5
    assert kitchen.call("Counter.show", a) == "a=5"
    assert kitchen.call("Counter.finish", a) == 5  # consumed: the plugin drops it
    kitchen.call("Counter.drop", b)  # the destructor
    assert kitchen.call("Counter.live") == before
    assert kitchen.call("Counter.dropped")[-2:] == ["a=5", "b=2"]
    with pytest.raises(wasmbind.Error, match=f"Counter {b} does not exist"):
        kitchen.call("Counter.show", b)
