#!/usr/bin/env bash
# Unit tests of the FreeSWITCH and Asterisk kits (deploy/switches/):
#   - FreeSWITCH: the Lua logic (core.lua) and the entry scripts run against
#     a fake FreeSWITCH, with every Lua interpreter found (lua5.4, lua5.3,
#     lua5.2, lua5.1, luajit, lua); installs lua5.4 with apt when root and
#     none is there, otherwise prints SKIP for the Lua part;
#   - Asterisk: python3 -m unittest (fake AGI channel + fake Ringledger).
# Neither FreeSWITCH nor Asterisk runs here: these tests prove the kits'
# logic, not the switches' behaviour (see the kits' READMEs).
# Exit status: 0 when everything that ran passed, 1 otherwise.
set -u
export PYTHONDONTWRITEBYTECODE=1  # no __pycache__ left in deploy/
cd "$(dirname "$0")/.."

FS=deploy/switches/freeswitch
AST=deploy/switches/asterisk
results=()
failed=0
skipped=0

find_luas() {
  # each interpreter once (`lua` is usually an alternatives link to one of them)
  local found=() seen=" " l real
  for l in lua5.4 lua5.3 lua5.2 lua5.1 luajit lua; do
    command -v "$l" >/dev/null 2>&1 || continue
    real=$(readlink -f "$(command -v "$l")")
    case "$seen" in *" $real "*) continue ;; esac
    seen="$seen$real "
    found+=("$l")
  done
  echo "${found[@]:-}"
}

luas=$(find_luas)
if [ -z "$luas" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "== installing lua5.4 (apt)"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q lua5.4 >/tmp/test-switch-kits-apt.log 2>&1; then
    # the package lists may be missing (fresh container): one update, one retry
    apt-get update -q >>/tmp/test-switch-kits-apt.log 2>&1 &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q lua5.4 >>/tmp/test-switch-kits-apt.log 2>&1 ||
      echo "   apt-get failed, see /tmp/test-switch-kits-apt.log"
  fi
  luas=$(find_luas)
fi

if [ -z "$luas" ]; then
  echo "SKIP FreeSWITCH kit (Lua): no Lua interpreter (apt-get install lua5.4)"
  results+=("SKIP  freeswitch lua: no interpreter")
  skipped=$((skipped + 1))
else
  for lua in $luas; do
    for t in test_core test_scripts; do
      echo "== $lua $FS/tests/$t.lua"
      if timeout 60 "$lua" "$FS/tests/$t.lua"; then
        results+=("PASS  freeswitch $t ($lua)")
      else
        results+=("FAIL  freeswitch $t ($lua)")
        failed=$((failed + 1))
      fi
    done
  done
fi

if command -v python3 >/dev/null 2>&1; then
  echo "== python3 -m unittest ($AST/tests)"
  if timeout 120 python3 -m unittest discover -s "$AST/tests" -t "$AST/tests"; then
    results+=("PASS  asterisk unittest ($(python3 --version 2>&1))")
  else
    results+=("FAIL  asterisk unittest")
    failed=$((failed + 1))
  fi
else
  echo "SKIP Asterisk kit: no python3"
  results+=("SKIP  asterisk: no python3")
  skipped=$((skipped + 1))
fi

echo
echo "== switch kits summary"
printf '   %s\n' "${results[@]}"
if [ "$failed" -gt 0 ]; then
  echo "   $failed failed"
  exit 1
fi
if [ "$skipped" -gt 0 ]; then echo "   passed ($skipped part(s) skipped)"; else echo "   all passed"; fi
exit 0
