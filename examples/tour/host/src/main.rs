//! The wasmbind tour: loads the tour plugin and walks through every kind of
//! boundary, printing a transcript and checking each value.
//!
//! The checks run twice: against the plugin built to wasm, then against the
//! same plugin crate linked into this host and run in-process
//! (`TourPlugin::in_process`), with the same calls, host functions and
//! error kinds.
//!
//! `cargo run -p tour` builds the plugin first; `cargo run -p tour -- path.wasm`
//! loads a plugin you built yourself.

use std::collections::HashMap;
use std::path::Path;
use wasmbind::host::Handle;
use wasmbind::host::Instantiate;

use tour_api::{Env, Point, Shape, TourPlugin, env};
use wasmbind::Linker;
use wasmbind::host::ErrorKind;
use wasmbind::host::wasi::{self, WasiP1Ctx};
use wasmbind::wasmtime::{Engine, Module, Store};

/// Everything the host keeps for the plugin.
struct Host {
    wasi: WasiP1Ctx,
    shared: i32,
    log: Vec<String>,
    settings: HashMap<String, String>,
}

impl Env for Host {
    fn log(&mut self, msg: &str) {
        println!("   host log <- {msg:?}");
        self.log.push(msg.to_owned());
    }

    fn shared_value(&self) -> i32 {
        self.shared
    }

    fn set_shared_value(&mut self, value: i32) {
        self.shared = value;
    }

    fn get(&self, key: &str) -> Option<String> {
        self.settings.get(key).cloned()
    }

    fn number(&self, key: &str) -> Result<u32, String> {
        let value = self.settings.get(key).ok_or_else(|| format!("{key} is not set"))?;
        value.parse().map_err(|e| format!("{value:?} is not a number ({e})"))
    }

    fn require(&self, key: &str) -> Result<String, wasmbind::Trap> {
        self.settings.get(key).cloned().ok_or_else(|| wasmbind::Trap::new(format!("required setting {key} is missing")))
    }
}

