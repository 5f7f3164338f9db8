// Delegated permissions as Graph enforces them: the page's tokens are issued
// with fewer scopes than the README lists, and the widget names what is
// missing instead of reading it as "no role" or a bare refusal.
import { test, expect } from "./fixtures.mjs";
import { Tenant } from "./tenant.mjs";
import { AdminPage } from "./widget.mjs";

const INITIAL_PASSWORD = "Contoso-Initial-2026!";

/** Every token the page asks `/_dev/token` for grants only `scopes`. */
async function grantOnly(page, scopes) {
  await page.route("**/_dev/token", async (route) => {
    const asked = JSON.parse(route.request().postData() ?? "{}");
    await route.continue({ postData: JSON.stringify({ ...asked, scopes }) });
  });
}

test.beforeEach(async ({ request }) => {
  await new Tenant(request).reseed();
});

/** The delegated permissions the README asks for. */
const ALL = [
  "User.Read.All",
  "RoleManagement.Read.Directory",
  "GroupMember.Read.All",
  "AdministrativeUnit.Read.All",
  "User-PasswordProfile.ReadWrite.All",
  "Mail.Send",
];

// Each of the three reads that say who holds which role: role assignments,
// role-assignable groups and their members, administrative units and theirs.
for (const missing of ["RoleManagement.Read.Directory", "GroupMember.Read.All", "AdministrativeUnit.Read.All"]) {
  test(`without ${missing} the widget names the permission and offers no reset`, async ({ page }) => {
    const admin = new AdminPage(page);
    const refused = [];
    page.on("response", (r) => {
      if (r.status() === 403) refused.push(new URL(r.url()).pathname);
    });
    // Graph answers 403 to the read that needs it.
    await grantOnly(page, ALL.filter((scope) => scope !== missing));
    await admin.open("admin@contoso.example");
    await expect(
      page.getByText(`The widget needs the ${missing} permission to check roles`),
    ).toBeVisible();
    expect(refused.length).toBeGreaterThan(0);
    // Not taken for "no role": that sentence would send the admin to the wrong fix.
    await expect(page.getByText("Your account can't reset passwords")).toHaveCount(0);
    // As for an admin whose roles cannot be read: nothing to select, no Reset.
    await admin.search.fill("elodie");
    await expect(page.getByRole("cell", { name: "Élodie Dupré" })).toBeVisible();
    await expect(page.getByRole("checkbox", { name: /^Select / })).toHaveCount(0);
    await expect(admin.resetButton).toHaveCount(0);
  });
}

test("without User-PasswordProfile.ReadWrite.All Graph refuses the reset and the widget names the permission", async ({
  page,
  request,
}) => {
  const tenant = new Tenant(request);
  const admin = new AdminPage(page);
  await grantOnly(page, ALL.filter((scope) => scope !== "User-PasswordProfile.ReadWrite.All"));
  const dialog = await admin.openResetFor("Élodie Dupré", "elodie");
  await dialog.submit.click();

  const failure = dialog.root.getByText(/^The password of Élodie Dupré was not changed\./);
  await expect(failure).toBeVisible();
  await expect(failure).toContainText("Insufficient privileges to complete the operation.");
  await expect(failure).toContainText("User-PasswordProfile.ReadWrite.All");
  await expect(dialog.passwordFor("Élodie Dupré")).toHaveCount(0);
  // Refused before anything changed: no mail, the old password still works.
  expect(await tenant.outbox()).toHaveLength(0);
  expect((await tenant.signIn("elodie.dupre@contoso.example", INITIAL_PASSWORD)).status).toBe(200);
});
