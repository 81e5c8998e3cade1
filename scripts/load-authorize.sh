#!/usr/bin/env bash
# Load script for issue 5: authorization over HTTP on loopback, printed beside
# a bare route of the same server (/healthz) measured in the same run, with
# wrk (Debian package `wrk`). Prints requests/s and latency percentiles;
# asserts nothing.
#   DATABASE_URL=postgres://…/db scripts/load-authorize.sh   # PostgreSQL
#   scripts/load-authorize.sh                               # SQLite (default)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "install wrk: apt-get install wrk" >&2; exit 1; }

DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-16}"
PORT=18097
work="$(mktemp -d)"
cleanup() { [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

cargo build --release -p ringledger >/dev/null
bin="${CARGO_TARGET_DIR:-target}/release/ringledger"
RINGLEDGER_LOG_FORMAT=json RUST_LOG=warn "$bin" serve --port "$PORT" --data-dir "$work/data" > "$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done

host="acme.localhost:$PORT"
api() { curl -sf -H "Host: $host" -H 'content-type: application/json' "$@"; }
staff=$(curl -sf -H 'content-type: application/json' "http://127.0.0.1:$PORT/api/v1/tenants" \
  -d '{"company_name":"Acme","slug":"acme","email":"o@acme.test","password":"load test pw"}' | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
printf 'prefix,destination,rate_per_minute,connect_fee,initial_increment,subsequent_increment\n1,USA,0.0001,0,30,6\n44,UK,0.1,0,60,60\n' > "$work/deck.csv"
deck=$(curl -sf -H "Host: $host" -H "Authorization: Bearer $staff" -H 'content-type: text/csv' --data-binary @"$work/deck.csv" \
  "http://127.0.0.1:$PORT/api/v1/rate-decks/import?name=Retail&effective_from=2020-01-01" | sed 's/.*"deck":{"id":"\([^"]*\)".*/\1/')
plan=$(api -H "Authorization: Bearer $staff" "http://127.0.0.1:$PORT/api/v1/plans" \
  -d "{\"name\":\"SIP\",\"service_kind\":\"sip\",\"deck_id\":\"$deck\"}" | sed 's/.*"id":"\([^"]*\)".*/\1/')
signup=$(api "http://127.0.0.1:$PORT/api/v1/portal/signup" \
  -d "{\"name\":\"L\",\"email\":\"l@example.test\",\"password\":\"load test pw\",\"services\":[{\"kind\":\"sip\",\"plan_id\":\"$plan\"}]}")
user=$(printf '%s' "$signup" | sed 's/.*"username":"\([^"]*\)".*/\1/')
customer=$(printf '%s' "$signup" | python3 -c 'import json,sys; print(json.load(sys.stdin)["customer"]["id"])')
# A portal sign-up calls only once its e-mail is confirmed: the link's token
# from the message the server wrote to its data directory (quoted-printable:
# soft line breaks and `=3D` undone).
token=
for _ in $(seq 100); do
  token=$(cat "$work"/data/mail/* 2>/dev/null | sed -e ':a' -e '/=\r\?$/{N;s/=\r\?\n//;ba' -e '}' -e 's/=3D/=/g' \
    | grep -o 'token=[^[:space:]"<>&]*' | head -n 1 | cut -d= -f2-) || true
  [ -n "$token" ] && break
  sleep 0.1
done
[ -n "$token" ] || { echo "no verification e-mail in $work/data/mail" >&2; exit 1; }
api "http://127.0.0.1:$PORT/api/v1/my/verify-email" -d "{\"token\":\"$token\"}" >/dev/null
key=$(api -H "Authorization: Bearer $staff" "http://127.0.0.1:$PORT/api/v1/switch-keys" -d '{"name":"load"}' | sed 's/.*"key":"\([^"]*\)".*/\1/')
# A prepaid balance (and a rate, 0.0001/min) that outlasts the run: every
# authorization is granted and (since issue 17) holds its call's money until
# the CDR or its expiry.
api -H "Authorization: Bearer $staff" "http://127.0.0.1:$PORT/api/v1/customers/$customer/adjustments" \
  -d '{"amount":"1000000","reason":"load test"}' >/dev/null

cat > "$work/authorize.lua" <<LUA
wrk.method = "POST"
wrk.headers["Host"] = "$host"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $key"
-- every request is another call (its own call id), as a switch sends them
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", "t" .. threads)
end
local n = 0
function request()
  n = n + 1
  return wrk.format(nil, nil, nil,
    string.format('{"service":"sip","sip_username":"$user","destination":"+1 555 0100","call_id":"%s-%d"}', tid, n))
end
LUA
echo "one authorization: $(curl -s -X POST -H "Host: $host" -H 'content-type: application/json' -H "Authorization: Bearer $key" \
  "http://127.0.0.1:$PORT/api/v1/authorize" -d "{\"service\":\"sip\",\"sip_username\":\"$user\",\"destination\":\"15550100\"}")"

echo; echo "== GET /healthz (bare route, same server)"
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "http://127.0.0.1:$PORT/healthz" | grep -E "Requests/sec|50%|99%"
echo; echo "== POST /api/v1/authorize"
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$work/authorize.lua" "http://127.0.0.1:$PORT/api/v1/authorize" | grep -E "Requests/sec|50%|99%|Non-2xx"
