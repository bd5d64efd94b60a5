// wasmbind for TypeScript and JavaScript: the interface records and the wire
// encoding of docs/ABI.md, on the standard WebAssembly API only.

export * from "./records.js";
export * from "./wire.js";
