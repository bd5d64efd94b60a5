// The tour plugin (examples/tour) from TypeScript in Node: every export,
// every host function of its `env` module as a method, WASI output, typed
// pointers, host traps and panics with the Rust host's messages. The
// plugin is `$WASMBIND_TOUR_WASM` (cargo test builds it and sets it).

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { type Plugin, PluginError, Trap, load, moduleName } from "../src/index.js";

const WASM = process.env["WASMBIND_TOUR_WASM"];

class Env {
  shared = 0;
  logs: string[] = [];
  settings = new Map([["greeting", "Howdy"], ["answer", "42"], ["theme", "solarized dark"]]);

  log(msg: string): void {
    this.logs.push(msg);
  }
  shared_value(): number {
    return this.shared;
  }
  set_shared_value(value: number): void {
    this.shared = value;
  }
  get(key: string): string | null {
    return this.settings.get(key) ?? null;
  }
  number(key: string): { ok: number } | { err: string } {
    const value = this.settings.get(key);
    return value !== undefined && /^\d+$/.test(value) ? { ok: Number(value) } : { err: `${key} is not a number` };
  }
  require(key: string): string {
    const value = this.settings.get(key);
    if (value === undefined) throw new Trap(`required setting ${key} is missing`);
    return value;
  }
}

async function tour(env = new Env(), stdout?: (text: string) => void): Promise<Plugin> {
  assert.ok(WASM, "set WASMBIND_TOUR_WASM to the tour plugin (cargo test does)");
  // The panic hook's lines go to stderr: kept out of the test's output.
  const stderr = (): void => undefined;
  return load(readFileSync(WASM), { host: { env }, name: "tour", wasi: stdout ? { stdout, stderr } : { stderr } });
}

test("scalars cross both ways", { skip: !WASM }, async () => {
  const t = await tour();
  assert.equal(t.call("greet", "Ada"), "Hello, Ada!");
  assert.equal(t.exports["just_add"]?.(2n, 3n), 5n);
  assert.equal(t.call("just_add", 2n ** 64n - 1n, 2n), 1n); // u64 wraps in the plugin, unsigned on both sides
  assert.equal(t.call("third_letter", "héllo"), "l");
});

test("host functions reach the host's state", { skip: !WASM }, async () => {
  const env = new Env();
  const t = await tour(env);
  env.shared = 10;
  assert.equal(t.call("bump_shared", 5), 15);
  assert.equal(env.shared, 15);
  assert.deepEqual(env.logs, ["shared value was 10, adding 5"]);
  assert.equal(t.call("bump_shared", -20), -5);
});

test("structs travel inline, enums and results as tagged objects", { skip: !WASM }, async () => {
  const env = new Env();
  const t = await tour(env);
  assert.deepEqual(t.call("point_add", { x: 1, y: 2 }, { x: -5, y: 10 }), { x: -4, y: 12 });
  assert.deepEqual(t.call("cursor"), { x: 1, y: 2 });
  assert.equal(t.call("describe", "greeting"), 'greeting = "Howdy"');
  assert.equal(t.call("describe", "colour"), "colour is not set");
  assert.deepEqual(t.call("area", { Circle: { radius: 2 } }), { ok: 12 });
  assert.deepEqual(t.call("area", "Dot"), { ok: 0 });
  assert.deepEqual(t.call("area", { Label: ["hi", { x: 3, y: 4 }] }), { err: 'label "hi" at (3, 4) has no area' });
  assert.equal(t.call("setting_or_zero", "answer"), 42);
  assert.equal(t.call("setting_or_zero", "greeting"), 0);
  assert.equal(env.logs.at(-1), "no number for greeting: greeting is not a number");
});

test("a typed pointer reads and writes the plugin's memory, checked", { skip: !WASM }, async () => {
  const t = await tour();
  const ptr = t.call("cursor_ptr") as number;
  assert.equal(ptr % 4, 0);
  assert.deepEqual(t.read(ptr, "Point"), { x: 1, y: 2 });
  t.write(ptr, "Point", { x: 7, y: -7 });
  assert.deepEqual(t.call("cursor"), { x: 7, y: -7 }); // the plugin sees the host's write
  assert.throws(() => t.read(ptr + 1, "Point"), /pointer 0x[0-9a-f]+ to Point: pointer \d+ is not aligned to 4 bytes/);
  assert.throws(() => t.read(0xfffffff0, "Point"), /are out of bounds of memory/);
});

test("WASI output reaches the host", { skip: !WASM }, async () => {
  let out = "";
  const t = await tour(new Env(), (text) => (out += text));
  const line = "hello Bob, from inside the plugin (println! through WASI)";
  assert.equal(t.call("say_hello", "Bob"), line.length + 1);
  assert.equal(out, `${line}\n`);
});

test("a host trap stops the call with the Rust host's message, and the plugin goes on", { skip: !WASM }, async () => {
  const t = await tour();
  assert.equal(t.call("required", "theme"), "solarized dark");
  assert.throws(() => t.call("required", "font"), (e: unknown) => {
    assert.ok(e instanceof PluginError);
    assert.equal(e.kind, "host_trap");
    assert.equal(e.message, "plugin tour: required: host function env::require stopped the plugin: required setting font is missing");
    return true;
  });
  assert.equal(t.call("greet", "again"), "Hello, again!");
});

