#!/usr/bin/env bash
# Validates, offline, what can be validated of the deployment kit in deploy/
# on a machine without Docker or Kubernetes. Exits non-zero on any failure.
#
#   scripts/check-deploy.sh            # check deploy/
#   DEPLOY_DIR=/tmp/copy scripts/check-deploy.sh   # check another copy
#
# What it checks:
#   1. Kubernetes: renders deploy/k8s/base and overlays/production (a subset
#      kustomize renderer in deploy/check_deploy.py: no kustomize is
#      installable from PyPI/npm/crates.io) and validates every resource
#      strictly against the Kubernetes JSON schemas of 1.29 and 1.37
#      (PyPI kubernetes-validate, which bundles them: no network needed), plus
#      cross-references (selectors, ConfigMap/Secret keys, Service, Ingress,
#      HPA and PDB targets, probes, runAsNonRoot, overlay image tags).
#   2. compose.yaml: parses; depends_on names defined services with valid
#      conditions; services waited on as healthy have a healthcheck; named
#      volumes declared; web runs RINGLEDGER_JOBS=none and worker =all.
#   3. Every RINGLEDGER_* variable used anywhere in deploy/ is a real setting
#      (a field of Settings in backend/core/src/config.rs, or RINGLEDGER_CONFIG).
#   4. Dockerfile: the files it copies exist, non-root user, EXPOSE 8080,
#      HEALTHCHECK on /healthz, ENTRYPOINT.
#   5. Grafana JSON parses, every query uses only Ringledger's metric names
#      and each metric has a panel; prometheus.yml parses.
#   6. deploy/citus/distribute.sql parses (PyPI pglast = PostgreSQL's parser),
#      and, when the local PostgreSQL and a built `ringledger` binary are
#      available, RUNS it on a freshly migrated throwaway database with stub
#      create_distributed_table/create_reference_table functions that record
#      their calls, then asserts the outcome (see citus_logic_test below).
#      Set CHECK_DEPLOY_REQUIRE_PG=1 to fail instead of skipping that part.
#
# Python tools go into tools/.venv-deploy (created once; later runs reuse it).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
deploy="${DEPLOY_DIR:-$root/deploy}"
venv="$root/tools/.venv-deploy"
py="$venv/bin/python"
status=0

say() { printf '\n\033[1;34m==>\033[0m %s\n' "$*"; }
ok() { printf '  ok    %s\n' "$*"; }
bad() { printf '  \033[1;31mFAIL\033[0m  %s\n' "$*"; status=1; }
skip() { printf '  \033[1;33mSKIP\033[0m  %s\n' "$*"; }

# ------------------------------------------------------------------ tools --
if ! "$py" -c 'import yaml, kubernetes_validate, pglast' 2>/dev/null; then
  say "installing the checkers into $venv (PyPI: pyyaml, kubernetes-validate, pglast; once)"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check \
    'pyyaml>=6' 'kubernetes-validate>=1.31' 'pglast>=7'
fi

# --------------------------------------------- manifests, compose, grafana --
say "deploy kit: $deploy"
"$py" "$root/deploy/check_deploy.py" --deploy-dir "$deploy" || status=1

# ------------------------------------------------------------ settings names --
say "RINGLEDGER_* variables used in deploy/ (not deploy/switches/: the switch kits) are real settings (backend/core/src/config.rs)"
fields="$(awk '/^pub struct Settings/,/^}/' backend/core/src/config.rs \
  | sed -n 's/^ *pub \([a-z_0-9]*\):.*/\1/p' | tr 'a-z' 'A-Z')"
used="$(grep -rhoE 'RINGLEDGER_[A-Z0-9_]+' "$deploy" --exclude-dir=switches --include='*.yaml' --include='*.yml' \
  --include='Dockerfile' --include='*.example' --include='*.md' --include='*.sql' | sort -u)"
unknown=0
for v in $used; do
  name="${v#RINGLEDGER_}"
  case "$name" in CONFIG|TEST_PG_URL|IMAGE) continue ;; esac  # not settings: the config file path, the test suite's URL, the compose image variable
  if ! grep -qx "$name" <<<"$fields"; then
    bad "$v is not a setting of the server"; unknown=1
  fi
