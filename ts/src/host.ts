// Loading a wasmbind plugin and calling it (docs/ABI.md sections 3 to 5),
// on the standard WebAssembly JavaScript API: exports as functions taking
// and returning JavaScript values, host functions as an object of methods
// per import module, the interface check, panics, traps and poisoning,
// with the Rust host's messages.

import {
  MAX_RECORD, MAX_RECORDS, MAX_RECORDS_TOTAL, RECORD_PREFIXES, type Record, RecordError, Signature, type Ty,
  compare, parseRecord, parseType, spell,
} from "./records.js";
import { Codec, EncodeError, type Value, WireError, invalidUtf8 } from "./wire.js";
import { type CoreType, coreTypes, showCore } from "./module.js";
import { WASI_MODULE, type WasiOptions, wasi } from "./wasi.js";

/** Bytes of text a panic record holds. */
export const PANIC_CAPACITY = 1020;
/** A result body at least this long is freed in the plugin once read. */
export const RELEASE_MIN = 4096;
/** The most characters an error's text keeps. */
export const MAX_TEXT = 4 * 4096;
/** Calls into plugins nest at most this deep, however they re-enter (a
 * host function calling a plugin back): the Rust host's default
 * `max_depth`; the call past it is refused and no plugin is poisoned. */
export const MAX_CALL_DEPTH = 32;

// How many calls into plugins are in progress in this JavaScript realm,
// whose one thread runs them all: the re-entry limit's count.
let depth = 0;

/** Control and bidirectional-formatting characters: written as spaces in
 * every error text, so nothing a plugin sends reaches a terminal raw. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** What went wrong, as the Rust host's `ErrorKind` says it. */
export type ErrorKind = "bad_value" | "panic" | "host_trap" | "trap" | "poisoned" | "interface" | "limit";

/** A call or a load failed; `message` is the Rust host's text, one line. */
export class PluginError extends Error {
  /** For a panic: the plugin's `file:line:col`, and its message. */
  readonly location: string | null;
  readonly panicMessage: string | null;

  constructor(
    readonly kind: ErrorKind,
    text: string,
    details: { location?: string; message?: string; differences?: string[] } = {},
  ) {
    super(text.slice(0, MAX_TEXT).replace(UNSAFE, " "));
    this.name = "PluginError";
    this.location = details.location ?? null;
    this.panicMessage = details.message ?? null;
    this.differences = details.differences ?? [];
  }

  /** For an interface error: every difference, one line each. */
  readonly differences: string[];
}

/** Thrown by a host function declared `-> Result<T, Trap>` to stop the
 * plugin's call: the call fails with a `host_trap` error with its message. */
export class Trap extends Error {
  override name = "Trap";
}

/** A host function: takes the arguments as values, returns the result. */
export type HostFunction = (...args: Value[]) => unknown;
/** Per import module, an object whose methods implement its functions
 * (a class instance will do; `bindgen --lang ts` declares their types). */
export type Host = { [module: string]: object };
/** The exports of a plugin loaded without declared types. */
export type DynamicExports = { [name: string]: (...args: Value[]) => Value };

/** The method `name` of a host module's object, if it has one. */
function method(host: Host, module: string, name: string): HostFunction | null {
  const found: unknown = (host[module] as { [name: string]: unknown } | undefined)?.[name];
  return typeof found === "function" ? (found as HostFunction) : null;
}

