// The wire encoding (docs/ABI.md sections 1 and 2), with the Rust
// runtime's checks and its error messages.
//
// A value is the JSON convention of docs/ABI.md section 11, with two
// changes for JavaScript: 64-bit integers (and resource handles) are
// `bigint`, and `Vec<u8>`/`&[u8]` are `Uint8Array`.

import { type Fields, type Ty, type TypeDef, flagsSize, spell } from "./records.js";

/** A value crossing the boundary (see the module's comment). */
export type Value = null | boolean | number | bigint | string | Uint8Array | Value[] | { [key: string]: Value };

/** Values nest at most this deep, and one call's decoded values take at
 * most this many bytes (the Rust host's `DecodeLimits::DEFAULT`). */
export const MAX_DEPTH = 128;
export const MAX_ALLOC = 64 << 20;
// What decoded values are charged, before each is made, so a body cannot
// make the host hold more than MAX_ALLOC: every value, each slot of an
// array or object, each map entry, and a string's or bytes' contents.
const VALUE_COST = 32;
const SLOT_COST = 8;
const ENTRY_COST = 64;

const INTS: { [form: string]: [number, boolean] } = {
  i8: [1, true], u8: [1, false], i16: [2, true], u16: [2, false],
  i32: [4, true], u32: [4, false], i64: [8, true], u64: [8, false],
};
const FIXED: { [form: string]: number } = {
  bool: 1, char: 4, f32: 4, f64: 8, "()": 0, guest_ptr: 4, resource: 8, i8: 1, u8: 1, i16: 2, u16: 2,
  i32: 4, u32: 4, i64: 8, u64: 8,
};
const CORE_I32 = new Set(["bool", "i8", "u8", "i16", "u16", "i32", "u32", "char", "guest_ptr"]);
const CORE_I64 = new Set(["i64", "u64", "resource"]);

/** A body did not decode; the message is the Rust runtime's. */
export class WireError extends Error {
  override name = "WireError";
}
/** A value cannot be encoded as the expected type. */
export class EncodeError extends Error {
  override name = "EncodeError";
}

/** What decoding one call's values may still take. */
export class Budget {
  depth = MAX_DEPTH;
  alloc = MAX_ALLOC;

  enter(): void {
    if (this.depth === 0) throw new WireError(`values nest deeper than ${MAX_DEPTH} levels (the nesting limit)`);
    this.depth -= 1;
  }

  leave(): void {
    this.depth = Math.min(this.depth + 1, MAX_DEPTH);
  }

  charge(n: number): void {
    if (n > this.alloc) {
      throw new WireError(`decoding takes more than ${MAX_ALLOC} bytes of memory (the per-call allocation budget)`);
    }
    this.alloc -= n;
  }
}

class Reader {
  at = 0;
  constructor(readonly data: Uint8Array, readonly budget: Budget, readonly nested = false) {
    if (nested) budget.enter();
  }

  take(n: number): Uint8Array {
    const left = this.data.length - this.at;
    if (n > left) throw new WireError(`encoding is truncated: needs ${n} bytes at offset ${this.at}, ${left} left`);
    this.at += n;
    return this.data.subarray(this.at - n, this.at);
  }

  u32(): number {
    const bytes = this.take(4);
    return ((bytes[0] ?? 0) | ((bytes[1] ?? 0) << 8) | ((bytes[2] ?? 0) << 16) | ((bytes[3] ?? 0) << 24)) >>> 0;
  }

  empty(): boolean {
    return this.at === this.data.length;
  }

  /** Leaves the level, skipping a newer extensible struct's fields. */
  finishExtensible(): void {
    if (this.nested) this.budget.leave();
  }

  finish(): void {
    const left = this.data.length - this.at;
    if (left) throw new WireError(`${left} unexpected bytes after the value`);
    if (this.nested) this.budget.leave();
  }
}

class Writer {
  bytes = new Uint8Array(64);
  length = 0;

