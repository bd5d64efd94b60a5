//! Async host functions and async calls into plugins: the `io-plugin`
//! drives the async `io_api::Io` host (tokio files and timers) on
//! multi-threaded runtimes; yielding on fuel and epochs; cancellation; a
//! call whose fiber is resumed on another thread; many concurrent calls;
//! pools of warm instances.

use std::future::Future;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll, Waker};
use std::thread::ThreadId;

use io_api::{Clock, Entry, Io, Point, WorkerPlugin, clock, io};
use wasmbind::Linker;
use wasmbind::host::{ErrorKind, Handle, Plugin, pool::Pool};
use wasmbind::wasmtime::{Engine, Module, Store};
use wasmbind_tests::plugin_wasm;

/// The host: a directory of files read and written with `tokio::fs`.
#[derive(Default)]
struct Disk {
    dir: PathBuf,
    log: Vec<String>,
    /// When set, `read` waits for this value instead of reading a file,
    /// noting the thread it waits on and the one it resumes on.
    gate: Option<tokio::sync::oneshot::Receiver<String>>,
    threads: Vec<ThreadId>,
}

impl Disk {
    /// A file of this host's directory; a key is a plain name.
    fn path(&self, key: &str) -> Option<PathBuf> {
        let plain = !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        plain.then(|| self.dir.join(key))
    }
}

impl Io for Disk {
    async fn read(&mut self, key: &str) -> Option<String> {
        if let Some(gate) = self.gate.take() {
            self.threads.push(std::thread::current().id());
            let value = gate.await.ok();
            self.threads.push(std::thread::current().id());
            // `key` still borrows the plugin's memory here.
            return value.map(|v| format!("{key}={v}"));
        }
        tokio::fs::read_to_string(self.path(key)?).await.ok()
    }

    async fn write(&mut self, key: String, value: Vec<u8>) -> u32 {
        let Some(path) = self.path(&key) else { return 0 };
        match tokio::fs::write(path, &value).await {
            Ok(()) => value.len() as u32,
            Err(_) => 0,
        }
    }

    async fn listing(&mut self, count: u32) -> Vec<Entry> {
        tokio::time::sleep(std::time::Duration::from_millis(1)).await;
        (0..count).map(|i| Entry { key: format!("entry-{i}"), size: i * 10 }).collect()
    }

    async fn sum(&mut self, values: &[u32]) -> u64 {
        tokio::task::yield_now().await;
        values.iter().map(|&v| u64::from(v)).sum()
    }

    async fn shift(&mut self, p: Point) -> Point {
        tokio::task::yield_now().await;
        Point { x: p.x + 1, y: p.y - 1 }
    }

    async fn checked(&mut self, n: i32) -> Result<i32, String> {
        tokio::task::yield_now().await;
        if n < 0 { Err(format!("{n} is negative")) } else { Ok(n * 2) }
    }

    fn log(&mut self, line: &str) {
        self.log.push(line.to_owned());
    }
}

impl Clock for Disk {
    fn banner(&mut self, width: u32) -> String {
        "=".repeat(width as usize)
    }
}

/// An engine that meters fuel and counts epochs, and the plugin compiled for it.
fn setup() -> &'static (Engine, Module, Linker<Disk>) {
    static SETUP: OnceLock<(Engine, Module, Linker<Disk>)> = OnceLock::new();
    SETUP.get_or_init(|| {
        let mut config = wasmbind::host::config();
        config.consume_fuel(true).epoch_interruption(true);
        let engine = Engine::new(&config).expect("engine");
        let module = Module::from_file(&engine, plugin_wasm("io-plugin", "wasm32-unknown-unknown")).expect("module");
        let mut linker = Linker::new(&engine);
        io::add_to_linker_async(&mut linker, |disk: &mut Disk| disk).expect("io registers");
        clock::add_to_linker_async(&mut linker, |disk: &mut Disk| disk).expect("clock registers");
        (engine, module, linker)
    })
}

