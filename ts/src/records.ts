// Interface records (docs/ABI.md section 8): type spellings, type lines,
// function lines and whole records, parsed exactly as the Rust crate
// `wasmbind-shared` (and the Python package) parse them.

/** The wire ABI version this package speaks. */
export const ABI_VERSION = 2;
/** The longest record a host reads, in bytes. */
export const MAX_RECORD = 64 << 10;
/** The most records, and bytes of records, a host reads of one plugin. */
export const MAX_RECORDS = 4096;
export const MAX_RECORDS_TOTAL = 4 << 20;
/** How deeply a type spelling may nest. */
export const MAX_TYPE_DEPTH = 64;
/** The most flags a flags type has: a set travels in at most 64 bits. */
export const MAX_FLAGS = 64;
/** The export-name prefixes of records. */
export const RECORD_PREFIXES = ["wasmbind_exports_", "wasmbind_imports_", "wasmbind_export_", "wasmbind_import_"] as const;

/** A parsed type: its form, then what the form holds. */
export type Ty =
  | { form: Leaf }
  | { form: "vec" | "slice" | "option" | "box" | "guest_ptr"; inner: Ty }
  | { form: "result" | "hash_map" | "btree_map"; inner: Ty; second: Ty }
  | { form: "array"; inner: Ty; length: number }
  | { form: "tuple"; items: Ty[] }
  | { form: "resource"; kind: string }
  | { form: "named"; name: string; args: Ty[] };

/** The types that are one word or symbol. */
export type Leaf =
  | "bool" | "i8" | "u8" | "i16" | "u16" | "i32" | "u32" | "i64" | "u64" | "f32" | "f64" | "char"
  | "()" | "String" | "&str" | "Trap";

/** How each kind of type is spelled: `[form, pattern]`, in the order of
 * the Rust table `wasmbind_shared::GRAMMAR` (docs/vectors.json holds it). */
export const GRAMMAR: ReadonlyArray<readonly [string, string]> = [
  ["bool", "bool"], ["i8", "i8"], ["u8", "u8"], ["i16", "i16"], ["u16", "u16"], ["i32", "i32"],
  ["u32", "u32"], ["i64", "i64"], ["u64", "u64"], ["f32", "f32"], ["f64", "f64"], ["char", "char"],
  ["()", "()"], ["String", "String"], ["&str", "&str"], ["Trap", "Trap"],
  ["vec", "Vec<T>"], ["slice", "&[T]"], ["option", "Option<T>"], ["box", "Box<T>"],
  ["guest_ptr", "GuestPtr<T>"], ["result", "Result<T,E>"], ["hash_map", "HashMap<T,E>"],
  ["btree_map", "BTreeMap<T,E>"], ["array", "[T;N]"], ["tuple", "(T,..)"],
  ["resource", "Resource<K>"], ["named", "Name<T,..>"],
];

const LEAVES = new Set(GRAMMAR.filter(([f, p]) => f === p && /^[A-Za-z]/.test(p)).map(([f]) => f));
const SYMBOLS = GRAMMAR.filter(([f, p]) => f === p && !/^[A-Za-z]/.test(p)).map(([f]) => f);
/** Generic names: name -> [form, number of type arguments]. */
const GENERICS = new Map<string, [string, number]>(
  GRAMMAR.filter(([, p]) => p.endsWith("<T>") || p.endsWith("<T,E>")).map(([f, p]) => [
    p.split("<")[0] ?? p,
    [f, p.split(",").length],
  ]),
);
const BUILTIN = new Set([...LEAVES, ...GENERICS.keys(), "Resource"]);

/** A record or spelling that does not parse. */
export class RecordError extends Error {
  override name = "RecordError";
}

class Parser {
  at = 0;
  constructor(readonly text: string) {}

  eat(token: string): boolean {
    if (this.text.startsWith(token, this.at)) {
      this.at += token.length;
      return true;
    }
    return false;
  }

