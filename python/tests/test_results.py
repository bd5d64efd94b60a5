"""A large result does not stay in the plugin after the Python host read it:
the host calls `wasmbind_release` for body results of RELEASE_MIN bytes or
more (docs/ABI.md section 4); shorter ones stay in the plugin's result slot
without a second call."""

import wasmbind
from wasmbind.host import RELEASE_MIN


def test_a_large_result_is_freed_and_a_short_one_kept(heap_wasm):
    heap = wasmbind.load(heap_wasm, name="heap")
    before = heap.call("live")
    n = RELEASE_MIN // 4
    assert heap.call("list", n) == list(range(n))
    assert heap.call("live") == before, "the 4 KiB result no longer held"
    assert heap.call("list", 4) == [0, 1, 2, 3]
    assert 16 <= heap.call("live") - before < RELEASE_MIN, "the 16-byte result is kept, with no second call"