/// A fresh temporary directory.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("wasmbind-asyncio-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// A store over `disk` with all the fuel it could want and a far epoch deadline.
fn store(disk: Disk) -> Store<Disk> {
    let (engine, ..) = setup();
    let mut store = Store::new(engine, disk);
    store.set_fuel(u64::MAX).expect("fuel");
    store.set_epoch_deadline(u64::MAX / 2);
    store
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime")
}

#[test]
fn async_host_functions_with_every_kind_of_value() {
    let dir = temp_dir("kinds");
    std::fs::write(dir.join("a"), "hello").expect("file");
    runtime().block_on(async {
        let (_, module, linker) = setup();
        let mut store = store(Disk { dir: dir.clone(), ..Disk::default() });
        let worker = WorkerPlugin::instantiate_async(&mut store, (linker, module)).await.expect("instantiates");

        // Borrowed `&str` across the host's await, then owned `String` and `Vec<u8>`.
        assert_eq!(worker.copy_async(&mut store, "a", "b").await.expect("copy"), 5);
        assert_eq!(std::fs::read_to_string(dir.join("b")).expect("written"), "hello");
        assert_eq!(worker.copy_async(&mut store, "missing", "c").await.expect("copy"), u32::MAX);
        assert_eq!(store.data().log, ["copy a -> b"], "the sync function of the same trait ran");

        // A result far longer than the plugin's 256-byte result area: the
        // host awaits the plugin's allocator for it.
        let entries = worker.list_async(&mut store, 100).await.expect("list");
        assert_eq!(entries.len(), 100);
        assert_eq!(entries[99], Entry { key: "entry-99".into(), size: 990 });

        // A borrowed slice, an inline struct, both arms of a `Result`.
        let values: Vec<u32> = (1..=1000).collect();
        assert_eq!(worker.sum_async(&mut store, values).await.expect("sum"), 500_500);
        let p = worker.shift_async(&mut store, Point { x: 10, y: 10 }, 5).await.expect("shift");
        assert_eq!(p, Point { x: 15, y: 5 });
        assert_eq!(worker.checked_async(&mut store, 21).await.expect("checked"), Ok(42));
        assert_eq!(worker.checked_async(&mut store, -3).await.expect("checked"), Err("-3 is negative".to_owned()));

        // A long argument (awaiting the allocator for it) and a long result.
        let text = "wasmbind ".repeat(500);
        assert_eq!(worker.echo_async(&mut store, text.clone()).await.expect("echo"), text.repeat(2));

        // A synchronous host trait registered async: its long result reaches the plugin.
        assert_eq!(worker.banner_async(&mut store, 1000).await.expect("banner"), "=".repeat(1000));
    });
}

#[test]
fn a_sync_call_into_an_async_store_is_an_error_naming_the_remedy() {
    runtime().block_on(async {
        let (_, module, linker) = setup();
        let mut store = store(Disk::default());
        let worker = WorkerPlugin::instantiate_async(&mut store, (linker, module)).await.expect("instantiates");
        let err = worker.spin(&mut store, 1).expect_err("sync call refused");
        assert!(err.to_string().contains("`*_async` functions"), "{err}");
        // Nothing ran, so nothing is broken.
        assert!(worker.plugin().poisoned().is_none());
        assert_eq!(worker.spin_async(&mut store, 3).await.expect("spin"), spin(3));
    });
}

/// What `spin` computes.
fn spin(iterations: u64) -> u64 {
    (0..iterations).fold(0u64, |x, i| x.wrapping_mul(31).wrapping_add(i))
}

/// Polls `future` to completion on this thread, counting the times it
/// returned `Pending` (yielded to the executor).
fn poll_counting<F: Future>(future: F) -> (F::Output, usize) {
    let mut future = std::pin::pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    let mut pending = 0;
    loop {
        match future.as_mut().poll(&mut cx) {
            Poll::Ready(output) => return (output, pending),
            Poll::Pending => pending += 1,
        }
    }
}

