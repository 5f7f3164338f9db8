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

  async signIn(userPrincipalName, password) {
    const response = await this.request.post("/_dev/signin", { data: { userPrincipalName, password } });
    return { status: response.status(), body: await response.json().catch(() => null) };
  }

  async injectFaults(faults) {
    const response = await this.request.post("/_dev/faults", { data: faults });
    if (!response.ok()) throw new Error(`faults refused: HTTP ${response.status()}`);
  }
}
