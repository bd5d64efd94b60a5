//! A C header for a plugin's interface, generated from its records
//! (docs/ABI.md section 8): the structs and enums as C types laid out as
//! their wire bodies, each function's core signature, the records
//! themselves, and for C plugins the prototypes to implement and call and
//! a minimal allocator.

use std::collections::{HashMap, HashSet};
use std::fmt::Write;

use wasmbind_shared::text::{c_identifier, c_string, comment};
use wasmbind_shared::{ABI_VERSION, Body, Fields, FnSig, Heading, Record, Ty, TypeDef};

/// The helpers every generated header shares (once per translation unit).
const PRELUDE: &str = r#"#ifndef WASMBIND_ABI_H
#define WASMBIND_ABI_H
#define WASMBIND_ABI_VERSION 2
/* A packed region (docs/ABI.md section 1): ptr in the low 32 bits, len in the high 32. */
static inline int64_t wasmbind_pack(uint32_t ptr, uint32_t len) { return (int64_t)(((uint64_t)len << 32) | ptr); }
static inline uint32_t wasmbind_region_ptr(int64_t region) { return (uint32_t)(uint64_t)region; }
static inline uint32_t wasmbind_region_len(int64_t region) { return (uint32_t)((uint64_t)region >> 32); }
#ifdef __cplusplus
#define WASMBIND_ASSERT_SIZE(T, n) static_assert(sizeof(T) == (n), #T " is laid out as its wire body")
#else
#define WASMBIND_ASSERT_SIZE(T, n) _Static_assert(sizeof(T) == (n), #T " is laid out as its wire body")
#endif
#endif
"#;

/// What a C plugin links with: `wasmbind_alloc`/`wasmbind_free` on libc's
/// `malloc` when it has one (built for `wasm32-wasi`, or `WASMBIND_MALLOC`
/// defined: the two would otherwise both start at `__heap_base`), else a
/// bump allocator that takes back a block only when it is the last one (an
/// argument freed before the result is allocated).
const ALLOCATOR: &str = r#"#if defined(__wasi__) || defined(WASMBIND_MALLOC)
#include <stdlib.h>
__attribute__((export_name("wasmbind_alloc"))) uint32_t wasmbind_alloc(uint32_t size, uint32_t align) {
    if (size == 0 || align == 0 || (align & (align - 1)) != 0 || size > 0xFFFFFFFFu - align) return 0;
    return (uint32_t)(uintptr_t)aligned_alloc(align, (size + align - 1) & ~(align - 1));
}
__attribute__((export_name("wasmbind_free"))) void wasmbind_free(uint32_t ptr, uint32_t size, uint32_t align) {
    (void)size;
    (void)align;
    free((void *)(uintptr_t)ptr);
}
#else
extern unsigned char __heap_base;
static uint32_t wasmbind_top;
/* A bump allocator: a block is taken back only when it is the last one. A plugin
 * that runs for long defines WASMBIND_OWN_ALLOCATOR and exports its own pair. */
__attribute__((export_name("wasmbind_alloc"))) uint32_t wasmbind_alloc(uint32_t size, uint32_t align) {
    if (wasmbind_top == 0) wasmbind_top = (uint32_t)(uintptr_t)&__heap_base;
    if (size == 0 || align == 0 || (align & (align - 1)) != 0) return 0;
    uint64_t start = ((uint64_t)wasmbind_top + align - 1) & ~(uint64_t)(align - 1);
    uint64_t end = start + size;
    uint64_t have = (uint64_t)__builtin_wasm_memory_size(0) * 65536;
    if (end > 0xFFFFFFFFull) return 0;
    if (end > have && __builtin_wasm_memory_grow(0, (end - have + 65535) / 65536) == (__SIZE_TYPE__)-1) return 0;
    wasmbind_top = (uint32_t)end;
    return (uint32_t)start;
}
__attribute__((export_name("wasmbind_free"))) void wasmbind_free(uint32_t ptr, uint32_t size, uint32_t align) {
    (void)align;
    if ((uint64_t)ptr + size == wasmbind_top) wasmbind_top = ptr;
}
#endif
"#;

