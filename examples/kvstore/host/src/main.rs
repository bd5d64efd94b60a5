//! The kvstore example: a host that keeps named tables of byte values in
//! SQLite and hands each table a plugin opens to it as a
//! `Resource<Table>` (with `Access` flags: `ro_*` tables are read-only),
//! and a plugin that runs a small command language over them. Values
//! persist across calls and across restarts of the host. After each
//! command the host delivers a typed event, `CHANGED`, for every key the
//! command changed; and it scans tables through `ScanObject`s, objects the
//! plugin owns (each keeps a table open in the plugin until it is dropped).
//!
//! `cargo run -p kvstore` runs the demo: a transcript of commands, checked
//! as it goes, with the host restarted half-way. `cargo run -p kvstore --
//! --db FILE 'set a 1' 'incr a'` runs your own commands against `FILE`.

use std::path::{Path, PathBuf};

use kvstore_api::{Access, CHANGED, Kv, ScanObject, ScanPlugin, ShellPlugin, Table, kv};
use rusqlite::{Connection, OptionalExtension, params};
use wasmbind::host::listeners::{Listener, Listeners};
use wasmbind::host::{Handle, Plugin, resources::Resources};
use wasmbind::wasmtime::{Engine, Module, Store};
use wasmbind::{Context, Flags, Lent, Linker, Resource, Trap};

/// How many tables one plugin may hold open.
const TABLES_PER_PLUGIN: usize = 64;

/// The host's state: the database, the tables plugins hold open, the keys
/// the running command changed, and the listeners of `CHANGED`.
struct Host {
    db: Connection,
    tables: Resources<Table, String>,
    changed: Vec<(String, String)>,
    listeners: Listeners,
}

impl Host {
    fn open(path: &Path) -> rusqlite::Result<Self> {
        let db = Connection::open(path)?;
        db.execute_batch(
            "CREATE TABLE IF NOT EXISTS entries (
                tbl TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL,
                PRIMARY KEY (tbl, key)
            ) WITHOUT ROWID",
        )?;
        let tables = Resources::with_limit(TABLES_PER_PLUGIN);
        Ok(Self { db, tables, changed: Vec::new(), listeners: Listeners::new() })
    }
}

/// The plugin that called: tables belong to it.
fn caller(cx: &Context<'_, Host>) -> Result<Plugin, Trap> {
    cx.caller().ok_or_else(|| Trap::new("kv functions serve plugins called through a handle"))
}

impl Kv for Host {
    fn open(cx: &mut Context<'_, Self>, name: Lent<str>) -> Result<Resource<Table>, Trap> {
        let plugin = caller(cx)?;
        let (args, host) = cx.split();
        let name = args.read(name);
        let valid = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
        if name.is_empty() || name.len() > 64 || !name.chars().all(valid) {
            return Err(Trap::new(format!("table name {name:?}: use 1 to 64 letters, digits, '_' or '-'")));
        }
        Ok(host.tables.open(&plugin, name.to_owned())?)
    }

    fn close(cx: &mut Context<'_, Self>, table: Resource<Table>) -> Result<(), Trap> {
        let plugin = caller(cx)?;
        cx.state().tables.close(&plugin, table)?;
        Ok(())
    }

    fn set(cx: &mut Context<'_, Self>, table: Resource<Table>, key: Lent<str>, value: Lent<[u8]>) -> Result<(), Trap> {
        let plugin = caller(cx)?;
        let (args, host) = cx.split();
        let table = host.tables.get(&plugin, table)?;
        if table.starts_with("ro_") {
            return Err(Trap::new(format!("table {table} is read-only")));
        }
        host.db.execute(
            "INSERT INTO entries (tbl, key, value) VALUES (?1, ?2, ?3)
             ON CONFLICT (tbl, key) DO UPDATE SET value = excluded.value",
            params![table, args.read(key), args.read(value)],
        )?;
        host.changed.push((table.clone(), args.read(key).to_owned()));
        Ok(())
    }

    fn get(cx: &mut Context<'_, Self>, table: Resource<Table>, key: Lent<str>) -> Result<Option<Vec<u8>>, Trap> {
        let plugin = caller(cx)?;
        let (args, host) = cx.split();
        let table = host.tables.get(&plugin, table)?;
        let mut query = host.db.prepare_cached("SELECT value FROM entries WHERE tbl = ?1 AND key = ?2")?;
        Ok(query.query_row(params![table, args.read(key)], |row| row.get(0)).optional()?)
    }

