import { test, expect } from "./fixtures.mjs";
import { Tenant } from "./tenant.mjs";
import { AdminPage } from "./widget.mjs";
import { screenshotPath } from "./screenshots.mjs";

test.beforeEach(async ({ request }) => {
  await new Tenant(request).reseed();
});

test("a display name with markup is shown as text, and no script runs", async ({ page }) => {
  const dialogs = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    d.dismiss();
  });
  const admin = new AdminPage(page);
  await admin.open();
  await admin.selectUser("<img src=x onerror=alert(1)>", "markup");
  await expect(admin.users.getByRole("cell", { name: "<img src=x onerror=alert(1)>", exact: true })).toBeVisible();
  await admin.resetButton.click();
  const dialog = admin.dialog();
  await expect(dialog.root.getByText("Reset the password of <img src=x onerror=alert(1)> (markup.test@contoso.example).")).toBeVisible();
  await dialog.submit.click();
  await expect(dialog.passwordFor("<img src=x onerror=alert(1)>")).toHaveValue(/^.{16}$/);
  expect(await page.locator("reset-password-widget img").count()).toBe(0);
  expect(dialogs).toEqual([]);
});

test("right-to-left, emoji and very long names lay out without breaking the list or the dialog", async ({ page }) => {
  const admin = new AdminPage(page);
  await admin.open();
  const scroller = page.locator(".rpw-table-scroll");
  const noSideways = async (locator) =>
    expect(await locator.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);

  await admin.selectUser("ليلى حداد", "rtl.layla");
  await expect(admin.users.getByRole("cell", { name: "ليلى حداد", exact: true })).toBeVisible();
  await admin.selectUser("Zoë 👩🏽‍💻 Martin 🚀", "emoji.zoe");
  const longName = "Maximiliana Theodora Alexandrina Konstanze von Hohenzollern-Sigmaringen-Württemberg-Lichtenstein-Oberhausen";
  await admin.selectUser(longName, "long.name");
  await noSideways(scroller);
  // Each row keeps the one height the list is drawn with.
  const heights = await admin.users.locator("tbody tr[aria-rowindex]").evaluateAll((rows) => rows.map((r) => r.offsetHeight));
  expect(new Set(heights).size).toBe(1);

  await admin.resetButton.click();
  const dialog = admin.dialog("Reset passwords");
  await dialog.submit.click();
  await expect(dialog.passwordFor("ليلى حداد")).toHaveValue(/^.{16}$/);
  await expect(dialog.passwordFor("Zoë 👩🏽‍💻 Martin 🚀")).toHaveValue(/^.{16}$/);
  await expect(dialog.passwordFor(longName)).toHaveValue(/^.{16}$/);
  await noSideways(dialog.root);
  await page.screenshot({ path: screenshotPath("unusual-names.png") });
});
