// The admin's session as the admin center holds it: access tokens come from
// the admin center's own back end (`/session/token`, same origin), which keeps
// the admin's sign-in. Like MSAL's acquireTokenSilent, the page caches the
// access token in memory, shares one request among callers that ask at the
// same time, and goes back to the server when asked to refresh. Nothing is
// written to storage.

export function createSession(onTokenRequest) {
  let cached = null;
  let pending = null;

  async function fetchToken(forceRefresh) {
    const response = await fetch(`/session/token${forceRefresh ? "?forceRefresh=true" : ""}`, {
      headers: { Accept: "application/json" },
    });
    if (!response.ok) throw new Error(`the session has no token: HTTP ${response.status}`);
    return (await response.json()).accessToken;
  }

  return function acquireToken({ forceRefresh = false } = {}) {
    onTokenRequest({ forceRefresh });
    if (!forceRefresh && cached) return Promise.resolve(cached);
    if (!forceRefresh && pending) return pending;
    const request = fetchToken(forceRefresh)
      .then((token) => (cached = token))
      .finally(() => {
        if (pending === request) pending = null;
      });
    pending = request;
    return request;
  };
}
