//! `new NAME`: a workspace with an API crate, a plugin (with a native unit
//! test) and a host that builds the plugin, loads it and calls it.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::status::status;

/// `(path, contents)` with `%NAME%` (the prefix, `my-app`), `%CRATE%`
/// (`my_app`) and `%WASMBIND%` / `%WASMBIND_BUILD%` (dependency specs).
const FILES: [(&str, &str); 9] = [
    ("Cargo.toml", "[workspace]\nresolver = \"3\"\nmembers = [\"api\", \"plugin\", \"host\"]\n"),
    (".gitignore", "/target\n"),
    (
        "README.md",
        "# %NAME%\n\nA host and a plugin, made with `cargo wasmbind new`.\n\n\
         - `api/`: what they agree on: the plugin's exports (`Greeter`) and the host's functions (`Env`);\n\
         - `plugin/`: the plugin, built to wasm; `cargo test -p %NAME%-plugin` tests it natively;\n\
         - `host/`: builds the plugin, loads it and calls it.\n\n\
         ```sh\ncargo run -p %NAME%-host                        # build the plugin, load it, call it\n\
         cargo test --workspace                          # the plugin's unit tests, natively\n\
         cargo wasmbind build -p %NAME%-plugin --release # the .wasm alone\n```\n",
    ),
    (
        "api/Cargo.toml",
        "[package]\nname = \"%NAME%-api\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[dependencies]\nwasmbind = %WASMBIND%\n",
    ),
    (
        "api/src/lib.rs",
        r#"//! What the host and the plugin agree on, declared once.

use wasmbind::{host_fn, plugin_export};

/// What the plugin exports; the host calls it through `GreeterPlugin`.
#[plugin_export]
pub trait Greeter {
    /// A greeting for `name`.
    fn greet(name: &str) -> String;
}

/// What the host offers the plugin (import module `env`); the plugin
/// calls `env::log(..)`.
#[host_fn(module = "env")]
pub trait Env {
    /// Writes a line to the host's log.
    fn log(&mut self, line: &str);
}
"#,
    ),
    (
        "plugin/Cargo.toml",
        "[package]\nname = \"%NAME%-plugin\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n\
         [lib]\ncrate-type = [\"cdylib\", \"rlib\"]\n\n\
         [dependencies]\nwasmbind = %WASMBIND%\n%NAME%-api = { path = \"../api\" }\n",
    ),
    (
        "plugin/src/lib.rs",
        r#"//! The plugin: built to wasm for the host, and natively for its tests.

use %CRATE%_api::{Greeter, env};
use wasmbind::plugin_export;

pub struct Plugin;

#[plugin_export]
impl Greeter for Plugin {
    fn greet(name: &str) -> String {
        env::log(&format!("greeting {name}"));
        format!("Hello, {name}!")
    }
}

/// Native tests: `env::with_host` answers the plugin's calls to the host.
#[cfg(test)]
mod tests {
    use super::*;
    use %CRATE%_api::Env;

    #[derive(Default)]
    struct MockEnv {
        lines: Vec<String>,
    }

    impl Env for MockEnv {
        fn log(&mut self, line: &str) {
            self.lines.push(line.to_owned());
        }
    }

    #[test]
    fn greets_and_logs() {
        let mut host = MockEnv::default();
        assert_eq!(env::with_host(&mut host, || Plugin::greet("Ada")), "Hello, Ada!");
        assert_eq!(host.lines, ["greeting Ada"]);
    }
}
"#,
    ),
    (
        "host/Cargo.toml",
        "[package]\nname = \"%NAME%-host\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n\
         [dependencies]\nwasmbind = %WASMBIND%\nwasmbind-build = %WASMBIND_BUILD%\n%NAME%-api = { path = \"../api\" }\n",
    ),
    (
        "host/src/main.rs",
        r#"//! The host: builds the plugin (or takes a .wasm path), loads it, calls it.

use std::path::Path;
use std::process::ExitCode;

use %CRATE%_api::{Env, GreeterPlugin, env};
use wasmbind::Linker;
use wasmbind::host::Handle;
use wasmbind::wasmtime::{Engine, Module, Store};

/// The host's state, which the plugin's `env::log` reaches.
#[derive(Default)]
struct Host {
    log: Vec<String>,
}

impl Env for Host {
    fn log(&mut self, line: &str) {
        println!("plugin: {line}");
        self.log.push(line.to_owned());
    }
}

/// Runs the host, printing an error as its message (`Display`: one line
/// naming the plugin and what went wrong), not its `Debug` form.
fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let wasm = match std::env::args_os().nth(1) {
        Some(path) => path.into(),
        None => {
            let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
            wasmbind_build::build_plugin(&workspace, "%NAME%-plugin", "wasm32-unknown-unknown")?
        }
    };
    let engine = Engine::new(&wasmbind::host::config())?;
    let module = Module::from_file(&engine, &wasm)?;
    let mut linker = Linker::new(&engine);
    env::add_to_linker(&mut linker, |host: &mut Host| host)?;

    let mut store = Store::new(&engine, Host::default());
    let greeter = GreeterPlugin::instantiate(&mut store, (&linker, &module))?;
    let greeting = greeter.greet(&mut store, "world")?;
    println!("{greeting}");
    assert_eq!(store.data().log, ["greeting world"]);
    Ok(())
}
"#,
    ),
];

/// A crate-name prefix: ASCII letters, digits, `-` and `_`, starting with a letter.
fn valid(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// The wasmbind checkout this tool was built from, if it is still there.
fn own_checkout() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent()?;
    root.join("runtime/Cargo.toml").is_file().then(|| root.to_owned())
}

pub fn run(path: &str, wasmbind_path: Option<PathBuf>) -> Result<ExitCode, String> {
    let dir = Path::new(path);
    let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    if !valid(name) {
        return Err(format!(
            "`{name}` cannot name crates: use ASCII letters, digits, `-` and `_`, starting with a letter"
        ));
    }
    if dir.exists() {
        return Err(format!("destination `{}` already exists", dir.display()));
    }
    let (wasmbind, wasmbind_build) = match wasmbind_path.or_else(own_checkout) {
        Some(root) => {
            let root = root.canonicalize().map_err(|e| format!("cannot find {}: {e}", root.display()))?;
            if !root.join("runtime/Cargo.toml").is_file() {
                return Err(format!("{} is not a wasmbind checkout (no runtime/Cargo.toml)", root.display()));
            }
            let path = |dir: &str| format!("{:?}", root.join(dir).display().to_string());
            (
                format!("{{ path = {}, default-features = false }}", path("runtime")),
                format!("{{ path = {} }}", path("build")),
            )
        }
        None => {
            let version = env!("CARGO_PKG_VERSION");
            (format!("{{ version = \"{version}\", default-features = false }}"), format!("\"{version}\""))
        }
    };
    let krate = name.replace('-', "_");
    for (file, template) in FILES {
        let text = template
            .replace("%NAME%", name)
            .replace("%CRATE%", &krate)
            .replace("%WASMBIND_BUILD%", &wasmbind_build)
            .replace("%WASMBIND%", &wasmbind);
        let file = dir.join(file);
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&file, text).map_err(|e| format!("cannot write {}: {e}", file.display()))?;
    }
    status("Created", &format!("`{name}`: crates {name}-api, {name}-plugin and {name}-host"));
    eprintln!("{:>12} cd {} && cargo run -p {name}-host", "", dir.display());
    Ok(ExitCode::SUCCESS)
}