/** How `load` checks and names the plugin. */
export interface LoadOptions {
  /** The host functions, per import module (`{ env: new Env() }`). */
  host?: Host;
  /** The plugin's name in every message (default: its module name, which
   * `cargo wasmbind build` sets to the package name; else `plugin`). */
  name?: string;
  /** Interface records (or their text) the plugin must export, compared
   * as the Rust host compares a generated handle's. */
  expect?: Array<Record | string>;
  /** Refuse exports of an expected record the host does not declare. */
  exact?: boolean;
  /** Functions of the expected records the plugin may lack. */
  optional?: string[];
  /** WASI for plugins built for `wasm32-wasip1`: where their output goes;
   * `false` to provide none. */
  wasi?: WasiOptions | false;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function oneLine(lines: string[], prefix: string): string {
  return lines.length === 1 ? `${prefix}${lines[0]}` : `${prefix}${lines.length} interface differences: ${lines.join("; ")}`;
}

/** A failure at a region of the plugin's memory; the caller names the site. */
class RegionError extends Error {}

/** Loads a plugin from its bytes (or a compiled module) and checks its
 * interface; rejects with an `interface` error listing every difference. */
export async function load<E extends object = DynamicExports>(
  wasm: BufferSource | WebAssembly.Module,
  options: LoadOptions = {},
): Promise<Plugin<E>> {
  const bytes = wasm instanceof WebAssembly.Module ? null : wasm;
  const module = wasm instanceof WebAssembly.Module ? wasm : await WebAssembly.compile(wasm);
  const name = options.name ?? (bytes ? moduleName(bytes) : null) ?? "plugin";
  const plugin = new Plugin<E>(name, options);
  const view = bytes === null ? null : ArrayBuffer.isView(bytes)
    ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    : new Uint8Array(bytes);
  await plugin.instantiate(module, view === null ? null : coreTypes(view));
  return plugin;
}

/** A loaded plugin: `plugin.call("greet", "Ada")`, or `plugin.exports.greet("Ada")`
 * (typed by `E`: the `Exports` that `cargo wasmbind bindgen --lang ts` declares). */
export class Plugin<E extends object = DynamicExports> {
  /** Its interface records. */
  records: Record[] = [];
  /** Exports beyond the expected records, which the default rule accepted. */
  readonly extraExports: string[] = [];
  /** Optional exports of the expected records the plugin does not have. */
  readonly absentExports: string[] = [];
  /** Every export its records describe, as a function of values. */
  readonly exports: E = {} as E;
  private readonly signatures = new Map<string, [Signature, Codec, string]>();
  private readonly imported = new Map<string, [Signature, Codec]>();
  private instance: WebAssembly.Instance | null = null;
  private poisoned: string | null = null;
  private calling = "";

  constructor(readonly name: string, private readonly options: LoadOptions) {}

