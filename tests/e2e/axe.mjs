// axe-core, as every accessibility check of the suite runs it. Pages that use
// it need `test.use({ bypassCSP: true })`: axe is injected as an inline
// script, which the page's strict CSP (rightly) blocks.
import { createRequire } from "node:module";

const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

/** The rules of WCAG 2.2 AA and axe's best practices, for a whole page. */
export const ALL_RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

/**
 * axe's violations as `rule: nodes` lines. `selector` limits the check (by
 * default to the widget: the demo page around it is not the product; `null`
 * checks the whole page); `tags` picks the rules (axe's default set otherwise).
 */
export async function violations(page, { selector = "reset-password-widget", tags } = {}) {
  await page.addScriptTag({ path: axePath });
  return page.evaluate(
    async ({ selector, tags }) => {
      const context = selector ? document.querySelector(selector) : document;
      const options = tags ? { runOnly: { type: "tag", values: tags } } : {};
      const result = await window.axe.run(context, options);
      return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    },
    { selector, tags },
  );
}