#[test]
fn long_calls_yield_on_fuel_and_on_epochs() {
    let (engine, module, linker) = setup();
    let mut store = store(Disk::default());
    let worker = poll_counting(WorkerPlugin::instantiate_async(&mut store, (linker, module))).0.expect("instantiates");

    store.fuel_async_yield_interval(Some(10_000)).expect("yield interval");
    let (result, yields) = poll_counting(worker.spin_async(&mut store, 1_000_000));
    assert_eq!(result.expect("spin"), spin(1_000_000));
    assert!(yields >= 100, "a million rounds on 10,000 fuel per slice yields often, not {yields} times");
    store.fuel_async_yield_interval(None).expect("no yielding");
    let (result, yields) = poll_counting(worker.spin_async(&mut store, 1_000_000));
    assert_eq!((result.expect("spin"), yields), (spin(1_000_000), 0), "no yields without an interval");

    // Epochs: every tick past the deadline yields and moves the deadline on.
    store.set_epoch_deadline(1);
    store.epoch_deadline_async_yield_and_update(1);
    let mut future = Box::pin(worker.spin_async(&mut store, 50_000_000));
    let mut cx = Context::from_waker(Waker::noop());
    let mut yields = 0;
    let result = loop {
        engine.increment_epoch();
        match future.as_mut().poll(&mut cx) {
            Poll::Ready(result) => break result,
            Poll::Pending => yields += 1,
        }
    };
    assert_eq!(result.expect("spin"), spin(50_000_000));
    assert!(yields >= 1, "an epoch tick during the call yields");
}

#[test]
fn a_cancelled_call_poisons_its_plugin_and_leaves_the_store_usable() {
    let (_, module, linker) = setup();
    let mut store = store(Disk::default());
    let worker = poll_counting(WorkerPlugin::instantiate_async(&mut store, (linker, module))).0.expect("instantiates");
    store.fuel_async_yield_interval(Some(10_000)).expect("yield interval");

    // Poll a long call a few times, then drop it mid-computation.
    {
        let mut future = Box::pin(worker.spin_async(&mut store, u64::MAX));
        let mut cx = Context::from_waker(Waker::noop());
        for _ in 0..5 {
            assert!(future.as_mut().poll(&mut cx).is_pending());
        }
    }
    let err = poll_counting(worker.spin_async(&mut store, 1)).0.expect_err("refused");
    match err.kind() {
        ErrorKind::Poisoned { function, cause, .. } => {
            assert_eq!(function, "spin");
            assert!(cause.contains("async call of `spin` was cancelled"), "{cause}");
        }
        other => panic!("expected Poisoned, got {other:?}"),
    }

    // The store is fine: a new instance in it runs.
    let again = poll_counting(WorkerPlugin::instantiate_async(&mut store, (linker, module))).0.expect("instantiates");
    assert_eq!(poll_counting(again.spin_async(&mut store, 10)).0.expect("spin"), spin(10));

    // Cancelled while a host function awaited: the same.
    let (send, receive) = tokio::sync::oneshot::channel();
    store.data_mut().gate = Some(receive);
    {
        let mut future = Box::pin(again.copy_async(&mut store, "gated", "out"));
        assert!(future.as_mut().poll(&mut Context::from_waker(Waker::noop())).is_pending());
    }
    drop(send);
    assert!(again.plugin().poisoned().is_some_and(|cause| cause.contains("`copy` was cancelled")));
}

/// A synchronous host for `calc-plugin`.
#[derive(Default)]
struct Lines(Vec<String>);

impl calc_api::Env for Lines {
    fn log(&mut self, msg: &str) {
        self.0.push(msg.to_owned());
    }
}

