"""The Python decoder under mutation, as tests/fuzz drives the Rust one:
every vector's body with bytes flipped, inserted, removed or overwritten
with boundary values (a fixed seed, the same inputs every run) either
decodes to a value whose encoding is stable, or is
refused with a WireError; nothing else may happen (no other exception, no
unbounded memory or time)."""

import json
import random
from pathlib import Path

from wasmbind.records import TypeDef, parse_type
from wasmbind.wire import Codec, WireError

VECTORS = json.loads((Path(__file__).resolve().parents[2] / "docs" / "vectors.json").read_text())
CODEC = Codec([TypeDef.parse(line) for line in VECTORS["types"]])
MUTATIONS = 3000
BOUNDARIES = [b"\0\0\0\0", b"\xff\xff\xff\xff", b"\0\0\0\x80", (128).to_bytes(4, "little")]


def mutate(rng: random.Random, seed: bytes) -> bytes:
    data = bytearray(seed)
    for _ in range(1 + rng.randrange(4)):
        at = rng.randrange(len(data) + 1)
        kind = rng.randrange(5)
        if kind == 0 and at < len(data):
            data[at] ^= 1 << rng.randrange(8)
        elif kind == 1:
            data.insert(at, rng.randrange(256))
        elif kind == 2 and at < len(data):
            del data[at]
        elif kind == 3:
            data[at:at + 4] = rng.choice(BOUNDARIES)
        else:
            data += bytes(rng.randrange(256) for _ in range(rng.randrange(16)))
    return bytes(data)


def test_mutated_bodies_decode_or_are_refused():
    rng = random.Random(0x9E3779B97F4A7C15)
    vectors = VECTORS["valid"] + VECTORS["invalid"]
    outcomes = {"decoded": 0, "refused": 0}
    for _ in range(MUTATIONS):
        vector = rng.choice(vectors)
        ty = parse_type(vector["type"])
        body = mutate(rng, bytes.fromhex(vector["body"]))
        try:
            value = CODEC.decode(ty, body)
        except WireError:
            outcomes["refused"] += 1
            continue
        # Encoding is stable (compared as bodies: NaN is not equal to itself).
        again = CODEC.encode(ty, value)
        assert CODEC.encode(ty, CODEC.decode(ty, again)) == again, (vector["type"], body.hex())
        outcomes["decoded"] += 1
    assert outcomes["decoded"] > 100 and outcomes["refused"] > 1000, outcomes
