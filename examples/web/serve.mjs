// Serves the demo page and what it loads: `node examples/web/serve.mjs`
// after `npm --prefix ts run build` and building the textpipe plugins
// (`cargo wasmbind build -p textpipe-redact` and `-p textpipe-markdown`).
// Prints the address; PORT picks the port (0: any free one).

import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const target = process.env.CARGO_TARGET_DIR ? normalize(join(process.cwd(), process.env.CARGO_TARGET_DIR)) : join(root, "target");
// URL prefix -> directory; nothing outside them is served.
const routes = [
  ["/wasmbind/", join(root, "ts/dist/src")],
  ["/plugins/", join(target, "plugins/wasm32-unknown-unknown/wasmbind-plugin")],
  ["/plugins-wasi/", join(target, "plugins/wasm32-wasip1/wasmbind-plugin")],
  ["/tests/", join(root, "ts/browser")],
  ["/docs/", join(root, "docs")],
  ["/", join(root, "examples/web")],
];
const types = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".json": "application/json" };

const server = createServer(async (request, response) => {
  const path = decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname);
  const [prefix, dir] = routes.find(([p]) => path.startsWith(p));
  const file = normalize(join(dir, path.slice(prefix.length) || "index.html"));
  try {
    if (!file.startsWith(dir)) throw new Error("outside");
    const body = await readFile(file);
    response.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" }).end(body);
  } catch {
    response.writeHead(404).end("not found");
  }
});
server.listen(Number(process.env.PORT ?? 8080), "127.0.0.1", () => {
  console.log(`http://127.0.0.1:${server.address().port}/`);
});
