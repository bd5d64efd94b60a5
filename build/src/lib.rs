//! Building plugin crates: what examples, tests and tools use to turn a
//! workspace plugin into a `.wasm`. Not part of a host's runtime API.

#![warn(missing_docs)]

mod c_header;
mod name;
mod py;
mod ts;

pub use c_header::{c_code, c_header};
pub use name::name_module;
pub use py::python_stub;
pub use ts::ts_declarations;

use std::path::{Path, PathBuf};
use std::process::Command;

/// The profile plugins build with, defined on the command line
/// ([`PROFILE_SETTINGS`]) so a workspace needs nothing in its Cargo.toml.
pub const PROFILE: &str = "wasmbind-plugin";

/// The settings of [`PROFILE`]: the release profile, built for size, with
/// one codegen unit, LTO, no symbols and `panic = "abort"` (a plugin
/// cannot unwind into its host). A workspace's own `[profile.wasmbind-plugin]`
/// is overridden key by key.
pub const PROFILE_SETTINGS: [(&str, &str); 6] = [
    ("inherits", "\"release\""),
    ("opt-level", "\"s\""),
    ("lto", "true"),
    ("codegen-units", "1"),
    ("strip", "true"),
    ("panic", "\"abort\""),
];

/// The profile of a debug build ([`Build::debug`]): the dev profile,
/// defined on the command line like [`PROFILE`].
pub const DEBUG_PROFILE: &str = "wasmbind-plugin-debug";

/// The targets a plugin builds for: without WASI, and with WASI preview 1
/// (a plugin that prints, reads the clock or the environment).
pub const TARGETS: [&str; 2] = ["wasm32-unknown-unknown", "wasm32-wasip1"];

/// Builds the `cdylib` package `package` of the workspace at `workspace`
/// for `target` (one of [`TARGETS`]) with the [`PROFILE`] profile, and
/// returns the path of its `.wasm`: [`Build`] with its defaults. Any
/// workspace will do: the profile is given on the command line.
///
/// ```no_run
/// let wasm = wasmbind_build::build_plugin("my-workspace".as_ref(), "my-plugin", "wasm32-unknown-unknown")?;
/// assert!(wasm.ends_with("wasm32-unknown-unknown/wasmbind-plugin/my_plugin.wasm"));
/// # Ok::<(), String>(())
/// ```
pub fn build_plugin(workspace: &Path, package: &str, target: &str) -> Result<PathBuf, String> {
    Build::new(workspace, package).target(target).run()
}

/// One plugin build: a package of a workspace, a target, a profile.
///
/// Plugins build into `plugins/` of the target directory ([`plugins_dir`]:
/// `$CARGO_TARGET_DIR/plugins` when that is set, else the workspace's
/// `target/plugins`), apart from the host's own build, so a build started
/// from inside `cargo test` or `cargo run` does not wait on its lock. A
/// missing target is installed with `rustup target add` first.
///
/// `RUSTFLAGS` and `CARGO_ENCODED_RUSTFLAGS` are not passed on: flags meant
/// for the host (`-C target-cpu=native`) do not apply to wasm. Set a
/// plugin's flags in `target.wasm32-unknown-unknown.rustflags` of a
/// `.cargo/config.toml` instead. Unless [`Build::progress`] shows cargo's
/// own output, the build says on stderr which plugin it builds, where, and
/// how long it took (a first build compiles the plugin's dependencies).
///
/// The `.wasm` is given the package's name as its module name (the name a
/// host's errors call the plugin by, unless it names it), and exports its
/// shadow-stack pointer (the linker argument
/// [`STACK_LINK_ARG`](wasmbind_shared::STACK_LINK_ARG), added to the
/// target's `rustflags`), so the host can restore it after a trap.
///
/// ```no_run
/// use wasmbind_build::Build;
/// let wasm = Build::new("my-workspace".as_ref(), "my-plugin").target("wasm32-wasip1").debug().progress().run()?;
/// assert!(wasm.ends_with("wasm32-wasip1/wasmbind-plugin-debug/my_plugin.wasm"));
/// # Ok::<(), String>(())
/// ```
#[derive(Clone, Debug)]
pub struct Build<'a> {
    workspace: &'a Path,
    package: &'a str,
    target_dir: Option<&'a Path>,
    lib: Option<&'a str>,
    target: &'a str,
    debug: bool,
    progress: bool,
}

impl<'a> Build<'a> {
    /// A release build of `package` in the workspace at `workspace`, for
    /// `wasm32-unknown-unknown`, without cargo's progress output.
    pub fn new(workspace: &'a Path, package: &'a str) -> Self {
        Self { workspace, package, target_dir: None, lib: None, target: TARGETS[0], debug: false, progress: false }
    }

    /// Builds for `target` (one of [`TARGETS`]).
    pub fn target(mut self, target: &'a str) -> Self {
        self.target = target;
        self
    }

    /// Builds with [`DEBUG_PROFILE`] (unoptimized, with debug info) instead
    /// of [`PROFILE`].
    pub fn debug(mut self) -> Self {
        self.debug = true;
        self
    }

    /// Shows cargo's own progress and warnings (quiet otherwise).
    pub fn progress(mut self) -> Self {
        self.progress = true;
        self
    }