/// A C header for the interface `records` describe; `source` (a file
/// name) names it in the header's comment and include guard.
///
/// For hosts in C or C++ it declares every fixed-size struct as a packed C
/// struct laid out exactly as its wire body (with `Name_to_core` and
/// `Name_from_core` for those that travel inline), every unit-only enum as
/// a `uint32_t` with a constant per variant, the tags of enums with data,
/// the core signature of every function, and the records' text
/// (`wasmbind_records`, to compare with a plugin's). With `WASMBIND_PLUGIN`
/// defined it also declares, for a C plugin, each export to implement and
/// each import to call with its core signature, and `WASMBIND_KEY`, the
/// instance key to pass as every import's last argument; with
/// `WASMBIND_IMPLEMENT` too, it defines the plugin's records and the key's
/// static (exported by linking with `--export-dynamic`), and
/// `wasmbind_alloc`/`wasmbind_free`: libc's `malloc` and `free` when libc is
/// linked (`wasm32-wasi`, or `WASMBIND_MALLOC`), else a minimal bump
/// allocator. Its comment gives the link flags, `__stack_pointer`'s export
/// (so a host can repair the plugin after a trap) among them.
///
/// Records come from a plugin, so nothing of their text reaches the header
/// raw: names that become C identifiers (functions, import modules, traits,
/// types, fields, variants) must be C identifiers and no keyword, or the
/// header is refused (`Err` names the first that is not); names and records
/// in string literals are escaped; comments carry only
/// [`comment`]-filtered text.
///
/// ```
/// use wasmbind_shared::Record;
/// let record = Record::parse("wasmbind 2\nexports Calc\nadd fn(Point, Point) -> Point\nstruct Point{x:i32,y:i32}\n").unwrap();
/// let header = wasmbind_build::c_header(&[record], "calc_plugin.wasm").unwrap();
/// assert!(header.contains("typedef struct __attribute__((packed)) Point {\n    int32_t x;\n    int32_t y;\n} Point;"));
/// assert!(header.contains("__attribute__((export_name(\"add\"))) int64_t add(int64_t a0, int64_t a1);"));
/// let hostile = Record::parse("wasmbind 2\nexports Calc\nx*/int_y; fn()\n").unwrap();
/// assert_eq!(wasmbind_build::c_header(&[hostile], "p.wasm").unwrap_err(), "function `x__int_y;` is not a C identifier");
/// ```
pub fn c_header(records: &[Record], source: &str) -> Result<String, String> {
    // Plugin-to-plugin import records describe calls a C plugin does not make.
    let records: Vec<&Record> =
        records.iter().filter(|r| !r.heading.module().is_some_and(|m| m.starts_with("plugin:"))).collect();
    check_names(&records)?;
    let guard = format!("WASMBIND_{}_H", ident(source.trim_end_matches(".wasm")).to_uppercase());
    let source = comment(source);
    let mut out = format!(
        "/* The interface of {source} (wasmbind ABI {ABI_VERSION}), for C and C++ hosts and C plugins.\n \
         * Generated by `cargo wasmbind header` from the plugin's records; do not edit.\n \
         * Types are laid out as their wire bodies (docs/ABI.md section 2): little-endian, packed.\n \
         * A C plugin defines WASMBIND_PLUGIN and, in one file, WASMBIND_IMPLEMENT, and links with\n \
         *   clang --target=wasm32-unknown-unknown -mmutable-globals -nostdlib -Wl,--no-entry \\\n \
         *         -Wl,--export-dynamic -Wl,--export=__stack_pointer\n \
         * (--export-dynamic exports its records and key; __stack_pointer lets a host repair it after a trap). */\n\
         #ifndef {guard}\n#define {guard}\n\n#include <stdint.h>\n\n{PRELUDE}\n"
    );
    for (record, def) in declaration_order(&records) {
        type_decl(&mut out, record, def);
    }
    for record in &records {
        let _ = writeln!(
            out,
            "/* {} */",
            comment(&format!("{}: record {}", record.heading.text(), record.heading.export_name()))
        );
        for (name, text) in &record.functions {
            let core = FnSig::parse(text).map(|sig| core_signature(&record.heading, &sig));
            let core = core.map_or("unreadable".into(), |(params, result)| {
                let params: Vec<&str> = params.iter().map(|(ty, _)| *ty).collect();
                format!("({}) -> {result}", params.join(", "))
            });
            let _ = writeln!(out, "/*   {} */", comment(&format!("{name} {text}  core {core}")));
        }
    }
    out.push_str("\n/* The records, to compare with a plugin's (the text after its u32 length). */\n");
    out.push_str("static const struct { const char *export_name; const char *text; } wasmbind_records[] = {\n");
    for record in &records {
        let _ = writeln!(out, "    {{{}, {}}},", c_string(&record.heading.export_name()), c_string(&record.to_text()));
    }
    out.push_str("};\n\n#ifdef WASMBIND_PLUGIN\n/* What a C plugin implements and calls, with core signatures. */\n");
    for record in &records {
        for (name, text) in &record.functions {
            let Some(sig) = FnSig::parse(text) else { continue };
            let (params, result) = core_signature(&record.heading, &sig);
            let params: Vec<String> = params.iter().map(|(ty, name)| format!("{ty} {name}")).collect();
            let params = if params.is_empty() { "void".into() } else { params.join(", ") };
            let _ = match record.heading.module() {
                None => writeln!(
                    out,
                    "__attribute__((export_name({}))) {result} {}({params});",
                    c_string(name),
                    ident(name)
                ),
                Some(module) => writeln!(
                    out,
                    "__attribute__((import_module({}), import_name({}))) {result} {}_{}({params});",
                    c_string(module),
                    c_string(name),
                    ident(module),
                    ident(name)
                ),
            };
        }
    }
    out.push_str(
        "/* The instance key (docs/ABI.md section 5): the host writes it here at the first call. Pass\n \
         * WASMBIND_KEY as every import's last argument: the host then finds this plugin's memory\n \
         * without a lookup. */\nextern uint64_t wasmbind_key;\n#define WASMBIND_KEY ((int64_t)wasmbind_key)\n",
    );
    out.push_str(
        "\n#ifdef WASMBIND_IMPLEMENT\n__attribute__((used, visibility(\"default\"))) uint64_t wasmbind_key;\n",
    );
    for record in &records {
        let text = record.to_text();
        let export = record.heading.export_name();
        let _ = writeln!(
            out,
            "__attribute__((used, visibility(\"default\"))) const struct {{ uint32_t len; char text[{len}]; }} {} \
             __asm__({}) = {{{len}, {}}};",
            ident(&export),
            c_string(&export),
            c_string(&text),
            len = text.len(),
        );
    }
    let _ = write!(out, "#ifndef WASMBIND_OWN_ALLOCATOR\n{ALLOCATOR}#endif\n#endif\n#endif\n\n#endif\n");
    Ok(out)
}

