// Faults of the connection itself: no answer in time, a dropped connection,
// an answer that can't be read, the browser going offline mid-bulk; and the
// admin's own hurry: a double click, closing the dialog while a reset runs.
import { test, expect } from "./fixtures.mjs";
import { Tenant } from "./tenant.mjs";
import { AdminPage } from "./widget.mjs";

test.beforeEach(async ({ request }) => {
  await new Tenant(request).reseed();
  await new Tenant(request).clearFaults();
});

const openResetFor = (page, name, search) => new AdminPage(page).openResetFor(name, search);

const resetsOf = (tenant, upn) => tenant.resetsOf(upn);

const NADIA = "nadia.lefevre@contoso.example";
const unconfirmed = (name) =>
  new RegExp(`The tenant did not confirm whether the password of ${name} was changed\\.`);
const resetAgain = /The new password may be in effect but is not shown: reset the password again to set one you know\./;

test("no answer within the client's 30 s: unconfirmed, no password, not retried", async ({ page, request }) => {
  const tenant = new Tenant(request);
  // The page's clock is faked so the 30 s pass at once; the tenant really
  // holds the answer back (then refuses it, so nothing is applied late).
  await page.clock.install();
  const dialog = await openResetFor(page, "Nadia Lefèvre", "nadia");
  await tenant.injectFaults({ route: "resetPassword", status: 504, latencyMs: 45_000, count: 2 });
  const sent = page.waitForRequest((r) => r.method() === "PATCH");
  await dialog.submit.click();
  await sent;
  await expect(dialog.root.getByText("Resetting…").first()).toBeVisible();
  await page.clock.fastForward(31_000);
  await expect(dialog.root.getByText(unconfirmed("Nadia Lefèvre"))).toContainText("The tenant did not answer in time.");
  await expect(dialog.root.getByText(resetAgain)).toBeVisible();
  await expect(dialog.passwordFor("Nadia Lefèvre")).toHaveCount(0);
  expect((await tenant.pendingFaults()).map((f) => f.count)).toEqual([1]);
  expect(await resetsOf(tenant, NADIA)).toEqual([]);
});

for (const afterApply of [false, true]) {
  test(`a connection dropped ${afterApply ? "after" : "before"} the reset was applied: unconfirmed, no password, not sent again`, async ({ page, request }) => {
    const tenant = new Tenant(request);
    const dialog = await openResetFor(page, "Nadia Lefèvre", "nadia");
    await tenant.injectFaults({ route: "resetPassword", drop: true, afterApply, count: 3 });
    const sent = [];
    page.on("request", (r) => r.method() === "PATCH" && sent.push(r.url()));
    await dialog.submit.click();
    await expect(dialog.root.getByText(unconfirmed("Nadia Lefèvre"))).toContainText("The tenant could not be reached.");
    await expect(dialog.root.getByText(resetAgain)).toBeVisible();
    await expect(dialog.passwordFor("Nadia Lefèvre")).toHaveCount(0);
    await expect(dialog.close).toBeEnabled();
    // The widget sent the reset once. On the wire it went twice: from another
    // origin the PATCH rides the keep-alive connection its CORS preflight
    // opened, and when a reused connection closes without an answer Chromium
    // itself sends the request again on a new one; the widget can neither
    // see nor stop that. The third drop is still queued: nothing sent it.
    expect(sent).toHaveLength(1);
    expect((await tenant.pendingFaults()).map((f) => f.count)).toEqual([1]);
    expect((await resetsOf(tenant, NADIA)).map((e) => e.outcome)).toEqual(afterApply ? ["success", "success"] : []);
  });
}

for (const afterApply of [false, true]) {
  test(`an unreadable answer to the reset${afterApply ? " after it was applied" : ""}: unconfirmed, no password`, async ({ page, request }) => {
    const tenant = new Tenant(request);
    const dialog = await openResetFor(page, "Nadia Lefèvre", "nadia");
    await tenant.injectFaults({ route: "resetPassword", status: 200, malformed: true, afterApply, count: 2 });
    await dialog.submit.click();
    await expect(dialog.root.getByText(unconfirmed("Nadia Lefèvre"))).toContainText(
      "The tenant sent an answer the widget could not read.",
    );
    await expect(dialog.passwordFor("Nadia Lefèvre")).toHaveCount(0);
    expect((await tenant.pendingFaults()).map((f) => f.count)).toEqual([1]);
    expect((await resetsOf(tenant, NADIA)).map((e) => e.outcome)).toEqual(afterApply ? ["success"] : []);
  });
}

