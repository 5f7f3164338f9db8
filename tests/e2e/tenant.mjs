// The local tenant's dev endpoints, as the end-to-end tests use them.
export class Tenant {
  constructor(request) {
    this.request = request;
  }

  async reseed() {
    const response = await this.request.post("/_dev/reseed");
    if (!response.ok()) throw new Error(`reseed failed: HTTP ${response.status()}`);
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

  async injectFaults(faults) {
    const response = await this.request.post("/_dev/faults", { data: faults });
    if (!response.ok()) throw new Error(`faults refused: HTTP ${response.status()}`);
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