/// The type lines of `records`, each once and after the types its fields
/// name: C needs a struct declared before a struct that holds it. A
/// depth-first walk with its own stack (type lines come from a plugin: no
/// recursion on them); a cycle, which no fixed-size type can have, is cut.
fn declaration_order<'r>(records: &[&'r Record]) -> Vec<(&'r Record, &'r TypeDef)> {
    let (mut order, mut seen) = (Vec::new(), HashSet::new());
    for &record in records {
        let index: HashMap<String, &TypeDef> = record.types.iter().map(|def| (def.spelling(), def)).collect();
        for def in &record.types {
            let mut stack = vec![(def, false)];
            while let Some((def, fields_done)) = stack.pop() {
                if fields_done {
                    order.push((record, def));
                    continue;
                }
                if !seen.insert(def.spelling()) {
                    continue;
                }
                stack.push((def, true));
                let fields = match &def.body {
                    Body::Struct(fields) | Body::Extensible { fields, .. } => fields.types(),
                    Body::Enum(variants) => variants.iter().flat_map(|v| v.fields.types()).collect(),
                    Body::Flags(_) => Vec::new(),
                };
                let mut named = fields;
                while let Some(ty) = named.pop() {
                    let def = if let Ty::Named(_) = ty { index.get(&ty.to_string()) } else { None };
                    match def {
                        Some(dep) => stack.push((dep, false)),
                        None => named.extend(ty.children()),
                    }
                }
            }
        }
    }
    order
}

