#!/usr/bin/env bash
# Sets up what is missing, builds the SPA and the server, and serves
# everything on http://127.0.0.1:8080 with an SQLite database under ./data.
# RELEASE=1 builds optimised binaries; extra arguments go to `ringledger serve`.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
scripts/build-frontend.sh

profile=debug
flags=()
if [ "${RELEASE:-0}" = 1 ]; then profile=release; flags=(--release); fi
printf '\033[1;34m==>\033[0m %s\n' "building the server ($profile)"
cargo build -p ringledger "${flags[@]}"

target="${CARGO_TARGET_DIR:-target}"
printf '\033[1;34m==>\033[0m %s\n' "Ringledger on http://localhost:${RINGLEDGER_PORT:-8080} (portals at http://{slug}.localhost:${RINGLEDGER_PORT:-8080})"
exec "$target/$profile/ringledger" serve "$@"
