//! Host-owned resources end to end: a real plugin holds host secrets by
//! `Resource<Secret>` handle; forged, stale, closed and other plugins'
//! handles are named errors, never another secret; a plugin that opens
//! handles without end stops at its limit; a dropped plugin's secrets go.

use vault_api::{KeeperPlugin, Secret, Vault, vault};
use wasmbind::host::Instantiate;
use wasmbind::host::{Error, ErrorKind, Handle, Plugin, resources::Misuse, resources::Resources};
use wasmbind::wasmtime::Store;
use wasmbind::{Context, Lent, Linker, Resource, Trap};
use wasmbind_tests::{engine, plugin_module};

struct App {
    secrets: Resources<Secret, String>,
}

fn caller(cx: &Context<'_, App>) -> Result<Plugin, Trap> {
    cx.caller().ok_or_else(|| Trap::new("not called through a plugin handle"))
}

impl Vault for App {
    fn open(cx: &mut Context<'_, Self>, text: Lent<str>) -> Result<Resource<Secret>, Trap> {
        let plugin = caller(cx)?;
        let (args, app) = cx.split();
        Ok(app.secrets.open(&plugin, args.read(text).to_owned())?)
    }

    fn read(cx: &mut Context<'_, Self>, secret: Resource<Secret>) -> Result<String, Trap> {
        let plugin = caller(cx)?;
        Ok(cx.state().secrets.get(&plugin, secret)?.clone())
    }

    fn close(cx: &mut Context<'_, Self>, secret: Resource<Secret>) -> Result<(), Trap> {
        let plugin = caller(cx)?;
        cx.state().secrets.close(&plugin, secret)?;
        Ok(())
    }
}

const LIMIT: usize = 16;

fn store() -> Store<App> {
    Store::new(engine(), App { secrets: Resources::with_limit(LIMIT) })
}

fn keeper(store: &mut Store<App>, name: &str) -> KeeperPlugin {
    let mut linker = Linker::new(engine());
    vault::add_to_linker(&mut linker, |app: &mut App| app).unwrap();
    let plugin =
        Plugin::instantiate(&mut *store, Instantiate::new(&linker, &plugin_module("vault-plugin")).named(name))
            .unwrap();
    KeeperPlugin::new(store, plugin).unwrap()
}

/// The host function's message, for an error that trapped the plugin in one.
fn trap_message(error: &Error) -> String {
    match error.kind() {
        ErrorKind::HostTrap { trap, .. } => trap.message.clone(),
        other => panic!("expected a host trap, got {other:?}"),
    }
}

#[test]
fn a_plugin_reads_what_it_kept_until_it_closes_it() {
    let mut store = store();
    let keeper = keeper(&mut store, "one");
    let first = keeper.keep(&mut store, "alpha").unwrap();
    let second = keeper.keep(&mut store, "beta").unwrap();
    assert_ne!(first, second);
    assert_eq!(keeper.peek(&mut store, first).unwrap(), "alpha");
    assert_eq!(keeper.peek(&mut store, second).unwrap(), "beta");
    assert_eq!(store.data().secrets.len(), 2);

    keeper.discard(&mut store, first).unwrap();
    let error = keeper.peek(&mut store, first).unwrap_err();
    assert_eq!(trap_message(&error), format!("Secret handle {:#x} is closed", first.bits()));
    let text = error.to_string();
    assert!(text.contains("plugin one") && text.contains("peek") && text.contains("vault::read"), "{text}");
    assert_eq!(keeper.peek(&mut store, second).unwrap(), "beta", "the other handle still works");
}

#[test]
fn a_stale_handle_never_reaches_the_object_that_reused_its_slot() {
    let mut store = store();
    let keeper = keeper(&mut store, "one");
    let old = keeper.keep(&mut store, "old").unwrap();
    keeper.discard(&mut store, old).unwrap();
    let new = keeper.keep(&mut store, "new").unwrap();
    assert_eq!(old.bits() as u32 ^ new.bits() as u32, 0, "the slot was reused (same index bits)");
    let error = keeper.peek(&mut store, old).unwrap_err();
    assert!(trap_message(&error).ends_with("is stale: its Secret was closed and the slot reused"), "{error}");
    assert_eq!(keeper.peek(&mut store, new).unwrap(), "new");
    // Closing twice is refused the same way.
    let error = keeper.discard(&mut store, old).unwrap_err();
    assert!(trap_message(&error).contains("is stale"), "{error}");
}