/// Every name of `records` that the header writes as a C identifier is
/// one; `Err` names the first that is not.
fn check_names(records: &[&Record]) -> Result<(), String> {
    let check = |what: &str, name: &str| c_identifier(name).map(drop).map_err(|why| format!("{what} {why}"));
    for record in records {
        match &record.heading {
            Heading::Exports { trait_name } => check("trait", trait_name)?,
            Heading::Imports { module, trait_name } => {
                check("import module", module)?;
                check("trait", trait_name)?;
            }
            Heading::Export { .. } => {}
            Heading::Import { module, .. } => check("import module", module)?,
        }
        for (name, _) in &record.functions {
            check("function", name)?;
        }
        for def in &record.types {
            check("type", &ident(&def.spelling()))?;
            match &def.body {
                Body::Struct(Fields::Named(fields)) | Body::Extensible { fields: Fields::Named(fields), .. } => {
                    fields.iter().try_for_each(|(field, _)| check("field", field))?;
                }
                Body::Struct(_) | Body::Extensible { .. } => {}
                Body::Enum(variants) => variants.iter().try_for_each(|v| check("variant", &v.name))?,
                Body::Flags(names) => names.iter().try_for_each(|name| check("flag", name))?,
            }
        }
    }
    Ok(())
}

/// The code of a C header: its comments and string literals taken out (a
/// literal becomes `""`, a comment a space), for checking what a compiler
/// reads as code. `Err` when a comment or literal is not closed, a literal
/// holds a raw line end or `??` (a trigraph), or a comment holds `/*`.
///
/// ```
/// let code = wasmbind_build::c_code("int x; /* a */ const char *s = \"b\\\"c\";").unwrap();
/// assert_eq!(code, "int x;   const char *s = \"\";");
/// assert!(wasmbind_build::c_code("/* */ */ x /*").is_err());
/// ```
pub fn c_code(header: &str) -> Result<String, String> {
    let (mut code, mut chars) = (String::new(), header.chars().peekable());
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut comment = String::new();
                loop {
                    match chars.next() {
                        Some('*') if chars.peek() == Some(&'/') => break,
                        Some(c) => comment.push(c),
                        None => return Err("a comment is not closed".into()),
                    }
                }
                chars.next();
                if comment.contains("/*") {
                    return Err(format!("a comment holds /*: {comment}"));
                }
                code.push(' ');
            }
            '"' => {
                let mut literal = String::new();
                loop {
                    match chars.next() {
                        Some('\\') => literal.extend(['\\'].into_iter().chain(chars.next())),
                        Some('"') => break,
                        Some('\n') | None => return Err("a string literal is not closed on its line".into()),
                        Some(c) => literal.push(c),
                    }
                }
                if literal.contains("??") {
                    return Err(format!("a literal holds a trigraph: {literal}"));
                }
                code.push_str("\"\"");
            }
            c => code.push(c),
        }
    }
    Ok(code)
}

