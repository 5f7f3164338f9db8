import { test, expect } from "./fixtures.mjs";
import { Tenant } from "./tenant.mjs";
import { AdminPage } from "./widget.mjs";

test.beforeEach(async ({ request }) => {
  await new Tenant(request).reseed();
});

const drawnRows = (admin) => admin.users.locator("tbody tr[aria-rowindex]");

test("the list draws only the rows in view, loads pages while scrolling, and reaches the last user", async ({ page }) => {
  const admin = new AdminPage(page);
  await admin.open();
  const scroller = page.locator(".rpw-table-scroll");
  // 500 users in the tenant, pages of 100: more exist, so the count is unknown.
  await expect(admin.users).toHaveAttribute("aria-rowcount", "-1");
  expect(await drawnRows(admin).count()).toBeLessThan(40);

  // Scroll to the end again and again: pages load until the last user shows.
  await expect(async () => {
    await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await expect(admin.users).toHaveAttribute("aria-rowcount", "501", { timeout: 500 });
  }).toPass({ timeout: 30_000 });
  await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(admin.users.locator('tr[aria-rowindex="501"]')).toBeVisible();
  expect(await drawnRows(admin).count()).toBeLessThan(40);
  expect(await page.evaluate(() => document.querySelectorAll("*").length)).toBeLessThan(1500);

  // And back to the top.
  await scroller.evaluate((el) => el.scrollTo(0, 0));
  await expect(admin.users.locator('tr[aria-rowindex="2"]')).toBeVisible();
});

test("search matches name, user name or email, and the selection survives a new search", async ({ page }) => {
  const admin = new AdminPage(page);
  await admin.open();
  await admin.selectUser("Nadia Lefèvre", "nadia");
  await expect(drawnRows(admin)).toHaveCount(1);
  // By user name and by email.
  await admin.search.fill("elodie.dupre@");
  await expect(admin.userCheckbox("Élodie Dupré")).toBeVisible();
  await admin.selectUser("Élodie Dupré", "elodie.dupre");
  await expect(page.getByText("2 selected")).toBeVisible();
  await admin.search.fill("nadia");
  await expect(admin.userCheckbox("Nadia Lefèvre")).toBeChecked();
  await admin.search.fill("zzzz-nobody");
  await expect(page.getByText("No users match this search.")).toBeVisible();
  await expect(page.getByText("2 selected")).toBeVisible();
});

test("a failed page says so, and Load more users tries again", async ({ page, request }) => {
  const tenant = new Tenant(request);
  await new Tenant(request).clearFaults();
  const admin = new AdminPage(page);
  await admin.open();
  // Reads are retried a few times; a tenant down for longer is reported.
  await tenant.injectFaults({ route: "listUsers", status: 500, count: 50 });
  const scroller = page.locator(".rpw-table-scroll");
  await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(page.getByText("The tenant had a problem (HTTP 500). Try again in a moment.")).toBeVisible();
  await new Tenant(request).clearFaults();
  await page.getByRole("button", { name: "Load more users" }).click();
  await expect(page.getByRole("button", { name: "Load more users" })).toHaveCount(0);
  await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
  const lastDrawn = () =>
    admin.users.evaluate((table) => Math.max(...[...table.querySelectorAll("tr[aria-rowindex]")].map((r) => Number(r.ariaRowIndex))));
  await expect.poll(lastDrawn).toBeGreaterThan(101);
});

test("a next page that points back to itself stops the list with a message instead of loading forever", async ({ page }) => {
  // A proxy between widget and tenant that answers every later page with a
  // link to the same page again.
  await page.route(
    (url) => url.pathname === "/v1.0/users" && url.search.includes("skiptoken"),
    async (route) => {
      const response = await route.fetch();
      const body = await response.json();
      body["@odata.nextLink"] = route.request().url();
      await route.fulfill({ response, json: body });
    },
  );
  const admin = new AdminPage(page);
  await admin.open();
  const scroller = page.locator(".rpw-table-scroll");
  await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(page.getByText("The tenant sent the same page of users twice; the list stops here.")).toBeVisible();
  // The users loaded so far stay, and no more pages are asked for.
  await expect(admin.users).toHaveAttribute("aria-rowcount", "201");
});

test.describe("under a host page whose CSP would let the request out", () => {
  // The demo page's CSP (connect-src 'self' and the tenant) would block the request anyway;
  // an admin center that allows more origins must not depend on it.
  test.use({ bypassCSP: true });

  test("a next page on another origin is not followed: no request, and the list says why", async ({ page, baseURL, tenantURL }) => {
    const otherPort = Number(new URL(baseURL).port) + 7;
    const elsewhere = `http://127.0.0.1:${otherPort}`;
    const sentElsewhere = [];
    page.on("request", (request) => {
      if (new URL(request.url()).origin === elsewhere) {
        sentElsewhere.push(request.url());
      }
    });
    await page.route(`${elsewhere}/**`, (route) => route.abort());
    // A proxy (or a tenant) that points the first page's next link elsewhere.
    await page.route(
      (url) => url.pathname === "/v1.0/users" && !url.search.includes("skiptoken"),
      async (route) => {
        const response = await route.fetch();
        const body = await response.json();
        const next = new URL(body["@odata.nextLink"]);
        body["@odata.nextLink"] = `${elsewhere}${next.pathname}${next.search}`;
        await route.fulfill({ response, json: body });
      },
    );
    const admin = new AdminPage(page);
    await admin.open();
    const scroller = page.locator(".rpw-table-scroll");
    await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await expect(page.getByText(`The tenant's next page points outside ${tenantURL}/v1.0; the list stops here.`)).toBeVisible();
    await expect(admin.users).toHaveAttribute("aria-rowcount", "101");
    expect(sentElsewhere).toEqual([]);
  });
});
