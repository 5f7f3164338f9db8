// Token provider of the benchmark host page (the local tenant's dev token for
// ?as=, default the global admin), ?page-size= passed to the widget, and the
// wasm module's exports on window.widgetExports for the memory reading.
import { ready } from "./reset-password-element.js";

const params = new URLSearchParams(location.search);
const upn = params.get("as") ?? "admin@contoso.example";
const widget = document.getElementById("widget");
if (params.get("page-size")) widget.setAttribute("page-size", params.get("page-size"));

let token;
widget.tokenProvider = ({ forceRefresh } = {}) => {
  if (!token || forceRefresh) {
    token = fetch("/_dev/token", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ upn }),
    })
      .then((response) => response.json())
      .then((body) => body.access_token);
  }
  return token;
};

// Host events, counted for the bulk benchmark.
window.widgetEvents = { done: 0, error: 0 };
document.addEventListener("reset-password:done", () => window.widgetEvents.done++);
document.addEventListener("reset-password:error", () => window.widgetEvents.error++);

ready().then((exports) => {
  window.widgetExports = exports;
});