    fn delete(cx: &mut Context<'_, Self>, table: Resource<Table>, key: Lent<str>) -> Result<bool, Trap> {
        let plugin = caller(cx)?;
        let (args, host) = cx.split();
        let table = host.tables.get(&plugin, table)?;
        if table.starts_with("ro_") {
            return Err(Trap::new(format!("table {table} is read-only")));
        }
        let deleted =
            host.db.execute("DELETE FROM entries WHERE tbl = ?1 AND key = ?2", params![table, args.read(key)])?;
        if deleted > 0 {
            host.changed.push((table.clone(), args.read(key).to_owned()));
        }
        Ok(deleted > 0)
    }

    fn size(cx: &mut Context<'_, Self>, table: Resource<Table>) -> Result<u64, Trap> {
        let plugin = caller(cx)?;
        let host = cx.state();
        let table = host.tables.get(&plugin, table)?;
        let count: i64 = host.db.query_row("SELECT COUNT(*) FROM entries WHERE tbl = ?1", [table], |row| row.get(0))?;
        Ok(count.unsigned_abs())
    }

    fn keys(cx: &mut Context<'_, Self>, table: Resource<Table>) -> Result<Vec<String>, Trap> {
        let plugin = caller(cx)?;
        let host = cx.state();
        let table = host.tables.get(&plugin, table)?;
        let mut query = host.db.prepare_cached("SELECT key FROM entries WHERE tbl = ?1 ORDER BY key")?;
        let keys = query.query_map([table], |row| row.get(0))?;
        Ok(keys.collect::<rusqlite::Result<_>>()?)
    }

    fn access(cx: &mut Context<'_, Self>, table: Resource<Table>) -> Result<Flags<Access>, Trap> {
        let plugin = caller(cx)?;
        let table = cx.state().tables.get(&plugin, table)?;
        Ok(if table.starts_with("ro_") { Access::Read.into() } else { Access::Read | Access::Write })
    }
}

type Failure = Box<dyn std::error::Error>;

/// A running host: its store (with the database), the command plugin, and
/// the same plugin as the maker of scans.
struct Session {
    store: Store<Host>,
    shell: ShellPlugin,
    scans: ScanPlugin,
}

impl Session {
    /// Starts a host on the database at `db` and loads the plugin, whose
    /// `changed` listens to `CHANGED`.
    fn start(engine: &Engine, module: &Module, db: &Path) -> Result<Self, Failure> {
        let mut linker = Linker::new(engine);
        kv::add_to_linker(&mut linker, |host: &mut Host| host)?;
        let mut store = Store::new(engine, Host::open(db)?);
        let shell = ShellPlugin::instantiate(&mut store, (&linker, module))?;
        // The same instance: its `Scan` exports, through their own handle
        // (the constructor `new` hides `Handle::new`, so it is named in full).
        let scans = <ScanPlugin as Handle>::new(&mut store, shell.plugin().clone())?;
        let listener = Listener::of(&mut store, shell.plugin().clone(), "changed", &CHANGED)?;
        store.data_mut().listeners.listen(CHANGED.name(), listener);
        Ok(Self { store, shell, scans })
    }

    /// Runs one command: the plugin's reply, or why it could not run it.
    /// Then delivers `CHANGED` for each key the command changed.
    fn run(&mut self, line: &str) -> Result<Result<String, String>, Failure> {
        let reply = self.shell.run(&mut self.store, line)?;
        let fanout = self.store.data().listeners.fanout(CHANGED.name());
        for change in std::mem::take(&mut self.store.data_mut().changed) {
            for delivery in fanout.deliver(&mut self.store, &CHANGED, &change) {
                delivery.result?;
            }
        }
        Ok(reply)
    }

    /// A scan of `table`'s keys that start with `prefix`, made by the plugin.
    fn scan(&mut self, table: &str, prefix: &str) -> Result<ScanObject, wasmbind::host::Error> {
        self.scans.new(&mut self.store, table, prefix)
    }
}

/// The demo's commands and the replies they must get, in two runs of the
/// host on one database file.
const FIRST_RUN: &[(&str, Result<&str, &str>)] = &[
    ("set greeting hello, world", Ok("OK")),
    ("get greeting", Ok("hello, world")),
    ("incr visits", Ok("1")),
    ("incr visits", Ok("2")),
    ("set colour teal", Ok("OK")),
    ("set  motto   less  is more ", Ok("OK")),
    ("get motto", Ok("less  is more")),
    ("keys", Ok("colour greeting motto visits")),
    ("incr greeting", Err("incr: greeting is not a number")),
    ("del colour", Ok("1")),
    ("del colour", Ok("0")),
    ("use scratch", Ok("using scratch")),
    ("set tmp 42", Ok("OK")),
    ("size", Ok("1")),
    ("set lonely", Err("set: missing value")),
    ("changes", Ok("main/greeting main/visits main/visits main/colour main/motto main/colour scratch/tmp")),
    ("use ro_archive", Ok("using ro_archive")),
    ("set note hi", Err("set: the table is read-only")),
    ("frobnicate", Err("unknown command \"frobnicate\": use, set, get, incr, del, keys, size or changes")),
];

