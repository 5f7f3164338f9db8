// window.resetAll(ids, apiBase): resets the users through the widget's client
// as the global admin, resolving to [reset, failed]. On the tenant's origin
// the token comes from its dev endpoint; on another origin (where that
// endpoint is out of reach) the benchmark puts one in window.benchToken.
import init, { resetAll } from "./bulk/bulk_client.js";

const host = document.getElementById("host");
let token;
host.tokenProvider = ({ forceRefresh } = {}) => {
  if (window.benchToken) return window.benchToken;
  if (!token || forceRefresh) {
    token = fetch("/_dev/token", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ upn: "admin@contoso.example" }),
    })
      .then((response) => response.json())
      .then((body) => body.access_token);
  }
  return token;
};

window.resetAll = async (ids, apiBase = "/v1.0") => {
  await init();
  return Array.from(await resetAll(host, apiBase, ids));
};
window.bulkReady = true;