fn check<T: PartialEq + std::fmt::Debug>(what: &str, got: T, expected: T) -> Result<(), String> {
    if got == expected {
        println!("   ok: {what} = {got:?}");
        Ok(())
    } else {
        Err(format!("{what}: expected {expected:?}, got {got:?}"))
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let wasm = match std::env::args_os().nth(1) {
        Some(path) => path.into(),
        None => {
            let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../..");
            println!("building the tour plugin (wasm32-wasip1)...");
            wasmbind_build::build_plugin(&workspace, "tour-plugin", "wasm32-wasip1")?
        }
    };
    let engine = Engine::new(&wasmbind::host::config())?;
    let module = Module::from_file(&engine, &wasm)?;
    println!("loaded {} ({} bytes)\n", wasm.display(), std::fs::metadata(&wasm)?.len());

    let mut linker = Linker::<Host>::new(&engine);
    wasi::add_to_linker(&mut linker, |host| &mut host.wasi)?;
    env::add_to_linker(&mut linker, |host: &mut Host| host)?;

    println!("== the plugin as wasm: TourPlugin::instantiate, named ==\n");
    let mut store = Store::new(&engine, host());
    // Named as errors will call it (unnamed, it is the module's own name:
    // `tour-plugin`, which `wasmbind_build` gives it from its package).
    let tour = TourPlugin::instantiate(&mut store, Instantiate::new(&linker, &module).named("tour"))?;
    checks(&mut store, &tour)?;

    println!("\n== the same checks in-process: TourPlugin::in_process::<tour_plugin::TourPlugin, _> ==\n");
    let mut store = Store::new(&engine, host());
    // In-process panics report where they happened (a process-wide panic
    // hook, so wasmbind installs it only when asked).
    wasmbind::host::capture_panic_locations();
    let tour = TourPlugin::in_process::<tour_plugin::TourPlugin, _>(&linker);
    checks(&mut store, &tour)?;

    evolution(&engine, &linker, &module)?;

    println!("\ntour complete: every boundary checked, on both backends");
    Ok(())
}

/// `Tour` as another host version declares it: only `just_add` of today's
/// functions, and `version`, added after the plugin was built, optional.
mod evolved {
    #[wasmbind::plugin_export]
    pub trait Tour {
        fn just_add(left: u64, right: u64) -> u64;
        /// Added later: plugins built before may lack it.
        #[optional]
        fn version() -> u32;
    }
}

/// The same plugin under another version of its trait: what each side
/// adds is accepted, what both use is checked exactly.
fn evolution(engine: &Engine, linker: &Linker<Host>, module: &Module) -> Result<(), Box<dyn std::error::Error>> {
    use evolved::TourPlugin as EvolvedTour;
    println!("\n== interface evolution: the plugin under another version of `Tour` ==\n");
    let mut store = Store::new(engine, host());
    let tour = EvolvedTour::instantiate(&mut store, Instantiate::new(linker, module).named("tour"))?;
    let extra = tour.plugin().extra_exports();
    println!("   loaded; the plugin's exports this host does not declare: {}", extra.join(", "));
    verify("greet is among them", extra.iter().any(|name| name == "greet"), true)?;
    println!("   optional exports it lacks: {:?}", tour.plugin().absent_exports());
    verify("just_add(1, 2), checked exactly", tour.just_add(&mut store, 1, 2)?, 3)?;
    let err = tour.version(&mut store).err().ok_or("version() should be absent")?;
    verify("version() is Absent", matches!(err.kind(), ErrorKind::Absent { .. }), true)?;
    println!("   version() -> {err}");

    let mut exact = linker.clone();
    exact.set_compatibility(wasmbind::host::Compatibility::Exact);
    let err = EvolvedTour::instantiate(&mut store, Instantiate::new(&exact, module).named("tour"))
        .err()
        .ok_or("Exact should refuse")?;
    verify("refused under Compatibility::Exact", matches!(err.kind(), ErrorKind::Interface { .. }), true)?;
    println!("   {err}");
    Ok(())
}

/// [`check`] for the lines after the two backends' runs (which compare
/// the `ok:` lines of the two).
fn verify<T: PartialEq + std::fmt::Debug>(what: &str, got: T, expected: T) -> Result<(), String> {
    if got != expected {
        return Err(format!("{what}: expected {expected:?}, got {got:?}"));
    }
    println!("   checked: {what} = {got:?}");
    Ok(())
}

fn host() -> Host {
    Host {
        wasi: wasi::stdio(),
        shared: 40,
        log: Vec::new(),
        settings: HashMap::from([
            ("theme".to_owned(), "solarized dark".to_owned()),
            ("width".to_owned(), "80".to_owned()),
        ]),
    }
}

/// Every check of the tour, whichever backend `tour` has.
fn checks(store: &mut Store<Host>, tour: &TourPlugin) -> Result<(), Box<dyn std::error::Error>> {
    let mut store = store;

    println!("a. host -> plugin: just_add(u64, u64) -> u64");
    check("just_add(40, 2)", tour.just_add(&mut store, 40, 2)?, 42)?;
    check("just_add(u64::MAX, 1) wraps", tour.just_add(&mut store, u64::MAX, 1)?, 0)?;

    println!("\nb. plugin -> host: log, read and set the host's shared value");
    let bumped = tour.bump_shared(&mut store, 2)?;
    check("bump_shared(2) returned", bumped, 42)?;
    check("host's shared value", store.data().shared, 42)?;
    check("host's log", store.data().log.clone(), vec!["shared value was 40, adding 2".to_owned()])?;

    println!("\nc. structs: Point + Point");
    let sum = tour.point_add(&mut store, Point { x: 1, y: 2 }, Point { x: 30, y: 40 })?;
    check("point_add({1,2}, {30,40})", sum, Point { x: 31, y: 42 })?;

    println!("\nd. a typed pointer into the plugin's memory");
    let cursor = tour.cursor_ptr(&mut store)?;
    println!("   plugin's cursor lives at {cursor:?}");
    check("host reads *cursor", cursor.read(&store, tour.plugin())?, Point { x: 1, y: 2 })?;
    cursor.write(&mut store, tour.plugin(), &Point { x: -7, y: 99 })?;
    println!("   host wrote Point {{ x: -7, y: 99 }} through the pointer");
    check("plugin's cursor() afterwards", tour.cursor(&mut store)?, Point { x: -7, y: 99 })?;

    println!("\ne. println! from the plugin through WASI");
    let printed = tour.say_hello(&mut store, "tour")?;
    let expected = "hello tour, from inside the plugin (println! through WASI)\n".len() as u32;
    check("bytes the plugin printed", printed, expected)?;

    println!("\nf. strings both ways");
    check("greet(\"Ada\")", tour.greet(&mut store, "Ada")?, "Hello, Ada!".to_owned())?;
    check("greet(\"Zoë 🦀\")", tour.greet(&mut store, "Zoë 🦀")?, "Hello, Zoë 🦀!".to_owned())?;
    check("describe(\"theme\")", tour.describe(&mut store, "theme")?, "theme = \"solarized dark\"".to_owned())?;
    check("describe(\"font\")", tour.describe(&mut store, "font")?, "font is not set".to_owned())?;

    println!("\ng. rich values and the error model");
    check("area(Circle { radius: 2.0 })", tour.area(&mut store, Shape::Circle { radius: 2.0 })?, Ok(12.0))?;
    let label = Shape::Label("home".into(), Point { x: 3, y: 4 });
    check(
        "area(Label) is an Err value",
        tour.area(&mut store, label)?,
        Err("label \"home\" at (3, 4) has no area".into()),
    )?;
    check("setting_or_zero(\"width\")", tour.setting_or_zero(&mut store, "width")?, 80)?;
    check("setting_or_zero(\"theme\") handles the host's Err", tour.setting_or_zero(&mut store, "theme")?, 0)?;
    let handled = "no number for theme: \"solarized dark\" is not a number (invalid digit found in string)";
    check("plugin logged", store.data().log.last().map(String::as_str), Some(handled))?;
    check("required(\"theme\")", tour.required(&mut store, "theme")?, "solarized dark".to_owned())?;
    let trap = tour.required(&mut store, "font").unwrap_err();
    println!("   host function trap: {trap}");
    check("required(\"font\") is a HostTrap", matches!(trap.kind(), ErrorKind::HostTrap { .. }), true)?;
    check("third_letter(\"wasm\")", tour.third_letter(&mut store, "wasm")?, 's')?;
    if !tour.plugin().is_in_process() {
        println!("   (the plugin's own panic hook prints through WASI next)");
    }
    let panic = tour.third_letter(&mut store, "ok").unwrap_err();
    println!("   plugin panic: {panic}");
    let ErrorKind::Panic { message, location, .. } = panic.kind() else {
        return Err(format!("expected a panic, got {panic:?}").into());
    };
    check("panic message", message.as_str(), "index out of bounds: the len is 2 but the index is 2")?;
    check("panic location is in the plugin", location.contains("plugin/src/lib.rs:"), true)?;
    Ok(())
}
