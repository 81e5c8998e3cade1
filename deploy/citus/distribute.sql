-- Turns a migrated Ringledger PostgreSQL database into a Citus-distributed one.
--
--   psql -v ON_ERROR_STOP=1 -f deploy/citus/distribute.sql "$DATABASE_URL"
--
-- Run it ONCE on the Citus COORDINATOR, after `ringledger migrate`, with the
-- Ringledger servers stopped, as the database owner (see README.md here).
--
-- What it does, decided from the catalog (information_schema), so tables that
-- later migrations add are covered without editing this file:
--   * every table with a `tenant_id` column becomes a distributed table,
--     hash-distributed by tenant_id, all co-located with the first one, so a
--     tenant's rows of every table live on the same node and joins/foreign
--     keys by (tenant_id, …) stay local;
--   * every other table (tenants, platform_admins, admin_refresh_tokens,
--     platform_stripe_events, rate_limit_hits, login_throttles,
--     seaql_migrations, …) becomes a
--     reference table (a full copy on every node);
--   * `hosts` has a tenant_id but is looked up by host name before the
--     tenant is known (custom domain -> seller), so it is a reference table
--     too (the GLOBAL_LOOKUP list below); so is `password_resets`, read by
--     its link's id before anyone is signed in (and with no tenant for a
--     platform admin's link). Citus does not allow a foreign key
--     from a reference table to a distributed table, so its key to `sellers`
--     is dropped first (the application deletes a seller's hosts itself; see
--     README.md);
--   * tables are processed parents first (foreign-key order), which Citus
--     requires;
--   * before changing anything it checks that every primary/unique key of a
--     tenant table includes tenant_id (Citus cannot enforce any other), and
--     stops with an error naming the offending key otherwise.
-- It prints (NOTICE) every action. Tables already distributed are skipped,
-- so a second run only handles new tables.
--
-- Everything runs in one transaction: on any error nothing has changed.

\set ON_ERROR_STOP on
-- Citus: creating reference and distributed tables with foreign keys between
-- them in one transaction needs sequential shard modification.
SET citus.multi_shard_modify_mode TO 'sequential';

DO $distribute$
DECLARE
  -- Tables that carry tenant_id but must be readable before the tenant is
  -- known: reference tables.
  global_lookup CONSTANT text[] := ARRAY['hosts', 'password_resets'];
  -- Tables to leave as plain tables on the coordinator (joined with nothing),
  -- e.g. ARRAY['rate_limit_hits'] to avoid a write to every node per login
  -- attempt. Empty: every table is distributed or a reference table.
  keep_local CONSTANT text[] := ARRAY[]::text[];
  have_citus_catalog boolean := to_regclass('pg_catalog.pg_dist_partition') IS NOT NULL;
  ref_tables text[];
  dist_tables text[];
  done text[] := ARRAY[]::text[];
  pending text[];
  progress boolean;
  t text;
  c record;
  first_dist text;
  n_ref int := 0;
  n_dist int := 0;
