// A C++ host for the Rust tour plugin on wasmtime's C API (wasmtime.h), with
// the types and records of tour.h, which `cargo wasmbind header` wrote from
// the plugin's records. It checks the plugin's interface, then runs the
// classic interaction patterns: a u64 add, host functions for log/get/set of
// a shared value, a Point struct sum, a typed pointer into the plugin, and
// WASI output. Built and run by tests/tests/e2e/foreign.rs.
//
// usage: tour_host PLUGIN.wasm; prints one line per check, exits 1 at the first failure.

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include <wasmtime.h>

#include "tour.h"

[[noreturn]] static void fail(const std::string &why) {
  std::printf("FAIL %s\n", why.c_str());
  std::exit(1);
}

static std::string message(wasmtime_error_t *error, wasm_trap_t *trap) {
  wasm_byte_vec_t text;
  if (error != nullptr) {
    wasmtime_error_message(error, &text);
    wasmtime_error_delete(error);
  } else {
    wasm_trap_message(trap, &text);
    wasm_trap_delete(trap);
  }
  std::string out(text.data, text.size);
  wasm_byte_vec_delete(&text);
  return out;
}

static void check(wasmtime_error_t *error, const char *what) {
  if (error != nullptr) fail(std::string(what) + ": " + message(error, nullptr));
}

template <typename T> static void expect(const char *what, const T &got, const T &want) {
  std::ostringstream line;
  line << what << " = " << got;
  if (!(got == want)) {
    line << ", expected " << want;
    fail(line.str());
  }
  std::printf("ok %s\n", line.str().c_str());
}

static std::ostream &operator<<(std::ostream &os, const Point &p) { return os << "Point { x: " << p.x << ", y: " << p.y << " }"; }
static bool operator==(const Point &a, const Point &b) { return a.x == b.x && a.y == b.y; }

static wasmtime_val_t i32(int32_t v) {
  wasmtime_val_t val;
  val.kind = WASMTIME_I32;
  val.of.i32 = v;
  return val;
}
static wasmtime_val_t i64(int64_t v) {
  wasmtime_val_t val;
  val.kind = WASMTIME_I64;
  val.of.i64 = v;
  return val;
}

// The plugin, once instantiated: its memory and allocator, every region
// bounds-checked before use (docs/ABI.md section 7).
struct Plugin {
  wasmtime_context_t *cx = nullptr;
  wasmtime_instance_t instance{};
  wasmtime_memory_t memory{};
  wasmtime_func_t alloc{};

  wasmtime_extern_t get(const char *name) const {
    wasmtime_extern_t item;
    if (!wasmtime_instance_export_get(cx, &instance, name, std::strlen(name), &item))
      fail(std::string("the plugin does not export ") + name);
    return item;
  }

  // Calls export `name`; the trap's message on failure.
  bool call(const char *name, std::initializer_list<wasmtime_val_t> args, wasmtime_val_t *result, std::string *trapped = nullptr) const {
    wasmtime_extern_t item = get(name);
    wasm_trap_t *trap = nullptr;
    wasmtime_error_t *error = wasmtime_func_call(cx, &item.of.func, args.begin(), args.size(), result, result ? 1 : 0, &trap);
    if (error == nullptr && trap == nullptr) return true;
    std::string why = message(error, trap);
    if (trapped == nullptr) fail(std::string(name) + ": " + why);
    *trapped = why;
    return false;
  }

  uint8_t *region(uint64_t ptr, uint64_t len) const {
    uint64_t size = wasmtime_memory_data_size(cx, &memory);
    if (ptr + len > size)
      fail("bytes " + std::to_string(ptr) + ".." + std::to_string(ptr + len) + " are out of bounds of memory (" +
           std::to_string(size) + " bytes)");
    return wasmtime_memory_data(cx, &memory) + ptr;
  }

  std::string read_str(int64_t packed) const {
    uint32_t len = wasmbind_region_len(packed);
    return std::string(reinterpret_cast<char *>(region(wasmbind_region_ptr(packed), len)), len);
  }

  uint32_t allocate(uint32_t len) const {
    wasmtime_val_t args[2] = {i32(int32_t(len)), i32(1)}, ptr;
    wasm_trap_t *trap = nullptr;
    wasmtime_error_t *error = wasmtime_func_call(cx, &alloc, args, 2, &ptr, 1, &trap);
    if (error != nullptr || trap != nullptr) fail("wasmbind_alloc: " + message(error, trap));
    if (ptr.of.i32 == 0) fail("wasmbind_alloc(" + std::to_string(len) + ", 1) returned 0");
    return uint32_t(ptr.of.i32);
  }

  // An argument body: copied into a block from wasmbind_alloc, which the plugin then owns (section 4).
  int64_t pass_str(const std::string &text) const {
    if (text.empty()) return wasmbind_pack(1, 0);
    uint32_t ptr = allocate(uint32_t(text.size()));
    std::memcpy(region(ptr, text.size()), text.data(), text.size());
    return wasmbind_pack(ptr, uint32_t(text.size()));
  }

