// What a host page downloads for the widget, and how its size is counted:
// brotli at quality 11. Shared by the size budget (tests/size-budget.mjs) and
// the benchmark (bench/perf/size.mjs), so both measure the same bytes.
import { brotliCompressSync, constants } from "node:zlib";

/** The wasm, its JS glue, the element module and the stylesheet, by file name in dist/. */
export const isWidgetFile = (name) =>
  name.endsWith(".wasm") ||
  name === "reset-password-element.js" ||
  /^reset[-_]password[-_]widget.*\.js$/.test(name) ||
  /^widget.*\.css$/.test(name);

export function brotliSize(raw) {
  return brotliCompressSync(raw, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
  }).length;
}
