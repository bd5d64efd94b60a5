//! Naming a built plugin: the module name of the wasm `name` section,
//! which a host reads (`wasmtime::Module::name`) to name the plugin in
//! its errors when it is given no other name.

/// `wasm` with its module name set to `name`, in the `name` custom
/// section (created at the end when there is none, or given a module-name
/// subsection first when there is one without it); `None` when it already
/// has a module name. `Err` when `wasm` is not a module's binary.
///
/// ```
/// let empty = b"\0asm\x01\0\0\0";
/// let named = wasmbind_build::name_module(empty, "calc-plugin").unwrap().unwrap();
/// assert_eq!(&named[..8], empty);
/// assert!(named.ends_with(b"\x04name\0\x0c\x0bcalc-plugin"));
/// assert_eq!(wasmbind_build::name_module(&named, "other"), Ok(None));
/// ```
pub fn name_module(wasm: &[u8], name: &str) -> Result<Option<Vec<u8>>, String> {
    let not_wasm = || "not a WebAssembly module".to_string();
    let mut at = wasm.get(..8).filter(|header| header.starts_with(b"\0asm")).ok_or_else(not_wasm)?.len();
    let mut module_name = Vec::new();
    leb(&mut module_name, name.len());
    module_name.extend_from_slice(name.as_bytes());
    let mut subsection = vec![0];
    leb(&mut subsection, module_name.len());
    subsection.extend_from_slice(&module_name);
    while at < wasm.len() {
        let id = *wasm.get(at).ok_or_else(not_wasm)?;
        let (size, size_len) = read_leb(wasm.get(at + 1..).ok_or_else(not_wasm)?).ok_or_else(not_wasm)?;
        let body_at = at + 1 + size_len;
        let body = wasm.get(body_at..body_at + size).ok_or_else(not_wasm)?;
        if id == 0 && custom_name(body) == Some(b"name") {
            let payload = body.get(5..).ok_or_else(not_wasm)?;
            if payload.first() == Some(&0) {
                return Ok(None);
            }
            let mut section = b"\x04name".to_vec();
            section.extend_from_slice(&subsection);
            section.extend_from_slice(payload);
            let mut out = wasm.get(..at).ok_or_else(not_wasm)?.to_vec();
            out.push(0);
            leb(&mut out, section.len());
            out.extend_from_slice(&section);
            out.extend_from_slice(wasm.get(body_at + size..).ok_or_else(not_wasm)?);
            return Ok(Some(out));
        }
        at = body_at + size;
    }
    let mut out = wasm.to_vec();
    out.push(0);
    leb(&mut out, 5 + subsection.len());
    out.extend_from_slice(b"\x04name");
    out.extend_from_slice(&subsection);
    Ok(Some(out))
}

/// A custom section's name, when it is the one-byte-length kind (`name` is).
fn custom_name(body: &[u8]) -> Option<&[u8]> {
    let len = usize::from(*body.first()?);
    body.get(1..1 + len)
}

fn leb(out: &mut Vec<u8>, mut n: usize) {
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            return out.push(byte);
        }
        out.push(byte | 0x80);
    }
}

/// A `u32` LEB128 and its length in bytes.
fn read_leb(bytes: &[u8]) -> Option<(usize, usize)> {
    let mut n = 0usize;
    for (i, byte) in bytes.iter().take(5).enumerate() {
        n |= usize::from(byte & 0x7f) << (7 * i);
        if byte & 0x80 == 0 {
            return Some((n, i + 1));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_section_without_a_module_name_gets_one_first() {
        // A name section holding only function names (subsection 1).
        let functions = b"\x01\x04\x01\x00\x01f";
        let mut wasm = b"\0asm\x01\0\0\0\x00".to_vec();
        wasm.push((5 + functions.len()) as u8);
        wasm.extend_from_slice(b"\x04name");
        wasm.extend_from_slice(functions);
        let named = name_module(&wasm, "p").unwrap().unwrap();
        let mut expected = b"\0asm\x01\0\0\0\x00".to_vec();
        expected.push((5 + 4 + functions.len()) as u8);
        expected.extend_from_slice(b"\x04name\x00\x02\x01p");
        expected.extend_from_slice(functions);
        assert_eq!(named, expected);
        assert_eq!(name_module(&named, "q"), Ok(None));
        assert!(name_module(b"\0asm\x01\0\0\0\x00\x7f", "p").is_err());
        assert!(name_module(b"nope", "p").is_err());
    }
}
