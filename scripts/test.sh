#!/usr/bin/env bash
# Runs every check: formatting, clippy, the Rust tests on SQLite and on
# PostgreSQL (a fresh database per test, all dropped afterwards), and the
# e2e suite in real Chromium. `.ci/run` calls exactly this.
#
# PostgreSQL: RINGLEDGER_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432).
# Without a reachable server the PostgreSQL half is skipped loudly — and
# fails the run when CI=true.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\n\033[1;34m==>\033[0m [%s] %s\n' "$(date +%T)" "$*"; }
warn() { printf '\n\033[1;33m!!! %s\033[0m\n' "$*" >&2; }

say "setup (scripts/setup.sh test)"
scripts/setup.sh test

say "cargo fmt --check"
cargo fmt --all --check

say "cargo clippy (native, all targets)"
cargo clippy --workspace --all-targets -- -D warnings
say "cargo clippy (frontend, wasm32)"
cargo clippy -p ringledger-frontend --target wasm32-unknown-unknown -- -D warnings

# A real local SMTP server (maildev) receives every e-mail the tests send;
# its HTTP API lets the tests read them.
SMTP_PORT="${RINGLEDGER_TEST_SMTP_PORT:-18025}"
MAILDEV_PORT="${RINGLEDGER_TEST_MAILDEV_PORT:-18180}"
tools/node_modules/.bin/maildev --smtp "$SMTP_PORT" --web "$MAILDEV_PORT" --ip 127.0.0.1 >/dev/null 2>&1 &
maildev_pid=$!
cleanup() { kill "$maildev_pid" 2>/dev/null || true; }
trap cleanup EXIT
for _ in $(seq 50); do
  curl -sf "http://127.0.0.1:$MAILDEV_PORT/email" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -sf "http://127.0.0.1:$MAILDEV_PORT/email" >/dev/null || { echo "maildev did not start" >&2; exit 1; }
export RINGLEDGER_TEST_SMTP_URL="smtp://127.0.0.1:$SMTP_PORT"
export RINGLEDGER_TEST_MAILDEV_API="http://127.0.0.1:$MAILDEV_PORT"
export RINGLEDGER_SMTP_URL="$RINGLEDGER_TEST_SMTP_URL"   # the e2e server sends there too

say "Rust tests on SQLite"
RINGLEDGER_TEST_DB=sqlite cargo test --workspace

PG_URL="${RINGLEDGER_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432}"
export RINGLEDGER_TEST_PG_URL="$PG_URL"
if command -v psql >/dev/null && psql "$PG_URL/postgres" -tAc 'select 1' >/dev/null 2>&1; then
  prefix="rl_test_$$_$(date +%s)"
  drop_test_dbs() {
    psql "$PG_URL/postgres" -tAc "select datname from pg_database where datname like '${prefix}_%'" |
      while read -r db; do [ -n "$db" ] && psql "$PG_URL/postgres" -qc "drop database if exists \"$db\" with (force)"; done
  }
  trap 'drop_test_dbs; cleanup' EXIT
  say "Rust tests on PostgreSQL ($PG_URL, databases ${prefix}_*)"
  RINGLEDGER_TEST_DB=postgres RINGLEDGER_TEST_DB_PREFIX="$prefix" cargo test --workspace --test api
else
  warn "NO POSTGRESQL SERVER AT $PG_URL: THE POSTGRESQL HALF OF THE SUITE DID NOT RUN"
  if [ "${CI:-}" = "true" ]; then
    echo "CI=true: a missing PostgreSQL fails the run." >&2
    exit 1
  fi
fi

say "e2e in Chromium"
scripts/build-frontend.sh
# `cargo test --workspace` above built target/debug/ringledger with the
# same features; building it with `-p` would recompile the dependencies.
target_dir="${CARGO_TARGET_DIR:-$PWD/target}"
case "$target_dir" in /*) ;; *) target_dir="$PWD/$target_dir" ;; esac
# fake-stripe's binary was built with its integration tests above.
[ -x "$target_dir/debug/fake-stripe" ] || cargo build -p fake-stripe
(cd e2e && RINGLEDGER_BIN="$target_dir/debug/ringledger" FAKE_STRIPE_BIN="$target_dir/debug/fake-stripe" npx playwright test)

# Issue 20: schemathesis over the served OpenAPI document, as staff, customer
# and switch: no 5xx, every answer as documented (every 4xx in the envelope).
say "API fuzzing (scripts/fuzz-api.sh)"
scripts/fuzz-api.sh "$target_dir/debug/ringledger"

# Issue 9: the deployment kit (manifests against the Kubernetes schemas,
# compose, dashboard, the Citus script's logic).
if [ -x scripts/check-deploy.sh ]; then
  say "deployment kit (scripts/check-deploy.sh)"
  scripts/check-deploy.sh
fi

# Issue 10: the switch kits. Kamailio with real SIP calls between two user
# agents on loopback; the FreeSWITCH and Asterisk kits' logic (those
# switches cannot be installed here).
if [ -x scripts/test-kamailio.sh ]; then
  say "Kamailio with real SIP calls (scripts/test-kamailio.sh)"
  RINGLEDGER_BIN="$target_dir/debug/ringledger" scripts/test-kamailio.sh
  # Issue 18: 200 calls/s for 10 s through the kit, with refused calls
  # alongside: exactly one CDR per answered call, none for a refused one.
  if command -v kamailio >/dev/null && command -v sipp >/dev/null; then
    say "Kamailio under load: one CDR per answered call (scripts/load-kamailio.sh --check)"
    RINGLEDGER_BIN="$target_dir/debug/ringledger" scripts/load-kamailio.sh --check
  fi
fi
say "FreeSWITCH and Asterisk kits (scripts/test-switch-kits.sh)"
scripts/test-switch-kits.sh

say "all checks passed"
