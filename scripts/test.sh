#!/usr/bin/env bash
# Runs every test: formatting and lints, host tests (pure core and the local
# tenant), component tests in headless Chromium, the release build with its
# size budget, and the end-to-end browser tests against the local tenant.
# Every step runs even when an earlier one failed; the exit code says whether
# all passed, and the last lines list the failed steps.
set -uo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
set -e
. scripts/setup.sh
set +e

failed=()
step() {
  local name="$1"
  shift
  printf '\n=== %s ===\n' "$name"
  if ! "$@"; then
    failed+=("$name")
    printf '=== FAILED: %s ===\n' "$name"
  fi
}

export CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver)}"

step "format" cargo fmt --all --check
step "lints (host)" cargo clippy --workspace --all-targets --quiet -- -D warnings
step "lints (wasm32)" cargo clippy --lib --tests --target wasm32-unknown-unknown --quiet -- -D warnings
step "docs (a link to nothing fails)" env RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --quiet
step "host tests: pure core and local tenant" cargo test --workspace
step "component tests in headless Chromium" \
  cargo test --target wasm32-unknown-unknown --test web_components --test password_web \
  --test password_bench_web
step "release build" trunk build --release --offline
step "size budget" node tests/size-budget.mjs dist
step "local tenant build" cargo build -p local-tenant
step "end-to-end tests against the local tenant" \
  node_modules/.bin/playwright test --config tests/e2e/playwright.config.mjs

printf '\n'
if [ "${#failed[@]}" -gt 0 ]; then
  printf 'FAILED steps: %s\n' "$(IFS=,; echo "${failed[*]}")"
  exit 1
fi
echo "all test steps passed"
