// Bulk reset under the tenant's write bucket: the widget's client without its
// UI and the widget's dialog, against a naive client that resends every 429
// at once. Writes are recorded on the page's clock to check Retry-After.

import { randomInt } from "node:crypto";
import { ADMIN, BULK_CONCURRENCY, BULK_USERS, CAPACITY_PROBE, CAPACITY_SHARE, CROSS_ORIGIN_USERS, UI_BULK_USERS, WRITE_RATE } from "./options.mjs";
import { openPage, resetEnabled, selectedCount, sleep, slowestEvent, watchEvents, widgetNodes } from "./browser.mjs";
import { reseed, targetIds } from "./local-tenant.mjs";
import { fmtRatio, log, ms } from "./report.mjs";

/**
 * Installed before the page's own scripts: records every password reset the
 * page sends through fetch (the wasm glue looks fetch up on window at each
 * call), on the page's clock: when it was sent, when its answer arrived, its
 * status and Retry-After. A retry's wait starts no earlier than that arrival.
 */
function recordWrites() {
  const original = window.fetch;
  window.benchWrites = [];
  const now = () => performance.timeOrigin + performance.now();
  window.fetch = function (input, init) {
    const request = input instanceof Request ? input : null;
    const method = String(init?.method ?? request?.method ?? "GET").toUpperCase();
    const url = String(request ? request.url : input);
    const sent = now();
    const answer = original.apply(this, arguments);
    if (method === "PATCH" && url.includes("/v1.0/users/")) {
      const entry = { url, sent, status: 0, retryAfter: null, answered: null };
      window.benchWrites.push(entry);
      answer.then(
        (response) => {
          entry.answered = now();
          entry.status = response.status;
          entry.retryAfter = Number(response.headers.get("retry-after")) || null;
        },
        () => {
          entry.answered = now();
        },
      );
    }
    return answer;
  };
}

/** Throughput, 429 share and Retry-After discipline of a list of writes. */
function analyseWrites(writes, startedAt) {
  const ok = writes.filter((w) => w.status >= 200 && w.status < 300);
  const throttled = writes.filter((w) => w.status === 429);
  // Loops, not Math.min(...list): a naive run makes too many requests to spread.
  const firstSent = writes.reduce((min, w) => Math.min(min, w.sent), Infinity);
  const lastOk = ok.reduce((max, w) => Math.max(max, w.answered), -Infinity);
  const seconds = (lastOk - (startedAt ?? firstSent)) / 1000;
  // The earliest each retry came, measured from the end of its Retry-After.
  const byUrl = new Map();
  for (const w of [...writes].sort((a, b) => a.sent - b.sent)) {
    if (!byUrl.has(w.url)) byUrl.set(w.url, []);
    byUrl.get(w.url).push(w);
  }
  let earliestMargin = null;
  let early = 0;
  for (const list of byUrl.values()) {
    for (let i = 1; i < list.length; i++) {
      const previous = list[i - 1];
      if (previous.status !== 429 || previous.answered == null) continue;
      const margin = list[i].sent - (previous.answered + (previous.retryAfter ?? 0) * 1000);
      if (earliestMargin == null || margin < earliestMargin) earliestMargin = margin;
      if (margin < 0) early++;
    }
  }
  return {
    requests: writes.length,
    ok: ok.length,
    failed: writes.length - ok.length - throttled.length,
    throttled: throttled.length,
    seconds,
    perSecond: ok.length / seconds,
    earliestMargin,
    early,
  };
}

/**
 * The widget's own bulk path, driven through its UI: "Select all N matching"
 * (every user of the tenant, read page by page and role-checked), reset.
 */
