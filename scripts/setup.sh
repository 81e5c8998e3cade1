#!/usr/bin/env bash
# Installs what a fresh machine lacks to build Ringledger (idempotent; fast
# when everything is present). `scripts/setup.sh test` also installs what the
# test suite needs (Chromium, the e2e npm packages).
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_BINDGEN_VERSION=0.2.130   # must equal wasm-bindgen in Cargo.lock
BINARYEN_VERSION=132.0.0       # npm binaryen; Debian's wasm-opt breaks the Wasm
WASM_SPLIT_VERSION=0.2.4       # wasm-split-cli: cuts the SPA's Wasm at its lazy pages

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
die() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

command -v cargo >/dev/null || die "cargo is missing: install Rust with rustup (https://rustup.rs) and rerun."
command -v npm >/dev/null || die "npm is missing: install Node.js 20+ and rerun."

if ! rustup target list --installed 2>/dev/null | grep -q '^wasm32-unknown-unknown$'; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 2 minutes, once)"
  # Not --locked: its lockfile pins a crate version the registry lacks.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if ! command -v wasm-split-cli >/dev/null && [ ! -x "$HOME/.cargo/bin/wasm-split-cli" ]; then
  say "installing wasm-split-cli $WASM_SPLIT_VERSION (about 2 minutes, once)"
  cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary --locked
fi

if [ ! -x tools/node_modules/.bin/wasm-opt ] || [ tools/package-lock.json -nt tools/node_modules/.package-lock.json ]; then
  say "installing the build and test tools under tools/ (wasm-opt from npm binaryen@$BINARYEN_VERSION, maildev)"
  (cd tools && npm ci --no-audit --no-fund --silent)
fi

if [ "${1:-}" = "test" ]; then
  # Debian packages the tests use: Chromium (e2e) and pdftotext (invoice PDFs).
  missing=""
  command -v chromium >/dev/null || missing="$missing chromium"
  command -v pdftotext >/dev/null || missing="$missing poppler-utils"
  if [ -n "$missing" ]; then
    say "installing$missing for the tests"
    if [ "$(id -u)" = 0 ]; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
    elif command -v sudo >/dev/null; then
      sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
    else
      die "missing and cannot be installed without root: apt-get install$missing"
    fi
  fi
  if [ ! -d e2e/node_modules ] || [ e2e/package-lock.json -nt e2e/node_modules/.package-lock.json ]; then
    say "installing the e2e npm packages"
    (cd e2e && npm ci --no-audit --no-fund --silent)
  fi
fi
