// Who holds which role is read once per session, not once per user: the
// role assignments, the role-assignable groups with their members and
// owners, the administrative units with the members of those that matter.
// Selecting thousands of users adds no role request.
import { test, expect } from "./fixtures.mjs";
import { Tenant } from "./tenant.mjs";
import { AdminPage } from "./widget.mjs";

test.describe.configure({ timeout: 120_000 });

test.afterEach(async ({ request }) => {
  // Back to the start's seed for the next spec file.
  await new Tenant(request).reseed();
});

/** The role-related requests the page sends, by path and query. */
function watchRoleReads(page) {
  const reads = [];
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (/\/(roleManagement|groups|directory\/administrativeUnits)\b|\/transitiveMemberOf\b|\/scopedRoleMemberOf\b/.test(url.pathname)) {
      reads.push(`${url.pathname}${url.search}`);
    }
  });
  return reads;
}

test("selecting all users of a search of thousands costs no role request per user: at most 10 in all", async ({ page, request }) => {
  const tenant = new Tenant(request);
  // 800 generated users per cycle hold 10 named "Anna": 2,000 of them at 160,000.
  await tenant.reseed(160_050);
  const reads = watchRoleReads(page);
  const admin = new AdminPage(page);
  await admin.open("admin@contoso.example");
  await admin.search.fill("anna");
  await expect(admin.selectAllMatching).toBeVisible();
  const matching = Number((await admin.selectAllMatching.textContent()).match(/\d+/)[0]);
  expect(matching).toBeGreaterThanOrEqual(2000);
  await admin.selectAllMatching.click();
  await expect(page.getByText(`${matching} selected`)).toBeVisible({ timeout: 60_000 });
  await expect(admin.resetButton).toBeEnabled({ timeout: 60_000 });

  expect(reads.length, reads.join("\n")).toBeLessThanOrEqual(10);
  // No per-user lookup at all, and each list read once.
  expect(reads.filter((r) => /\/users\//.test(r)), reads.join("\n")).toEqual([]);
  const paths = reads.map((r) => r.split("?")[0]);
  expect(new Set(paths).size, reads.join("\n")).toBe(paths.length);
  expect(reads).toContain("/v1.0/roleManagement/directory/roleAssignments?$expand=principal");
  expect(paths).toContain("/v1.0/groups");
  expect(paths).toContain("/v1.0/directory/administrativeUnits");
});

test("the roles are read again only when asked, each list once more", async ({ page }) => {
  const reads = watchRoleReads(page);
  const admin = new AdminPage(page);
  await admin.open("pwadmin@contoso.example");
  await admin.selectUser("Nadia Lefèvre", "nadia");
  await expect(admin.resetButton).toBeEnabled();
  const first = [...reads];
  // The assignments, the role-assignable group's members and owners, the
  // groups, the units and the restricted unit's members.
  expect(first.length, first.join("\n")).toBeGreaterThanOrEqual(5);
  await admin.selectUser("Élodie Dupré", "elodie");
  expect(reads).toEqual(first);

  await page.getByRole("button", { name: "Check my roles again", exact: true }).click();
  await expect.poll(() => reads.length).toBe(2 * first.length);
  expect(reads.slice(first.length).sort()).toEqual([...first].sort());
  // The selection stays: both may still be reset.
  await expect(page.getByText("2 selected")).toBeVisible();
  await expect(admin.resetButton).toBeEnabled();
});
