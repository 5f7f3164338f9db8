import { test, expect } from "./fixtures.mjs";
import { violations } from "./axe.mjs";
import { Tenant } from "./tenant.mjs";
import { screenshotPath } from "./screenshots.mjs";

test.beforeEach(async ({ request }) => {
  await new Tenant(request).reseed();
});

test.describe("French, as the French admin center words it", () => {
  // axe is injected as an inline script, which the page's strict CSP blocks.
  test.use({ bypassCSP: true });

  test("list, dialog and result in French, the mail too, and axe finds nothing", async ({ page, request }) => {
    const tenant = new Tenant(request);
    await page.goto("/?as=admin@contoso.example&lang=fr");
    const users = page.getByRole("table", { name: "Utilisateurs actifs" });
    await expect(users.getByRole("row").nth(1)).toBeVisible();
    await page.getByRole("searchbox", { name: "Rechercher dans la liste des utilisateurs actifs" }).fill("elodie");
    await page.getByRole("checkbox", { name: "Sélectionner Élodie Dupré", exact: true }).check();
    await page.getByRole("button", { name: "Réinitialiser le mot de passe", exact: true }).click();

    const dialog = page.getByRole("dialog", { name: "Réinitialiser le mot de passe" });
    await expect(dialog.getByRole("checkbox", { name: "Créer automatiquement un mot de passe" })).toBeChecked();
    await expect(
      dialog.getByRole("checkbox", {
        name: "Demander à cet utilisateur de modifier son mot de passe lors de sa première connexion",
      }),
    ).toBeChecked();
    await expect(dialog.getByRole("checkbox", { name: "Envoyer le mot de passe par e-mail aux destinataires suivants" })).toBeChecked();
    await expect(dialog.getByRole("textbox", { name: "Destinataires" })).toHaveValue("elodie.perso@example.net");
    expect(await violations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath("fr-reset-panel.png") });

    await dialog.getByRole("button", { name: "Réinitialiser", exact: true }).click();
    const shown = dialog.getByLabel("Mot de passe de Élodie Dupré", { exact: true });
    await expect(shown).toHaveValue(/^.{16}$/);
    await expect(dialog.getByText("E-mail accepté pour remise à elodie.perso@example.net.")).toBeVisible();
    await expect(dialog.getByRole("button", { name: "Copier le mot de passe" })).toBeVisible();
    expect(await violations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath("fr-reset-result.png") });

    const [mail] = await tenant.outbox();
    expect(mail.subject).toBe("Votre mot de passe a été réinitialisé");
    expect(mail.body).toContain(await shown.inputValue());
  });

  test("a typed password's failed rules are listed in French", async ({ page }) => {
    await page.goto("/?as=admin@contoso.example&lang=fr");
    await page.getByRole("searchbox", { name: "Rechercher dans la liste des utilisateurs actifs" }).fill("nadia");
    await page.getByRole("checkbox", { name: "Sélectionner Nadia Lefèvre", exact: true }).check();
    await page.getByRole("button", { name: "Réinitialiser le mot de passe", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Réinitialiser le mot de passe" });
    await dialog.getByRole("checkbox", { name: "Créer automatiquement un mot de passe" }).uncheck();
    await dialog.getByLabel("Mot de passe", { exact: true }).fill("abc");
    await expect(dialog.getByRole("listitem")).not.toHaveCount(0);
    const problems = await dialog.getByRole("listitem").allTextContents();
    expect(problems.join(" ")).toMatch(/8/);
    expect(problems.join(" ")).not.toMatch(/Use at least/);
    await expect(dialog.getByRole("button", { name: "Réinitialiser", exact: true })).toBeDisabled();
  });
});

