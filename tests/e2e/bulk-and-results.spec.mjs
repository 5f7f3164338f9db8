import { test, expect } from "./fixtures.mjs";
import { readFile } from "node:fs/promises";
import { Tenant } from "./tenant.mjs";
import { AdminPage } from "./widget.mjs";
import { screenshotPath } from "./screenshots.mjs";

test.beforeEach(async ({ request }) => {
  await new Tenant(request).reseed();
  await new Tenant(request).clearFaults();
});

/**
 * Ticks the first `count` users this admin may reset, in list order. The list
 * draws only the rows near the view, so rows are found by their position in
 * the whole list (aria-rowindex; row 1 is the header), not among those drawn.
 */
async function selectFirst(page, admin, count) {
  const names = [];
  for (let position = 2; names.length < count; position += 1) {
    const box = admin.users.locator(`tr[aria-rowindex="${position}"]`).getByRole("checkbox");
    if (await box.isDisabled()) continue;
    // Ticking checks the user's roles; a user this admin may not reset
    // (their own account) is refused and its box disabled.
    await box.click();
    await expect.poll(async () => (await box.isChecked()) || (await box.isDisabled())).toBe(true);
    if (!(await box.isChecked())) continue;
    names.push((await box.getAttribute("aria-label")).replace(/^Select /, ""));
  }
  await expect(page.getByText(`${count} selected`)).toBeVisible();
  return names;
}

/** The cells of one CSV row: every cell quoted, inner quotes doubled. */
const csvCells = (row) => [...row.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => m[1].replaceAll('""', '"'));

const successfulResets = async (tenant) =>
  (await tenant.audit()).filter((e) => e.action === "resetPassword" && e.outcome === "success");

test("bulk reset of 25 users: one fails, Retry failed users resets it alone, CSV lists every outcome", async ({ page, request }) => {
  const tenant = new Tenant(request);
  const admin = new AdminPage(page);
  await admin.open();
  const names = await selectFirst(page, admin, 25);
  await admin.resetButton.click();
  const dialog = admin.dialog("Reset passwords");
  await expect(dialog.root.getByText("Reset the passwords of 25 users. Each gets its own password.")).toBeVisible();
  await expect(dialog.root.getByText("Each user gets a different password made with these options.")).toBeVisible();

  await tenant.injectFaults({ route: "resetPassword", status: 500, count: 1 });
  await dialog.submit.click();
  await expect(dialog.close).toBeEnabled({ timeout: 30_000 });
  await expect(dialog.root.getByRole("progressbar")).toHaveCount(0);

  // A 500 leaves the reset unconfirmed: it may have been applied.
  const failed = dialog.root.getByText(/did not confirm whether the password of .+ was changed\. The tenant had a problem \(HTTP 500\)/);
  await expect(failed).toHaveCount(1);
  const shown = dialog.root.getByLabel(/^Password for /);
  await expect(shown).toHaveCount(24);
  expect(await successfulResets(tenant)).toHaveLength(24);
  await page.screenshot({ path: screenshotPath("bulk-result.png") });

  // The CSV without passwords first.
  const plain = page.waitForEvent("download");
  await dialog.root.getByRole("button", { name: "Download results (CSV)" }).click();
  const plainCsv = await readFile(await (await plain).path(), "utf8");
  const rows = plainCsv.trim().split("\r\n");
  expect(rows[0]).toBe('"Display name","Username","Outcome","Notification email"');
  expect(rows).toHaveLength(26);
  expect(rows.filter((r) => r.includes('"Password reset"'))).toHaveLength(24);
  expect(rows.filter((r) => r.includes('"Not confirmed, may have been changed: The tenant had a problem (HTTP 500)'))).toHaveLength(1);
  for (const password of await shown.evaluateAll((inputs) => inputs.map((i) => i.value))) {
    expect(plainCsv).not.toContain(password);
  }

  const retry = dialog.root.getByRole("button", { name: "Retry failed users" });
  await retry.click();
  await expect(shown).toHaveCount(25);
  await expect(failed).toHaveCount(0);
  await expect(retry).toHaveCount(0);
  const resets = await successfulResets(tenant);
  expect(resets).toHaveLength(25);
  // Every user reset exactly once over the run and its retry.
  expect(new Set(resets.map((e) => e.target)).size).toBe(25);

  // With the box ticked, the file carries each confirmed password.
  await dialog.root.getByRole("checkbox", { name: "Include the passwords in the file" }).check();
  const withPasswords = page.waitForEvent("download");
  await dialog.root.getByRole("button", { name: "Download results (CSV)" }).click();
  const fullCsv = await readFile(await (await withPasswords).path(), "utf8");
  expect(fullCsv.split("\r\n")[0]).toBe('"Display name","Username","Outcome","Notification email","Password"');
  const firstName = names[0];
  const firstPassword = await dialog.passwordFor(firstName).inputValue();
  const firstRow = fullCsv.split("\r\n").find((r) => r.startsWith(`"${firstName}"`));
  expect(firstRow.endsWith(`"${firstPassword.replaceAll('"', '""')}"`)).toBe(true);
  const signIn = await tenant.signIn(firstRow.split('","')[1], firstPassword);
  expect(signIn.status).toBe(200);
  // Every exported password is the one the tenant confirmed, character for
  // character: a spreadsheet guard on the cell would make it another password.
  // (The tenant seeds disabled accounts, two among these, which no password opens.)
  let signedIn = 0;
  for (const row of fullCsv.trim().split("\r\n").slice(1)) {
    const [displayName, userName, , , exported] = csvCells(row);
    expect(exported, displayName).toBe(await dialog.passwordFor(displayName).inputValue());
    if ((await tenant.signIn(userName, exported)).status === 200) signedIn += 1;
  }
  expect(signedIn).toBeGreaterThanOrEqual(23);
});

