#!/usr/bin/env bash
# Load script for issue 5: CDR ingestion over HTTP into PostgreSQL (a fresh
# database on 127.0.0.1:5432, dropped afterwards), beside a raw COPY of the
# same rows. Prints CDRs/s; asserts nothing.
#   scripts/load-cdrs.sh                      # 300,000 CDRs, batches of 10,000
#   TOTAL=1000000 BATCH=20000 scripts/load-cdrs.sh
#   RINGLEDGER_BIN=path scripts/load-cdrs.sh  # that binary, not a fresh build
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=18098
CUSTOMERS="${CUSTOMERS:-200}"
db="rl_load_$$"
work="$(mktemp -d)"
cleanup() {
  [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null || true
  sleep 0.5
  psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $db"

# RINGLEDGER_BIN=path runs that binary instead of building one (e.g. an
# older build, to compare).
bin="${RINGLEDGER_BIN:-${CARGO_TARGET_DIR:-target}/release/ringledger}"
[ -n "${RINGLEDGER_BIN:-}" ] || cargo build --release -p ringledger >/dev/null
DATABASE_URL="postgres://postgres@127.0.0.1:5432/$db" RUST_LOG=warn RINGLEDGER_SIGNUPS_PER_IP_PER_HOUR=1000000 \
  "$bin" serve --port "$PORT" --data-dir "$work/data" > "$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 150); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done

host="acme.localhost:$PORT"
api() { curl -sf -H "Host: $host" -H 'content-type: application/json' "$@"; }
staff=$(curl -sf -H 'content-type: application/json' "http://127.0.0.1:$PORT/api/v1/tenants" \
  -d '{"company_name":"Acme","slug":"acme","email":"o@acme.test","password":"load test pw"}' | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
printf 'prefix,destination,rate_per_minute,connect_fee,initial_increment,subsequent_increment\n1,USA,0.05,0,30,6\n44,UK,0.1,0,60,60\n447,UK Mobile,0.2,0.05,30,6\n49,Germany,0.07,0,60,1\n61,Australia,0.09,0.01,30,6\n' > "$work/deck.csv"
deck=$(curl -sf -H "Host: $host" -H "Authorization: Bearer $staff" -H 'content-type: text/csv' --data-binary @"$work/deck.csv" \
  "http://127.0.0.1:$PORT/api/v1/rate-decks/import?name=Retail&effective_from=2020-01-01" | sed 's/.*"deck":{"id":"\([^"]*\)".*/\1/')
plan=$(api -H "Authorization: Bearer $staff" "http://127.0.0.1:$PORT/api/v1/plans" \
  -d "{\"name\":\"SIP\",\"service_kind\":\"sip\",\"deck_id\":\"$deck\"}" | sed 's/.*"id":"\([^"]*\)".*/\1/')
echo "creating $CUSTOMERS customers…"
users=""
for i in $(seq "$CUSTOMERS"); do
  u=$(api "http://127.0.0.1:$PORT/api/v1/portal/signup" \
    -d "{\"name\":\"L$i\",\"email\":\"l$i@example.test\",\"password\":\"load test pw\",\"services\":[{\"kind\":\"sip\",\"plan_id\":\"$plan\"}]}" \
    | sed 's/.*"username":"\([^"]*\)".*/\1/')
  users="$users${users:+,}$u"
done
key=$(api -H "Authorization: Bearer $staff" "http://127.0.0.1:$PORT/api/v1/switch-keys" -d '{"name":"load"}' | sed 's/.*"key":"\([^"]*\)".*/\1/')

BASE="http://127.0.0.1:$PORT" HOST="$host" KEY="$key" USERS="$users" DB="$db" python3 scripts/load_cdrs.py
