import { test, expect } from "./fixtures.mjs";
import { violations } from "./axe.mjs";
import { Tenant } from "./tenant.mjs";
import { AdminPage } from "./widget.mjs";
import { screenshotPath } from "./screenshots.mjs";

// axe is injected as an inline script, which the page's strict CSP (rightly) blocks.
test.use({ bypassCSP: true });

test.beforeEach(async ({ request }) => {
  await new Tenant(request).reseed();
});

test("axe finds no violation on the list, the dialog and the result", async ({ page }) => {
  const admin = new AdminPage(page);
  await admin.open();
  expect(await violations(page)).toEqual([]);

  await admin.selectUser("Élodie Dupré", "elodie");
  await admin.resetButton.click();
  const dialog = admin.dialog();
  await dialog.autoGenerate.uncheck();
  await dialog.password.fill("short");
  expect(await violations(page)).toEqual([]);

  await dialog.password.fill("Correct-Horse-Battery-42");
  await dialog.submit.click();
  await expect(dialog.passwordFor("Élodie Dupré")).toBeVisible();
  await expect(dialog.close).toBeEnabled();
  expect(await violations(page)).toEqual([]);
});

test("keyboard only: search, select, open the dialog, and Escape cancels back to the button", async ({ page }) => {
  const admin = new AdminPage(page);
  await admin.open();
  await admin.search.focus();
  await page.keyboard.type("nadia");
  const checkbox = admin.userCheckbox("Nadia Lefèvre");
  await expect(checkbox).toBeVisible();
  await checkbox.focus();
  await page.keyboard.press("Space");
  await expect(checkbox).toBeChecked();
  // The button stays disabled until the user's roles are checked, and a
  // disabled button cannot take focus: wait for it before focusing.
  await expect(admin.resetButton).toBeEnabled();
  await admin.resetButton.focus();
  await expect(admin.resetButton).toBeFocused();
  await page.keyboard.press("Enter");
  const dialog = admin.dialog();
  await expect(dialog.root).toBeVisible();
  // Focus moved into the dialog; Escape cancels and nothing is sent.
  expect(await dialog.root.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  await page.keyboard.press("Escape");
  await expect(dialog.root).toBeHidden();
  await expect(admin.resetButton).toBeFocused();
});

/** Presses Tab (or Shift+Tab) until `target` has focus; fails after `limit` presses. */
async function tabTo(page, target, { back = false, limit = 30 } = {}) {
  for (let i = 0; i < limit; i += 1) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
  }
  await expect(target).toBeFocused();
}

test("keyboard only, from the list to the result and back", async ({ page, request }) => {
  const tenant = new Tenant(request);
  const admin = new AdminPage(page);
  await admin.open();
  await admin.search.focus();
  await page.keyboard.type("nadia");
  const checkbox = admin.userCheckbox("Nadia Lefèvre");
  await expect(checkbox).toBeVisible();
  await tabTo(page, checkbox);
  await page.keyboard.press("Space");
  await expect(checkbox).toBeChecked();
  await expect(admin.resetButton).toBeEnabled();
  await tabTo(page, admin.resetButton, { back: true });
  await page.keyboard.press("Enter");

  const dialog = admin.dialog();
  await expect(dialog.root).toBeVisible();
  const mfa = dialog.root.getByRole("checkbox", { name: "Also require them to register for multifactor authentication" });
  await tabTo(page, mfa);
  await page.keyboard.press("Space");
  await expect(mfa).toBeChecked();
  await tabTo(page, dialog.submit);
  await page.keyboard.press("Enter");

  const shown = dialog.passwordFor("Nadia Lefèvre");
  await expect(shown).toHaveValue(/^.{16}$/);
  // Focus stays in the dialog and reaches the result's controls.
  await tabTo(page, dialog.root.getByRole("button", { name: "Show password" }));
  await page.keyboard.press("Enter");
  await expect(shown).toHaveAttribute("type", "text");
  await tabTo(page, dialog.close);
  await page.keyboard.press("Enter");
  await expect(dialog.root).toBeHidden();
  // The selection is cleared after a reset, so focus goes to the search box,
  // ready for the next user.
  await expect(admin.search).toBeFocused();
  await expect(page.getByText("0 selected")).toBeVisible();
  expect((await tenant.audit()).filter((e) => e.action === "resetPassword")).toHaveLength(1);
});

test("axe finds no violation on the generator and on a bulk result with a failure", async ({ page, request }) => {
  const tenant = new Tenant(request);
  await new Tenant(request).clearFaults();
  const admin = new AdminPage(page);
  await admin.open();
  await admin.selectUser("Nadia Lefèvre", "nadia");
  await admin.selectUser("Élodie Dupré", "elodie");
  await admin.resetButton.click();
  const dialog = admin.dialog("Reset passwords");
  await expect(dialog.root.getByRole("spinbutton", { name: "Length" })).toBeVisible();
  expect(await violations(page)).toEqual([]);
  await dialog.emailPassword.uncheck();
  await tenant.injectFaults({ route: "resetPassword", status: 404, count: 1 });
  await dialog.submit.click();
  await expect(dialog.root.getByRole("button", { name: "Retry failed users" })).toBeVisible();
  expect(await violations(page)).toEqual([]);
  await page.screenshot({ path: screenshotPath("bulk-retry.png") });
});

test("axe finds no violation with a passphrase, nor on a result that signed the user out", async ({ page, request }) => {
  const admin = new AdminPage(page);
  const dialog = await admin.openResetFor("Nadia Lefèvre", "nadia");
  await dialog.root.getByRole("radio", { name: "Passphrase" }).check();
  await dialog.root.getByRole("textbox", { name: "Word separator" }).fill("@");
  await expect(dialog.submit).toBeDisabled();
  expect(await violations(page)).toEqual([]);
  await dialog.root.getByRole("textbox", { name: "Word separator" }).fill(".");
  await dialog.root.getByRole("checkbox", { name: "Sign this user out of all sessions" }).check();
  await new Tenant(request).injectFaults({ route: "revokeSignInSessions", status: 403, count: 1 });
  await dialog.submit.click();
  await expect(dialog.root.getByText(/^The password was reset, but signing out of all sessions failed\./)).toBeVisible();
  await expect(dialog.close).toBeEnabled();
  expect(await violations(page)).toEqual([]);
});
