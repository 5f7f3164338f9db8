import { test, expect } from "@playwright/test";
import { createRequire } from "node:module";
import { Tenant } from "./tenant.mjs";
import { AdminPage } from "./widget.mjs";

const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

// axe-core on the widget only: the demo page around it is not the product.
async function violations(page) {
  await page.addScriptTag({ path: axePath });
  return page.evaluate(async () => {
    const result = await window.axe.run(document.querySelector("reset-password-widget"));
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  });
}

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
  await admin.resetButton.focus();
  await expect(admin.resetButton).toBeEnabled();
  await page.keyboard.press("Enter");
  const dialog = admin.dialog();
  await expect(dialog.root).toBeVisible();
  // Focus moved into the dialog; Escape cancels and nothing is sent.
  expect(await dialog.root.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  await page.keyboard.press("Escape");
  await expect(dialog.root).toBeHidden();
  await expect(admin.resetButton).toBeFocused();
});
