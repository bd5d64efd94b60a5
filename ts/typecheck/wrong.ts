// Calls the tour plugin's exports with the wrong types: tsc must refuse
// every line marked `error`, against the declarations in tour.d.ts.

import { load } from "wasmbind";

import type { Exports } from "./tour.js";

export async function wrong(wasm: Uint8Array): Promise<void> {
  const tour = await load<Exports>(wasm);
  tour.exports.greet(42); // error: a number is not a &str
  tour.exports.just_add(1, 2); // error: u64 is a bigint
  tour.exports.point_add({ x: 1 }, { x: 3, y: 4 }); // error: Point needs y
  tour.exports.area({ Square: { side: 2 } }); // error: Shape has no Square
}