  reserve(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    const bigger = new Uint8Array(Math.max(this.bytes.length * 2, this.length + n));
    bigger.set(this.bytes.subarray(0, this.length));
    this.bytes = bigger;
  }

  push(bytes: ArrayLike<number>): void {
    this.reserve(bytes.length);
    this.bytes.set(bytes, this.length);
    this.length += bytes.length;
  }

  le(value: bigint, size: number): void {
    const out = new Uint8Array(size);
    let v = BigInt.asUintN(size * 8, value);
    for (let i = 0; i < size; i++) {
      out[i] = Number(v & 0xffn);
      v >>= 8n;
    }
    this.push(out);
  }

  done(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}

/** The index after the longest valid UTF-8 prefix of `bytes` (Rust's
 * `Utf8Error::valid_up_to`), or `null` when all of it is valid. */
export function invalidUtf8(bytes: Uint8Array): number | null {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    let need = 0;
    let min = 0;
    if (b < 0x80) {
      i += 1;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      return i;
    }
    let cp = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return null;
}

const DECODER = new TextDecoder("utf-8");
const ENCODER = new TextEncoder();

/** Encodes and decodes the types one plugin's records define. */
export class Codec {
  readonly defs = new Map<string, TypeDef>();
  private readonly fixed = new Map<string, number | null>();

  constructor(defs: TypeDef[]) {
    for (const def of defs) if (!this.defs.has(spell(def.ty))) this.defs.set(spell(def.ty), def);
    for (const def of this.defs.values()) this.fixedSize(def.ty);
  }

  /** The definition of a named type. */
  def(ty: Ty): TypeDef {
    const def = this.defs.get(spell(ty));
    if (!def) throw new WireError(`the plugin's records do not define ${spell(ty)}`);
    return def;
  }

  /** The body size when every value of `ty` has the same size, else `null`. */
  fixedSize(ty: Ty): number | null {
    const key = spell(ty);
    const known = this.fixed.get(key);
    if (known !== undefined) return known;
    this.fixed.set(key, null); // a type that contains itself is variable-size
    let size: number | null;
    const fixed = FIXED[ty.form];
    if (fixed !== undefined) size = fixed;
    else if (ty.form === "box") size = this.fixedSize(ty.inner);
    else if (ty.form === "array") {
      const inner = this.fixedSize(ty.inner);
      size = inner === null ? null : inner * ty.length;
    } else if (ty.form === "tuple") size = sum(ty.items.map((t) => this.fixedSize(t)));
    else if (ty.form === "named") {
      const def = this.def(ty);
      if (def.kind === "enum") size = def.variants.every(([, f]) => f.form === "unit") ? 4 : null;
      else if (def.kind === "flags") size = flagsSize(def.flags.length);
      else if (def.required !== null) size = null; // extensible: always variable-size
      else size = sum(fieldTypes(def.fields).map((t) => this.fixedSize(t)));
    } else size = null;
    this.fixed.set(key, size);
    return size;
  }

  /** Whether `ty` travels inside its i64 core value (section 1). */
  inline(ty: Ty): boolean {
    const size = this.fixedSize(ty);
    const scalar = CORE_I32.has(ty.form) || CORE_I64.has(ty.form) || ty.form === "f32" || ty.form === "f64";
    return !scalar && ty.form !== "()" && size !== null && size <= 8;
  }

  /** The core value type of `ty` as a whole argument or result. */
  static coreType(ty: Ty | null): "i32" | "i64" | "f32" | "f64" | null {
    if (ty === null || ty.form === "()") return null;
    if (CORE_I32.has(ty.form)) return "i32";
    if (ty.form === "f32" || ty.form === "f64") return ty.form;
    return "i64";
  }

  // -- decoding ----------------------------------------------------------

