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
//! | `changes` | the changes the host reported since the last `changes` (`table/key ...`) |
//!
//! A table whose access flags lack `Write` refuses `set`, `incr` and `del`.
//! The plugin also implements [`Scan`]: scans the host holds as objects.

use std::cell::RefCell;

use kvstore_api::kv::{self, TableMethods};
use kvstore_api::{Access, Scan, Shell, Table};
use wasmbind::abi::Owned;
use wasmbind::{Resource, plugin_export};

thread_local! {
    /// The table in use, opened at the first command; the one it replaces
    /// is closed when dropped (`kv::close`, marked `#[host_fn(close)]`).
    static TABLE: RefCell<Option<Owned<Table>>> = const { RefCell::new(None) };
    /// The changes the host reported (`Shell::changed`) since the last `changes`.
    static CHANGES: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// The table in use, if the plugin may write it.
fn writable(command: &str) -> Result<Resource<Table>, String> {
    let table = table();
    match table.access().contains(Access::Write) {
        true => Ok(table),
        false => Err(format!("{command}: the table is read-only")),
    }
}

fn table() -> Resource<Table> {
    TABLE.with_borrow_mut(|table| table.get_or_insert_with(|| Owned::new(kv::open("main"))).handle())
}

/// Splits off the first word of `text` (skipping leading whitespace).
fn first_word(text: &str) -> (&str, &str) {
    let text = text.trim_start();
    text.split_at(text.find(char::is_whitespace).unwrap_or(text.len()))
}

pub struct Plugin;

// Called by name: the host delivers `CHANGED` to `changed` as a listener.
#[plugin_export(dispatch)]
impl Shell for Plugin {
    fn changed(table: &str, key: &str) {
        CHANGES.with_borrow_mut(|changes| changes.push(format!("{table}/{key}")));
    }

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
                let table = Owned::new(kv::open(name));
                // The table it replaces closes as it drops.
                TABLE.set(Some(table));
                format!("using {name}")
            }
            "set" => {
                let key = arg("key")?;
                // The value is the rest of the line, inner spaces kept.
                let value = rest.trim();
                if value.is_empty() {
                    return Err("set: missing value".into());
                }
                writable("set")?.set(key, value.as_bytes());
                "OK".into()
            }
            "get" => match table().get(arg("key")?) {
                Some(value) => String::from_utf8_lossy(&value).into_owned(),
                None => "(nil)".into(),
            },
            "incr" => {
                let key = arg("key")?;
                let old = table().get(key).unwrap_or_else(|| b"0".to_vec());
                let old = std::str::from_utf8(&old).ok().and_then(|s| s.parse::<i64>().ok());
                let new = old.and_then(|n| n.checked_add(1)).ok_or(format!("incr: {key} is not a number"))?;
                writable("incr")?.set(key, new.to_string().as_bytes());
                new.to_string()
            }
            "del" => u8::from(writable("del")?.delete(arg("key")?)).to_string(),
            "keys" => table().keys().join(" "),
            "size" => table().size().to_string(),
            "changes" => CHANGES.take().join(" "),
            other => {
                return Err(format!("unknown command {other:?}: use, set, get, incr, del, keys, size or changes"));
            }
        })
    }
}

/// A scan (`kvstore_api::Scan`): its own handle of the table, closed
/// (`kv::close`) when the scan is dropped, and the keys left.
pub struct TableScan {
    table: Owned<Table>,
    keys: std::vec::IntoIter<String>,
}

#[plugin_export]
impl Scan for TableScan {
    fn new(table: &str, prefix: &str) -> Self {
        let table = Owned::new(kv::open(table));
        let keys: Vec<String> = table.handle().keys().into_iter().filter(|key| key.starts_with(prefix)).collect();
        TableScan { table, keys: keys.into_iter() }
    }

    fn next(&mut self) -> Option<(String, Vec<u8>)> {
        let key = self.keys.next()?;
        let value = self.table.handle().get(&key).unwrap_or_default();
        Some((key, value))
    }

    fn left(&self) -> u32 {
        self.keys.len() as u32
    }
}

/// The command language, tested natively against a mock host in a store:
/// the host functions take a `Context`, which `kv::with_store` provides.
#[cfg(test)]
mod tests {
    use super::*;
    use kvstore_api::Kv;
    use std::collections::BTreeMap;
    use wasmbind::wasmtime::{Engine, Store};
    use wasmbind::{Context, Flags, Lent, Trap};

    /// Tables in memory; a table's resource is its index.
    #[derive(Default)]
    struct MockKv {
        tables: Vec<(String, BTreeMap<String, Vec<u8>>)>,
        closed: Vec<String>,
    }

