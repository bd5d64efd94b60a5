//! Runs text through a pipeline of plugins — `redact`, then `markdown` —
//! which implement the same `Transform` trait and share the host's
//! `Pipeline` functions.
//!
//! `cargo run -p textpipe` builds both plugins and processes a sample;
//! `cargo run -p textpipe -- FILE` processes a file.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use wasmbind::host::Handle;

use textpipe_api::{Pipeline, TransformPlugin, pipeline};
use wasmbind::Linker;
use wasmbind::wasmtime::{Engine, Module, Store};

const SAMPLE: &str = "# Incident *42*
Contact ops@example.com or call 5551234567 about the **outage**.
secret: the root password is hunter2
Use `grep <pattern> & sort` to search.";

/// The host's state, shared by every stage.
#[derive(Default)]
struct Host {
    settings: HashMap<String, String>,
    counters: BTreeMap<String, u64>,
}

impl Pipeline for Host {
    fn setting(&self, key: &str) -> Option<String> {
        self.settings.get(key).cloned()
    }

    fn count(&mut self, counter: &str, by: u64) {
        *self.counters.entry(counter.to_owned()).or_default() += by;
    }
}

/// One loaded stage.
struct Stage {
    name: String,
    plugin: TransformPlugin,
}

/// Builds and loads the stage plugins, in order.
fn load(
    engine: &Engine,
    store: &mut Store<Host>,
    linker: &Linker<Host>,
) -> Result<Vec<Stage>, Box<dyn std::error::Error>> {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../..");
    let mut stages = Vec::new();
    for package in ["textpipe-redact", "textpipe-markdown"] {
        let wasm = wasmbind_build::build_plugin(&workspace, package, "wasm32-unknown-unknown")?;
        let module = Module::from_file(engine, wasm)?;
        let plugin = TransformPlugin::instantiate(&mut *store, (linker, &module))?;
        stages.push(Stage { name: plugin.name(&mut *store)?, plugin });
    }
    Ok(stages)
}

/// Runs every line through every stage; returns the output lines.
fn run(text: &str, stages: &[Stage], store: &mut Store<Host>) -> Result<Vec<String>, wasmbind::host::Error> {
    let mut out = Vec::new();
    'lines: for line in text.lines() {
        let mut line = line.to_owned();
        for stage in stages {
            let outcome = stage.plugin.apply(&mut *store, &line)?;
            match outcome.line {
                Some(next) => line = next,
                None => {
                    println!("   [{}] dropped a line", stage.name);
                    continue 'lines;
                }
            }
        }
        out.push(line);
    }
    Ok(out)
}

fn pipeline_with_settings() -> Result<(Store<Host>, Vec<Stage>), Box<dyn std::error::Error>> {
    let engine = Engine::new(&wasmbind::host::config())?;
    let mut linker = Linker::new(&engine);
    pipeline::add_to_linker(&mut linker, |host: &mut Host| host)?;
    let host = Host { settings: HashMap::from([("mask".into(), "#".into())]), ..Host::default() };
    let mut store = Store::new(&engine, host);
    let stages = load(&engine, &mut store, &linker)?;
    Ok((store, stages))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let text = match std::env::args().nth(1) {
        Some(path) => std::fs::read_to_string(path)?,
        None => SAMPLE.to_owned(),
    };
    let (mut store, stages) = pipeline_with_settings()?;
    let names: Vec<_> = stages.iter().map(|s| s.name.as_str()).collect();
    println!("stages: {}\n", names.join(" -> "));
    for line in run(&text, &stages, &mut store)? {
        println!("{line}");
    }
    println!("\ncounters: {:?}", store.data().counters);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_plugins_one_api() {
        let (mut store, stages) = pipeline_with_settings().unwrap();
        assert_eq!(stages.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), ["redact", "markdown"]);
        let out = run(SAMPLE, &stages, &mut store).unwrap();
        assert_eq!(
            out,
            [
                "<h1>Incident <em>42</em></h1>",
                "Contact ############### or call ########## about the <strong>outage</strong>.",
                "Use <code>grep &lt;pattern&gt; &amp; sort</code> to search.",
            ]
        );
        let counters: Vec<_> = store.data().counters.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        assert_eq!(counters, [("dropped", 1), ("masked", 2), ("rendered", 3)]);
    }
}
