#!/usr/bin/env bash
# Runs every test: formatting and lints, host tests (pure core and the local
# tenant), component tests in headless Chromium, the release build with its
# size budget, and the end-to-end browser tests against the local tenant.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
. scripts/setup.sh

step() { printf '\n=== %s ===\n' "$*"; }

step "format and lints"
cargo fmt --all --check
cargo clippy --workspace --all-targets --quiet -- -D warnings
cargo clippy --lib --tests --target wasm32-unknown-unknown --quiet -- -D warnings

step "host tests: pure core and local tenant"
cargo test --workspace

step "component tests in headless Chromium"
export CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver)}"
cargo test --target wasm32-unknown-unknown --test web_components --test password_web

step "release build and size budget"
trunk build --release --offline
node tests/size-budget.mjs dist

step "end-to-end tests against the local tenant"
cargo build -p local-tenant
node_modules/.bin/playwright test --config tests/e2e/playwright.config.mjs