  /** Instantiates `module`, reads its records and checks them, and the
   * core types of its functions (`cores`, read from its bytes) against them. */
  async instantiate(
    module: WebAssembly.Module,
    cores: { exports: Map<string, CoreType>; imports: Map<string, CoreType> } | null = null,
  ): Promise<void> {
    const host = this.options.host ?? {};
    const imports = WebAssembly.Module.imports(module).filter((i) => i.kind === "function");
    const withWasi = this.options.wasi !== false && imports.some((i) => i.module === WASI_MODULE);
    const missing = imports
      .filter((i) => (i.module === WASI_MODULE ? !withWasi : method(host, i.module, i.name) === null))
      .map((i) => `imports ${i.module}::${i.name}, which the host does not provide ` +
        `(give load() host: { ${JSON.stringify(i.module)}: ... }, an object with a method ${i.name})`);
    if (missing.length) throw this.interfaceError(missing);
    const importObject: WebAssembly.Imports = {};
    const shim = withWasi ? wasi(this.options.wasi || {}, () => this.memory()) : {};
    for (const i of imports) {
      const functions = (importObject[i.module] ??= {}) as { [name: string]: unknown };
      functions[i.name] = i.module === WASI_MODULE ? shim[i.name] ?? shim["*"] : this.hostFunction(i.module, i.name);
    }
    this.instance = await WebAssembly.instantiate(module, importObject);

    const problems: string[] = [];
    this.records = this.readRecords(problems);
    const expected = (this.options.expect ?? []).map((r) => (typeof r === "string" ? parseRecord(r) : r));
    const optional = new Set(this.options.optional ?? []);
    for (const { line, kind, name } of compare(this.records, expected)) {
      if (kind === "missing" && name !== null && optional.has(name)) this.absentExports.push(name);
      else if (kind === "extra" && name !== null && !this.options.exact) this.extraExports.push(name);
      else problems.push(line);
    }
    const wasmExports = new Set(WebAssembly.Module.exports(module).map((e) => e.name));
    for (const record of this.records) {
      let codec: Codec;
      try {
        codec = new Codec(record.types);
      } catch (e) {
        problems.push(`record ${exportName(record)}: its type lines cannot be used: ${(e as Error).message}`);
        continue;
      }
      for (const [fname, text] of record.functions) {
        let sig: Signature;
        try {
          sig = Signature.parse(text);
        } catch {
          problems.push(`record ${exportName(record)}: function ${fname} has an unreadable signature`);
          continue;
        }
        if (record.kind === "exports" || record.kind === "export") {
          // `#[plugin_export(namespace)]` exports `{Trait}.{name}` (section 4).
          const qualified = record.kind === "exports" ? `${record.name}.${fname}` : fname;
          const wasmName = wasmExports.has(qualified) ? qualified : fname;
          if (!wasmExports.has(wasmName)) {
            problems.push(`export ${fname}: the record lists ${sig}, which the plugin does not export`);
            continue;
          }
          for (const key of new Set([fname, qualified])) {
            const taken = this.signatures.get(key);
            if (taken === undefined || (taken[2] !== key && wasmName === key)) {
              this.signatures.set(key, [sig, codec, wasmName]);
              (this.exports as DynamicExports)[key] = (...args: Value[]) => this.call(key, ...args);
            }
          }
        } else if (record.module !== null && !this.imported.has(`${record.module}::${fname}`)) {
          this.imported.set(`${record.module}::${fname}`, [sig, codec]);
        }
      }
    }
    if (cores !== null) problems.push(...this.coreDifferences(cores));
    for (const i of imports) {
      if (i.module === WASI_MODULE) continue;
      const found = this.imported.get(`${i.module}::${i.name}`);
      if (!found) {
        problems.push(`import ${i.module}::${i.name}: the plugin's records do not describe it`);
        continue;
      }
      const fn = method(host, i.module, i.name);
      if (fn !== null && fn.length > found[0].params.length) {
        problems.push(`import ${i.module}::${i.name}: the plugin passes ${count(found[0].params.length, "argument")} ` +
          `(${found[0]}), which the host's ${i.name} (${count(fn.length, "parameter")}) cannot take`);
      }
    }
    if (problems.length) throw this.interfaceError(problems);
    const init = this.instance.exports["wasmbind_init"];
    if (typeof init === "function") init();
  }

