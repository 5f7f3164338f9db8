import { test, expect } from "./fixtures.mjs";
import { Tenant } from "./tenant.mjs";
import { AdminPage } from "./widget.mjs";
import { screenshotPath } from "./screenshots.mjs";

test.beforeEach(async ({ request }) => {
  await new Tenant(request).reseed();
});

const CREDIT = "Words from the EFF Short Wordlist #1 (Electronic Frontier Foundation, CC BY 3.0).";
// Four capitalised words joined by "-", one of them followed by a digit.
const FOUR_WORDS = /^[A-Z][a-z]+[2-9]?(-[A-Z][a-z]+[2-9]?){3}$/;

test("a passphrase reset: the user signs in with the passphrase shown, and the EFF list is credited", async ({ page, request }) => {
  const tenant = new Tenant(request);
  const admin = new AdminPage(page);
  const dialog = await admin.openResetFor("Nadia Lefèvre", "nadia");
  const generated = dialog.root.getByLabel("Generated password");
  await expect(dialog.root.getByRole("radio", { name: "Password", exact: true })).toBeChecked();
  await expect(dialog.root.getByText(CREDIT)).toHaveCount(0);

  await dialog.root.getByRole("radio", { name: "Passphrase" }).check();
  const words = dialog.root.getByRole("spinbutton", { name: "Number of words" });
  const separator = dialog.root.getByRole("textbox", { name: "Word separator" });
  const capitalize = dialog.root.getByRole("checkbox", { name: "Capitalize" });
  const number = dialog.root.getByRole("checkbox", { name: "Include a number" });
  await expect(words).toHaveValue("4");
  await expect(separator).toHaveValue("-");
  await expect(capitalize).toBeChecked();
  await expect(number).toBeChecked();
  await expect(dialog.root.getByText(CREDIT)).toBeVisible();
  await expect(generated).toHaveValue(FOUR_WORDS);
  expect((await generated.inputValue()).match(/\d/g)).toHaveLength(1);
  // 4 words of 1,273 and one digit of 8 in one of 4 places: 46.3 bits.
  await expect(dialog.root.getByText("Strength: 46 bits")).toBeVisible();

  // Each option changes the draw; the result always meets the policy.
  await words.fill("6");
  await separator.fill(" ");
  await capitalize.uncheck();
  await expect(generated).toHaveValue(/^[a-z]+[2-9]?( [a-z]+[2-9]?){5}$/);
  await expect(dialog.root.getByText("Strength: 67 bits")).toBeVisible();
  // Lowercase and spaces only would be 2 of the 4 classes: refused, not sent.
  await number.uncheck();
  await expect(dialog.root.getByText("Use at least 3 of these 4: lowercase letters, uppercase letters, numbers and symbols.")).toBeVisible();
  await expect(dialog.submit).toBeDisabled();
  await capitalize.check();
  await words.fill("2");
  await expect(dialog.root.getByText("Use 3 to 20 words.")).toBeVisible();
  await expect(dialog.submit).toBeDisabled();
  await words.fill("4");
  await separator.fill("@");
  await expect(dialog.root.getByText("Separate the words with 1 to 3 symbols or spaces (not $ or @).")).toBeVisible();
  await separator.fill("-");
  await number.check();
  await expect(generated).toHaveValue(FOUR_WORDS);
  await dialog.root.getByRole("button", { name: "Regenerate" }).click();
  await expect(generated).toHaveValue(FOUR_WORDS);
  await page.screenshot({ path: screenshotPath("passphrase.png") });

  const phrase = await generated.inputValue();
  await dialog.submit.click();
  const shown = dialog.passwordFor("Nadia Lefèvre");
  await expect(shown).toHaveValue(phrase);

  const signIn = await tenant.signIn("nadia.lefevre@contoso.example", phrase);
  expect(signIn.status).toBe(200);
  expect(signIn.body).toEqual({ ok: true, mustChangePassword: true });
});

test("a bulk reset with passphrases gives each user their own, and each signs in with it", async ({ page, request }) => {
  const tenant = new Tenant(request);
  const admin = new AdminPage(page);
  await admin.open();
  await admin.selectUser("Nadia Lefèvre", "nadia");
  await admin.selectUser("Élodie Dupré", "elodie");
  await admin.resetButton.click();
  const dialog = admin.dialog("Reset passwords");
  await dialog.root.getByRole("radio", { name: "Passphrase" }).check();
  await expect(dialog.root.getByText(CREDIT)).toBeVisible();
  await expect(dialog.root.getByText("Each user gets a different password made with these options.")).toBeVisible();
  await dialog.submit.click();

  await expect(dialog.passwordFor("Élodie Dupré")).toHaveValue(FOUR_WORDS);
  await expect(dialog.passwordFor("Nadia Lefèvre")).toHaveValue(FOUR_WORDS);
  const phrases = [
    await dialog.passwordFor("Nadia Lefèvre").inputValue(),
    await dialog.passwordFor("Élodie Dupré").inputValue(),
  ];
  expect(phrases[0]).not.toBe(phrases[1]);
  expect((await tenant.signIn("nadia.lefevre@contoso.example", phrases[0])).status).toBe(200);
  expect((await tenant.signIn("elodie.dupre@contoso.example", phrases[1])).status).toBe(200);
});
