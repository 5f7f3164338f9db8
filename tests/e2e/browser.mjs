// Chromium as every browser run here starts it: the end-to-end tests (through
// playwright.config.mjs) and the performance benchmark (bench/perf/).
// Debian's Chromium, never a downloaded one; without the background-networking
// flags it floods the closed network with requests.

export const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export const launchOptions = { executablePath: "/usr/bin/chromium", args: chromiumArgs };

export const viewport = { width: 1280, height: 800 };
