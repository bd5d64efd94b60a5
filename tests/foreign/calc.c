/* The Calc interface (tests/plugins/calc-api) implemented in C, against the
 * header `cargo wasmbind header` wrote from the Rust calc plugin's records.
 * Built by tests/tests/e2e/foreign.rs with clang for wasm32 and loaded by
 * the Rust host through `CalcPlugin`, with the same interface checks as a
 * Rust plugin. */

#define WASMBIND_PLUGIN
#define WASMBIND_IMPLEMENT
#include "calc.h"

/* The last result returned: the plugin owns it until the next call (docs/ABI.md section 4). */
static uint32_t result_ptr, result_len;

/* greet(name: &str) -> String: logs the name through the host, returns "Hello, {name}!". */
int64_t greet(int64_t a0) {
    if (result_len != 0) wasmbind_free(result_ptr, result_len, 1);
    uint32_t name = wasmbind_region_ptr(a0), len = wasmbind_region_len(a0);
    env_log(a0, WASMBIND_KEY); /* a &str argument passes the region the plugin holds */
    /* The argument's block is the plugin's to free; freed first, the result
     * reuses it (the allocator takes back the last block), so the name is
     * moved up, last byte first, before the greeting is written in front. */
    if (len != 0) wasmbind_free(name, len, 1);
    char *out = (char *)wasmbind_alloc(len + 8, 1);
    if (out == 0) __builtin_trap();
    for (uint32_t i = len; i-- > 0;) out[7 + i] = ((const char *)name)[i];
    for (uint32_t i = 0; i < 7; i++) out[i] = "Hello, "[i];
    out[7 + len] = '!';
    result_ptr = (uint32_t)out;
    result_len = len + 8;
    return wasmbind_pack(result_ptr, result_len);
}

int64_t point_add(int64_t a0, int64_t a1) {
    Point a = Point_from_core(a0), b = Point_from_core(a1);
    Point sum = {a.x + b.x, a.y + b.y};
    return Point_to_core(sum);
}

/* count(text: &str) -> u32: the number of chars (UTF-8 sequences), as the Rust plugin counts. */
int32_t count(int64_t a0) {
    const unsigned char *text = (const unsigned char *)wasmbind_region_ptr(a0);
    uint32_t len = wasmbind_region_len(a0), chars = 0;
    for (uint32_t i = 0; i < len; i++) chars += (text[i] & 0xC0) != 0x80;
    if (len != 0) wasmbind_free((uint32_t)text, len, 1);
    return (int32_t)chars;
}
