#!/usr/bin/env bash
# Speed targets of issue 3, measured on the release binary (prints numbers;
# nothing here asserts timings):
#   - criterion: ratings per second against a 100,000-prefix deck;
#   - `ringledger rate` on 1,000,000 CDRs (wall time);
#   - `ringledger import-deck` of 1,000,000 prefixes into PostgreSQL (wall time).
# Inputs are generated (`ringledger generate`), not committed.
set -euo pipefail
cd "$(dirname "$0")/.."

PG_URL="${RINGLEDGER_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432}"
work="$(mktemp -d)"
db="rl_bench_$$"
cleanup() {
  [ -n "${server_pid:-}" ] && kill "$server_pid" 2>/dev/null || true
  psql "$PG_URL/postgres" -qc "drop database if exists $db with (force)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

say() { printf '\n\033[1;34m==>\033[0m %s\n' "$*"; }

say "building the release binary"
cargo build --release -p ringledger
bin="${CARGO_TARGET_DIR:-target}/release/ringledger"

say "criterion: rating throughput (100,000-prefix deck)"
cargo bench -p ringledger-shared --bench rating -- --warm-up-time 2 --measurement-time 5 2>&1 | grep -E "^[a-z]|time:|thrpt:"

say "generating inputs"
"$bin" generate deck --rows 100000 > "$work/deck100k.csv"
"$bin" generate cdrs --rows 1000000 --deck-rows 100000 > "$work/cdrs1m.csv"
"$bin" generate deck --rows 1000000 --seed 7 > "$work/deck1m.csv"
ls -l "$work"

say "ringledger rate: 1,000,000 CDRs against the 100,000-prefix deck"
start=$(date +%s.%N)
"$bin" rate --deck "$work/deck100k.csv" --cdrs "$work/cdrs1m.csv" > "$work/rated.csv"
end=$(date +%s.%N)
printf 'rate: %.2f s wall for %d output rows\n' "$(awk "BEGIN{print $end - $start}")" "$(($(wc -l < "$work/rated.csv") - 1))"
cut -d, -f2 "$work/rated.csv" | sort | uniq -c | sed 's/^/  /'

say "import-deck: 1,000,000 prefixes into PostgreSQL"
psql "$PG_URL/postgres" -qc "create database $db"
export DATABASE_URL="$PG_URL/$db"
"$bin" serve --port 18099 --data-dir "$work/data" > "$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do curl -sf http://127.0.0.1:18099/healthz >/dev/null && break; sleep 0.2; done
curl -sf -X POST -H 'content-type: application/json' http://127.0.0.1:18099/api/v1/tenants \
  -d '{"company_name":"Bench","slug":"bench","email":"b@bench.test","password":"benchmark pw"}' >/dev/null
start=$(date +%s.%N)
"$bin" import-deck --tenant bench --name Wholesale --data-dir "$work/data" "$work/deck1m.csv"
end=$(date +%s.%N)
printf 'import-deck: %.2f s wall for 1,000,000 prefixes\n' "$(awk "BEGIN{print $end - $start}")"
