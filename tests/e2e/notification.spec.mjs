// The notification mail as the user receives it: in their language, naming
// where to sign in and who sent it; the welcome message for a new account;
// and the dialog's preview, which never shows the real password.
import { test, expect } from "./fixtures.mjs";
import { Tenant } from "./tenant.mjs";
import { AdminPage } from "./widget.mjs";

test.beforeEach(async ({ request }) => {
  await new Tenant(request).reseed();
});

/** Sets an attribute of the demo's widget; the widget restarts with it. */
async function configure(page, name, value) {
  await page.locator("reset-password-widget").evaluate((el, [n, v]) => el.setAttribute(n, v), [name, value]);
}

test("Élodie's mail is in French, names the cloud's sign-in address and the admin", async ({ page, request }) => {
  const tenant = new Tenant(request);
  const admin = new AdminPage(page);
  await admin.open("admin@contoso.example");
  // The US Government cloud; api-base still points at the local tenant.
  await configure(page, "cloud", "usgov-l4");
  await expect(admin.users.getByRole("row").nth(1)).toBeVisible();
  await admin.selectUser("Élodie Dupré", "elodie");
  await admin.resetButton.click();
  const dialog = admin.dialog();
  await expect(dialog.recipients).toHaveValue("elodie.perso@example.net");
  // Her preferredLanguage is fr-FR: the dialog says so before anything is sent.
  await expect(dialog.root.getByText("Email language: Français")).toBeVisible();
  await expect(dialog.root.getByRole("radio", { name: "Password reset" })).toBeChecked();
  await dialog.submit.click();
  const password = await dialog.passwordFor("Élodie Dupré").inputValue();
  await expect(dialog.root.getByText("Email accepted for delivery to elodie.perso@example.net.")).toBeVisible();

  const [mail] = await tenant.outbox();
  expect(mail.to).toEqual(["elodie.perso@example.net"]);
  expect(mail.subject).toBe("Votre mot de passe a été réinitialisé");
  expect(mail.contentType).toBe("Text");
  expect(mail.body).toContain("Bonjour Élodie Dupré,");
  expect(mail.body).toContain("Le mot de passe de votre compte Contoso elodie.dupre@contoso.example a été réinitialisé");
  expect(mail.body).toContain(`Nouveau mot de passe\u00a0: ${password}`);
  expect(mail.body).toContain("Vous devrez choisir un nouveau mot de passe lors de votre connexion.");
  expect(mail.body).toContain("Connectez-vous sur https://portal.office365.us\n");
  expect(mail.body).toContain("Envoyé par Amara Okafor (admin@contoso.example).");
  expect(mail.body).not.toContain("https://www.office.com");
});

test("without the French table, Élodie's mail goes in the widget's language, as the dialog says", async ({ page, request }) => {
  const tenant = new Tenant(request);
  await page.route("**/i18n/fr.txt", (route) => route.abort());
  const admin = new AdminPage(page);
  await admin.open("admin@contoso.example");
  await admin.selectUser("Élodie Dupré", "elodie");
  await admin.resetButton.click();
  const dialog = admin.dialog();
  await expect(dialog.recipients).toHaveValue("elodie.perso@example.net");
  await expect(dialog.root.getByText("Email language: English")).toBeVisible();
  await dialog.submit.click();
  await expect(dialog.root.getByText("Email accepted for delivery to elodie.perso@example.net.")).toBeVisible();
  const [mail] = await tenant.outbox();
  expect(mail.subject).toBe("Your password has been reset");
  expect(mail.body).toContain("Hello Élodie Dupré,");
});

test("a user created yesterday gets the welcome message, preselected", async ({ page, request }) => {
  const tenant = new Tenant(request);
  const admin = new AdminPage(page);
  await admin.open("pwadmin@contoso.example");
  await admin.selectUser("Noah Newhire", "noah");
  await admin.resetButton.click();
  const dialog = admin.dialog();
  await expect(dialog.recipients).toHaveValue("noah.home@example.net");
  await expect(dialog.root.getByRole("radio", { name: "Welcome" })).toBeChecked();
  await expect(dialog.root.getByRole("radio", { name: "Password reset" })).not.toBeChecked();
  await expect(dialog.root.getByText("Email language: English")).toBeVisible();
  await dialog.submit.click();
  const password = await dialog.passwordFor("Noah Newhire").inputValue();
  await expect(dialog.root.getByText("Email accepted for delivery to noah.home@example.net.")).toBeVisible();

  const [mail] = await tenant.outbox();
  expect(mail.subject).toBe("Welcome to Contoso");
  expect(mail.body).toContain("Hello Noah Newhire,\n\nYour Contoso account has been created.");
  expect(mail.body).toContain("User name: new.hire@contoso.example");
  expect(mail.body).toContain(`Password: ${password}`);
  expect(mail.body).toContain("Sign in at https://www.office.com\n");
  expect(mail.body).toContain("Sent by Priya Raman (pwadmin@contoso.example).");
});

