// The performance benchmark: the widget against references built and run in
// the same run on the same machine, printed as one table and written to
// bench/results.md. Run it through scripts/bench.sh, which builds everything
// first; it is a measurement, not a gate, and exits 0 when goals are missed.
//
//   node bench/perf/main.mjs [--quick]
//
// Sizes and BENCH_ONLY: see options.mjs. One module per measurement; this one
// runs them in order and writes the table.

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { launchBrowser } from "./browser.mjs";
import { bulkSection, crossOriginBulkSection, uiBulkSection } from "./bulk.mjs";
import { largeTenantSection } from "./large-tenant.mjs";
import { prepareSite, startTenant } from "./local-tenant.mjs";
import { memorySection } from "./memory.mjs";
import { BULK_USERS, LARGE_USERS, MEMORY_USERS, STARTUP_RUNS, UI_BULK_USERS, only, out, quick, root } from "./options.mjs";
import { passwordRows } from "./password.mjs";
import { roleRequestsSection } from "./roles.mjs";
import { Report, log, machine } from "./report.mjs";
import { sizeBreakdown } from "./breakdown.mjs";
import { measureSizes, measureWire } from "./size.mjs";
import { startupSection } from "./startup.mjs";

/** Runs one part of the benchmark; a failure becomes a row, not an abort. */
async function section(report, name, key, run) {
  if (only && !only.has(key)) return;
  try {
    await run();
  } catch (error) {
    log(`${name} failed:`, error);
    report.row(name, "could not be measured", String(error.message ?? error).split("\n")[0].replace(/\|/g, "/"), "", "", "", false);
  }
}

export async function main() {
  const begun = Date.now();
  const report = new Report();
  await section(report, "Transfer size", "size", async () => measureSizes(report));
  await section(report, "Size breakdown", "size", async () => sizeBreakdown(report));
  prepareSite();
  const local = await startTenant();
  let browserVersion = "?";
  try {
    const browser = await launchBrowser();
    browserVersion = browser.version();
    log(`local tenant at ${local.base}; Chromium ${browserVersion}`);
    await section(report, "Transfer size", "size", () => measureWire(report, local.base));
    let smallStartup = null;
    try {
      await section(report, "Startup", "startup", async () => {
        smallStartup = await startupSection(browser, local.base, report);
      });
      await section(report, "Role checks", "roles", () => roleRequestsSection(browser, local, report));
      await section(report, "Memory", "memory", () => memorySection(browser, local, report));
      await section(report, "Bulk reset", "bulk", () => bulkSection(browser, local, report));
      await section(report, "Bulk reset, cross-origin", "cross", () => crossOriginBulkSection(browser, local, report));
      await section(report, "Bulk reset, UI", "ui", () => uiBulkSection(browser, local, report));
      await section(report, "Large tenant", "large", () => largeTenantSection(browser, local, smallStartup, report));
      await section(report, "Password engine", "password", async () => passwordRows(report));
    } finally {
      await browser.close();
    }
  } finally {
    await local.stop();
  }

  const minutes = ((Date.now() - begun) / 60_000).toFixed(1);
  const header = [
    `Run ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC${quick ? " (--quick)" : ""}, ${minutes} min.`,
    `Machine: ${machine(browserVersion)}.`,
    `Sizes: bulk ${BULK_USERS.toLocaleString("en")} users (${UI_BULK_USERS.toLocaleString("en")} through the UI), memory ${MEMORY_USERS.toLocaleString("en")} users, large tenant ${LARGE_USERS.toLocaleString("en")} users, startup ${STARTUP_RUNS} runs each.`,
  ];
  const markdown = report.markdown(header);
  // A partial run does not replace the last full table.
  const file = only ? join(out, "results-partial.md") : join(root, "bench", "results.md");
  writeFileSync(file, markdown);
  console.log(`\n${markdown}`);
  console.log(`written to ${file.slice(root.length)}`);
}

// Run when started as a script, not when imported (for checks of the modules).
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