  expect(token: string): void {
    if (!this.eat(token)) throw new RecordError(`expected ${JSON.stringify(token)} at ${this.at}`);
  }

  end(): void {
    if (this.at !== this.text.length) throw new RecordError(`unexpected text at ${this.at}`);
  }

  ident(): string {
    const start = this.at;
    const raw = this.eat("r#");
    while (this.at < this.text.length && /[A-Za-z0-9_]/.test(this.text[this.at] ?? "")) this.at += 1;
    const ident = this.text.slice(start, this.at);
    const first = raw ? ident.slice(2, 3) : ident.slice(0, 1);
    if (!first || /[0-9]/.test(first)) throw new RecordError(`expected a name at ${start}`);
    return ident;
  }

  number(): number {
    const start = this.at;
    while (this.at < this.text.length && /[0-9]/.test(this.text[this.at] ?? "")) this.at += 1;
    if (start === this.at || this.at - start > 10) throw new RecordError(`expected a number at ${start}`);
    return Number(this.text.slice(start, this.at));
  }

  listUntil(close: string, depth: number): Ty[] {
    const items = [this.ty(depth + 1)];
    while (!this.eat(close)) {
      this.expect(",");
      items.push(this.ty(depth + 1));
    }
    return items;
  }

  ty(depth = 0): Ty {
    if (depth > MAX_TYPE_DEPTH) throw new RecordError("type nests too deeply");
    for (const symbol of SYMBOLS) if (this.eat(symbol)) return { form: symbol as Leaf };
    if (this.eat("&[")) {
      const inner = this.ty(depth + 1);
      this.expect("]");
      return { form: "slice", inner };
    }
    if (this.eat("[")) {
      const inner = this.ty(depth + 1);
      this.expect(";");
      const length = this.number();
      this.expect("]");
      return { form: "array", inner, length };
    }
    if (this.eat("(")) {
      const items: Ty[] = [];
      let comma = false;
      while (!this.eat(")")) {
        if (items.length && !comma) throw new RecordError("expected ',' in a tuple");
        items.push(this.ty(depth + 1));
        comma = this.eat(",");
      }
      if (!items.length) return { form: "()" };
      if (items.length === 1 && !comma) return items[0] as Ty;
      return { form: "tuple", items };
    }
    const name = this.ident();
    if (name === "Resource") {
      this.expect("<");
      const kind = this.eat("_") ? "_" : this.ident();
      this.expect(">");
      return { form: "resource", kind };
    }
    const args = this.eat("<") ? this.listUntil(">", depth) : [];
    if (!args.length && LEAVES.has(name)) return { form: name as Leaf };
    const generic = GENERICS.get(name);
    if (generic && generic[1] === args.length) {
      const [form] = generic;
      if (args.length === 1) return { form: form as "vec", inner: args[0] as Ty };
      return { form: form as "result", inner: args[0] as Ty, second: args[1] as Ty };
    }
    if (BUILTIN.has(name)) throw new RecordError(`${name} takes other type arguments`);
    return { form: "named", name, args };
  }
}

/** Parses a type spelling (`Vec<Option<Point>>`). */
export function parseType(text: string): Ty {
  const parser = new Parser(text);
  const ty = parser.ty();
  parser.end();
  return ty;
}

/** A type's spelling, as records write it. */
export function spell(ty: Ty): string {
  switch (ty.form) {
    case "slice":
      return `&[${spell(ty.inner)}]`;
    case "array":
      return `[${spell(ty.inner)};${ty.length}]`;
    case "tuple": {
      const inner = ty.items.map(spell).join(",");
      return ty.items.length === 1 ? `(${inner},)` : `(${inner})`;
    }
    case "resource":
      return `Resource<${ty.kind}>`;
    case "named":
      return ty.name + (ty.args.length ? `<${ty.args.map(spell).join(",")}>` : "");
    case "vec": case "option": case "box": case "guest_ptr":
      return `${genericName(ty.form)}<${spell(ty.inner)}>`;
    case "result": case "hash_map": case "btree_map":
      return `${genericName(ty.form)}<${spell(ty.inner)},${spell(ty.second)}>`;
    default:
      return ty.form;
  }
}