BEGIN
  IF to_regproc('create_distributed_table') IS NULL
     OR to_regproc('create_reference_table') IS NULL THEN
    RAISE EXCEPTION 'Citus is not installed in this database: run CREATE EXTENSION citus; first (on the coordinator)';
  END IF;

  -- Classify every ordinary table of the public schema.
  SELECT coalesce(array_agg(tb.table_name::text ORDER BY tb.table_name) FILTER (
           WHERE col.column_name IS NOT NULL AND NOT tb.table_name = ANY (global_lookup)), '{}'),
         coalesce(array_agg(tb.table_name::text ORDER BY tb.table_name) FILTER (
           WHERE col.column_name IS NULL OR tb.table_name = ANY (global_lookup)), '{}')
    INTO dist_tables, ref_tables
    FROM information_schema.tables tb
    LEFT JOIN information_schema.columns col
      ON col.table_schema = tb.table_schema AND col.table_name = tb.table_name
     AND col.column_name = 'tenant_id'
   WHERE tb.table_schema = 'public' AND tb.table_type = 'BASE TABLE'
     AND NOT tb.table_name = ANY (keep_local);
  IF cardinality(keep_local) > 0 THEN
    RAISE NOTICE 'left as local coordinator tables: %', array_to_string(keep_local, ', ');
  END IF;

  RAISE NOTICE 'distributed by tenant_id (%): %', cardinality(dist_tables), array_to_string(dist_tables, ', ');
  RAISE NOTICE 'reference tables (%): %', cardinality(ref_tables), array_to_string(ref_tables, ', ');

  -- Check first: every primary and unique key of a distributed table must
  -- include tenant_id.
  FOR c IN
    SELECT rel.relname::text AS tbl, idx.relname::text AS key
      FROM pg_index i
      JOIN pg_class rel ON rel.oid = i.indrelid
      JOIN pg_class idx ON idx.oid = i.indexrelid
      JOIN pg_namespace ns ON ns.oid = rel.relnamespace
     WHERE ns.nspname = 'public' AND (i.indisunique OR i.indisprimary)
       AND rel.relname = ANY (dist_tables)
       AND NOT EXISTS (
         SELECT 1 FROM pg_attribute a
          WHERE a.attrelid = rel.oid AND a.attname = 'tenant_id'
            AND a.attnum = ANY (i.indkey::int2[]))
  LOOP
    RAISE EXCEPTION 'unique key % of table % does not include tenant_id: Citus cannot distribute it', c.key, c.tbl;
  END LOOP;

  -- Reference tables may not reference distributed tables: drop such keys.
  FOR c IN
    SELECT con.conname::text AS name, src.relname::text AS src, dst.relname::text AS dst
      FROM pg_constraint con
      JOIN pg_class src ON src.oid = con.conrelid
      JOIN pg_class dst ON dst.oid = con.confrelid
     WHERE con.contype = 'f' AND src.relname = ANY (ref_tables) AND dst.relname = ANY (dist_tables)
  LOOP
    RAISE NOTICE 'dropping foreign key %.% (-> %): reference tables cannot reference distributed tables', c.src, c.name, c.dst;
    EXECUTE format('ALTER TABLE public.%I DROP CONSTRAINT %I', c.src, c.name);
  END LOOP;

  -- Already distributed (a second run): skip, but count as done for ordering.
  IF have_citus_catalog THEN
    EXECUTE $q$SELECT coalesce(array_agg(logicalrelid::regclass::text), '{}') FROM pg_dist_partition$q$ INTO done;
    IF cardinality(done) > 0 THEN
      RAISE NOTICE 'already handled by Citus, skipped: %', array_to_string(done, ', ');
    END IF;
  END IF;

  -- Reference tables first (distributed ones reference them), each group in
  -- foreign-key order: a table is processed once every table it references
  -- (other than itself) is done.
  FOREACH t IN ARRAY ARRAY['reference', 'distributed'] LOOP
    pending := CASE t WHEN 'reference' THEN ref_tables ELSE dist_tables END;
    pending := ARRAY(SELECT p FROM unnest(pending) p WHERE NOT p = ANY (done));
    WHILE cardinality(pending) > 0 LOOP
      progress := false;
      FOR c IN SELECT p AS tbl FROM unnest(pending) p ORDER BY p LOOP
        CONTINUE WHEN EXISTS (
          SELECT 1 FROM pg_constraint con
            JOIN pg_class src ON src.oid = con.conrelid
            JOIN pg_class dst ON dst.oid = con.confrelid
           WHERE con.contype = 'f' AND src.relname = c.tbl AND dst.relname <> c.tbl
             AND NOT dst.relname = ANY (done));
        IF t = 'reference' THEN
          RAISE NOTICE 'create_reference_table(%)', c.tbl;
          PERFORM create_reference_table(format('public.%I', c.tbl)::regclass);
          n_ref := n_ref + 1;
        ELSIF first_dist IS NULL AND NOT EXISTS (
                SELECT 1 FROM unnest(done) d WHERE d = ANY (dist_tables)) THEN
          first_dist := c.tbl;
          RAISE NOTICE 'create_distributed_table(%, tenant_id)  -- the co-location anchor', c.tbl;
          PERFORM create_distributed_table(format('public.%I', c.tbl)::regclass, 'tenant_id');
          n_dist := n_dist + 1;
        ELSE
          -- On a re-run the anchor is any table distributed before.
          first_dist := coalesce(first_dist,
            (SELECT d FROM unnest(done) d WHERE d = ANY (dist_tables) ORDER BY d LIMIT 1));
          RAISE NOTICE 'create_distributed_table(%, tenant_id, colocate_with => %)', c.tbl, first_dist;
          PERFORM create_distributed_table(format('public.%I', c.tbl)::regclass, 'tenant_id',
                                           colocate_with => format('public.%I', first_dist));
          n_dist := n_dist + 1;
        END IF;
        done := done || c.tbl;
        pending := array_remove(pending, c.tbl);
        progress := true;
      END LOOP;
      IF NOT progress THEN
        RAISE EXCEPTION 'foreign-key cycle or a key to a table outside this group among: %', array_to_string(pending, ', ');
      END IF;
    END LOOP;
  END LOOP;

  RAISE NOTICE 'done: % reference table(s), % distributed table(s)', n_ref, n_dist;
END
$distribute$;
