#!/usr/bin/env bash
# The Kamailio kit (deploy/switches/kamailio/) proven with real SIP calls on
# loopback:
#   Ringledger (a temp SQLite data dir, a free port) with a tenant, a switch
#   key, a deck (44 at 0.60/min, connect fee 0.01, 1/1 increments), SIP and
#   PINless plans and three prepaid customers; Kamailio with the kit's
#   kamailio.cfg; SIPp as the callers and as the callee (a "gateway" that
#   answers every call and never hangs up). Then:
#     - a SIP phone registers (digest auth against the password Ringledger
#       provisioned) and a wrong password is refused;
#     - a SIP-account call completes (the caller hangs up after 3 s);
#     - a PINless call is refused with 402 (balance) and a Reason header;
#     - a number without a rate is refused with 404 (no_rate), a customer
#       suspended by staff with 403 (customer_suspended), and neither leaves
#       a CDR (the customers are created by staff, so their e-mail counts as
#       verified; a portal sign-up would be refused with email_unverified);
#     - a customer limited to one call at once is refused 486
#       (concurrent_limit) while a call is up, and calls again after its CDR;
#     - a call from the carrier side to the operator's number given to a SIP
#       phone rings that phone (registered from its own address);
#     - a reseller's customer is cut when the reseller's prepaid wholesale
#       money runs out, and both levels are debited at their own price;
#     - a PINless call is cut by Kamailio at max_duration_secs (6 s);
#     - Ringledger is stopped, a PINless call is made, Ringledger restarted:
#       the spooled CDR arrives exactly once;
#   and the CDRs, the charges (to the digit) and the balances are checked
#   through the API.
# Needs: kamailio, kamailio-utils-modules, kamailio-json-modules,
# kamailio-sqlite-modules, sip-tester (SIPp), python3; installs the Debian
# packages when root, else prints SKIP and exits 0.
# Env: RINGLEDGER_BIN (default target/debug/ringledger), KEEP_WORK=1 keeps
# the temp dir (logs) even on success.
set -u
cd "$(dirname "$0")/.."
ROOT=$PWD
KIT=$ROOT/deploy/switches/kamailio
T=$KIT/test
MODDIR=
START=$(date +%s)

# ---------------------------------------------------------------- packages
PKGS="kamailio kamailio-utils-modules kamailio-json-modules kamailio-sqlite-modules sip-tester"
. "$T/lib.sh"   # find_moddir, free_port, kit_setup
have_all() { command -v kamailio >/dev/null && command -v sipp >/dev/null && command -v python3 >/dev/null && find_moddir; }
if ! have_all; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "== installing $PKGS (apt)"
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q $PKGS >/tmp/test-kamailio-apt.log 2>&1; then
      apt-get update -q >>/tmp/test-kamailio-apt.log 2>&1 &&
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q $PKGS >>/tmp/test-kamailio-apt.log 2>&1
    fi
  fi
  if ! have_all; then
    echo "SKIP: Kamailio (with http_client, json, db_sqlite modules), SIPp or python3 missing and not installable (apt-get install $PKGS; see /tmp/test-kamailio-apt.log)"
    exit 0
  fi
fi
# (the kamailio package's own service, if systemd started it, is not used:
# this test runs its own Kamailio on free ports)

BIN=${RINGLEDGER_BIN:-$ROOT/target/debug/ringledger}
if [ ! -x "$BIN" ]; then
  echo "FAIL: no Ringledger binary at $BIN (cargo build, or set RINGLEDGER_BIN)"
  exit 1
fi

