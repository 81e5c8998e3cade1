#!/usr/bin/env bash
# Benchmark for issue 6: a bill run over ACCOUNTS accounts with CDRS rated
# calls on PostgreSQL (a fresh database on 127.0.0.1:5432, dropped
# afterwards). Prints the data generation time, the bill run's time, and
# the time to render and send every invoice e-mail with its PDF (to files).
#   scripts/bench-bill-run.sh                        # 100,000 accounts, 10,000,000 CDRs
#   ACCOUNTS=10000 CDRS=1000000 scripts/bench-bill-run.sh
#   KEEP_DB=1 …          keeps the generated database (its name is printed)
#   REUSE_DB=name …      runs again on a kept database (its runs and invoices reset)
#   NO_MAIL=1 …          skips rendering and sending the e-mails
set -euo pipefail
cd "$(dirname "$0")/.."
ACCOUNTS="${ACCOUNTS:-100000}"
CDRS="${CDRS:-10000000}"
db="${REUSE_DB:-rl_bench_bill_$$}"
work="$(mktemp -d)"
cleanup() {
  if [ -z "${KEEP_DB:-}" ] && [ -z "${REUSE_DB:-}" ]; then
    psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
  else
    echo "kept database $db (REUSE_DB=$db to run again; drop it when done)"
  fi
  rm -rf "$work"
}
trap cleanup EXIT
[ -n "${REUSE_DB:-}" ] || psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $db"
# The server's Unix socket when there is one (BENCH_TCP=1 for TCP): sqlx
# 0.9.0 does not set TCP_NODELAY, and over TCP every query with a large
# parameter or result waits ~40 ms for a delayed ACK (sqlx#4335; fixed
# upstream, not yet released). Both are printed in docs and the note.
if [ -z "${BENCH_TCP:-}" ] && [ -S /var/run/postgresql/.s.PGSQL.5432 ]; then
  export DATABASE_URL="postgres://postgres@localhost/$db?host=/var/run/postgresql"
  echo "connecting over the Unix socket /var/run/postgresql (BENCH_TCP=1 for TCP)"
else
  export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$db"
  echo "connecting over TCP 127.0.0.1:5432"
fi

cargo build --release -p ringledger >/dev/null
bin="${CARGO_TARGET_DIR:-target}/release/ringledger"
"$bin" migrate --data-dir "$work/data" >/dev/null

if [ -n "${REUSE_DB:-}" ]; then
  psql -h 127.0.0.1 -U postgres -d "$db" -q -v ON_ERROR_STOP=1 -c "BEGIN; DELETE FROM payments; DELETE FROM outbound_emails; DELETE FROM invoice_lines; DELETE FROM invoices; DELETE FROM bill_runs; DELETE FROM ledger_entries WHERE kind = 'invoice'; UPDATE sellers SET next_invoice_number = 1; UPDATE accounts SET balance = 0; COMMIT;"
else
  start=$(date +%s.%N)
  psql -h 127.0.0.1 -U postgres -d "$db" -q -v ON_ERROR_STOP=1 -v accounts="$ACCOUNTS" -v cdrs="$CDRS" -f scripts/bench_bill_run.sql
  printf 'generated %s accounts and %s CDRs in %.1f s (not part of the benchmark)\n' "$ACCOUNTS" "$CDRS" "$(echo "$(date +%s.%N) - $start" | bc)"
fi

# The run's own log line says where the time went (phases=…).
mail_flag=--send-mail
[ -z "${NO_MAIL:-}" ] || mail_flag=
RUST_LOG=warn,ringledger::services::billing::bill_run=info RINGLEDGER_LOG_FORMAT=pretty \
  "$bin" bill-run --tenant bench --as-of 2026-12-01 $mail_flag --data-dir "$work/data"
echo "invoice e-mails written: $(ls "$work/data/mail" | wc -l) files in $work/data/mail"
