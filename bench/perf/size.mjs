// Transfer size: brotli of what a host page loads for the widget, against the
// reference app.

import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { brotliSize, isWidgetFile } from "../../tests/widget-files.mjs";
import { referenceDist, widgetDist } from "./options.mjs";
import { fmtRatio, kib, log } from "./report.mjs";

function brotliSizes(dir, keep) {
  const files = readdirSync(dir).filter(keep).sort();
  let total = 0;
  const parts = [];
  for (const file of files) {
    const raw = readFileSync(join(dir, file));
    const size = brotliSize(raw);
    total += size;
    parts.push(`${file} ${size}`);
  }
  return { total, parts };
}

export function measureSizes(report) {
  const widget = brotliSizes(widgetDist, isWidgetFile);
  const reference = brotliSizes(referenceDist, (name) => /\.(wasm|js|css)$/.test(name));
  log("widget files (brotli):", widget.parts.join(", "));
  log("reference files (brotli):", reference.parts.join(", "));
  const r = widget.total / reference.total;
  report.row("Transfer size", "brotli -q 11, wasm + js + css", kib(widget.total), kib(reference.total), fmtRatio(r), "<= 0.80x", r <= 0.8);
  const anchors = { Leptos: 48.8, Dominator: 40.1, React: 51.4 };
  report.note(
    `Published size anchors (other apps, not built here): ${Object.entries(anchors)
      .map(([name, size]) => `${name} ${size} KiB`)
      .join(", ")}; the widget is ${(widget.total / 1024 / anchors.Leptos).toFixed(2)}x the Leptos one.`,
  );
}
