import { test, expect } from "./fixtures.mjs";
import { violations } from "./axe.mjs";
import { readFile } from "node:fs/promises";
import { Tenant } from "./tenant.mjs";
import { AdminPage } from "./widget.mjs";
import { screenshotPath } from "./screenshots.mjs";

// Bulk runs that scale: "Select all N matching" beyond the loaded rows, the
// result table (summary, filter by outcome, virtual list), pause, resume,
// cancel and "Retry failed users". The tenant's write bucket is turned off
// and its resets slowed by latency faults instead, so a run lasts long
// enough to pause or cancel, and no longer: the whole file stays near a
// minute on two cores.

test.describe.configure({ timeout: 120_000 });

// axe is injected as an inline script, which the page's strict CSP (rightly) blocks.
test.use({ bypassCSP: true });

test.afterEach(async ({ request }) => {
  // Back to the start's seed for the next spec file.
  await new Tenant(request).reseed();
});

const successfulResets = async (tenant) =>
  (await tenant.audit()).filter((e) => e.action === "resetPassword" && e.outcome === "success");

/** The count the tenant itself gives for a search, as Graph's `$count` does. */
async function tenantCount(tenant, term) {
  const search = encodeURIComponent(`"displayName:${term}" OR "userPrincipalName:${term}" OR "mail:${term}"`);
  const token = await tenant.token("admin@contoso.example");
  const response = await tenant.request.get(`/v1.0/users/$count?$search=${search}`, {
    headers: { Authorization: `Bearer ${token}`, ConsistencyLevel: "eventual" },
  });
  expect(response.status()).toBe(200);
  return Number(await response.text());
}

