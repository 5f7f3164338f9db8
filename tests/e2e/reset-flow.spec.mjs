import { test, expect } from "./fixtures.mjs";
import { Tenant } from "./tenant.mjs";
import { AdminPage } from "./widget.mjs";
import { screenshotPath } from "./screenshots.mjs";

// Counts calls to the browser's Web Crypto RNG, to prove where passwords come from.
const countRandomCalls = () => {
  const original = crypto.getRandomValues.bind(crypto);
  window.__randomCalls = 0;
  crypto.getRandomValues = (array) => {
    window.__randomCalls += 1;
    return original(array);
  };
};

test.beforeEach(async ({ request }) => {
  await new Tenant(request).reseed();
});

test("a Global admin resets a password, mails it, and the user signs in with it", async ({ page, request }) => {
  const tenant = new Tenant(request);
  const admin = new AdminPage(page);
  await page.addInitScript(countRandomCalls);
  const consoleLines = [];
  page.on("console", (message) => consoleLines.push(message.text()));
  const requests = [];
  page.on("request", (r) => requests.push({ method: r.method(), url: r.url(), body: r.postData() ?? "" }));
  await admin.open("admin@contoso.example");

  await admin.selectUser("Élodie Dupré", "elodie");
  await expect(admin.resetButton).toBeEnabled();
  const randomCallsBefore = await page.evaluate(() => window.__randomCalls);
  await admin.resetButton.click();

  const dialog = admin.dialog("Reset password");
  await expect(dialog.autoGenerate).toBeChecked();
  await expect(dialog.requireChange).toBeChecked();
  // Prefilled with the user's alternate address, as the admin center does.
  await expect(dialog.emailPassword).toBeChecked();
  await expect(dialog.recipients).toHaveValue("elodie.perso@example.net");
  await dialog.recipients.fill("it.desk@example.net");
  await page.screenshot({ path: screenshotPath("reset-panel.png") });

  // The password is drawn in the browser when the dialog opens, from Web Crypto.
  const generated = await dialog.root.getByLabel("Generated password").inputValue();
  expect(await page.evaluate(() => window.__randomCalls)).toBeGreaterThan(randomCallsBefore);
  await dialog.submit.click();

  const shown = dialog.passwordFor("Élodie Dupré");
  await expect(shown).toHaveValue(/^.{16}$/);
  // A real password box, named by its label, kept from password managers.
  await expect(shown).toHaveAttribute("type", "password");
  await expect(shown).toHaveAccessibleName("Password for Élodie Dupré");
  await expect(shown).toHaveAttribute("autocomplete", "off");
  await expect(dialog.root.getByText("Email accepted for delivery to it.desk@example.net.")).toBeVisible();
  const password = await shown.inputValue();
  expect(password).toBe(generated);
  await page.screenshot({ path: screenshotPath("reset-result.png") });

  const outbox = await tenant.outbox();
  expect(outbox).toHaveLength(1);
  expect(outbox[0].to).toEqual(["it.desk@example.net"]);
  expect(outbox[0].body).toContain(password);

  const signIn = await tenant.signIn("elodie.dupre@contoso.example", password);
  expect(signIn.status).toBe(200);
  expect(signIn.body).toEqual({ ok: true, mustChangePassword: true });

  await dialog.close.click();
  await expect(dialog.root).toBeHidden();

  // The password went out in the reset and in the mail asked for, nowhere else.
  // Bodies are JSON, where `"` and `\` in the password appear escaped.
  const inJson = JSON.stringify(password).slice(1, -1);
  const carrying = requests.filter(
    (r) => r.url.includes(password) || r.url.includes(encodeURIComponent(password)) || r.body.includes(inJson),
  );
  expect(carrying.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([
    `PATCH /v1.0/users/${await tenant.userId("elodie.dupre@contoso.example")}`,
    "POST /v1.0/me/sendMail",
  ]);
  expect(consoleLines.filter((line) => line.includes(password))).toEqual([]);
  const stored = await page.evaluate(() => ({
    local: JSON.stringify({ ...localStorage }),
    session: JSON.stringify({ ...sessionStorage }),
    cookies: document.cookie,
    url: location.href,
    dom: document.documentElement.outerHTML,
  }));
  for (const [where, text] of Object.entries(stored)) {
    expect(text, `password found in ${where}`).not.toContain(password);
  }
  expect(await page.evaluate(() => [...document.querySelectorAll("input")].map((i) => i.value))).not.toContain(password);
});

test("cancel before submitting sends nothing", async ({ page, request }) => {
  const tenant = new Tenant(request);
  const admin = new AdminPage(page);
  await admin.open();
  await admin.selectUser("Nadia Lefèvre", "nadia");
  await admin.resetButton.click();
  const dialog = admin.dialog();
  await dialog.cancel.click();
  await expect(dialog.root).toBeHidden();
  expect(await tenant.outbox()).toHaveLength(0);
  const resets = (await tenant.audit()).filter((entry) => entry.action === "resetPassword");
  expect(resets).toHaveLength(0);
});

test("the leak scan after each test catches a password left behind", async ({ page }) => {
  // Expected to fail: the scan in fixtures.mjs must find the password this
  // test copies into local storage on purpose.
  test.fail();
  const admin = new AdminPage(page);
  await admin.open();
  await admin.selectUser("Nadia Lefèvre", "nadia");
  await admin.resetButton.click();
  const dialog = admin.dialog();
  await dialog.submit.click();
  const password = await dialog.passwordFor("Nadia Lefèvre").inputValue();
  await page.evaluate((value) => localStorage.setItem("leaked", value), password);
});
