"""A large result does not stay in the plugin after the Python host read it:
the host calls `wasmbind_release` for body results of RELEASE_MIN bytes or
more (docs/ABI.md section 4); shorter ones stay in the plugin's result slot
without a second call."""

import wasmbind
from wasmbind.host import RELEASE_MIN


class Wide:
    """The heap plugin's `wide` module: the widest host functions."""

    def __init__(self):
        self.notes = []

    def note(self, *values):
        self.notes.append(values)

    def sum(self, *values):
        return sum(values)


def test_a_large_result_is_freed_and_a_short_one_kept(heap_wasm):
    heap = wasmbind.load(heap_wasm, host={"wide": Wide()}, name="heap")
    before = heap.call("live")
    n = RELEASE_MIN // 4
    assert heap.call("list", n) == list(range(n))
    assert heap.call("live") == before, "the 4 KiB result no longer held"
    assert heap.call("list", 4) == [0, 1, 2, 3]
    assert 16 <= heap.call("live") - before < RELEASE_MIN, "the 16-byte result is kept, with no second call"


def test_the_widest_signatures_cross(heap_wasm):
    wide = Wide()
    heap = wasmbind.load(heap_wasm, host={"wide": wide}, name="heap")
    args = (1, -2, 3, -4, 5, -6, 7, -8, 9, 10, 11, 12, 13, 14, 15, 16)
    assert heap.call("wide", *args) == sum(args)
    assert wide.notes == [args]