test("an error with an empty body after the reset was applied: unconfirmed, no password", async ({ page, request }) => {
  const tenant = new Tenant(request);
  const dialog = await openResetFor(page, "Nadia Lefèvre", "nadia");
  // The request reaches the tenant (which applies it); a proxy on the way
  // back replaces the answer with an empty 502.
  await page.route("**/v1.0/users/*", async (route) => {
    if (route.request().method() !== "PATCH") return route.fallback();
    await route.fetch();
    await route.fulfill({ status: 502, body: "" });
  });
  await dialog.submit.click();
  await expect(dialog.root.getByText(unconfirmed("Nadia Lefèvre"))).toContainText("The tenant had a problem (HTTP 502).");
  await expect(dialog.passwordFor("Nadia Lefèvre")).toHaveCount(0);
  expect((await resetsOf(tenant, NADIA)).map((e) => e.outcome)).toEqual(["success"]);
});

test("an unreadable or empty users list says so, and the list works on the next try", async ({ page, request }) => {
  const tenant = new Tenant(request);
  const admin = new AdminPage(page);
  await admin.open("admin@contoso.example");
  const failure = page.getByText("The tenant sent an answer the widget could not read. Try again in a moment.");

  await tenant.injectFaults({ route: "listUsers", status: 200, malformed: true });
  await admin.search.fill("nadia");
  await expect(failure).toBeVisible();
  await admin.search.fill("nadi");
  await expect(admin.userCheckbox("Nadia Lefèvre")).toBeVisible();
  await expect(failure).toBeHidden();

  let emptied = false;
  await page.route("**/v1.0/users?*", async (route) => {
    if (emptied) return route.fallback();
    emptied = true;
    await route.fulfill({ status: 200, contentType: "application/json", body: "" });
  });
  await admin.search.fill("elodie");
  await expect(failure).toBeVisible();
  await admin.search.fill("elod");
  await expect(admin.userCheckbox("Élodie Dupré")).toBeVisible();
  await expect(failure).toBeHidden();
  await admin.userCheckbox("Élodie Dupré").check();
  await expect(admin.resetButton).toBeEnabled();
});

test("offline mid-bulk: every user ends reset once or clearly not reset, and Retry failed users finishes the rest", async ({ page, context, request }) => {
  const tenant = new Tenant(request);
  const admin = new AdminPage(page);
  await admin.open("admin@contoso.example");
  const people = [
    ["Nadia Lefèvre", "nadia", "nadia.lefevre@contoso.example"],
    ["Élodie Dupré", "elodie", "elodie.dupre@contoso.example"],
    ["Priya Raman", "priya", "pwadmin@contoso.example"],
    ["Tomás Herrera", "tomás", "helpdesk@contoso.example"],
    ["Ingrid Sørensen", "ingrid", "useradmin@contoso.example"],
    ["Rafael Costa", "rafael", "groupsadmin@contoso.example"],
  ];
  for (const [name, search] of people) await admin.selectUser(name, search);
  await expect(admin.resetButton).toBeEnabled();
  await admin.resetButton.click();
  const dialog = admin.dialog("Reset passwords");
  // Two resets go through; the others are throttled, and their retries
  // find the browser offline.
  await tenant.throttle(1, 2);
  await dialog.submit.click();
  await expect(dialog.root.getByLabel(/^Password for /)).toHaveCount(2);
  await context.setOffline(true);
  await expect(dialog.close).toBeEnabled({ timeout: 30_000 });
  await context.setOffline(false);

  const audit = await tenant.audit();
  let reset = 0;
  for (const [name, , upn] of people) {
    const successes = audit.filter((e) => e.action === "resetPassword" && e.target === upn && e.outcome === "success");
    expect(successes.length, upn).toBeLessThanOrEqual(1);
    const shown = dialog.passwordFor(name);
    if (successes.length === 1) {
      reset += 1;
      await expect(dialog.root.getByText(`The password of ${name} was reset.`)).toBeVisible();
      await expect(shown).toHaveValue(/^.{16}$/);
      expect((await tenant.signIn(upn, await shown.inputValue())).status).toBe(200);
    } else {
      await expect(shown).toHaveCount(0);
      await expect(dialog.root.getByText(unconfirmed(name))).toContainText(
        "The tenant could not be reached. Check the connection and try again.",
      );
    }
  }
  expect(reset).toBeGreaterThanOrEqual(2);
  expect(reset).toBeLessThan(people.length);

  // Back online, the admin retries the failed users: each of them is reset
  // now, and nobody reset before is reset again.
  await tenant.throttle(0, 1);
  await dialog.root.getByRole("button", { name: "Retry failed users" }).click();
  await expect(dialog.root.getByLabel(/^Password for /)).toHaveCount(people.length);
  await expect(dialog.close).toBeEnabled();
  const after = await tenant.audit();
  for (const [name, , upn] of people) {
    const successes = after.filter((e) => e.action === "resetPassword" && e.target === upn && e.outcome === "success");
    expect(successes.length, upn).toBe(1);
    expect((await tenant.signIn(upn, await dialog.passwordFor(name).inputValue())).status, upn).toBe(200);
  }
});