  /** Decodes a body that spans exactly `data`. */
  decode(ty: Ty, data: Uint8Array, budget: Budget = new Budget()): Value {
    try {
      return this.decodeWith(ty, data, budget);
    } catch (e) {
      if (e instanceof RangeError) throw new WireError("values nest deeper than the JavaScript host's stack allows");
      throw e;
    }
  }

  private decodeWith(ty: Ty, data: Uint8Array, budget: Budget): Value {
    budget.charge(VALUE_COST);
    const fixed = FIXED[ty.form];
    if (fixed !== undefined && ty.form !== "()") {
      if (data.length !== fixed) throw new WireError(`expected ${fixed} bytes, found ${data.length}`);
      const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
      if (ty.form === "f32") return view.getFloat32(0, true);
      if (ty.form === "f64") return view.getFloat64(0, true);
      return this.fromCore(ty, fixed === 8 ? view.getBigUint64(0, true) : BigInt(littleEndian(data)));
    }
    switch (ty.form) {
      case "String":
      case "&str": {
        budget.charge(data.length);
        const bad = invalidUtf8(data);
        if (bad !== null) throw new WireError(`invalid UTF-8 after byte ${bad}`);
        return DECODER.decode(data);
      }
      case "()":
        new Reader(data, budget).finish();
        return null;
      case "vec":
      case "slice":
        return this.decodeSeq(ty.inner, data, budget);
      case "option": {
        const r = new Reader(data, budget);
        const tag = r.take(1)[0] ?? 0;
        if (tag > 1) throw new WireError(`tag ${tag} is not valid for Option`);
        const value = tag === 0 ? null : some(ty.inner, this.nested(ty.inner, r));
        r.finish();
        return value;
      }
      case "result": {
        const r = new Reader(data, budget);
        const tag = r.take(1)[0] ?? 0;
        if (tag > 1) throw new WireError(`tag ${tag} is not valid for Result`);
        const value: Value = tag === 0 ? { ok: this.nested(ty.inner, r) } : { err: this.nested(ty.second, r) };
        r.finish();
        return value;
      }
      case "box":
        return this.decodeWith(ty.inner, data, budget);
      case "tuple":
      case "array": {
        const r = new Reader(data, budget);
        const types = ty.form === "tuple" ? ty.items : Array.from({ length: ty.length }, () => ty.inner);
        budget.charge(SLOT_COST * types.length);
        const values = types.map((t) => this.nested(t, r));
        r.finish();
        return values;
      }
      case "hash_map":
      case "btree_map": {
        const r = new Reader(data, budget, true);
        const out: Value[] = [];
        const keys = new Set<string>();
        while (!r.empty()) {
          budget.charge(ENTRY_COST);
          const start = r.at;
          const key = this.nested(ty.inner, r);
          const value = this.nested(ty.second, r);
          if (r.at === start) throw new WireError(`${r.data.length - start} unexpected bytes after the value`);
          const keyId = canonical(key);
          if (keys.has(keyId)) throw new WireError("a map holds the same key twice");
          keys.add(keyId);
          out.push([key, value]);
        }
        r.finish();
        return out;
      }
      case "named":
        return this.decodeNamed(ty, data, budget);
      default:
        throw new WireError(`${spell(ty)} does not cross as a value`);
    }
  }

  private nested(ty: Ty, r: Reader): Value {
    const size = this.fixedSize(ty) ?? r.u32();
    return this.decodeWith(ty, r.take(size), r.budget);
  }

  private decodeSeq(elem: Ty, data: Uint8Array, budget: Budget): Value {
    if (elem.form === "u8") {
      budget.charge(data.length);
      return data.slice();
    }
    const size = this.fixedSize(elem);
    if (size) {
      if (data.length % size) {
        throw new WireError(`length ${data.length} is not a multiple of the element size ${size}`);
      }
      budget.charge((data.length / size) * SLOT_COST);
      const items: Value[] = [];
      for (let i = 0; i < data.length; i += size) items.push(this.decodeWith(elem, data.subarray(i, i + size), budget));
      return items;
    }
    const r = new Reader(data, budget, true);
    const items: Value[] = [];
    while (!r.empty()) {
      budget.charge(SLOT_COST);
      const start = r.at;
      items.push(this.nested(elem, r));
      if (r.at === start) throw new WireError(`${r.data.length - start} unexpected bytes after the value`);
    }
    r.finish();
    return items;
  }

