// Where a test's screenshot goes: `target/screenshots/` on every run, so a
// test run leaves the work tree clean; `docs/screenshots/` (the README's
// pictures) when the run is asked to retake them with UPDATE_SCREENSHOTS=1.
export function screenshotPath(name) {
  const folder = process.env.UPDATE_SCREENSHOTS === "1" ? "docs/screenshots" : "target/screenshots";
  return `${folder}/${name}`;
}
