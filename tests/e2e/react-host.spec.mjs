import { join } from "node:path";
import { test, expect } from "./fixtures.mjs";
import { HOSTS_DIR } from "./hosts/build.mjs";
import { startOtherOrigin } from "./other-origin.mjs";
import { Tenant } from "./tenant.mjs";
import { AdminPage } from "./widget.mjs";

// The main flows with the widget inside a React 19 admin center on another
// origin than the tenant (tests/e2e/hosts/react-admin/, bundled by the global
// setup): the app renders <reset-password-widget>, sets its tokenProvider
// property, lists the widget's events in its Activity panel, and can take the
// widget off the page and put it back.

let host;
let tenantOrigin;
// What the admin center's back end hands out at /session/token (a token, or
// a new one when the page asks for a refresh), and the requests it got.
const session = { token: null, refreshed: null, requests: [] };

test.beforeAll(async ({}, testInfo) => {
  tenantOrigin = testInfo.project.use.tenantURL;
  host = await startOtherOrigin(tenantOrigin, {
    dir: join(HOSTS_DIR, "react-admin"),
    routes: {
      "/session/token": (url) => {
        const forceRefresh = url.searchParams.get("forceRefresh") === "true";
        session.requests.push({ forceRefresh });
        return { json: { accessToken: forceRefresh ? session.refreshed : session.token } };
      },
    },
  });
});

test.afterAll(async () => {
  await host?.close();
});

test.beforeEach(async ({ request }) => {
  const tenant = new Tenant(request);
  await tenant.reseed();
  await tenant.clearFaults();
});

// Records, in the page, CSP violations and every event as the host's document hears it.
const watchPage = () => {
  window.__cspViolations = [];
  document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
  });
  window.__hostEvents = [];
  for (const name of ["done", "mail-sent", "signed-out", "error", "cancelled", "unmounted-while-busy"]) {
    document.addEventListener(`reset-password:${name}`, (event) =>
      window.__hostEvents.push({ name: event.type, detail: event.detail }),
    );
  }
};

/** Opens the admin center, signed in as `upn`, and waits for the first page of users. */
async function openAdminCenter(page, tenant, upn = "admin@contoso.example") {
  session.token = await tenant.token(upn);
  session.refreshed = await tenant.token(upn);
  session.requests = [];
  await page.addInitScript(watchPage);
  const admin = new AdminPage(page);
  await page.goto(host.origin);
  await expect(page.getByRole("heading", { name: "Fabrikam admin center", level: 1 })).toBeVisible();
  await expect(admin.users.getByRole("row").nth(1)).toBeVisible();
  return admin;
}

const activity = (page) => page.getByRole("log", { name: "Activity" }).getByRole("listitem");

test("the React admin center lists, resets, signs out and mails across origins, and its panel shows the events", async ({ page, request }) => {
  const tenant = new Tenant(request);
  const failures = [];
  page.on("requestfailed", (r) => failures.push(r.url()));
  // The list's answer is a CORS answer to the admin center's origin.
  const listAnswer = page.waitForResponse((r) => r.url().startsWith(`${tenantOrigin}/v1.0/users`) && r.request().method() === "GET");
  const admin = await openAdminCenter(page, tenant);
  expect(new URL(page.url()).origin).not.toBe(tenantOrigin);
  expect((await listAnswer).headers()["access-control-allow-origin"]).toBe(host.origin);
  await expect(page.getByText("No activity yet.")).toBeVisible();

  await admin.selectUser("Nadia Lefèvre", "nadia");
  await admin.resetButton.click();
  const dialog = admin.dialog();
  await dialog.emailPassword.check();
  await dialog.recipients.fill("nadia.home@example.net");
  await dialog.root.getByRole("checkbox", { name: "Sign this user out of all sessions" }).check();
  await dialog.submit.click();
  const shown = dialog.passwordFor("Nadia Lefèvre");
  await expect(shown).toHaveValue(/^.{16}$/);
  const password = await shown.inputValue();
  await expect(dialog.root.getByText("Email accepted for delivery to nadia.home@example.net.")).toBeVisible();
  expect((await tenant.signIn("nadia.lefevre@contoso.example", password)).status).toBe(200);

  const outbox = await tenant.outbox();
  expect(outbox).toHaveLength(1);
  expect(JSON.stringify(outbox[0])).toContain("nadia.home@example.net");
  expect(outbox[0].body).toContain(password);

  await expect(activity(page)).toHaveText([
    "Password reset for 1 user",
    "1 user signed out of all sessions",
    "Email accepted for delivery to 1 recipient",
  ]);
  await dialog.close.click();
  const nadia = await tenant.userId("nadia.lefevre@contoso.example");
  const events = await page.evaluate(() => window.__hostEvents);
  expect(events).toEqual([
    { name: "reset-password:done", detail: { userIds: [nadia], outcome: "reset" } },
    { name: "reset-password:signed-out", detail: { userIds: [nadia], outcome: "signedOut" } },
    { name: "reset-password:mail-sent", detail: { userIds: [nadia], outcome: "mailSent", recipients: 1 } },
  ]);
  expect(JSON.stringify(events)).not.toContain(password);
  expect(await page.getByRole("log", { name: "Activity" }).textContent()).not.toContain(password);
  expect(await page.evaluate(() => window.__cspViolations)).toEqual([]);
  expect(failures).toEqual([]);
});