test("a panic is reported with its location, and the plugin goes on", { skip: !WASM }, async () => {
  const t = await tour();
  assert.throws(() => t.call("third_letter", "hi"), (e: unknown) => {
    assert.ok(e instanceof PluginError);
    assert.equal(e.kind, "panic");
    assert.ok(e.location?.startsWith("examples/tour/plugin/src/lib.rs:"), e.location ?? "");
    assert.equal(e.message, `plugin tour panicked in third_letter at ${e.location}: index out of bounds: the len is 2 but the index is 2`);
    return true;
  });
  for (let i = 0; i < 50; i++) assert.throws(() => t.call("third_letter", "no"), PluginError); // the stack pointer is restored each time
  assert.equal(t.call("third_letter", "yes"), "s");
});

test("re-entry is limited to 32 nested calls, and the plugin goes on", { skip: !WASM }, async () => {
  const env = new Env();
  const t = await tour(env);
  env.shared_value = () => t.call("bump_shared", 1) as number; // each call re-enters through the host
  assert.throws(() => t.call("bump_shared", 1), (e: unknown) => {
    assert.ok(e instanceof PluginError);
    assert.equal(e.kind, "limit");
    assert.equal(e.message, "plugin tour: bump_shared: not called: 32 calls into plugins were in progress, the host's max depth");
    return true;
  });
  assert.equal(t.call("greet", "again"), "Hello, again!");
});

test("a host without a function the plugin imports is refused, saying what to give", { skip: !WASM }, async () => {
  const partial = { log: () => undefined };
  await assert.rejects(load(readFileSync(WASM ?? ""), { host: { env: partial }, name: "tour" }), (e: unknown) => {
    assert.ok(e instanceof PluginError);
    assert.equal(e.kind, "interface");
    assert.equal(e.differences.length, 5);
    assert.equal(e.differences[0], 'imports env::shared_value, which the host does not provide (give load() host: { "env": ... }, an object with a method shared_value)');
    assert.ok(e.message.startsWith("plugin tour: 5 interface differences: imports env::shared_value"));
    return true;
  });
});

test("expected records are compared as the Rust host compares them", { skip: !WASM }, async () => {
  const t = await tour();
  const ours = t.records.find((r) => r.kind === "exports");
  assert.ok(ours);
  await tour(); // itself: no differences
  const text = (await import("../src/index.js")).recordText(ours);
  const changed = text.replace("struct Point{x:i32,y:i32}", "struct Point{x:i64,y:i64}").replace("describe fn", "describes fn");
  await assert.rejects(
    load(readFileSync(WASM ?? ""), { host: { env: new Env() }, name: "tour", expect: [changed], exact: true }),
    (e: unknown) => {
      assert.ok(e instanceof PluginError);
      assert.deepEqual(e.differences, [
        "export describes: host expects fn(&str) -> String, plugin does not export it (did you mean describe?)",
        "export describe: plugin has fn(&str) -> String, which the host does not declare",
        "type Point: field x: host has i64, plugin has i32",
        "type Point: field y: host has i64, plugin has i32",
      ]);
      return true;
    },
  );
  const older = text.split("\n").filter((line) => !line.startsWith("describe ")).join("\n");
  const loaded = await load(readFileSync(WASM ?? ""), { host: { env: new Env() }, expect: [older] });
  assert.deepEqual(loaded.extraExports, ["describe"]);
  assert.equal(loaded.name, "tour-plugin"); // its module name, as the Rust host names it
});

test("bad arguments are errors before the call", { skip: !WASM }, async () => {
  const t = await tour();
  assert.throws(() => t.call("bump_shared", 2 ** 31), /^TypeError: plugin tour: bump_shared: argument 0: 2147483648 does not fit in i32$/);
  assert.throws(() => t.call("greet", 7), /expected a string/);
  assert.throws(() => t.call("greet"), /^TypeError: plugin tour: greet takes 1 argument \(fn\(&str\) -> String\), 0 given$/);
  assert.throws(() => t.call("nope"), /has no export "nope"/);
});

test("a module name is read from its name section, bounded", () => {
  const header = [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0];
  const named = Uint8Array.from([...header, 0, 11, 4, ...Buffer.from("name"), 0, 4, 3, ...Buffer.from("abc")]);
  assert.equal(moduleName(named), "abc");
  for (const broken of [
    [...header, 0, 11, 4, ...Buffer.from("name"), 0, 4, 9, ...Buffer.from("abc")],
    [...header, 0, ...Array(10).fill(0xff)],
    [...header, 0, 0xff, 0xff, 0xff, 0xff, 0x0f, 4, ...Buffer.from("name")],
    [...header, 0, 9, 4, ...Buffer.from("name"), 0, 2, 1, 0xff],
  ]) {
    assert.equal(moduleName(Uint8Array.from(broken)), null);
  }
});