#[test]
fn forged_handles_are_refused() {
    let mut store = store();
    let keeper = keeper(&mut store, "one");
    let real = keeper.keep(&mut store, "real").unwrap();
    // Every value near the real one, and some far away: none is another secret.
    let bits = real.bits();
    let forged = [0, u64::MAX, bits ^ 1, bits ^ (1 << 32), bits.wrapping_add(1 << 33), bits ^ (1 << 63)];
    for bits in forged {
        let error = keeper.peek(&mut store, Resource::from_bits(bits)).unwrap_err();
        assert_eq!(
            trap_message(&error),
            format!("Secret handle {bits:#x} is forged: this table never issued it"),
            "{bits:#x}"
        );
    }
    assert_eq!(keeper.peek(&mut store, real).unwrap(), "real");
}

#[test]
fn a_handle_is_refused_in_another_instance_and_in_another_store() {
    let mut store = store();
    let one = keeper(&mut store, "one");
    let two = keeper(&mut store, "two");
    let mine = one.keep(&mut store, "one's").unwrap();
    let error = two.peek(&mut store, mine).unwrap_err();
    assert_eq!(trap_message(&error), format!("Secret handle {:#x} is not this plugin's", mine.bits()));
    assert!(error.to_string().contains("plugin two"), "{error}");
    let error = two.discard(&mut store, mine).unwrap_err();
    assert!(trap_message(&error).contains("is not this plugin's"));
    assert_eq!(one.peek(&mut store, mine).unwrap(), "one's", "still there for its owner");

    // The same plugin in another store has another table: the handle is forged there.
    let mut elsewhere = self::store();
    let three = keeper(&mut elsewhere, "three");
    three.keep(&mut elsewhere, "three's").unwrap();
    let error = three.peek(&mut elsewhere, mine).unwrap_err();
    assert!(trap_message(&error).ends_with("is forged: this table never issued it"), "{error}");
}

#[test]
fn a_plugin_opening_handles_without_end_stops_at_its_limit() {
    let mut store = store();
    let bomb = keeper(&mut store, "bomb");
    let other = keeper(&mut store, "other");
    let error = bomb.hoard(&mut store, 1_000_000).unwrap_err();
    assert_eq!(trap_message(&error), format!("cannot open another Secret: the plugin holds {LIMIT}, the limit"));
    assert!(error.to_string().contains("plugin bomb: hoard"), "{error}");
    let secrets = &store.data().secrets;
    assert_eq!((secrets.len(), secrets.open_by(bomb.plugin())), (LIMIT, LIMIT));
    // The limit is per plugin: another plugin still opens its own.
    let handle = other.keep(&mut store, "fine").unwrap();
    assert_eq!(other.peek(&mut store, handle).unwrap(), "fine");
    // Unloading the bomb closes everything it held.
    let plugin = bomb.plugin().clone();
    let closed = store.data_mut().secrets.close_all(&plugin);
    assert_eq!(closed.len(), LIMIT);
    assert_eq!(closed.first().map(String::as_str), Some("secret 0"));
    assert_eq!(store.data().secrets.len(), 1);
}

#[test]
fn a_dropped_plugins_objects_are_swept() {
    let mut store = store();
    let gone = keeper(&mut store, "gone");
    let stays = keeper(&mut store, "stays");
    gone.hoard(&mut store, 5).unwrap();
    let kept = stays.keep(&mut store, "kept").unwrap();
    assert_eq!(store.data_mut().secrets.sweep(), 0, "both plugins are alive");
    drop(gone);
    assert_eq!(store.data_mut().secrets.sweep(), 5);
    assert_eq!(store.data().secrets.len(), 1);
    assert_eq!(stays.peek(&mut store, kept).unwrap(), "kept");
}

#[test]
fn misuse_kinds_are_typed() {
    let mut store = store();
    let one = keeper(&mut store, "one");
    let two = keeper(&mut store, "two");
    let handle = one.keep(&mut store, "x").unwrap();
    let secrets = &mut store.data_mut().secrets;
    let (a, b) = (one.plugin().clone(), two.plugin().clone());
    // Another plugin learns only that the handle is not its own: not
    // whose it is, nor whether it is open.
    let foreign = secrets.get(&b, handle).unwrap_err();
    assert_eq!(foreign.misuse(), &Misuse::Foreign);
    assert!(!foreign.to_string().contains("one"), "{foreign}");
    assert_eq!(secrets.close(&a, handle).unwrap(), "x");
    assert_eq!(secrets.get(&a, handle).unwrap_err().misuse(), &Misuse::Closed);
    assert_eq!(secrets.get(&b, handle).unwrap_err().to_string(), foreign.to_string());
    let error = secrets.get(&a, Resource::from_bits(!handle.bits())).unwrap_err();
    assert_eq!((error.misuse(), error.resource(), error.handle()), (&Misuse::Forged, "Secret", Some(!handle.bits())));
}
