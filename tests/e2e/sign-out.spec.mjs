import { test, expect } from "./fixtures.mjs";
import { Tenant } from "./tenant.mjs";
import { AdminPage } from "./widget.mjs";
import { screenshotPath } from "./screenshots.mjs";

const NADIA = "nadia.lefevre@contoso.example";

test.beforeEach(async ({ request }) => {
  await new Tenant(request).reseed();
});

// Records every event the widget sends to its host.
const watchEvents = () => {
  window.__hostEvents = [];
  for (const name of ["reset-password:done", "reset-password:signed-out", "reset-password:error"]) {
    document.addEventListener(name, (event) => window.__hostEvents.push({ name, detail: event.detail }));
  }
};

/** What a Graph call with `token` gets: the status of GET /v1.0/me. */
const meStatus = async (request, token) =>
  (await request.get("/v1.0/me", { headers: { Authorization: `Bearer ${token}` } })).status();

test("signing the user out: a token the user had before the reset gets 401 after it", async ({ page, request }) => {
  const tenant = new Tenant(request);
  const oldToken = await tenant.token(NADIA);
  expect(await meStatus(request, oldToken)).toBe(200);
  await page.addInitScript(watchEvents);
  const revokes = [];
  page.on("request", (r) => r.url().endsWith("/revokeSignInSessions") && revokes.push(r.method()));

  const admin = new AdminPage(page);
  const dialog = await admin.openResetFor("Nadia Lefèvre", "nadia");
  const signOut = dialog.root.getByRole("checkbox", { name: "Sign this user out of all sessions" });
  await expect(signOut).not.toBeChecked();
  await signOut.check();
  await dialog.submit.click();

  const shown = dialog.passwordFor("Nadia Lefèvre");
  await expect(shown).toHaveValue(/^.{16}$/);
  await expect(dialog.root.getByText("Signed out of all sessions.")).toBeVisible();
  await page.screenshot({ path: screenshotPath("signed-out.png") });
  expect(revokes).toEqual(["POST"]);

  // The old token no longer works; a new sign-in does, with the new password.
  expect(await meStatus(request, oldToken)).toBe(401);
  expect(await meStatus(request, await tenant.token(NADIA))).toBe(200);
  expect((await tenant.signIn(NADIA, await shown.inputValue())).status).toBe(200);
  // Reset first, then the sign-out: never before.
  const actions = (await tenant.audit()).filter((e) => e.target === NADIA).map((e) => [e.action, e.outcome]);
  expect(actions).toEqual([
    ["resetPassword", "success"],
    ["revokeSignInSessions", "success"],
  ]);
  const id = await tenant.userId(NADIA);
  expect(await page.evaluate(() => window.__hostEvents)).toEqual([
    { name: "reset-password:done", detail: { userIds: [id], outcome: "reset" } },
    { name: "reset-password:signed-out", detail: { userIds: [id], outcome: "signedOut" } },
  ]);
});

test("a sign-out the tenant fails is stated, and the new password stays shown", async ({ page, request }) => {
  const tenant = new Tenant(request);
  const oldToken = await tenant.token(NADIA);
  await page.addInitScript(watchEvents);
  // Four 500s: the widget tries the sign-out four times (it is safe to repeat), then gives up.
  await tenant.injectFaults({ route: "revokeSignInSessions", status: 500, count: 4 });

  const admin = new AdminPage(page);
  const dialog = await admin.openResetFor("Nadia Lefèvre", "nadia");
  await dialog.root.getByRole("checkbox", { name: "Sign this user out of all sessions" }).check();
  await dialog.submit.click();

  await expect(
    dialog.root.getByText(
      "The password was reset, but signing out of all sessions failed. The tenant had a problem (HTTP 500). Try again in a moment.",
    ),
  ).toBeVisible();
  const shown = dialog.passwordFor("Nadia Lefèvre");
  await expect(shown).toHaveValue(/^.{16}$/);
  await expect(dialog.root.getByText("The password of Nadia Lefèvre was reset.")).toBeVisible();
  await expect(dialog.close).toBeEnabled();
  await page.screenshot({ path: screenshotPath("sign-out-failed.png") });
  expect(await tenant.pendingFaults()).toEqual([]);

  // The reset took; the user's sessions were left as they were.
  expect((await tenant.signIn(NADIA, await shown.inputValue())).status).toBe(200);
  expect(await meStatus(request, oldToken)).toBe(200);
  const id = await tenant.userId(NADIA);
  expect(await page.evaluate(() => window.__hostEvents)).toEqual([
    { name: "reset-password:done", detail: { userIds: [id], outcome: "reset" } },
    { name: "reset-password:error", detail: { userIds: [id], outcome: "signOutFailed", errorCode: "server" } },
  ]);
});