test.describe("German from the browser's language", () => {
  test.use({ locale: "de-DE" });
  test("without a lang attribute the widget follows the browser", async ({ page }) => {
    await page.goto("/?as=admin@contoso.example");
    await expect(page.getByRole("table", { name: "Aktive Benutzer" })).toBeVisible();
    await expect(page.getByRole("searchbox", { name: "Liste der aktiven Benutzer durchsuchen" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Kennwort zurücksetzen", exact: true })).toBeVisible();
  });
});

test("Simplified Chinese by attribute", async ({ page }) => {
  await page.goto("/?as=admin@contoso.example&lang=zh-CN");
  const users = page.getByRole("table", { name: "活动用户" });
  await expect(users.getByRole("row").nth(1)).toBeVisible();
  await page.getByRole("searchbox", { name: "搜索活动用户列表" }).fill("nadia");
  await page.getByRole("checkbox", { name: "选择 Nadia Lefèvre", exact: true }).check();
  await page.getByRole("button", { name: "重置密码", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "重置密码" });
  await expect(dialog.getByLabel("生成的密码")).toHaveValue(/^.{16}$/);
  await page.screenshot({ path: screenshotPath("zh-reset-panel.png") });
});


test.describe("Tables fetched for the language in use", () => {
  /** Table files the page asked for, by name. */
  function tablesAsked(page) {
    const asked = [];
    page.on("request", (r) => {
      const match = new URL(r.url()).pathname.match(/\/i18n\/([a-z]+\.txt)$/);
      if (match) asked.push(match[1]);
    });
    return asked;
  }

  test("a French widget reads only the French table, and shows no English while it loads", async ({ page }) => {
    const asked = tablesAsked(page);
    // Records whether the widget ever showed English words, from the first paint
    // (the demo page around it is in English).
    await page.addInitScript(() => {
      window.__englishSeen = false;
      new MutationObserver(() => {
        const widget = document.querySelector("reset-password-widget");
        if (/Active users|Reset password|Loading users/.test(widget?.textContent ?? "")) window.__englishSeen = true;
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    // A slow table: the widget waits for it as it waits for the wasm.
    await page.route("**/i18n/fr.txt", async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 800));
      await route.continue();
    });
    await page.goto("/?as=admin@contoso.example&lang=fr");
    await expect(page.getByRole("table", { name: "Utilisateurs actifs" }).getByRole("row").nth(1)).toBeVisible();
    expect(await page.evaluate(() => window.__englishSeen)).toBe(false);
    expect(asked).toEqual(["fr.txt"]);
  });

  test("an English widget reads no table", async ({ page }) => {
    const asked = tablesAsked(page);
    await page.goto("/?as=admin@contoso.example&lang=en");
    await expect(page.getByRole("table", { name: "Active users" }).getByRole("row").nth(1)).toBeVisible();
    expect(asked).toEqual([]);
  });

  test("a table that cannot be fetched leaves the widget in English, working", async ({ page }) => {
    await page.route("**/i18n/fr.txt", (route) => route.fulfill({ status: 404, body: "not here" }));
    await page.goto("/?as=admin@contoso.example&lang=fr");
    const users = page.getByRole("table", { name: "Active users" });
    await expect(users.getByRole("row").nth(1)).toBeVisible();
    await expect(page.locator(".rpw-crash")).toHaveCount(0);
    await page.getByRole("searchbox", { name: "Search active users list" }).fill("nadia");
    await page.getByRole("checkbox", { name: "Select Nadia Lefèvre", exact: true }).check();
    await page.getByRole("button", { name: "Reset password", exact: true }).click();
    await expect(page.getByRole("dialog", { name: "Reset password" })).toBeVisible();
  });

  test("a table of another version is not used", async ({ page }) => {
    await page.route("**/i18n/de.txt", (route) =>
      route.fulfill({ status: 200, contentType: "text/plain", body: "active_users = Aktive Benutzer\n" }),
    );
    await page.goto("/?as=admin@contoso.example&lang=de");
    await expect(page.getByRole("table", { name: "Active users" }).getByRole("row").nth(1)).toBeVisible();
  });
});
