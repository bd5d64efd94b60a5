//! The asyncio example: a tokio host serving many requests at once, each
//! handled by its own instance of one compiled plugin, whose host functions
//! await real I/O (`tokio::fs`, `tokio::time`) while the plugin waits.
//!
//! `cargo run -p asyncio` writes 24 input files, serves one request per file
//! concurrently on a 2-thread runtime (plus two that must fail), and prints a
//! transcript checked against the host's own counts. `cargo run -p asyncio
//! -- 1000` serves 1,000 requests and prints only the summary.

use std::path::{Path, PathBuf};
use std::time::Duration;

use asyncio_api::{Files, HandlerPlugin, Request, Summary, files};
use wasmbind::Linker;
use wasmbind::host::{Handle, InstancePre};
use wasmbind::wasmtime::{Engine, Module, Store};

type Failure = Box<dyn std::error::Error + Send + Sync>;

/// Fuel one request may burn, and how often the plugin yields to the
/// executor while it computes.
const FUEL: u64 = 50_000_000;
const YIELD_EVERY: u64 = 100_000;

/// One request's host state: the data directory and its log.
struct Host {
    dir: PathBuf,
    log: Vec<String>,
}

impl Host {
    /// A file of the data directory: plugins name files, never paths.
    fn path(&self, name: &str) -> Result<PathBuf, String> {
        let plain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
        match !name.is_empty() && name.len() <= 64 && !name.starts_with('.') && name.chars().all(plain) {
            true => Ok(self.dir.join(name)),
            false => Err(format!("{name:?}: not a file name of the data directory")),
        }
    }
}

impl Files for Host {
    async fn read(&mut self, name: &str) -> Result<String, String> {
        let path = self.path(name)?;
        tokio::fs::read_to_string(path).await.map_err(|e| format!("{name}: {e}"))
    }

    async fn write(&mut self, name: &str, text: String) -> Result<u32, String> {
        let path = self.path(name)?;
        tokio::fs::write(path, &text).await.map_err(|e| format!("{name}: {e}"))?;
        Ok(text.len() as u32)
    }

    async fn sleep(&mut self, ms: u32) {
        tokio::time::sleep(Duration::from_millis(ms.min(1_000).into())).await;
    }

    fn log(&mut self, line: &str) {
        self.log.push(line.to_owned());
    }
}

/// The engine: fuel metered, so every request has a budget and yields.
fn engine() -> Result<Engine, Failure> {
    let mut config = wasmbind::host::config();
    config.consume_fuel(true);
    Ok(Engine::new(&config)?)
}

fn plugin_module(engine: &Engine) -> Result<Module, Failure> {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../..");
    let wasm = wasmbind_build::build_plugin(&workspace, "asyncio-plugin", "wasm32-unknown-unknown")?;
    Ok(Module::from_file(engine, wasm)?)
}

/// The plugin with its imports resolved once, for an instance per request.
fn prepare(engine: &Engine, module: &Module) -> Result<InstancePre<Host>, Failure> {
    let mut linker = Linker::new(engine);
    files::add_to_linker_async(&mut linker, |host: &mut Host| host)?;
    Ok(linker.instantiate_pre(module, "summariser")?)
}

/// What one request came to: the plugin's answer and the host's log.
#[derive(Debug)]
struct Outcome {
    request: Request,
    answer: Result<Summary, String>,
    log: Vec<String>,
}

/// Handles `request` in a new store and instance of `pre`.
async fn handle(pre: InstancePre<Host>, dir: PathBuf, request: Request) -> Result<Outcome, Failure> {
    let mut store = Store::new(pre.inner().module().engine(), Host { dir, log: Vec::new() });
    store.set_fuel(FUEL)?;
    store.fuel_async_yield_interval(Some(YIELD_EVERY))?;
    let handler = HandlerPlugin::instantiate_async(&mut store, &pre).await?;
    let answer = handler.handle_async(&mut store, request.clone()).await?;
    Ok(Outcome { request, answer, log: std::mem::take(&mut store.data_mut().log) })
}

/// Serves every request concurrently on `runtime`; outcomes in request order.
fn serve(
    runtime: &tokio::runtime::Runtime,
    pre: &InstancePre<Host>,
    dir: &Path,
    requests: Vec<Request>,
) -> Result<Vec<Outcome>, Failure> {
    runtime.block_on(async {
        let tasks: Vec<_> =
            requests.into_iter().map(|request| tokio::spawn(handle(pre.clone(), dir.to_owned(), request))).collect();
        let mut outcomes = Vec::with_capacity(tasks.len());
        for task in tasks {
            outcomes.push(task.await??);
        }
        Ok(outcomes)
    })
}

/// Input file `id`'s text: `id % 5 + 1` lines of `id % 7 + 2` words.
fn input_text(id: u32) -> String {
    let line = (0..id % 7 + 2).map(|w| format!("w{id}x{w}")).collect::<Vec<_>>().join(" ");
    format!("{line}\n").repeat((id % 5 + 1) as usize)
}

