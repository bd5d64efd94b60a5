// wasmbind for TypeScript and JavaScript: the interface records, the wire
// encoding and a host for plugins (docs/ABI.md), on the standard
// WebAssembly API only, for Node and browsers.

export * from "./records.js";
export * from "./wire.js";
export * from "./host.js";
export { type CoreType, coreTypes, showCore } from "./module.js";
export { type WasiOptions } from "./wasi.js";
