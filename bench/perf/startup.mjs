// Startup: first contentful paint and the `interactive` mark, with the CPU
// slowed down, each load in a fresh browser context.

import { CPU_SLOWDOWN, STARTUP_RUNS, startupLabel } from "./options.mjs";
import { openPage, startupParts, startupTimes } from "./browser.mjs";
import { fmtRatio, log, median, ms, ratio } from "./report.mjs";

/** Medians of `runs` loads of one page, each in a fresh context (the large tenant compares with these). */
export async function startupRuns(browser, url, runs, label) {
  const fcp = [];
  const interactive = [];
  for (let i = 0; i < runs; i++) {
    const { context, page } = await openPage(browser, url, { slowdown: CPU_SLOWDOWN });
    const times = await startupTimes(page);
    await context.close();
    if (times.fcp != null) fcp.push(times.fcp);
    interactive.push(times.interactive);
  }
  log(`${label}: FCP ${fcp.map(Math.round).join(", ")}; interactive ${interactive.map(Math.round).join(", ")}`);
  return { fcp: fcp.length ? median(fcp) : null, interactive: median(interactive) };
}

/** Widget and reference, alternating, each load in a fresh browser context. */
export async function startupSection(browser, base, report) {
  log(`startup: ${STARTUP_RUNS} runs each, CPU ${CPU_SLOWDOWN}x slower`);
  const runs = { widget: { fcp: [], interactive: [] }, reference: { fcp: [], interactive: [] } };
  const parts = [];
  for (let i = 0; i < STARTUP_RUNS; i++) {
    for (const [url, into] of [
      [`${base}/bench-widget.html`, runs.widget],
      [`${base}/reference/`, runs.reference],
    ]) {
      const { context, page } = await openPage(browser, url, { slowdown: CPU_SLOWDOWN });
      const times = await startupTimes(page);
      if (into === runs.widget) parts.push(await startupParts(page));
      await context.close();
      if (times.fcp != null) into.fcp.push(times.fcp);
      into.interactive.push(times.interactive);
    }
  }
  reportParts(parts, report);
  for (const [name, r] of Object.entries(runs)) {
    log(`${name}: FCP ${r.fcp.map(Math.round).join(", ")}; interactive ${r.interactive.map(Math.round).join(", ")}`);
  }
  const w = { fcp: median(runs.widget.fcp), interactive: median(runs.widget.interactive) };
  const ref = { fcp: median(runs.reference.fcp), interactive: median(runs.reference.interactive) };
  const fcp = ratio(w.fcp, ref.fcp);
  const interactive = ratio(w.interactive, ref.interactive);
  report.row("Startup", `first contentful paint (${startupLabel})`, ms(w.fcp), ms(ref.fcp), fmtRatio(fcp), "<= 1.00x", fcp <= 1.0);
  report.row("Startup", `\`interactive\` mark: first page shown (${startupLabel})`, ms(w.interactive), ms(ref.interactive), fmtRatio(interactive), "<= 1.00x", interactive <= 1.0);
  return w;
}

const PARTS = [
  ["jsDownloaded", "JS glue downloaded"],
  ["wasmDownloaded", "wasm downloaded"],
  ["wasmReady", "wasm compiled and instantiated"],
  ["mounted", "widget frame rendered"],
  ["firstRequest", "first API request sent"],
  ["requestsAnswered", "last API answer before the list"],
  ["interactive", "first page of users shown (`interactive`)"],
];

/** The widget's first screen in its parts: medians, in ms from navigation start. */
function reportParts(parts, report) {
  if (!parts.length) return;
  log(`startup requests of the last run: ${parts.at(-1).requests.join(", ")}`);
  const cells = PARTS.map(([key, label]) => {
    const values = parts.map((p) => p[key]).filter((v) => v != null);
    return `${label} ${values.length ? ms(median(values)) : "n/a"}`;
  });
  report.row("Startup", `first screen in parts, ms from navigation (${startupLabel})`, cells.join("; "), "", "", "", null);
}
