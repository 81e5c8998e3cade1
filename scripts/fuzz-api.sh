#!/usr/bin/env bash
# Fuzzes the served OpenAPI document with schemathesis (PyPI, pinned below):
# every documented operation, as an operator's staff, as a customer and as a
# switch, against a fresh server on SQLite. Fails on any 5xx and on any
# answer that does not match the document (status, content type, schema —
# so every 4xx is the error envelope). Run by scripts/test.sh; by hand:
#
#     scripts/fuzz-api.sh [path/to/ringledger]     (FUZZ_EXAMPLES=20 by default)
set -euo pipefail
cd "$(dirname "$0")/.."

SCHEMATHESIS_VERSION=4.32.5
BIN="${1:-${CARGO_TARGET_DIR:-$PWD/target}/debug/ringledger}"
EXAMPLES="${FUZZ_EXAMPLES:-20}"
PORT="${FUZZ_PORT:-18390}"
VENV="${FUZZ_VENV:-$PWD/tools/.venv-fuzz}"

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }

if [ "$("$VENV/bin/schemathesis" --version 2>/dev/null | awk '{print $3}')" != "$SCHEMATHESIS_VERSION" ]; then
  say "installing schemathesis $SCHEMATHESIS_VERSION under $VENV"
  python3 -m venv --clear "$VENV"
  "$VENV/bin/pip" install -q "schemathesis==$SCHEMATHESIS_VERSION"
fi

data="$(mktemp -d)"
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$data"; }
trap cleanup EXIT

RINGLEDGER_JOBS=none RINGLEDGER_SMTP_URL='' DATABASE_URL='' RUST_LOG=warn \
  RINGLEDGER_OPERATOR_SIGNUPS_PER_IP_PER_HOUR=1000000 RINGLEDGER_SIGNUPS_PER_IP_PER_HOUR=1000000 \
  RINGLEDGER_LOGIN_ATTEMPTS_PER_IP=1000000 \
  "$BIN" serve --port "$PORT" --data-dir "$data" >"$data/server.log" 2>&1 &
server=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done

base="http://127.0.0.1:$PORT"
host="fuzz.localhost:$PORT"
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
post() { curl -sf -H "Host: $1" -H 'Content-Type: application/json' ${3:+-H "Authorization: Bearer $3"} -d "$4" "$base$2"; }

say "an operator, verified, with a deck, a plan, a switch key and a customer"
staff="$(post "localhost:$PORT" /api/v1/tenants "" \
  '{"company_name":"Fuzz Telecom","slug":"fuzz","email":"owner@fuzz.test","password":"correct horse battery","currency":"EUR","country":"GB"}' \
  | json "['session']['access_token']")"
# The token after `marker` in the e-mails written under the data directory.
token_of() {
  python3 - "$data/mail" "$1" <<'PY'
import glob, re, sys, time
for _ in range(150):  # the sender writes the file within moments: wait up to 15 s
    for path in sorted(glob.glob(sys.argv[1] + "/*.eml")):
        text = open(path, encoding="utf-8").read().replace("=\r\n", "").replace("=\n", "").replace("=3D", "=")
        if sys.argv[2] in text:
            found = re.search(r"token=([A-Za-z0-9._-]+)", text.split(sys.argv[2], 1)[1])
            if found:
                print(found.group(1))
                sys.exit(0)
    time.sleep(0.1)
sys.exit("no e-mail with " + sys.argv[2])
PY
}
post "$host" /api/v1/auth/verify-email "" "{\"token\":\"$(token_of for=staff)\"}" >/dev/null
deck="$(curl -sf -H "Host: $host" -H "Authorization: Bearer $staff" -H 'Content-Type: text/csv' \
  --data-binary $'prefix,destination,rate_per_minute,connect_fee,initial_increment,subsequent_increment\n44,UK,0.10,0,60,60\n' \
  "$base/api/v1/rate-decks/import?name=Retail&effective_from=2020-01-01" | json "['deck']['id']")"
plan="$(post "$host" /api/v1/plans "$staff" "{\"name\":\"SIP\",\"service_kind\":\"sip\",\"deck_id\":\"$deck\"}" | json "['id']")"
switch="$(post "$host" /api/v1/switch-keys "$staff" '{"name":"fuzz"}' | json "['key']")"
post "$host" /api/v1/portal/signup "" \
  "{\"name\":\"Cy\",\"email\":\"cy@fuzz.test\",\"password\":\"first password\",\"services\":[{\"kind\":\"sip\",\"plan_id\":\"$plan\"}]}" >/dev/null
post "$host" /api/v1/my/verify-email "" "{\"token\":\"$(token_of cy@fuzz.test)\"}" >/dev/null
customer="$(post "$host" /api/v1/my/login "" '{"email":"cy@fuzz.test","password":"first password"}' | json "['access_token']")"

status=0
for who in staff customer switch; do
  case "$who" in
    staff) cred="$staff" ;;
    customer) cred="$customer" ;;
    switch) cred="$switch" ;;
  esac
  say "schemathesis as $who ($EXAMPLES examples per operation)"
  # Operations that end the session or the tenant would stop the run: left out.
  # From the data directory: schemathesis keeps its cache in the working directory.
  (cd "$data" && "$VENV/bin/schemathesis" --no-color run "$base/api/openapi.json" --url "$base" \
    -H "Host: $host" -H "Authorization: Bearer $cred" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --exclude-path /api/v1/auth/logout --exclude-path-regex '^/api/v1/admin/' \
    --max-examples "$EXAMPLES" --generation-deterministic --request-timeout 30 \
    --suppress-health-check all) || status=1
done
if [ "$status" != 0 ]; then
  echo "--- server log (last 40 lines)"; tail -40 "$data/server.log"
fi
exit "$status"
