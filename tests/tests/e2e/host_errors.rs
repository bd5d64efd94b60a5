//! A host function's failure, chosen by its signature: `Result<T, E>` with a
//! wire type `E` reaches the plugin as a value; `Result<T, wasmbind::Trap>`
//! stops the plugin and reaches the host caller with the message.

use wasmbind::host::{ErrorKind, error::HostTrap};
use wasmbind_tests::kitchen;

#[test]
fn a_typed_host_error_reaches_the_plugin_as_a_value() {
    let (mut store, plugin) = kitchen::instantiate();
    assert_eq!(plugin.try_divide(&mut store, 7, 2).unwrap(), "ok 3");
    assert_eq!(plugin.try_divide(&mut store, 7, 0).unwrap(), "handled: cannot divide 7 by zero");
    assert_eq!(store.data().0, ["(7, 2)", "(7, 0)"]);
}

#[test]
fn a_trap_stops_the_plugin_and_reaches_the_caller_with_its_message() {
    let (mut store, plugin) = kitchen::instantiate();
    assert_eq!(plugin.checked(&mut store, 41).unwrap(), 42);
    let err = plugin.checked(&mut store, 0).unwrap_err();
    let ErrorKind::HostTrap { plugin: name, function, trap } = err.kind() else {
        panic!("expected a host trap, got {err:?}");
    };
    assert_eq!((&**name, &**function), ("kitchen-plugin", "checked"));
    assert_eq!(trap, &HostTrap { function: "kitchen::h_checked".into(), message: "v must not be 0".into() });
    assert_eq!(
        err.to_string(),
        "plugin kitchen-plugin: checked: host function kitchen::h_checked stopped the plugin: v must not be 0"
    );
    // Had the plugin resumed with the `Err`, `checked` would have returned a value.
    assert_eq!(store.data().0, ["41", "0"]);
    assert_eq!(plugin.checked(&mut store, 1).unwrap(), 2, "the plugin is usable after the trap");
}

#[test]
fn unit_results_cross_both_ways() {
    let (mut store, plugin) = kitchen::instantiate();
    assert_eq!(plugin.set(&mut store, "k", b"v").unwrap(), Ok(()));
    assert_eq!(plugin.set(&mut store, "", b"v").unwrap(), Err("empty key".to_owned()));
    assert_eq!(plugin.set(&mut store, "k", b"123456789").unwrap(), Err("host refused: 9 bytes is too long".to_owned()));
    assert_eq!(store.data().0, [r#"("k", [118])"#, r#"("k", [49, 50, 51, 52, 53, 54, 55, 56, 57])"#]);
    assert_eq!(plugin.unit_flag(&mut store, true).unwrap(), Some(()));
    assert_eq!(plugin.unit_flag(&mut store, false).unwrap(), None);
}