#[test]
fn a_call_resumed_on_another_thread_finishes_there() {
    let (_, module, linker) = setup();
    let mut store = store(Disk::default());
    let worker = poll_counting(WorkerPlugin::instantiate_async(&mut store, (linker, module))).0.expect("instantiates");
    let (send, receive) = tokio::sync::oneshot::channel();
    store.data_mut().gate = Some(receive);

    // Start the call here: the host's `read` waits on the gate.
    let mut call = Box::pin(async move {
        let copied = worker.copy_async(&mut store, "gated", "out").await;
        (copied, store)
    });
    assert!(call.as_mut().poll(&mut Context::from_waker(Waker::noop())).is_pending());

    // Meanwhile this thread makes sync calls into another store (sessions
    // on this thread) and must not see the suspended call.
    let (engine, calc) = (wasmbind_tests::engine(), wasmbind_tests::plugin_module("calc-plugin"));
    let mut calc_linker = Linker::<Lines>::new(engine);
    calc_api::env::add_to_linker(&mut calc_linker, |lines: &mut Lines| lines).expect("env");
    let mut calc_store = Store::new(engine, Lines::default());
    let calc = calc_api::CalcPlugin::instantiate(&mut calc_store, (&calc_linker, &calc)).expect("calc");
    assert_eq!(calc.greet(&mut calc_store, "Ada").expect("greet"), "Hello, Ada!");

    // Finish it on another thread.
    send.send("value".into()).expect("gate open");
    let (copied, store) = std::thread::spawn(move || runtime().block_on(call)).join().expect("thread");
    // `copy` read "gated=value" (the host saw the borrowed key after its
    // await) and wrote it: 11 bytes.
    assert_eq!(copied.expect("copy"), 11);
    assert_eq!(store.data().log, ["copy gated -> out"]);
    let threads = &store.data().threads;
    assert_eq!(threads.len(), 2);
    assert_ne!(threads[0], threads[1], "the host function resumed on the other thread");
    assert_eq!(calc_store.data().0, ["Ada"]);
}

#[test]
fn a_thousand_concurrent_calls_on_a_multi_threaded_runtime() {
    let dir = temp_dir("many");
    let runtime = runtime();
    let (_, module, linker) = setup();
    let pre = linker.instantiate_pre(module, "io-plugin").expect("pre");
    let results = runtime.block_on(async {
        let tasks: Vec<_> = (0..1000)
            .map(|i| {
                let (pre, dir) = (pre.clone(), dir.clone());
                tokio::spawn(async move {
                    std::fs::write(dir.join(format!("in-{i}")), format!("value {i}")).expect("input");
                    let mut store = store(Disk { dir, ..Disk::default() });
                    let worker = WorkerPlugin::instantiate_async(&mut store, &pre).await.expect("instantiates");
                    let copied = worker.copy_async(&mut store, &format!("in-{i}"), &format!("out-{i}")).await;
                    let p = worker.shift_async(&mut store, Point { x: i, y: 0 }, 3).await;
                    (i, copied.expect("copy"), p.expect("shift"))
                })
            })
            .collect();
        let mut results = Vec::new();
        for task in tasks {
            results.push(task.await.expect("task"));
        }
        results
    });
    assert_eq!(results.len(), 1000);
    for (i, copied, p) in results {
        let expected = format!("value {i}");
        assert_eq!(copied as usize, expected.len());
        assert_eq!(std::fs::read_to_string(dir.join(format!("out-{i}"))).expect("output"), expected);
        assert_eq!(p, Point { x: i + 3, y: -3 });
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// What a server shares between threads: one linker and `InstancePre`,
/// handles and plugins moved into tasks, errors sent back.
#[test]
fn what_a_multi_threaded_host_shares_is_send_and_sync() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<Linker<Disk>>();
    send_sync::<wasmbind::host::InstancePre<Disk>>();
    send_sync::<WorkerPlugin>();
    send_sync::<wasmbind::host::Plugin>();
    send_sync::<wasmbind::host::Error>();
    send_sync::<Pool<WorkerPlugin, Disk>>();
    // And a call's future moves between threads (tokio::spawn needs it).
    fn send<F: Send>(future: F) -> F {
        future
    }
    let (_, module, linker) = setup();
    let mut store = store(Disk::default());
    let worker =
        poll_counting(send(WorkerPlugin::instantiate_async(&mut store, (linker, module)))).0.expect("instance");
    assert_eq!(poll_counting(send(worker.spin_async(&mut store, 5))).0.expect("spin"), spin(5));
    // A pool's lease too, held across a call in a task.
    let pre = linker.instantiate_pre(module, "io-plugin").expect("pre");
    let pool = Pool::<WorkerPlugin, Disk>::new(&pre, |_| self::store(Disk::default()));
    let mut lease = send(poll_counting(send(pool.get_async())).0.expect("lease"));
    let (worker, store) = lease.parts();
    assert_eq!(poll_counting(send(worker.spin_async(store, 6))).0.expect("spin"), spin(6));
}

/// The same plugin linked natively: its `_async` calls run synchronously,
/// and its imports, synchronous on the plugin side, run the host's async
/// functions to completion (here on a tokio runtime, whose file I/O they use).
#[test]
fn an_in_process_plugin_calls_async_host_functions() {
    let dir = temp_dir("in-process");
    std::fs::write(dir.join("a"), "native").expect("file");
    runtime().block_on(async {
        let (_, _, linker) = setup();
        let mut store = store(Disk { dir: dir.clone(), ..Disk::default() });
        let worker = WorkerPlugin::in_process::<io_plugin::Impl, _>(linker);
        assert_eq!(worker.copy_async(&mut store, "a", "b").await.expect("copy"), 6);
        assert_eq!(worker.list_async(&mut store, 3).await.expect("list").len(), 3);
        assert_eq!(worker.checked(&mut store, -1).expect("checked"), Err("-1 is negative".to_owned()));
    });
    assert_eq!(std::fs::read_to_string(dir.join("b")).expect("written"), "native");
}

/// Calls by name (a registry's path) await the plugin too.
#[test]
fn calls_by_name_await_the_plugin() {
    runtime().block_on(async {
        let (_, module, linker) = setup();
        let mut store = store(Disk::default());
        let worker = WorkerPlugin::instantiate_async(&mut store, (linker, module)).await.expect("instantiates");
        let plugin = worker.plugin();
        let args = wasmbind::abi::to_body(&(Point { x: 1, y: 1 }, 4u32));
        let body =
            plugin.call_by_name_async(&mut store, "shift", "fn(Point, u32) -> Point", &args).await.expect("call");
        let p = <Point as wasmbind::WasmType>::decode(&body).expect("a point");
        assert_eq!(p, Point { x: 5, y: -3 }, "the host's async `shift` ran four times");
        let err = plugin.call_by_name_async(&mut store, "shift", "fn(u32) -> Point", &args).await.unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Dispatch { .. }), "{err}");
        assert!(plugin.poisoned().is_none());
    });
}