  /** Calls `name` with values; returns its result's value. */
  call(name: string, ...args: Value[]): Value {
    const found = this.signatures.get(name);
    if (!found) throw new TypeError(`plugin ${this.name} has no export ${JSON.stringify(name)}`);
    const [sig, codec, wasmName] = found;
    if (args.length !== sig.params.length) {
      throw new TypeError(`plugin ${this.name}: ${name} takes ${count(sig.params.length, "argument")} (${sig}), ${args.length} given`);
    }
    if (this.poisoned !== null) {
      throw new PluginError("poisoned", `plugin ${this.name}: ${name}: not called: an earlier trap left the plugin ` +
        `unusable (${this.poisoned}); instantiate it again`);
    }
    const cores = sig.params.map((ty, i) => {
      try {
        return this.lowerArg(codec, ty, args[i] ?? null);
      } catch (e) {
        if (e instanceof EncodeError) throw new TypeError(`plugin ${this.name}: ${name}: argument ${i}: ${e.message}`);
        if (e instanceof RegionError) throw new PluginError("bad_value", `plugin ${this.name}: ${name}: argument ${i}: ${e.message}`);
        throw e;
      }
    });
    if (depth >= MAX_CALL_DEPTH) {
      throw new PluginError("limit", `plugin ${this.name}: ${name}: not called: ${MAX_CALL_DEPTH} calls into plugins were in progress, the host's max depth`);
    }
    const sp = this.global("__stack_pointer");
    const entry = sp?.value as number | undefined;
    const func = this.exported(wasmName) as (...core: Array<number | bigint>) => number | bigint | undefined;
    const outer = this.calling;
    this.calling = name;
    depth += 1;
    let core: number | bigint | undefined;
    try {
      core = func(...cores);
    } catch (e) {
      if (e instanceof PluginError) {
        this.repair(entry);
        throw e;
      }
      const panic = this.takePanic();
      if (panic === null) {
        this.poisoned = cause(e);
        throw new PluginError("trap", `plugin ${this.name}: ${name}: ${this.poisoned}`);
      }
      this.repair(entry);
      const newline = panic.indexOf("\n");
      const [location, message] = newline < 0 ? [panic, ""] : [panic.slice(0, newline), panic.slice(newline + 1)];
      throw new PluginError("panic", `plugin ${this.name} panicked in ${name} at ${location}: ${message}`, { location, message });
    } finally {
      depth -= 1;
      this.calling = outer;
    }
    if (sig.result === null) return null;
    let value: Value;
    try {
      value = this.lift(codec, sig.result, core ?? 0);
    } catch (e) {
      if (e instanceof WireError || e instanceof RegionError) {
        throw new PluginError("bad_value", `plugin ${this.name}: ${name}: result: ${e.message}`);
      }
      throw e;
    }
    this.released(codec, sig.result, core ?? 0);
    return value;
  }

  /** The value of type `type` (a spelling of the plugin's records) at
   * `address`, a `GuestPtr` it handed out: bounds, alignment and value checked. */
  read(address: number, type: string): Value {
    const [ty, codec] = this.pointee(type);
    const what = "GuestPtr::read";
    const size = codec.fixedSize(ty) ?? 0;
    try {
      this.checkAligned(address, ty, codec);
      return codec.decode(ty, this.bytes(address, size));
    } catch (e) {
      throw this.pointerError(address, ty, what, e);
    }
  }

  /** Writes `value` where `address` (a `GuestPtr` to `type`) points. */
  write(address: number, type: string, value: Value): void {
    const [ty, codec] = this.pointee(type);
    const size = codec.fixedSize(ty) ?? 0;
    try {
      this.checkAligned(address, ty, codec);
      this.bounds(address, size);
    } catch (e) {
      throw this.pointerError(address, ty, "GuestPtr::write", e);
    }
    this.memory().set(codec.encode(ty, value), address);
  }

  // -- internals ------------------------------------------------------------

  /** Records whose signatures do not match the module's core types. */
  private coreDifferences(cores: { exports: Map<string, CoreType>; imports: Map<string, CoreType> }): string[] {
    const lines: string[] = [];
    const checked = new Set<string>(); // `Calc.greet` and `greet` may name one export
    for (const [name, [sig, , wasmName]] of this.signatures) {
      if (checked.has(wasmName)) continue;
      checked.add(wasmName);
      const actual = cores.exports.get(wasmName);
      const expected = exportCore(sig);
      if (actual && showCore(actual) !== showCore(expected)) {
        lines.push(`export ${name}: the record says ${sig}, whose core signature is ${showCore(expected)}, ` +
          `but the plugin exports ${showCore(actual)}`);
      }
    }
    for (const [key, [sig]] of this.imported) {
      const actual = cores.imports.get(key);
      const expected = importCore(sig);
      if (actual && showCore(actual) !== showCore(expected)) {
        lines.push(`import ${key}: the record says ${sig}, whose core signature is ${showCore(expected)}, ` +
          `but the plugin imports ${showCore(actual)}`);
      }
    }
    return lines;
  }

  private interfaceError(lines: string[]): PluginError {
    return new PluginError("interface", oneLine(lines, `plugin ${this.name}: `), { differences: lines });
  }

  private exported(name: string): unknown {
    return this.instance?.exports[name];
  }