  private decodeNamed(ty: Ty & { form: "named" }, data: Uint8Array, budget: Budget): Value {
    const def = this.def(ty);
    if (def.kind === "flags") {
      const size = flagsSize(def.flags.length);
      if (data.length !== size) throw new WireError(`expected ${size} bytes, found ${data.length}`);
      const bits = littleEndian(data);
      if (bits >> BigInt(def.flags.length)) {
        throw new WireError(`flags 0x${bits.toString(16)} set a bit that names no flag of ${ty.name}`);
      }
      return def.flags.filter((_, i) => (bits >> BigInt(i)) & 1n);
    }
    const r = new Reader(data, budget, true);
    if (def.kind === "struct") {
      const types = fieldTypes(def.fields);
      budget.charge(SLOT_COST * types.length);
      const required = def.required;
      const values = types.map((t, i) => (required === null || i < required || !r.empty() ? this.nested(t, r) : null));
      if (required !== null) r.finishExtensible();
      else r.finish();
      return fieldsValue(def.fields, values);
    }
    const tag = r.u32();
    const variant = def.variants[tag];
    if (variant === undefined) throw new WireError(`tag ${tag} is not valid for ${ty.name}`);
    const [name, fields] = variant;
    const types = fieldTypes(fields);
    budget.charge(SLOT_COST * types.length);
    const values = types.map((t) => this.nested(t, r));
    r.finish();
    return fields.form === "unit" ? name : { [name]: fieldsValue(fields, values) };
  }

  /** A scalar's value from its core value (or its body's bits), checked
   * as the receiver checks it. */
  fromCore(ty: Ty, core: bigint | number): Value {
    const bits = typeof core === "bigint" ? core : BigInt(core);
    const int = INTS[ty.form];
    if (int) {
      const [size, signed] = int;
      const value = signed ? BigInt.asIntN(size * 8, bits) : BigInt.asUintN(size * 8, bits);
      return size === 8 ? value : Number(value);
    }
    switch (ty.form) {
      case "bool": {
        const value = BigInt.asUintN(32, bits);
        if (value > 1n) throw new WireError(`bool value ${BigInt.asIntN(32, bits)} is neither 0 nor 1`);
        return value === 1n;
      }
      case "char": {
        const c = Number(BigInt.asUintN(32, bits));
        if (c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) {
          throw new WireError(`char value 0x${c.toString(16)} is not a Unicode scalar value`);
        }
        return String.fromCodePoint(c);
      }
      case "guest_ptr":
        return Number(BigInt.asUintN(32, bits));
      case "resource":
        return BigInt.asUintN(64, bits);
      default:
        throw new WireError(`${spell(ty)} is not a scalar`);
    }
  }

  /** Decodes a value that travels inline in its i64 core value. */
  fromInline(ty: Ty, core: bigint): Value {
    const size = this.fixedSize(ty) ?? 0;
    const raw = BigInt.asUintN(64, core);
    if (size < 8 && raw >> BigInt(size * 8)) {
      throw new WireError(`non-zero bytes above the ${size}-byte value in its i64 (they must be zero)`);
    }
    const body = new Uint8Array(size);
    for (let i = 0; i < size; i++) body[i] = Number((raw >> BigInt(8 * i)) & 0xffn);
    return this.decode(ty, body);
  }

  // -- encoding ----------------------------------------------------------

  /** The body of `value` as a `ty`. */
  encode(ty: Ty, value: Value): Uint8Array {
    const out = new Writer();
    this.encodeTo(ty, value, out);
    return out.done();
  }