async function widgetBulk({ context, page }, local, rate) {
  const started = Date.now();
  await page.getByRole("button", { name: /^Select all \d+ matching users$/ }).click({ timeout: 60_000 });
  const open = page.getByRole("button", { name: "Reset password", exact: true });
  await open.waitFor({ state: "visible" });
  await resetEnabled(page, 30 * 60_000, 1000);
  const selectSeconds = (Date.now() - started) / 1000;
  const selected = await selectedCount(page);
  log(`selected ${selected} users in ${selectSeconds.toFixed(1)} s (role checks included)`);

  await open.click();
  const dialog = page.getByRole("dialog");
  const mail = dialog.getByRole("checkbox", { name: "Email the password to the following recipients" });
  if (await mail.isChecked()) await mail.uncheck();
  await local.tenant.throttle(rate, rate);
  await page.evaluate(() => {
    window.benchWrites.length = 0;
  });
  await watchEvents(page);
  await dialog.getByRole("button", { name: "Reset password", exact: true }).click();

  // Click on the dialog's heading now and then: a user who waits and pokes
  // at the page. Event Timing says how long each click took to be painted.
  const box = await dialog.boundingBox();
  const deadline = Date.now() + (selected / rate) * 4000 + 120_000;
  while (Date.now() < deadline) {
    const settled = await page.evaluate(() => window.widgetEvents.done + window.widgetEvents.error);
    if (settled >= selected) break;
    await page.mouse.click(box.x + 24, box.y + 12);
    await sleep(1000);
  }
  const responsiveness = await slowestEvent(page);
  const events = await page.evaluate(() => window.widgetEvents);
  const result = analyseWrites(await page.evaluate(() => window.benchWrites), null);
  // The result table of every user is on screen now: only its rows in view are in the page.
  const nodes = await widgetNodes(page);
  await context.close();
  log(`widget bulk: ${JSON.stringify({ ...result, events, responsiveness, nodes })}`);
  return { selected, selectSeconds, result, events, responsiveness, nodes };
}

/**
 * The widget's client and workers without the UI (bench/bulk-client); with
 * `crossOrigin`, from a page on another origin, where the tenant's
 * `Retry-After` cannot be read (as Graph's cannot).
 */
async function clientBulk(browser, local, ids, rate, { crossOrigin = false } = {}) {
  const origin = crossOrigin ? local.otherOrigin : local.base;
  const apiBase = crossOrigin ? `${local.base}/v1.0` : "/v1.0";
  const { context, page } = await openPage(browser, `${origin}/bench-bulk.html`, {
    interactive: false,
    init: recordWrites,
  });
  await page.waitForFunction(() => window.bulkReady === true);
  if (crossOrigin) {
    const token = await local.tenant.token(ADMIN);
    await page.evaluate((value) => {
      window.benchToken = value;
    }, token);
  }
  await local.tenant.throttle(rate, rate);
  await watchEvents(page);
  const started = Date.now();
  let finished = false;
  const run = page.evaluate(([list, base]) => window.resetAll(list, base), [ids, apiBase]).finally(() => {
    finished = true;
  });
  while (!finished) {
    await page.mouse.click(20, 20);
    await sleep(1000);
  }
  const [reset, failed] = await run;
  const responsiveness = await slowestEvent(page);
  const writes = await page.evaluate(() => window.benchWrites);
  const result = analyseWrites(writes, null);
  result.retryAfterRead = writes.some((w) => w.retryAfter != null);
  await context.close();
  log(`client bulk${crossOrigin ? ", cross-origin" : ""}: ${JSON.stringify({ ...result, reset, failed, responsiveness })}`);
  return { result, reset, failed, responsiveness };
}

/** A password that meets the tenant's policy: 16 characters, four classes. */
function naivePassword() {
  const sets = ["ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnpqrstuvwxyz", "23456789", "!#$%&*+-=?@^_"];
  const all = sets.join("");
  const chars = sets.map((set) => set[randomInt(set.length)]);
  while (chars.length < 16) chars.push(all[randomInt(all.length)]);
  return chars.join("");
}

