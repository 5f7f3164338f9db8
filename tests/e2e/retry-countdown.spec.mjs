import { test, expect } from "./fixtures.mjs";
import { Tenant } from "./tenant.mjs";
import { AdminPage } from "./widget.mjs";

test.beforeEach(async ({ request }) => {
  await new Tenant(request).reseed();
  await new Tenant(request).clearFaults();
});

test("a long Retry-After shows a countdown, then the reset goes through once", async ({ page, request }) => {
  const tenant = new Tenant(request);
  const admin = new AdminPage(page);
  await admin.open();
  await admin.selectUser("Nadia Lefèvre", "nadia");
  await admin.resetButton.click();
  const dialog = admin.dialog();
  await dialog.emailPassword.uncheck();
  await tenant.injectFaults({ route: "resetPassword", status: 429, retryAfter: 4, count: 1 });
  await dialog.submit.click();

  const countdown = dialog.root.getByText(/^The tenant asked the widget to wait\. Trying again in \d s\.$/);
  await expect(countdown).toBeVisible();
  const first = Number((await countdown.textContent()).match(/\d/)[0]);
  await expect(countdown).not.toHaveText(new RegExp(`in ${first} s`));
  await expect(dialog.passwordFor("Nadia Lefèvre")).toHaveValue(/^.{16}$/, { timeout: 15_000 });
  await expect(countdown).toHaveCount(0);
  const resets = (await tenant.audit()).filter((e) => e.action === "resetPassword");
  expect(resets.map((e) => e.outcome)).toEqual(["success"]);
});