function genericName(form: string): string {
  for (const [name, [generic]] of GENERICS) if (generic === form) return name;
  return form;
}

/** Whether two parsed types are the same type. */
export function sameType(a: Ty, b: Ty): boolean {
  return spell(a) === spell(b);
}

/** A function line's signature: `fn(&str, Point) -> String`. */
export class Signature {
  constructor(readonly params: Ty[], readonly result: Ty | null) {}

  /** Parses a signature, whitespace aside; `-> ()` is no result, as in Rust. */
  static parse(text: string): Signature {
    const parser = new Parser(text.replace(/\s+/g, ""));
    parser.expect("fn(");
    const params = parser.eat(")") ? [] : parser.listUntil(")", -1);
    const result = parser.eat("->") ? parser.ty() : null;
    parser.end();
    return new Signature(params, result && result.form === "()" ? null : result);
  }

  toString(): string {
    const params = this.params.map(spell).join(", ");
    return `fn(${params})` + (this.result ? ` -> ${spell(this.result)}` : "");
  }
}

/** Whether two signatures are the same function type: both parse to equal
 * parameter and result types; one that does not parse is the same as none. */
export function sameSignature(a: string, b: string): boolean {
  try {
    return Signature.parse(a).toString() === Signature.parse(b).toString();
  } catch (e) {
    if (e instanceof RecordError) return false;
    throw e;
  }
}

/** A struct's or variant's fields. */
export type Fields =
  | { form: "unit" }
  | { form: "tuple"; types: Ty[] }
  | { form: "named"; fields: Array<[string, Ty]> };

/** One type line: a struct (with `required`, when extensible: how many of
 * its fields are required), an enum, or a flags type. */
export type TypeDef =
  | { kind: "struct"; ty: Ty & { form: "named" }; fields: Fields; required: number | null }
  | { kind: "enum"; ty: Ty & { form: "named" }; variants: Array<[string, Fields]> }
  | { kind: "flags"; ty: Ty & { form: "named" }; flags: string[] };

/** Parses a type line (`struct Point{x:i32,y:i32}`). */
export function parseTypeDef(line: string): TypeDef {
  const space = line.indexOf(" ");
  const keyword = space < 0 ? line : line.slice(0, space);
  const rest = space < 0 ? "" : line.slice(space + 1);
  if (keyword !== "struct" && keyword !== "enum" && keyword !== "flags") {
    throw new RecordError("a type line starts with struct, enum or flags");
  }
  const parser = new Parser(rest);
  const ty = parser.ty();
  if (ty.form !== "named") throw new RecordError("a type line defines a struct, enum or flags type");
  if (keyword === "struct" && rest.endsWith("..}")) {
    parser.expect("{");
    const named: Array<[string, Ty]> = [];
    let required: number | null = null;
    while (!parser.eat("..}")) {
      const name = parser.ident();
      if (parser.eat("?")) required ??= named.length;
      else if (required !== null) throw new RecordError("a required field after an optional one");
      parser.expect(":");
      named.push([name, parser.ty(1)]);
      parser.expect(",");
    }
    parser.end();
    return { kind: "struct", ty, fields: { form: "named", fields: named }, required: required ?? named.length };
  }
  if (keyword === "struct") {
    const fields = parseFields(parser);
    parser.end();
    return { kind: "struct", ty, fields, required: null };
  }
  parser.expect("{");
  if (keyword === "enum") {
    const variants: Array<[string, Fields]> = [];
    while (!parser.eat("}")) {
      if (variants.length) parser.expect(",");
      variants.push([parser.ident(), parseFields(parser)]);
    }
    parser.end();
    return { kind: "enum", ty, variants };
  }
  const flags: string[] = [];
  while (!parser.eat("}")) {
    if (flags.length) parser.expect(",");
    flags.push(parser.ident());
  }
  parser.end();
  if (ty.args.length || flags.length < 1 || flags.length > MAX_FLAGS) {
    throw new RecordError(`a flags type has no type arguments and 1 to ${MAX_FLAGS} flags`);
  }
  return { kind: "flags", ty, flags };
}

