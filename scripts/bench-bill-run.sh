#!/usr/bin/env bash
# Benchmark for issues 6 and 23: a bill run over ACCOUNTS accounts with CDRS
# rated calls on PostgreSQL (a fresh database on 127.0.0.1:5432, dropped
# afterwards). Prints the data generation time, the bill run's time and
# where it went (phases=…), and — separately — the time to render and send
# every invoice e-mail with its PDF (to files).
#   scripts/bench-bill-run.sh                        # 100,000 accounts, 10,000,000 CDRs
#   ACCOUNTS=10000 CDRS=1000000 scripts/bench-bill-run.sh
#   KEEP_DB=1 …          keeps the generated database (its name is printed)
#   REUSE_DB=name …      runs again on a kept database (its runs and invoices reset)
#   NO_MAIL=1 …          skips rendering and sending the e-mails
#   BENCH_TCP=1 …        connects over TCP 127.0.0.1:5432 (default: the Unix
#                        socket /var/run/postgresql when there is one); TCP sets
#                        TCP_NODELAY through the patched vendor/sqlx-core (issue 23)
#   BENCH_BOTH=1 …       bills the same data over the Unix socket, resets it,
#                        bills it over TCP, and prints both side by side
#                        (the e-mails, unless NO_MAIL=1, after the TCP run only)
#   BENCH_BIN=path …     runs that binary instead of building one
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

socket=/var/run/postgresql
unix_url="postgres://postgres@localhost/$db?host=$socket"
tcp_url="postgres://postgres@127.0.0.1:5432/$db"
have_socket() { [ -S "$socket/.s.PGSQL.5432" ]; }
if [ -n "${BENCH_BOTH:-}" ] && ! have_socket; then
  echo "BENCH_BOTH=1 needs the Unix socket $socket/.s.PGSQL.5432" >&2
  exit 1
fi

# BENCH_BIN=path runs that binary instead of building (e.g. a copy built
# without a patch, to compare).
bin="${BENCH_BIN:-${CARGO_TARGET_DIR:-target}/release/ringledger}"
[ -n "${BENCH_BIN:-}" ] || cargo build --release -p ringledger >/dev/null
DATABASE_URL="$tcp_url" "$bin" migrate --data-dir "$work/data" >/dev/null

# Everything a bill run writes goes; the generated data stays. Vacuumed so
# that every run starts from the same tables.
reset() {
  psql -h 127.0.0.1 -U postgres -d "$db" -q -v ON_ERROR_STOP=1 <<'SQL'
BEGIN;
DELETE FROM payments;
DELETE FROM outbound_emails;
DELETE FROM invoice_lines;
DELETE FROM invoices;
DELETE FROM bill_runs;
DELETE FROM postings WHERE journal_id IN (SELECT id FROM journals WHERE kind = 'invoice');
DELETE FROM journals WHERE kind = 'invoice';
UPDATE sellers SET next_invoice_number = 1;
UPDATE accounts SET balance = 0 WHERE balance <> 0;
COMMIT;
VACUUM ANALYZE payments, outbound_emails, invoice_lines, invoices, bill_runs, postings, journals, sellers, accounts;
SQL
}

if [ -n "${REUSE_DB:-}" ]; then
  reset
else
  start=$(date +%s.%N)
  psql -h 127.0.0.1 -U postgres -d "$db" -q -v ON_ERROR_STOP=1 -v accounts="$ACCOUNTS" -v cdrs="$CDRS" -f scripts/bench_bill_run.sql
  printf 'generated %s accounts and %s CDRs in %.1f s (not part of the benchmark)\n' "$ACCOUNTS" "$CDRS" "$(echo "$(date +%s.%N) - $start" | bc)"
fi

# One bill run over `$1` (unix|tcp), with the e-mails when `$2` is set;
# its output is kept in $work/$1.log. The run's own log line says where
# the time went (phases=…).
bill() {
  local url=$tcp_url what="TCP 127.0.0.1:5432"
  if [ "$1" = unix ]; then url=$unix_url what="the Unix socket $socket"; fi
  echo "== bill run over $what"
  local mail_flag=
  [ -z "$2" ] || mail_flag=--send-mail
  DATABASE_URL="$url" RUST_LOG=warn,ringledger_core::services::billing::bill_run=info RINGLEDGER_LOG_FORMAT=pretty \
    "$bin" bill-run --tenant bench --as-of 2026-12-01 $mail_flag --data-dir "$work/data" 2>&1 | tee "$work/$1.log"
  if [ -n "$2" ]; then
    echo "invoice e-mails written: $(ls "$work/data/mail" 2>/dev/null | wc -l) files in $work/data/mail"
  fi
}
# The bill run's seconds and the e-mail drain's, from a run's output.
run_secs() { sed -n 's/^bill run as of .* in \([0-9.]*\) s$/\1/p' "$work/$1.log"; }
mail_secs() { sed -n 's/^invoice e-mails .* drained \([0-9.]*\) s after the run$/\1/p' "$work/$1.log"; }

mail=yes
[ -z "${NO_MAIL:-}" ] || mail=
if [ -n "${BENCH_BOTH:-}" ]; then
  bill unix ""
  reset
  bill tcp "$mail"
  u=$(run_secs unix) t=$(run_secs tcp)
  echo "== $(sed -n 's/^bill run as of [^:]*: \([0-9]*\) accounts.*/\1/p' "$work/unix.log") accounts (same data, reset between the runs)"
  printf '%-22s %8s\n' "bill run over" "seconds"
  printf '%-22s %8s\n' "Unix socket" "$u" "TCP 127.0.0.1:5432" "$t"
  printf 'TCP / Unix socket: %.2fx\n' "$(echo "$t / $u" | bc -l)"
  [ -z "$mail" ] || printf 'invoice e-mails with their PDFs (after the TCP run): %s s\n' "$(mail_secs tcp)"
elif [ -z "${BENCH_TCP:-}" ] && have_socket; then
  echo "(BENCH_TCP=1 for TCP, BENCH_BOTH=1 for both)"
  bill unix "$mail"
else
  bill tcp "$mail"
fi
