#!/usr/bin/env bash
# Load script for issues 5 and 23: authorization over HTTP on loopback,
# printed beside a bare route of the same server (/healthz) measured in the
# same run, with wrk (Debian package `wrk`). Prints requests/s, latency
# percentiles (p50/p99/p99.9, from a wrk lua `done()`), non-2xx answers and
# refusals, the ratio to the bare route, the server's CPU time per request
# (cpu_us: user + system, from /proc) and wrk's (wrk_us); asserts nothing.
#   scripts/load-authorize.sh                               # SQLite (default)
#   DATABASE_URL=postgres://…/db scripts/load-authorize.sh   # PostgreSQL
# Scenarios (SCENARIO=single|realistic|both, default single):
#   single     one customer calling one number (issue 5)
#   realistic  CUSTOMERS customers (400) on a DECK_PREFIXES-prefix deck
#              (100000), a random customer and destination per request
# CONNECTIONS is a list ("16 32 64"); DURATION per run (10s); WARMUP (20s)
# of realistic load before its measured runs (0: none); REWARM (3s) of
# calls before each measured authorize run, after the bare route's run left
# the server without calls (printed as "after silence"; 0: none).
# FRAUD=1 (realistic): fraud control on for every call (issue 24) — the
# seller's limits per account and per service (concurrent calls, calls per
# minute, spend per hour and day, all high enough never to refuse) and a
# list of 1,000 high-risk prefixes no destination of the run starts with.
#   SCENARIO=realistic CUSTOMERS=10000 DECK_PREFIXES=1000000 …   # bigger
# WRK_SCHED=batch: wrk as a batch task (see run() below). WIRE=1: the
# measured authorization runs are captured and their latency on the wire
# printed too (see wire_start below). CALLGRIND=1 (needs valgrind): the
# server runs under callgrind and, instead of the timed runs, the
# instructions it executes per authorization and per /healthz answer are
# counted (see callgrind_measure below): a number that does not move with
# the machine's load, for comparing two builds. Best with SCENARIO=single:
# slowed down some fifty times, a server with many customers reads many of
# their contexts again within a run (each is trusted for at most MAX_AGE),
# and those reads then weigh on every request.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "install wrk: apt-get install wrk" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "install time: apt-get install time" >&2; exit 1; }

SCENARIO="${SCENARIO:-single}"
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-16 32 64}"
WARMUP="${WARMUP:-20s}"   # realistic only; 0 measures cold caches
REWARM="${REWARM:-3s}"    # before each measured authorize run; 0: none
CUSTOMERS="${CUSTOMERS:-400}"
DECK_PREFIXES="${DECK_PREFIXES:-100000}"
PORT="${PORT:-18097}"
work="$(mktemp -d)"
# (The server is waited for: under callgrind it writes a last dump as it ends.)
cleanup() { { [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; } || true; rm -rf "$work"; }
trap cleanup EXIT

# RINGLEDGER_BIN: a binary built beforehand (the target directory may be
# shared with other builds); else the release build of this checkout.
bin="${RINGLEDGER_BIN:-}"
if [ -z "$bin" ]; then
  cargo build --release -p ringledger >/dev/null
  bin="${CARGO_TARGET_DIR:-target}/release/ringledger"
fi
# CALLGRIND=1: under callgrind, counting nothing until the measured runs
# (the set-up and the warm-up run at valgrind's uninstrumented speed).
under=()
if [ "${CALLGRIND:-0}" = 1 ]; then
  command -v callgrind_control >/dev/null || { echo "install valgrind: apt-get install valgrind" >&2; exit 1; }
  under=(valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$work/callgrind.out")
fi
RINGLEDGER_LOG_FORMAT=json RUST_LOG=warn "${under[@]}" "$bin" serve --port "$PORT" --data-dir "$work/data" > "$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 600); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done

host="acme.localhost:$PORT"
base="http://127.0.0.1:$PORT"
api() { curl -sf -H "Host: $host" -H 'content-type: application/json' "$@"; }
staff=$(curl -sf -H 'content-type: application/json' "$base/api/v1/tenants" \
  -d '{"company_name":"Acme","slug":"acme","email":"o@acme.test","password":"load test pw"}' | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
key=$(api -H "Authorization: Bearer $staff" "$base/api/v1/switch-keys" -d '{"name":"load"}' | sed 's/.*"key":"\([^"]*\)".*/\1/')

# Imports the deck CSV $1 as deck $2 and answers the id of a SIP plan on it.
plan_on() {
  local deck
  deck=$(curl -sf -H "Host: $host" -H "Authorization: Bearer $staff" -H 'content-type: text/csv' --data-binary @"$1" \
    "$base/api/v1/rate-decks/import?name=$2&effective_from=2020-01-01" | sed 's/.*"deck":{"id":"\([^"]*\)".*/\1/')
  api -H "Authorization: Bearer $staff" "$base/api/v1/plans" \
    -d "{\"name\":\"$2\",\"service_kind\":\"sip\",\"deck_id\":\"$deck\"}" | sed 's/.*"id":"\([^"]*\)".*/\1/'
}

# The lua pieces every authorization run shares: the request's head, built
# once (each request adds its length and body: post(body)), and
# p50/p99/p99.9 and non-2xx answers. wrk shares the machine with the server,
# so what it spends per request is kept small: no response() hook (it
# would hand every answer to lua); refusals are counted by the server
# (ringledger_authorizations_total on /metrics, read around each run).
lua_common() {
  cat <<LUA
local head = "POST /api/v1/authorize HTTP/1.1\\r\\nHost: $host\\r\\n"
  .. "Content-Type: application/json\\r\\nAuthorization: Bearer $key\\r\\nContent-Length: "
function post(body)
  return head .. #body .. "\\r\\n\\r\\n" .. body
end
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", "t" .. threads)
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %.0f %.2f %.2f %.2f %d %d 0\\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, latency:percentile(99.9) / 1000,
    summary.requests, e.status))
end
LUA
}

cat > "$work/healthz.lua" <<'LUA'
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %.0f %.2f %.2f %.2f %d %d 0\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, latency:percentile(99.9) / 1000,
    summary.requests, e.status))
