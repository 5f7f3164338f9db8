#!/usr/bin/env bash
# Benchmarks (not tests): measurements against references built and run in
# the same run on this machine, printed as one table with ratios and written
# to bench/results.md (see "Performance" in the README). In order:
#   - release builds of the widget, the reference Leptos app (bench/reference),
#     the widget's bulk path without UI (bench/bulk-client) and the local tenant;
#   - the password engine against a naive generator, 100,000 passwords of 20
#     characters, on the host and in headless Chromium;
#   - bench/perf/main.mjs: transfer size (built and on the wire), where the
#     wasm's bytes go (twiggy, by crate and by feature), startup in its parts,
#     memory, bulk reset against a naive client, and a large tenant, in
#     headless Chromium.
# `--quick` runs smaller sizes (BULK_USERS, LARGE_USERS and STARTUP_RUNS in the
# environment override either). It exits 0 when goals are missed: the table
# marks them.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
. scripts/setup.sh
export CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver)}"
mkdir -p target/bench
# twiggy reads the wasm's names for the size breakdown.
TWIGGY_VERSION="0.8.0"
if ! twiggy --version 2>/dev/null | grep -qx "twiggy-opt $TWIGGY_VERSION"; then
  echo "[bench] installing twiggy $TWIGGY_VERSION"
  cargo install twiggy --version "$TWIGGY_VERSION" --locked
fi

echo "=== release builds: widget, reference app, bulk client, local tenant ==="
trunk build --release --offline
# Each in its own target directory: sharing the widget's lets one build's
# LTO objects replace another's, which breaks the next link.
# The reference is built as a small Leptos app is best built: without the
# widget's erase_components (.cargo/config.toml), which would make it 7 KiB
# larger. An empty RUSTFLAGS replaces the configured flags.
(cd bench/reference && RUSTFLAGS="" CARGO_TARGET_DIR="$repo_root/target/reference" \
  trunk build --release --offline --public-url /reference/)
(cd bench/bulk-client && CARGO_TARGET_DIR="$repo_root/target/bulk-client" \
  cargo build --release --target wasm32-unknown-unknown)
wasm-bindgen --target web --out-dir target/bench/bulk \
  target/bulk-client/wasm32-unknown-unknown/release/bulk_client.wasm
cargo build --release -p local-tenant

echo "=== password engine, host ==="
cargo bench --no-default-features --bench password_engine | tee target/bench/password-host.txt

echo "=== password engine, headless Chromium (release wasm) ==="
cargo test --release --no-default-features --target wasm32-unknown-unknown \
  --test password_bench_web -- --include-ignored --nocapture | tee target/bench/password-wasm.txt

echo "=== widget against references (bench/perf/main.mjs) ==="
node bench/perf/main.mjs "$@"
