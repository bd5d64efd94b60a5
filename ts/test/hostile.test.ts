// Hostile modules, written in WebAssembly text by the Rust test that runs
// this one (tests/tests/e2e/typescript.rs), into `$WASMBIND_HOSTILE_DIR`
// with `cases.json`: per module, the calls to make and the error each must
// end in (a call of `null` is the load itself). Every bad value is a
// `PluginError` naming the plugin, the function, the argument and why;
// nothing a plugin sends reaches the message raw.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

import { PluginError, load } from "../src/index.js";

const DIR = process.env["WASMBIND_HOSTILE_DIR"];
const CASES: Array<{ name: string; calls: Array<[string | null, string]> }> = DIR
  ? JSON.parse(readFileSync(join(DIR, "cases.json"), "utf8"))
  : [];

test("the hostile cases are there", { skip: !DIR }, () => assert.ok(CASES.length >= 10));

for (const { name, calls } of CASES) {
  test(`hostile ${name}`, async () => {
    const wasm = readFileSync(join(DIR ?? "", `${name}.wasm`));
    const host = { env: { log: () => assert.fail("never called with a bad argument") } };
    const loading = load(wasm, { host, name: "evil" });
    for (const [call, error] of calls) {
      if (call === null) {
        await assert.rejects(loading, (e: unknown) => {
          assert.ok(e instanceof PluginError && e.kind === "interface");
          assert.equal(e.message, error);
          return true;
        });
        continue;
      }
      const plugin = await loading;
      assert.throws(() => plugin.call(call), (e: unknown) => {
        assert.ok(e instanceof PluginError, String(e));
        assert.equal(e.message, error);
        assert.doesNotMatch(e.message, /[\u0000-\u001f\u202e]/);
        return true;
      });
    }
  });
}