test("a double click on Reset password resets once", async ({ page, request }) => {
  const tenant = new Tenant(request);
  const dialog = await openResetFor(page, "Nadia Lefèvre", "nadia");
  // A slow answer keeps the form on screen long enough for both clicks.
  await tenant.injectFaults({ route: "resetPassword", latencyMs: 500, count: 2 });
  await dialog.submit.dblclick();
  const shown = dialog.passwordFor("Nadia Lefèvre");
  await expect(shown).toHaveValue(/^.{16}$/);
  await expect(dialog.close).toBeEnabled();
  expect((await resetsOf(tenant, NADIA)).map((e) => e.outcome)).toEqual(["success"]);
  expect((await tenant.signIn(NADIA, await shown.inputValue())).status).toBe(200);
});

test("two clicks within one task (before the page repaints) reset once", async ({ page, request }) => {
  const tenant = new Tenant(request);
  const dialog = await openResetFor(page, "Nadia Lefèvre", "nadia");
  await dialog.submit.evaluate((button) => {
    button.click();
    button.click();
  });
  const shown = dialog.passwordFor("Nadia Lefèvre");
  await expect(shown).toHaveValue(/^.{16}$/);
  await expect(dialog.close).toBeEnabled();
  expect((await resetsOf(tenant, NADIA)).map((e) => e.outcome)).toEqual(["success"]);
  expect((await tenant.signIn(NADIA, await shown.inputValue())).status).toBe(200);
});

test("closing the dialog while a reset runs is refused; the result still arrives", async ({ page, request }) => {
  const tenant = new Tenant(request);
  const dialog = await openResetFor(page, "Nadia Lefèvre", "nadia");
  await tenant.injectFaults({ route: "resetPassword", latencyMs: 2_000 });
  await dialog.submit.click();
  await expect(dialog.close).toBeDisabled();
  // Escape again and again: browsers may stop letting a page refuse it when
  // it comes repeatedly without another user action in between.
  await page.keyboard.press("Escape");
  await expect(dialog.root).toBeVisible();
  await page.keyboard.press("Escape");
  await page.keyboard.press("Escape");
  // Checked at once, while the reset is still under way.
  expect(await page.locator("dialog.rpw-dialog").evaluate((d) => d.open)).toBe(true);
  await expect(dialog.root.getByText("Resetting…").first()).toBeVisible({ timeout: 500 });
  expect(await resetsOf(tenant, NADIA)).toEqual([]);
  const shown = dialog.passwordFor("Nadia Lefèvre");
  await expect(shown).toHaveValue(/^.{16}$/);
  await expect(dialog.root.getByText("The password of Nadia Lefèvre was reset.")).toBeVisible();
  expect((await resetsOf(tenant, NADIA)).map((e) => e.outcome)).toEqual(["success"]);
  expect((await tenant.signIn(NADIA, await shown.inputValue())).status).toBe(200);
});