end
LUA

# Authorizations the server has refused so far.
refusals() {
  curl -sf "$base/metrics" | awk '/^ringledger_authorizations_total\{result="refused"\}/ { n = $2 } END { print n + 0 }'
}

# The server's own counts so far, one per line: its time to answer
# authorizations by latency bucket ("le=<seconds> <count>", from the request
# middleware's histogram: queueing before a worker picks the request up and
# the trip through the kernel are not in it) and its hold renewals
# ("waited"/"ahead", see services::reservations).
server_counts() {
  curl -sf "$base/metrics" | awk '
    /^ringledger_http_request_duration_seconds_bucket\{.*route="\/api\/v1\/authorize"/ {
      match($0, /le="[^"]*"/); print substr($0, RSTART + 4, RLENGTH - 5), $2 }
    /^ringledger_hold_renewals_total\{/ { match($0, /how="[^"]*"/); print substr($0, RSTART + 5, RLENGTH - 6), $2 }'
}

# Prints what the server counted between two server_counts ($1, $2): the
# share of authorizations it answered past 1, 2.5, 5 and 10 ms, and the
# hold renewals a call waited for (waited) or made ahead of their lease.
server_summary() {
  join <(sort "$1") <(sort "$2") | awk '
    { d[$1] = $3 - $2 }
    END {
      n = d["+Inf"]; if (!n) exit
      printf "server side (%d authorizations): past 1 ms %.3f %%, 2.5 ms %.3f %%, 5 ms %.3f %%, 10 ms %.3f %%;",
        n, 100 * (n - d["0.001"]) / n, 100 * (n - d["0.0025"]) / n, 100 * (n - d["0.005"]) / n, 100 * (n - d["0.01"]) / n
      printf " hold renewals: waited for %d, ahead %d\n", d["waited"], d["ahead"]
    }'
}

# Each server thread's scheduling so far, one per line: "tid name run_ns
# wait_ns" (/proc/…/schedstat: time on a CPU, time runnable but waiting for
# one). A worker waiting for a CPU stalls every connection it serves,
# before the request middleware's clock starts.
sched_counts() {
  local t on_cpu waiting
  for t in /proc/"$pid"/task/*; do
    read -r on_cpu waiting _ < "$t/schedstat" 2>/dev/null || continue
    printf '%s %s %s %s\n' "${t##*/}" "$(tr ' ' _ < "$t/comm")" "$on_cpu" "$waiting"
  done
}

# Prints, per server thread that ran between two sched_counts ($1, $2), its
# CPU time and its time waiting for a CPU (ms).
sched_summary() {
  join <(sort "$1") <(sort "$2") | awk '
    { run = ($6 - $3) / 1e6; wait = ($7 - $4) / 1e6
      if (run + wait >= 1) { printf "%s%s %.0f/%.0f", sep, $2, run, wait; sep = ", " } }
    END { print "" }' | sed 's/^/server threads (ms on a CPU\/ms waiting for one): /'
}

# The server's CPU time so far (user + system), in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }

# WRK_SCHED=batch runs wrk as a batch task (`chrt --batch 0`): waking it
# no longer preempts the server's workers, as a client on another machine
# never does. A diagnostic of how much the shared cores cost; the default
# (wrk scheduled like any task) is what the targets are measured with.
wrk_sched=()
if [ "${WRK_SCHED:-}" = batch ]; then wrk_sched=(chrt --batch 0); fi

# Runs wrk with lua $1 on path $2 at $3 connections:
# "RESULT rps p50 p99 p999 n non2xx refused cpu_us_per_request
# wrk_us_per_request". The server's CPU time per request is steadier than
# requests/s when the machine is shared (wrk's own share and the
# neighbours' move the latter); wrk's own CPU time per request says how
# much of the two cores the load generator took from the server.
run() {
  local before after ticks hz
  hz=$(getconf CLK_TCK)
  before=$(refusals)
  ticks=$(cpu_ticks)
  /usr/bin/time -f '%U %S' -o "$work/wrk.time" \
    "${wrk_sched[@]}" wrk -t2 -c"$3" -d"$DURATION" -s "$1" "$base$2" | grep '^RESULT' | {
    read -r tag rps p50 p99 p999 n bad _
    after=$(refusals)
    ticks=$(( $(cpu_ticks) - ticks ))
    echo "$tag $rps $p50 $p99 $p999 $n $bad $((after - before))" \
      "$(awk -v t="$ticks" -v hz="$hz" -v n="$n" 'BEGIN { printf "%.1f", n ? t * 1e6 / hz / n : 0 }')" \
      "$(awk -v n="$n" '{ printf "%.1f", n ? ($1 + $2) * 1e6 / n : 0 }' "$work/wrk.time")"
  }
}

# WIRE=1 (needs tcpdump, and the right to capture): the measured
# authorization runs are captured on the loopback, and scripts/wire_latency.py
# prints the server's latency as the wire saw it beside the client's gap
# (what wrk, sharing the cores, took between an answer and its next
# request). A diagnostic: the capture takes CPU time from both.
wire=""
[ "${WIRE:-0}" = 1 ] && wire=1
wire_start() {
  [ -n "$wire" ] || return 0
  tcpdump -B 65536 -i lo -s 80 -w "$work/wire.pcap" "tcp port $PORT" 2>/dev/null &
  wire_pid=$!
  sleep 1
}
wire_stop() {
  [ -n "$wire" ] || return 0
  kill "$wire_pid" 2>/dev/null || true
  wait "$wire_pid" 2>/dev/null || true
}

# Measures /healthz and /api/v1/authorize (lua $1) at every connection count.
# The bare route's run leaves the server without a call for DURATION: every
# hold's lease (5 s) and many cached contexts run out, so the first moments
# of calls after it renew and reload together. That burst is run first, for
# REWARM (3s; 0: none), and printed on its own line ("after silence"); the
# measured run is the steady state that follows. The server's own counts
# (its latency histogram, hold renewals) and its threads' scheduling cover
# the measured run only.
measure() {
  if [ "${CALLGRIND:-0}" = 1 ]; then callgrind_measure "$1"; return; fi
  printf '%-6s %-10s %9s %8s %8s %8s %9s %8s %6s %7s %7s\n' conns route req/s p50_ms p99_ms p999_ms non2xx refused ratio cpu_us wrk_us
  for c in $CONNECTIONS; do
    read -r _ hr h50 h99 h999 _ hbad _ hcpu hwrk <<<"$(run "$work/healthz.lua" /healthz "$c")"
    local rewarm=""
    if [ "$REWARM" != "0" ]; then
      read -r _ rr r50 r99 r999 _ <<<"$(DURATION="$REWARM" run "$1" /api/v1/authorize "$c")"
      rewarm="after silence: the first $REWARM of calls (not counted): $rr req/s, p50 $r50 ms, p99 $r99 ms, p99.9 $r999 ms"
    fi
    server_counts > "$work/counts.before"
    sched_counts > "$work/sched.before"
    wire_start
    read -r _ ar a50 a99 a999 an abad aref acpu awrk <<<"$(run "$1" /api/v1/authorize "$c")"
    wire_stop
    sched_counts > "$work/sched.after"
    server_counts > "$work/counts.after"
    printf '%-6s %-10s %9s %8s %8s %8s %9s %8s %6s %7s %7s\n' "$c" healthz "$hr" "$h50" "$h99" "$h999" "$hbad" - - "$hcpu" "$hwrk"
    printf '%-6s %-10s %9s %8s %8s %8s %9s %8s %6s %7s %7s\n' "$c" authorize "$ar" "$a50" "$a99" "$a999" \
      "$abad/$an" "$aref" "$(awk -v a="$ar" -v h="$hr" 'BEGIN{printf "%.2f", a/h}')" "$acpu" "$awrk"
    [ -z "$rewarm" ] || echo "       $rewarm"
    echo "       $(server_summary "$work/counts.before" "$work/counts.after")"
    echo "       $(sched_summary "$work/sched.before" "$work/sched.after")"
    [ -z "$wire" ] || echo "       $(python3 scripts/wire_latency.py "$work/wire.pcap" "$PORT")"
  done
}

# CALLGRIND=1, measure() does this instead: after 5 s of calls (uninstrumented),
# counts the server's instructions over a DURATION run of authorizations
# (lua $1), then over one of /healthz, both at 8 connections, and prints
# each per request, with the functions that take most of an authorization
# (inclusive, per request). Everything the server ran in those runs is
# counted, its background work included. valgrind counts a `rep stos`/`rep
# movs` byte by byte, so large memset/memcpy weigh more here than in time.
callgrind_measure() {
  local an hn
  DURATION=5s run "$1" /api/v1/authorize 8 >/dev/null
  cg() { callgrind_control "$@" "$pid" >/dev/null 2>&1; }
  cg -i on
  read -r _ _ _ _ _ an _ <<<"$(run "$1" /api/v1/authorize 8)"
  cg --dump=authorize
  cg -z
  read -r _ _ _ _ _ hn _ <<<"$(run "$work/healthz.lua" /healthz 8)"
  cg --dump=healthz
  cg -i off
  # (No early exit from a reader of callgrind_annotate: under pipefail its
  # broken pipe would end the script.)
  printf '%-10s %9s %16s %14s\n' route requests instructions per_request
  # route, its dump's number, its requests
  printf '%s\n' "authorize 1 $an" "healthz 2 $hn" | while read -r route dump n; do
    callgrind_annotate "$work/callgrind.out.$dump" 2>/dev/null | awk -v r="$route" -v n="$n" '
      /PROGRAM TOTALS/ && !t { t = $1; gsub(",", "", t) }
      END { printf "%-10s %9s %16s %14.0f\n", r, n, t + 0, n ? t / n : 0 }'
  done
  echo "authorization's heaviest functions (inclusive instructions per request):"
  callgrind_annotate --inclusive=yes "$work/callgrind.out.1" 2>/dev/null \
    | awk -v n="$an" '/^ *[0-9,]+ +\([ 0-9.]+%\) +[^ ]+:/ && n { c = $1; gsub(",", "", c)
        sub(/^ *[0-9,]+ +\([ 0-9.]+%\) +/, ""); sub(/ \[[^]]*\]$/, "")
        if (match($0, /^[^ ]*\.(rs|c|S):/)) { f = substr($0, 1, RLENGTH - 1); $0 = substr($0, RLENGTH + 1); sub(/^.*\//, "", f) }
        printf "  %8.0f  %s: %s\n", c / n, f, substr($0, 1, 130) }' \
    | awk -v top="${CALLGRIND_TOP:-30}" '!/tokio::runtime|actix_server|__rust_begin_short_backtrace/ && shown++ < top'
  [ -z "${CALLGRIND_OUT:-}" ] || { mkdir -p "$CALLGRIND_OUT"; cp "$work"/callgrind.out.* "$CALLGRIND_OUT"/; }
}

single() {
  printf 'prefix,destination,rate_per_minute,connect_fee,initial_increment,subsequent_increment\n1,USA,0.0001,0,30,6\n44,UK,0.1,0,60,60\n' > "$work/deck.csv"
  local plan signup user customer token
  plan=$(plan_on "$work/deck.csv" Retail)
  signup=$(api "$base/api/v1/portal/signup" \
    -d "{\"name\":\"L\",\"email\":\"l@example.test\",\"password\":\"load test pw\",\"services\":[{\"kind\":\"sip\",\"plan_id\":\"$plan\"}]}")
  user=$(printf '%s' "$signup" | sed 's/.*"username":"\([^"]*\)".*/\1/')
  customer=$(printf '%s' "$signup" | python3 -c 'import json,sys; print(json.load(sys.stdin)["customer"]["id"])')
  # A portal sign-up calls only once its e-mail is confirmed: the link's token
  # from the message the server wrote to its data directory (quoted-printable:
  # soft line breaks and `=3D` undone).
  # Only the customer's message (the owner was sent one too, with a token of
  # its own); the file is written in pieces, not renamed into place, so a
  # token read from a half-written one is cut short: it is read and tried
  # again until the link is accepted.
  token= verified=
  for _ in $(seq 100); do
    token=$(grep -l '^To: .*l@example\.test' "$work"/data/mail/* 2>/dev/null | xargs -r cat | sed -e ':a' -e '/=\r\?$/{N;s/=\r\?\n//;ba' -e '}' -e 's/=3D/=/g' \
      | grep -o 'token=[^[:space:]"<>&]*' | head -n 1 | cut -d= -f2-) || true
    if [ -n "$token" ] && api "$base/api/v1/my/verify-email" -d "{\"token\":\"$token\"}" >/dev/null 2>&1; then
      verified=1
      break
    fi
    sleep 0.1
  done
  [ -n "$verified" ] || { echo "no verification e-mail accepted from $work/data/mail" >&2; exit 1; }
  # A prepaid balance (and a rate, 0.0001/min) that outlasts the run: every
  # authorization is granted and (since issue 17) holds its call's money until
  # the CDR or its expiry.
  api -H "Authorization: Bearer $staff" "$base/api/v1/customers/$customer/adjustments" \
    -d '{"amount":"1000000","reason":"load test"}' >/dev/null
  { lua_common; cat <<LUA
-- every request is another call (its own call id, which no run repeats:
-- an id held before is answered as it was then), as a switch sends them
local n, run = 0, ""
function init(args)
  run = tid .. "-" .. os.time() .. "-"
end
function request()
  n = n + 1
  return post('{"service":"sip","sip_username":"$user","destination":"+1 555 0100","call_id":"' .. run .. n .. '"}')
end
LUA
  } > "$work/single.lua"
  echo "one authorization: $(curl -s -X POST -H "Host: $host" -H 'content-type: application/json' -H "Authorization: Bearer $key" \
    "$base/api/v1/authorize" -d "{\"service\":\"sip\",\"sip_username\":\"$user\",\"destination\":\"15550100\"}")"
  echo; echo "== single: one customer calling one number"
  measure "$work/single.lua"
}

realistic() {
  local plan t0=$SECONDS
  # DECK_PREFIXES distinct prefixes of 2 to 7 digits (none starting with 0).
  python3 - "$DECK_PREFIXES" "$work/big.csv" "$work/prefixes.lua" <<'PY'
import random, sys
n, csv_path, lua_path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
rnd = random.Random(23)
seen = set()
while len(seen) < n:
    k = rnd.choice((2, 3, 4, 4, 5, 5, 5, 6, 6, 6, 7, 7, 7, 7))
    seen.add(str(rnd.randrange(10 ** (k - 1), 10 ** k)))
prefixes = sorted(seen)
with open(csv_path, "w") as f:
    f.write("prefix,destination,rate_per_minute,connect_fee,initial_increment,subsequent_increment\n")
    for p in prefixes:
        f.write(f"{p},Dest {p[:3]},{rnd.randrange(1, 2000) / 10000:.4f},0,60,6\n")
with open(lua_path, "w") as f:
    f.write("prefixes = {" + ",".join(f'"{p}"' for p in prefixes) + "}\n")
PY
  plan=$(plan_on "$work/big.csv" Big)
  echo "deck of $DECK_PREFIXES prefixes imported in $((SECONDS - t0)) s"
  t0=$SECONDS
  # CUSTOMERS customers created by staff (verified at once), each with a SIP
  # service and a prepaid balance that outlasts the run.
  python3 - "$base" "$host" "$staff" "$plan" "$CUSTOMERS" "$work/users.lua" <<'PY'
import json, sys, urllib.request
from concurrent.futures import ThreadPoolExecutor
base, host, staff, plan, n, out = sys.argv[1:7]
def post(path, body):
    req = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="POST", headers={
        "Host": host, "Content-Type": "application/json", "Authorization": "Bearer " + staff})
    with urllib.request.urlopen(req) as r:
        return json.load(r)
def make(i):
    c = post("/api/v1/customers", {"name": f"C{i}", "email": f"c{i}@load.test", "password": "load test pw",
                                   "services": [{"kind": "sip", "plan_id": plan}]})["customer"]
    post(f"/api/v1/customers/{c['id']}/adjustments", {"amount": "1000000", "reason": "load test"})
    return c["services"][0]["username"]
with ThreadPoolExecutor(4) as pool:
    users = list(pool.map(make, range(int(n))))
with open(out, "w") as f:
    f.write("users = {" + ",".join(f'"{u}"' for u in users) + "}\n")
PY
  echo "$CUSTOMERS customers created in $((SECONDS - t0)) s"
  { lua_common; cat "$work/prefixes.lua" "$work/users.lua"; cat <<'LUA'
-- A random customer calls a random 11-digit number under a random prefix,
-- every request another call (its own call id). Each wrk thread draws POOL
-- such requests when it starts (its own random sequence), written whole up
-- to the call id; every request then picks one at random and appends its
-- call id: this run's start, then a counter of fixed width, so the pooled
-- Content-Length holds and no id repeats across runs. (Unseeded, LuaJIT
-- draws the same numbers in every thread and every run: the measured runs
-- used to repeat the warm-up's requests, call ids included, and were
-- answered from the reservations it had made.) The server keeps
-- nothing per number or per pair once the deck is compiled (the warm-up),
-- so a pair drawn again costs it what a new one does. wrk shares the cores
-- with the server: drawing each request afresh (three random numbers, a
-- format, two copies of 270 bytes) cost it 2.4 µs, the pick 1.1 µs (luajit).
local POOL, pool, n = 65536, {}, 1e9
function init(args)
  math.randomseed(os.time() + 7919 * tonumber(tid:sub(2)))
  local run = tid .. "-" .. os.time() .. "-"
  for i = 1, POOL do
    local p = prefixes[math.random(#prefixes)]
    local rest = 11 - #p
    local body = '{"service":"sip","sip_username":"' .. users[math.random(#users)]
      .. '","destination":"+' .. p .. string.format("%0" .. rest .. "d", math.random(0, 10 ^ rest - 1))
      .. '","call_id":"' .. run
    pool[i] = head .. (#body + 12) .. "\r\n\r\n" .. body
  end
end
function request()
  n = n + 1
  return pool[math.random(POOL)] .. n .. '"}'
end
LUA
  } > "$work/realistic.lua"
  if [ "${FRAUD:-0}" = 1 ]; then
    local lim='{"concurrent_calls":100000,"calls_per_minute":100000,"spend_per_hour":"1000000","spend_per_day":"1000000"}'
    api -X PUT -H "Authorization: Bearer $staff" "$base/api/v1/settings/fraud" \
      -d "{\"limits\":{\"account\":$lim,\"service\":$lim},\"anomaly_factor\":1000,\"anomaly_floor\":\"1000000\"}" >/dev/null
    { echo "prefix,description"; for i in $(seq 1000); do echo "0$i,not dialled"; done; } > "$work/high-risk.csv"
    curl -sf -X PUT -H "Host: $host" -H "Authorization: Bearer $staff" -H 'content-type: text/csv' \
      --data-binary @"$work/high-risk.csv" "$base/api/v1/fraud/high-risk-prefixes" >/dev/null
    echo "fraud control on: limits per account and per service, 1000 high-risk prefixes"
  fi
  echo; echo "== realistic: $CUSTOMERS customers, $DECK_PREFIXES-prefix deck, random caller and destination"
  # The caches fill (contexts, rates, the deck compiled in the background)
  # during the first seconds: that warm-up is printed on its own, then the
  # steady state is measured.
  if [ "$WARMUP" != "0" ]; then
    read -r _ wr w50 w99 w999 _ _ _ <<<"$(DURATION="$WARMUP" run "$work/realistic.lua" /api/v1/authorize 32)"
    echo "warm-up ($WARMUP at 32 connections, not counted): $wr req/s, p50 $w50 ms, p99 $w99 ms, p99.9 $w999 ms"
  fi
  measure "$work/realistic.lua"
}

case "$SCENARIO" in
  single) single ;;
  realistic) realistic ;;
  both) single; realistic ;;
  *) echo "SCENARIO is single, realistic or both" >&2; exit 1 ;;
esac