/** Fixed concurrency, ignores Retry-After: every 429 is resent at once. */
async function naiveBulk(local, ids, { rate }) {
  const token = await local.tenant.token(ADMIN);
  const queue = [...ids];
  const writes = [];
  await local.tenant.throttle(rate, rate);
  const started = Date.now();
  async function worker() {
    for (;;) {
      const id = queue.shift();
      if (!id) return;
      const body = JSON.stringify({
        passwordProfile: { password: naivePassword(), forceChangePasswordNextSignIn: true },
      });
      for (;;) {
        const entry = { url: id, sent: Date.now(), status: null, retryAfter: null, answered: null };
        writes.push(entry);
        const response = await fetch(`${local.base}/v1.0/users/${encodeURIComponent(id)}`, {
          method: "PATCH",
          headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
          body,
        });
        await response.arrayBuffer();
        entry.answered = Date.now();
        entry.status = response.status;
        entry.retryAfter = Number(response.headers.get("retry-after") ?? 0) || null;
        if (response.status !== 429) break;
      }
    }
  }
  await Promise.all(Array.from({ length: BULK_CONCURRENCY }, worker));
  const result = analyseWrites(writes, started);
  log(`naive bulk: ${JSON.stringify(result)}`);
  return result;
}

const share = (r) => `${r.throttled} / ${r.requests} (${((100 * r.throttled) / r.requests).toFixed(1)} %)`;

const early = (r) =>
  `${r.early} (earliest retry: ${r.earliestMargin == null ? "none" : `${Math.round(r.earliestMargin)} ms after its end`})`;

/**
 * Resets per second the local tenant manages here without a bucket (it hashes
 * each password with Argon2): a bucket faster than that would never throttle.
 */
async function tenantCapacity(local) {
  const ids = (await targetIds(local)).slice(0, CAPACITY_PROBE);
  const result = await naiveBulk(local, ids, { rate: 0 });
  return result.perSecond;
}

let chosenRate = null;

/** WRITE_RATE, or less when the tenant cannot reset that fast here (decided once). */
async function bucketRate(local, report) {
  if (chosenRate != null) return chosenRate;
  const capacity = await tenantCapacity(local);
  chosenRate = Math.max(1, Math.min(WRITE_RATE, Math.floor(capacity * CAPACITY_SHARE)));
  log(`tenant capacity ${capacity.toFixed(1)} resets/s unthrottled; bucket ${chosenRate} writes/s`);
  if (chosenRate < WRITE_RATE) {
    report.note(
      `The local tenant reset only ${capacity.toFixed(1)} passwords/s here without a bucket (Argon2 hashing on a shared 2-core machine), ` +
        `so the bucket ran at ${chosenRate} writes/s (${Math.round(CAPACITY_SHARE * 100)} % of that) instead of ${WRITE_RATE}, for the bucket rather than the hashing to be the limit.`,
    );
  }
  return chosenRate;
}

/** BULK_USERS resets: the widget's client against the naive client. */
export async function bulkSection(browser, local, report) {
  await reseed(local, BULK_USERS + 1);
  const rate = await bucketRate(local, report);
  await reseed(local, BULK_USERS + 1);
  const client = await clientBulk(browser, local, await targetIds(local), rate);
  await reseed(local, BULK_USERS + 1);
  const naive = await naiveBulk(local, await targetIds(local), { rate });

  const c = client.result;
  const label = `${(client.reset + client.failed).toLocaleString("en")} users, bucket of ${rate} writes/s`;
  report.row("Bulk reset", `throughput (${label})`, `${c.perSecond.toFixed(2)}/s`, `bound ${rate}/s`, fmtRatio(c.perSecond / rate), ">= 0.95x", c.perSecond / rate >= 0.95);
  report.row("Bulk reset", "time to reset all", `${c.seconds.toFixed(1)} s`, `naive client ${naive.seconds.toFixed(1)} s`, fmtRatio(c.seconds / naive.seconds), "<= 0.80x", c.seconds / naive.seconds <= 0.8);
  report.row("Bulk reset", "429 answers / requests", share(c), `naive ${share(naive)}`, "", "<= 1 %", c.throttled / c.requests <= 0.01);
  report.row("Bulk reset", "retries sent before Retry-After ended", early(c), `naive ${naive.early}`, "", "0", c.early === 0);
  report.row("Bulk reset", "resets that failed", `${client.failed}`, `naive ${naive.failed}`, "", "0", client.failed === 0);
  report.row("Bulk reset", "slowest Event Timing entry during the run (a click a second)", ms(client.responsiveness.duration), "", "", "<= 200 ms", client.responsiveness.duration <= 200);
}