done
[ "$unknown" = 0 ] && ok "$(wc -w <<<"$used") names, all known: $(tr '\n' ' ' <<<"$used")"

# ---------------------------------------------------------------- Dockerfile --
say "Dockerfile (static checks; no Docker engine here to build it)"
df="$deploy/Dockerfile"
for f in tools/package.json tools/package-lock.json scripts/build-frontend.sh Cargo.lock; do
  [ -e "$root/$f" ] && ok "copied file exists: $f" || bad "Dockerfile needs $f, which does not exist"
done
grep -q 'wasm-bindgen-cli --version "${WASM_BINDGEN_VERSION}"' "$df" || bad "wasm-bindgen-cli install missing"
# scripts/build-frontend.sh cuts the bundles with wasm-split-cli: the image
# installs the version scripts/setup.sh does.
setup_split="$(sed -n 's/^WASM_SPLIT_VERSION=\([0-9.]*\).*/\1/p' "$root/scripts/setup.sh")"
grep -q "ARG WASM_SPLIT_VERSION=$setup_split" "$df" && grep -q 'wasm_split_cli_support --version "${WASM_SPLIT_VERSION}"' "$df" \
  && ok "wasm-split-cli $setup_split installed, as scripts/setup.sh does" \
  || bad "Dockerfile must install wasm-split-cli $setup_split (scripts/setup.sh's WASM_SPLIT_VERSION)"
lock_bindgen="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)"
grep -q "ARG WASM_BINDGEN_VERSION=$lock_bindgen" "$df" \
  && ok "WASM_BINDGEN_VERSION matches Cargo.lock ($lock_bindgen)" \
  || bad "Dockerfile WASM_BINDGEN_VERSION differs from Cargo.lock's wasm-bindgen $lock_bindgen"
for pat in '^FROM debian:bookworm-slim' '^USER 10001' '^EXPOSE 8080' '^HEALTHCHECK' '/healthz' \
           '^ENTRYPOINT \["/usr/local/bin/ringledger"\]' 'RINGLEDGER_STATIC_DIR=/usr/share/ringledger/static' \
           'RINGLEDGER_BIND=0.0.0.0'; do
  grep -qE "$pat" "$df" && ok "Dockerfile has $pat" || bad "Dockerfile lacks $pat"
done
# The static dir in the image must be the one the manifests configure.
grep -q 'RINGLEDGER_STATIC_DIR: "/usr/share/ringledger/static"' "$deploy/k8s/base/configmap.yaml" \
  && ok "ConfigMap static dir = image static dir" || bad "ConfigMap RINGLEDGER_STATIC_DIR differs from the image"

# ------------------------------------------------------------ citus logic --
say "Citus script logic (runs distribute.sql on a migrated throwaway database with recording stubs)"
pg_url_base="${RINGLEDGER_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432}"
bin="${RINGLEDGER_BIN:-}"
if [ -z "$bin" ]; then
  for b in target/debug/ringledger target/release/ringledger; do
    [ -x "$b" ] && { bin="$root/$b"; break; }
  done
