"""The tour plugin (examples/tour) from Python: every export, every host
function of its `env` module as a Python method, WASI output, typed
pointers, host traps and panics with the Rust host's messages."""

import pytest
import wasmtime

import wasmbind
from wasmbind import Err, Ok


class Env:
    """The tour's `env` module (tour_api::Env) in Python."""

    def __init__(self):
        self.shared = 0
        self.logs = []
        self.settings = {"greeting": "Howdy", "answer": "42", "theme": "solarized dark"}

    def log(self, msg):
        self.logs.append(msg)

    def shared_value(self):
        return self.shared

    def set_shared_value(self, value):
        self.shared = value

    def get(self, key):
        return self.settings.get(key)

    def number(self, key):
        value = self.settings.get(key)
        if value is None or not value.isdigit():
            return Err(f"{key} is not a number")
        return Ok(int(value))

    def require(self, key):
        if key not in self.settings:
            raise wasmbind.Trap(f"required setting {key} is missing")
        return self.settings[key]


@pytest.fixture
def env():
    return Env()


@pytest.fixture
def tour(tour_wasm, env):
    return wasmbind.load(tour_wasm, host={"env": env}, name="tour")


def test_scalars_cross_both_ways(tour):
    assert tour.greet("Ada") == "Hello, Ada!"
    assert tour.just_add(2, 3) == 5
    assert tour.just_add(2**64 - 1, 2) == 1  # u64 wraps in the plugin, unsigned on both sides
    assert tour.third_letter("héllo") == "l"


def test_host_functions_for_a_shared_value(tour, env):
    env.shared = 10
    assert tour.bump_shared(5) == 15
    assert env.shared == 15
    assert env.logs == ["shared value was 10, adding 5"]
    assert tour.bump_shared(-20) == -5


def test_structs_travel_inline_and_as_dicts(tour):
    Point = tour.types.Point
    assert tour.point_add(Point(1, 2), Point(x=-5, y=10)) == Point(-4, 12)
    assert tour.point_add({"x": 1, "y": 2}, Point(3, 4)) == Point(4, 6)
    assert tour.cursor() == Point(1, 2)


def test_a_typed_pointer_reads_and_writes_the_plugins_memory(tour):
    ptr = tour.cursor_ptr()
    assert isinstance(ptr, wasmbind.GuestPtr) and ptr.address % 4 == 0
    assert tour.read(ptr) == tour.types.Point(1, 2)
    tour.write(ptr, tour.types.Point(7, -7))
    assert tour.cursor() == tour.types.Point(7, -7)  # the plugin sees the host's write
    with pytest.raises(wasmbind.Error, match=r"pointer 0x[0-9a-f]+ to Point: pointer \d+ is not aligned to 4 bytes"):
        tour.read(wasmbind.GuestPtr(ptr.address + 1, ptr.ty, ptr.codec))
    with pytest.raises(wasmbind.Error, match=r"are out of bounds of memory"):
        tour.read(wasmbind.GuestPtr(0xFFFFFFF0, ptr.ty, ptr.codec))


def test_options_results_and_enums(tour, env):
    Shape = tour.types.Shape
    assert tour.describe("greeting") == 'greeting = "Howdy"'
    assert tour.describe("colour") == "colour is not set"
    assert tour.area(Shape.Circle(radius=2.0)) == Ok(12.0)
    assert tour.area(Shape.Dot()) == Ok(0.0)
    assert tour.area("Dot") == Ok(0.0)
    label = Shape.Label("hi", tour.types.Point(3, 4))
    assert tour.area(label) == Err('label "hi" at (3, 4) has no area')
    assert tour.area({"Label": ["hi", {"x": 3, "y": 4}]}) == Err('label "hi" at (3, 4) has no area')
    assert tour.setting_or_zero("answer") == 42
    assert tour.setting_or_zero("greeting") == 0
    assert env.logs[-1] == "no number for greeting: greeting is not a number"


