import { test, expect } from "./fixtures.mjs";
import { Tenant } from "./tenant.mjs";
import { AdminPage } from "./widget.mjs";

test.beforeEach(async ({ request }) => {
  const tenant = new Tenant(request);
  await tenant.reseed();
  await tenant.clearFaults();
});

test("the first requests go out together: the role reads are not held back by /me", async ({ page, request }) => {
  const tenant = new Tenant(request);
  // A slow /me: if the roles waited for it, they would start after it answered.
  await tenant.injectFaults([{ route: "me", latencyMs: 1500 }]);
  const started = {};
  const finished = {};
  const name = (url) => {
    const path = new URL(url).pathname;
    if (path.endsWith("/v1.0/me")) return "me";
    if (path === "/v1.0/roleManagement/directory/roleAssignments") return "roles";
    if (path === "/v1.0/groups") return "groups";
    if (path === "/v1.0/directory/administrativeUnits") return "units";
    if (path === "/v1.0/users") return "users";
    return null;
  };
  page.on("request", (r) => {
    const key = name(r.url());
    if (key && !(key in started)) started[key] = Date.now();
  });
  page.on("requestfinished", (r) => {
    const key = name(r.url());
    if (key && !(key in finished)) finished[key] = Date.now();
  });
  await new AdminPage(page).open();
  await expect(page.getByRole("button", { name: "Reset password", exact: true })).toBeVisible();
  expect(Object.keys(started).sort()).toEqual(["groups", "me", "roles", "units", "users"]);
  for (const first of ["roles", "groups", "units", "users"]) {
    expect(started[first], first).toBeLessThan(finished.me);
  }
});

test("the list's frame is on screen before the users arrive", async ({ page, request }) => {
  const tenant = new Tenant(request);
  await tenant.injectFaults([{ route: "listUsers", latencyMs: 2000 }]);
  await page.goto("/?as=admin@contoso.example");
  const admin = new AdminPage(page);
  // The table and its header, the search box and the loading message, while no user row is there yet.
  await expect(admin.users.getByRole("columnheader", { name: "Display name" })).toBeVisible();
  await expect(admin.search).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Loading users" })).toBeVisible();
  // Only the header row: no user yet.
  await expect(admin.users.getByRole("row")).toHaveCount(1);
  await expect(admin.users.getByRole("row").nth(1)).toBeVisible({ timeout: 10_000 });
});