test("Retry failed users draws a new password for one the tenant refused, and never sends that one again", async ({ page, request }) => {
  const tenant = new Tenant(request);
  const dialog = await new AdminPage(page).openResetFor("Nadia Lefèvre", "nadia");
  await dialog.emailPassword.uncheck();
  await dialog.autoGenerate.uncheck();
  // The widget accepts it; the tenant's custom banned list refuses it.
  const refused = "Northwind#Seattle1";
  await dialog.password.fill(refused);
  const sent = [];
  page.on("request", (r) => {
    if (r.method() === "PATCH" && r.url().includes("/v1.0/users/")) sent.push(r.postData() ?? "");
  });
  await dialog.submit.click();
  await expect(dialog.root.getByText(/The password of Nadia Lefèvre was not changed\. The tenant refused this password/)).toBeVisible();

  await dialog.root.getByRole("button", { name: "Retry failed users" }).click();
  const shown = dialog.passwordFor("Nadia Lefèvre");
  await expect(shown).toHaveValue(/^.{16}$/);
  const password = await shown.inputValue();
  expect(password).not.toBe(refused);
  expect(sent).toHaveLength(2);
  expect(sent[0]).toContain(refused);
  expect(sent[1]).not.toContain(refused);
  const outcomes = (await tenant.resetsOf("nadia.lefevre@contoso.example")).map((e) => e.outcome);
  expect(outcomes).toEqual(["Request_BadRequest", "success"]);
  expect((await tenant.signIn("nadia.lefevre@contoso.example", password)).status).toBe(200);
});

test("the print view puts only the new passwords on paper", async ({ page }) => {
  await page.addInitScript(() => {
    window.__printCalls = 0;
    window.print = () => {
      window.__printCalls += 1;
    };
  });
  const admin = new AdminPage(page);
  await admin.open();
  await admin.selectUser("Élodie Dupré", "elodie");
  await admin.resetButton.click();
  const dialog = admin.dialog();
  await dialog.emailPassword.uncheck();
  await dialog.submit.click();
  const password = await dialog.passwordFor("Élodie Dupré").inputValue();
  expect(password).toHaveLength(16);

  await dialog.root.getByRole("button", { name: "Print" }).click();
  await expect.poll(() => page.evaluate(() => window.__printCalls)).toBe(1);
  const sheet = page.locator(".rpw-print-sheet");
  await expect(sheet).toBeHidden();

  await page.emulateMedia({ media: "print" });
  await expect(sheet).toBeVisible();
  await expect(sheet.getByRole("cell", { name: password, exact: true })).toBeVisible();
  await expect(sheet.getByRole("cell", { name: "elodie.dupre@contoso.example" })).toBeVisible();
  // The host page and the widget's controls stay off the paper.
  const hidden = await page.evaluate(() => ({
    hostNavigation: getComputedStyle(document.querySelector("nav")).visibility,
    closeButton: getComputedStyle(document.querySelector(".rpw-actions button")).visibility,
  }));
  expect(hidden).toEqual({ hostNavigation: "hidden", closeButton: "hidden" });
  await page.screenshot({ path: screenshotPath("print-view.png") });

  await page.emulateMedia({ media: "screen" });
  await dialog.close.click();
  await expect(sheet).toHaveCount(0);
  expect(await page.evaluate(() => document.documentElement.outerHTML)).not.toContain(password);
});

test("generator options: length, character types, strength, regenerate, and the shown password is the one set", async ({ page, request }) => {
  const tenant = new Tenant(request);
  const admin = new AdminPage(page);
  await admin.open();
  await admin.selectUser("Nadia Lefèvre", "nadia");
  await admin.resetButton.click();
  const dialog = admin.dialog();
  const generated = dialog.root.getByLabel("Generated password");
  const length = dialog.root.getByRole("spinbutton", { name: "Length" });
  await expect(length).toHaveValue("16");
  await expect(generated).toHaveValue(/^.{16}$/);
  const strength = dialog.root.getByText(/^Strength: \d+ bits$/);
  const bitsAt16 = Number((await strength.textContent()).match(/\d+/)[0]);

  await length.fill("24");
  await dialog.root.getByRole("checkbox", { name: "Symbols" }).uncheck();
  await expect(generated).toHaveValue(/^[A-Za-z0-9]{24}$/);
  const bitsAt24 = Number((await strength.textContent()).match(/\d+/)[0]);
  expect(bitsAt24).toBeGreaterThan(bitsAt16);

  const before = await generated.inputValue();
  await dialog.root.getByRole("button", { name: "Regenerate" }).click();
  await expect(generated).not.toHaveValue(before);
  await expect(generated).toHaveValue(/^[A-Za-z0-9]{24}$/);

  // Options that cannot meet the policy say which rule, and block the reset.
  await dialog.root.getByRole("checkbox", { name: "Numbers" }).uncheck();
  await expect(dialog.root.getByText("Use at least 3 of these 4: lowercase letters, uppercase letters, numbers and symbols.")).toBeVisible();
  await expect(dialog.submit).toBeDisabled();
  await dialog.root.getByRole("checkbox", { name: "Numbers" }).check();
  await length.fill("4");
  await expect(dialog.root.getByText("Use at least 8 characters (now 4).")).toBeVisible();
  await expect(dialog.submit).toBeDisabled();
  await length.fill("20");
  await expect(generated).toHaveValue(/^[A-Za-z0-9]{20}$/);
  const previewed = await generated.inputValue();

  await dialog.emailPassword.uncheck();
  await dialog.submit.click();
  await expect(dialog.passwordFor("Nadia Lefèvre")).toHaveValue(previewed);
  expect((await tenant.signIn("nadia.lefevre@contoso.example", previewed)).status).toBe(200);
});