def test_wasi_output_reaches_the_host(tour_wasm, env, tmp_path):
    out = tmp_path / "stdout"
    wasi = wasmtime.WasiConfig()
    wasi.stdout_file = str(out)
    tour = wasmbind.load(tour_wasm, host={"env": env}, name="tour", wasi=wasi)
    assert tour.say_hello("Bob") == len("hello Bob, from inside the plugin (println! through WASI)") + 1
    assert out.read_text() == "hello Bob, from inside the plugin (println! through WASI)\n"


def test_a_host_trap_stops_the_call_with_the_rust_hosts_message(tour):
    assert tour.required("theme") == "solarized dark"
    with pytest.raises(wasmbind.Error) as stopped:
        tour.required("font")
    assert stopped.value.kind == "host_trap"
    assert str(stopped.value) == \
        "plugin tour: required: host function env::require stopped the plugin: required setting font is missing"
    assert tour.greet("again") == "Hello, again!"  # a trap at a boundary leaves the plugin usable


def test_a_panic_is_reported_with_its_location_and_the_plugin_goes_on(tour):
    with pytest.raises(wasmbind.Error) as panicked:
        tour.third_letter("hi")
    error = panicked.value
    assert error.kind == "panic"
    assert error.location.startswith("examples/tour/plugin/src/lib.rs:")
    assert str(error) == (f"plugin tour panicked in third_letter at {error.location}: "
                          "index out of bounds: the len is 2 but the index is 2")
    for _ in range(50):  # the stack pointer is restored after each panic
        with pytest.raises(wasmbind.Error):
            tour.third_letter("no")
    assert tour.third_letter("yes") == "s"


def test_a_host_without_a_function_the_plugin_imports_is_refused(tour_wasm):
    class Partial:
        def log(self, msg):
            pass

    with pytest.raises(wasmbind.Error) as refused:
        wasmbind.load(tour_wasm, host={"env": Partial()}, name="tour")
    assert refused.value.kind == "interface"
    assert str(refused.value).startswith(
        "plugin tour: 5 interface differences: imports env::shared_value, which the host does not provide "
        "(pass load() host={'env': ...}, an object with a method shared_value); ")
    assert refused.value.differences[0] == \
        "imports env::shared_value, which the host does not provide " \
        "(pass load() host={'env': ...}, an object with a method shared_value)"
    assert len(refused.value.differences) == 5


def test_a_host_method_that_cannot_take_the_arguments_is_refused(tour_wasm, env):
    env.log = lambda: None
    with pytest.raises(wasmbind.Error, match=r"plugin tour: import env::log: the plugin passes 1 argument \(fn\(&str\)\)"):
        wasmbind.load(tour_wasm, host={"env": env}, name="tour")


def test_expected_records_are_compared_as_the_rust_host_compares_them(tour_wasm, env):
    ours = wasmbind.read_records(tour_wasm)
    tour_record = next(r for r in ours if r.kind == "exports")
    assert tour_record.to_text().startswith("wasmbind 2\nexports Tour\njust_add fn(u64, u64) -> u64\n")
    assert [str(t) for t in tour_record.types] == \
        ["struct Point{x:i32,y:i32}", "enum Shape{Dot,Circle{radius:f32},Label(String,Point)}"]
    wasmbind.load(tour_wasm, host={"env": env}, expect=[tour_record])  # itself: no differences

    changed = tour_record.to_text().replace("struct Point{x:i32,y:i32}", "struct Point{x:i64,y:i64}")
    changed = changed.replace("greet fn(&str) -> String", "greet fn(String) -> String")
    changed = changed.replace("describe fn", "describes fn")
    with pytest.raises(wasmbind.Error) as refused:
        wasmbind.load(tour_wasm, host={"env": env}, name="tour", expect=[changed], exact=True)
    assert refused.value.differences == [
        "export greet: host expects fn(String) -> String, plugin has fn(&str) -> String",
        "export describes: host expects fn(&str) -> String, plugin does not export it (did you mean describe?)",
        "export describe: plugin has fn(&str) -> String, which the host does not declare",
        "type Point: field x: host has i64, plugin has i32",
        "type Point: field y: host has i64, plugin has i32",
    ]
    # One line, as the Rust host's `Display`.
    assert str(refused.value).startswith("plugin tour: 5 interface differences: export greet: host expects")
    assert "\n" not in str(refused.value)