  private encodeTo(ty: Ty, value: Value, out: Writer): void {
    const int = INTS[ty.form];
    if (int) {
      out.le(checkInt(ty.form, value, int[0], int[1]), int[0]);
      return;
    }
    switch (ty.form) {
      case "bool":
        if (typeof value !== "boolean") throw new EncodeError(`expected a boolean, got ${show(value)}`);
        out.push([value ? 1 : 0]);
        return;
      case "char": {
        const cp = typeof value === "string" ? value.codePointAt(0) : undefined;
        if (cp === undefined || String.fromCodePoint(cp) !== value) {
          throw new EncodeError(`expected a one-character string, got ${show(value)}`);
        }
        out.le(BigInt(cp), 4);
        return;
      }
      case "f32":
      case "f64": {
        if (typeof value !== "number") throw new EncodeError(`expected a number, got ${show(value)}`);
        const bytes = new Uint8Array(ty.form === "f32" ? 4 : 8);
        const view = new DataView(bytes.buffer);
        if (ty.form === "f32") view.setFloat32(0, value, true);
        else view.setFloat64(0, value, true);
        out.push(bytes);
        return;
      }
      case "String":
      case "&str":
        if (typeof value !== "string") throw new EncodeError(`expected a string, got ${show(value)}`);
        out.push(ENCODER.encode(value));
        return;
      case "()":
        if (value !== null) throw new EncodeError(`expected null for (), got ${show(value)}`);
        return;
      case "vec":
      case "slice": {
        if (ty.inner.form === "u8" && value instanceof Uint8Array) {
          out.push(value);
          return;
        }
        if (!Array.isArray(value)) throw new EncodeError(`expected an array, got ${show(value)}`);
        if (this.fixedSize(ty.inner) === 0) throw new EncodeError(`a Vec of zero-sized ${spell(ty.inner)} cannot cross`);
        for (const item of value) this.encodeNested(ty.inner, item, out);
        return;
      }
      case "option":
        if (value === null) {
          out.push([0]);
        } else {
          out.push([1]);
          this.encodeNested(ty.inner, needsSome(ty.inner) ? field(value, "some", "Option") : value, out);
        }
        return;
      case "result":
        if (isObject(value) && "ok" in value) {
          out.push([0]);
          this.encodeNested(ty.inner, value["ok"] ?? null, out);
        } else if (isObject(value) && "err" in value) {
          out.push([1]);
          this.encodeNested(ty.second, value["err"] ?? null, out);
        } else {
          throw new EncodeError(`expected {ok: ..} or {err: ..}, got ${show(value)}`);
        }
        return;
      case "box":
        this.encodeTo(ty.inner, value, out);
        return;
      case "tuple":
      case "array": {
        const count = ty.form === "tuple" ? ty.items.length : ty.length;
        if (!Array.isArray(value) || value.length !== count) {
          throw new EncodeError(`expected ${count} items, got ${show(value)}`);
        }
        value.forEach((item, i) => this.encodeNested(ty.form === "tuple" ? (ty.items[i] as Ty) : ty.inner, item, out));
        return;
      }
      case "hash_map":
      case "btree_map": {
        if (!Array.isArray(value)) throw new EncodeError(`expected an array of [key, value] pairs, got ${show(value)}`);
        for (const pair of value) {
          if (!Array.isArray(pair) || pair.length !== 2) throw new EncodeError(`expected a [key, value] pair, got ${show(pair)}`);
          this.encodeNested(ty.inner, pair[0] ?? null, out);
          this.encodeNested(ty.second, pair[1] ?? null, out);
        }
        return;
      }
      case "guest_ptr":
        out.le(checkInt("u32", value, 4, false), 4);
        return;
      case "resource":
        out.le(checkInt("u64", value, 8, false), 8);
        return;
      case "named":
        this.encodeNamed(ty, value, out);
        return;
      default:
        throw new EncodeError(`${spell(ty)} does not cross as a value`);
    }
  }