  // An import's body result: in the plugin's result area when it fits, else in a block (section 5).
  int64_t result_body(int64_t out, const std::string &body) const {
    uint32_t ptr = body.size() <= wasmbind_region_len(out) ? wasmbind_region_ptr(out) : allocate(uint32_t(body.size()));
    std::memcpy(region(ptr, body.size()), body.data(), body.size());
    return wasmbind_pack(ptr, uint32_t(body.size()));
  }
};

struct Host {
  int32_t shared = 0;
  std::vector<std::string> log;
  Plugin plugin;
};

// A length-prefixed UTF-8 body nested in another (section 2).
static std::string nested_str(const std::string &text) {
  uint32_t len = uint32_t(text.size());
  return std::string(reinterpret_cast<const char *>(&len), 4) + text;
}

// One host function: the core types tour.h lists for it, and a C++ body.
template <typename F>
static void define(wasmtime_linker_t *linker, const char *name, std::initializer_list<wasm_valkind_t> params,
                   std::initializer_list<wasm_valkind_t> results, Host &host, F body) {
  auto types = [](std::initializer_list<wasm_valkind_t> kinds) {
    wasm_valtype_vec_t vec;
    wasm_valtype_vec_new_uninitialized(&vec, kinds.size());
    size_t i = 0;
    for (auto kind : kinds) vec.data[i++] = wasm_valtype_new(kind);
    return vec;
  };
  wasm_valtype_vec_t p = types(params), r = types(results);
  wasm_functype_t *ty = wasm_functype_new(&p, &r);
  struct Env {
    Host *host;
    F body;
  };
  auto callback = [](void *env, wasmtime_caller_t *, const wasmtime_val_t *args, size_t, wasmtime_val_t *results,
                     size_t) -> wasm_trap_t * {
    auto *e = static_cast<Env *>(env);
    return e->body(*e->host, args, results);
  };
  check(wasmtime_linker_define_func(linker, "env", 3, name, std::strlen(name), ty, callback, new Env{&host, body},
                                    [](void *env) { delete static_cast<Env *>(env); }),
        name);
  wasm_functype_delete(ty);
}

