// End-to-end tests: headless Debian Chromium against the local tenant serving
// the release build in dist/, on its own port and a throwaway database. Pages
// open on the demo host (demo-host.mjs), an admin center on another origin
// that loads the widget from the tenant: as hosts embed it, every Graph call
// crosses origins.
//
// Ports: E2E_PORT the tenant, +1 the demo host, +2 the host pages some specs
// start themselves (other-origin.mjs).
import { defineConfig } from "@playwright/test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launchOptions, viewport } from "./browser.mjs";
import { demoHostOf, otherOriginOf } from "./other-origin.mjs";

const port = Number(process.env.E2E_PORT ?? 18080);
const database = join(mkdtempSync(join(tmpdir(), "rpw-e2e-")), "tenant.sqlite");
const tenant = process.env.LOCAL_TENANT_BIN ?? "target/debug/local-tenant";
const tenantURL = `http://127.0.0.1:${port}`;
const hostURL = demoHostOf(tenantURL);

export default defineConfig({
  testDir: ".",
  testMatch: /.*\.spec\.mjs$/,
  outputDir: "../../target/e2e-results",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // One tenant database for all tests: run them one at a time.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: [["list"]],
  // Bundles the host pages of other origins (tests/e2e/hosts/), offline.
  globalSetup: "./hosts/build.mjs",
  use: {
    baseURL: hostURL,
    // The tests' own calls to the tenant (the `request` fixture, fixtures.mjs).
    tenantURL,
    browserName: "chromium",
    launchOptions,
    viewport,
    trace: "off",
  },
  webServer: [
    {
      command: [
        `${tenant} --port ${port} --db ${database} --reseed --static-dir dist`,
        `--cors-origin ${hostURL} --cors-origin ${otherOriginOf(tenantURL)}`,
      ].join(" "),
      cwd: "../..",
      url: `${tenantURL}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "ignore",
      stderr: "ignore",
    },
    {
      command: `node tests/e2e/demo-host.mjs --port ${port + 1} --tenant ${tenantURL} --dist dist`,
      cwd: "../..",
      url: `${hostURL}/`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: "ignore",
      stderr: "pipe",
    },
  ],
});
