import { test, expect } from "./fixtures.mjs";
import { hostPolicy } from "./other-origin.mjs";
import { Tenant } from "./tenant.mjs";
import { AdminPage } from "./widget.mjs";

// The page every other spec opens: the demo admin center on its own origin
// (demo-host.mjs), the widget's files and API on the tenant's. These checks
// keep the suite honest: if the page fell back to same-origin calls, they fail.

test.beforeEach(async ({ request }) => {
  await new Tenant(request).reseed();
});

test("the demo page is another origin's: widget files and Graph calls go to the tenant, sign-in calls to the host", async ({ page, baseURL, tenantURL }) => {
  expect(new URL(baseURL).origin).not.toBe(tenantURL);
  const seen = [];
  page.on("request", (r) => {
    const url = new URL(r.url());
    seen.push({ origin: url.origin, path: url.pathname });
  });
  const response = await page.goto("/?as=admin@contoso.example");
  expect(response.headers()["content-security-policy"]).toBe(hostPolicy(tenantURL));
  await expect(new AdminPage(page).users.getByRole("row").nth(1)).toBeVisible();

  const originOf = (path) => [...new Set(seen.filter((r) => r.path === path).map((r) => r.origin))];
  for (const file of ["/widget.css", "/reset-password-element.js", "/reset-password-widget.js", "/reset-password-widget_bg.wasm"]) {
    expect(originOf(file), file).toEqual([tenantURL]);
  }
  expect(originOf("/demo.js")).toEqual([new URL(baseURL).origin]);
  expect(originOf("/_dev/token")).toEqual([new URL(baseURL).origin]);
  const graph = seen.filter((r) => r.path.startsWith("/v1.0/"));
  expect(graph.length).toBeGreaterThan(0);
  expect([...new Set(graph.map((r) => r.origin))]).toEqual([tenantURL]);
});

test("the host forwards only the demo's sign-in calls: Graph and the tenant's other dev routes are not on its origin", async ({ page, request }) => {
  const token = await new Tenant(request).token("admin@contoso.example");
  await page.goto("/?as=admin@contoso.example");
  const statuses = await page.evaluate(async (token) => {
    const status = (path, init) => fetch(path, init).then((r) => r.status);
    return {
      me: await status("/v1.0/me", { headers: { Authorization: `Bearer ${token}` } }),
      reseed: await status("/_dev/reseed", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" }),
      admins: await status("/_dev/admins"),
    };
  }, token);
  expect(statuses).toEqual({ me: 404, reseed: 404, admins: 200 });
});

// The tenant still serves the demo page itself, same-origin, for
// scripts/run.sh: opened on the tenant's origin on purpose, under the tenant's policy.
test("the tenant's own demo page still lists users under its strict CSP", async ({ page, tenantURL }) => {
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__cspViolations.push(e.violatedDirective));
  });
  const response = await page.goto(`${tenantURL}/?as=admin@contoso.example`);
  const csp = response.headers()["content-security-policy"];
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(csp).toContain("style-src 'self'");
  expect(csp).not.toContain("unsafe-inline");
  await expect(new AdminPage(page).users.getByRole("row").nth(1)).toBeVisible();
  expect(await page.evaluate(() => window.__cspViolations)).toEqual([]);
});