# ---------------------------------------------------------------- plumbing
WORK=$(mktemp -d /tmp/rl-kamailio-test.XXXXXX)
PIDS_RL= PID_KAM= PID_UAS=
failed=0
cleanup() {
  local p
  for p in $PID_UAS $PID_KAM $PIDS_RL; do kill "$p" 2>/dev/null; done
  for _ in $(seq 1 30); do   # up to 3 s for an orderly stop
    alive=0
    for p in $PID_UAS $PID_KAM $PIDS_RL; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.1
  done
  for p in $PID_UAS $PID_KAM $PIDS_RL; do kill -9 "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  if [ "$failed" = 0 ] && [ "${KEEP_WORK:-0}" != 1 ]; then
    rm -rf "$WORK"
  else
    echo "   logs kept in $WORK (ringledger.log, kamailio.log, sipp-*.log)"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pass() { echo "PASS  $*"; }
fail() { echo "FAIL  $*"; failed=$((failed + 1)); }
HTTP_PORT=$(free_port tcp)
SIP_PORT=$(free_port udp)
UAS_PORT=$(free_port udp)
BASE=http://127.0.0.1:$HTTP_PORT
SLUG=kam$(date +%s)
RUN=rlt$(date +%s)$$          # Call-ID prefix of this run

start_ringledger() {
  # E-mails go to files under the data directory (rl_api.py reads the
  # owner's verification link there), not to the suite's SMTP server.
  RINGLEDGER_JOBS=none RINGLEDGER_SMTP_URL='' "$BIN" serve --port "$HTTP_PORT" --data-dir "$WORK/data" >>"$WORK/ringledger.log" 2>&1 &
  PIDS_RL=$!
  for _ in $(seq 1 150); do
    python3 -c "import sys,urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1)" "$BASE/healthz" \
      >/dev/null 2>&1 && return 0
    kill -0 "$PIDS_RL" 2>/dev/null || break
    sleep 0.2
  done
  echo "FAIL  Ringledger did not start (see $WORK/ringledger.log)"; failed=1; exit 1
}
stop_ringledger() {
  kill "$PIDS_RL" 2>/dev/null; wait "$PIDS_RL" 2>/dev/null; PIDS_RL=
}

echo "== Ringledger on $BASE, Kamailio on udp:127.0.0.1:$SIP_PORT, callee on udp:127.0.0.1:$UAS_PORT ($WORK)"
start_ringledger
if ! RL_DATA_DIR="$WORK/data" python3 "$T/rl_api.py" setup "$BASE" "$SLUG" >"$WORK/env.sh" 2>"$WORK/setup.err"; then
  echo "FAIL  setup through the API: $(cat "$WORK/setup.err")"; failed=1; exit 1
fi
# RL_TOKEN RL_KEY SIP_USER SIP_PASS CUST_A CUST_C CUST_D WHOLESALE DID
. "$WORK/env.sh"
pass "tenant, switch key, deck, plans and customers set up through the API"

# ---------------------------------------------------------------- Kamailio
# the kit and its spool, as the README has the operator set them up
kit_setup "$WORK" "$KIT/kamailio.cfg" "$SIP_PORT" "$BASE" "$RL_KEY" "$UAS_PORT"
if ! kamailio -c -f "$WORK/kamailio.cfg" -L "$MODDIR" >"$WORK/kamailio-check.log" 2>&1; then
  echo "FAIL  kamailio -c: the configuration does not load"; tail -n 20 "$WORK/kamailio-check.log"; failed=1; exit 1
fi
(cd "$WORK" && exec kamailio -DD -E -f "$WORK/kamailio.cfg" -L "$MODDIR" -P "$WORK/kamailio.pid" \
  -Y "$WORK" >"$WORK/kamailio.log" 2>&1) &
PID_KAM=$!
(cd "$WORK" && exec sipp -sf "$T/uas_answer.xml" -i 127.0.0.1 -p "$UAS_PORT" -nostdin -trace_err \
  >"$WORK/sipp-uas.log" 2>&1) &
PID_UAS=$!
sleep 1
kill -0 "$PID_KAM" 2>/dev/null || { echo "FAIL  Kamailio did not start"; tail -n 20 "$WORK/kamailio.log"; failed=1; exit 1; }
pass "Kamailio $(kamailio -v | sed -n 's/^version: kamailio \([^ ]*\).*/\1/p') started with deploy/switches/kamailio/kamailio.cfg"

# sipp NAME SCENARIO [args…]: one call from a free port; output in sipp-NAME.log.
# The callers ignore a 180 that UDP reordered behind the 200, as phones do
# (SIPp would abort the call; call 8 covers a caller that gives up so).
sipp_run() {
  local name=$1 sf=$2; shift 2
  local limit=${SIPP_LIMIT:-35}
  (cd "$WORK" && timeout $((limit + 5)) sipp "127.0.0.1:$SIP_PORT" -sf "$T/$sf" -i "${SIPP_IP:-127.0.0.1}" -p "$(free_port udp)" -m 1 \
    -nostdin -trace_err -timeout "$limit" -timeout_error -default_behaviors all,-abortunexp "$@" >"$WORK/sipp-$name.log" 2>&1)
}

# ---------------------------------------------------------------- REGISTER
if sipp_run register uac_register.xml -key from "$SIP_USER" -au "$SIP_USER" -ap "$SIP_PASS"; then
  pass "REGISTER of SIP account $SIP_USER with the password Ringledger provisioned: 200"
else
  fail "REGISTER of SIP account $SIP_USER (see $WORK/sipp-register.log)"
fi
if sipp_run register-bad uac_register.xml -key from "$SIP_USER" -au "$SIP_USER" -ap "wrong-$SIP_PASS"; then
  fail "REGISTER with a wrong password was accepted"
else
  pass "REGISTER with a wrong password: challenged again, not registered"
fi

# ---------------------------------------------------------------- calls
# three calls at once: (1) SIP account, 3 s; (2) refused 402; (3) cut at 6 s
CID1=$RUN-sip-1 CID2=$RUN-refused-1 CID3=$RUN-cut-1
sipp_run call1 uac_sip_hangup.xml -s 447700900123 -key from "$SIP_USER" -au "$SIP_USER" -ap "$SIP_PASS" \
  -cid_str "$RUN-sip-%u" & P1=$!
sipp_run call2 uac_refused_402.xml -s 447700900124 -key from 441632960002 -cid_str "$RUN-refused-%u" & P2=$!
t0=$(date +%s.%N)
sipp_run call3 uac_pinless_waitbye.xml -s 447700900125 -key from 441632960003 -cid_str "$RUN-cut-%u" & P3=$!
wait $P2 && pass "call 2 (PINless 441632960002, balance 0.01) refused: 402 Payment Required, Reason: insufficient_balance" \
  || fail "call 2: no 402 with Reason insufficient_balance (see $WORK/sipp-call2.log)"
wait $P1 && pass "call 1 (SIP account $SIP_USER -> 447700900123) answered, hung up by the caller after 3 s" \
  || fail "call 1 did not complete (see $WORK/sipp-call1.log)"
if wait $P3; then
  secs=$(python3 -c "import time,sys; print('%.1f' % (time.time() - float(sys.argv[1])))" "$t0")
  # The exact length is the CDR's (checked below: 6 s answered); the wall
  # clock only shows the switch cut the call (the scenario would wait 60 s
  # for a BYE), so a loaded machine's slower set-up is no failure.
  if python3 -c "import sys; sys.exit(0 if 6 <= float(sys.argv[1]) < 15 else 1)" "$secs"; then
    pass "call 3 (PINless 441632960003, balance 0.07 = 6 s) cut by Kamailio's BYE after ${secs} s (authorized: 6 s; billed at most 6 s)"
  else
    fail "call 3 ended after ${secs} s, expected about 6 s"
  fi
else
  fail "call 3 was not ended by Kamailio (see $WORK/sipp-call3.log)"
fi

# the spool is drained every second
wait_cdr() { # call_id seconds -> 0 when exactly one CDR is there
  local n
  for _ in $(seq 1 $(($2 * 4))); do
    n=$(python3 "$T/rl_api.py" count "$BASE" "$SLUG" "$RL_TOKEN" "$1" 2>/dev/null)
    [ "$n" = 1 ] && return 0
    sleep 0.25
  done
  return 1
}
wait_cdr "$CID1" 10 && wait_cdr "$CID3" 10 && pass "CDRs of calls 1 and 3 posted from the spool" \
  || fail "CDRs of calls 1 and 3 did not arrive (see $WORK/kamailio.log)"

# ---------------------------------------------------------------- spool
# call 4 is authorized, then Ringledger stops while it is up: its CDR must
# wait in the spool and arrive exactly once after the restart
CID4=$RUN-spool-1
sipp_run call4 uac_pinless_hangup.xml -s 447700900126 -key from 441632960001 -cid_str "$RUN-spool-%u" & P4=$!
for _ in $(seq 1 40); do grep -q "call $CID4: .*authorized" "$WORK/kamailio.log" && break; sleep 0.1; done
sleep 0.5
stop_ringledger
wait $P4 && pass "call 4 (PINless 441632960001) completed while Ringledger was stopped" \
  || fail "call 4 did not complete (see $WORK/sipp-call4.log)"
for _ in $(seq 1 40); do grep -q "CDR batch of 1 not posted" "$WORK/kamailio.log" && break; sleep 0.1; done
spool_count() { # [call_id]
  python3 -c "import sqlite3,sys
q='SELECT count(*) FROM cdr_spool' + (' WHERE CAST(call_id AS TEXT) = ?' if len(sys.argv) > 2 else '')
print(sqlite3.connect(sys.argv[1]).execute(q, sys.argv[2:]).fetchone()[0])" "$WORK/spool.sqlite" "$@"
}
spooled=$(spool_count "$CID4")
if grep -q "CDR batch of 1 not posted" "$WORK/kamailio.log" && [ "$spooled" = 1 ]; then
  pass "Ringledger unreachable: the CDR of call 4 waits in the spool (posting retried every second or two)"
else
  fail "the CDR of call 4 is not waiting in the spool (rows: $spooled)"
fi
start_ringledger
if wait_cdr "$CID4" 10; then
  sleep 4.5   # two more flush ticks: nothing may be posted again
  n=$(python3 "$T/rl_api.py" count "$BASE" "$SLUG" "$RL_TOKEN" "$CID4")
  left=$(spool_count)
  [ "$n" = 1 ] && [ "$left" = 0 ] && pass "Ringledger restarted: the spooled CDR arrived exactly once, the spool is empty" \
    || fail "after the restart: $n CDRs for call 4, $left rows left in the spool"
else
  fail "the spooled CDR of call 4 did not arrive after the restart"
fi

# ---------------------------------------------------------------- a stalled Ringledger
# Ringledger frozen (SIGSTOP): a call waits at most RL_HTTP_TIMEOUT (1 s) and
# is refused 503 with Reason ringledger_unreachable (fail closed); the next
# call is refused at once (the breaker, 2 s), not after another time-out.
kill -STOP "$PIDS_RL"
t0=$(date +%s.%N)
sipp_run call10 uac_refused_503.xml -s 447700900131 -key from 441632960002 -cid_str "$RUN-stalled-%u"; r10=$?
t1=$(date +%s.%N)
sipp_run call11 uac_refused_503.xml -s 447700900132 -key from 441632960002 -cid_str "$RUN-breaker-%u"; r11=$?
t2=$(date +%s.%N)
kill -CONT "$PIDS_RL"
secs10=$(python3 -c "import sys; print('%.1f' % (float(sys.argv[2]) - float(sys.argv[1])))" "$t0" "$t1")
secs11=$(python3 -c "import sys; print('%.1f' % (float(sys.argv[2]) - float(sys.argv[1])))" "$t1" "$t2")
if [ "$r10" = 0 ] && python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) < 3 else 1)" "$secs10"; then
  pass "call 10, Ringledger stalled: 503, Reason: ringledger_unreachable after ${secs10} s"