  private global(name: string): WebAssembly.Global | null {
    const g = this.exported(name);
    return g instanceof WebAssembly.Global ? g : null;
  }

  private memory(): Uint8Array {
    const memory = this.exported("memory");
    return memory instanceof WebAssembly.Memory ? new Uint8Array(memory.buffer) : new Uint8Array(0);
  }

  private bounds(ptr: number, length: number): void {
    const size = this.memory().length;
    if (ptr + length > size) throw new RegionError(`bytes ${ptr}..${ptr + length} are out of bounds of memory (${size} bytes)`);
  }

  /** A view of `length` bytes at `ptr`, bounds-checked: not a copy, so a
   * long region costs nothing before the decoder's budget charges what it
   * makes of it. Valid until the plugin runs again (its memory may grow). */
  private bytes(ptr: number, length: number): Uint8Array {
    this.bounds(ptr, length);
    return this.memory().subarray(ptr, ptr + length);
  }

  /** The `u32` at `ptr`, bounds-checked. */
  private u32At(ptr: number): number {
    const bytes = this.bytes(ptr, 4);
    return new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
  }

  /** The plugin's records, read under the Rust host's budget. */
  private readRecords(problems: string[]): Record[] {
    const records: Record[] = [];
    const seen = new Set<number>();
    let [n, total] = [0, 0];
    for (const [rawName, value] of Object.entries(this.instance?.exports ?? {})) {
      if (!RECORD_PREFIXES.some((p) => rawName.startsWith(p))) continue;
      n += 1;
      if (n > MAX_RECORDS) {
        problems.push(`more than ${MAX_RECORDS} records: the rest are not read`);
        break;
      }
      const name = rawName.length > 256 ? `${rawName.slice(0, 256)}... (${rawName.length - 256} more bytes)` : rawName;
      if (!(value instanceof WebAssembly.Global) || typeof value.value !== "number") {
        problems.push(`record ${name} is not an i32 address`);
        continue;
      }
      const addr = value.value >>> 0;
      if (seen.has(addr)) {
        problems.push(`record ${name} is at 0x${addr.toString(16)}, as another record is`);
        continue;
      }
      seen.add(addr);
      const at = `record ${name} at 0x${addr.toString(16)}`;
      let length: number;
      try {
        length = this.u32At(addr);
      } catch {
        problems.push(`${at} is unreadable`);
        continue;
      }
      if (length > MAX_RECORD) {
        problems.push(`${at} is longer than ${MAX_RECORD} bytes`);
        continue;
      }
      total += length;
      if (total > MAX_RECORDS_TOTAL) {
        problems.push(`${at} is past the ${MAX_RECORDS_TOTAL} bytes all records may take together`);
        continue;
      }
      let text: Uint8Array;
      try {
        text = this.bytes(addr + 4, length);
      } catch {
        problems.push(`${at} is unreadable`);
        continue;
      }
      if (invalidUtf8(text) !== null) {
        problems.push(`${at} is not UTF-8`);
        continue;
      }
      try {
        records.push(parseRecord(new TextDecoder().decode(text)));
      } catch (e) {
        if (!(e instanceof RecordError) && !(e instanceof RangeError)) throw e;
        problems.push(`${at} is unreadable`);
      }
    }
    return records;
  }

  private lowerArg(codec: Codec, ty: Ty, value: Value): number | bigint {
    const lowered = lower(codec, ty, value);
    if (lowered.kind !== "memory") return lowered.core;
    const body = lowered.body;
    if (!body.length) return 1n;
    const ptr = this.allocate(body.length);
    this.memory().set(body, ptr);
    return BigInt.asIntN(64, (BigInt(body.length) << 32n) | BigInt(ptr));
  }

