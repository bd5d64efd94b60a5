// A host typed by the declarations `cargo wasmbind bindgen --lang ts` wrote
// for the tour plugin (tour.d.ts, beside this file): tsc checks every call
// and host function against the plugin's own types.

import { readFileSync } from "node:fs";

import { Trap, load } from "wasmbind";

import type { EnvImports, Exports, Host, Point } from "./tour.js";

class Env implements EnvImports {
  shared = 0;
  log(line: string): void {
    console.log(line);
  }
  shared_value(): number {
    return this.shared;
  }
  set_shared_value(value: number): void {
    this.shared = value;
  }
  get(key: string): string | null {
    return key === "greeting" ? "Howdy" : null;
  }
  number(key: string): { ok: number } | { err: string } {
    return key === "answer" ? { ok: 42 } : { err: `${key} is not a number` };
  }
  require(key: string): string {
    throw new Trap(`no ${key}`);
  }
}

export async function run(wasm: string): Promise<Point> {
  const host: Host = { env: new Env() };
  const tour = await load<Exports>(readFileSync(wasm), { host });
  const sum: bigint = tour.exports.just_add(1n, 2n);
  const area = tour.exports.area({ Circle: { radius: 2 } });
  const text = "ok" in area ? `area ${area.ok}` : `no area: ${area.err}`;
  console.log(sum, text, tour.exports.greet("Ada"));
  return tour.exports.point_add({ x: 1, y: 2 }, { x: 3, y: 4 });
}
