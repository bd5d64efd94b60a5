//! `#[derive(Flag)]` and `Flags<F>`: a set of named flags crosses as the
//! smallest unsigned integer with a bit per flag, both ways and nested;
//! records name the flags, and bits that name no flag are refused.

use kitchen_api::{Month, Perm};
use wasmbind::abi::{Describe, WireError, to_body};
use wasmbind::host::records::Ty;
use wasmbind::host::{Handle, Instantiate, Plugin};
use wasmbind::wasmtime::Store;
use wasmbind::{Flag, Flags, Linker, WasmType, host_fn, plugin_export};
use wasmbind_tests::{engine, kitchen, wat_module};

/// 33 flags: their set takes 8 bytes.
#[derive(Flag, Clone, Copy, Debug, PartialEq, Eq)]
#[rustfmt::skip]
enum Wide {
    F0, F1, F2, F3, F4, F5, F6, F7, F8, F9, F10, F11, F12, F13, F14, F15, F16,
    F17, F18, F19, F20, F21, F22, F23, F24, F25, F26, F27, F28, F29, F30, F31, F32,
}

#[test]
fn a_set_is_the_smallest_integer_with_a_bit_per_flag() {
    assert_eq!(<Flags<Perm>>::FIXED_SIZE, Some(1));
    assert_eq!(<Flags<Month>>::FIXED_SIZE, Some(2));
    assert_eq!(<Flags<Wide>>::FIXED_SIZE, Some(8));
    assert_eq!(to_body(&(Perm::Read | Perm::Exec)), [0b101]);
    assert_eq!(to_body(&(Month::Jan | Month::Dec)), [0x01, 0x08]);
    assert_eq!(to_body(&Flags::from(Wide::F32)), [0, 0, 0, 0, 1, 0, 0, 0]);
    assert_eq!(<Flags<Month>>::decode(&[0xff, 0x0f]), Ok(Flags::all()));
    assert_eq!(<Flags<Wide>>::decode(&to_body(&Flags::<Wide>::all())), Ok(Flags::all()));
}

#[test]
fn bits_that_name_no_flag_are_refused() {
    assert_eq!(<Flags<Perm>>::decode(&[0b1001]), Err(WireError::Flags { type_name: "Perm", bits: 0b1001 }));
    assert_eq!(<Flags<Month>>::decode(&[0, 0x10]), Err(WireError::Flags { type_name: "Month", bits: 0x1000 }));
    assert_eq!(<Flags<Perm>>::decode(&[1, 0]), Err(WireError::Size { expected: 1, found: 2 }));
    assert_eq!(
        WireError::Flags { type_name: "Perm", bits: 8 }.to_string(),
        "flags 0x8 set a bit that names no flag of Perm"
    );
    assert_eq!(Flags::<Perm>::from_bits(0b111), Some(Flags::all()));
    assert_eq!(Flags::<Perm>::from_bits(1 << 63), None);
}

#[test]
fn set_operations() {
    let rw = Perm::Read | Perm::Write;
    let wx = Perm::Write | Perm::Exec;
    assert_eq!(rw | wx, Flags::all());
    assert_eq!(rw & wx, Flags::from(Perm::Write));
    assert_eq!(rw - wx, Flags::from(Perm::Read));
    assert_eq!(rw ^ wx, Perm::Read | Perm::Exec);
    assert_eq!(!rw, Flags::from(Perm::Exec), "the complement holds only named flags");
    assert_eq!(!Flags::<Wide>::empty(), Flags::all());
    assert!(rw.contains(Perm::Read) && !rw.contains(Perm::Exec));
    assert!(Flags::<Perm>::all().contains_all(rw) && !rw.contains_all(wx));
    let mut set = Flags::empty();
    assert!(set.is_empty());
    set.insert(Perm::Exec);
    set.extend([Perm::Read, Perm::Read]);
    set.remove(Perm::Exec);
    assert_eq!((set.len(), set.bits()), (1, 0b001));
    assert_eq!(Flags::<Month>::all().iter().count(), 12);
    assert_eq!(Flags::<Wide>::all().iter().last(), Some(Wide::F32));
    assert_eq!(wx.into_iter().collect::<Vec<_>>(), [Perm::Write, Perm::Exec]);
    assert_eq!([Month::May, Month::Jan].into_iter().collect::<Flags<_>>(), Month::Jan | Month::May);
    assert_eq!(format!("{:?}", Month::Jan | Month::Dec), "Flags(Jan | Dec)");
    assert_eq!(format!("{:?}", Flags::<Perm>::empty()), "Flags()");
}

#[test]
fn sets_cross_both_ways_and_nested() {
    let (mut store, plugin) = kitchen::instantiate();
    for set in [Flags::empty(), Flags::from(Perm::Write), Perm::Read | Perm::Exec, Flags::all()] {
        assert_eq!(plugin.echo_flags(&mut store, set).unwrap(), set);
        assert_eq!(plugin.via_flags(&mut store, set).unwrap(), set);
        assert_eq!(store.data_mut().0.pop(), Some(format!("{set:?}")), "the host function saw the set");
    }
    let year = Flags::<Month>::all();
    assert_eq!(plugin.months(&mut store, Flags::empty(), Some((year, 7))).unwrap(), year);
    assert_eq!(
        plugin.months(&mut store, Perm::Exec.into(), Some((year, 7))).unwrap(),
        Month::Jan | Month::Feb | Month::Mar
    );
    assert_eq!(plugin.months(&mut store, Perm::Exec.into(), None).unwrap(), Flags::empty());
}

