// The fixtures of every end-to-end test.
//
// Pages open on the demo host (Playwright's baseURL, another origin than the
// tenant); the tests' own calls to the tenant (reseed, faults, outbox, tokens,
// Graph reads) go to the tenant itself: `request` is a request context on
// `tenantURL`, not on the page's origin.
//
// The leak scan runs after every test. Each password the widget sends in a
// reset is remembered; when the test ends, none of them may be in a console
// line, local or session storage, a cookie, IndexedDB, the URL, the page's
// markup (attributes and text; input values are not markup), an event to the
// host, or any request but the reset and the mail to the tenant's origin
// (the same call to the host page's origin would hand the password to it).
import { test as base, expect } from "@playwright/test";

const ALLOWED = [
  (r) => r.method === "PATCH" && /\/v1\.0\/users\/[^/?]+$/.test(r.path),
  (r) => r.method === "POST" && r.path.endsWith("/v1.0/me/sendMail"),
];

export const test = base.extend({
  // The tenant's origin, set in playwright.config.mjs.
  tenantURL: [undefined, { option: true }],

  request: async ({ playwright, tenantURL }, use) => {
    if (!tenantURL) throw new Error("tenantURL is not set (playwright.config.mjs)");
    const tenant = await playwright.request.newContext({ baseURL: tenantURL });
    await use(tenant);
    await tenant.dispose();
  },

  page: async ({ page, tenantURL }, use, testInfo) => {
    const passwords = new Set();
    const requests = [];
    const consoleLines = [];
    page.on("console", (message) => consoleLines.push(message.text()));
    page.on("request", (request) => {
      const body = request.postData() ?? "";
      const url = new URL(request.url());
      requests.push({ method: request.method(), origin: url.origin, path: url.pathname, url: request.url(), body });
      if (request.method() === "PATCH" && body.includes("passwordProfile")) {
        const password = JSON.parse(body)?.passwordProfile?.password;
        if (password) passwords.add(password);
      }
    });
    await page.addInitScript(() => {
      window.__leakScanEvents = [];
      for (const name of ["done", "mail-sent", "signed-out", "error", "cancelled"]) {
        document.addEventListener(`reset-password:${name}`, (e) => window.__leakScanEvents.push(JSON.stringify(e.detail)));
      }
    });

    await use(page);

    if (passwords.size === 0 || page.isClosed()) return;
    const seen = await page
      .evaluate(async () => ({
        local: JSON.stringify({ ...localStorage }),
        session: JSON.stringify({ ...sessionStorage }),
        cookies: document.cookie,
        url: location.href,
        markup: document.documentElement.outerHTML,
        events: JSON.stringify(window.__leakScanEvents ?? []),
        indexedDb: JSON.stringify(indexedDB.databases ? (await indexedDB.databases()).map((d) => d.name) : []),
      }))
      .catch(() => null);
    for (const password of passwords) {
      const inJson = JSON.stringify(password).slice(1, -1);
      const carrying = requests
        .filter((r) => r.url.includes(password) || r.url.includes(encodeURIComponent(password)) || r.body.includes(inJson))
        .filter((r) => !(r.origin === tenantURL && ALLOWED.some((allowed) => allowed(r))))
        .map((r) => `${r.method} ${r.path}`);
      expect(carrying, `password sent in ${testInfo.title}`).toEqual([]);
      expect(consoleLines.filter((line) => line.includes(password)), "password in the console").toEqual([]);
      if (seen) {
        for (const [where, text] of Object.entries(seen)) {
          expect(text.includes(password) || text.includes(inJson), `password found in ${where}`).toBe(false);
        }
      }
    }
  },
});

export { expect };