test("an older account gets the reset message, and the admin may pick the welcome", async ({ page, request }) => {
  const tenant = new Tenant(request);
  const admin = new AdminPage(page);
  await admin.open("admin@contoso.example");
  await admin.selectUser("Nadia Lefèvre", "nadia");
  await admin.resetButton.click();
  const dialog = admin.dialog();
  await dialog.emailPassword.check();
  await dialog.recipients.fill("nadia.home@example.net");
  await expect(dialog.root.getByRole("radio", { name: "Password reset" })).toBeChecked();
  await dialog.root.getByRole("radio", { name: "Welcome" }).check();
  await dialog.submit.click();
  await expect(dialog.root.getByText("Email accepted for delivery to nadia.home@example.net.")).toBeVisible();
  const [mail] = await tenant.outbox();
  expect(mail.subject).toBe("Welcome to Contoso");
});

test("the preview shows the mail as it will be sent, with the password masked", async ({ page, request }) => {
  const tenant = new Tenant(request);
  const admin = new AdminPage(page);
  await admin.open("admin@contoso.example");
  await configure(page, "sign-in-url", "https://sso.contoso.example/start");
  await expect(admin.users.getByRole("row").nth(1)).toBeVisible();
  await admin.selectUser("Élodie Dupré", "elodie");
  await admin.resetButton.click();
  const dialog = admin.dialog();
  const generated = await dialog.root.getByLabel("Generated password").inputValue();
  const previewButton = dialog.root.getByRole("button", { name: "Preview email" });
  await expect(previewButton).toHaveAttribute("aria-expanded", "false");
  await previewButton.click();
  await expect(previewButton).toHaveAttribute("aria-expanded", "true");
  const preview = dialog.root.getByRole("region", { name: "Preview email" });
  await expect(preview).toContainText("Votre mot de passe a été réinitialisé");
  await expect(preview).toContainText("Nouveau mot de passe\u00a0: ••••••••");
  await expect(preview).toContainText("Connectez-vous sur https://sso.contoso.example/start");
  await expect(preview).toContainText("Envoyé par Amara Okafor (admin@contoso.example).");
  expect(await preview.textContent()).not.toContain(generated);

  // The preview follows the dialog's choices.
  await dialog.requireChange.uncheck();
  await expect(preview).not.toContainText("Vous devrez choisir un nouveau mot de passe");
  await dialog.root.getByRole("radio", { name: "Welcome" }).check();
  await expect(preview).toContainText("Bienvenue dans Contoso");

  await dialog.submit.click();
  const password = await dialog.passwordFor("Élodie Dupré").inputValue();
  expect(password).toBe(generated);
  await expect(dialog.root.getByText("Email accepted for delivery to elodie.perso@example.net.")).toBeVisible();
  const [mail] = await tenant.outbox();
  expect(mail.subject).toBe("Bienvenue dans Contoso");
  expect(mail.body).toContain(`Mot de passe\u00a0: ${password}`);
  expect(mail.body).toContain("Connectez-vous sur https://sso.contoso.example/start\n");
});

test("a wrong sign-in-url is named instead of the widget", async ({ page }) => {
  const admin = new AdminPage(page);
  await admin.open("admin@contoso.example");
  await configure(page, "sign-in-url", "http://sso.contoso.example");
  await expect(page.getByText('sign-in-url "http://sso.contoso.example" must be an https:// URL')).toBeVisible();
});

test("multifactor at sign-in ticks the forced change, and the mail tells both steps", async ({ page, request }) => {
  const tenant = new Tenant(request);
  const admin = new AdminPage(page);
  const profiles = [];
  page.on("request", (r) => {
    if (r.method() === "PATCH") profiles.push(JSON.parse(r.postData()).passwordProfile);
  });
  const dialog = await admin.openResetFor("Nadia Lefèvre", "nadia");
  const mfa = dialog.root.getByRole("checkbox", { name: "Also require them to register for multifactor authentication" });
  // Graph's forceChangePasswordNextSignInWithMfa is a forced change with a check first.
  await dialog.requireChange.uncheck();
  await expect(mfa).not.toBeChecked();
  await mfa.check();
  await expect(dialog.requireChange).toBeChecked();
  await dialog.requireChange.uncheck();
  await expect(mfa).not.toBeChecked();
  await mfa.check();
  await dialog.emailPassword.check();
  await dialog.recipients.fill("nadia.home@example.net");
  await dialog.submit.click();
  await expect(dialog.root.getByText("Email accepted for delivery to nadia.home@example.net.")).toBeVisible();

  expect(profiles.map((p) => [p.forceChangePasswordNextSignIn, p.forceChangePasswordNextSignInWithMfa])).toEqual([
    [true, true],
  ]);
  const [mail] = await tenant.outbox();
  expect(mail.body).toContain(
    "When you sign in, you will first be asked to verify your identity with multifactor authentication, then to choose a new password.",
  );
  const password = await dialog.passwordFor("Nadia Lefèvre").inputValue();
  expect((await tenant.signIn("nadia.lefevre@contoso.example", password)).body.mustChangePassword).toBe(true);
});