const SECOND_RUN: &[(&str, Result<&str, &str>)] = &[
    ("get greeting", Ok("hello, world")),
    ("incr visits", Ok("3")),
    ("keys", Ok("greeting motto visits")),
    ("use scratch", Ok("using scratch")),
    ("get tmp", Ok("42")),
    ("get colour", Ok("(nil)")),
];

/// Runs `script` in `session`, printing each command and reply and
/// checking it against the expected one.
fn run_script(session: &mut Session, script: &[(&str, Result<&str, &str>)]) -> Result<(), Failure> {
    for (line, expected) in script {
        let reply = session.run(line)?;
        match &reply {
            Ok(text) => println!("   > {line}\n     {text}"),
            Err(text) => println!("   > {line}\n     error: {text}"),
        }
        if reply.as_ref().map(String::as_str).map_err(String::as_str) != *expected {
            return Err(format!("{line}: expected {expected:?}, got {reply:?}").into());
        }
    }
    Ok(())
}

/// Scans `main` through a `ScanObject` the plugin owns: while it lives the
/// plugin holds a second table handle; dropping it runs the plugin's
/// destructor before its next call, which closes that handle on the host.
fn scan_demo(session: &mut Session) -> Result<(), Failure> {
    let open = session.store.data().tables.len();
    let mut scan = session.scan("main", "")?;
    println!("\n   scan of main ({} keys), an object the plugin owns:", scan.left(&mut session.store)?);
    let mut keys = Vec::new();
    while let Some((key, value)) = scan.next(&mut session.store)? {
        println!("     {key} = {}", String::from_utf8_lossy(&value));
        keys.push(key);
    }
    if keys != ["greeting", "motto", "visits"] || session.store.data().tables.len() != open + 1 {
        return Err(format!("scan: got {keys:?} with {} tables open", session.store.data().tables.len()).into());
    }
    drop(scan);
    session.run("size")?.map_err(|e| format!("size: {e}"))?;
    let after = session.store.data().tables.len();
    println!("   the scan dropped: its destructor closed its table ({} -> {after} open)", open + 1);
    if after != open {
        return Err(format!("the scan's table is still open: {after} tables").into());
    }
    Ok(())
}

/// The demo: two runs of the host on a fresh database file at `db`.
fn demo(engine: &Engine, module: &Module, db: &Path) -> Result<(), Failure> {
    remove_db(db)?;
    println!("first run of the host, database {}", db.display());
    let mut session = Session::start(engine, module, db)?;
    run_script(&mut session, FIRST_RUN)?;
    println!("   (table handles open: {})", session.store.data().tables.len());
    scan_demo(&mut session)?;
    drop(session);

    println!("\nhost restarted on the same database");
    let mut session = Session::start(engine, module, db)?;
    run_script(&mut session, SECOND_RUN)?;
    println!("\nkvstore demo complete: every reply checked, values survived the restart");
    Ok(())
}

