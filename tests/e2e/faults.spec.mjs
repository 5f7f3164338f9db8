import { test, expect } from "@playwright/test";
import { Tenant } from "./tenant.mjs";
import { AdminPage } from "./widget.mjs";

test.beforeEach(async ({ request }) => {
  const tenant = new Tenant(request);
  await tenant.reseed();
  await request.delete("/_dev/faults");
});

async function openResetFor(page, name, search) {
  const admin = new AdminPage(page);
  await admin.open("admin@contoso.example");
  await admin.selectUser(name, search);
  await admin.resetButton.click();
  return admin.dialog();
}

// The audit names each reset's target by user principal name.
const resetsOf = async (tenant, upn) =>
  (await tenant.audit()).filter((e) => e.action === "resetPassword" && e.target === upn);

test("a throttled reset waits for Retry-After, then succeeds once", async ({ page, request }) => {
  const tenant = new Tenant(request);
  const dialog = await openResetFor(page, "Nadia Lefèvre", "nadia");
  await tenant.injectFaults({ route: "resetPassword", status: 429, retryAfter: 1, count: 1 });
  const started = Date.now();
  await dialog.submit.click();
  await expect(dialog.passwordFor("Nadia Lefèvre")).toHaveValue(/^.{16}$/);
  expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  const resets = await resetsOf(tenant, "nadia.lefevre@contoso.example");
  expect(resets.map((e) => e.outcome)).toEqual(["success"]);
});

test("a server error on the reset says the password was not changed and shows none", async ({ page, request }) => {
  const tenant = new Tenant(request);
  const dialog = await openResetFor(page, "Nadia Lefèvre", "nadia");
  await tenant.injectFaults({ route: "resetPassword", status: 500, count: 1 });
  await dialog.submit.click();
  await expect(dialog.root.getByText(/The password of Nadia Lefèvre was not changed\. The tenant had a problem \(HTTP 500\)/)).toBeVisible();
  await expect(dialog.passwordFor("Nadia Lefèvre")).toHaveCount(0);
  await expect(dialog.close).toBeEnabled();
});

test("mail down after a successful reset: the password stays, and Send email again sends the mail alone", async ({ page, request }) => {
  const tenant = new Tenant(request);
  const dialog = await openResetFor(page, "Élodie Dupré", "elodie");
  await tenant.injectFaults({ route: "sendMail", status: 503, count: 1 });
  await dialog.submit.click();
  const shown = dialog.passwordFor("Élodie Dupré");
  await expect(shown).toHaveValue(/^.{16}$/);
  await expect(dialog.root.getByText(/The password was reset, but the email to elodie\.perso@example\.net was not sent/)).toBeVisible();
  const password = await shown.inputValue();
  expect(await tenant.outbox()).toHaveLength(0);

  await dialog.root.getByRole("button", { name: "Send email again" }).click();
  await expect(dialog.root.getByText("Email sent to elodie.perso@example.net.")).toBeVisible();
  const outbox = await tenant.outbox();
  expect(outbox).toHaveLength(1);
  expect(outbox[0].body).toContain(password);
  expect((await resetsOf(tenant, "elodie.dupre@contoso.example")).map((e) => e.outcome)).toEqual(["success"]);
  expect((await tenant.signIn("elodie.dupre@contoso.example", password)).status).toBe(200);
});
