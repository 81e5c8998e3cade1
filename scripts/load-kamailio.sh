#!/usr/bin/env bash
# The Kamailio kit (deploy/switches/kamailio/) under load, on loopback:
# Ringledger (release build, a temp SQLite data dir), Kamailio with the kit's
# kamailio.cfg, a SIPp callee that answers every call and a SIPp caller
# placing 1 s PINless calls at rising rates (ignoring a 180 that UDP
# reordered behind the 200, as phones do). For each rate it prints:
#   success %, INVITE->200 and BYE->200 p50/p99 (ms), CPU of Kamailio and of
#   Ringledger (% of one core), the spool's deepest point, and the answered
#   calls against the CDRs in Ringledger, one by one (missing, duplicated, and
#   CDRs of calls the caller never saw answered).
#
#   scripts/load-kamailio.sh [RATE ...]        default: 50 200 500 1000 1600
#   scripts/load-kamailio.sh --check [RATE]    the check `make test` runs: one
#       rate (default 200) for SECS (default 10) seconds plus refused calls
#       alongside; exits 1 unless every answered call has exactly one CDR and
#       no refused call has any (behaviour, not speed)
#
# Env: SECS (seconds per rate, default 20), RINGLEDGER_BIN (default: a
# release build, built here), KAM_SHM / KAM_PKG (shared / private memory in
# MB, default 512 / 16), and to override the kit's own defaults: KAM_CHILDREN
# (RL_CHILDREN), KAM_FLUSHERS, KAM_BATCH (RL_CDR_BATCH), KAM_SYNC
# (RL_SPOOL_SYNC: FULL or NORMAL), KAM_DEBUG (RL_DEBUG, default 1); KAM_CFG (another kamailio.cfg, e.g.
# an older one to compare), LOAD_PG_URL (e.g. postgres://postgres@127.0.0.1:5432:
# Ringledger on a fresh PostgreSQL database instead of SQLite), KEEP_WORK=1
# keeps the temp dir (logs).
# Needs what scripts/test-kamailio.sh needs (it installs the packages).
set -u
cd "$(dirname "$0")/.."
ROOT=$PWD
KIT=$ROOT/deploy/switches/kamailio
T=$KIT/test