/// A plugin without a handle (a registry's) is instantiated asynchronously
/// too, from a module or an `InstancePre`, named as the host names it.
#[test]
fn untyped_plugins_instantiate_asynchronously() {
    runtime().block_on(async {
        let (_, module, linker) = setup();
        let mut store = store(Disk::default());
        let named = wasmbind::host::Instantiate::new(linker, module).named("worker.wasm");
        let plugin = Plugin::instantiate_async(&mut store, named).await.expect("instantiates");
        assert_eq!(plugin.name(), "worker.wasm");
        let args = wasmbind::abi::to_body(&(Point { x: 1, y: 1 }, 4u32));
        let body =
            plugin.call_by_name_async(&mut store, "shift", "fn(Point, u32) -> Point", &args).await.expect("call");
        assert_eq!(<Point as wasmbind::WasmType>::decode(&body).expect("a point"), Point { x: 5, y: -3 });

        let pre = linker.instantiate_pre(module, "pre-worker").expect("resolves");
        let mut store = self::store(Disk::default());
        let plugin = Plugin::instantiate_async(&mut store, &pre).await.expect("instantiates");
        assert_eq!(plugin.name(), "pre-worker", "an InstancePre names its plugins");
        let err = plugin.call_by_name_async(&mut store, "shift", "fn(u32) -> Point", &args).await.unwrap_err();
        assert!(err.to_string().contains("pre-worker"), "{err}");

        let mut store = self::store(Disk::default());
        let renamed = wasmbind::host::Instantiate::from(&pre).named("worker #3");
        let worker = WorkerPlugin::instantiate_async(&mut store, renamed).await.expect("instantiates");
        assert_eq!(worker.plugin().name(), "worker #3", "a name given overrides the InstancePre's");
    });
}

