// End-to-end tests: headless Debian Chromium against the local tenant serving
// the release build in dist/, on its own port and a throwaway database.
import { defineConfig } from "@playwright/test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launchOptions, viewport } from "./browser.mjs";

const port = Number(process.env.E2E_PORT ?? 18080);
const database = join(mkdtempSync(join(tmpdir(), "rpw-e2e-")), "tenant.sqlite");
const tenant = process.env.LOCAL_TENANT_BIN ?? "target/debug/local-tenant";

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
    baseURL: `http://127.0.0.1:${port}`,
    browserName: "chromium",
    launchOptions,
    viewport,
    trace: "off",
  },
  webServer: {
    // The port after the tenant's is the "other admin center" origin of the
    // cross-origin tests (other-origin.mjs).
    command: `${tenant} --port ${port} --db ${database} --reseed --static-dir dist --cors-origin http://127.0.0.1:${port + 1}`,
    cwd: "../..",
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "ignore",
    stderr: "ignore",
  },
});
