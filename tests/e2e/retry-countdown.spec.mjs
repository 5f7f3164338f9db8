import { test, expect } from "./fixtures.mjs";
import { Tenant } from "./tenant.mjs";
import { AdminPage } from "./widget.mjs";

test.beforeEach(async ({ request }) => {
  await new Tenant(request).reseed();
  await new Tenant(request).clearFaults();
});

// Cross-origin the tenant's Retry-After cannot be read (it is not exposed, as
// Graph's is not): the widget's own wait doubles with each 429 in a row
// (0.5–1 s, 1–2 s, 2–4 s), and the third is long enough to be counted down.
test("a long wait after 429s in a row shows a countdown, then the reset goes through once", async ({ page, request }) => {
  const tenant = new Tenant(request);
  const admin = new AdminPage(page);
  await admin.open();
  await admin.selectUser("Nadia Lefèvre", "nadia");
  await admin.resetButton.click();
  const dialog = admin.dialog();
  await dialog.emailPassword.uncheck();
  await tenant.injectFaults({ route: "resetPassword", status: 429, retryAfter: 4, count: 3 });
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
