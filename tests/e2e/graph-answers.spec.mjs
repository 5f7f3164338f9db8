import { test, expect } from "./fixtures.mjs";
import { Tenant } from "./tenant.mjs";
import { AdminPage } from "./widget.mjs";

// Answers as Microsoft Graph gives them, as the admin sees them: an admin
// without a mailbox, a user synced from on-premises, a password the tenant's
// own banned list refuses, and the request-id of a failed call.

const GUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

test.beforeEach(async ({ request }) => {
  const tenant = new Tenant(request);
  await tenant.reseed();
  await tenant.clearFaults();
});

test("an admin without a mailbox is told up front; the mail is refused, the password still shown", async ({ page, request }) => {
  const tenant = new Tenant(request);
  const admin = new AdminPage(page);
  await admin.open(Tenant.NOMAIL_ADMIN);
  await admin.selectUser("Élodie Dupré", "elodie");
  await admin.resetButton.click();
  const dialog = admin.dialog();
  await dialog.emailPassword.check();
  await expect(dialog.root.getByText("Your account has no mailbox, so the widget cannot send this email.")).toBeVisible();
  await dialog.recipients.fill("elodie.perso@example.net");
  await dialog.submit.click();

  const shown = dialog.passwordFor("Élodie Dupré");
  await expect(shown).toHaveValue(/^.{16}$/);
  await expect(
    dialog.root.getByText(
      new RegExp(
        "The password was reset, but the email to elodie\\.perso@example\\.net was not sent\\. " +
          `Your account has no mailbox, so the email could not be sent\\. Request ID: ${GUID}`,
      ),
    ),
  ).toBeVisible();
  expect(await tenant.outbox()).toHaveLength(0);
  expect((await tenant.signIn("elodie.dupre@contoso.example", await shown.inputValue())).status).toBe(200);
});

test("a user synced from on-premises cannot be selected, and the row says why", async ({ page }) => {
  const admin = new AdminPage(page);
  await admin.open();
  await admin.search.fill("synced");
  const checkbox = admin.userCheckbox("Sam Synced");
  await expect(checkbox).toBeDisabled();
  await expect(checkbox).toHaveAccessibleDescription("Managed in your on-premises directory");
  await expect(admin.users.getByRole("row", { name: /Sam Synced/ })).toContainText("Managed in your on-premises directory");
});

test("a password the widget accepts but the tenant's banned list refuses: not reset, Graph's reason shown", async ({ page, request }) => {
  const tenant = new Tenant(request);
  const dialog = await new AdminPage(page).openResetFor("Nadia Lefèvre", "nadia");
  await dialog.autoGenerate.uncheck();
  await dialog.password.fill("Northwind#Seattle1");
  await expect(dialog.submit).toBeEnabled();
  await dialog.submit.click();

  const refusal = dialog.root.getByText(
    new RegExp(
      "The password of Nadia Lefèvre was not changed\\. The tenant refused this password " +
        "\\(The specified password does not comply with password complexity requirements\\. " +
        `Please provide a different password\\.\\)\\. Choose another one\\. Request ID: (${GUID})`,
    ),
  );
  await expect(refusal).toBeVisible();
  await expect(dialog.passwordFor("Nadia Lefèvre")).toHaveCount(0);
  const outcomes = (await tenant.resetsOf("nadia.lefevre@contoso.example")).map((e) => e.outcome);
  expect(outcomes).toEqual(["Request_BadRequest"]);
  // The id shown is the one the tenant's audit log keeps for the attempt.
  const shownId = (await refusal.textContent()).match(new RegExp(`Request ID: (${GUID})`))[1];
  expect(await tenant.auditCorrelationIds()).toContain(shownId);
});

test("a failed call shows the request-id Graph answered with, to copy for support", async ({ page, request }) => {
  const tenant = new Tenant(request);
  const dialog = await new AdminPage(page).openResetFor("Nadia Lefèvre", "nadia");
  await tenant.injectFaults({ route: "resetPassword", status: 403, count: 1 });
  const answer = page.waitForResponse((r) => r.request().method() === "PATCH" && r.url().includes("/v1.0/users/"));
  await dialog.submit.click();
  const response = await answer;
  const requestId = response.headers()["request-id"];
  expect(requestId).toMatch(new RegExp(`^${GUID}$`));
  // The widget sent its own client-request-id, and the tenant echoed it.
  const sent = response.request().headers()["client-request-id"];
  expect(sent).toMatch(new RegExp(`^${GUID}$`));
  expect(response.headers()["client-request-id"]).toBe(sent);
  await expect(dialog.root.getByText(`Request ID: ${requestId}`)).toBeVisible();
  await expect(dialog.root.getByText(/The password of Nadia Lefèvre was not changed\. You don.t have permission/)).toBeVisible();
});
