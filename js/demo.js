// The demo admin center page: a "Signed in as" selector of the local tenant's
// seeded admins, a token provider backed by the tenant's dev sign-in, and a
// log of the events the widget sends to its host.

// The widget's module comes from where the page preloads it: this origin when
// the local tenant serves the page, the tenant's when an admin center on
// another origin does. Its /_dev/* calls go to whoever served the page (the
// tenant, or the admin center's back end); Graph calls go to the widget's api-base.
const preload = document.querySelector('link[rel="modulepreload"][href$="reset-password-element.js"]');
await import(preload?.href ?? "./reset-password-element.js");

const select = document.getElementById("signed-in-as");
const problem = document.getElementById("demo-problem");
const params = new URLSearchParams(location.search);
let widget = document.getElementById("widget");
const graphBase = new URL(widget.getAttribute("api-base") ?? "/v1.0", location.href).href.replace(/\/$/, "");

if (params.get("lang")) widget.setAttribute("lang", params.get("lang"));

const tokens = new Map();

async function tokenFor(upn, forceRefresh) {
  if (!forceRefresh && tokens.has(upn)) return tokens.get(upn);
  const response = await fetch("/_dev/token", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ upn }),
  });
  if (!response.ok) throw new Error(`sign-in as ${upn} failed: HTTP ${response.status}`);
  const { access_token } = await response.json();
  tokens.set(upn, access_token);
  return access_token;
}

const admins = fetch("/_dev/admins")
  .then((response) => response.json())
  .then((list) => {
    for (const admin of list) {
      const option = document.createElement("option");
      option.value = admin.userPrincipalName;
      option.textContent = `${admin.displayName} (${admin.roles.join(", ") || "no admin role"})`;
      select.append(option);
    }
    // ?as= may name any user of the tenant, to try the widget without a role.
    const wanted = params.get("as");
    if (wanted && !list.some((a) => a.userPrincipalName === wanted)) {
      const option = document.createElement("option");
      option.value = option.textContent = wanted;
      select.append(option);
    }
    if (wanted) select.value = wanted;
  })
  .catch((error) => {
    problem.hidden = false;
    problem.textContent = `The local tenant's admins could not be loaded: ${error.message}`;
  });

// Hosts get events, never passwords; the demo lists them for inspection.
const log = document.createElement("ol");
log.className = "demo-events";
log.setAttribute("aria-label", "Widget events");
document.querySelector(".demo-main").append(log);
const EVENTS = ["done", "mail-sent", "signed-out", "error", "cancelled", "unmounted-while-busy"].map((n) => `reset-password:${n}`);

// Each widget signs in as the admin chosen when it first asks, and keeps that
// account: a run that outlives its widget still speaks for whoever started it.
// Its events are heard on the element itself, since they no longer reach the
// document once the element has left the page.
function prepare(element) {
  let upn;
  element.tokenProvider = async ({ forceRefresh } = {}) => {
    await admins;
    upn ??= select.value;
    return tokenFor(upn, forceRefresh);
  };
  for (const name of EVENTS) {
    element.addEventListener(name, (event) => {
      const item = document.createElement("li");
      item.textContent = `${name} ${JSON.stringify(event.detail)}`;
      log.append(item);
    });
  }
}
prepare(widget);

// Signing in as someone else starts a fresh widget, as a page reload would.
select.addEventListener("change", () => {
  const url = new URL(location.href);
  url.searchParams.set("as", select.value);
  history.replaceState(null, "", url);
  const fresh = widget.cloneNode(false);
  prepare(fresh);
  widget.replaceWith(fresh);
  widget = fresh;
});

// "Sign in as the user": walks the user's side of a reset by hand. The first
// sign-in with a password that must be changed asks for a new one, which is
// set with the user's own token (POST /me/changePassword). Results are told
// in words; no password is logged or kept once the form is done with it.
const signInForm = document.getElementById("demo-signin-form");
const newPasswordLabel = document.getElementById("demo-new-password");
const signInResult = document.getElementById("demo-signin-result");

async function errorText(response) {
  const body = await response.json().catch(() => null);
  return body?.error?.message || `HTTP ${response.status}`;
}

signInForm.addEventListener("submit", (event) => {
  event.preventDefault();
  signInAsTheUser().catch(() => {
    signInResult.textContent = "The local tenant could not be reached.";
  });
});

async function signInAsTheUser() {
  const fields = signInForm.elements;
  const userPrincipalName = fields.userPrincipalName.value.trim();
  const password = fields.password.value;
  const newPassword = fields.newPassword.value;
  signInResult.textContent = "Signing in…";
  const signIn = await fetch("/_dev/signin", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ userPrincipalName, password }),
  });
  if (signIn.status === 429) {
    signInResult.textContent = "Too many attempts for this user name; wait a minute.";
    return;
  }
  const answer = await signIn.json().catch(() => ({}));
  if (!signIn.ok || !answer.ok) {
    signInResult.textContent = "The user name or password is incorrect.";
    return;
  }
  if (!answer.mustChangePassword) {
    newPasswordLabel.hidden = true;
    signInForm.reset();
    signInResult.textContent = `Signed in as ${userPrincipalName}.`;
    return;
  }
  if (!newPassword) {
    newPasswordLabel.hidden = false;
    fields.newPassword.focus();
    signInResult.textContent = "Signed in. This user must change their password: type a new one, then sign in again.";
    return;
  }
  const tokenResponse = await fetch("/_dev/token", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ upn: userPrincipalName }),
  });
  if (!tokenResponse.ok) {
    signInResult.textContent = `The user's token could not be had: ${await errorText(tokenResponse)}`;
    return;
  }
  const { access_token } = await tokenResponse.json();
  const change = await fetch(`${graphBase}/me/changePassword`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${access_token}` },
    body: JSON.stringify({ currentPassword: password, newPassword }),
  });
  if (!change.ok) {
    signInResult.textContent = `The password was not changed: ${await errorText(change)}`;
    return;
  }
  newPasswordLabel.hidden = true;
  signInForm.reset();
  signInResult.textContent = `Signed in as ${userPrincipalName}; the password was changed.`;
}