/** UI_BULK_USERS resets through the widget's UI: select all matching, reset. */
export async function uiBulkSection(browser, local, report) {
  await reseed(local, UI_BULK_USERS + 1);
  const rate = await bucketRate(local, report);
  await reseed(local, UI_BULK_USERS + 1);
  // Only the first page is loaded: "Select all N matching" reads the rest.
  const opened = await openPage(browser, `${local.base}/bench-widget.html`, { init: recordWrites });
  const ui = await widgetBulk(opened, local, rate);
  const r = ui.result;
  const label = `${ui.selected.toLocaleString("en")} users, bucket of ${rate} writes/s`;
  report.row("Bulk reset, UI", `"Select all N matching" (reading every page; roles decided locally), ${label}`, `${ui.selectSeconds.toFixed(1)} s`);
  report.row("Bulk reset, UI", `throughput through the dialog (${label})`, `${r.perSecond.toFixed(2)}/s`, `bound ${rate}/s`, fmtRatio(r.perSecond / rate), ">= 0.95x", r.perSecond / rate >= 0.95);
  report.row("Bulk reset, UI", "429 answers / requests; early retries", `${share(r)}; ${r.early}`, "", "", "<= 1 %; 0", r.throttled / r.requests <= 0.01 && r.early === 0);
  report.row("Bulk reset, UI", "resets that failed", `${ui.events.error}`, "", "", "0", ui.events.error === 0);
  report.row("Bulk reset, UI", "slowest Event Timing entry during the run (a click a second)", ms(ui.responsiveness.duration), "", "", "<= 200 ms", ui.responsiveness.duration <= 200);
  report.row("Bulk reset, UI", `DOM nodes in the widget at the end (result table of ${ui.selected.toLocaleString("en")} users)`, ui.nodes.nodes.toLocaleString("en"), "", "", "< 1,500", ui.nodes.nodes < 1500);
}

/**
 * CROSS_ORIGIN_USERS resets by the widget's client from another origin: the
 * tenant hides Retry-After there, as Graph does, so the pace is all the
 * client has. Against the bucket's rate, measured in the same run.
 */
export async function crossOriginBulkSection(browser, local, report) {
  await reseed(local, CROSS_ORIGIN_USERS + 1);
  const rate = await bucketRate(local, report);
  await reseed(local, CROSS_ORIGIN_USERS + 1);
  const client = await clientBulk(browser, local, await targetIds(local), rate, { crossOrigin: true });
  const c = client.result;
  if (c.retryAfterRead) throw new Error("the page read Retry-After: the run was not cross-origin");
  const label = `${(client.reset + client.failed).toLocaleString("en")} users cross-origin, Retry-After hidden, bucket of ${rate} writes/s`;
  report.row("Bulk reset, cross-origin", `throughput (${label})`, `${c.perSecond.toFixed(2)}/s`, `bound ${rate}/s`, fmtRatio(c.perSecond / rate), ">= 0.95x", c.perSecond / rate >= 0.95);
  report.row("Bulk reset, cross-origin", "429 answers / requests", share(c), "", "", "<= 1 %", c.throttled / c.requests <= 0.01);
  report.row("Bulk reset, cross-origin", "resets that failed", `${client.failed}`, "", "", "0", client.failed === 0);
}