  private allocate(size: number): number {
    const alloc = this.exported("wasmbind_alloc");
    if (typeof alloc !== "function") throw new RegionError("the plugin does not export `wasmbind_alloc`");
    let ptr: number;
    try {
      ptr = (alloc(size, 1) as number) >>> 0;
    } catch (e) {
      throw new RegionError(`allocator wasmbind_alloc(${size}, 1) trapped: ${cause(e)}`);
    }
    if (ptr === 0) throw new RegionError(`allocator wasmbind_alloc(${size}, 1) returned 0: the allocation failed`);
    try {
      this.bounds(ptr, size);
    } catch (e) {
      throw new RegionError(`allocator wasmbind_alloc(${size}, 1) returned ${ptr}: ${(e as Error).message}`);
    }
    return ptr;
  }

  private lift(codec: Codec, ty: Ty, core: number | bigint): Value {
    if (Codec.coreType(ty) !== "i64" || ty.form === "i64" || ty.form === "u64" || ty.form === "resource") {
      if (ty.form === "f32" || ty.form === "f64") return Number(core);
      return codec.fromCore(ty, typeof core === "bigint" ? core : BigInt(Math.trunc(core)));
    }
    const bits = BigInt.asUintN(64, BigInt(core));
    if (codec.inline(ty)) return codec.fromInline(ty, bits);
    const [ptr, length] = [Number(bits & 0xffffffffn), Number(bits >> 32n)];
    return codec.decode(ty, this.bytes(ptr, length));
  }

  private released(codec: Codec, ty: Ty, core: number | bigint): void {
    const release = this.exported("wasmbind_release");
    if (typeof release !== "function" || bodyLength(codec, ty, core) < RELEASE_MIN) return;
    try {
      release();
    } catch (e) {
      this.poisoned = cause(e);
      throw new PluginError("trap", `plugin ${this.name}: wasmbind_release: ${this.poisoned}`);
    }
  }

  private takePanic(): string | null {
    const panic = this.global("wasmbind_panic");
    if (panic === null) return null;
    const addr = (panic.value as number) >>> 0;
    try {
      const length = this.u32At(addr);
      if (length === 0) return null;
      const text = new TextDecoder("utf-8").decode(this.bytes(addr + 4, Math.min(length, PANIC_CAPACITY)));
      this.memory().set([0, 0, 0, 0], addr);
      return text;
    } catch {
      return null;
    }
  }

  /** After a trap at a boundary: the stack pointer back where the call
   * began, or the plugin poisoned when it cannot be (section 3). */
  private repair(entry: number | undefined): void {
    const sp = this.global("__stack_pointer");
    const set = this.exported("wasmbind_stack_set");
    try {
      if (sp !== null && entry !== undefined) sp.value = entry;
      else if (typeof set === "function" && entry !== undefined) set(entry);
      else if (typeof this.exported("wasmbind_init") === "function") this.poisoned = "its stack pointer cannot be restored";
    } catch (e) {
      this.poisoned = cause(e);
    }
  }

  /** One host function: lifts the plugin's arguments, calls the method,
   * lowers its result into the plugin's result area (section 5). */
  private hostFunction(module: string, name: string): (...core: Array<number | bigint>) => number | bigint | undefined {
    const hostName = `${module}::${name}`;
    return (...core) => {
      const found = this.imported.get(hostName);
      if (!found) throw new PluginError("bad_value", `plugin ${this.name}: ${hostName}: called before the plugin was loaded`);
      const [sig, codec] = found;
      const fn = method(this.options.host ?? {}, module, name);
      if (fn === null) throw new PluginError("bad_value", `plugin ${this.name}: ${hostName}: the host has no such function`);
      const args = sig.params.map((ty, i) => {
        try {
          return this.lift(codec, ty, core[i] ?? 0);
        } catch (e) {
          if (e instanceof WireError || e instanceof RegionError) {
            throw new PluginError("bad_value", `plugin ${this.name}: ${hostName}: argument ${i}: ${e.message}`);
          }
          throw e;
        }
      });
      let result = sig.result;
      const traps = result !== null && result.form === "result" && result.second.form === "Trap";
      let value: unknown;
      try {
        value = fn.apply(this.options.host?.[module], args);
      } catch (e) {
        if (e instanceof Trap) {
          throw new PluginError("host_trap", `plugin ${this.name}: ${this.calling}: host function ${hostName} stopped the plugin: ${e.message}`);
        }
        throw e;
      }
      if (traps && result !== null && result.form === "result") {
        if (isObject(value) && "err" in value) {
          throw new PluginError("host_trap", `plugin ${this.name}: ${this.calling}: host function ${hostName} stopped the plugin: ${String(value["err"])}`);
        }
        value = isObject(value) && "ok" in value ? value["ok"] : value;
        result = result.inner;
      }
      if (result === null || result.form === "()") return undefined;
      let lowered: Lowered;
      try {
        lowered = lower(codec, result, (value ?? null) as Value);
      } catch (e) {
        if (e instanceof EncodeError) {
          // The names are the plugin's: written as any error's text is.
          const text = `host function ${hostName} returned a value that is not a ${spell(result)}: ${e.message}`;
          throw new TypeError(text.slice(0, MAX_TEXT).replace(UNSAFE, " "));
        }
        throw e;
      }
      if (lowered.kind !== "memory") return lowered.core;
      return this.placeResult(hostName, lowered.body, core[sig.params.length] ?? 0n);
    };
  }

