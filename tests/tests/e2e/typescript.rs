//! The TypeScript package (`ts/`), compiled with `tsc` (strict) and run by
//! Node's test runner against `docs/vectors.json` and the tour plugin
//! (built here, to `wasm32-wasip1`). Node is installed with
//! apt-get when missing; TypeScript and Node's type definitions come from
//! npm at the versions `ts/package-lock.json` pins, into `ts/node_modules`
//! (once; again when the lock file changes).

use std::fs;
use std::path::Path;
use std::process::Command;

use wasmbind_tests::run;

/// Node and npm, installed from Debian's packages when missing.
fn node() {
    let present = |tool: &str| Command::new(tool).arg("--version").output().is_ok_and(|o| o.status.success());
    if present("node") && present("npm") {
        return;
    }
    let root = Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0\n"));
    let mut install = if root { Command::new("apt-get") } else { Command::new("sudo") };
    if !root {
        install.args(["-n", "apt-get"]);
    }
    let status = install.args(["install", "-y", "-q", "nodejs", "npm"]).status();
    assert!(
        status.is_ok_and(|s| s.success()),
        "node and npm are missing and apt-get could not install them: install them"
    );
}

/// `ts/node_modules` with the pinned packages.
fn packages(ts: &Path) {
    let lock = fs::read_to_string(ts.join("package-lock.json")).expect("ts/package-lock.json");
    let stamp = ts.join("node_modules/.installed-lock.json");
    if fs::read_to_string(&stamp).ok().as_deref() != Some(lock.as_str()) {
        run(Command::new("npm").args(["ci", "--no-audit", "--no-fund", "--loglevel=error"]).current_dir(ts));
        fs::write(&stamp, &lock).expect("write the packages' stamp");
    }
}

#[test]
fn the_typescript_package_compiles_strictly_and_hosts_the_tour_plugin_in_node() {
    node();
    let root = wasmbind_tests::workspace();
    let ts = root.join("ts");
    packages(&ts);
    run(Command::new("node").arg(ts.join("node_modules/typescript/bin/tsc")).args(["-p"]).arg(&ts));
    let tour = wasmbind_tests::plugin_wasm("tour-plugin", "wasm32-wasip1");
    let output = run(Command::new("node")
        .arg("--test")
        .arg(root.join("target/ts/test/"))
        .current_dir(&ts)
        .env("WASMBIND_TOUR_WASM", tour));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let count = |what: &str| {
        stdout
            .lines()
            .find_map(|line| line.strip_prefix(&format!("# {what} ")))
            .and_then(|n| n.trim().parse::<u32>().ok())
    };
    // Every vector and every tour test ran and passed: none skipped.
    assert_eq!((count("fail"), count("skipped")), (Some(0), Some(0)), "{stdout}");
    assert!(count("pass").is_some_and(|n| n > 110), "{stdout}");
}
