// docs/vectors.json, the wire test vectors the Rust runtime generates:
// every valid body decodes to its value and the value encodes back to the
// body, it travels at the top level as the vector says, and every invalid
// body (and inline core value) is refused with the Rust runtime's message.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import {
  Codec, GRAMMAR, WireError, parseType, parseTypeDef, sameSignature, spell, typeDefText,
} from "../src/index.js";

// 64-bit integers past 2^53 are quoted before parsing, so none loses bits.
const text = readFileSync(new URL("../../../docs/vectors.json", import.meta.url) /* run from ts/dist/test */, "utf8")
  .replace(/(?<=[:[,]\s*)(-?\d{16,})(?=\s*[,\]}])/g, '"$1"');
const VECTORS = JSON.parse(text);
const CODEC = new Codec(VECTORS.types.map(parseTypeDef));

function bytes(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g) ?? [], (b) => parseInt(b, 16));
}

function hex(data: Uint8Array): string {
  return Array.from(data, (b) => b.toString(16).padStart(2, "0")).join("");
}

test("the vectors are for this ABI", () => {
  assert.equal(VECTORS.abi, 2);
  assert.ok(VECTORS.valid.length > 40 && VECTORS.invalid.length > 10 && VECTORS.invalid_inline.length > 0);
});

for (const vector of VECTORS.valid) {
  test(`valid ${vector.type} ${vector.body}`, () => {
    const ty = parseType(vector.type);
    const value = CODEC.fromJson(ty, vector.value);
    assert.equal(hex(CODEC.encode(ty, value)), vector.body);
    assert.deepEqual(CODEC.decode(ty, bytes(vector.body)), value);
    assert.equal(CODEC.fixedSize(ty), vector.fixed_size);
    const top = vector.top;
    if (top === "memory") {
      assert.ok(Codec.coreType(ty) === "i64" && !CODEC.inline(ty));
    } else if ("inline" in top) {
      assert.ok(CODEC.inline(ty));
      assert.deepEqual(CODEC.fromInline(ty, BigInt(top.inline)), value);
    } else {
      assert.ok(!CODEC.inline(ty) && Codec.coreType(ty) !== null);
      if (typeof top.scalar === "number" && !Number.isInteger(top.scalar)) {
        assert.equal(top.scalar, value);
      } else {
        assert.deepEqual(CODEC.fromCore(ty, BigInt(top.scalar)), value);
      }
    }
  });
}

for (const vector of VECTORS.invalid) {
  test(`invalid ${vector.type} ${vector.body}: ${vector.why}`, () => {
    assert.throws(() => CODEC.decode(parseType(vector.type), bytes(vector.body)), (e: unknown) => {
      assert.ok(e instanceof WireError);
      assert.equal(e.message, vector.error);
      return true;
    });
  });
}

for (const vector of VECTORS.invalid_inline) {
  test(`invalid inline ${vector.type} ${vector.inline}: ${vector.why}`, () => {
    const ty = parseType(vector.type);
    assert.ok(CODEC.inline(ty));
    assert.throws(() => CODEC.fromInline(ty, BigInt(vector.inline)), { message: vector.error });
  });
}

test("type lines round-trip", () => {
  for (const line of VECTORS.types) assert.equal(typeDefText(parseTypeDef(line)), line);
});

test("signatures compare as types", () => {
  for (const pair of VECTORS.signatures) {
    assert.equal(sameSignature(pair.a, pair.b), pair.same, `${pair.a} | ${pair.b}`);
    assert.equal(sameSignature(pair.b, pair.a), pair.same);
  }
});

test("the grammar is the Rust table, and each row parses what it spells", () => {
  assert.deepEqual(VECTORS.grammar.map((row: { form: string; pattern: string }) => [row.form, row.pattern]), GRAMMAR);
  for (const row of VECTORS.grammar) {
    let spelling: string = row.pattern;
    for (const [from, to] of [["T,..", "u8,u8"], ["<T>", "<u8>"], ["<T,E>", "<u8,u8>"], ["[T]", "[u8]"],
      ["[T;N]", "[u8;3]"], ["<K>", "<Table>"], ["Name<", "Point<"]]) spelling = spelling.replace(from as string, to as string);
    const ty = parseType(spelling);
    assert.equal(ty.form, row.form);
    assert.equal(spell(ty), spelling);
  }
});

test("hostile spellings are errors, not hangs or crashes", () => {
  assert.throws(() => parseType("Vec<".repeat(100_000)), /nests too deeply/);
  assert.throws(() => parseType("[u8;99999999999999999999]"), /expected a number/);
  const deep = "Option<".repeat(60) + "u8" + ">".repeat(60);
  assert.equal(spell(parseType(deep)), deep);
});