else
  fail "call 10, Ringledger stalled: no 503 within 3 s (${secs10} s, see $WORK/sipp-call10.log)"
fi
if [ "$r11" = 0 ] && python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) < 0.9 else 1)" "$secs11"; then
  pass "call 11 right after: 503 at once (${secs11} s), the breaker spares the time-out"
else
  fail "call 11: no immediate 503 (${secs11} s, see $WORK/sipp-call11.log)"
fi
sleep 2.5   # the breaker closes

# ---------------------------------------------------------------- the bill
cat >"$WORK/spec.json" <<EOF
{"calls": [
  {"label": "call 1", "call_id": "$CID1", "service": "sip", "identifier": "$SIP_USER", "customer": "Alice", "min": 3, "max": 4},
  {"label": "call 3", "call_id": "$CID3", "service": "pinless", "identifier": "441632960003", "customer": "Carol", "min": 6, "max": 6},
  {"label": "call 4", "call_id": "$CID4", "service": "pinless", "identifier": "441632960001", "customer": "Alice", "min": 3, "max": 4}],
 "absent": ["$CID2", "$RUN-stalled-1", "$RUN-breaker-1"],
 "balances": {"Alice": "10.00", "Bob": "0.01", "Carol": "0.07"}}
EOF
python3 "$T/rl_api.py" check "$BASE" "$SLUG" "$RL_TOKEN" "$WORK/spec.json" >"$WORK/check.log" 2>&1
cat "$WORK/check.log"
failed=$((failed + $(grep -c '^FAIL' "$WORK/check.log") ))
grep -q '^PASS' "$WORK/check.log" || failed=$((failed + 1))

