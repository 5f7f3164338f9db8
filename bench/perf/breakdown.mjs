// Where the wasm's bytes go: every item of a build that keeps its names
// (cargo's release output, before wasm-bindgen and wasm-opt strip them), read
// with twiggy, summed by crate and by feature of the widget. The shares are of
// that build; the shipped file is smaller but divides much the same way.

import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { root } from "./options.mjs";
import { kib, log } from "./report.mjs";

export const namedWasm = join(root, "target", "wasm32-unknown-unknown", "release", "reset_password_widget.wasm");

// First match wins: the more specific paths come first.
const FEATURES = [
  ["languages", /::i18n::/],
  ["print", /::print_sheet/],
  ["CSV", /reset::(report|download)/],
  ["result panel", /reset::components::(result|outcome_card)|components::secret_field/],
  ["generator", /password::(generator|passphrase|random|charset)|reset::components::generator/],
  ["policy", /password::(policy|banned|strength|secret)/],
  ["reset dialog and flow", /::reset::/],
  ["recent resets", /::follow_up::/],
  ["list", /::users::/],
  ["API and retries", /::api::/],
  ["widget shell and config", /reset_password_widget::/],
];

/** The widget feature a function belongs to, by its path; null when it is not the widget's own. */
export function featureOf(name) {
  const found = FEATURES.find(([, pattern]) => pattern.test(name));
  return found ? found[0] : null;
}

/** The crate a (demangled) item name comes from: its first path segment. */
export function crateOf(name) {
  if (/^data segment|^data\[\d+\]$/.test(name)) return "data (strings, tables)";
  if (/^(code|type|import|export|elem|table|memory|global)\[/.test(name)) return "wasm tables";
  // `<F as tachys::html::event::EventCallback<E>>::invoke`: generic code of the trait's crate.
  const bare = name.replace(/\[[0-9a-f]{16}\]/g, "");
  const implemented = bare.match(/^<[^<>]*(?:<[^<>]*>)?[^<>]* as ([A-Za-z_][A-Za-z0-9_]*)::/);
  if (implemented) return implemented[1];
  // `<&mut serde_json::de::Deserializer<R> as ...>`, `core[c5930c85a12de822]::num::...`
  const path = name.replace(/^(<|&|\*|\(|\s|dyn\s|impl\s|mut\s|const\s)+/, "").replace(/\[[0-9a-f]{16}\]/g, "");
  const segment = path.match(/^([A-Za-z_][A-Za-z0-9_]*)::/);
  return segment ? segment[1] : "other";
}

/**
 * What wasm-bindgen and wasm-opt remove before shipping: the name and custom
 * sections, and wasm-bindgen's type-description functions and their exports.
 */
const isStripped = (name) => /subsection$|^custom section|__wbindgen_describe/.test(name);

/** Parses `twiggy top --format csv`: one item per line, name and shallow size in bytes. */
export function parseTop(csv) {
  const [header, ...lines] = csv.trim().split("\n");
  const columns = header.split(",");
  const nameAt = columns.indexOf("Name");
  const sizeAt = columns.indexOf("ShallowSize");
  if (nameAt < 0 || sizeAt < 0) throw new Error(`unexpected twiggy columns: ${header}`);
  return lines
    .map((line) => {
      // Names may contain commas; twiggy quotes them.
      const cells = line.match(/("([^"]|"")*"|[^,]*)(,|$)/g).map((c) => c.replace(/,$/, "").replace(/^"|"$/g, "").replace(/""/g, '"'));
      return { name: cells[nameAt], size: Number(cells[sizeAt]) };
    })
    .filter((item) => Number.isFinite(item.size) && !/^Σ|^\.\.\. and/.test(item.name) && !isStripped(item.name));
}

/** Sums sizes by a key; returns [key, bytes] sorted, largest first. */
function sumBy(items, key) {
  const totals = new Map();
  for (const item of items) {
    const k = key(item);
    if (k != null) totals.set(k, (totals.get(k) ?? 0) + item.size);
  }
  return [...totals].sort((a, b) => b[1] - a[1]);
}

const share = (bytes, total) => `${((100 * bytes) / total).toFixed(1)} %`;

export function sizeBreakdown(report) {
  if (!existsSync(namedWasm)) throw new Error(`${namedWasm} is missing: run trunk build --release first`);
  const csv = execFileSync("twiggy", ["top", "-n", "1000000", "--format", "csv", namedWasm], {
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  const items = parseTop(csv);
  const total = items.reduce((sum, item) => sum + item.size, 0);
  const crates = sumBy(items, (item) => crateOf(item.name));
  const features = sumBy(items, (item) => featureOf(item.name));
  const own = features.reduce((sum, [, bytes]) => sum + bytes, 0);
  const top = [...items].sort((a, b) => b.size - a.size).slice(0, 15);

  log("largest items:", top.map((i) => `${i.size} ${i.name.slice(0, 90)}`).join("\n  "));
  report.row("Size breakdown", "named build (before wasm-opt), code and data", kib(total), "", "", "", null);
  report.note(
    `Wasm by crate (named build, ${kib(total)}): ${crates
      .slice(0, 12)
      .map(([name, bytes]) => `${name} ${kib(bytes)} (${share(bytes, total)})`)
      .join(", ")}.`,
  );
  report.note(
    `Wasm by widget feature (functions the widget's own modules define, ${share(own, total)} of the file; ` +
      `generic code of Leptos and std instantiated for them counts under its crate): ${features
        .map(([name, bytes]) => `${name} ${kib(bytes)}`)
        .join(", ")}.`,
  );
  report.note(
    `Largest items: ${top
      .slice(0, 10)
      .map((i) => `${i.name.replace(/::h[0-9a-f]{16}$/, "").slice(0, 70).replace(/\|/g, "/")} ${kib(i.size)}`)
      .join("; ")}.`,
  );
}