function parseFields(parser: Parser): Fields {
  if (parser.eat("(")) return { form: "tuple", types: parser.listUntil(")", 0) };
  if (!parser.eat("{")) return { form: "unit" };
  const fields: Array<[string, Ty]> = [];
  while (!parser.eat("}")) {
    if (fields.length) parser.expect(",");
    const name = parser.ident();
    parser.expect(":");
    fields.push([name, parser.ty(1)]);
  }
  return { form: "named", fields };
}

/** A type line, as records write it. */
export function typeDefText(def: TypeDef): string {
  const name = spell(def.ty);
  switch (def.kind) {
    case "struct":
      if (def.required !== null && def.fields.form === "named") {
        const required = def.required;
        const fields = def.fields.fields.map(([n, t], i) => `${n}${i >= required ? "?" : ""}:${spell(t)},`);
        return `struct ${name}{${fields.join("")}..}`;
      }
      return `struct ${name}${fieldsText(def.fields)}`;
    case "flags":
      return `flags ${name}{${def.flags.join(",")}}`;
    case "enum":
      return `enum ${name}{${def.variants.map(([n, f]) => n + fieldsText(f)).join(",")}}`;
  }
}

function fieldsText(fields: Fields): string {
  switch (fields.form) {
    case "unit":
      return "";
    case "tuple":
      return `(${fields.types.map(spell).join(",")})`;
    case "named":
      return `{${fields.fields.map(([n, t]) => `${n}:${spell(t)}`).join(",")}}`;
  }
}

/** The bytes a set of `count` flags takes: 1, 2, 4 or 8. */
export function flagsSize(count: number): number {
  return count <= 8 ? 1 : count <= 16 ? 2 : count <= 32 ? 4 : 8;
}

/** One interface record: its version, heading, function lines and type lines. */
export interface Record {
  version: number;
  kind: "exports" | "imports" | "export" | "import";
  /** The trait (exports, imports) or the function (export, import). */
  name: string;
  /** The import module (imports, import). */
  module: string | null;
  functions: Array<[string, string]>;
  types: TypeDef[];
}

/** Parses a record's text. */
export function parseRecord(text: string): Record {
  if (!text.endsWith("\n")) throw new RecordError("a record's lines end with \\n");
  const lines = text.slice(0, -1).split("\n");
  const [first, heading, ...rest] = lines;
  if (first === undefined || heading === undefined || !first.startsWith("wasmbind ")) {
    throw new RecordError("a record starts with its version line and heading");
  }
  const version = Number(first.slice("wasmbind ".length));
  if (!Number.isInteger(version)) throw new RecordError(`bad version line ${JSON.stringify(first)}`);
  const words = heading.split(" ");
  let record: Record;
  if ((words[0] === "exports" || words[0] === "export") && words.length === 2) {
    record = { version, kind: words[0], name: words[1] ?? "", module: null, functions: [], types: [] };
  } else if ((words[0] === "imports" || words[0] === "import") && words.length === 3) {
    record = { version, kind: words[0], name: words[2] ?? "", module: words[1] ?? "", functions: [], types: [] };
  } else {
    throw new RecordError(`unknown heading ${JSON.stringify(heading)}`);
  }
  for (const line of rest) {
    if (/^(struct|enum|flags) /.test(line)) {
      record.types.push(parseTypeDef(line));
    } else if (record.types.length) {
      throw new RecordError("a function line after a type line");
    } else {
      const space = line.indexOf(" ");
      if (space <= 0) throw new RecordError(`malformed function line ${JSON.stringify(line)}`);
      record.functions.push([line.slice(0, space), line.slice(space + 1)]);
    }
  }
  return record;
}

