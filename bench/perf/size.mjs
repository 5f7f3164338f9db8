// Transfer size: brotli of what a host page loads for the widget, against the
// reference app.

import { readFileSync, readdirSync } from "node:fs";
import { get } from "node:http";
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

/** Bytes of one GET as they cross the wire, and the encoding the server chose. */
function fetchOnWire(url, acceptEncoding) {
  return new Promise((resolve, reject) => {
    get(url, { headers: { "accept-encoding": acceptEncoding } }, (response) => {
      let bytes = 0;
      response.on("data", (chunk) => (bytes += chunk.length));
      response.on("end", () =>
        resolve({ bytes, encoding: response.headers["content-encoding"] ?? "identity", status: response.statusCode }),
      );
      response.on("error", reject);
    }).on("error", reject);
  });
}

/**
 * What the local tenant actually sends a browser that accepts brotli and gzip,
 * against the files' own sizes: the size gate counts brotli bytes, so this
 * shows that the server delivers them.
 */
export async function measureWire(report, base) {
  const files = readdirSync(widgetDist).filter(isWidgetFile).sort();
  let raw = 0;
  let wire = 0;
  const encodings = new Set();
  for (const file of files) {
    raw += readFileSync(join(widgetDist, file)).length;
    const sent = await fetchOnWire(`${base}/${file}`, "gzip, deflate, br, zstd");
    if (sent.status !== 200) throw new Error(`${file}: HTTP ${sent.status}`);
    wire += sent.bytes;
    encodings.add(sent.encoding);
  }
  const shown = [...encodings].join(", ");
  report.row(
    "Transfer size",
    "on the wire from the local tenant (Accept-Encoding: gzip, deflate, br, zstd)",
    `${kib(wire)} (${shown})`,
    `${kib(raw)} uncompressed`,
    fmtRatio(wire / raw),
    "brotli on every file",
    shown === "br",
  );
}