fi
cleanup_db="" cleanup_tmp=""
cleanup() {
  if [ -n "$cleanup_db" ]; then
    psql -X -q "$pg_url_base/postgres" -c "DROP DATABASE IF EXISTS $cleanup_db WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  [ -z "$cleanup_tmp" ] || rm -rf "$cleanup_tmp"
}
citus_logic_test() {
  local db="rl_deploy_check_$$" tmp
  tmp="$(mktemp -d)"
  # Always drop the throwaway database, however the script ends.
  cleanup_db="$db" cleanup_tmp="$tmp"
  trap cleanup EXIT
  psql -q "$pg_url_base/postgres" -c "CREATE DATABASE $db" >/dev/null
  DATABASE_URL="$pg_url_base/$db" "$bin" migrate --data-dir "$tmp/data" >"$tmp/migrate.log" 2>&1 \
    || { bad "ringledger migrate failed: $(tail -3 "$tmp/migrate.log")"; return; }
  ok "migrated $db with $bin"
  local q=(psql -X -q -v ON_ERROR_STOP=1 "$pg_url_base/$db")
  # Stubs with Citus' signatures that record each call, in their own schema
  # (the script only looks at `public`).
  "${q[@]}" <<'SQL'
CREATE SCHEMA citus_stub;
CREATE TABLE citus_stub.calls (seq serial PRIMARY KEY, fn text NOT NULL, tbl text NOT NULL,
                               dist_col text, colocate_with text);
CREATE FUNCTION citus_stub.create_reference_table(table_name regclass) RETURNS void
  LANGUAGE sql AS $$ INSERT INTO citus_stub.calls (fn, tbl) VALUES ('reference', table_name::text) $$;
CREATE FUNCTION citus_stub.create_distributed_table(table_name regclass, distribution_column text,
                                                    colocate_with text DEFAULT 'default') RETURNS void
  LANGUAGE sql AS $$ INSERT INTO citus_stub.calls (fn, tbl, dist_col, colocate_with)
                     VALUES ('distributed', table_name::text, distribution_column, colocate_with) $$;
-- A table a future migration might add: it must be covered without editing the script.
CREATE TABLE public.zz_future_feature (tenant_id uuid NOT NULL REFERENCES tenants (id),
                                       id uuid NOT NULL, PRIMARY KEY (tenant_id, id));
-- A key Citus could not enforce: the script must refuse and change nothing.
CREATE TABLE public.zz_bad_key (tenant_id uuid NOT NULL, code text NOT NULL UNIQUE);
SQL
  export PGOPTIONS="-c search_path=public,citus_stub"
  if "${q[@]}" -f "$deploy/citus/distribute.sql" >"$tmp/bad.log" 2>&1; then
    bad "distribute.sql accepted a unique key without tenant_id (zz_bad_key)"
  elif grep -q 'zz_bad_key' "$tmp/bad.log" \
       && [ "$("${q[@]}" -Atc 'SELECT count(*) FROM citus_stub.calls')" = 0 ]; then
    ok "refuses a unique key without tenant_id, names it, changes nothing"
  else
    bad "distribute.sql failed on zz_bad_key without naming it or left calls behind: $(tail -2 "$tmp/bad.log")"
  fi
  "${q[@]}" -c 'DROP TABLE public.zz_bad_key'
  if ! "${q[@]}" -f "$deploy/citus/distribute.sql" >"$tmp/run.log" 2>&1; then
    bad "distribute.sql failed: $(tail -5 "$tmp/run.log")"; unset PGOPTIONS; return
  fi
  unset PGOPTIONS
  sed -n 's/^.*NOTICE:  /        /p' "$tmp/run.log" | sed -n 1,4p
  echo "        … ($(grep -c NOTICE "$tmp/run.log") lines of NOTICE)"
  # Assertions, each a query returning the offending rows (empty = pass).
  local name sql out
  while IFS='|' read -r name sql; do
    [ -n "$name" ] || continue
    out="$("${q[@]}" -Atc "$sql" 2>&1)" || { bad "$name: query failed: $out"; continue; }
    if [ -z "$out" ]; then ok "$name"; else bad "$name: $(tr '\n' ' ' <<<"$out")"; fi
  done <<'CHECKS'
every public table with tenant_id (except the global lookups hosts, password_resets) distributed exactly once by tenant_id|WITH want AS (SELECT table_name::text t FROM information_schema.columns WHERE table_schema='public' AND column_name='tenant_id' AND table_name NOT IN ('hosts', 'password_resets')), got AS (SELECT tbl t, count(*) n, bool_and(dist_col='tenant_id') by_tid FROM citus_stub.calls WHERE fn='distributed' GROUP BY tbl) SELECT coalesce(w.t, g.t) FROM want w FULL JOIN got g ON g.t=w.t WHERE w.t IS NULL OR g.t IS NULL OR g.n<>1 OR NOT g.by_tid
every other public table (hosts, password_resets, tenants, platform tables, seaql_migrations) made a reference table exactly once|WITH want AS (SELECT table_name::text t FROM information_schema.tables tb WHERE table_schema='public' AND table_type='BASE TABLE' AND (table_name IN ('hosts', 'password_resets') OR NOT EXISTS (SELECT 1 FROM information_schema.columns c WHERE c.table_schema='public' AND c.table_name=tb.table_name AND c.column_name='tenant_id'))), got AS (SELECT tbl t, count(*) n FROM citus_stub.calls WHERE fn='reference' GROUP BY tbl) SELECT coalesce(w.t, g.t) FROM want w FULL JOIN got g ON g.t=w.t WHERE w.t IS NULL OR g.t IS NULL OR g.n<>1
expected reference tables present (tenants, hosts, platform_admins, seaql_migrations)|SELECT x FROM unnest(ARRAY['tenants','hosts','platform_admins','seaql_migrations']) x WHERE NOT EXISTS (SELECT 1 FROM citus_stub.calls WHERE fn='reference' AND tbl=x)
a table added later (zz_future_feature) is covered|SELECT 'zz_future_feature' WHERE NOT EXISTS (SELECT 1 FROM citus_stub.calls WHERE tbl='zz_future_feature' AND fn='distributed')
all distributed tables co-located with the first one|WITH f AS (SELECT tbl FROM citus_stub.calls WHERE fn='distributed' ORDER BY seq LIMIT 1) SELECT c.tbl||' colocate_with='||c.colocate_with FROM citus_stub.calls c, f WHERE c.fn='distributed' AND c.tbl<>f.tbl AND c.colocate_with<>'public.'||f.tbl UNION ALL SELECT 'anchor '||c.tbl||' has colocate_with='||c.colocate_with FROM citus_stub.calls c, f WHERE c.tbl=f.tbl AND c.colocate_with<>'default'
reference tables before distributed ones|SELECT r.tbl FROM citus_stub.calls r WHERE r.fn='reference' AND r.seq > (SELECT min(seq) FROM citus_stub.calls WHERE fn='distributed')
every table processed after the tables its foreign keys reference|SELECT s.tbl||' before '||d.tbl FROM pg_constraint con JOIN pg_class sc ON sc.oid=con.conrelid JOIN pg_class dc ON dc.oid=con.confrelid JOIN pg_namespace n ON n.oid=sc.relnamespace JOIN citus_stub.calls s ON s.tbl=sc.relname::text JOIN citus_stub.calls d ON d.tbl=dc.relname::text WHERE con.contype='f' AND n.nspname='public' AND sc.oid<>dc.oid AND s.seq<d.seq
no foreign key left from a reference table to a distributed table (hosts -> sellers dropped)|SELECT sc.relname||' -> '||dc.relname FROM pg_constraint con JOIN pg_class sc ON sc.oid=con.conrelid JOIN pg_class dc ON dc.oid=con.confrelid JOIN citus_stub.calls s ON s.tbl=sc.relname::text AND s.fn='reference' JOIN citus_stub.calls d ON d.tbl=dc.relname::text AND d.fn='distributed' WHERE con.contype='f'
every tenant table keeps row-level security (the policies must survive distribution)|SELECT c.relname FROM pg_class c JOIN citus_stub.calls k ON k.tbl=c.relname::text AND k.fn='distributed' WHERE c.relnamespace='public'::regnamespace AND NOT c.relrowsecurity AND c.relname<>'zz_future_feature'
CHECKS
  cleanup
  cleanup_db="" cleanup_tmp=""
}
if [ -z "$bin" ]; then
  msg="no built ringledger binary (target/debug or target/release; or set RINGLEDGER_BIN) to migrate a database"
  if [ "${CHECK_DEPLOY_REQUIRE_PG:-}" = 1 ]; then bad "$msg"; else skip "$msg"; fi
elif ! psql -X -q "$pg_url_base/postgres" -c 'SELECT 1' >/dev/null 2>&1; then
  msg="PostgreSQL at $pg_url_base is not reachable"
  if [ "${CHECK_DEPLOY_REQUIRE_PG:-}" = 1 ]; then bad "$msg"; else skip "$msg"; fi
else
  citus_logic_test
fi

# ------------------------------------------------------------- not here --
say "not checkable on this machine (no Docker engine, no cluster, no Citus):"
echo "  docker build / docker compose up, kubectl apply, the real kustomize binary, Citus itself."
echo "  deploy/README.md tells an operator how to run each."

if [ "$status" = 0 ]; then
  printf '\n\033[1;32mdeploy checks passed\033[0m\n'
else
  printf '\n\033[1;31mdeploy checks FAILED\033[0m\n'
fi
exit "$status"