CHECK=0
if [ "${1:-}" = "--check" ]; then CHECK=1; shift; fi
if [ $# -gt 0 ]; then RATES="$*"; elif [ "$CHECK" = 1 ]; then RATES=200; else RATES="50 200 500 1000 1600"; fi
SECS=${SECS:-$([ "$CHECK" = 1 ] && echo 10 || echo 20)}
SHM=${KAM_SHM:-512}
PKG=${KAM_PKG:-16}
CFG=${KAM_CFG:-$KIT/kamailio.cfg}

for tool in kamailio sipp python3 kamcmd; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool missing (scripts/test-kamailio.sh installs the packages)"; exit 1; }
done
. "$T/lib.sh"   # find_moddir, free_port, kit_setup
find_moddir || { echo "FAIL: no Kamailio module directory with http_client, json and db_sqlite"; exit 1; }

if [ -z "${RINGLEDGER_BIN:-}" ]; then
  echo "== building Ringledger (release)"
  cargo build --release -q -p ringledger || exit 1
  target_dir="${CARGO_TARGET_DIR:-$ROOT/target}"
  case "$target_dir" in /*) ;; *) target_dir="$ROOT/$target_dir" ;; esac
  RINGLEDGER_BIN=$target_dir/release/ringledger
fi
BIN=$RINGLEDGER_BIN

WORK=$(mktemp -d /tmp/rl-kamailio-load.XXXXXX)
PID_RL= PID_KAM= PID_UAS=
failed=0
cleanup() {
  local p
  for p in $PID_UAS $PID_KAM $PID_RL; do kill "$p" 2>/dev/null; done
  sleep 0.5
  for p in $PID_UAS $PID_KAM $PID_RL; do kill -9 "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  [ -n "$PG_DB" ] && psql "$LOAD_PG_URL/postgres" -qc "drop database if exists $PG_DB with (force)"
  if [ "$failed" = 0 ] && [ "${KEEP_WORK:-0}" != 1 ]; then rm -rf "$WORK"; else echo "   logs kept in $WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
HTTP_PORT=$(free_port tcp) SIP_PORT=$(free_port udp) UAS_PORT=$(free_port udp)
BASE=http://127.0.0.1:$HTTP_PORT
SLUG=load$(date +%s)

# ---------------------------------------------------------------- Ringledger
# LOAD_PG_URL: Ringledger on PostgreSQL (a fresh database is made and
# dropped), else SQLite in the temp dir
PG_DB=
if [ -n "${LOAD_PG_URL:-}" ]; then
  PG_DB=rl_load_$$_$(date +%s)
  psql "$LOAD_PG_URL/postgres" -qc "create database $PG_DB" || { echo "FAIL: cannot create $PG_DB"; exit 1; }
  export DATABASE_URL="$LOAD_PG_URL/$PG_DB"
fi
RUST_LOG=warn RINGLEDGER_JOBS=none RINGLEDGER_SMTP_URL='' "$BIN" serve --port "$HTTP_PORT" --data-dir "$WORK/data" >"$WORK/ringledger.log" 2>&1 &
PID_RL=$!
for _ in $(seq 1 150); do
  python3 -c "import sys,urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1)" "$BASE/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done
RL_DATA_DIR="$WORK/data" python3 "$T/rl_api.py" setup "$BASE" "$SLUG" >"$WORK/env.sh" 2>"$WORK/setup.err" || { echo "FAIL: setup: $(cat "$WORK/setup.err")"; failed=1; exit 1; }
. "$WORK/env.sh"
python3 "$T/rl_api.py" load-setup "$BASE" "$SLUG" "$RL_TOKEN" 20 >"$WORK/anis.csv" 2>"$WORK/setup.err" || { echo "FAIL: load setup: $(cat "$WORK/setup.err")"; failed=1; exit 1; }

# ---------------------------------------------------------------- Kamailio
kit_setup "$WORK" "$CFG" "$SIP_PORT" "$BASE" "$RL_KEY" "$UAS_PORT"
echo "#!substdef \"!RL_DEBUG!${KAM_DEBUG:-1}!g\"" >>"$WORK/ringledger-local.cfg"
# the kit's defaults unless a KAM_ setting says otherwise
settings="-m $SHM -M $PKG"
for kv in CHILDREN:${KAM_CHILDREN:-} FLUSHERS:${KAM_FLUSHERS:-} CDR_BATCH:${KAM_BATCH:-} SPOOL_SYNC:${KAM_SYNC:-}; do
  [ -n "${kv#*:}" ] || continue
  echo "#!substdef \"!RL_${kv%%:*}!${kv#*:}!g\"" >>"$WORK/ringledger-local.cfg"
  settings="$settings, RL_${kv%%:*}=${kv#*:}"
done
kamailio -c -f "$WORK/kamailio.cfg" -L "$MODDIR" -m "$SHM" -M "$PKG" >"$WORK/kamailio-check.log" 2>&1 ||
  { echo "FAIL: kamailio -c"; tail -n 20 "$WORK/kamailio-check.log"; failed=1; exit 1; }
(cd "$WORK" && exec kamailio -DD -E -f "$WORK/kamailio.cfg" -L "$MODDIR" -m "$SHM" -M "$PKG" -P "$WORK/kamailio.pid" \
  -Y "$WORK" >"$WORK/kamailio.log" 2>&1) &
PID_KAM=$!
(cd "$WORK" && exec sipp -sf "$T/uas_answer.xml" -i 127.0.0.1 -p "$UAS_PORT" -nostdin -buff_size 4194304 \
  -max_socket 60000 >"$WORK/sipp-uas.log" 2>&1) &
PID_UAS=$!
sleep 1.5
kill -0 "$PID_KAM" 2>/dev/null || { echo "FAIL: Kamailio did not start"; tail -n 20 "$WORK/kamailio.log"; failed=1; exit 1; }

# ---------------------------------------------------------------- helpers
kam_pids() { pgrep -f -- "-f $WORK/kamailio.cfg" | tr '\n' ' '; }
cpu_ticks() { # pids... -> utime+stime of them all, in clock ticks
  local t=0 p f
  for p in "$@"; do
    f=$(cut -d' ' -f14,15 "/proc/$p/stat" 2>/dev/null) || continue
    t=$((t + ${f% *} + ${f#* }))
  done
  echo "$t"
}
spool_depth() { python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1], timeout=5).execute('SELECT count(*) FROM cdr_spool WHERE failed = 0').fetchone()[0])" "$WORK/spool.sqlite" 2>/dev/null || echo "?"; }
HZ=$(getconf CLK_TCK)

echo "== Ringledger $BASE ($BIN, $([ -n "$PG_DB" ] && echo "PostgreSQL $PG_DB" || echo SQLite)), Kamailio udp:127.0.0.1:$SIP_PORT ($settings; the rest as the kit sets it), $SECS s per rate"
printf '%-7s %-8s %-9s %-17s %-17s %-8s %-8s %-6s %-9s %-7s %-7s %-5s %s\n' \
  "calls/s" "calls" "success" "INVITE>200 p50/99" "BYE>200 p50/99" "CPU kam" "CPU rl" "spool" "answered" "CDRs" "missing" "dup" "CDR w/o answer"
for RATE in $RATES; do
  PFX=L$RATE-$(date +%s)
  STEP=$WORK/$RATE
  mkdir -p "$STEP"
  total=$((RATE * SECS))
  pids_k=$(kam_pids)
  k0=$(cpu_ticks $pids_k) r0=$(cpu_ticks "$PID_RL") t0=$(date +%s.%N)
  # spool depth, sampled every 0.5 s while the step runs
  (max=0; while [ ! -f "$STEP/stop" ]; do d=$(spool_depth); [ "$d" != "?" ] && [ "$d" -gt "$max" ] && max=$d; echo "$max" >"$STEP/spoolmax"; sleep 0.5; done) &
  PID_SAMPLER=$!
  (cd "$STEP" && exec sipp "127.0.0.1:$SIP_PORT" -sf "$T/uac_load.xml" -inf "$WORK/anis.csv" -s 447700900123 \
    -i 127.0.0.1 -p "$(free_port udp)" -r "$RATE" -m "$total" -l $((RATE * 10)) -nostdin -buff_size 4194304 -default_behaviors all,-abortunexp \
    -cid_str "$PFX-%u" -trace_stat -stf "$STEP/stat.csv" -fd 1 -trace_rtt -rtt_freq 50 \
    -trace_logs -log_file "$STEP/answered.log" -trace_err -error_file "$STEP/sipp-errors.log" -recv_timeout 20000 -timeout $((SECS + 40)) \
    >"$STEP/sipp-uac.log" 2>&1) &
  PID_UAC=$!
  PID_REF=
  if [ "$CHECK" = 1 ]; then
    (cd "$STEP" && exec sipp "127.0.0.1:$SIP_PORT" -sf "$T/uac_refused_402.xml" -s 447700900124 \
      -key from 441632960002 -i 127.0.0.1 -p "$(free_port udp)" -r 5 -m $((SECS * 5)) -nostdin \
      -cid_str "$PFX-refused-%u" -trace_stat -stf "$STEP/stat-refused.csv" -fd 1 -timeout $((SECS + 40)) \
      >"$STEP/sipp-refused.log" 2>&1) &
    PID_REF=$!
  fi
  wait "$PID_UAC"
  [ -n "$PID_REF" ] && { wait "$PID_REF" || { echo "FAIL: refused calls were not all refused with 402 (see $STEP/sipp-refused.log)"; failed=1; }; }
  t1=$(date +%s.%N) k1=$(cpu_ticks $pids_k) r1=$(cpu_ticks "$PID_RL")

  # the spool drains: wait until it is empty (at most 120 s)
  for _ in $(seq 1 240); do [ "$(spool_depth)" = 0 ] && break; sleep 0.5; done
  sleep 1.5   # the last batch's answer
  touch "$STEP/stop"; wait "$PID_SAMPLER" 2>/dev/null
  left=$(spool_depth)
  python3 "$T/rl_api.py" call-ids "$BASE" "$SLUG" "$RL_TOKEN" "$PFX-" "$t0" >"$STEP/cdrs.txt" 2>"$STEP/cdrs.err" ||
    { echo "FAIL: CDR export: $(cat "$STEP/cdrs.err")"; failed=1; }
  python3 "$T/load_report.py" "$STEP" "$RATE" "$total" "$PFX" "$t0" "$t1" "$((k1 - k0))" "$((r1 - r0))" "$HZ" \
    "$(cat "$STEP/spoolmax" 2>/dev/null || echo 0)" "$left" "$CHECK" || failed=1
done

echo "== Kamailio statistics (kamcmd stats.get_statistics script:)"
if stats=$(kamcmd -s "unix:$WORK/kamailio_ctl" stats.get_statistics script: 2>/dev/null); then
  echo "$stats" | sed 's/^/   /'
else
  echo "   (not available: this kamailio.cfg exports none)"
fi
grep -c "ERROR\|ALERT" "$WORK/kamailio.log" | sed 's/^/== error lines in kamailio.log: /'
if [ "$CHECK" = 1 ]; then
  if [ "$failed" = 0 ]; then echo "PASS: every answered call has exactly one CDR, no refused call has any"; else echo "FAIL: see above"; fi
fi
exit "$failed"
