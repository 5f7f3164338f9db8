// The demo admin page as an admin center on another origin serves it: the
// page the end-to-end tests open (Playwright's baseURL), on the port after
// the tenant's. Playwright starts it beside the tenant (playwright.config.mjs);
// `node tests/e2e/demo-host.mjs --port P --tenant ORIGIN [--dist DIR]` runs it alone.
//
// - "/" is the built dist/index.html with the widget's stylesheet, module and
//   wasm loaded from the tenant's origin (so the tenant's CORS and compressed
//   delivery are what the browser gets) and `api-base` set to the tenant's
//   /v1.0: every Graph call of the widget crosses origins.
// - The demo's own script and stylesheet come from this host.
// - The demo's sign-in calls (`/_dev/token`, `/_dev/admins`, `/_dev/signin`)
//   go to this host's back end, which forwards them to the tenant server-side,
//   as a real admin center's back end hands out tokens. Nothing else is
//   forwarded: a browser asking this host for /v1.0/… gets a 404.
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { demoHostOf, startHost } from "./other-origin.mjs";

/** The back-end calls of the demo page that the host answers by asking the tenant. */
export const FORWARDED = ["/_dev/token", "/_dev/admins", "/_dev/signin"];

/** dist/index.html as the host serves it: the widget's files and API on the tenant. */
export function hostedIndex(html, tenantOrigin) {
  const edits = [
    // Cross-origin, a stylesheet with `integrity` must be a CORS request.
    ['href="/widget.css"', `href="${tenantOrigin}/widget.css" crossorigin`],
    ['href="reset-password-element.js"', `href="${tenantOrigin}/reset-password-element.js"`],
    ['href="reset-password-widget.js"', `href="${tenantOrigin}/reset-password-widget.js"`],
    ['href="reset-password-widget_bg.wasm"', `href="${tenantOrigin}/reset-password-widget_bg.wasm"`],
    ['api-base="/v1.0"', `api-base="${tenantOrigin}/v1.0"`],
  ];
  for (const [from, to] of edits) {
    // A build that changed these lines must change this host too, not run half same-origin.
    if (!html.includes(from)) throw new Error(`dist/index.html has no ${from}`);
    html = html.replace(from, to);
  }
  return html;
}

async function forward(tenantOrigin, url, { method, headers, body }) {
  const answer = await fetch(new URL(url.pathname + url.search, tenantOrigin), {
    method,
    headers: headers["content-type"] ? { "Content-Type": headers["content-type"] } : {},
    body: method === "GET" || method === "HEAD" ? undefined : body,
  });
  return {
    status: answer.status,
    type: answer.headers.get("content-type") ?? "text/plain; charset=utf-8",
    body: Buffer.from(await answer.arrayBuffer()),
  };
}

/** Starts the demo host for a tenant on `tenantOrigin`, serving the build in `dist`. */
export async function startDemoHost(tenantOrigin, { dist = "dist", origin = demoHostOf(tenantOrigin) } = {}) {
  const dir = resolve(dist);
  const file = (name, type) => readFile(join(dir, name)).then((body) => ({ type, body }));
  const index = { type: "text/html; charset=utf-8", body: hostedIndex(await readFile(join(dir, "index.html"), "utf8"), tenantOrigin) };
  const routes = Object.fromEntries(FORWARDED.map((path) => [path, (url, request) => forward(tenantOrigin, url, request)]));
  return startHost(origin, tenantOrigin, {
    files: {
      "/": index,
      "/index.html": index,
      "/demo.js": await file("demo.js", "text/javascript; charset=utf-8"),
      "/demo.css": await file("demo.css", "text/css; charset=utf-8"),
    },
    routes,
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { port: { type: "string" }, tenant: { type: "string" }, dist: { type: "string" } } });
  if (!values.port || !values.tenant) {
    console.error("demo-host: give --port and --tenant (the tenant's origin)");
    process.exit(2);
  }
  const host = await startDemoHost(values.tenant, { dist: values.dist, origin: `http://127.0.0.1:${values.port}` });
  console.log(`demo-host: ${host.origin}, widget and API on ${values.tenant}`);
}
