// The local tenant for a run: its release build serving the widget, the
// reference app and the benchmark pages from one site, on a throwaway
// database, driven through the end-to-end tests' tenant client.

import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { request } from "@playwright/test";
import { Tenant } from "../../tests/e2e/tenant.mjs";
import { ADMIN, SMALL_USERS, out, referenceDist, root, site, tenantBin, widgetDist } from "./options.mjs";
import { log } from "./report.mjs";

export function prepareSite() {
  rmSync(site, { recursive: true, force: true });
  mkdirSync(site, { recursive: true });
  cpSync(widgetDist, site, { recursive: true });
  cpSync(join(root, "bench", "pages", "widget.html"), join(site, "bench-widget.html"));
  cpSync(join(root, "bench", "pages", "bench-host.js"), join(site, "bench-host.js"));
  cpSync(join(root, "bench", "pages", "bulk.html"), join(site, "bench-bulk.html"));
  cpSync(join(root, "bench", "pages", "bulk-host.js"), join(site, "bulk-host.js"));
  for (const [from, to] of [
    [join(out, "bulk"), "bulk"],
    [referenceDist, "reference"],
  ]) {
    if (existsSync(from)) cpSync(from, join(site, to), { recursive: true });
  }
}

const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".wasm": "application/wasm" };

/**
 * Another origin serving the benchmark site's files, as an admin center that
 * embeds the widget: its calls to the tenant cross origins, and, as with
 * Graph, the tenant does not expose `Retry-After` to it.
 */
async function startOtherOrigin() {
  const server = createServer(async (request, response) => {
    const path = new URL(request.url, "http://x").pathname;
    const file = join(site, decodeURIComponent(path));
    const body = file.startsWith(site) && TYPES[extname(file)] ? await readFile(file).catch(() => null) : null;
    response.writeHead(body ? 200 : 404, { "Content-Type": TYPES[extname(file)] ?? "text/plain", "Cache-Control": "no-store" });
    response.end(body ?? "Not found");
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { origin: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}

/**
 * Starts the tenant with SMALL_USERS users; `base` is its address, `tenant`
 * the client of its dev endpoints, `otherOrigin` a host page's origin it
 * answers cross-origin. `stop()` ends both and removes its database.
 */
export async function startTenant() {
  const db = join(mkdtempSync(join(tmpdir(), "rpw-bench-")), "tenant.sqlite");
  const other = await startOtherOrigin();
  const child = spawn(
    tenantBin,
    ["--port", "0", "--db", db, "--reseed", "--users", String(SMALL_USERS), "--static-dir", site, "--cors-origin", other.origin],
    { stdio: ["ignore", "pipe", "ignore"] },
  );
  const base = await new Promise((resolve, reject) => {
    let text = "";
    child.stdout.on("data", (chunk) => {
      text += chunk;
      const found = text.match(/listening on (http:\/\/\S+)/);
      if (found) resolve(found[1]);
    });
    child.on("exit", (code) => reject(new Error(`local tenant exited with ${code}`)));
  });
  // No timeout: reseeding half a million users takes minutes.
  const context = await request.newContext({ baseURL: base, timeout: 0 });
  async function stop() {
    await context.dispose();
    await other.close();
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    rmSync(dirname(db), { recursive: true, force: true });
  }
  return { base, otherOrigin: other.origin, tenant: new Tenant(context), stop };
}

/** Reseeds with `users` users, and says how long it took. */
export async function reseed(local, users) {
  const started = Date.now();
  const seeded = await local.tenant.reseed(users);
  log(`reseeded ${seeded} users in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return seeded;
}

/** Ids of every user but the signed-in admin (whom no one may reset here). */
export async function targetIds(local) {
  const users = await local.tenant.allUsers();
  return users.filter((u) => u.userPrincipalName !== ADMIN).map((u) => u.id);
}