/** A record's text. */
export function recordText(record: Record): string {
  const heading = record.module === null ? `${record.kind} ${record.name}` : `${record.kind} ${record.module} ${record.name}`;
  const lines = [`wasmbind ${record.version}`, heading];
  for (const [name, sig] of record.functions) lines.push(`${name} ${sig}`);
  for (const def of record.types) lines.push(typeDefText(def));
  return lines.join("\n") + "\n";
}

/** A difference `compare` found: its line, and `"extra"` for a function
 * the plugin exports that the host does not declare, `"missing"` for one
 * the host declares that the plugin lacks (with the function's name). */
export interface Difference {
  line: string;
  kind: "extra" | "missing" | null;
  name: string | null;
}

/** What the plugin's records say that `expected` (the export records the
 * host expects) does not, in the Rust host's words
 * (`wasmbind_shared::compare`, without its import half). */
export function compare(plugin: Record[], expected: Record[]): Difference[] {
  const found: Difference[] = plugin
    .filter((r) => r.version !== ABI_VERSION)
    .map((r) => ({ line: `built for wasmbind ABI ${r.version}, the host speaks ${ABI_VERSION}`, kind: null, name: null }));
  for (const ours of expected) {
    const theirs = plugin.find((r) => r.kind === ours.kind && r.name === ours.name && r.module === ours.module);
    if (theirs) {
      exportDifferences(ours, theirs, found);
      continue;
    }
    for (const [name, sig] of ours.functions) {
      const single = plugin.find((r) => r.kind === "export" && r.name === name);
      if (single) exportDifferences({ ...ours, functions: [[name, sig]] }, single, found);
    }
  }
  const seen = new Set<string>();
  return found.filter((d) => !seen.has(d.line) && seen.add(d.line));
}

function functionOf(record: Record, name: string): string | undefined {
  return record.functions.find(([n]) => n === name)?.[1];
}

function exportDifferences(ours: Record, theirs: Record, found: Difference[]): void {
  for (const [name, sig] of ours.functions) {
    const theirSig = functionOf(theirs, name);
    if (theirSig === undefined) {
      const near = nearName(name, theirs.functions.map(([n]) => n).filter((n) => functionOf(ours, n) === undefined));
      const hint = near ? ` (did you mean ${near}?)` : "";
      found.push({ line: `export ${name}: host expects ${sig}, plugin does not export it${hint}`, kind: "missing", name });
    } else if (!sameSignature(theirSig, sig)) {
      found.push({ line: `export ${name}: host expects ${sig}, plugin has ${theirSig}`, kind: null, name: null });
    }
  }
  for (const [name, sig] of theirs.functions) {
    if (functionOf(ours, name) === undefined) {
      found.push({ line: `export ${name}: plugin has ${sig}, which the host does not declare`, kind: "extra", name });
    }
  }
  for (const def of ours.types) {
    const theirDef = theirs.types.find((d) => spell(d.ty) === spell(def.ty));
    if (theirDef && typeDefText(theirDef) !== typeDefText(def) && !growsCompatibly(def, theirDef)) {
      for (const line of defDifferences(def, theirDef)) found.push({ line: `type ${spell(def.ty)}: ${line}`, kind: null, name: null });
    }
  }
}

/** The candidate at most two edits from `name` (names of at most 64 bytes). */
function nearName(name: string, candidates: string[]): string | null {
  const distance = (a: string, b: string): number => {
    const row = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 0; i < a.length; i++) {
      let diagonal = row[0] ?? 0;
      row[0] = i + 1;
      for (let j = 0; j < b.length; j++) {
        const next = Math.min(diagonal + (a[i] === b[j] ? 0 : 1), (row[j] ?? 0) + 1, (row[j + 1] ?? 0) + 1);
        diagonal = row[j + 1] ?? 0;
        row[j + 1] = next;
      }
    }
    return row[b.length] ?? 0;
  };
  if (name.length > 64) return null;
  let best: [number, string] | null = null;
  for (const c of candidates) {
    if (c.length > 64) continue;
    const d = distance(name, c);
    if (d <= 2 && (best === null || d < best[0])) best = [d, c];
  }
  return best ? best[1] : null;
}

