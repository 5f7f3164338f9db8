// Who may reset whom, decided in the widget from the roles read once, as the
// row shows it before anything is submitted: a row the admin may not reset
// keeps its checkbox, disabled, with the reason as its description. Pages
// open on the demo host, another origin than the tenant (playwright.config.mjs).
import { test, expect } from "./fixtures.mjs";
import { Tenant } from "./tenant.mjs";
import { AdminPage } from "./widget.mjs";

const OUTSIDE_UNITS = "Outside your administrative units";
const RESTRICTED_UNIT =
  "In a restricted-management administrative unit (only admins assigned to that unit may reset)";
const ROLE_ASSIGNABLE_GROUP =
  "Member or owner of a role-assignable group (only Privileged Authentication and Global Administrators may reset)";

test.beforeEach(async ({ request }) => {
  await new Tenant(request).reseed();
});

/** The row of `displayName`, found by search: disabled, with `reason` as its description, before any click. */
async function expectDenied(admin, displayName, searchFor, reason) {
  await admin.search.fill(searchFor);
  const checkbox = admin.userCheckbox(displayName);
  await expect(checkbox).toBeDisabled();
  await expect(checkbox).not.toBeChecked();
  await expect(checkbox).toHaveAccessibleDescription(reason);
  await expect(admin.users.getByRole("row", { name: new RegExp(displayName) })).toContainText(reason);
}

/** Ticks `displayName`, resets with a generated password, and checks the tenant took it. */
async function resetsThrough(admin, tenant, displayName, searchFor, upn) {
  await admin.selectUser(displayName, searchFor);
  await expect(admin.resetButton).toBeEnabled();
  await admin.resetButton.click();
  const dialog = admin.dialog();
  await dialog.submit.click();
  await expect(dialog.passwordFor(displayName)).toHaveValue(/^.{16}$/);
  const password = await dialog.passwordFor(displayName).inputValue();
  expect((await tenant.signIn(upn, password)).status).toBe(200);
}

test("a Password admin cannot select a Global admin, and the row says why before any click", async ({ page, request }) => {
  const admin = new AdminPage(page);
  await admin.open("pwadmin@contoso.example");
  await expectDenied(admin, "Amara Okafor", "amara", "Your roles can't reset the password of a Global Administrator.");
  await admin.userCheckbox("Amara Okafor").click({ force: true });
  await expect(page.getByText("0 selected")).toBeVisible();
  await expect(admin.resetButton).toBeDisabled();
  const resets = (await new Tenant(request).audit()).filter((e) => e.action === "resetPassword");
  expect(resets).toEqual([]);
});

test("a Password admin may reset a user without an admin role", async ({ page, request }) => {
  const admin = new AdminPage(page);
  await admin.open("pwadmin@contoso.example");
  await resetsThrough(admin, new Tenant(request), "Nadia Lefèvre", "nadia", "nadia.lefevre@contoso.example");
});

test("an admin cannot reset their own password here, and their row says so", async ({ page }) => {
  const admin = new AdminPage(page);
  await admin.open("admin@contoso.example");
  await expectDenied(
    admin,
    "Amara Okafor",
    "amara",
    "You can't reset your own password here; change it from your account settings.",
  );
  await expect(admin.resetButton).toBeDisabled();
});

for (const upn of ["groupsadmin@contoso.example", "nadia.lefevre@contoso.example"]) {
  test(`${upn} may reset nobody: a clear message and no reset button`, async ({ page }) => {
    const admin = new AdminPage(page);
    await admin.open(upn);
    // Said once, above the list, not on every row.
    await expect(page.getByText("Your account can't reset passwords.")).toHaveCount(1);
    await expect(page.getByRole("alert").filter({ hasText: "Your account can't reset passwords." })).toBeVisible();
    await expect(admin.resetButton).toHaveCount(0);
    await expect(page.getByRole("checkbox", { name: /^Select / })).toHaveCount(0);
  });
}

test("Rita Reports, a Reports Reader: a Helpdesk admin may reset her, a Password admin may not", async ({ page, request }) => {
  const admin = new AdminPage(page);
  await admin.open("pwadmin@contoso.example");
  await expectDenied(admin, "Rita Reports", "rita", "Your roles can't reset the password of a Reports Reader.");

  await admin.open("helpdesk@contoso.example");
  await resetsThrough(admin, new Tenant(request), "Rita Reports", "rita", "reports.reader@contoso.example");
});

test("Tomas Tier, in a role-assignable group: a Password admin may not reset him, a Global admin may", async ({ page, request }) => {
  const admin = new AdminPage(page);
  await admin.open("pwadmin@contoso.example");
  await expectDenied(admin, "Tomas Tier", "tomas", ROLE_ASSIGNABLE_GROUP);

  await admin.open("admin@contoso.example");
  await resetsThrough(admin, new Tenant(request), "Tomas Tier", "tomas", "tier0.member@contoso.example");
});

test("Pauline Paris: the Helpdesk admin of the unit Paris may reset her, and nobody outside Paris", async ({ page, request }) => {
  const admin = new AdminPage(page);
  await admin.open("paris.helpdesk@contoso.example");
  // A scoped role is a reset role: no "can't reset passwords" notice.
  await expect(page.getByText("Your account can't reset passwords.")).toHaveCount(0);
  await expectDenied(admin, "Nadia Lefèvre", "nadia", OUTSIDE_UNITS);
  await resetsThrough(admin, new Tenant(request), "Pauline Paris", "pauline", "paris.user@contoso.example");
});

test("Luc Locked, in the restricted unit Vault: a Global admin may not reset him, Vault's Helpdesk admin may", async ({ page, request }) => {
  const admin = new AdminPage(page);
  await admin.open("admin@contoso.example");
  await expectDenied(admin, "Luc Locked", "luc", RESTRICTED_UNIT);

  await admin.open("vault.helpdesk@contoso.example");
  await resetsThrough(admin, new Tenant(request), "Luc Locked", "luc", "locked.user@contoso.example");
});

test("an eligible admin gets the reset once the role is activated in PIM and the roles checked again, without a reload", async ({ page, request }) => {
  const tenant = new Tenant(request);
  const admin = new AdminPage(page);
  await admin.open("eligible.admin@contoso.example");
  await expect(page.getByText("Your account can't reset passwords.")).toBeVisible();
  await expect(admin.resetButton).toHaveCount(0);
  await admin.search.fill("nadia");
  await expect(admin.users.getByRole("cell", { name: "Nadia Lefèvre" })).toBeVisible();
  await expect(page.getByRole("checkbox", { name: /^Select / })).toHaveCount(0);
  // Marks this document: a reload would lose it.
  await page.evaluate(() => {
    window.__sameDocument = true;
  });

  const activation = await request.post("/_dev/pim/activate", {
    data: { userPrincipalName: "eligible.admin@contoso.example" },
  });
  expect(activation.status()).toBe(201);
  // Nothing changes by itself: the widget read the roles once.
  await expect(admin.resetButton).toHaveCount(0);

  await page.getByRole("button", { name: "Check my roles again", exact: true }).click();
  await expect(admin.resetButton).toBeVisible();
  await expect(page.getByText("Your account can't reset passwords.")).toHaveCount(0);
  // The search is kept.
  await expect(admin.search).toHaveValue("nadia");
  await expect(admin.userCheckbox("Nadia Lefèvre")).toBeEnabled();
  expect(await page.evaluate(() => window.__sameDocument)).toBe(true);
  await resetsThrough(admin, tenant, "Nadia Lefèvre", "nadia", "nadia.lefevre@contoso.example");
});
