// Bundles the host pages of other origins that the end-to-end tests embed the
// widget in: today the React admin center (tests/e2e/hosts/react-admin/) into
// target/e2e-hosts/react-admin/ (index.html, app.css, app.js). Production
// mode, minified, from the npm packages in node_modules: no network needed.
// Playwright runs it as the end-to-end tests' global setup; `node
// tests/e2e/hosts/build.mjs` runs it alone.
import { build } from "esbuild";
import { copyFile, mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..", "..", "..");
export const HOSTS_DIR = join(repo, "target", "e2e-hosts");

export default async function buildHosts() {
  const source = join(here, "react-admin");
  const out = join(HOSTS_DIR, "react-admin");
  await mkdir(out, { recursive: true });
  await build({
    entryPoints: [join(source, "main.jsx")],
    outfile: join(out, "app.js"),
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "chrome120",
    jsx: "automatic",
    minify: true,
    define: { "process.env.NODE_ENV": '"production"' },
    legalComments: "none",
    logLevel: "warning",
  });
  for (const file of ["index.html", "app.css"]) await copyFile(join(source, file), join(out, file));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildHosts();
}