/// Writes the inputs and makes one request per input.
fn requests(dir: &Path, count: u32) -> Result<Vec<Request>, Failure> {
    std::fs::create_dir_all(dir)?;
    (0..count)
        .map(|id| {
            let input = format!("in-{id:04}.txt");
            std::fs::write(dir.join(&input), input_text(id))?;
            Ok(Request { id, input, report: format!("report-{id:04}.txt") })
        })
        .collect()
}

/// Checks an outcome against the host's own count; the transcript line.
fn check(dir: &Path, outcome: &Outcome) -> Result<String, Failure> {
    let Request { id, input, report } = &outcome.request;
    let text = std::fs::read_to_string(dir.join(input))?;
    let (lines, words) = (text.lines().count() as u32, text.split_whitespace().count() as u32);
    let expected_report = format!("{input}: {lines} lines, {words} words\n");
    let expected = Summary { id: *id, lines, words, written: expected_report.len() as u32 };
    let answer = outcome.answer.as_ref().map_err(|e| format!("request {id}: {e}"))?;
    if answer != &expected {
        return Err(format!("request {id}: got {answer:?}, expected {expected:?}").into());
    }
    if std::fs::read_to_string(dir.join(report))? != expected_report {
        return Err(format!("request {id}: {report} does not hold the summary").into());
    }
    if outcome.log != [format!("{input}: {lines} lines, {words} words")] {
        return Err(format!("request {id}: log {:?}", outcome.log).into());
    }
    Ok(format!("#{id:02} {input}: {lines} lines, {words} words -> {report} ({} bytes)", answer.written))
}

/// The demo: `count` requests and two that must fail; every answer checked.
fn demo(
    runtime: &tokio::runtime::Runtime,
    pre: &InstancePre<Host>,
    dir: &Path,
    count: u32,
    print: bool,
) -> Result<(), Failure> {
    let mut all = requests(dir, count)?;
    all.push(Request { id: count, input: "missing.txt".into(), report: "never.txt".into() });
    all.push(Request { id: count + 1, input: "../secrets".into(), report: "never.txt".into() });
    let mut outcomes = serve(runtime, pre, dir, all)?;
    let refused: Vec<_> = outcomes.split_off(count as usize).into_iter().map(|o| o.answer).collect();
    for outcome in &outcomes {
        let line = check(dir, outcome)?;
        if print {
            println!("{line}");
        }
    }
    match &refused[..] {
        [Err(missing), Err(outside)]
            if missing.starts_with("missing.txt: ") && outside.contains("not a file name of the data directory") =>
        {
            println!("missing input  -> Err({missing:?})");
            println!("path outside   -> Err({outside:?})");
        }
        other => return Err(format!("the bad requests were not refused: {other:?}").into()),
    }
    println!(
        "\nasyncio demo complete: {count} requests served at once on 2 threads, every summary, report and log checked"
    );
    Ok(())
}

fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    Ok(tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?)
}

fn main() -> Result<(), Failure> {
    let count = match std::env::args().nth(1) {
        Some(count) => count.parse().map_err(|_| "the argument is a number of requests")?,
        None => 24,
    };
    let engine = engine()?;
    println!("building the asyncio plugin (wasm32-unknown-unknown)...");
    let pre = prepare(&engine, &plugin_module(&engine)?)?;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../target/asyncio-demo");
    let _ = std::fs::remove_dir_all(&dir);
    demo(&runtime()?, &pre, &dir, count, count <= 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup(name: &str) -> (InstancePre<Host>, PathBuf) {
        let engine = engine().unwrap();
        let pre = prepare(&engine, &plugin_module(&engine).unwrap()).unwrap();
        let dir = std::env::temp_dir().join(format!("asyncio-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        (pre, dir)
    }

    #[test]
    fn a_thousand_concurrent_requests_all_check() {
        let (pre, dir) = setup("thousand");
        demo(&runtime().unwrap(), &pre, &dir, 1000, false).unwrap();
        let reports = std::fs::read_dir(&dir)
            .unwrap()
            .filter(|e| e.as_ref().is_ok_and(|e| e.file_name().to_string_lossy().starts_with("report-")));
        assert_eq!(reports.count(), 1000);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_request_out_of_fuel_is_an_error_and_the_others_go_on() {
        let (pre, dir) = setup("fuel");
        let requests = requests(&dir, 3).unwrap();
        let outcomes = serve(&runtime().unwrap(), &pre, &dir, requests).unwrap();
        for outcome in &outcomes {
            check(&dir, outcome).unwrap();
        }
        // A request with too little fuel stops with a limit error; it is
        // the plugin's instance that stopped, not the server.
        let rt = runtime().unwrap();
        let error = rt
            .block_on(async {
                let mut store = Store::new(pre.inner().module().engine(), Host { dir: dir.clone(), log: Vec::new() });
                store.set_fuel(1_000).unwrap();
                store.fuel_async_yield_interval(Some(100)).unwrap();
                let handler = HandlerPlugin::instantiate_async(&mut store, &pre).await.unwrap();
                let request = Request { id: 0, input: "in-0000.txt".into(), report: "r.txt".into() };
                handler.handle_async(&mut store, request).await
            })
            .unwrap_err();
        assert!(matches!(error.kind(), wasmbind::host::ErrorKind::Limit { .. }), "{error}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
