// The password engine's rows, read from what `scripts/bench.sh` printed while
// running `cargo bench --bench password_engine` and the browser benchmark.

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { out } from "./options.mjs";

export function passwordRows(report) {
  const host = join(out, "password-host.txt");
  const wasm = join(out, "password-wasm.txt");
  if (existsSync(host)) {
    const text = readFileSync(host, "utf8");
    const engine = text.match(/generate\(\) per password :\s+[\d.]+ s\s+(\d+) ns/);
    const bulk = text.match(/one bulk generator\s+:\s+[\d.]+ s\s+(\d+) ns/);
    const naive = text.match(/getrandom per character\s+:\s+[\d.]+ s\s+(\d+) ns/);
    if (engine && bulk && naive) {
      const e = Number(engine[1]);
      const b = Number(bulk[1]);
      const n = Number(naive[1]);
      report.row("Password engine", "host, generate() per password", `${e} ns`, `naive ${n} ns`, `${(n / e).toFixed(2)}x faster`);
      report.row("Password engine", "host, one bulk generator", `${b} ns`, `naive ${n} ns`, `${(n / b).toFixed(2)}x faster`);
    }
  }
  if (existsSync(wasm)) {
    const text = readFileSync(wasm, "utf8");
    const found = text.match(/(\d+) passwords of (\d+) chars: engine ([\d.]+) s, bulk ([\d.]+) s, naive ([\d.]+) s/);
    if (found) {
      const count = Number(found[1]);
      const per = (s) => Math.round((Number(s) * 1e9) / count);
      const [e, b, n] = [per(found[3]), per(found[4]), per(found[5])];
      report.row("Password engine", "Chromium wasm, generate() per password", `${e} ns`, `naive ${n} ns`, `${(n / e).toFixed(2)}x faster`);
      report.row("Password engine", "Chromium wasm, one bulk generator", `${b} ns`, `naive ${n} ns`, `${(n / b).toFixed(2)}x faster`);
    }
  }
}