  /** Writes an import's result body into the plugin's result area, or a
   * block from its allocator when it does not fit. */
  private placeResult(hostName: string, body: Uint8Array, out: number | bigint): bigint {
    const bits = BigInt.asUintN(64, BigInt(out));
    let [ptr, capacity] = [Number(bits & 0xffffffffn), Number(bits >> 32n)];
    try {
      if (body.length > capacity) ptr = this.allocate(body.length);
      this.bounds(ptr, body.length);
    } catch (e) {
      throw new PluginError("bad_value", `plugin ${this.name}: ${hostName}: result: ${(e as Error).message}`);
    }
    this.memory().set(body, ptr);
    return BigInt.asIntN(64, (BigInt(body.length) << 32n) | BigInt(ptr));
  }

  private pointee(type: string): [Ty, Codec] {
    const ty = parseType(type);
    const codec = new Codec(this.records.flatMap((r) => r.types));
    return [ty, codec];
  }

  private checkAligned(address: number, ty: Ty, codec: Codec): void {
    const align = alignment(codec, ty);
    if (address % align) throw new RegionError(`pointer ${address} is not aligned to ${align} bytes`);
  }

  private pointerError(address: number, ty: Ty, what: string, e: unknown): Error {
    if (!(e instanceof RegionError) && !(e instanceof WireError)) return e as Error;
    return new PluginError("bad_value", `plugin ${this.name}: ${what}: pointer 0x${address.toString(16)} to ${spell(ty)}: ${e.message}`);
  }
}

/** The core type an export of signature `sig` has. */
function exportCore(sig: Signature): CoreType {
  const result = Codec.coreType(sig.result);
  return { params: sig.params.map((p) => Codec.coreType(p) ?? "i64"), results: result ? [result] : [] };
}

/** The core type an import of signature `sig` has: its parameters, the
 * result area's `i64` when it has a result, and the caller's key. */
function importCore(sig: Signature): CoreType {
  const params = sig.params.map((p) => Codec.coreType(p) ?? "i64");
  if (sig.result !== null) params.push("i64");
  params.push("i64");
  let result = sig.result;
  if (result !== null && result.form === "result" && result.second.form === "Trap") result = result.inner;
  const core = Codec.coreType(result);
  return { params, results: core ? [core] : [] };
}

/** How a value travels as a whole argument or result. */
type Lowered = { kind: "scalar" | "inline"; core: number | bigint } | { kind: "memory"; body: Uint8Array };

function lower(codec: Codec, ty: Ty, value: Value): Lowered {
  const core = Codec.coreType(ty);
  const body = codec.encode(ty, value); // checks the value
  if (core === "f32" || core === "f64") return { kind: "scalar", core: value as number };
  const bits = body.reduceRight((acc, b) => (acc << 8n) | BigInt(b), 0n);
  if (core === "i32") return { kind: "scalar", core: Number(BigInt.asIntN(32, bits)) };
  if (ty.form === "i64" || ty.form === "u64" || ty.form === "resource") return { kind: "scalar", core: BigInt.asIntN(64, bits) };
  if (codec.inline(ty)) return { kind: "inline", core: BigInt.asIntN(64, bits) };
  return { kind: "memory", body };
}

/** The length of the body a result's core value points at (0 for a value
 * that travels in the core value itself). */
function bodyLength(codec: Codec, ty: Ty, core: number | bigint): number {
  if (Codec.coreType(ty) !== "i64" || ty.form === "i64" || ty.form === "u64" || ty.form === "resource" || codec.inline(ty)) return 0;
  return Number(BigInt.asUintN(64, BigInt(core)) >> 32n);
}

function alignment(codec: Codec, ty: Ty): number {
  switch (ty.form) {
    case "bool": case "i8": case "u8":
      return 1;
    case "i16": case "u16":
      return 2;
    case "i32": case "u32": case "f32": case "char": case "guest_ptr":
      return 4;
    case "i64": case "u64": case "f64": case "resource":
      return 8;
    case "array": case "box":
      return alignment(codec, ty.inner);
    case "tuple":
      return Math.max(1, ...ty.items.map((t) => alignment(codec, t)));
    case "named": {
      const def = codec.def(ty);
      if (def.kind !== "struct") return 1;
      const types = def.fields.form === "named" ? def.fields.fields.map(([, t]) => t) : def.fields.form === "tuple" ? def.fields.types : [];
      return Math.max(1, ...types.map((t) => alignment(codec, t)));
    }
    default:
      return 1;
  }
}

function isObject(value: unknown): value is { [key: string]: unknown } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A trap in one line: its cause, without the backtrace. */
function cause(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split("\n").map((l) => l.trim()).filter(Boolean).pop() ?? "trap";
}

function exportName(record: Record): string {
  switch (record.kind) {
    case "exports":
      return `wasmbind_exports_${record.name}`;
    case "imports":
      return `wasmbind_imports_${record.module}.${record.name}`;
    case "export":
      return `wasmbind_export_${record.name}`;
    case "import":
      return `wasmbind_import_${record.module}.${record.name}`;
  }
}

/** The module name in a module's `name` custom section, or `null`; every
 * section is skipped by its length, so each byte is read at most once. */
export function moduleName(wasm: BufferSource): string | null {
  const bytes = ArrayBuffer.isView(wasm)
    ? new Uint8Array(wasm.buffer, wasm.byteOffset, wasm.byteLength)
    : new Uint8Array(wasm);
  const uleb = (at: number): [number, number] => {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const byte = bytes[at];
      if (byte === undefined) throw new RangeError("past the end");
      at += 1;
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return [value, at];
    }
    throw new RangeError("LEB128 number longer than 5 bytes");
  };
  try {
    let at = 8;
    while (at < bytes.length) {
      const section = bytes[at] ?? 0;
      const [size, body] = uleb(at + 1);
      const end = body + size;
      if (section === 0) {
        const [length, nameAt] = uleb(body);
        if (new TextDecoder().decode(bytes.subarray(nameAt, nameAt + length)) === "name" && length === 4) {
          let sub = nameAt + length;
          while (sub < end) {
            const kind = bytes[sub] ?? 0;
            const [subSize, subBody] = uleb(sub + 1);
            if (kind === 0) {
              const [nameLength, text] = uleb(subBody);
              if (text + nameLength > subBody + subSize || text + nameLength > bytes.length) return null;
              const name = bytes.subarray(text, text + nameLength);
              return invalidUtf8(name) === null ? new TextDecoder().decode(name) : null;
            }
            sub = subBody + subSize;
          }
        }
      }
      at = end;
    }
  } catch (e) {
    if (e instanceof RangeError) return null;
    throw e;
  }
  return null;
}

export { WASI_MODULE };
