// The kitchen test plugin from TypeScript in Node: every wire type as an
// export's argument and result (`echo_*`), and through a host function
// written in TypeScript and back (`via_*` call the `kitchen` module's
// `h_*`), with rich structs, data enums, maps, flags, recursive types,
// results, options of unit, slices, typed pointers, panics and objects
// the plugin owns. The plugin is `$WASMBIND_KITCHEN_WASM` (cargo test
// builds it and sets it).

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { before, test } from "node:test";

import { type Plugin, PluginError, Trap, type Value, load } from "../src/index.js";

const WASM = process.env["WASMBIND_KITCHEN_WASM"];
const skip = !WASM;

/** The `kitchen` module: every `h_*` echoes its value (noted in `seen`),
 * except those with behaviour of their own. */
const seen: unknown[] = [];
const behaviour: { [name: string]: (...args: never[]) => unknown } = {
  h_mixed: (a: string, b: number, c: { x: number; y: number }, d: Uint8Array, e: string | null) =>
    `${a}|${b}|${c.x},${c.y}|${Array.from(d).join(",")}|${e}`,
  h_nothing: () => void seen.push("nothing"),
  h_divide: (a: number, b: number) => (b ? { ok: Math.floor(a / b) } : { err: `cannot divide ${a} by zero` }),
  h_checked: (v: number) => {
    if (v === 0) throw new Trap("v must not be 0");
    return v;
  },
  h_set: (_key: string, value: Uint8Array) => (value.length <= 8 ? { ok: null } : { err: `${value.length} bytes is too long` }),
  h_metered: (text: string, data: Uint8Array) => text.length + data.length,
  h_unmetered: (text: string, data: Uint8Array) => text.length + data.length,
  h_count: (text: string) => text.length,
  h_lent: (v: string) => v.toUpperCase(),
  h_sum_points: (points: Array<{ x: number; y: number }>) => BigInt(points.reduce((s, p) => s + p.x + p.y, 0)),
  h_count_levels: (levels: string[]) => levels.filter((l) => l === "High").length,
};
const kitchenHost = new Proxy(behaviour, {
  get: (target, name: string) =>
    target[name] ?? (name.startsWith("h_") ? (v: Value) => (seen.push([name, v]), v) : undefined),
});
const host = {
  kitchen: kitchenHost,
  meter: { measure: (text: string) => text.length, count: (text: string) => new TextEncoder().encode(text).length },
  lender: {
    lookup: (key: string) => (key === "long" ? "é".repeat(500) : key === "" ? "" : `value of ${key}`),
    blob: (n: number) => Uint8Array.from({ length: Math.min(n, 600) }, (_, i) => i % 251),
  },
};

let kitchen: Plugin;
before(async () => {
  if (WASM) kitchen = await load(readFileSync(WASM), { host, name: "kitchen" });
});

const point = (x: number, y: number) => ({ x, y });

/** One interesting value per echoed type. */
function values(): { [name: string]: Value[] } {
  const scalars = {
    flag: true, i8: -128, u8: 255, i16: -32768, u16: 65535, i32: -(2 ** 31), u32: 2 ** 32 - 1, i64: -(2n ** 63n),
    u64: 2n ** 64n - 1n, f32: 1.5, f64: -2.25e300, c: "🦀", arr: [1, 2, 65535], inner: point(-1, 1),
  };
  const rich = {
    name: "rich ✓", level: "Mid", shapes: ["Dot", { Circle: { radius: 0.5 } }, { Label: ["l", point(1, 2)] }],
    pair: [7, "s", -9n], boxed: point(3, 4), outcome: { ok: [1, 2, 3] },
    tree: [["a", ["Low", "High"]], ["b", []]], grid: [-1, null, 32767],
  };
  const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
  return {
    bool: [true, false], i8: [-128, 127], u8: [0, 255], i16: [-32768], u16: [65535], i32: [-(2 ** 31), 2 ** 31 - 1],
    u32: [2 ** 32 - 1], i64: [-(2n ** 63n)], u64: [2n ** 64n - 1n], f32: [1.5, -0], f64: [Math.PI, -1e-300],
    char: ["a", "é", "🦀"], str: ["", "héllo"], string: ["x".repeat(1000)], bytes: [new Uint8Array(0), bytes],
    vec_u8: [Uint8Array.from({ length: 600 }, (_, i) => (i % 2 ? 0xff : 0))], scalars: [scalars],
    segment: [[point(1, 2), [point(3, 4), point(5, 6)]]], array: [[point(1, 1), point(2, 2), point(3, 3)]],
    points: [[], Array.from({ length: 100 }, (_, i) => point(i, -i || 0))], strings: [["a", "", "ccc"]],
    opt_string: [null, "some"], opt_i32: [null, -5], opt_point: [null, point(9, 8)], vec_opt: [[1n, null, 2n ** 64n - 1n]],
    opt_vec: [null, [], [scalars, scalars]],
    rich: [rich, { name: "", level: "Low", shapes: [], pair: [0, null, 0n], boxed: point(0, 0), outcome: { err: "High" }, tree: [], grid: [null, null, null] }],
    outcome: [{ ok: rich }, { err: { Circle: { radius: 1 } } }],
    hash: [[], [[1, ["one", "Low"]], [2 ** 32 - 1, ["max", "High"]]]],
    flags: [[], ["Read", "Exec"], ["Read", "Write", "Exec"]],
  };
}

