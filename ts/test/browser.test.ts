// The package in a real browser: headless Chromium (`$WASMBIND_CHROMIUM`,
// which cargo test installs and sets), driven over the DevTools protocol
// on a pipe (no dependency), loading pages from `examples/web/serve.mjs`:
// `ts/browser/tour.html` runs every vector and the tour plugin in the
// page; the demo page (examples/web) gets text typed into it, transforms
// it with the textpipe plugins, and is kept as a screenshot
// (`target/ts-browser/demo.png`).

import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable, Writable } from "node:stream";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";

const CHROMIUM = process.env["WASMBIND_CHROMIUM"];
const skip = !CHROMIUM;
const ROOT = fileURLToPath(new URL("../../../", import.meta.url)); // run from ts/dist/test

/** A DevTools protocol connection over Chromium's pipe: JSON messages ended by NUL. */
class DevTools {
  private next = 1;
  private buffer = "";
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor(private readonly input: Writable, output: Readable) {
    output.setEncoding("utf8");
    output.on("data", (chunk: string) => {
      this.buffer += chunk;
      let end: number;
      while ((end = this.buffer.indexOf("\0")) >= 0) {
        const message = JSON.parse(this.buffer.slice(0, end)) as { id?: number; result?: unknown; error?: { message: string } };
        this.buffer = this.buffer.slice(end + 1);
        const waiter = message.id === undefined ? undefined : this.waiting.get(message.id);
        if (!waiter || message.id === undefined) continue;
        this.waiting.delete(message.id);
        if (message.error) waiter.reject(new Error(message.error.message));
        else waiter.resolve(message.result);
      }
    });
  }

  send<T = { [key: string]: unknown }>(method: string, params: object = {}, sessionId?: string): Promise<T> {
    const id = this.next++;
    this.input.write(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + "\0");
    return new Promise((resolve, reject) => this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject }));
  }
}

let server: ChildProcess;
let chromium: ChildProcess;
let devtools: DevTools;
let origin = "";

before(async () => {
  if (!CHROMIUM) return;
  server = spawn("node", [join(ROOT, "examples/web/serve.mjs")], { env: { ...process.env, PORT: "0" }, stdio: ["ignore", "pipe", "inherit"] });
  origin = await new Promise<string>((resolve) => server.stdout?.once("data", (line: Buffer) => resolve(line.toString().trim())));
  const profile = mkdtempSync(join(tmpdir(), "wasmbind-chromium-"));
  chromium = spawn(
    CHROMIUM,
    ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
      "--remote-debugging-pipe", `--user-data-dir=${profile}`, "--window-size=900,700", "about:blank"],
    { stdio: ["ignore", "ignore", "ignore", "pipe", "pipe"] },
  );
  devtools = new DevTools(chromium.stdio[3] as Writable, chromium.stdio[4] as Readable);
});

after(() => {
  chromium?.kill();
  server?.kill();
});

/** Opens `path` in a new tab; returns its session. */
async function open(path: string): Promise<string> {
  const { targetId } = await devtools.send<{ targetId: string }>("Target.createTarget", { url: origin + path.slice(1) });
  const { sessionId } = await devtools.send<{ sessionId: string }>("Target.attachToTarget", { targetId, flatten: true });
  return sessionId;
}

/** The value of `expression` in the page, once it is not null (30 s at most). */
async function until(session: string, expression: string): Promise<unknown> {
  for (let i = 0; i < 300; i++) {
    const { result } = await devtools.send<{ result: { value?: unknown } }>(
      "Runtime.evaluate", { expression, returnByValue: true }, session,
    );
    if (result.value !== undefined && result.value !== null) return result.value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the page never had ${expression}`);
}

test("the vectors and the tour pass in headless Chromium", { skip }, async () => {
  const session = await open("/tests/tour.html");
  const results = (await until(session, "window.results")) as { passed: number; failures: string[]; userAgent: string };
  assert.deepEqual(results.failures, []);
  assert.ok(results.passed > 100, `${results.passed} checks passed`);
  assert.match(results.userAgent, /Chrome/);
});

test("the demo page transforms what is typed into it", { skip }, async () => {
  const session = await open("/");
  await until(session, "window.ready");
  await devtools.send("Runtime.evaluate", { expression: "document.querySelector('#input').focus()" }, session);
  for (const [i, line] of ["# Contact", "mail ada@example.com *now*", "secret: the code", "call 0123456789"].entries()) {
    if (i) await devtools.send("Input.dispatchKeyEvent", { type: "keyDown", key: "Enter", code: "Enter", windowsVirtualKeyCode: 13, text: "\r" }, session);
    await devtools.send("Input.insertText", { text: line }, session);
  }
  const output = await until(session, "document.querySelector('#output').textContent.includes('call') ? document.querySelector('#output').textContent : null");
  assert.equal(output, "<h1>Contact</h1>\nmail ############### <em>now</em>\ncall ##########");
  const status = await until(session, "document.querySelector('#status').textContent");
  assert.match(String(status), /^redact → markdown; /);
  const { data } = await devtools.send<{ data: string }>("Page.captureScreenshot", { format: "png" }, session);
  const png = Buffer.from(data, "base64");
  assert.deepEqual([...png.subarray(1, 4)], [...Buffer.from("PNG")]);
  mkdirSync(join(ROOT, "target/ts-browser"), { recursive: true });
  writeFileSync(join(ROOT, "target/ts-browser/demo.png"), png);
});