test("Select all of a 2,000-user search, then cancel mid-run: each user is reset with a password or said not reset", async ({ page, request }) => {
  const tenant = new Tenant(request);
  // 800 generated users per cycle hold 10 named "Anna": 2,000 of them at 160,000.
  await tenant.reseed(160_050);
  await tenant.throttle(0, 1);
  const matching = await tenantCount(tenant, "anna");
  expect(matching).toBeGreaterThanOrEqual(2000);
  expect(matching).toBeLessThan(2100);

  await page.addInitScript(() => {
    window.__cancelled = [];
    document.addEventListener("reset-password:cancelled", (e) => window.__cancelled.push(e.detail));
  });
  const admin = new AdminPage(page);
  await admin.open();
  await admin.search.fill("anna");
  // The count is the tenant's, shown before anything is read or opened.
  await expect(admin.selectAllMatching).toHaveText(`Select all ${matching} matching users`);
  // Only a page of them is loaded: the list does not know its end yet.
  await expect(admin.users).toHaveAttribute("aria-rowcount", "-1");
  await admin.selectAllMatching.click();
  // Every matching user is read and role-checked before the dialog may open.
  await expect(page.getByText(`${matching} selected`)).toBeVisible({ timeout: 60_000 });
  await expect(admin.resetButton).toBeEnabled({ timeout: 60_000 });
  await admin.resetButton.click();
  const dialog = admin.dialog("Reset passwords");
  await expect(dialog.root.getByText(`Reset the passwords of ${matching} users. Each gets its own password.`)).toBeVisible();

  // Slow resets: a few land, then the admin cancels the rest.
  await tenant.injectFaults({ route: "resetPassword", latencyMs: 250, count: 5000 });
  await dialog.submit.click();
  await expect.poll(async () => (await successfulResets(tenant)).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(8);
  await dialog.runButton("Cancel remaining resets").click();
  // Requests already sent are awaited, never left unknown.
  await expect(dialog.close).toBeEnabled({ timeout: 30_000 });
  const resets = await successfulResets(tenant);
  const reset = resets.length;
  expect(reset).toBeLessThan(100);
  const notReset = matching - reset;
  await expect(dialog.summary).toHaveText(`${reset} reset, ${notReset} not reset (cancelled)`);
  // The host hears which users the cancelled run never sent.
  const cancelledEvents = await page.evaluate(() => window.__cancelled);
  expect(cancelledEvents).toHaveLength(1);
  expect(cancelledEvents[0].outcome).toBe("cancelled");
  expect(cancelledEvents[0].userIds).toHaveLength(notReset);
  expect(await admin.widgetNodes()).toBeLessThan(1500);

  // Those reset show their password, and it opens their account (the seed
  // disables one account in 41, which no password opens).
  await dialog.filter.selectOption("reset");
  await expect(dialog.filter.locator("option:checked")).toHaveText(`Reset (${reset})`);
  const shownRows = dialog.results.getByRole("row");
  await expect(shownRows.nth(1).getByLabel(/^Password for /)).toBeVisible();
  let signedIn = 0;
  for (const row of (await shownRows.all()).slice(1, 6)) {
    const upn = await row.getByRole("cell").nth(1).textContent();
    expect(resets.map((e) => e.target)).toContain(upn);
    const password = await row.getByLabel(/^Password for /).inputValue();
    if ((await tenant.signIn(upn, password)).status === 200) signedIn += 1;
  }
  expect(signedIn).toBeGreaterThanOrEqual(4);

  // The others say they were not reset, and the tenant agrees.
  await dialog.filter.selectOption("not-reset");
  const cancelled = dialog.results.getByRole("row").nth(1);
  await expect(cancelled.getByRole("cell").nth(2)).toHaveText("Not reset: the run was cancelled before this user’s turn.");
  await expect(cancelled.getByLabel(/^Password for /)).toHaveCount(0);
  expect(resets.map((e) => e.target)).not.toContain(await cancelled.getByRole("cell").nth(1).textContent());
  await expect(dialog.root.getByRole("button", { name: "Retry failed users" })).toHaveCount(0);
});

test("a bulk run with failures: pause and resume, filter Failed, Retry failed users, CSV from the table", async ({ page, request }) => {
  const tenant = new Tenant(request);
  await tenant.reseed(200);
  await tenant.throttle(0, 1);
  const admin = new AdminPage(page);
  await admin.open();
  // The whole tenant, though only the first page is loaded.
  await expect(admin.selectAllMatching).toHaveText("Select all 200 matching users");
  await admin.selectAllMatching.click();
  // The admin's own account, the user synced from on-premises and the member
  // of the restricted unit Vault cannot be reset here: they are left out, and
  // said so.
  await expect(page.getByText("197 selected")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText("3 of the matching users can’t be reset by you.", { exact: false })).toBeVisible();
  await expect(admin.resetButton).toBeEnabled({ timeout: 30_000 });
  expect(await violations(page)).toEqual([]);
  await admin.resetButton.click();
  const dialog = admin.dialog("Reset passwords");
  await expect(dialog.root.getByText("Reset the passwords of 197 users. Each gets its own password.")).toBeVisible();

  // Each user reset is also signed out: the table gets its sessions column.
  await dialog.root.getByRole("checkbox", { name: "Sign these users out of all sessions" }).check();

  // The first five resets are refused; the others are slowed so the run can be paused.
  await tenant.injectFaults([
    { route: "resetPassword", status: 403, count: 5 },
    { route: "resetPassword", latencyMs: 150, count: 1000 },
  ]);
  await dialog.submit.click();
  await expect.poll(async () => (await successfulResets(tenant)).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(10);
  await dialog.runButton("Pause").click();
  await expect(dialog.root.getByText("Paused. Resets already sent finish; the others wait until you resume.")).toBeVisible();
  // What was sent lands; then nothing more goes out while paused.
  await page.waitForTimeout(1_000);
  const paused = (await successfulResets(tenant)).length;
  await page.waitForTimeout(1_500);
  expect((await successfulResets(tenant)).length).toBe(paused);
  expect(paused).toBeLessThan(192);
  await expect(dialog.close).toBeDisabled();
  await dialog.runButton("Resume").click();
  await expect(dialog.close).toBeEnabled({ timeout: 60_000 });

  await expect(dialog.summary).toHaveText("192 reset, 5 failed, 3 not allowed");
  expect(await successfulResets(tenant)).toHaveLength(192);
  expect(await admin.widgetNodes()).toBeLessThan(1500);
  expect(await violations(page)).toEqual([]);

  await expect(dialog.results.getByRole("columnheader", { name: "Sessions" })).toBeVisible();
  await dialog.filter.selectOption("reset");
  await expect(dialog.results.getByRole("row").nth(1).getByRole("cell").nth(5)).toHaveText("Signed out of all sessions.");

  await dialog.filter.selectOption("failed");
  await expect(dialog.filter.locator("option:checked")).toHaveText("Failed (5)");
  const rows = dialog.results.getByRole("row");
  await expect(rows).toHaveCount(6);
  await page.screenshot({ path: screenshotPath("bulk-table.png") });
  for (const row of await rows.all().then((all) => all.slice(1))) {
    await expect(row.getByRole("cell").nth(2)).toHaveText(/^Not changed: You don.t have permission/);
    await expect(row.getByLabel(/^Password for /)).toHaveCount(0);
  }
  const failedUpns = await rows.evaluateAll((all) => all.slice(1).map((r) => r.cells[1].textContent));

  await dialog.filter.selectOption("not-reset");
  await expect(rows.nth(1).getByRole("cell").nth(2)).toHaveText("Not reset: You can't reset your own password here; change it from your account settings.");

  await dialog.root.getByRole("button", { name: "Retry failed users" }).click();
  await expect(dialog.summary).toHaveText("197 reset, 3 not allowed", { timeout: 30_000 });
  const resets = await successfulResets(tenant);
  expect(resets).toHaveLength(197);
  expect(new Set(resets.map((e) => e.target)).size).toBe(197);
  await dialog.filter.selectOption("failed");
  await expect(dialog.root.getByText("No user has this outcome.")).toBeVisible();

  // The CSV carries every user of the table, the retried ones with the
  // password the tenant now has.
  await dialog.root.getByRole("checkbox", { name: "Include the passwords in the file" }).check();
  const download = page.waitForEvent("download");
  await dialog.root.getByRole("button", { name: "Download results (CSV)" }).click();
  const csv = (await readFile(await (await download).path(), "utf8")).trim().split("\r\n");
  expect(csv).toHaveLength(201);
  expect(csv.filter((row) => row.includes('"Password reset"'))).toHaveLength(197);
  let signedIn = 0;
  for (const upn of failedUpns) {
    const retried = csv.find((row) => row.includes(`"${upn}"`));
    expect(retried).toContain('"Password reset"');
    const password = [...retried.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => m[1].replaceAll('""', '"')).at(-1);
    if ((await tenant.signIn(upn, password)).status === 200) signedIn += 1;
  }
  // One account in 41 of the seed is disabled; no password opens it.
  expect(signedIn).toBeGreaterThanOrEqual(4);
});