/// The same two traits registered for synchronous calls: the async
/// methods run to completion on the calling thread (here futures that need
/// no runtime), and results of any length reach the plugin.
#[test]
fn async_host_functions_registered_for_sync_calls() {
    #[derive(Default)]
    struct Memory {
        files: std::collections::HashMap<String, Vec<u8>>,
        lines: Vec<String>,
    }
    impl Io for Memory {
        async fn read(&mut self, key: &str) -> Option<String> {
            let value = self.files.get(key).map(|v| String::from_utf8_lossy(v).into_owned());
            std::future::ready(value).await
        }
        async fn write(&mut self, key: String, value: Vec<u8>) -> u32 {
            let len = value.len() as u32;
            self.files.insert(key, value);
            len
        }
        async fn listing(&mut self, count: u32) -> Vec<Entry> {
            (0..count).map(|i| Entry { key: format!("m{i}"), size: i }).collect()
        }
        async fn sum(&mut self, values: &[u32]) -> u64 {
            values.iter().map(|&v| u64::from(v)).sum()
        }
        async fn shift(&mut self, p: Point) -> Point {
            Point { x: p.x + 1, y: p.y - 1 }
        }
        async fn checked(&mut self, n: i32) -> Result<i32, String> {
            if n < 0 { Err(format!("{n} is negative")) } else { Ok(n * 2) }
        }
        fn log(&mut self, line: &str) {
            self.lines.push(line.to_owned());
        }
    }
    impl Clock for Memory {
        fn banner(&mut self, width: u32) -> String {
            "-".repeat(width as usize)
        }
    }
    let (engine, module) = (wasmbind_tests::engine(), wasmbind_tests::plugin_module("io-plugin"));
    let mut linker = Linker::new(engine);
    io::add_to_linker(&mut linker, |m: &mut Memory| m).expect("io");
    clock::add_to_linker(&mut linker, |m: &mut Memory| m).expect("clock");
    let mut store = Store::new(engine, Memory::default());
    store.data_mut().files.insert("a".into(), b"sync".to_vec());
    let worker = WorkerPlugin::instantiate(&mut store, (&linker, &module)).expect("instantiates");
    assert_eq!(worker.copy(&mut store, "a", "b").expect("copy"), 4);
    assert_eq!(store.data().files["b"], b"sync");
    assert_eq!(worker.list(&mut store, 100).expect("list").len(), 100, "a long result, sync");
    assert_eq!(worker.sum(&mut store, vec![1, 2, 3]).expect("sum"), 6);
    assert_eq!(worker.banner(&mut store, 600).expect("banner"), "-".repeat(600));
    assert_eq!(store.data().lines, ["copy a -> b"]);
}

