import { test, expect } from "./fixtures.mjs";
import { hostPolicy } from "./other-origin.mjs";
import { Tenant } from "./tenant.mjs";
import { AdminPage } from "./widget.mjs";

test.beforeEach(async ({ request }) => {
  await new Tenant(request).reseed();
});

// Records CSP violations and every event the widget sends to its host.
const watchPage = () => {
  window.__cspViolations = [];
  document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
  });
  window.__hostEvents = [];
  for (const name of ["reset-password:done", "reset-password:mail-sent", "reset-password:error", "reset-password:cancelled"]) {
    document.addEventListener(name, (event) => window.__hostEvents.push({ name, detail: event.detail }));
  }
};

test("the whole flow runs under the host's strict CSP with no violation, and events carry no password", async ({ page, request, tenantURL }) => {
  const tenant = new Tenant(request);
  const admin = new AdminPage(page);
  await page.addInitScript(watchPage);
  const response = await page.goto("/?as=admin@contoso.example");
  // The admin center's own policy: scripts, styles and connections from itself and the tenant only.
  const csp = response.headers()["content-security-policy"];
  expect(csp).toBe(hostPolicy(tenantURL));
  expect(csp).not.toContain("unsafe-inline");
  await expect(admin.users.getByRole("row").nth(1)).toBeVisible();

  await admin.selectUser("Nadia Lefèvre", "nadia");
  await admin.resetButton.click();
  const dialog = admin.dialog();
  await dialog.emailPassword.check();
  await dialog.recipients.fill("nadia.home@example.net");
  await dialog.submit.click();
  const password = await dialog.passwordFor("Nadia Lefèvre").inputValue();
  expect(password).toHaveLength(16);
  await expect(dialog.root.getByText("Email accepted for delivery to nadia.home@example.net.")).toBeVisible();
  await dialog.close.click();

  expect(await page.evaluate(() => window.__cspViolations)).toEqual([]);
  const events = await page.evaluate(() => window.__hostEvents);
  const nadia = await tenant.userId("nadia.lefevre@contoso.example");
  expect(events).toEqual([
    { name: "reset-password:done", detail: { userIds: [nadia], outcome: "reset" } },
    { name: "reset-password:mail-sent", detail: { userIds: [nadia], outcome: "mailSent", recipients: 1 } },
  ]);
  expect(JSON.stringify(events)).not.toContain(password);
  expect((await tenant.outbox())[0].body).toContain(password);
});

test("the token provider is asked again after a 401, once", async ({ page, request }) => {
  const tenant = new Tenant(request);
  const admin = new AdminPage(page);
  await admin.open();
  const expired = await tenant.token("admin@contoso.example", 0);
  const fresh = await tenant.token("admin@contoso.example");
  await page.evaluate(({ expired, fresh }) => {
    window.__tokenCalls = [];
    document.querySelector("reset-password-widget").tokenProvider = ({ forceRefresh }) => {
      window.__tokenCalls.push(Boolean(forceRefresh));
      return Promise.resolve(forceRefresh ? fresh : expired);
    };
  }, { expired, fresh });

  await admin.search.fill("elodie");
  await expect(admin.userCheckbox("Élodie Dupré")).toBeVisible();
  expect(await page.evaluate(() => window.__tokenCalls)).toEqual([false, true]);
});

test("the custom element unmounts when removed and mounts again when put back", async ({ page }) => {
  const admin = new AdminPage(page);
  await admin.open();
  await page.evaluate(() => {
    const widget = document.querySelector("reset-password-widget");
    window.__parked = widget;
    widget.remove();
  });
  expect(await page.evaluate(() => window.__parked.querySelector(".rpw"))).toBeNull();
  await expect(admin.users).toHaveCount(0);
  await page.evaluate(() => document.querySelector(".demo-main").append(window.__parked));
  await expect(admin.users.getByRole("row").nth(1)).toBeVisible();
  await expect(page.locator(".rpw")).toHaveCount(1);
});

test("two widgets on one page keep their own state", async ({ page }) => {
  const admin = new AdminPage(page);
  await admin.open();
  await admin.addSecondWidget();
  const first = page.locator("reset-password-widget").first();
  const second = page.locator("#second");
  await expect(second.getByRole("table", { name: "Active users" }).getByRole("row").nth(1)).toBeVisible();

  await first.getByRole("searchbox", { name: "Search active users list" }).fill("nadia");
  await first.getByRole("checkbox", { name: "Select Nadia Lefèvre" }).check();
  await expect(first.getByText("1 selected")).toBeVisible();
  await expect(second.getByText("0 selected")).toBeVisible();
  await expect(second.getByRole("searchbox", { name: "Search active users list" })).toHaveValue("");
});

