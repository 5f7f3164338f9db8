import { test, expect } from "./fixtures.mjs";
import { Tenant } from "./tenant.mjs";
import { AdminPage } from "./widget.mjs";

test.beforeEach(async ({ request }) => {
  await new Tenant(request).reseed();
});

const openResetFor = (page, name, search) => new AdminPage(page).openResetFor(name, search);

test("a typed password shows every failed rule at once, in words, and nothing is sent until it is valid", async ({ page, request }) => {
  const tenant = new Tenant(request);
  const dialog = await openResetFor(page, "Nadia Lefèvre", "nadia");
  await dialog.autoGenerate.uncheck();
  const problems = dialog.root.getByRole("list").filter({ has: page.getByRole("listitem") });
  const cases = [
    // Entra's banned-password score also counts too few characters as too easy.
    [
      "abc",
      [
        "Use at least 8 characters (now 3).",
        "Use at least 3 of these 4: lowercase letters, uppercase letters, numbers and symbols.",
        "This password is too easy to guess; avoid common words and the user's or company's name.",
      ],
    ],
    ["Abcdefgh1é", ["These characters are not allowed: “é”"]],
    ["abcdefghijkl", ["Use at least 3 of these 4: lowercase letters, uppercase letters, numbers and symbols."]],
    ["Password1!", ["This password is too easy to guess; avoid common words and the user's or company's name."]],
    ["Nadia!Nadia1", ["This password is too easy to guess; avoid common words and the user's or company's name."]],
    ["x".repeat(257) + "A1!", ["Use at most 256 characters (now 260)."]],
    // Entra allows it; the widget does not, so the CSV export can show it as set.
    ["-Xk7#mQ2vLp9!zR4", ["Don't start the password with =, +, - or @: spreadsheets read that as a formula, so it could not be exported as it is."]],
  ];
  for (const [typed, expected] of cases) {
    await dialog.password.fill(typed);
    await expect(problems.getByRole("listitem")).toHaveText(expected);
    await expect(dialog.password).toHaveAttribute("aria-invalid", "true");
    await expect(dialog.submit).toBeDisabled();
  }
  await dialog.password.fill("Kx7#mQ2v-Lp9!zR4");
  await expect(problems).toHaveCount(0);
  await expect(dialog.submit).toBeEnabled();
  await dialog.cancel.click();
  expect((await tenant.audit()).filter((e) => e.action === "resetPassword")).toHaveLength(0);
});

test("recipients: a bad address is named, more than 5 are refused with the limit, duplicates are caught", async ({ page, request }) => {
  const tenant = new Tenant(request);
  const dialog = await openResetFor(page, "Élodie Dupré", "elodie");
  const cases = [
    ["desk@example.net; not-an-address", '"not-an-address" is not a valid email address.'],
    ["a@example.net, b@example.net; c@example.net, d@example.net; e@example.net, f@example.net", "6 addresses were entered; the limit is 5."],
    ["desk@example.net; DESK@example.net", '"DESK@example.net" is entered more than once.'],
    ["   ", "Enter at least one email address."],
  ];
  for (const [typed, message] of cases) {
    await dialog.recipients.fill(typed);
    await expect(dialog.root.getByText(message, { exact: true })).toBeVisible();
    await expect(dialog.recipients).toHaveAttribute("aria-invalid", "true");
    await expect(dialog.submit).toBeDisabled();
  }
  await dialog.recipients.fill("a@example.net, b@example.net; c@example.net");
  await expect(dialog.submit).toBeEnabled();
  await dialog.submit.click();
  await expect(dialog.root.getByText("Email accepted for delivery to a@example.net; b@example.net; c@example.net.")).toBeVisible();
  const [mail] = await tenant.outbox();
  expect(mail.to).toEqual(["a@example.net", "b@example.net", "c@example.net"]);
});