test("a reset the tenant refuses shows its error event, outcome and code, in the panel", async ({ page, request }) => {
  const tenant = new Tenant(request);
  const admin = await openAdminCenter(page, tenant);
  await admin.selectUser("Élodie Dupré", "elodie");
  await admin.resetButton.click();
  const dialog = admin.dialog();
  await tenant.injectFaults({ route: "resetPassword", status: 403, count: 1 });
  await dialog.submit.click();
  await expect(dialog.root.getByText(/The password of Élodie Dupré was not changed\./)).toBeVisible();

  await expect(activity(page)).toHaveText(["Password reset failed for 1 user (resetFailed: forbidden)"]);
  const elodie = await tenant.userId("elodie.dupre@contoso.example");
  expect(await page.evaluate(() => window.__hostEvents)).toEqual([
    { name: "reset-password:error", detail: { userIds: [elodie], outcome: "resetFailed", errorCode: "forbidden" } },
  ]);
  expect(await tenant.resetsOf("elodie.dupre@contoso.example")).toEqual([]);
  expect(await tenant.outbox()).toHaveLength(0);
});

test("Hide widget while idle unmounts it cleanly, and Show widget mounts a working one", async ({ page, request }) => {
  const tenant = new Tenant(request);
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
  const admin = await openAdminCenter(page, tenant);

  await page.getByRole("button", { name: "Hide widget" }).click();
  await expect(page.getByText("The password tool is hidden.")).toBeVisible();
  await expect(page.locator("reset-password-widget")).toHaveCount(0);
  await expect(admin.users).toHaveCount(0);

  await page.getByRole("button", { name: "Show widget" }).click();
  await expect(admin.users.getByRole("row").nth(1)).toBeVisible();
  await expect(page.locator("reset-password-widget .rpw")).toHaveCount(1);
  // The new element has the token provider too: its search is answered.
  await admin.selectUser("Nadia Lefèvre", "nadia");
  await admin.resetButton.click();
  await admin.dialog().cancel.click();

  // Idle when hidden: no run was cut short; the cancel is the only event.
  await expect(activity(page)).toHaveText(["Reset cancelled for 1 user"]);
  expect((await page.evaluate(() => window.__hostEvents)).map((e) => e.name)).toEqual(["reset-password:cancelled"]);
  expect(errors).toEqual([]);
  expect(await page.evaluate(() => window.__cspViolations)).toEqual([]);
});

test("a widget taken off the page while a reset runs still reports to the panel", async ({ page, request }) => {
  const tenant = new Tenant(request);
  const admin = await openAdminCenter(page, tenant);
  await admin.selectUser("Nadia Lefèvre", "nadia");
  await admin.resetButton.click();
  const dialog = admin.dialog();
  await dialog.emailPassword.check();
  await dialog.recipients.fill("nadia.home@example.net");
  await tenant.injectFaults({ route: "resetPassword", latencyMs: 1_500 });
  const sent = page.waitForRequest((r) => r.method() === "PATCH" && r.url().includes("/v1.0/users/"));
  await dialog.submit.click();
  await sent;
  // The open dialog makes the rest of the page inert, so no click reaches the
  // button: the app's own code hides the widget, as its router would on a
  // navigation.
  await page.getByRole("button", { name: "Hide widget" }).evaluate((button) => button.click());
  await expect(page.locator("reset-password-widget")).toHaveCount(0);

  // At once the cut-short run, then the events of the calls already sent.
  await expect(activity(page)).toHaveText([
    "Closed while working on 1 user: reset them again",
    "Password reset for 1 user",
    "Email accepted for delivery to 1 recipient",
  ]);
  expect(await tenant.outbox()).toHaveLength(1);
  expect((await tenant.resetsOf("nadia.lefevre@contoso.example")).map((e) => e.outcome)).toEqual(["success"]);
});

test("the token provider is asked for each call, and a 401 leads to one forced refresh", async ({ page, request }) => {
  const tenant = new Tenant(request);
  const admin = await openAdminCenter(page, tenant);
  const stats = page.getByText(/^Token requests: \d+; forced refreshes: \d+$/);
  const counts = async () => (await stats.textContent()).match(/(\d+); forced refreshes: (\d+)/).slice(1).map(Number);
  const [before, forcedBefore] = await counts();
  expect(before).toBeGreaterThanOrEqual(1);
  expect(forcedBefore).toBe(0);
  // The app caches the token: its back end was asked once.
  expect(session.requests).toEqual([{ forceRefresh: false }]);

  // The tenant refuses the next list call's token.
  await tenant.injectFaults({ route: "listUsers", status: 401, count: 1 });
  await admin.search.fill("elodie");
  await expect(admin.userCheckbox("Élodie Dupré")).toBeVisible();
  await expect(stats).toHaveText(/; forced refreshes: 1$/);
  expect((await counts())[0]).toBeGreaterThanOrEqual(before + 2);
  expect(session.requests).toEqual([{ forceRefresh: false }, { forceRefresh: true }]);
  expect(await tenant.pendingFaults()).toEqual([]);
});

test("a throttled answer's Retry-After cannot be read from the admin center's origin", async ({ page, request }) => {
  const tenant = new Tenant(request);
  await openAdminCenter(page, tenant);
  await tenant.injectFaults({ route: "listUsers", status: 429, retryAfter: 1, count: 1 });
  const answered = page.waitForResponse((r) => r.url().startsWith(`${tenantOrigin}/v1.0/users`) && r.status() === 429);
  const seen = await page.evaluate(
    async ({ url, token }) => {
      const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
      return { status: response.status, retryAfter: response.headers.get("Retry-After") };
    },
    { url: `${tenantOrigin}/v1.0/users?$top=1`, token: session.token },
  );
  // The tenant sent it; the page, as the widget in it, cannot read it.
  expect((await answered).headers()["retry-after"]).toBe("1");
  expect(seen).toEqual({ status: 429, retryAfter: null });
});
