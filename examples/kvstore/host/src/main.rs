//! The kvstore example: a host that keeps named tables of byte values in
//! SQLite and hands each table a plugin opens to it as a
//! `Resource<Table>`, and a plugin that runs a small command language over
//! them. Values persist across calls and across restarts of the host.
//!
//! `cargo run -p kvstore` runs the demo: a transcript of commands, checked
//! as it goes, with the host restarted half-way. `cargo run -p kvstore --
//! --db FILE 'set a 1' 'incr a'` runs your own commands against `FILE`.

use std::path::{Path, PathBuf};

use kvstore_api::{Kv, ShellPlugin, Table, kv};
use rusqlite::{Connection, OptionalExtension, params};
use wasmbind::host::{Handle, Plugin, resources::Resources};
use wasmbind::wasmtime::{Engine, Module, Store};
use wasmbind::{Context, Lent, Linker, Resource, Trap};

/// How many tables one plugin may hold open.
const TABLES_PER_PLUGIN: usize = 64;

/// The host's state: the database and the tables plugins hold open.
struct Host {
    db: Connection,
    tables: Resources<Table, String>,
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
        Ok(Self { db, tables: Resources::with_limit(TABLES_PER_PLUGIN) })
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
        host.db.execute(
            "INSERT INTO entries (tbl, key, value) VALUES (?1, ?2, ?3)
             ON CONFLICT (tbl, key) DO UPDATE SET value = excluded.value",
            params![table, args.read(key), args.read(value)],
        )?;
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
        let deleted =
            host.db.execute("DELETE FROM entries WHERE tbl = ?1 AND key = ?2", params![table, args.read(key)])?;
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
}

type Failure = Box<dyn std::error::Error>;

/// A running host: its store (with the database) and the command plugin.
struct Session {
    store: Store<Host>,
    shell: ShellPlugin,
}

impl Session {
    /// Starts a host on the database at `db` and loads the plugin.
    fn start(engine: &Engine, module: &Module, db: &Path) -> Result<Self, Failure> {
        let mut linker = Linker::new(engine);
        kv::add_to_linker(&mut linker, |host: &mut Host| host)?;
        let mut store = Store::new(engine, Host::open(db)?);
        let shell = ShellPlugin::instantiate(&mut store, (&linker, module))?;
        Ok(Self { store, shell })
    }

    /// Runs one command: the plugin's reply, or why it could not run it.
    fn run(&mut self, line: &str) -> Result<Result<String, String>, wasmbind::host::Error> {
        self.shell.run(&mut self.store, line)
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
    ("frobnicate", Err("unknown command \"frobnicate\": use, set, get, incr, del, keys or size")),
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

/// The demo: two runs of the host on a fresh database file at `db`.
fn demo(engine: &Engine, module: &Module, db: &Path) -> Result<(), Failure> {
    remove_db(db)?;
    println!("first run of the host, database {}", db.display());
    let mut session = Session::start(engine, module, db)?;
    run_script(&mut session, FIRST_RUN)?;
    println!("   (table handles open: {})", session.store.data().tables.len());
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
    fn a_bad_table_name_stops_the_plugin_with_the_reason() {
        let (engine, module) = setup();
        let db = TempDb::new("names");
        let mut session = Session::start(&engine, &module, &db.0).unwrap();
        let error = session.run("use no/slashes").unwrap_err();
        let text = error.to_string();
        assert!(text.contains("kv::open") && text.contains("\"no/slashes\": use 1 to 64 letters"), "{text}");
    }
}