  private encodeNested(ty: Ty, value: Value, out: Writer): void {
    if (this.fixedSize(ty) !== null) {
      this.encodeTo(ty, value, out);
      return;
    }
    const at = out.length;
    out.push([0, 0, 0, 0]);
    this.encodeTo(ty, value, out);
    const len = out.length - at - 4;
    new DataView(out.bytes.buffer).setUint32(at, len, true);
  }

  private encodeNamed(ty: Ty & { form: "named" }, value: Value, out: Writer): void {
    const def = this.def(ty);
    const name = spell(ty);
    if (def.kind === "flags") {
      if (!Array.isArray(value)) throw new EncodeError(`expected an array of ${name} flag names, got ${show(value)}`);
      let bits = 0n;
      for (const flag of value) {
        const i = typeof flag === "string" ? def.flags.indexOf(flag) : -1;
        if (i < 0) throw new EncodeError(`${name} has no flag ${show(flag)}`);
        bits |= 1n << BigInt(i);
      }
      out.le(bits, flagsSize(def.flags.length));
      return;
    }
    if (def.kind === "struct") {
      this.encodeFields(name, def.fields, value, out, def.required);
      return;
    }
    const [variant, payload] =
      typeof value === "string" ? [value, null] : isObject(value) && Object.keys(value).length === 1
        ? [Object.keys(value)[0] ?? "", Object.values(value)[0] ?? null]
        : ["", null];
    const index = def.variants.findIndex(([v]) => v === variant);
    const found = def.variants[index];
    if (found === undefined) throw new EncodeError(`${name} has no variant ${show(variant || value)}`);
    out.le(BigInt(index), 4);
    this.encodeFields(`${name}::${variant}`, found[1], payload, out, null);
  }

  private encodeFields(what: string, fields: Fields, value: Value, out: Writer, required: number | null): void {
    switch (fields.form) {
      case "unit":
        return;
      case "tuple":
        if (!Array.isArray(value) || value.length !== fields.types.length) {
          throw new EncodeError(`${what} has ${fields.types.length} fields, got ${show(value)}`);
        }
        fields.types.forEach((t, i) => this.encodeNested(t, value[i] ?? null, out));
        return;
      case "named":
        if (!isObject(value)) throw new EncodeError(`${what} needs an object of its fields, got ${show(value)}`);
        fields.fields.forEach(([name, t], i) => {
          const item = value[name];
          if (item === undefined && (required === null || i < required)) {
            throw new EncodeError(`${what} needs field ${name}, got ${show(value)}`);
          }
          this.encodeNested(t, item ?? null, out);
        });
        return;
    }
  }

  // -- JSON (docs/ABI.md section 11) ---------------------------------------

  /** The value of a JSON-convention value (64-bit integers given as
   * numbers or decimal strings). */
  fromJson(ty: Ty, j: unknown): Value {
    switch (ty.form) {
      case "i64": case "u64": case "resource":
        return BigInt(j as string | number);
      case "vec": case "slice":
        if (ty.inner.form === "u8") return Uint8Array.from(j as number[]);
        return (j as unknown[]).map((x) => this.fromJson(ty.inner, x));
      case "array":
        return (j as unknown[]).map((x) => this.fromJson(ty.inner, x));
      case "tuple":
        return ty.items.map((t, i) => this.fromJson(t, (j as unknown[])[i]));
      case "option":
        if (j === null) return null;
        return needsSome(ty.inner)
          ? { some: this.fromJson(ty.inner, (j as { some: unknown }).some) }
          : this.fromJson(ty.inner, (j as { some: unknown }).some);
      case "result": {
        const r = j as { ok?: unknown; err?: unknown };
        return "ok" in r ? { ok: this.fromJson(ty.inner, r.ok) } : { err: this.fromJson(ty.second, r.err) };
      }
      case "box":
        return this.fromJson(ty.inner, j);
      case "hash_map": case "btree_map":
        return (j as unknown[][]).map(([k, v]) => [this.fromJson(ty.inner, k), this.fromJson(ty.second, v)]);
      case "named": {
        const def = this.def(ty);
        if (def.kind === "flags") return j as string[];
        if (def.kind === "struct") return this.fieldsFromJson(def.fields, j);
        if (typeof j === "string") return j;
        const [name, payload] = Object.entries(j as object)[0] ?? ["", null];
        const variant = def.variants.find(([v]) => v === name);
        return { [name]: variant ? this.fieldsFromJson(variant[1], payload) : null };
      }
      default:
        return j as Value;
    }
  }

