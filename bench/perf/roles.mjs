// Role checks at scale: the requests the widget makes to decide who the admin
// may reset while "Select all N matching" picks every user of a tenant of
// SMALL_USERS users. It reads who holds which role once (role assignments,
// role-assignable groups and their members and owners, administrative units
// and the members of those that matter), then decides each row locally.

import { openPage, resetEnabled, selectedCount } from "./browser.mjs";
import { reseed } from "./local-tenant.mjs";
import { SMALL_USERS } from "./options.mjs";
import { log } from "./report.mjs";

/** Graph reads that tell roles, group or unit membership apart. */
const ROLE_READ =
  /\/v1\.0\/(roleManagement\/|groups|directory\/administrativeUnits|(me|users\/[^/?]+)\/(transitiveMemberOf|memberOf))/;

export async function roleRequestsSection(browser, local, report) {
  const seeded = await reseed(local, SMALL_USERS);
  const { context, page } = await openPage(browser, `${local.base}/bench-widget.html`);
  try {
    const started = Date.now();
    await page.getByRole("button", { name: /^Select all \d+ matching users$/ }).click({ timeout: 60_000 });
    await resetEnabled(page, 10 * 60_000);
    const seconds = (Date.now() - started) / 1000;
    const urls = await page.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name));
    const roleReads = urls.filter((url) => ROLE_READ.test(url));
    const selected = await selectedCount(page);
    log(`selected ${selected} of ${seeded} users in ${seconds.toFixed(1)} s with ${roleReads.length} role reads:\n  ${roleReads.join("\n  ")}`);
    const label = `"Select all N matching" of ${seeded.toLocaleString("en")} users (${selected.toLocaleString("en")} selected, the others left out with their reason)`;
    report.row("Role checks", `role, group and unit requests, ${label}`, `${roleReads.length}`, "", "", "<= 10", roleReads.length <= 10);
    report.row("Role checks", `time to select them all, ${label}`, `${seconds.toFixed(1)} s`);
  } finally {
    await context.close();
  }
}