    /// Builds into `dir` instead of [`plugins_dir`]`(workspace)`: to share
    /// another workspace's compiled dependencies.
    pub fn target_dir(mut self, dir: &'a Path) -> Self {
        self.target_dir = Some(dir);
        self
    }

    /// The name of the package's library target, when it is not the
    /// package's name (a `[lib] name = ..`): it names the `.wasm`.
    pub fn lib(mut self, name: &'a str) -> Self {
        self.lib = Some(name);
        self
    }

    /// The profile this build uses.
    pub fn profile(&self) -> &'static str {
        if self.debug { DEBUG_PROFILE } else { PROFILE }
    }

    /// Runs cargo and returns the path of the `.wasm`.
    pub fn run(self) -> Result<PathBuf, String> {
        let Self { workspace, package, target, .. } = self;
        ensure_target(target)?;
        let profile = self.profile();
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let target_dir = self.target_dir.map_or_else(|| plugins_dir(workspace), Path::to_path_buf);
        let link_arg = wasmbind_shared::STACK_LINK_ARG;
        let mut command = Command::new(cargo);
        command.current_dir(workspace).args(["build", "--package", package, "--target", target, "--profile", profile]);
        let started = std::time::Instant::now();
        if !self.progress {
            command.arg("--quiet");
            eprintln!("wasmbind: building plugin {package} for {target} into {}", target_dir.display());
        }
        command.arg("--config").arg(format!(r#"target.{target}.rustflags=["-C", "link-arg={link_arg}"]"#));
        let settings: &[(&str, &str)] = if self.debug { &[("inherits", "\"dev\"")] } else { &PROFILE_SETTINGS };
        for (key, value) in settings {
            command.arg("--config").arg(format!("profile.{profile}.{key}={value}"));
        }
        let status = command
            .arg("--target-dir")
            .arg(&target_dir)
            .env_remove("CARGO_TARGET_DIR")
            .env_remove("RUSTFLAGS")
            .env_remove("CARGO_ENCODED_RUSTFLAGS")
            .status()
            .map_err(|e| format!("cannot run cargo to build plugin {package}: {e}"))?;
        if !status.success() {
            return Err(format!("building plugin {package} for {target} failed ({status})"));
        }
        if !self.progress {
            eprintln!("wasmbind: built plugin {package} in {:.1}s", started.elapsed().as_secs_f64());
        }
        let lib = self.lib.map_or_else(|| package.replace('-', "_"), str::to_owned);
        let wasm = target_dir.join(target).join(profile).join(format!("{lib}.wasm"));
        name_file(&wasm, package)?;
        Ok(wasm)
    }
}

/// Where [`Build`] writes plugins of the workspace at `workspace`:
/// `$CARGO_TARGET_DIR/plugins` when `CARGO_TARGET_DIR` is set (a relative
/// one from the current directory, as cargo reads it), else
/// `{workspace}/target/plugins`.
///
/// ```
/// # if std::env::var_os("CARGO_TARGET_DIR").is_none() {
/// let dir = wasmbind_build::plugins_dir("my-workspace".as_ref());
/// assert_eq!(dir, std::path::Path::new("my-workspace/target/plugins"));
/// # }
/// ```
pub fn plugins_dir(workspace: &Path) -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR").filter(|dir| !dir.is_empty()) {
        Some(dir) => {
            let dir = PathBuf::from(dir);
            let dir = match dir.is_relative() {
                true => std::env::current_dir().map_or(dir.clone(), |cwd| cwd.join(&dir)),
                false => dir,
            };
            dir.join("plugins")
        }
        None => workspace.join("target").join("plugins"),
    }
}

/// Gives the module at `path` the name `package` ([`name_module`]) unless
/// it has one, writing a new file so cargo's hard link to its own copy is
/// not changed.
fn name_file(path: &Path, package: &str) -> Result<(), String> {
    let failed = |e: &dyn std::fmt::Display| format!("cannot name plugin {}: {e}", path.display());
    let wasm = std::fs::read(path).map_err(|e| failed(&e))?;
    if let Some(named) = name_module(&wasm, package).map_err(|e| failed(&e))? {
        // One temporary file per thread: tests build one plugin from many.
        let thread = format!("{:?}", std::thread::current().id()).replace(|c: char| !c.is_ascii_digit(), "");
        let temporary = path.with_extension(format!("wasm.{}-{thread}", std::process::id()));
        std::fs::write(&temporary, named).map_err(|e| failed(&e))?;
        std::fs::rename(&temporary, path).map_err(|e| failed(&e))?;
    }
    Ok(())
}

/// Installs `target` with rustup when the toolchain lacks its standard library
/// (what [`build_plugin`] does first).
pub fn ensure_target(target: &str) -> Result<(), String> {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let libdir = Command::new(rustc)
        .args(["--print", "target-libdir", "--target", target])
        .output()
        .map_err(|e| format!("cannot run rustc: {e}"))?;
    let libdir = String::from_utf8_lossy(&libdir.stdout);
    if Path::new(libdir.trim()).is_dir() {
        return Ok(());
    }
    eprintln!("installing the {target} target: rustup target add {target}");
    let status = Command::new("rustup")
        .args(["target", "add", target])
        .status()
        .map_err(|e| format!("the {target} target is missing and rustup could not run ({e}): install it"))?;
    if status.success() { Ok(()) } else { Err(format!("`rustup target add {target}` failed ({status})")) }
}
