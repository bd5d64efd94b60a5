/* The shadow-stack pointer of a plugin, for its host: a trap skips the
 * epilogues that would move `__stack_pointer` back, and a plugin built with
 * plain `cargo build` does not export it, so the guest runtime links these
 * two exports into every plugin instead (runtime/build.rs). Rust cannot
 * name a wasm global; this is the smallest thing that can.
 *
 * Rebuild libwasmbind_stack.a with (clang and llvm-ar 14 made the committed one):
 *   clang --target=wasm32-unknown-unknown -O2 -c stack.c -o stack.o
 *   llvm-ar rcsD libwasmbind_stack.a stack.o */

/* The linker's global, declared as one (not a data symbol). */
__asm__(".globaltype __stack_pointer, i32");

__attribute__((export_name("wasmbind_stack_get"))) unsigned wasmbind_stack_get(void) {
    unsigned sp;
    __asm__ volatile("global.get __stack_pointer\n\tlocal.set %0" : "=r"(sp));
    return sp;
}

__attribute__((export_name("wasmbind_stack_set"))) void wasmbind_stack_set(unsigned sp) {
    __asm__ volatile("local.get %0\n\tglobal.set __stack_pointer" : : "r"(sp));
}