fn remove_db(db: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(db) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

fn plugin_module(engine: &Engine) -> Result<Module, Failure> {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../..");
    let wasm = wasmbind_build::build_plugin(&workspace, "kvstore-plugin", "wasm32-unknown-unknown")?;
    Ok(Module::from_file(engine, wasm)?)
}

fn main() -> Result<(), Failure> {
    let mut args = std::env::args().skip(1).peekable();
    let db = match args.next_if_eq("--db") {
        Some(_) => Some(PathBuf::from(args.next().ok_or("--db needs a file")?)),
        None => None,
    };
    let commands: Vec<String> = args.collect();
    let engine = Engine::new(&wasmbind::host::config())?;
    println!("building the kvstore plugin (wasm32-unknown-unknown)...");
    let module = plugin_module(&engine)?;
    if commands.is_empty() {
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../..");
        let db = db.unwrap_or_else(|| workspace.join("target").join("kvstore-demo.sqlite"));
        return demo(&engine, &module, &db);
    }
    let mut session = Session::start(&engine, &module, &db.unwrap_or_else(|| "kvstore.sqlite".into()))?;
    for line in commands {
        match session.run(&line)? {
            Ok(reply) => println!("{reply}"),
            Err(error) => println!("error: {error}"),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A database file for one test, removed before and after.
    struct TempDb(PathBuf);

    impl TempDb {
        fn new(name: &str) -> Self {
            let path = std::env::temp_dir().join(format!("kvstore-{}-{name}.sqlite", std::process::id()));
            remove_db(&path).unwrap();
            Self(path)
        }
    }

    impl Drop for TempDb {
        fn drop(&mut self) {
            let _ = remove_db(&self.0);
        }
    }

    fn setup() -> (Engine, Module) {
        let engine = Engine::new(&wasmbind::host::config()).unwrap();
        let module = plugin_module(&engine).unwrap();
        (engine, module)
    }

    #[test]
    fn the_demo_transcript_checks() {
        let (engine, module) = setup();
        let db = TempDb::new("demo");
        demo(&engine, &module, &db.0).unwrap();
    }

    #[test]
    fn data_survives_a_restart_of_the_host() {
        let (engine, module) = setup();
        let db = TempDb::new("restart");
        let mut first = Session::start(&engine, &module, &db.0).unwrap();
        for line in ["set a 1", "incr a", "use other", "set b x"] {
            first.run(line).unwrap().unwrap();
        }
        drop(first);
        let mut second = Session::start(&engine, &module, &db.0).unwrap();
        assert_eq!(second.run("get a").unwrap().as_deref(), Ok("2"));
        assert_eq!(second.run("keys").unwrap().as_deref(), Ok("a"));
        assert_eq!(second.run("use other").unwrap().as_deref(), Ok("using other"));
        assert_eq!(second.run("get b").unwrap().as_deref(), Ok("x"));
        // The data is in the file itself, as SQLite sees it.
        let rows: i64 =
            Connection::open(&db.0).unwrap().query_row("SELECT COUNT(*) FROM entries", [], |row| row.get(0)).unwrap();
        assert_eq!(rows, 2);
    }

    #[test]
    fn a_table_the_plugin_stops_using_is_closed_when_its_handle_drops() {
        let (engine, module) = setup();
        let db = TempDb::new("switch");
        let mut session = Session::start(&engine, &module, &db.0).unwrap();
        for line in ["set a 1", "use b", "use c", "use d", "set x 2"] {
            session.run(line).unwrap().unwrap();
        }
        // The plugin closes nothing by hand: each `use` drops the
        // `Owned<Table>` it replaces, which calls `kv::close`.
        assert_eq!(session.store.data().tables.len(), 1, "only the table in use is open");
        assert_eq!(session.run("keys").unwrap().as_deref(), Ok("x"));
    }

    #[test]
    fn a_scan_is_an_object_whose_destructor_closes_its_table_on_the_host() {
        let (engine, module) = setup();
        let db = TempDb::new("scan");
        let mut session = Session::start(&engine, &module, &db.0).unwrap();
        for line in ["set apple 1", "set avocado 2", "set banana 3"] {
            session.run(line).unwrap().unwrap();
        }
        let tables = |s: &Session| s.store.data().tables.len();
        let mut scan = session.scan("main", "a").unwrap();
        let other = session.scan("main", "b").unwrap();
        assert_eq!(tables(&session), 3, "the shell's table and one per scan");
        assert_eq!(scan.left(&mut session.store).unwrap(), 2);
        assert_eq!(scan.next(&mut session.store).unwrap(), Some(("apple".into(), b"1".to_vec())));
        assert_eq!(scan.next(&mut session.store).unwrap(), Some(("avocado".into(), b"2".to_vec())));
        assert_eq!(scan.next(&mut session.store).unwrap(), None);
        other.close(&mut session.store).unwrap();
        assert_eq!(tables(&session), 2, "closing the scan ran its destructor now, which closed its table");
        drop(scan);
        assert_eq!(tables(&session), 2, "queued: the plugin runs the destructor at its next call");
        session.run("size").unwrap().unwrap();
        assert_eq!(tables(&session), 1);
    }

    #[test]
    fn read_only_tables_and_changes_travel_as_flags_and_events() {
        let (engine, module) = setup();
        let db = TempDb::new("flags");
        let mut session = Session::start(&engine, &module, &db.0).unwrap();
        for line in ["set a 1", "del a", "del a", "use other", "incr n"] {
            session.run(line).unwrap().unwrap();
        }
        assert_eq!(session.run("changes").unwrap().as_deref(), Ok("main/a main/a other/n"));
        assert_eq!(session.run("use ro_x").unwrap().as_deref(), Ok("using ro_x"));
        assert_eq!(session.run("del a").unwrap(), Err("del: the table is read-only".to_owned()));
        assert_eq!(session.run("changes").unwrap().as_deref(), Ok(""));
    }

    #[test]
    fn a_bad_table_name_stops_the_plugin_with_the_reason() {
        let (engine, module) = setup();
        let db = TempDb::new("names");
        let mut session = Session::start(&engine, &module, &db.0).unwrap();
        let error = session.run("use no/slashes").unwrap_err();
        let text = error.to_string();
        assert!(text.contains("kv::open") && text.contains("\"no/slashes\": use 1 to 64 letters"), "{text}");
    }
}