  private fieldsFromJson(fields: Fields, j: unknown): Value {
    switch (fields.form) {
      case "unit":
        return null;
      case "tuple":
        return fields.types.map((t, i) => this.fromJson(t, (j as unknown[])[i]));
      case "named":
        return Object.fromEntries(fields.fields.map(([n, t]) => [n, this.fromJson(t, (j as { [k: string]: unknown })[n])]));
    }
  }
}

/** `Some(value)`: the value itself, unless `null` could mean it
 * (`Option<()>`, `Option<Option<T>>`): then `{some: value}`. */
function needsSome(inner: Ty): boolean {
  return inner.form === "()" || inner.form === "option";
}

function some(inner: Ty, value: Value): Value {
  return needsSome(inner) ? { some: value } : value;
}

function field(value: Value, name: string, what: string): Value {
  if (!isObject(value) || !(name in value)) throw new EncodeError(`expected {${name}: ..} for ${what}, got ${show(value)}`);
  return value[name] ?? null;
}

function fieldTypes(fields: Fields): Ty[] {
  switch (fields.form) {
    case "unit":
      return [];
    case "tuple":
      return fields.types;
    case "named":
      return fields.fields.map(([, t]) => t);
  }
}

/** A struct's or variant's fields as a value: an object of named fields,
 * an array of tuple fields, `null` for none. */
function fieldsValue(fields: Fields, values: Value[]): Value {
  switch (fields.form) {
    case "unit":
      return null;
    case "tuple":
      return values;
    case "named":
      return Object.fromEntries(fields.fields.map(([n], i) => [n, values[i] ?? null]));
  }
}

function isObject(value: Value): value is { [key: string]: Value } {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

function sum(sizes: Array<number | null>): number | null {
  let total = 0;
  for (const size of sizes) {
    if (size === null) return null;
    total += size;
  }
  return total;
}

function littleEndian(bytes: Uint8Array): bigint {
  let value = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i] ?? 0);
  return value;
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A key's identity for duplicate detection. */
function canonical(value: Value): string {
  return JSON.stringify(value, (_, v: unknown) =>
    typeof v === "bigint" ? `${v}n` : v instanceof Uint8Array ? `bytes:${hex(v)}` : v,
  );
}

function checkInt(form: string, value: Value, size: number, signed: boolean): bigint {
  let v: bigint;
  if (typeof value === "bigint") v = value;
  else if (typeof value === "number" && Number.isSafeInteger(value)) v = BigInt(value);
  else throw new EncodeError(`expected an integer for ${form}, got ${show(value)}`);
  const bits = BigInt(size * 8);
  const [low, high] = signed ? [-(1n << (bits - 1n)), (1n << (bits - 1n)) - 1n] : [0n, (1n << bits) - 1n];
  if (v < low || v > high) throw new EncodeError(`${v} does not fit in ${form}`);
  return v;
}

/** A value in an error message, bounded. */
function show(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value, (_, v: unknown) => (typeof v === "bigint" ? `${v}n` : v)) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 200 ? `${text.slice(0, 200)}...` : text;
}
