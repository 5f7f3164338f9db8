// Page object of the demo admin page and the widget, by role and accessible name.
import { expect } from "@playwright/test";

export class AdminPage {
  constructor(page) {
    this.page = page;
    this.users = page.getByRole("table", { name: "Active users" });
    this.search = page.getByRole("searchbox", { name: "Search active users list" });
    this.resetButton = page.getByRole("button", { name: "Reset password", exact: true });
    this.selectAllMatching = page.getByRole("button", { name: /^Select all \d+ matching users$/ });
  }

  /** Nodes of every kind (elements, text, comments) inside the widget. */
  async widgetNodes() {
    return this.page.evaluate(() => {
      const walker = document.createTreeWalker(document.getElementById("widget"), NodeFilter.SHOW_ALL);
      let nodes = 0;
      while (walker.nextNode()) nodes++;
      return nodes;
    });
  }

  async open(upn = "admin@contoso.example", lang) {
    const query = new URLSearchParams({ as: upn });
    if (lang) query.set("lang", lang);
    await this.page.goto(`/?${query}`);
    await expect(this.users.getByRole("row").nth(1)).toBeVisible();
  }

  userCheckbox(displayName) {
    return this.page.getByRole("checkbox", { name: `Select ${displayName}`, exact: true });
  }

  /** Adds a second widget (id "second") beside the first, on the same API with the same token provider. */
  async addSecondWidget() {
    await this.page.evaluate(() => {
      const first = document.querySelector("reset-password-widget");
      const second = document.createElement("reset-password-widget");
      second.id = "second";
      // The tenant's API is on another origin than the page: the first widget's api-base says where.
      second.setAttribute("api-base", first.getAttribute("api-base"));
      second.tokenProvider = first.tokenProvider;
      document.querySelector(".demo-main").append(second);
    });
  }

  /** Searches the list as an admin would, then ticks the user's row. */
  async selectUser(displayName, searchFor = displayName) {
    await this.search.fill(searchFor);
    const checkbox = this.userCheckbox(displayName);
    await checkbox.check();
    await expect(checkbox).toBeChecked();
  }

  /** Opens the page as the Global admin, ticks one user and opens the dialog. */
  async openResetFor(displayName, searchFor) {
    await this.open("admin@contoso.example");
    await this.selectUser(displayName, searchFor);
    await this.resetButton.click();
    return this.dialog();
  }

  dialog(name = "Reset password") {
    return new ResetDialog(this.page.getByRole("dialog", { name, exact: true }));
  }
}

export class ResetDialog {
  constructor(root) {
    this.root = root;
    this.autoGenerate = root.getByRole("checkbox", { name: "Automatically create a password" });
    this.requireChange = root.getByRole("checkbox", {
      name: "Require this user to change their password when they first sign in",
    });
    this.emailPassword = root.getByRole("checkbox", { name: "Email the password to the following recipients" });
    this.password = root.getByLabel("Password", { exact: true });
    this.recipients = root.getByRole("textbox", { name: "Recipients" });
    this.submit = root.getByRole("button", { name: "Reset password", exact: true });
    this.cancel = root.getByRole("button", { name: "Cancel" });
    this.close = root.getByRole("button", { name: "Close" });
  }

  /** The result of a large run: a table drawn as a virtual list, its filter and its summary. */
  get results() {
    return this.root.getByRole("table", { name: "Reset results" });
  }

  get filter() {
    return this.root.getByRole("combobox", { name: "Show" });
  }

  get summary() {
    return this.root.locator(".rpw-result__summary");
  }

  runButton(name) {
    return this.root.getByRole("button", { name, exact: true });
  }

  passwordFor(displayName) {
    // Password boxes have no textbox role; their label names them.
    return this.root.getByLabel(`Password for ${displayName}`, { exact: true });
  }
}