test("a wrong attribute is named instead of a broken widget", async ({ page }) => {
  await new AdminPage(page).open();
  await page.evaluate(() => {
    const widget = document.createElement("reset-password-widget");
    widget.id = "germany";
    widget.setAttribute("cloud", "germany");
    document.querySelector(".demo-main").append(widget);
  });
  await expect(page.locator("#germany").getByRole("alert")).toContainText("closed on 29 October 2021");
});

test("the theme attribute forces dark colours", async ({ page }) => {
  await new AdminPage(page).open();
  const widget = page.locator("reset-password-widget");
  const background = () => widget.locator(".rpw").evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(await background()).toBe("rgb(255, 255, 255)");
  await widget.evaluate((el) => el.setAttribute("theme", "dark"));
  await expect(widget.locator(".rpw")).toHaveAttribute("data-theme", "dark");
  expect(await background()).toBe("rgb(41, 41, 41)");
});

test("the host themes the widget with --rpw-* custom properties", async ({ page }) => {
  const admin = new AdminPage(page);
  await admin.open();
  await page.locator(".demo-main").evaluate((el) => el.style.setProperty("--rpw-accent", "rgb(200, 0, 100)"));
  await expect(admin.resetButton).toHaveCSS("background-color", "rgb(200, 0, 100)");
});

test("host styles for bare elements do not reach inside the widget", async ({ page }) => {
  const admin = new AdminPage(page);
  const hostile =
    "button { text-transform: uppercase; letter-spacing: 6px; } p, td { color: rgb(255, 0, 0); } " +
    "table { border: 9px solid red; } nav li { letter-spacing: 6px; }";
  await page.route("**/hostile.css", (route) => route.fulfill({ contentType: "text/css", body: hostile }));
  await admin.open();
  await page.evaluate(async () => {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = "/hostile.css";
    const loaded = new Promise((resolve) => (link.onload = resolve));
    document.head.append(link);
    await loaded;
  });
  // The host page itself gets the rules...
  await expect(page.locator(".demo-nav li").first()).toHaveCSS("letter-spacing", "6px");
  // ...the widget does not.
  await expect(admin.resetButton).toHaveCSS("text-transform", "none");
  await expect(admin.resetButton).toHaveCSS("letter-spacing", "normal");
  await expect(admin.users.locator("td").nth(1)).not.toHaveCSS("color", "rgb(255, 0, 0)");
  await expect(admin.users).toHaveCSS("border-top-width", "0px");
});

test("a plain element is mounted with mountInto and unmounted again", async ({ page, request, tenantURL }) => {
  const token = await new Tenant(request).token("admin@contoso.example");
  await new AdminPage(page).open();
  await page.evaluate(async ({ token, tenantURL }) => {
    const element = document.createElement("div");
    element.id = "plain";
    element.setAttribute("api-base", `${tenantURL}/v1.0`);
    element.tokenProvider = () => token;
    document.querySelector(".demo-main").append(element);
    const { mountInto } = await import(`${tenantURL}/reset-password-element.js`);
    window.__unmountPlain = await mountInto(element);
  }, { token, tenantURL });
  const plain = page.locator("#plain");
  await expect(plain.getByRole("table", { name: "Active users" }).getByRole("row").nth(1)).toBeVisible();
  await page.evaluate(() => window.__unmountPlain());
  await expect(plain.locator(".rpw")).toHaveCount(0);
});

test("new attributes wait until the dialog closes, so a result on screen is never lost", async ({ page }) => {
  const admin = new AdminPage(page);
  await admin.open();
  await admin.selectUser("Nadia Lefèvre", "nadia");
  await admin.resetButton.click();
  const dialog = admin.dialog();
  await dialog.submit.click();
  const shown = dialog.passwordFor("Nadia Lefèvre");
  await expect(shown).toHaveValue(/^.{16}$/);

  const widget = page.locator("reset-password-widget");
  await widget.evaluate((el) => el.setAttribute("theme", "dark"));
  await page.waitForTimeout(1200);
  await expect(shown).toHaveValue(/^.{16}$/);
  await expect(widget.locator(".rpw")).toHaveAttribute("data-theme", "auto");

  await dialog.close.click();
  await expect(widget.locator(".rpw")).toHaveAttribute("data-theme", "dark");
  await expect(widget.getByRole("table", { name: "Active users" }).getByRole("row").nth(1)).toBeVisible();
});