# ---------------------------------------------------------------- a caller gone silent
# call 9 (Erin) is answered, then its caller answers the keepalive with 481 (it
# no longer knows the call) and never sends BYE: Kamailio must end it
# at its first keepalive round (30 to 35 s after the answer: the dialog
# module's shortest interval) plus 10 s, and bill it up to the last time it
# was known up: no keepalive was ever answered, so the answer. It runs
# alongside the calls below.
CID9=$RUN-silent-1
t9=$(date +%s.%N)
SIPP_LIMIT=70 sipp_run call9 uac_ka_481.xml -s 447700900130 -key from 441632960005 -cid_str "$RUN-silent-%u" & P9=$!

# ---------------------------------------------------------------- more refusals
# a number no deck row prices: 404 with Reason no_rate; then Carol is
# suspended by staff: 403 with Reason customer_suspended. Neither leaves a CDR.
CID5=$RUN-norate-1 CID6=$RUN-suspended-1
sipp_run call5 uac_refused_404.xml -s 33123456789 -key from 441632960002 -cid_str "$RUN-norate-%u" \
  && pass "call 5 (PINless 441632960002 -> 33123456789, no rate) refused: 404, Reason: no_rate" \
  || fail "call 5: no 404 with Reason no_rate (see $WORK/sipp-call5.log)"
