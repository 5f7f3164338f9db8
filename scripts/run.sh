#!/usr/bin/env bash
# Runs the product: builds the release widget and starts the local tenant on
# http://127.0.0.1:${PORT:-8080}, serving the demo admin page at /, the widget
# files, the Graph subset under /v1.0/ and the dev endpoints under /_dev/.
# Extra arguments go to the local tenant (try --help, --users 500000, --reseed).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
. scripts/setup.sh

echo "[run] building the release widget"
trunk build --release --offline
echo "[run] building the local tenant"
cargo build --release -p local-tenant

echo "[run] open http://127.0.0.1:${PORT:-8080}/ (Ctrl+C stops)"
exec target/release/local-tenant --port "${PORT:-8080}" --static-dir dist "$@"
