// Memory and DOM size: the first page, then many users loaded by scrolling.

import { MEMORY_USERS } from "./options.mjs";
import { loadAllRows, memory, openPage, widgetNodes } from "./browser.mjs";
import { reseed } from "./local-tenant.mjs";
import { log } from "./report.mjs";

/** DOM size and memory with the first page (default page size), then with `wanted` users loaded. */
async function measureLoaded(browser, base, wanted, report) {
  const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
  let opened = await openPage(browser, `${base}/bench-widget.html`);
  const first = await widgetNodes(opened.page);
  const memoryFirst = await memory(opened.page, opened.cdp);
  await opened.context.close();

  opened = await openPage(browser, `${base}/bench-widget.html?page-size=999`);
  const loaded = await loadAllRows(opened.page, wanted);
  const nodes = await widgetNodes(opened.page);
  const memoryAll = await memory(opened.page, opened.cdp);
  await opened.context.close();
  log(`first page ${first.rows} rows: ${first.nodes} nodes, ${JSON.stringify(memoryFirst)}`);
  log(`loaded ${loaded} rows: ${nodes.nodes} nodes, ${JSON.stringify(memoryAll)}`);

  const total = memoryAll.js + memoryAll.wasm;
  const grown = total - memoryFirst.js - memoryFirst.wasm;
  report.row(
    "Memory",
    `JS heap + wasm memory after GC, ${loaded.toLocaleString("en")} users loaded`,
    `${mib(total)} (JS ${mib(memoryAll.js)}, wasm ${mib(memoryAll.wasm)})`,
    `first page (${first.rows}): ${mib(memoryFirst.js + memoryFirst.wasm)}`,
  );
  report.row(
    "Memory",
    "per user: total / users loaded; growth / users added",
    `${(total / loaded / 1024).toFixed(1)} KiB; ${(grown / (loaded - first.rows) / 1024).toFixed(1)} KiB`,
  );
  report.row("Large tenant", `DOM nodes in the widget, ${first.rows} rows (first page)`, first.nodes.toLocaleString("en"), "", "", "< 1,500", first.nodes < 1500);
  report.row("Large tenant", `DOM nodes in the widget, ${loaded.toLocaleString("en")} users loaded (virtual list)`, nodes.nodes.toLocaleString("en"), "", "", "< 1,500", nodes.nodes < 1500);
}

/** Memory and DOM size with MEMORY_USERS loaded in the widget. */
export async function memorySection(browser, local, report) {
  await reseed(local, MEMORY_USERS);
  await measureLoaded(browser, local.base, MEMORY_USERS, report);
}