if python3 "$T/rl_api.py" suspend "$BASE" "$SLUG" "$RL_TOKEN" "$CUST_C" 2>"$WORK/suspend.err"; then
  sipp_run call6 uac_refused_403.xml -s 447700900127 -key from 441632960003 -cid_str "$RUN-suspended-%u" \
    && pass "call 6 (PINless 441632960003, Carol suspended) refused: 403, Reason: customer_suspended" \
    || fail "call 6: no 403 with Reason customer_suspended (see $WORK/sipp-call6.log)"
else
  fail "suspending Carol: $(cat "$WORK/suspend.err")"
fi
# Frank may have one call at once (fraud control): while his first call is
# up, a second is refused 486 with Reason concurrent_limit; once the first
# ended and its CDR arrived, he calls again.
CID12=$RUN-first-1 CID13=$RUN-second-1
sipp_run call12 uac_pinless_hangup.xml -s 447700900133 -key from 441632960006 -cid_str "$RUN-first-%u" & P12=$!
for _ in $(seq 1 40); do grep -q "call $CID12: .*authorized" "$WORK/kamailio.log" && break; sleep 0.1; done
sipp_run call13 uac_refused_486.xml -s 447700900134 -key from 441632960006 -cid_str "$RUN-second-%u" \
  && pass "call 13 (PINless 441632960006, a call already up, limit 1) refused: 486, Reason: concurrent_limit" \
  || fail "call 13: no 486 with Reason concurrent_limit (see $WORK/sipp-call13.log)"
