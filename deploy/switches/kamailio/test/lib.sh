# Shared by scripts/test-kamailio.sh and scripts/load-kamailio.sh (sourced):
# where Kamailio's modules are, free loopback ports, and the kit set up in a
# work directory the way README.md has an operator set it up.

# find_moddir: sets MODDIR to the directory holding the modules the kit
# needs (http_client, json, db_sqlite); 1 when there is none.
find_moddir() {
  MODDIR=
  local d
  for d in /usr/lib/x86_64-linux-gnu/kamailio/modules /usr/lib/aarch64-linux-gnu/kamailio/modules \
           /usr/lib/kamailio/modules /usr/lib64/kamailio/modules /usr/local/lib64/kamailio/modules; do
    [ -f "$d/http_client.so" ] && [ -f "$d/json.so" ] && [ -f "$d/db_sqlite.so" ] && { MODDIR=$d; return 0; }
  done
  return 1
}

# free_port tcp|udp: a free port on 127.0.0.1, from the kernel.
free_port() {
  python3 -c 'import socket,sys; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM if sys.argv[1]=="udp" else socket.SOCK_STREAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' "$1"
}

# kit_setup WORK CFG SIP_PORT BASE KEY UAS_PORT: copies CFG into WORK,
# creates the spool from spool.sql, and writes ringledger-local.cfg (SIP on
# udp:127.0.0.1:SIP_PORT, Ringledger at BASE with switch key KEY, the
# gateway at udp:127.0.0.1:UAS_PORT, loopback trusted, kamcmd's socket in
# WORK). Callers append their own settings to WORK/ringledger-local.cfg.
kit_setup() {
  local work=$1 cfg=$2 sip_port=$3 base=$4 key=$5 uas_port=$6
  local kit
  kit=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  cp "$cfg" "$work/kamailio.cfg"
  python3 -c "import sqlite3,sys; sqlite3.connect(sys.argv[1]).executescript(open(sys.argv[2]).read())" \
    "$work/spool.sqlite" "$kit/spool.sql"
  cat >"$work/ringledger-local.cfg" <<CFG
#!substdef "!RL_LISTEN!udp:127.0.0.1:$sip_port!g"
#!substdef "!RL_URL!$base!g"
#!substdef "!RL_KEY!$key!g"
#!substdef "!RL_GATEWAY!sip:127.0.0.1:$uas_port!g"
#!substdef "!RL_TRUSTED_NET!127.0.0.1/32!g"
#!substdef "!RL_SPOOL_FILE!$work/spool.sqlite!g"
#!substdef "!RL_REALM!ringledger!g"
#!substdef "!RL_CTL!unix:$work/kamailio_ctl!g"
CFG
}
