import { test, expect } from "./fixtures.mjs";
import { Tenant } from "./tenant.mjs";
import { AdminPage } from "./widget.mjs";

test.beforeEach(async ({ request }) => {
  await new Tenant(request).reseed();
});

test("a Password admin cannot select a Global admin, and is told why", async ({ page, request }) => {
  const admin = new AdminPage(page);
  await admin.open("pwadmin@contoso.example");
  await admin.search.fill("amara");
  const checkbox = admin.userCheckbox("Amara Okafor");
  await checkbox.click();
  await expect(checkbox).toBeDisabled();
  await expect(checkbox).not.toBeChecked();
  await expect(page.getByText("Your roles can't reset the password of a Global Administrator.")).toBeVisible();
  await expect(page.getByText("0 selected")).toBeVisible();
  await expect(admin.resetButton).toBeDisabled();
  const resets = (await new Tenant(request).audit()).filter((e) => e.action === "resetPassword");
  expect(resets).toEqual([]);
});

test("a Password admin may reset a user without an admin role", async ({ page, request }) => {
  const admin = new AdminPage(page);
  await admin.open("pwadmin@contoso.example");
  await admin.selectUser("Nadia Lefèvre", "nadia");
  await admin.resetButton.click();
  const dialog = admin.dialog();
  await dialog.submit.click();
  await expect(dialog.passwordFor("Nadia Lefèvre")).toHaveValue(/^.{16}$/);
  const password = await dialog.passwordFor("Nadia Lefèvre").inputValue();
  const signIn = await new Tenant(request).signIn("nadia.lefevre@contoso.example", password);
  expect(signIn.status).toBe(200);
});

test("an admin cannot reset their own password here", async ({ page }) => {
  const admin = new AdminPage(page);
  await admin.open("admin@contoso.example");
  await admin.search.fill("amara");
  await admin.userCheckbox("Amara Okafor").click();
  await expect(page.getByText("You can't reset your own password here")).toBeVisible();
  await expect(admin.resetButton).toBeDisabled();
});

for (const upn of ["groupsadmin@contoso.example", "nadia.lefevre@contoso.example"]) {
  test(`${upn} may reset nobody: a clear message and no reset button`, async ({ page }) => {
    const admin = new AdminPage(page);
    await admin.open(upn);
    await expect(page.getByText("Your account can't reset passwords.")).toBeVisible();
    await expect(admin.resetButton).toHaveCount(0);
    await expect(page.getByRole("checkbox", { name: /^Select / })).toHaveCount(0);
  });
}
