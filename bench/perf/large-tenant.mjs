// A large tenant: the first screen against a small one, typing a search, the
// DOM size, and scrolling to the last user.

import { LARGE_USERS, SEARCH, SMALL_USERS, STARTUP_RUNS, startupLabel } from "./options.mjs";
import { loadAllRows, openPage, slowestEvent, watchEvents, widgetNodes } from "./browser.mjs";
import { reseed } from "./local-tenant.mjs";
import { fmtRatio, log, ms, ratio } from "./report.mjs";
import { startupRuns } from "./startup.mjs";

async function searchOnce(browser, base) {
  const { context, page } = await openPage(browser, `${base}/bench-widget.html`);
  await watchEvents(page);
  const box = page.getByRole("searchbox", { name: "Search active users list" });
  await box.click();
  const typed = Date.now();
  await box.pressSequentially(SEARCH, { delay: 120 });
  const lastKey = Date.now();
  await page.waitForFunction(() => performance.getEntriesByName("interactive").length > 1, null, {
    timeout: 120_000,
  });
  const answered = Date.now();
  const slowest = await slowestEvent(page);
  const nodes = await widgetNodes(page);
  await context.close();
  log(`search "${SEARCH}": ${answered - lastKey} ms after the last key, slowest event ${JSON.stringify(slowest)}, ${nodes.rows} rows`);
  return { slowest, afterLastKey: answered - lastKey, typing: lastKey - typed, rows: nodes.rows };
}

async function scrollToEnd(browser, base, total) {
  // Graph pages are sequential (skiptoken), so reaching the last user means
  // loading every page before it; this gives it two minutes at 999 a page.
  const { context, page } = await openPage(browser, `${base}/bench-widget.html?page-size=999`);
  const started = Date.now();
  const loaded = await loadAllRows(page, total, 120_000);
  const seconds = (Date.now() - started) / 1000;
  const nodes = await widgetNodes(page);
  const lastVisible = await page.evaluate((last) => {
    const row = document.querySelector(`#widget tr[aria-rowindex="${last + 1}"]`);
    const box = row?.getBoundingClientRect();
    return box ? box.top < innerHeight && box.bottom > 0 : false;
  }, total);
  await context.close();
  const reached = loaded >= total && lastVisible;
  log(`scroll to end at ${total}: ${loaded} users loaded in ${seconds.toFixed(0)} s, ${nodes.nodes} nodes, last row visible ${lastVisible}`);
  return { reached, rows: loaded, nodes, seconds };
}

/** LARGE_USERS users: first screen against SMALL_USERS, search, DOM, scrolling. */
export async function largeTenantSection(browser, local, small, report) {
  await reseed(local, LARGE_USERS);
  const large = await startupRuns(browser, `${local.base}/bench-widget.html`, STARTUP_RUNS, `widget at ${LARGE_USERS}`);
  const lr = ratio(large.interactive, small?.interactive);
  report.row("Large tenant", `first screen at ${LARGE_USERS.toLocaleString("en")} vs ${SMALL_USERS.toLocaleString("en")} users (\`interactive\`, ${startupLabel})`, ms(large.interactive), ms(small?.interactive), fmtRatio(lr), "<= 1.10x", lr != null && lr <= 1.1);
  const search = await searchOnce(browser, local.base);
  report.row("Large tenant", `typing "${SEARCH}": slowest Event Timing entry`, ms(search.slowest.duration), "", "", "<= 100 ms", search.slowest.duration <= 100);
  report.row("Large tenant", "search answer on screen after the last key (250 ms debounce included)", ms(search.afterLastKey));
  const scroll = await scrollToEnd(browser, local.base, LARGE_USERS);
  report.row("Large tenant", `DOM nodes in the widget, first page at ${LARGE_USERS.toLocaleString("en")}`, scroll.nodes.nodes.toLocaleString("en"), "", "", "< 1,500", scroll.nodes.nodes < 1500);
  report.row("Large tenant", "scrolling to the last user", scroll.reached ? `reached in ${scroll.seconds.toFixed(0)} s` : `not reached in ${scroll.seconds.toFixed(0)} s: ${scroll.rows.toLocaleString("en")} of ${LARGE_USERS.toLocaleString("en")} users loaded (${scroll.nodes.nodes.toLocaleString("en")} DOM nodes)`, "", "", "works", scroll.reached);
}
