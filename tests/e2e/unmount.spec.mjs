// A widget removed or re-created while a request is out: the answer arrives
// for a widget that is gone. It must not panic (a panic stops every widget on
// the page), and a password the tenant applied must still reach the host's
// events and the user's mail.
import { test, expect } from "./fixtures.mjs";
import { Tenant } from "./tenant.mjs";
import { AdminPage } from "./widget.mjs";

const HOST_EVENTS = ["done", "mail-sent", "error", "cancelled", "unmounted-while-busy"].map((n) => `reset-password:${n}`);

test.beforeEach(async ({ request }) => {
  const tenant = new Tenant(request);
  await tenant.reseed();
  await tenant.clearFaults();
});

/** Console errors and uncaught page errors; a panic shows in one or the other. */
function watchForCrashes(page) {
  const crashes = [];
  page.on("console", (message) => {
    if (message.type() === "error" && /panicked|unreachable/i.test(message.text())) crashes.push(message.text());
  });
  page.on("pageerror", (error) => crashes.push(error.message));
  return crashes;
}

/** Records the events of `element` on the element itself: once it has left the page they no longer bubble. */
async function recordEventsOf(element) {
  await element.evaluate((el, names) => {
    window.__eventsOfRemoved = [];
    for (const name of names) el.addEventListener(name, (e) => window.__eventsOfRemoved.push({ name, detail: e.detail }));
  }, HOST_EVENTS);
  return () => element.page().evaluate(() => window.__eventsOfRemoved);
}

/** Ticks Nadia in `widget`, asks for a mail to her home address and submits; returns once the reset is on the wire. */
async function startResetOfNadia(page, widget, tenant) {
  await widget.getByRole("searchbox", { name: "Search active users list" }).fill("nadia");
  await widget.getByRole("checkbox", { name: "Select Nadia Lefèvre", exact: true }).check();
  await widget.getByRole("button", { name: "Reset password", exact: true }).click();
  const dialog = new AdminPage(page).dialog();
  await dialog.emailPassword.check();
  await dialog.recipients.fill("nadia.home@example.net");
  await tenant.injectFaults({ route: "resetPassword", latencyMs: 2_500 });
  const sent = page.waitForRequest((r) => r.method() === "PATCH" && r.url().includes("/v1.0/users/"));
  await dialog.submit.click();
  await sent;
}

/** `widget` lists users, searches and ticks one: it works. */
async function expectWorking(widget) {
  await expect(widget.getByRole("table", { name: "Active users" }).getByRole("row").nth(1)).toBeVisible();
  await widget.getByRole("searchbox", { name: "Search active users list" }).fill("elodie");
  await widget.getByRole("checkbox", { name: "Select Élodie Dupré", exact: true }).check();
  await expect(widget.getByText("1 selected")).toBeVisible();
}

test("an attribute changed while the list loads gives a new widget that works", async ({ page, request }) => {
  const tenant = new Tenant(request);
  const crashes = watchForCrashes(page);
  await tenant.injectFaults([
    { route: "listUsers", latencyMs: 1_500 },
    { route: "me", latencyMs: 1_500 },
    { route: "listRoleAssignments", latencyMs: 1_500 },
  ]);
  const listing = page.waitForRequest((r) => r.url().includes("/v1.0/users?"));
  await page.goto("/?as=admin@contoso.example");
  await listing;
  const widget = page.locator("reset-password-widget");
  await widget.evaluate((el) => el.setAttribute("theme", "dark"));
  // The first widget's calls end after it is gone: its delayed reads, and
  // its cancelled list load once the client's retries (at most 3.5 s) end.
  await page.waitForTimeout(4_500);

  await expect(widget.locator(".rpw")).toHaveAttribute("data-theme", "dark");
  await expectWorking(widget);
  expect(crashes).toEqual([]);
});

test("a widget removed while a reset runs: the reset completes, the host hears of it, another widget keeps working", async ({
  page,
  request,
}) => {
  const tenant = new Tenant(request);
  const crashes = watchForCrashes(page);
  const admin = new AdminPage(page);
  await admin.open();
  await admin.addSecondWidget();
  const first = page.locator("#widget");
  const second = page.locator("#second");
  await expect(second.getByRole("table", { name: "Active users" }).getByRole("row").nth(1)).toBeVisible();
  const eventsOfFirst = await recordEventsOf(first);

  await startResetOfNadia(page, first, tenant);
  await first.evaluate((el) => el.remove());

  const nadia = await tenant.userId("nadia.lefevre@contoso.example");
  await expect.poll(eventsOfFirst, { timeout: 10_000 }).toContainEqual({
    name: "reset-password:mail-sent",
    detail: { userIds: [nadia], outcome: "mailSent", recipients: 1 },
  });
  expect(await eventsOfFirst()).toEqual([
    { name: "reset-password:unmounted-while-busy", detail: { userIds: [nadia], outcome: "unmountedWhileBusy" } },
    { name: "reset-password:done", detail: { userIds: [nadia], outcome: "reset" } },
    { name: "reset-password:mail-sent", detail: { userIds: [nadia], outcome: "mailSent", recipients: 1 } },
  ]);
  const resets = await tenant.resetsOf("nadia.lefevre@contoso.example");
  expect(resets.map((e) => e.outcome)).toEqual(["success"]);
  const mails = await tenant.outbox();
  expect(mails.map((m) => m.to)).toEqual([["nadia.home@example.net"]]);

  await expectWorking(second);
  expect(crashes).toEqual([]);
});

test("the demo's 'Signed in as' switch during a reset: the run ends as the first admin, the log shows it, the new widget works", async ({
  page,
  request,
}) => {
  const tenant = new Tenant(request);
  const crashes = watchForCrashes(page);
  await new AdminPage(page).open("admin@contoso.example");
  const widget = page.locator("reset-password-widget");

  await startResetOfNadia(page, widget, tenant);
  await page.getByLabel("Signed in as").selectOption("pwadmin@contoso.example");

  const nadia = await tenant.userId("nadia.lefevre@contoso.example");
  const log = page.getByRole("list", { name: "Widget events" });
  await expect(log.getByText(`reset-password:unmounted-while-busy {"userIds":["${nadia}"],"outcome":"unmountedWhileBusy"}`)).toBeVisible();
  await expect(log.getByText(`reset-password:done {"userIds":["${nadia}"],"outcome":"reset"}`)).toBeVisible({ timeout: 10_000 });
  await expect(log.getByText(/^reset-password:mail-sent /)).toBeVisible();
  // The run that outlived its widget spoke for the admin who started it.
  const mails = await tenant.outbox();
  expect(mails.map((m) => m.from)).toEqual(["admin@contoso.example"]);
  const resets = await tenant.resetsOf("nadia.lefevre@contoso.example");
  expect(resets.map((e) => [e.actor, e.outcome])).toEqual([["admin@contoso.example", "success"]]);

  await expectWorking(widget);
  expect(crashes).toEqual([]);
});