function growsCompatibly(ours: TypeDef, theirs: TypeDef): boolean {
  if (ours.kind !== "struct" || theirs.kind !== "struct" || ours.required === null || theirs.required === null) return false;
  if (ours.fields.form !== "named" || theirs.fields.form !== "named") return false;
  const [a, b] = [ours.fields.fields, theirs.fields.fields];
  const common = Math.min(a.length, b.length);
  const same = a.slice(0, common).every(([n, t], i) => n === b[i]?.[0] && spell(t) === spell(b[i]?.[1] ?? t) && b[i] !== undefined);
  return ours.required === theirs.required && ours.required <= common && same;
}

function defDifferences(ours: TypeDef, theirs: TypeDef): string[] {
  const lines: string[] = [];
  if (ours.kind === "struct" && theirs.kind === "struct" && (ours.required === null) === (theirs.required === null)) {
    fieldDifferences("", ours.fields, theirs.fields, lines);
    const [m, n] = [ours.required, theirs.required];
    if (m !== null && n !== null && m !== n) {
      lines.push(`host requires ${m} ${m === 1 ? "field" : "fields"}, plugin requires ${n}: only fields added later are optional`);
    }
  } else if (ours.kind === "enum" && theirs.kind === "enum") {
    const [a, b] = [ours.variants, theirs.variants];
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const [x, y] = [a[i], b[i]];
      if (x && y) {
        if (x[0] === y[0]) fieldDifferences(`variant ${x[0]}: `, x[1], y[1], lines);
        else lines.push(`variant ${i}: host has ${x[0]}, plugin has ${y[0]}`);
      } else if (x) lines.push(`variant ${x[0]}: the plugin does not have it`);
      else if (y) lines.push(`variant ${y[0]}: the plugin has it, the host does not`);
    }
  } else if (ours.kind === "flags" && theirs.kind === "flags") {
    const [a, b] = [ours.flags, theirs.flags];
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const [x, y] = [a[i], b[i]];
      if (x !== undefined && y !== undefined) {
        if (x !== y) lines.push(`flag ${i}: host has ${x}, plugin has ${y}`);
      } else if (x !== undefined) lines.push(`flag ${x}: the plugin does not have it`);
      else if (y !== undefined) lines.push(`flag ${y}: the plugin has it, the host does not`);
    }
  }
  return lines.length ? lines : [`host has ${typeDefText(ours)}, plugin has ${typeDefText(theirs)}`];
}

function fieldDifferences(prefix: string, ours: Fields, theirs: Fields, lines: string[]): void {
  const listed = (f: Fields): Array<[string, Ty]> =>
    f.form === "tuple" ? f.types.map((t, i) => [String(i), t]) : f.form === "named" ? f.fields : [];
  const [a, b] = [listed(ours), listed(theirs)];
  if (ours.form !== theirs.form && a.length && b.length) {
    const form = { named: "named", tuple: "tuple", unit: "no" };
    lines.push(`${prefix}host has ${form[ours.form]} fields, plugin has ${form[theirs.form]} fields`);
    return;
  }
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const [x, y] = [a[i], b[i]];
    if (x && y) {
      if (x[0] !== y[0]) lines.push(`${prefix}field ${i}: host has ${x[0]}: ${spell(x[1])}, plugin has ${y[0]}: ${spell(y[1])}`);
      else if (spell(x[1]) !== spell(y[1])) lines.push(`${prefix}field ${x[0]}: host has ${spell(x[1])}, plugin has ${spell(y[1])}`);
    } else if (x) lines.push(`${prefix}field ${x[0]}: host has ${spell(x[1])}, plugin does not have it`);
    else if (y) lines.push(`${prefix}field ${y[0]}: plugin has ${spell(y[1])}, which the host does not have`);
  }
}
