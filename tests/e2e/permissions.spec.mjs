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

test("without RoleManagement.Read.Directory the widget names the permission and offers no reset", async ({ page }) => {
  const admin = new AdminPage(page);
  // Graph returns the admin's role with limited information: type and id only.
  await grantOnly(page, ["User.Read.All", "User-PasswordProfile.ReadWrite.All", "Mail.Send"]);
  await admin.open("admin@contoso.example");
  await expect(
    page.getByText("The widget needs the RoleManagement.Read.Directory permission to check roles"),
  ).toBeVisible();
  // Not taken for "no role": that sentence would send the admin to the wrong fix.
  await expect(page.getByText("Your account can't reset passwords")).toHaveCount(0);
  // As for an admin whose roles cannot be read: nothing to select, no Reset.
  await admin.search.fill("elodie");
  await expect(page.getByRole("cell", { name: "Élodie Dupré" })).toBeVisible();
  await expect(page.getByRole("checkbox", { name: /^Select / })).toHaveCount(0);
  await expect(admin.resetButton).toHaveCount(0);
});

test("without User-PasswordProfile.ReadWrite.All Graph refuses the reset and the widget names the permission", async ({
  page,
  request,
}) => {
  const tenant = new Tenant(request);
  const admin = new AdminPage(page);
  await grantOnly(page, ["User.Read.All", "RoleManagement.Read.Directory", "Mail.Send"]);
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

test("role lookups are advanced queries: $count=true and ConsistencyLevel: eventual on each", async ({ page }) => {
  // Without them Graph answers every membership, and a widget that dropped
  // the groups itself would look right here while reading nothing of the cast.
  const lookups = [];
  page.on("request", (r) => {
    if (r.url().includes("/transitiveMemberOf/")) lookups.push({ url: new URL(r.url()), headers: r.headers() });
  });
  const admin = new AdminPage(page);
  await admin.open("pwadmin@contoso.example");
  await admin.selectUser("Élodie Dupré", "elodie");
  await expect(admin.resetButton).toBeEnabled();
  const paths = lookups.map((l) => l.url.pathname);
  expect(paths).toContain("/v1.0/me/transitiveMemberOf/microsoft.graph.directoryRole");
  expect(paths.some((p) => /^\/v1\.0\/users\/[^/]+\/transitiveMemberOf\/microsoft\.graph\.directoryRole$/.test(p))).toBe(true);
  for (const { url, headers } of lookups) {
    expect(url.searchParams.get("$count"), url.href).toBe("true");
    expect(headers.consistencylevel, url.href).toBe("eventual");
  }
});
