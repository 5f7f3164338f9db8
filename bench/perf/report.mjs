// The table every measurement adds rows to, the notes under it, and the
// formatting of numbers in it.

import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";

export const log = (...args) => console.log("[bench]", ...args);
export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
export const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
export const ms = (value) => (value == null ? "n/a" : `${Math.round(value)} ms`);
export const ratio = (a, b) => (a != null && b ? a / b : null);
export const fmtRatio = (r) => (r == null ? "" : `${r.toFixed(2)}x`);

export class Report {
  constructor() {
    this.rows = [];
    this.notes = [];
  }

  /** One row of the table. `met` is true, false, or null (information only). */
  row(section, metric, widget, reference = "", r = "", goal = "", met = null) {
    this.rows.push({ section, metric, widget, reference, ratio: r, goal, met });
  }

  /** A line under the table. */
  note(text) {
    this.notes.push(text);
  }

  table() {
    const mark = (met) => (met == null ? "" : met ? "✓" : "✗");
    const lines = [
      "| area | measure | widget | reference | ratio | goal | met |",
      "|---|---|---|---|---|---|---|",
      ...this.rows.map((r) => `| ${r.section} | ${r.metric} | ${r.widget} | ${r.reference} | ${r.ratio} | ${r.goal} | ${mark(r.met)} |`),
    ];
    return lines.join("\n");
  }

  /** Header paragraphs, the table, then the notes as a list. */
  markdown(header) {
    const notes = this.notes;
    return `${header.join("\n\n")}\n\n${this.table()}\n${notes.length ? `\n${notes.map((n) => `- ${n}`).join("\n")}\n` : ""}`;
  }
}

export function machine(browserVersion) {
  const cpu = cpus();
  let os = "";
  try {
    os = readFileSync("/etc/os-release", "utf8").match(/PRETTY_NAME="([^"]+)"/)?.[1] ?? "";
  } catch {}
  const rustc = (() => {
    try {
      return execFileSync("rustc", ["--version"], { encoding: "utf8" }).trim();
    } catch {
      return "rustc ?";
    }
  })();
  return `${cpu.length} cores (${cpu[0]?.model.trim()}), ${Math.round(totalmem() / 2 ** 30)} GiB, ${os}; Chromium ${browserVersion}; ${rustc}; node ${process.version}`;
}
