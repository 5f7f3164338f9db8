// The browser side of every measurement: Chromium launched as the end-to-end
// tests launch it, pages opened in fresh contexts, and what is read from them
// (paint and `interactive` marks, Event Timing, DOM size, memory, loaded rows).

import { chromium } from "@playwright/test";
import { launchOptions, viewport } from "../../tests/e2e/browser.mjs";

export const sleep = (millis) => new Promise((resolve) => setTimeout(resolve, millis));

export function launchBrowser() {
  return chromium.launch(launchOptions);
}

export async function openPage(browser, url, { slowdown = 1, interactive = true, init = null } = {}) {
  const context = await browser.newContext({ viewport });
  if (init) await context.addInitScript(init);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  if (slowdown > 1) await cdp.send("Emulation.setCPUThrottlingRate", { rate: slowdown });
  await page.goto(url);
  if (interactive) {
    await page.waitForFunction(() => performance.getEntriesByName("interactive").length > 0, null, {
      timeout: 120_000,
    });
  }
  return { context, page, cdp };
}

/** FCP and the `interactive` mark of a freshly loaded page, in ms. */
export function startupTimes(page) {
  return page.evaluate(() => ({
    fcp: performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? null,
    interactive: performance.getEntriesByName("interactive")[0].startTime,
  }));
}

/**
 * The first screen of the widget in its parts, in ms from navigation start:
 * when the wasm and its JS glue finished downloading, when the module was
 * compiled and instantiated (the element's `reset-password:wasm-ready` mark),
 * when the widget's frame was first rendered (`reset-password:mounted`), when
 * its first API request went out and when the last one before the list
 * answered, and the `interactive` mark (the first page of users shown).
 */
export function startupParts(page) {
  return page.evaluate(() => {
    const mark = (name) => performance.getEntriesByName(name)[0]?.startTime ?? null;
    const resources = performance.getEntriesByType("resource");
    const file = (suffix) => resources.find((r) => new URL(r.name).pathname.endsWith(suffix));
    const interactive = mark("interactive");
    const api = resources.filter((r) => new URL(r.name).pathname.includes("/v1.0/") && r.startTime <= interactive);
    return {
      jsDownloaded: file("/reset-password-widget.js")?.responseEnd ?? null,
      wasmDownloaded: file(".wasm")?.responseEnd ?? null,
      wasmReady: mark("reset-password:wasm-ready"),
      mounted: mark("reset-password:mounted"),
      firstRequest: api.length ? Math.min(...api.map((r) => r.startTime)) : null,
      requestsAnswered: api.length ? Math.max(...api.map((r) => r.responseEnd)) : null,
      requests: api.map((r) => `${new URL(r.name).pathname.replace(/.*\/v1\.0/, "")} ${Math.round(r.startTime)}-${Math.round(r.responseEnd)}`),
      interactive,
    };
  });
}

/** Starts collecting Event Timing entries (16 ms and longer) in the page. */
export function watchEvents(page) {
  return page.evaluate(() => {
    window.benchEvents = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.benchEvents.push({ name: entry.name, duration: entry.duration });
    }).observe({ type: "event", durationThreshold: 16, buffered: false });
  });
}

export async function slowestEvent(page) {
  // Entries are delivered after the next frame: give them time to arrive.
  await sleep(500);
  return page.evaluate(() => {
    const events = window.benchEvents ?? [];
    const slowest = events.reduce((max, e) => (e.duration > max.duration ? e : max), { name: "", duration: 0 });
    return { count: events.length, ...slowest };
  });
}

export function widgetNodes(page) {
  return page.evaluate(() => {
    const widget = document.getElementById("widget");
    const walker = document.createTreeWalker(widget, NodeFilter.SHOW_ALL);
    let nodes = 0;
    while (walker.nextNode()) nodes++;
    return { nodes, elements: widget.querySelectorAll("*").length, rows: widget.querySelectorAll("tbody tr").length };
  });
}

export async function memory(page, cdp) {
  await cdp.send("HeapProfiler.collectGarbage");
  const heap = await cdp.send("Runtime.getHeapUsage");
  const wasm = await page.evaluate(() => window.widgetExports.memory.buffer.byteLength);
  return { js: heap.usedSize, wasm };
}

/** Users loaded so far: the list draws only rows near the view, so this is
 * read from the row index of the last row after scrolling to the end. */
export async function loadedRows(page) {
  return page.evaluate(() => {
    const scroller = document.querySelector("#widget .rpw-table-scroll");
    scroller.scrollTop = scroller.scrollHeight;
    const indexes = [...document.querySelectorAll("#widget tbody tr[aria-rowindex]")].map((r) => Number(r.ariaRowIndex));
    return indexes.length ? Math.max(...indexes) - 1 : 0;
  });
}

/** Scrolls the list's end into view until `wanted` users are loaded (pages
 * load by themselves while scrolling), or until `deadlineMs` passes. */
export async function loadAllRows(page, wanted, deadlineMs = 120_000) {
  const started = Date.now();
  let loaded = 0;
  while (Date.now() - started < deadlineMs) {
    loaded = await loadedRows(page);
    if (loaded >= wanted) return loaded;
    await sleep(100);
  }
  return loaded;
}

/** Waits until the widget's "Reset password" button can be used: every chosen user is decided. */
export async function resetEnabled(page, timeout, polling = 250) {
  await page.waitForFunction(
    () => {
      const button = [...document.querySelectorAll("#widget .rpw-toolbar button")].find(
        (b) => b.textContent.trim() === "Reset password",
      );
      return button && !button.disabled;
    },
    null,
    { timeout, polling },
  );
}

/** The widget's "N selected" count. */
export async function selectedCount(page) {
  return page.evaluate(() =>
    Number((document.querySelector("#widget .rpw-count")?.textContent.match(/\d[\d,]*/) ?? ["0"])[0].replace(/,/g, "")),
  );
}