int main(int argc, char **argv) {
  if (argc != 2) fail("usage: tour_host PLUGIN.wasm");
  std::ifstream file(argv[1], std::ios::binary);
  std::vector<uint8_t> wasm((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  if (wasm.empty()) fail(std::string("cannot read ") + argv[1]);

  wasm_engine_t *engine = wasm_engine_new();
  wasmtime_store_t *store = wasmtime_store_new(engine, nullptr, nullptr);
  wasmtime_context_t *cx = wasmtime_store_context(store);
  wasmtime_module_t *module = nullptr;
  check(wasmtime_module_new(engine, wasm.data(), wasm.size(), &module), "compile");
  wasi_config_t *wasi = wasi_config_new();
  wasi_config_inherit_stdout(wasi);
  wasi_config_inherit_stderr(wasi);
  check(wasmtime_context_set_wasi(cx, wasi), "set_wasi");
  wasmtime_linker_t *linker = wasmtime_linker_new(engine);
  check(wasmtime_linker_define_wasi(linker), "define_wasi");

  // env: the tour's host functions, with the core signatures tour.h lists.
  Host host;
  host.plugin.cx = cx;
  const auto I32 = WASM_I32, I64 = WASM_I64;
  define(linker, "log", {I64, I64}, {}, host, [](Host &h, const wasmtime_val_t *a, wasmtime_val_t *) -> wasm_trap_t * {
    h.log.push_back(h.plugin.read_str(a[0].of.i64));
    return nullptr;
  });
  define(linker, "shared_value", {I64, I64}, {I32}, host, [](Host &h, const wasmtime_val_t *, wasmtime_val_t *r) -> wasm_trap_t * {
    r[0] = i32(h.shared);
    return nullptr;
  });
  define(linker, "set_shared_value", {I32, I64}, {}, host, [](Host &h, const wasmtime_val_t *a, wasmtime_val_t *) -> wasm_trap_t * {
    h.shared = a[0].of.i32;
    return nullptr;
  });
  define(linker, "get", {I64, I64, I64}, {I64}, host, [](Host &h, const wasmtime_val_t *a, wasmtime_val_t *r) -> wasm_trap_t * {
    // Option<String>: 00, or 01 then the string nested.
    std::string body = h.plugin.read_str(a[0].of.i64) == "greeting" ? "\1" + nested_str("Howdy") : std::string(1, '\0');
    r[0] = i64(h.plugin.result_body(a[1].of.i64, body));
    return nullptr;
  });
  define(linker, "number", {I64, I64, I64}, {I64}, host, [](Host &h, const wasmtime_val_t *a, wasmtime_val_t *r) -> wasm_trap_t * {
    // Result<u32, String>: Err, 01 then the string nested.
    r[0] = i64(h.plugin.result_body(a[1].of.i64, "\1" + nested_str("no numbers here")));
    return nullptr;
  });
  define(linker, "require", {I64, I64, I64}, {I64}, host, [](Host &, const wasmtime_val_t *, wasmtime_val_t *) -> wasm_trap_t * {
    const char *why = "required settings are not offered by the C++ host";
    return wasmtime_trap_new(why, std::strlen(why)); // Result<String, Trap>: Err stops the call
  });
  check(wasmtime_linker_define_unknown_imports_as_traps(linker, module), "unknown imports");

  Plugin &plugin = host.plugin;
  wasm_trap_t *trap = nullptr;
  wasmtime_error_t *error = wasmtime_linker_instantiate(linker, cx, module, &plugin.instance, &trap);
  if (error != nullptr || trap != nullptr) fail("instantiate: " + message(error, trap));
  plugin.memory = plugin.get("memory").of.memory;
  plugin.alloc = plugin.get("wasmbind_alloc").of.func;

  // The interface: every record the header holds, byte for byte in the plugin (section 8).
  for (const auto &record : wasmbind_records) {
    wasmtime_extern_t item;
    if (!wasmtime_instance_export_get(cx, &plugin.instance, record.export_name, std::strlen(record.export_name), &item) ||
        item.kind != WASMTIME_EXTERN_GLOBAL)
      fail(std::string("the plugin has no record ") + record.export_name + ": it is not a tour plugin");
    wasmtime_val_t addr;
    wasmtime_global_get(cx, &item.of.global, &addr);
    uint32_t len;
    std::memcpy(&len, plugin.region(uint32_t(addr.of.i32), 4), 4);
    std::string text(reinterpret_cast<char *>(plugin.region(uint64_t(uint32_t(addr.of.i32)) + 4, len)), len);
    expect(record.export_name, text == record.text, true);
  }
  plugin.call("wasmbind_init", {}, nullptr);
  wasmtime_val_t r;

  // 1. A u64 add: unsigned on both sides, wrapping in the plugin.
  plugin.call("just_add", {i64(int64_t(UINT64_MAX)), i64(2)}, &r);
  expect("just_add(u64::MAX, 2)", uint64_t(r.of.i64), uint64_t(1));

  // 2. Host functions for a shared value: the plugin reads it, logs, writes it.
  host.shared = 10;
  plugin.call("bump_shared", {i32(5)}, &r);
  expect("bump_shared(5)", r.of.i32, int32_t(15));
  expect("the host's shared value", host.shared, int32_t(15));
  expect("the host's log", host.log.empty() ? std::string() : host.log.back(), std::string("shared value was 10, adding 5"));

  // 3. A struct: Point travels inline in an i64 (tour.h's Point_to_core and Point_from_core).
  plugin.call("point_add", {i64(Point_to_core(Point{1, 2})), i64(Point_to_core(Point{-5, 10}))}, &r);
  expect("point_add", Point_from_core(r.of.i64), Point{-4, 12});

  // 4. A typed pointer: the plugin's cursor, read and written in place (bounds and alignment checked).
  plugin.call("cursor_ptr", {}, &r);
  uint32_t at = uint32_t(r.of.i32);
  if (at % alignof(int32_t) != 0) fail("cursor_ptr is not aligned");
  Point cursor;
  std::memcpy(&cursor, plugin.region(at, sizeof cursor), sizeof cursor);
  expect("*cursor_ptr()", cursor, Point{1, 2});
  Point moved = {7, -7};
  std::memcpy(plugin.region(at, sizeof moved), &moved, sizeof moved);
  plugin.call("cursor", {}, &r);
  expect("cursor() after the host's write", Point_from_core(r.of.i64), moved);

  // Strings both ways, and an Option<String> from a host function.
  plugin.call("greet", {i64(plugin.pass_str("Ada"))}, &r);
  expect("greet(\"Ada\")", plugin.read_str(r.of.i64), std::string("Hello, Ada!"));
  plugin.call("describe", {i64(plugin.pass_str("greeting"))}, &r);
  expect("describe(\"greeting\")", plugin.read_str(r.of.i64), std::string("greeting = \"Howdy\""));

  // A host trap stops the call with the host's message. It came at a
  // boundary, so the stack pointer goes back where it was and the plugin
  // takes further calls (docs/ABI.md section 3, Traps).
  wasmtime_extern_t sp_global = plugin.get("__stack_pointer");
  wasmtime_val_t sp;
  wasmtime_global_get(cx, &sp_global.of.global, &sp);
  std::string trapped;
  bool ok = plugin.call("required", {i64(plugin.pass_str("font"))}, &r, &trapped);
  check(wasmtime_global_set(cx, &sp_global.of.global, &sp), "restore __stack_pointer");
  expect("required(\"font\") traps with the host's message", !ok && trapped.find("not offered by the C++ host") != std::string::npos, true);

  // 5. WASI output: the plugin's println! reaches this process's stdout.
  std::fflush(stdout);
  plugin.call("say_hello", {i64(plugin.pass_str("Bob"))}, &r);
  expect("say_hello(\"Bob\")", r.of.i32, int32_t(std::strlen("hello Bob, from inside the plugin (println! through WASI)") + 1));
  std::printf("done\n");

  wasmtime_linker_delete(linker);
  wasmtime_module_delete(module);
  wasmtime_store_delete(store);
  wasm_engine_delete(engine);
  return 0;
}