test("a Password Administrator cannot sign users out: the option is off and says why; the reset works", async ({ page }) => {
  const admin = new AdminPage(page);
  await admin.open("pwadmin@contoso.example");
  await admin.selectUser("Nadia Lefèvre", "nadia");
  await admin.resetButton.click();
  const dialog = admin.dialog();
  const option = dialog.root.getByRole("checkbox", { name: "Sign this user out of all sessions" });
  await expect(option).toBeDisabled();
  await expect(option).not.toBeChecked();
  await expect(option).toHaveAccessibleDescription(
    "Your roles can’t sign users out of their sessions. Helpdesk, Authentication, User, Privileged Authentication and Global Administrators can.",
  );
  const revokes = [];
  page.on("request", (r) => r.url().includes("revokeSignInSessions") && revokes.push(r.url()));
  await dialog.submit.click();
  await expect(dialog.passwordFor("Nadia Lefèvre")).toHaveValue(/^.{16}$/);
  expect(revokes).toEqual([]);
});

test("a sign-out the tenant refuses names the missing permission, and the password stays shown", async ({ page, request }) => {
  const tenant = new Tenant(request);
  await tenant.injectFaults({ route: "revokeSignInSessions", status: 403, count: 1 });
  const dialog = await new AdminPage(page).openResetFor("Nadia Lefèvre", "nadia");
  await dialog.root.getByRole("checkbox", { name: "Sign this user out of all sessions" }).check();
  await dialog.submit.click();
  await expect(
    dialog.root.getByText(
      "The password was reset, but signing out of all sessions failed. You don't have permission to do this (Insufficient privileges to complete the operation.).",
    ),
  ).toBeVisible();
  await expect(dialog.passwordFor("Nadia Lefèvre")).toHaveValue(/^.{16}$/);
});

test("no sign-out is sent when the reset failed, nor when it was not asked for", async ({ page, request }) => {
  const tenant = new Tenant(request);
  const oldToken = await tenant.token(NADIA);
  const revokes = [];
  page.on("request", (r) => r.url().endsWith("/revokeSignInSessions") && revokes.push(r.url()));
  await tenant.injectFaults({ route: "resetPassword", status: 404, count: 1 });

  const admin = new AdminPage(page);
  const dialog = await admin.openResetFor("Nadia Lefèvre", "nadia");
  await dialog.root.getByRole("checkbox", { name: "Sign this user out of all sessions" }).check();
  await dialog.submit.click();
  await expect(dialog.root.getByText(/^The password of Nadia Lefèvre was not changed\./)).toBeVisible();
  await expect(dialog.close).toBeEnabled();
  expect(revokes).toEqual([]);
  expect(await meStatus(request, oldToken)).toBe(200);

  // "Retry failed users" resets, then signs out.
  await dialog.root.getByRole("button", { name: "Retry failed users" }).click();
  await expect(dialog.root.getByText("Signed out of all sessions.")).toBeVisible();
  expect(revokes).toHaveLength(1);
  expect(await meStatus(request, oldToken)).toBe(401);
  await dialog.close.click();

  // Off by default: a plain reset signs nobody out.
  const second = await tenant.token(NADIA);
  await admin.selectUser("Nadia Lefèvre", "nadia");
  await admin.resetButton.click();
  const again = admin.dialog();
  await expect(again.root.getByRole("checkbox", { name: "Sign this user out of all sessions" })).not.toBeChecked();
  await again.submit.click();
  await expect(again.passwordFor("Nadia Lefèvre")).toHaveValue(/^.{16}$/);
  await expect(again.root.getByText("Signed out of all sessions.")).toHaveCount(0);
  expect(revokes).toHaveLength(1);
  expect(await meStatus(request, second)).toBe(200);
});
