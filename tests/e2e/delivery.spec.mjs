import { test, expect } from "./fixtures.mjs";
import { readFileSync } from "node:fs";
import { brotliDecompressSync } from "node:zlib";
import { Tenant } from "./tenant.mjs";
import { AdminPage } from "./widget.mjs";

const WIDGET_FILES = ["reset-password-widget_bg.wasm", "reset-password-widget.js", "reset-password-element.js", "widget.css"];

test.beforeEach(async ({ request }) => {
  await new Tenant(request).reseed();
});

test("the browser gets every widget file in brotli, the wasm as application/wasm, each downloaded once", async ({ page }) => {
  const responses = new Map();
  const preloadWarnings = [];
  page.on("console", (message) => {
    if (/preload/i.test(message.text())) preloadWarnings.push(message.text());
  });
  page.on("response", (response) => {
    const name = new URL(response.url()).pathname.slice(1);
    if (WIDGET_FILES.includes(name)) responses.set(name, [...(responses.get(name) ?? []), response]);
  });
  await new AdminPage(page).open();

  for (const name of WIDGET_FILES) {
    const seen = responses.get(name) ?? [];
    // One download each: the page's preload hints match the widget's own requests.
    expect(seen.length, `${name} downloads`).toBe(1);
    const headers = await seen[0].allHeaders();
    expect(headers["content-encoding"], name).toBe("br");
    expect(headers.vary?.toLowerCase(), name).toContain("accept-encoding");
  }
  const wasm = responses.get("reset-password-widget_bg.wasm")[0];
  expect((await wasm.allHeaders())["content-type"]).toBe("application/wasm");
  expect(preloadWarnings).toEqual([]);
});

test("the bytes on the wire are the build's brotli copy of the wasm, a third of its size", async ({ request }) => {
  const response = await request.get("/reset-password-widget_bg.wasm", {
    headers: { "accept-encoding": "br" },
  });
  expect(response.headers()["content-encoding"]).toBe("br");
  const built = readFileSync(new URL("../../dist/reset-password-widget_bg.wasm", import.meta.url));
  const compressed = readFileSync(new URL("../../dist/reset-password-widget_bg.wasm.br", import.meta.url));
  expect(brotliDecompressSync(compressed).equals(built)).toBe(true);
  expect(Number(response.headers()["content-length"])).toBe(compressed.length);
  expect(compressed.length).toBeLessThan(built.length / 3 + 1);
  // The client decodes it back to the module itself.
  expect((await response.body()).equals(built)).toBe(true);
});
