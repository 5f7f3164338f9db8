// window.resetAll(ids): resets the users through the widget's client as the
// global admin, resolving to [reset, failed].
import init, { resetAll } from "./bulk/bulk_client.js";

const host = document.getElementById("host");
let token;
host.tokenProvider = ({ forceRefresh } = {}) => {
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

window.resetAll = async (ids) => {
  await init();
  return Array.from(await resetAll(host, "/v1.0", ids));
};
window.bulkReady = true;