/// The C core parameters (type, name) and result of a function
/// (docs/ABI.md sections 4 and 5): an import takes `out` when it declares a
/// result, and `key` last.
fn core_signature(heading: &Heading, sig: &FnSig) -> (Vec<(&'static str, String)>, &'static str) {
    let c = |core: Option<&str>| match core {
        Some("i32") => "int32_t",
        Some("i64") => "int64_t",
        Some("f32") => "float",
        Some("f64") => "double",
        _ => "void",
    };
    let mut params: Vec<_> = sig.params.iter().enumerate().map(|(i, p)| (c(p.core_type()), format!("a{i}"))).collect();
    let mut result = sig.result.as_ref();
    if heading.module().is_some() {
        if result.is_some() {
            params.push(("int64_t", "out".into()));
        }
        params.push(("int64_t", "key".into()));
        if let Some(Ty::Result(ok, err)) = result
            && **err == Ty::Trap
        {
            result = Some(ok);
        }
    }
    (params, c(result.and_then(Ty::core_type)))
}

fn type_decl(out: &mut String, record: &Record, def: &TypeDef) {
    let name = ident(&def.spelling());
    let size = record.fixed_size(&def.ty());
    let _ = write!(out, "/* {}: ", comment(&def.to_string()));
    match (&def.body, size) {
        (Body::Enum(variants), Some(_)) => {
            let _ = writeln!(out, "a u32 tag, travels inline */\ntypedef uint32_t {name};");
            let tags: Vec<String> =
                variants.iter().enumerate().map(|(i, v)| format!("{name}_{} = {i}", v.name)).collect();
            let _ = writeln!(out, "enum {{ {} }};", tags.join(", "));
        }
        (Body::Enum(variants), None) => {
            let _ =
                writeln!(out, "variable-size: a u32 tag, then the variant's fields, nested (docs/ABI.md section 2) */");
            let tags: Vec<String> =
                variants.iter().enumerate().map(|(i, v)| format!("{name}_{} = {i}", v.name)).collect();
            let _ = writeln!(out, "enum {{ {} }};", tags.join(", "));
        }
        (Body::Struct(fields), Some(size)) if size > 0 => {
            let inline = if size <= 8 { "travels inline in an i64" } else { "travels in memory" };
            let _ = writeln!(out, "{size} bytes, {inline} */\ntypedef struct __attribute__((packed)) {name} {{");
            let named: Vec<(String, &Ty)> = match fields {
                Fields::Named(fields) => fields.iter().map(|(n, t)| (ident(n), t)).collect(),
                Fields::Tuple(types) => types.iter().enumerate().map(|(i, t)| (format!("_{i}"), t)).collect(),
                Fields::Unit => Vec::new(),
            };
            for (field, ty) in named {
                match c_type(ty) {
                    Some((base, suffix)) => _ = writeln!(out, "    {base} {field}{suffix};"),
                    None => _ = writeln!(out, "    /* {field}: () takes no bytes */"),
                }
            }
            let _ = writeln!(out, "}} {name};\nWASMBIND_ASSERT_SIZE({name}, {size});");
            if size <= 8 {
                let _ = writeln!(
                    out,
                    "static inline int64_t {name}_to_core({name} value) {{ uint64_t core = 0; __builtin_memcpy(&core, &value, sizeof value); return (int64_t)core; }}\n\
                     static inline {name} {name}_from_core(int64_t core) {{ {name} value; __builtin_memcpy(&value, &core, sizeof value); return value; }}"
                );
            }
        }
        (Body::Flags(names), size) => {
            let bits = 8 * size.unwrap_or(8);
            let _ = writeln!(out, "a set of flags, flag i in bit i, travels inline */\ntypedef uint{bits}_t {name};");
            for (i, flag) in names.iter().enumerate() {
                let _ = writeln!(out, "#define {name}_{flag} (({name})1 << {i})");
            }
        }
        (Body::Struct(_), Some(_)) => _ = writeln!(out, "no bytes */"),
        (Body::Extensible { required, .. }, _) => {
            let _ = writeln!(
                out,
                "variable-size, extensible: its fields, each nested; fields from {required} on are optional and a reader skips fields it does not know (docs/ABI.md section 2) */"
            );
        }
        (Body::Struct(_), None) => {
            _ = writeln!(out, "variable-size: its fields, each nested (docs/ABI.md section 2) */")
        }
    }
    out.push('\n');
}

/// A fixed-size field's C type, as the declaration's base and suffix
/// (`uint8_t`, `[4]`); `None` for `()`, which takes no bytes.
fn c_type(ty: &Ty) -> Option<(String, String)> {
    let base = match ty {
        Ty::Bool | Ty::U8 => "uint8_t",
        Ty::I8 => "int8_t",
        Ty::I16 => "int16_t",
        Ty::U16 => "uint16_t",
        Ty::I32 => "int32_t",
        Ty::U32 | Ty::Char | Ty::GuestPtr(_) => "uint32_t",
        Ty::I64 => "int64_t",
        Ty::U64 | Ty::Resource(_) => "uint64_t",
        Ty::F32 => "float",
        Ty::F64 => "double",
        Ty::Unit => return None,
        Ty::Box(inner) => return c_type(inner),
        Ty::Array(inner, n) => {
            let (base, suffix) = c_type(inner)?;
            return Some((base, format!("[{n}]{suffix}")));
        }
        Ty::Tuple(items) => {
            let fields: String = items
                .iter()
                .enumerate()
                .filter_map(|(i, t)| c_type(t).map(|(b, s)| format!(" {b} _{i}{s};")))
                .collect();
            return Some((format!("struct __attribute__((packed)) {{{fields} }}"), String::new()));
        }
        _ => return Some((ident(&ty.to_string()), String::new())),
    };
    Some((base.into(), String::new()))
}

/// `text` as a C identifier: other characters become `_`.
fn ident(text: &str) -> String {
    let text = text.strip_prefix("r#").unwrap_or(text);
    let mut out: String = text.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
    while out.ends_with('_') && out.len() > 1 {
        out.pop();
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_types_are_declared_before_the_structs_that_use_them() {
        let text = "wasmbind 2\nexports K\nf fn(Segment)\nstruct Segment(Point,[Point;2],(u8,bool))\nstruct Point{x:i32,y:i32}\n";
        let header = c_header(&[Record::parse(text).unwrap()], "k.wasm").unwrap();
        let (point, segment) = (header.find("} Point;").unwrap(), header.find("} Segment;").unwrap());
        assert!(point < segment, "{header}");
        assert!(header.contains(
            "typedef struct __attribute__((packed)) Segment {\n    Point _0;\n    Point _1[2];\n    \
             struct __attribute__((packed)) { uint8_t _0; uint8_t _1; } _2;\n} Segment;\nWASMBIND_ASSERT_SIZE(Segment, 26);"
        ));
    }

    #[test]
    fn a_flags_type_is_an_unsigned_integer_and_a_constant_per_flag() {
        let seed = include_str!("../../fuzz/corpus/c_header/seed-flags");
        let header = c_header(&[Record::parse(seed).unwrap()], "perms.wasm").unwrap();
        assert!(header.contains("travels inline */\ntypedef uint8_t Perm;\n#define Perm_Read ((Perm)1 << 0)\n"));
        assert!(header.contains("typedef uint16_t Month;"), "{header}");
        assert!(header.contains("typedef uint64_t Wide;") && header.contains("#define Wide_F63 ((Wide)1 << 63)"));
        let (month, grant) = (header.find("typedef uint16_t Month;").unwrap(), header.find("} Grant;").unwrap());
        assert!(month < grant, "a struct's flags fields are declared first");
        assert!(header.contains("    Perm perms;\n    Month months;\n} Grant;\nWASMBIND_ASSERT_SIZE(Grant, 7);"));
    }

    #[test]
    fn record_text_reaches_the_header_only_inside_literals_and_comments() {
        let pwn = "__attribute__((constructor)) static void pwn(void) {}";
        let lines = [
            format!("f fn() */ {pwn} /*"),
            format!("g fn(&str) -> String // \\ {pwn}"),
            format!("h fn()\"; {pwn} const char *s = \"??/"),
        ];
        for line in &lines {
            let text = format!("wasmbind 2\nexports Calc\n{line}\nstruct Point{{x:i32,y:i32}}\n");
            let record = Record::parse(&text).expect(line);
            let header = c_header(&[record], &format!("{pwn}*/.wasm")).unwrap();
            let code = c_code(&header).unwrap();
            assert!(!code.contains("pwn") && !code.contains("constructor"), "{line}:\n{code}");
        }
    }

    #[test]
    fn names_that_are_not_c_identifiers_refuse_the_header() {
        let cases = [
            ("exports A\"};void(*pwn)(void);//\nf fn()", "trait `A_};void(_pwn)(void);__` is not a C identifier"),
            ("imports e\"v Env\nf fn()", "import module `e_v` is not a C identifier"),
            ("exports Calc\nint fn()", "function `int` is a C or C++ keyword"),
            ("exports Calc\nf fn(S)\nstruct S{__x:i32}", "field `__x` is reserved in C"),
            ("exports Calc\nf fn(E)\nenum E{A,return}", "variant `return` is a C or C++ keyword"),
            ("exports Calc\nf fn(int)\nstruct int{x:i32}", "type `int` is a C or C++ keyword"),
        ];
        for (body, why) in cases {
            let record = Record::parse(&format!("wasmbind 2\n{body}\n")).unwrap();
            assert_eq!(c_header(&[record], "p.wasm").unwrap_err(), why);
        }
    }
}