def test_extra_exports_are_accepted_unless_exact_and_optional_ones_may_be_missing(tour_wasm, env):
    tour_record = next(r for r in wasmbind.read_records(tour_wasm) if r.kind == "exports")
    # An older host: it does not declare `describe`.
    older = "".join(line + "\n" for line in tour_record.to_text().splitlines() if not line.startswith("describe "))
    plugin = wasmbind.load(tour_wasm, host={"env": env}, name="tour", expect=[older])
    assert plugin.extra_exports == ["describe"]
    with pytest.raises(wasmbind.Error, match=r"^plugin tour: export describe: plugin has fn\(&str\) -> String, "
                                             r"which the host does not declare$"):
        wasmbind.load(tour_wasm, host={"env": env}, name="tour", expect=[older], exact=True)
    # A newer host: it declares `version`, optional, which this plugin lacks.
    newer = tour_record.to_text().replace("just_add fn", "version fn() -> u32\njust_add fn")
    plugin = wasmbind.load(tour_wasm, host={"env": env}, name="tour", expect=[newer], optional=["version"])
    assert plugin.absent_exports == ["version"]
    assert plugin.just_add(40, 2) == 42
    with pytest.raises(wasmbind.Error, match="export version: host expects fn\\(\\) -> u32, plugin does not export it"):
        wasmbind.load(tour_wasm, host={"env": env}, name="tour", expect=[newer])


def test_a_plugin_is_named_as_the_rust_host_names_it(tour_wasm, env):
    # The module name `cargo wasmbind build` gives it (its package's), not the file's.
    assert wasmbind.load(tour_wasm, host={"env": env}).name == "tour-plugin"
    assert wasmbind.load(tour_wasm, host={"env": env}, name="mine").name == "mine"
    header = b"\0asm\x01\0\0\0"
    named = header + b"\x00\x0b\x04name\x00\x04\x03abc"
    assert wasmbind.module_name(named) == "abc"
    # Hostile or broken sections: no name, and no exception or loop.
    for broken in [header + b"\x00\x0b\x04name\x00\x04\x09abc",  # a name past its subsection
                   header + b"\x00" + b"\xff" * 10,  # a size that never ends
                   header + b"\x00\xff\xff\xff\xff\x0f\x04name",  # a section past the end
                   header + b"\x00\x09\x04name\x00\x02\x01\xff",  # not UTF-8
                   b"not wasm"]:
        assert wasmbind.module_name(broken) is None


def test_bad_arguments_are_python_errors_before_the_call(tour):
    with pytest.raises(TypeError, match="bump_shared: argument 0: 2147483648 does not fit in i32"):
        tour.bump_shared(2**31)
    with pytest.raises(TypeError, match="expected a str"):
        tour.greet(b"Ada")
    with pytest.raises(TypeError, match=r"^plugin tour: greet takes 1 argument \(fn\(&str\) -> String\), 0 given$"):
        tour.greet()
    with pytest.raises(AttributeError, match="has no export 'nope'"):
        tour.nope()


@pytest.mark.parametrize("ours, theirs, lines", [
    ("struct P{x:i64}", "struct P{x:i32,y:i32}",
     ["field x: host has i64, plugin has i32", "field y: plugin has i32, which the host does not have"]),
    ("struct P{x:i32}", "struct P{z:i32}", ["field 0: host has x: i32, plugin has z: i32"]),
    ("struct P(u8)", "struct P{a:u8}", ["host has tuple fields, plugin has named fields"]),
    ("enum S{A,B(u8),C{r:f32}}", "enum S{A,B(u16),D}",
     ["variant B: field 0: host has u8, plugin has u16", "variant 2: host has C, plugin has D"]),
    ("struct S", "enum S{A}", ["host has struct S, plugin has enum S{A}"]),
])
def test_type_differences_name_the_field_as_the_rust_host_does(ours, theirs, lines):
    from wasmbind.records import _def_differences
    assert _def_differences(wasmbind.TypeDef.parse(ours), wasmbind.TypeDef.parse(theirs)) == lines
