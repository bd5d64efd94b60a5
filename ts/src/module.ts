// The core function types of a module's exports and imports, read from its
// bytes: the JavaScript WebAssembly API does not expose them, and the
// interface check compares them with what the records say (as the Rust
// and Python hosts do). Every length is checked against the bytes left, so
// a module cannot make the reader loop or read past its end.

/** A core function type: its parameter and result value types. */
export interface CoreType {
  params: string[];
  results: string[];
}

/** `(i64, i32) -> i64`, as the hosts' messages write a core type. */
export function showCore(core: CoreType): string {
  return `(${core.params.join(", ")})` + (core.results.length ? ` -> ${core.results.join(", ")}` : "");
}

const VALTYPES: { [byte: number]: string } = { 0x7f: "i32", 0x7e: "i64", 0x7d: "f32", 0x7c: "f64", 0x7b: "v128", 0x70: "funcref", 0x6f: "externref" };

class Bytes {
  at = 0;
  constructor(readonly data: Uint8Array, readonly end = data.length) {}

  byte(): number {
    if (this.at >= this.end) throw new RangeError("past the end");
    return this.data[this.at++] ?? 0;
  }

  uleb(): number {
    let value = 0;
    for (let shift = 0; shift < 70; shift += 7) {
      const byte = this.byte();
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
    throw new RangeError("LEB128 number too long");
  }

  name(): string {
    const length = this.uleb();
    if (length > this.end - this.at) throw new RangeError("past the end");
    const text = new TextDecoder().decode(this.data.subarray(this.at, this.at + length));
    this.at += length;
    return text;
  }

  /** A count of items, each at least one byte: at most the bytes left. */
  count(): number {
    const n = this.uleb();
    if (n > this.end - this.at) throw new RangeError("more items than bytes");
    return n;
  }

  limits(): void {
    const flags = this.byte();
    this.uleb();
    if (flags & 1) this.uleb();
  }
}

/** The core types of the function exports (by name) and function imports
 * (by `module::name`) of the module `wasm`; `null` when it cannot be read. */
export function coreTypes(wasm: Uint8Array): { exports: Map<string, CoreType>; imports: Map<string, CoreType> } | null {
  const types: CoreType[] = [];
  const functions: CoreType[] = []; // the function index space: imports, then definitions
  const exports = new Map<string, CoreType>();
  const imports = new Map<string, CoreType>();
  try {
    const r = new Bytes(wasm);
    r.at = 8;
    while (r.at < wasm.length) {
      const id = r.byte();
      const size = r.uleb();
      if (size > wasm.length - r.at) return null;
      const s = new Bytes(wasm, r.at + size);
      s.at = r.at;
      r.at += size;
      if (id === 1) {
        for (let n = s.count(); n > 0; n--) {
          if (s.byte() !== 0x60) return null; // not a plain function type (GC proposal): no checks
          const params = Array.from({ length: s.count() }, () => VALTYPES[s.byte()] ?? "?");
          const results = Array.from({ length: s.count() }, () => VALTYPES[s.byte()] ?? "?");
          types.push({ params, results });
        }
      } else if (id === 2) {
        for (let n = s.count(); n > 0; n--) {
          const key = `${s.name()}::${s.name()}`;
          const kind = s.byte();
          if (kind === 0) {
            const type = types[s.uleb()];
            if (!type) return null;
            functions.push(type);
            imports.set(key, type);
          } else if (kind === 1) {
            s.byte();
            s.limits();
          } else if (kind === 2) {
            s.limits();
          } else if (kind === 3) {
            s.byte();
            s.byte();
          } else if (kind === 4) {
            s.byte();
            s.uleb();
          } else return null;
        }
      } else if (id === 3) {
        for (let n = s.count(); n > 0; n--) {
          const type = types[s.uleb()];
          if (!type) return null;
          functions.push(type);
        }
      } else if (id === 7) {
        for (let n = s.count(); n > 0; n--) {
          const name = s.name();
          const kind = s.byte();
          const index = s.uleb();
          const type = functions[index];
          if (kind === 0 && type) exports.set(name, type);
        }
      }
    }
  } catch (e) {
    if (e instanceof RangeError) return null;
    throw e;
  }
  return { exports, imports };
}
