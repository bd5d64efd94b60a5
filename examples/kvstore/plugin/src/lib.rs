//! A command language over the host's tables:
//!
//! | command | reply |
//! |---|---|
//! | `use NAME` | switches to table `NAME` (the first command opens `main`) |
//! | `set KEY VALUE...` | `OK` |
//! | `get KEY` | the value, or `(nil)` |
//! | `incr KEY` | the number under `KEY` plus one, stored (a missing key counts as 0) |
//! | `del KEY` | `1` if it was there, else `0` |
//! | `keys` | the keys, space-separated, in order |
//! | `size` | how many keys |

use std::cell::Cell;

use kvstore_api::{Shell, Table, kv};
use wasmbind::{Resource, plugin_export};

thread_local! {
    /// The table in use, opened at the first command.
    static TABLE: Cell<Option<Resource<Table>>> = const { Cell::new(None) };
}

/// Host calls only fail by trapping, so an `Err` here never returns.
const TRAPS: &str = "the host traps instead of returning Err";

fn table() -> Resource<Table> {
    TABLE.get().unwrap_or_else(|| {
        let table = kv::open("main").expect(TRAPS);
        TABLE.set(Some(table));
        table
    })
}

/// Splits off the first word of `text` (skipping leading whitespace).
fn first_word(text: &str) -> (&str, &str) {
    let text = text.trim_start();
    text.split_at(text.find(char::is_whitespace).unwrap_or(text.len()))
}

struct Plugin;

#[plugin_export]
impl Shell for Plugin {
    fn run(line: &str) -> Result<String, String> {
        let (command, mut rest) = first_word(line);
        let mut arg = |what: &str| {
            let (word, after) = first_word(rest);
            rest = after;
            if word.is_empty() { Err(format!("{command}: missing {what}")) } else { Ok(word) }
        };
        Ok(match command {
            "" => return Err("empty command".into()),
            "use" => {
                let name = arg("table name")?;
                let table = kv::open(name).expect(TRAPS);
                if let Some(old) = TABLE.replace(Some(table)) {
                    kv::close(old).expect(TRAPS);
                }
                format!("using {name}")
            }
            "set" => {
                let key = arg("key")?;
                // The value is the rest of the line, inner spaces kept.
                let value = rest.trim();
                if value.is_empty() {
                    return Err("set: missing value".into());
                }
                kv::set(table(), key, value.as_bytes()).expect(TRAPS);
                "OK".into()
            }
            "get" => match kv::get(table(), arg("key")?).expect(TRAPS) {
                Some(value) => String::from_utf8_lossy(&value).into_owned(),
                None => "(nil)".into(),
            },
            "incr" => {
                let key = arg("key")?;
                let old = kv::get(table(), key).expect(TRAPS).unwrap_or_else(|| b"0".to_vec());
                let old = std::str::from_utf8(&old).ok().and_then(|s| s.parse::<i64>().ok());
                let new = old.and_then(|n| n.checked_add(1)).ok_or(format!("incr: {key} is not a number"))?;
                kv::set(table(), key, new.to_string().as_bytes()).expect(TRAPS);
                new.to_string()
            }
            "del" => u8::from(kv::delete(table(), arg("key")?).expect(TRAPS)).to_string(),
            "keys" => kv::keys(table()).expect(TRAPS).join(" "),
            "size" => kv::size(table()).expect(TRAPS).to_string(),
            other => return Err(format!("unknown command {other:?}: use, set, get, incr, del, keys or size")),
        })
    }
}