/// A pool shared by tasks: 40 leases, at most 8 at once, served by at most
/// 8 instances that each went back after every call.
#[test]
fn a_pool_reuses_warm_instances_across_tasks() {
    let dir = temp_dir("pool");
    let (_, module, linker) = setup();
    let pre = linker.instantiate_pre(module, "io-plugin").expect("pre");
    let made = Arc::new(AtomicUsize::new(0));
    let pool = {
        let (made, dir) = (made.clone(), dir.clone());
        Arc::new(
            Pool::<WorkerPlugin, Disk>::new(&pre, move |_| {
                made.fetch_add(1, Ordering::SeqCst);
                store(Disk { dir: dir.clone(), ..Disk::default() })
            })
            .max_idle(8),
        )
    };
    let served = runtime().block_on(async {
        let mut served = Vec::new();
        for round in 0..5 {
            let tasks: Vec<_> = (0..8)
                .map(|i| {
                    let (pool, dir) = (pool.clone(), dir.clone());
                    tokio::spawn(async move {
                        let n = round * 8 + i;
                        std::fs::write(dir.join(format!("in-{n}")), format!("value {n}")).expect("input");
                        let mut lease = pool.get_async().await.expect("lease");
                        let (worker, store) = lease.parts();
                        let copied = worker.copy_async(store, &format!("in-{n}"), &format!("out-{n}")).await;
                        assert_eq!(copied.expect("copy") as usize, format!("value {n}").len());
                        // The instance's store logs every copy it served.
                        lease.store().data().log.len()
                    })
                })
                .collect();
            for task in tasks {
                served.push(task.await.expect("task"));
            }
        }
        served
    });
    let made = made.load(Ordering::SeqCst);
    assert!((1..=8).contains(&made), "at most 8 leases at once need at most 8 instances, not {made}");
    assert_eq!(pool.idle(), made, "every instance went back");
    assert!(served.iter().any(|&n| n > 1), "an instance served more than one lease: {served:?}");
    for n in 0..40 {
        let out = std::fs::read_to_string(dir.join(format!("out-{n}"))).expect("output");
        assert_eq!(out, format!("value {n}"));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A poisoned instance (a cancelled call) is dropped, not put back; so is
/// one beyond `max_idle`, and one whose lease is discarded.
#[test]
fn a_pool_drops_poisoned_surplus_and_discarded_instances() {
    let (_, module, linker) = setup();
    let pre = linker.instantiate_pre(module, "io-plugin").expect("pre");
    let pool = Pool::<WorkerPlugin, Disk>::new(&pre, |_| store(Disk::default())).max_idle(1);
    let mut a = poll_counting(pool.get_async()).0.expect("a");
    let b = poll_counting(pool.get_async()).0.expect("b");
    a.store().fuel_async_yield_interval(Some(10_000)).expect("yield interval");
    {
        let (worker, store) = a.parts();
        let mut future = Box::pin(worker.spin_async(store, u64::MAX));
        let mut cx = Context::from_waker(Waker::noop());
        for _ in 0..3 {
            assert!(future.as_mut().poll(&mut cx).is_pending());
        }
    }
    assert!(a.plugin().poisoned().is_some(), "the cancelled call poisoned it");
    drop(a);
    assert_eq!(pool.idle(), 0, "a poisoned instance is not put back");
    drop(b);
    assert_eq!(pool.idle(), 1);

    // `b` again, and a new one; only one fits back.
    let mut c = poll_counting(pool.get_async()).0.expect("c");
    let d = poll_counting(pool.get_async()).0.expect("d");
    let (worker, store) = c.parts();
    assert_eq!(poll_counting(worker.spin_async(store, 7)).0.expect("spin"), spin(7));
    drop((c, d));
    assert_eq!(pool.idle(), 1, "max_idle 1");
    poll_counting(pool.get_async()).0.expect("e").discard();
    assert_eq!(pool.idle(), 0, "a discarded instance is dropped");
}

/// A pool of synchronous instances shared by threads: 200 calls on two
/// threads, all logged in the stores of at most two instances.
#[test]
fn a_pool_serves_threads_making_sync_calls() {
    let (engine, module) = (wasmbind_tests::engine(), wasmbind_tests::plugin_module("calc-plugin"));
    let mut linker = Linker::<Lines>::new(engine);
    calc_api::env::add_to_linker(&mut linker, |lines: &mut Lines| lines).expect("env");
    let pre = linker.instantiate_pre(&module, "calc").expect("pre");
    let pool = Pool::<calc_api::CalcPlugin, Lines>::new(&pre, |engine| Store::new(engine, Lines::default()));
    std::thread::scope(|scope| {
        for t in 0..2 {
            let pool = &pool;
            scope.spawn(move || {
                for i in 0..100 {
                    let mut lease = pool.get().expect("lease");
                    let (calc, store) = lease.parts();
                    let name = format!("{t}-{i}");
                    assert_eq!(calc.greet(store, &name).expect("greet"), format!("Hello, {name}!"));
                }
            });
        }
    });
    let idle = pool.idle();
    assert!((1..=2).contains(&idle), "two threads need at most two instances, not {idle}");
    let mut leases: Vec<_> = (0..idle).map(|_| pool.get().expect("idle lease")).collect();
    let logged: usize = leases.iter_mut().map(|lease| lease.store().data().0.len()).sum();
    assert_eq!(logged, 200, "every call ran in one of the pooled instances");
}