/** A map's pairs in key order: a `HashMap` comes back in any order. */
function sorted(name: string, value: Value): Value {
  return name === "hash" && Array.isArray(value) ? [...value].sort((a, b) => Number((a as Value[])[0]) - Number((b as Value[])[0])) : value;
}

test("every type round-trips through an export and a host function", { skip }, () => {
  for (const [name, cases] of Object.entries(values())) {
    for (const value of cases) {
      assert.deepStrictEqual(sorted(name, kitchen.call(`echo_${name}`, value)), value, `echo_${name}`);
      seen.length = 0;
      assert.deepStrictEqual(sorted(name, kitchen.call(`via_${name}`, value)), value, `via_${name}`);
      assert.equal(seen.length, 1, name);
      assert.deepStrictEqual(sorted(name, (seen[0] as [string, Value])[1]), value, `the host function saw the same ${name}`);
    }
  }
});

test("recursive types, to the depth limit and past it", { skip }, () => {
  let deep: Value = { Leaf: [0] };
  for (let i = 0; i < 63; i++) deep = { Node: [[deep]] }; // 127 levels
  assert.deepStrictEqual(kitchen.call("echo_tree", deep), deep);
  assert.throws(() => kitchen.call("echo_tree", { Node: [[deep]] }), (e: unknown) => {
    assert.ok(e instanceof PluginError && e.kind === "panic");
    assert.equal(e.panicMessage, "wasmbind: echo_tree: v: values nest deeper than 128 levels (the nesting limit)");
    return true;
  });
  assert.deepStrictEqual(kitchen.call("echo_pair", { a: "Low", b: "High" }), { a: "Low", b: "High" });
});

test("flags are arrays of names, and unknown names are refused", { skip }, () => {
  const year = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  assert.deepStrictEqual(kitchen.call("months", [], [year, 7]), year);
  assert.deepStrictEqual(kitchen.call("months", ["Exec"], [year, 7]), ["Jan", "Feb", "Mar"]);
  assert.throws(() => kitchen.call("echo_flags", ["Delete"]), /echo_flags: argument 0: Perm has no flag "Delete"/);
});

test("many arguments, no result, results, options of unit and host errors", { skip }, () => {
  assert.equal(kitchen.call("mixed", "a", 7, point(1, 2), Uint8Array.of(1, 2), null), "a|7|1,2|[1, 2]|None");
  assert.equal(kitchen.call("via_mixed", "a", 7, point(1, 2), Uint8Array.of(1, 2), "e"), "a|7|1,2|1,2|e");
  seen.length = 0;
  assert.equal(kitchen.call("via_nothing"), null);
  assert.deepStrictEqual(seen, ["nothing"]);
  assert.equal(kitchen.call("try_divide", 7, 2), "ok 3");
  assert.equal(kitchen.call("try_divide", 7, 0), "handled: cannot divide 7 by zero");
  assert.deepStrictEqual(kitchen.call("set", "k", Uint8Array.of(1)), { ok: null });
  assert.deepStrictEqual(kitchen.call("set", "k", new Uint8Array(12)), { err: "host refused: 12 bytes is too long" });
  assert.deepStrictEqual(kitchen.call("unit_flag", true), { some: null });
  assert.equal(kitchen.call("unit_flag", false), null);
  assert.equal(kitchen.call("checked", 41), 42);
  assert.throws(() => kitchen.call("checked", 0), {
    message: "plugin kitchen: checked: host function kitchen::h_checked stopped the plugin: v must not be 0",
  });
});

test("slices, a second host module, results a Rust host lends, a typed pointer", { skip }, () => {
  const points = Array.from({ length: 1000 }, (_, i) => point(i, 2 * i));
  assert.equal(kitchen.call("sum_points", points), 1498500n);
  assert.equal(kitchen.call("via_sum_points", points), 1498500n);
  assert.equal(kitchen.call("count_shapes", [{ Circle: { radius: 1 } }, "Dot", { Circle: { radius: 2 } }]), 2);
  assert.equal(kitchen.call("via_count_levels", ["High", "Low", "High"]), 2);
  assert.equal(kitchen.call("measure", "four"), 4);
  assert.equal(kitchen.call("count", "né"), 3);
  assert.equal(kitchen.call("lent_lookup", "long"), "é".repeat(500)); // past the 256-byte result area
  assert.deepStrictEqual(kitchen.call("lent_blob", 300), Uint8Array.from({ length: 300 }, (_, i) => i % 251));
  const ptr = kitchen.call("shared_ptr") as number;
  kitchen.write(ptr, "Point", point(-3, 3));
  assert.deepStrictEqual(kitchen.call("shared"), point(-3, 3));
});

test("a panic names its line, and objects the plugin owns are reps", { skip }, () => {
  assert.throws(() => kitchen.call("pick", 3), /^PluginError: plugin kitchen panicked in pick at tests\/plugins\/kitchen\/src\/lib.rs:\d+:\d+: index out of bounds: the len is 3 but the index is 3$/);
  assert.equal(kitchen.call("pick", 2), 30);
  const live = kitchen.call("Counter.live") as number;
  const a = kitchen.call("Counter.new", "a", 1);
  assert.equal(typeof a, "bigint");
  assert.equal(kitchen.call("Counter.add", a, 4), 5);
  assert.equal(kitchen.call("Counter.show", a), "a=5");
  assert.equal(kitchen.call("Counter.finish", a), 5);
  assert.equal(kitchen.call("Counter.live"), live);
});
