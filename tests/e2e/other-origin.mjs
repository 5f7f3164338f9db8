// Host pages on another origin than the tenant, as an admin center that
// embeds the widget is: node http servers the tenant is started with
// `--cors-origin` for (see playwright.config.mjs). The demo host
// (demo-host.mjs) is one, on the port after the tenant's; a spec that needs
// a page of its own starts one with `startOtherOrigin`, two ports after the
// tenant's. What a real cross-origin embedding cannot read, the tests that
// run on them cannot read either.
//
// A host serves, with a strict Content-Security-Policy of its own:
// - `files`: fixed answers by path, `{ type, body }`;
// - `dir`: a folder of built files ("/" is its index.html); in HTML files
//   `%TENANT_ORIGIN%` becomes the tenant's origin, as a deployment's
//   configuration would fill it in;
// - `routes`: the host's own back end by path,
//   `(url, { method, headers, body }) => ({ status, json })` or `({ status, type, body })`.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
};

/** The host's own policy: its scripts, the widget's files and the tenant's API, nothing else. */
export function hostPolicy(tenantOrigin) {
  return [
    "default-src 'none'",
    `script-src 'self' ${tenantOrigin} 'wasm-unsafe-eval'`,
    `style-src 'self' ${tenantOrigin}`,
    `connect-src 'self' ${tenantOrigin}`,
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** The demo host's origin for a tenant on `tenantOrigin`: the next port. */
export function demoHostOf(tenantOrigin) {
  return `http://127.0.0.1:${Number(new URL(tenantOrigin).port) + 1}`;
}

/** The origin of a spec's own host page for a tenant on `tenantOrigin`: two ports on. */
export function otherOriginOf(tenantOrigin) {
  return `http://127.0.0.1:${Number(new URL(tenantOrigin).port) + 2}`;
}

/** Starts a spec's own host on `otherOriginOf(tenantOrigin)`; returns `{ origin, close }`. */
export function startOtherOrigin(tenantOrigin, content = {}) {
  return startHost(otherOriginOf(tenantOrigin), tenantOrigin, content);
}

/** Starts a host on `origin` for a tenant on `tenantOrigin`; returns `{ origin, close }`. */
export async function startHost(origin, tenantOrigin, { files = {}, dir, routes = {} } = {}) {
  const policy = hostPolicy(tenantOrigin);

  async function answer(url, request) {
    if (routes[url.pathname]) {
      const { status = 200, json, type, body } = await routes[url.pathname](url, request);
      return json === undefined ? { status, type, body } : { status, type: TYPES[".json"], body: JSON.stringify(json) };
    }
    if (files[url.pathname]) return { status: 200, ...files[url.pathname] };
    if (dir) {
      const wanted = url.pathname === "/" ? "/index.html" : url.pathname;
      const path = normalize(join(dir, decodeURIComponent(wanted)));
      if (path.startsWith(dir + sep)) {
        const type = TYPES[extname(path)];
        const content = type && (await readFile(path).catch(() => null));
        if (content) {
          const body = type.startsWith("text/html")
            ? content.toString("utf8").replaceAll("%TENANT_ORIGIN%", tenantOrigin)
            : content;
          return { status: 200, type, body };
        }
      }
    }
    return { status: 404, type: "text/plain; charset=utf-8", body: "Not found" };
  }

  const server = createServer(async (request, response) => {
    const chunks = [];
    for await (const chunk of request) chunks.push(chunk);
    const received = { method: request.method, headers: request.headers, body: Buffer.concat(chunks) };
    answer(new URL(request.url, origin), received)
      .catch((error) => ({ status: 500, type: "text/plain; charset=utf-8", body: String(error) }))
      .then(({ status, type, body }) => {
        response.writeHead(status, {
          "Content-Type": type,
          "Content-Security-Policy": policy,
          "X-Content-Type-Options": "nosniff",
          "Cache-Control": "no-store",
        });
        response.end(body);
      });
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(Number(new URL(origin).port), "127.0.0.1", resolve);
  });
  return {
    origin,
    close: () =>
      new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections();
      }),
  };
}
