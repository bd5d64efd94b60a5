//! `cargo wasmbind`: builds wasmbind plugins, inspects and checks their
//! interfaces without running them, and scaffolds a new plugin system.
//!
//! ```text
//! cargo install --path cli          # from a wasmbind checkout
//! cargo wasmbind new greeter        # an API crate, a plugin and a host
//! cd greeter && cargo run -p greeter-host
//! cargo wasmbind build -p greeter-plugin
//! cargo wasmbind inspect target/plugins/wasm32-unknown-unknown/wasmbind-plugin/greeter_plugin.wasm
//! cargo wasmbind check plugin.wasm --api api/   # against an API crate
//! cargo wasmbind check new.wasm --against old.wasm
//! cargo wasmbind bindgen --lang ts plugin.wasm -o plugin.d.ts
//! ```
//!
//! Exit codes: 0 on success, 1 when `check` finds differences, 2 on any
//! other error (a usage error, an unreadable file, a failed build).

mod api;
mod build;
mod interface;
mod scaffold;
mod status;
mod wasm;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Invoked as `cargo wasmbind ..`, cargo passes `wasmbind` as the first
/// argument; invoked as `cargo-wasmbind ..` it is absent.
#[derive(Parser)]
#[command(name = "cargo wasmbind", bin_name = "cargo wasmbind", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build a plugin crate to .wasm and print its path and size.
    ///
    /// The target is wasm32-unknown-unknown, or wasm32-wasip1 for a package
    /// with `[package.metadata.wasmbind] wasi = true`; the release build
    /// is optimized for size with settings given on cargo's command line,
    /// so the workspace's Cargo.toml needs nothing.
    Build {
        /// The plugin package (default: the package in the current directory).
        #[arg(short, long, value_name = "PKG")]
        package: Option<String>,
        /// Optimize for size (the `wasmbind-plugin` profile); a debug build otherwise.
        #[arg(long)]
        release: bool,
        /// Build for this target instead of the package's.
        #[arg(long, value_parser = wasmbind_build::TARGETS)]
        target: Option<String>,
        /// The workspace or package manifest.
        #[arg(long, value_name = "PATH")]
        manifest_path: Option<PathBuf>,
    },
    /// Show a plugin's ABI version, exports and imports with their Rust
    /// signatures, read from its interface records without running it.
    Inspect {
        /// The plugin's .wasm.
        wasm: PathBuf,
        /// Print JSON instead of text.
        #[arg(long, conflicts_with = "records")]
        json: bool,
        /// Print only the interface records, the API description `check --against` reads.
        #[arg(long)]
        records: bool,
    },
    /// Compare a plugin's interface with another plugin's or an API
    /// description's, as a host does at load time; exit code 1 on any difference.
    Check {
        /// The plugin's .wasm.
        wasm: PathBuf,
        /// A plugin built against the expected API, or the records `inspect --records` printed.
        #[arg(long, value_name = "FILE", required_unless_present = "api", conflicts_with = "api")]
        against: Option<PathBuf>,
        /// The API crate (its directory or Cargo.toml) whose declarations the plugin must match:
        /// its records are read from a small module built against it, not from a plugin.
        #[arg(long, value_name = "CRATE")]
        api: Option<PathBuf>,
    },
    /// Write a C header for a plugin's interface, from its records: its
    /// structs and enums laid out as their wire bodies, every function's
    /// core signature and the records, for C and C++ hosts; and, with
    /// `WASMBIND_PLUGIN` defined, the prototypes and records a C plugin of
    /// the same interface needs.
    Header {
        /// The plugin's .wasm.
        wasm: PathBuf,
        /// Write the header here instead of to standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Write bindings for a host in another language from a plugin's
    /// records: `--lang ts`, a TypeScript declarations file (`.d.ts`) for a
    /// host on the `wasmbind` TypeScript package (`load<Exports>(..)`);
    /// `--lang python`, a stub (`.pyi`) for a host on the Python package.
    Bindgen {
        /// The plugin's .wasm.
        wasm: PathBuf,
        /// The language.
        #[arg(long, value_parser = ["ts", "python"])]
        lang: String,
        /// Write the bindings here instead of to standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Create a workspace with an API crate, a plugin and a host that build and run.
    New {
        /// The new workspace's directory and crate-name prefix.
        name: String,
        /// Use the wasmbind crates from this checkout (default: the one
        /// this tool was built from, if it is still there; else crates.io).
        #[arg(long, value_name = "DIR")]
        wasmbind_path: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let mut args: Vec<_> = std::env::args_os().collect();
    if args.get(1).is_some_and(|a| a == "wasmbind") {
        args.remove(1);
    }
    let result = match Cli::parse_from(args).command {
        Command::Build { package, release, target, manifest_path } => {
            build::run(package.as_deref(), release, target.as_deref(), manifest_path.as_deref())
        }
        Command::Inspect { wasm, json, records } => interface::inspect(&wasm, json, records),
        Command::Check { wasm, against, api } => match (&against, &api) {
            (Some(against), _) => interface::check(&wasm, interface::Expected::Against(against)),
            (None, Some(api)) => interface::check(&wasm, interface::Expected::Api(api)),
            (None, None) => Err("check needs --against FILE or --api CRATE".to_owned()),
        },
        Command::Header { wasm, output } => interface::header(&wasm, output.as_deref()),
        Command::Bindgen { wasm, lang, output } => interface::bindgen(&wasm, &lang, output.as_deref()),
        Command::New { name, wasmbind_path } => scaffold::run(&name, wasmbind_path),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            status::error(&message);
            ExitCode::from(2)
        }
    }
}