wait $P12 && wait_cdr "$CID12" 10 \
  && sipp_run call14 uac_pinless_hangup.xml -s 447700900135 -key from 441632960006 -cid_str "$RUN-again-%u" \
  && pass "call 14 (Frank again, after his first call's CDR) authorized and completed" \
  || fail "call 12 or 14 did not complete (see $WORK/sipp-call12.log, sipp-call14.log)"
# ---------------------------------------------------------------- inbound
# A call from the carrier's side to the operator's number given to Alice's
# phone rings that phone: it registers from its own address and answers.
# Then a call from a customer's SIP account to that number stays on-net: it
# rings the same phone, and its CDR is priced at the on-net rate (zero).
PHONE_PORT=$(free_port udp)
(cd "$WORK" && exec timeout 60 sipp -sf "$T/uas_answer.xml" -i 127.0.0.1 -p "$PHONE_PORT" -m 2 -nostdin -trace_err \
  >"$WORK/sipp-phone.log" 2>&1) & P_PHONE=$!
CID16=$RUN-onnet-1
if sipp_run register-phone uac_register_contact.xml -key from "$SIP_USER" -key contact_port "$PHONE_PORT" \
    -au "$SIP_USER" -ap "$SIP_PASS" \
  && sipp_run call15 uac_pinless_hangup.xml -s "$DID" -key from 15550009999 -cid_str "$RUN-inbound-%u"; then
  pass "call 15 (carrier -> +$DID, Alice's number) rang her registered phone, which answered"
else
  fail "call 15: the inbound call did not reach the phone (see $WORK/sipp-call15.log, sipp-phone.log)"
fi
# (from 127.0.0.2: a customer's phone, outside the carrier's trusted address)
if SIPP_IP=127.0.0.2 sipp_run call16 uac_sip_hangup.xml -s "+$DID" -key from "$SIP_USER" -au "$SIP_USER" \
    -ap "$SIP_PASS" -cid_str "$RUN-onnet-%u" \
  && wait $P_PHONE && grep -q "call $CID16: on-net to" "$WORK/kamailio.log"; then
  pass "call 16 (SIP $SIP_USER -> +$DID, on-net) rang the phone holding the number, not the carrier"
else
  fail "call 16: the on-net call did not reach the phone (see $WORK/sipp-call16.log, sipp-phone.log)"
  kill "$P_PHONE" 2>/dev/null
