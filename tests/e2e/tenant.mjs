// The local tenant's dev endpoints and the Graph reads the tests need, as the
// end-to-end tests and the performance benchmark use them. `request` is a
// Playwright APIRequestContext whose base URL is the tenant's.
export class Tenant {
  /** A Password Administrator without a mailbox (`mail` null): sendMail is refused. */
  static NOMAIL_ADMIN = "nomail.admin@contoso.example";
  /** "Sam Synced", synced from on-premises: Graph refuses to reset him. */
  static SYNCED_USER = "synced.user@contoso.example";

  constructor(request) {
    this.request = request;
  }

  /** Back to the seed data; `users` sets how many users (the start's count by default). Returns the count seeded. */
  async reseed(users) {
    const response = await this.request.post("/_dev/reseed", { data: users === undefined ? {} : { users } });
    if (!response.ok()) throw new Error(`reseed failed: HTTP ${response.status()} ${await response.text()}`);
    return (await response.json()).users;
  }

  async outbox() {
    return (await this.request.get("/_dev/outbox")).json();
  }

  async audit() {
    return (await this.request.get("/_dev/audit")).json();
  }

  /** The audit's password resets of one user, named by user principal name. */
  async resetsOf(upn) {
    return (await this.audit()).filter((e) => e.action === "resetPassword" && e.target === upn);
  }

  async signIn(userPrincipalName, password) {
    const response = await this.request.post("/_dev/signin", { data: { userPrincipalName, password } });
    return { status: response.status(), body: await response.json().catch(() => null) };
  }

  /** A bearer token for `upn`; `expiresIn: 0` gives one that is already expired. */
  async token(upn, expiresIn) {
    const data = expiresIn === undefined ? { upn } : { upn, expires_in: expiresIn };
    const response = await this.request.post("/_dev/token", { data });
    return (await response.json()).access_token;
  }

  async userId(upn) {
    const token = await this.token("admin@contoso.example");
    const response = await this.request.get(`/v1.0/users/${encodeURIComponent(upn)}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    return (await response.json()).id;
  }

  /** Every user's id and user principal name, following next links. */
  async allUsers() {
    const token = await this.token("admin@contoso.example");
    const users = [];
    let url = "/v1.0/users?$select=id,userPrincipalName&$top=999";
    while (url) {
      const response = await this.request.get(url, { headers: { Authorization: `Bearer ${token}` } });
      if (!response.ok()) throw new Error(`listing users failed: HTTP ${response.status()}`);
      const page = await response.json();
      users.push(...page.value);
      url = page["@odata.nextLink"];
    }
    return users;
  }

  /** A reset made outside the widget, as another admin's console would. */
  async resetPassword(upn, password, forceChange = true, by = "admin@contoso.example") {
    const token = await this.token(by);
    const response = await this.request.patch(`/v1.0/users/${encodeURIComponent(upn)}`, {
      headers: { Authorization: `Bearer ${token}` },
      data: { passwordProfile: { password, forceChangePasswordNextSignIn: forceChange } },
    });
    if (response.status() !== 204) throw new Error(`reset failed: HTTP ${response.status()} ${await response.text()}`);
  }

  /** The user's own change (POST /me/changePassword), with the user's token. */
  async changePassword(upn, currentPassword, newPassword) {
    const token = await this.token(upn);
    const response = await this.request.post("/v1.0/me/changePassword", {
      headers: { Authorization: `Bearer ${token}` },
      data: { currentPassword, newPassword },
    });
    return response.status();
  }

  /** A Graph read as `upn`: status and JSON body. */
  async graphGet(path, upn = "admin@contoso.example") {
    const token = await this.token(upn);
    const response = await this.request.get(path, { headers: { Authorization: `Bearer ${token}` } });
    return { status: response.status(), body: await response.json().catch(() => null) };
  }

  /** The correlation ids (the request-ids of the calls) of the Graph audit log's entries. */
  async auditCorrelationIds() {
    const { status, body } = await this.graphGet("/v1.0/auditLogs/directoryAudits");
    if (status !== 200) throw new Error(`reading the audit log failed: HTTP ${status}`);
    return body.value.map((entry) => entry.correlationId);
  }

  async injectFaults(faults) {
    const response = await this.request.post("/_dev/faults", { data: faults });
    if (!response.ok()) throw new Error(`faults refused: HTTP ${response.status()}`);
  }

  /** Drops every queued fault. The tenant takes /_dev writes as JSON only. */
  async clearFaults() {
    const response = await this.request.delete("/_dev/faults", { headers: { "Content-Type": "application/json" } });
    if (!response.ok()) throw new Error(`clearing faults failed: HTTP ${response.status()}`);
  }

  /** Faults still queued, with their remaining counts. */
  async pendingFaults() {
    return (await this.request.get("/_dev/faults")).json();
  }

  async throttle(writesPerSecond, burst) {
    const response = await this.request.post("/_dev/throttle", { data: { writesPerSecond, burst } });
    if (!response.ok()) throw new Error(`throttle refused: HTTP ${response.status()}`);
  }
}