#[test]
fn records_name_the_flags() {
    assert_eq!(<Flags<Perm>>::SHAPE.to_string(), "Perm");
    let wasmbind::abi::Shape::Named(def) = <Flags<Wide>>::SHAPE else { panic!("a named type") };
    assert_eq!(def.get().to_string().len(), "flags Wide{}".len() + 33 * 2 + 23 + 32, "F0..F32 and their commas");
    let (mut store, plugin) = kitchen::instantiate();
    let records = plugin.plugin().records(&mut store);
    let echo = records.iter().find(|r| r.function("echo_flags").is_some()).unwrap();
    assert_eq!(echo.function("echo_flags"), Some("fn(Perm) -> Perm"));
    assert_eq!(echo.types.iter().map(ToString::to_string).collect::<Vec<_>>(), ["flags Perm{Read,Write,Exec}"]);
    assert_eq!(echo.fixed_size(&Ty::parse("Perm").unwrap()), Some(1));
}

type Seen = Vec<String>;

#[host_fn(module = "env")]
fn perms(seen: &mut Seen, p: Flags<Perm>) {
    seen.push(format!("{p:?}"));
}

#[plugin_export]
pub trait Run {
    fn run();
}

#[plugin_export]
pub trait Granted {
    fn granted() -> Flags<Month>;
}

/// A hand-written plugin whose `run` passes `perms` the core value `arg`
/// and whose `granted` returns `result`.
fn hostile(arg: i64, result: i64) -> (Store<Seen>, Plugin) {
    let module = wat_module(&format!(
        r#"(module
            (import "env" "perms" (func $perms (param i64 i64)))
            (memory (export "memory") 1)
            (func (export "run") (call $perms (i64.const {arg}) (i64.const 0)))
            (func (export "granted") (result i64) (i64.const {result})))"#
    ));
    let mut linker = Linker::new(engine());
    wasmbind::add_to_linker!(&mut linker, |seen: &mut Seen| seen, [perms]).unwrap();
    let mut store = Store::new(engine(), Seen::new());
    let plugin = Plugin::instantiate(&mut store, Instantiate::new(&linker, &module).named("hostile")).unwrap();
    (store, plugin)
}

#[test]
fn a_plugin_sending_unnamed_bits_gets_an_error_naming_them() {
    let (mut store, plugin) = hostile(0b011, 0x0fff);
    RunPlugin::new(&mut store, plugin.clone()).unwrap().run(&mut store).unwrap();
    assert_eq!(store.data().as_slice(), ["Flags(Read | Write)"]);
    assert_eq!(GrantedPlugin::new(&mut store, plugin).unwrap().granted(&mut store).unwrap(), Flags::all());

    for (arg, why) in [
        (0b1000, "flags 0x8 set a bit that names no flag of Perm"),
        (0x100, "non-zero bytes above the 1-byte value in its i64 (they must be zero)"),
    ] {
        let (mut store, plugin) = hostile(arg, 0);
        let err = RunPlugin::new(&mut store, plugin).unwrap().run(&mut store).unwrap_err();
        assert_eq!(err.to_string(), format!("plugin hostile: env::perms: argument p: {why}"));
        assert!(store.data().is_empty(), "the host function did not run");
    }
    let (mut store, plugin) = hostile(0, 0x1000);
    let err = GrantedPlugin::new(&mut store, plugin).unwrap().granted(&mut store).unwrap_err();
    assert_eq!(err.to_string(), "plugin hostile: granted: result: flags 0x1000 set a bit that names no flag of Month");
}

/// The host's side of [`Sets`]: `check` records the set and takes `Exec` out.
#[host_fn(module = "guard")]
pub trait Guard {
    fn check(&mut self, wanted: Flags<Perm>) -> Flags<Perm>;
}

impl Guard for Seen {
    fn check(&mut self, wanted: Flags<Perm>) -> Flags<Perm> {
        self.push(format!("{wanted:?}"));
        wanted - Perm::Exec
    }
}

#[plugin_export]
pub trait Sets {
    /// What `guard::check` allows of `wanted`, and `Read`.
    fn grant(wanted: Flags<Perm>) -> Flags<Perm>;
}

/// [`Sets`] as an in-process plugin.
pub struct Native;

#[plugin_export]
impl Sets for Native {
    fn grant(wanted: Flags<Perm>) -> Flags<Perm> {
        guard::check(wanted) | Perm::Read
    }
}

#[test]
fn sets_cross_an_in_process_plugin_both_ways() {
    let mut linker = Linker::new(engine());
    guard::add_to_linker(&mut linker, |seen: &mut Seen| seen).unwrap();
    let sets = SetsPlugin::in_process::<Native, _>(&linker);
    let mut store = Store::new(engine(), Seen::new());
    assert_eq!(sets.grant(&mut store, Flags::all()).unwrap(), Perm::Read | Perm::Write);
    assert_eq!(sets.grant(&mut store, Flags::empty()).unwrap(), Flags::from(Perm::Read));
    assert_eq!(store.data().as_slice(), ["Flags(Read | Write | Exec)", "Flags()"]);
}