fi
if wait_cdr "$CID16" 10; then
  onnet=$(python3 "$T/rl_api.py" cdrs "$BASE" "$SLUG" "$RL_TOKEN" | python3 -c "import json,sys
c=[json.loads(l) for l in sys.stdin if json.loads(l)['call_id'] == sys.argv[1]][0]
print(c['prefix'], float(c['charge']))" "$CID16")
  [ "$onnet" = "$DID 0.0" ] && pass "call 16 rated on-net: prefix $DID, charge 0" \
    || fail "call 16 rated as '$onnet', expected '$DID 0.0'"
else
  fail "the CDR of call 16 did not arrive"
fi
sleep 2.5   # two flush ticks: a refused call must not have left a CDR
for cid in "$CID5" "$CID6" "$CID13"; do
  n=$(python3 "$T/rl_api.py" count "$BASE" "$SLUG" "$RL_TOKEN" "$cid")
  [ "$n" = 0 ] && pass "no CDR for refused call $cid" || fail "$n CDRs for refused call $cid"
done

# ---------------------------------------------------------------- a reseller's customer
# Dan buys from a reseller whose prepaid wholesale account holds 0.05: 4 s at
# the operator's price, though Dan's own 10.00 would last hours. Kamailio
# cuts the call at 4 s; Dan pays the reseller's price, the reseller the operator's.
CID7=$RUN-reseller-1
t0=$(date +%s.%N)
if sipp_run call7 uac_pinless_waitbye.xml -s 447700900128 -key from 441632960004 -cid_str "$RUN-reseller-%u"; then
  secs=$(python3 -c "import time,sys; print('%.1f' % (time.time() - float(sys.argv[1])))" "$t0")
  # As for call 3: the CDR holds the exact 4 s; the wall clock shows the cut.
  if python3 -c "import sys; sys.exit(0 if 4 <= float(sys.argv[1]) < 13 else 1)" "$secs"; then
    pass "call 7 (reseller's customer 441632960004) cut after ${secs} s: the reseller's 0.05 buys 4 s"
  else
    fail "call 7 ended after ${secs} s, expected about 4 s"
  fi
else
  fail "call 7 was not ended by Kamailio (see $WORK/sipp-call7.log)"
fi
if wait_cdr "$CID7" 10; then
  python3 "$T/rl_api.py" chain "$BASE" "$SLUG" "$RL_TOKEN" "$CID7" "$CUST_D" "$WHOLESALE" >"$WORK/chain.log" 2>&1
  cat "$WORK/chain.log"
  failed=$((failed + $(grep -c '^FAIL' "$WORK/chain.log") ))
  grep -q '^PASS' "$WORK/chain.log" || failed=$((failed + 1))
else
  fail "the CDR of call 7 did not arrive"
fi

# ---------------------------------------------------------------- a BYE without Route
# Alice's caller gives up after 2 s with a BYE that lacks the Route header
# (as phones do on a reply UDP reordered): Kamailio must end the call on
# both sides at once and bill the 2 s, not leave the dialog to its 4-hour
# limit.
CID8=$RUN-noroute-1
if sipp_run call8 uac_bye_noroute.xml -s 447700900129 -key from 441632960001 -cid_str "$RUN-noroute-%u"; then
  pass "call 8 (PINless 441632960001) hung up after 2 s with a BYE without Route: 200"
else
  fail "call 8: the BYE without Route was not answered 200 (see $WORK/sipp-call8.log)"
fi
if wait_cdr "$CID8" 10; then
  dur=$(python3 "$T/rl_api.py" cdrs "$BASE" "$SLUG" "$RL_TOKEN" | python3 -c "import json,sys
print([json.loads(l)['duration_secs'] for l in sys.stdin if json.loads(l)['call_id'] == sys.argv[1]][0])" "$CID8")
  { [ "$dur" = 2 ] || [ "$dur" = 3 ]; } && pass "call 8 billed once, for the $dur s it had" \
    || fail "call 8 billed for $dur s, expected 2"
else
  fail "the CDR of call 8 did not arrive (the dialog outlived its BYE)"
fi
if kamcmd -s "unix:$WORK/kamailio_ctl" dlg.list 2>/dev/null | grep -q "$CID8"; then
  fail "the dialog of call 8 is still up in Kamailio"
else
  pass "the dialog of call 8 is gone: the callee got Kamailio's BYE"
fi
if wait $P9; then
  secs=$(python3 -c "import time,sys; print('%.0f' % (time.time() - float(sys.argv[1])))" "$t9")
  pass "call 9 (caller gone silent): its keepalive failed, Kamailio ended it after ${secs} s"
else
  fail "call 9 was not ended after its failed keepalive (see $WORK/sipp-call9.log)"
fi
if wait_cdr "$CID9" 10 && grep -q "call $CID9 ended (keepalive failed): 0 s" "$WORK/kamailio.log"; then
  pass "call 9 billed once, for the 0 s it was known up (no keepalive was answered)"
else
  fail "call 9: no CDR of 0 s after its failed keepalive (see $WORK/kamailio.log)"
fi
lost=$(kamcmd -s "unix:$WORK/kamailio_ctl" stats.get_statistics script: 2>/dev/null | sed -n 's/.*ringledger_cdr_lost = //p')
[ "$lost" = 0 ] && pass "Kamailio statistics: no CDR lost (ringledger_cdr_lost = 0)" \
  || fail "Kamailio statistics: ringledger_cdr_lost = '$lost'"

echo "== $(( $(date +%s) - START )) s"
if [ "$failed" = 0 ]; then
  echo "PASS: Kamailio kit: real SIP calls authorized, refused, cut, spooled and billed to the digit"
  exit 0
fi
echo "FAIL: $failed check(s) failed"
exit 1