    fn table<'a>(
        cx: &'a mut Context<'_, MockKv>,
        table: Resource<Table>,
    ) -> Result<&'a mut BTreeMap<String, Vec<u8>>, Trap> {
        let tables = &mut cx.state().tables;
        tables.get_mut(table.bits() as usize).map(|(_, entries)| entries).ok_or_else(|| Trap::new("no such table"))
    }

    impl Kv for MockKv {
        fn open(cx: &mut Context<'_, Self>, name: Lent<str>) -> Result<Resource<Table>, Trap> {
            let name = cx.read(name).to_owned();
            let tables = &mut cx.state().tables;
            tables.push((name, BTreeMap::new()));
            Ok(Resource::from_bits(tables.len() as u64 - 1))
        }
        fn close(cx: &mut Context<'_, Self>, table: Resource<Table>) -> Result<(), Trap> {
            let state = cx.state();
            let name = state.tables.get(table.bits() as usize).ok_or_else(|| Trap::new("no such table"))?.0.clone();
            state.closed.push(name);
            Ok(())
        }
        fn set(cx: &mut Context<'_, Self>, t: Resource<Table>, key: Lent<str>, value: Lent<[u8]>) -> Result<(), Trap> {
            let (key, value) = (cx.read(key).to_owned(), cx.read(value).to_vec());
            table(cx, t)?.insert(key, value);
            Ok(())
        }
        fn get(cx: &mut Context<'_, Self>, t: Resource<Table>, key: Lent<str>) -> Result<Option<Vec<u8>>, Trap> {
            let key = cx.read(key).to_owned();
            Ok(table(cx, t)?.get(&key).cloned())
        }
        fn delete(cx: &mut Context<'_, Self>, t: Resource<Table>, key: Lent<str>) -> Result<bool, Trap> {
            let key = cx.read(key).to_owned();
            Ok(table(cx, t)?.remove(&key).is_some())
        }
        fn size(cx: &mut Context<'_, Self>, t: Resource<Table>) -> Result<u64, Trap> {
            Ok(table(cx, t)?.len() as u64)
        }
        fn keys(cx: &mut Context<'_, Self>, t: Resource<Table>) -> Result<Vec<String>, Trap> {
            Ok(table(cx, t)?.keys().cloned().collect())
        }
        fn access(cx: &mut Context<'_, Self>, t: Resource<Table>) -> Result<Flags<Access>, Trap> {
            let name = &cx.state().tables.get(t.bits() as usize).ok_or_else(|| Trap::new("no such table"))?.0;
            Ok(if name.starts_with("ro_") { Access::Read.into() } else { Access::Read | Access::Write })
        }
    }

    /// Runs `lines` in order, as the host would, and returns the replies and the host.
    fn run(lines: &[&str]) -> (Vec<Result<String, String>>, MockKv) {
        let mut store = Store::new(&Engine::default(), MockKv::default());
        let replies = kv::with_store(&mut store, |kv| kv, || lines.iter().map(|line| Plugin::run(line)).collect());
        (replies, store.into_data())
    }

    #[test]
    fn commands_run_against_the_hosts_tables() {
        let (replies, host) = run(&["set name Ada Lovelace", "incr n", "incr n", "get name", "keys", "del n", "size"]);
        let replies: Vec<_> = replies.into_iter().map(Result::unwrap).collect();
        assert_eq!(replies, ["OK", "1", "2", "Ada Lovelace", "n name", "1", "1"]);
        assert_eq!(host.tables.len(), 1);
        assert_eq!(host.tables[0].0, "main");
        assert_eq!(host.tables[0].1.get("name").map(Vec::as_slice), Some(&b"Ada Lovelace"[..]));
    }

    #[test]
    fn use_opens_a_table_and_closes_the_one_in_use() {
        let (replies, host) = run(&["set a 1", "use other", "get a", "set b 2"]);
        assert_eq!(replies[1], Ok("using other".to_owned()));
        assert_eq!(replies[2], Ok("(nil)".to_owned()));
        assert_eq!(host.closed, ["main"]);
        assert_eq!(
            host.tables.iter().map(|(name, t)| (name.as_str(), t.len())).collect::<Vec<_>>(),
            [("main", 1), ("other", 1)]
        );
    }

    #[test]
    fn a_read_only_table_refuses_writes_and_changes_are_reported() {
        let (replies, _) = run(&["use ro_archive", "get a", "set a 1", "incr a", "del a"]);
        assert_eq!(replies[1], Ok("(nil)".to_owned()));
        let refused: Vec<_> = replies[2..].iter().map(|r| r.clone().unwrap_err()).collect();
        assert_eq!(
            refused,
            ["set: the table is read-only", "incr: the table is read-only", "del: the table is read-only"]
        );
        Plugin::changed("main", "a");
        Plugin::changed("main", "b");
        assert_eq!(Plugin::run("changes"), Ok("main/a main/b".to_owned()));
        assert_eq!(Plugin::run("changes"), Ok(String::new()), "reported once");
    }

    #[test]
    fn bad_commands_are_err_values() {
        let (replies, _) = run(&["", "incr", "frobnicate", "set k"]);
        assert_eq!(replies[0], Err("empty command".to_owned()));
        assert_eq!(replies[1], Err("incr: missing key".to_owned()));
        assert!(replies[2].as_ref().unwrap_err().starts_with("unknown command \"frobnicate\""));
        assert_eq!(replies[3], Err("set: missing value".to_owned()));
    }

    #[test]
    #[should_panic(expected = "kv::open takes a Context, which a host installed with `with_host` has not got")]
    fn a_context_function_needs_a_store() {
        kv::with_host(&mut MockKv::default(), || Plugin::run("get a")).ok();
    }
}
