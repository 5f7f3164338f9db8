#!/usr/bin/env bash
# Benchmarks (not tests): the password engine against a naive generator,
# 100,000 passwords of 20 characters, on the host and in headless Chromium,
# each printed with its ratio to the baseline measured in the same run.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
. scripts/setup.sh
export CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver)}"

echo "=== password engine, host ==="
cargo bench --no-default-features --bench password_engine

echo "=== password engine, headless Chromium (release wasm) ==="
cargo test --release --no-default-features --target wasm32-unknown-unknown \
  --test password_bench_web -- --include-ignored --nocapture
