// Recent resets, as an admin follows a reset: waiting for the first sign-in,
// then changed, from the audit log; this session's resets for an admin who may
// not read it; "Reset again and send"; the demo's "Sign in as the user" panel.
import { test, expect } from "./fixtures.mjs";
import { ALL_RULES, violations } from "./axe.mjs";
import { Tenant } from "./tenant.mjs";
import { AdminPage } from "./widget.mjs";
import { screenshotPath } from "./screenshots.mjs";

const ELODIE = "elodie.dupre@contoso.example";
const NADIA = "nadia.lefevre@contoso.example";

// axe is injected as an inline script, which the page's strict CSP (rightly) blocks.
test.use({ bypassCSP: true });

test.beforeEach(async ({ request }) => {
  await new Tenant(request).reseed();
});

function recentResets(page) {
  const table = page.getByRole("table", { name: "Recent resets" });
  return {
    open: () => page.getByRole("button", { name: "Recent resets" }).click(),
    table,
    refresh: page.getByRole("button", { name: "Refresh" }),
    row: (name) => table.getByRole("row").filter({ has: page.getByRole("rowheader", { name, exact: true }) }),
  };
}

test("a reset reads 'Waiting for first sign-in', then 'Changed their password' once the user did", async ({
  page,
  request,
}) => {
  const tenant = new Tenant(request);
  const admin = new AdminPage(page);
  const auditAnswers = [];
  page.on("response", async (response) => {
    if (response.url().includes("/v1.0/auditLogs/directoryAudits")) auditAnswers.push(await response.json());
  });
  await admin.open("admin@contoso.example");
  await admin.selectUser("Élodie Dupré", "elodie");
  await admin.resetButton.click();
  const dialog = admin.dialog();
  await expect(dialog.emailPassword).toBeChecked();
  await dialog.submit.click();
  const shown = dialog.passwordFor("Élodie Dupré");
  await expect(shown).toHaveValue(/^.{16}$/);
  const password = await shown.inputValue();
  await dialog.close.click();

  const view = recentResets(page);
  await expect(page.getByRole("button", { name: "Active users" })).toHaveAttribute("aria-pressed", "true");
  await view.open();
  await expect(page.getByRole("button", { name: "Recent resets" })).toHaveAttribute("aria-pressed", "true");
  await expect(admin.users).toBeHidden();
  const row = view.row("Élodie Dupré");
  await expect(row).toContainText("Waiting for first sign-in");
  await expect(row).toContainText("Amara Okafor");
  expect(await violations(page, { tags: ALL_RULES })).toEqual([]);

  // The widget read the audit log, in Graph's shape.
  expect(auditAnswers.length).toBeGreaterThan(0);
  const entry = auditAnswers.at(-1).value.find((e) => e.targetResources[0].userPrincipalName === ELODIE);
  expect(entry.activityDisplayName).toBe("Reset user password");
  expect(entry.result).toBe("success");
  expect(entry.initiatedBy.user.userPrincipalName).toBe("admin@contoso.example");
  expect(JSON.stringify(auditAnswers)).not.toContain(password);

  // She signs in with the mailed password and must change it.
  expect((await tenant.signIn(ELODIE, password)).body).toEqual({ ok: true, mustChangePassword: true });
  expect(await tenant.changePassword(ELODIE, password, "Lantern-Harbour-Quiet-58")).toBe(204);
  await view.refresh.click();
  await expect(row).toContainText("Changed their password");
  await page.screenshot({ path: screenshotPath("recent-resets.png") });

  // Sending it again means a new reset: the dialog opens for her.
  await row.getByRole("button", { name: "Reset again and send" }).click();
  const again = admin.dialog();
  await expect(again.root).toContainText("Élodie Dupré");
  await expect(again.recipients).toHaveValue("elodie.perso@example.net");
  await again.cancel.click();
  await expect(again.root).toBeHidden();
});

test("an older reset reads 'Reset again since', and the view refreshes every minute", async ({ page, request }) => {
  const tenant = new Tenant(request);
  await page.clock.install();
  await tenant.resetPassword(NADIA, "Copper-Kettle-Sings-19");
  const admin = new AdminPage(page);
  await admin.open("admin@contoso.example");
  const view = recentResets(page);
  await view.open();
  await expect(view.row("Nadia Lefèvre")).toHaveCount(1);
  await expect(view.row("Nadia Lefèvre")).toContainText("Waiting for first sign-in");

  await tenant.resetPassword(NADIA, "Quiet-Meadow-Tide-77");
  await page.clock.fastForward(61_000);
  await expect(view.row("Nadia Lefèvre")).toHaveCount(2);
  await expect(view.row("Nadia Lefèvre").nth(1)).toContainText("Reset again since");
  await expect(view.row("Nadia Lefèvre").nth(0)).toContainText("Waiting for first sign-in");
});

test("an admin without AuditLog.Read.All sees this session's resets and the missing permission", async ({
  page,
  request,
}) => {
  const tenant = new Tenant(request);
  // Made by another admin: not this session's, so not shown without the audit log.
  await tenant.resetPassword(NADIA, "Copper-Kettle-Sings-19");
  expect((await tenant.graphGet("/v1.0/auditLogs/directoryAudits", "pwadmin@contoso.example")).status).toBe(403);

  const admin = new AdminPage(page);
  await admin.open("pwadmin@contoso.example");
  await admin.selectUser("Élodie Dupré", "elodie");
  await admin.resetButton.click();
  const dialog = admin.dialog();
  await dialog.submit.click();
  await expect(dialog.passwordFor("Élodie Dupré")).toHaveValue(/^.{16}$/);
  await dialog.close.click();

  const view = recentResets(page);
  await view.open();
  await expect(page.getByText(/AuditLog\.Read\.All/)).toBeVisible();
  const row = view.row("Élodie Dupré");
  await expect(row).toContainText("You (this session)");
  await expect(row).toContainText("Waiting for first sign-in");
  await expect(view.row("Nadia Lefèvre")).toHaveCount(0);
  expect(await violations(page, { tags: ALL_RULES })).toEqual([]);
});

test("the demo page's 'Sign in as the user' panel walks a forced change by hand", async ({ page, request }) => {
  const tenant = new Tenant(request);
  const temporary = "Harbour-Lantern-42!";
  await tenant.resetPassword(ELODIE, temporary);
  const admin = new AdminPage(page);
  await admin.open("admin@contoso.example");
  await expect(page.locator("h1")).toHaveCount(1);

  const panel = page.getByRole("complementary", { name: "Sign in as the user" });
  const result = panel.getByRole("status");
  await panel.getByLabel("User name").fill(ELODIE);
  await panel.getByLabel("Password", { exact: true }).fill("not-her-password");
  await panel.getByRole("button", { name: "Sign in" }).click();
  await expect(result).toHaveText("The user name or password is incorrect.");

  await panel.getByLabel("Password", { exact: true }).fill(temporary);
  await panel.getByRole("button", { name: "Sign in" }).click();
  await expect(result).toContainText("must change their password");
  await panel.getByLabel("New password").fill("Lantern-Harbour-Quiet-58");
  await panel.getByRole("button", { name: "Sign in" }).click();
  await expect(result).toHaveText(`Signed in as ${ELODIE}; the password was changed.`);
  expect((await tenant.signIn(ELODIE, "Lantern-Harbour-Quiet-58")).body).toEqual({ ok: true, mustChangePassword: false });

  const view = recentResets(page);
  await view.open();
  await expect(view.row("Élodie Dupré")).toContainText("Changed their password");
  expect(await violations(page, { selector: null, tags: ALL_RULES })).toEqual([]);
});
