-- Data for the bill-run benchmark (scripts/bench-bill-run.sh): one operator
-- (slug `bench`), :accounts postpaid customers billed on the 1st, each with
-- a SIP service on a 10.00 plan, and :cdrs rated November calls spread over
-- them. Deterministic (ids from md5), generated inside PostgreSQL.
\set tenant '''00000000-0000-7000-8000-0000000000b1'''
\set seller '''00000000-0000-7000-8000-0000000000b2'''
\set plan '''00000000-0000-7000-8000-0000000000b3'''
BEGIN;
INSERT INTO tenants VALUES (:tenant, 'bench', 'Bench Telecom', 'USD', 'US', 'active', '2026-10-01', '2026-10-01');
INSERT INTO sellers (tenant_id, id, kind, parent_id, slug, name, primary_color, accent_color, support_email, created_at, account_kind)
  VALUES (:tenant, :seller, 'operator', NULL, 'bench', 'Bench Telecom', '#1d4ed8', '#f59e0b', NULL, '2026-10-01', 'postpaid');
INSERT INTO plans VALUES (:tenant, :plan, 'SIP', 'sip', NULL, 10.00, 'USD', true, '2026-10-01');
INSERT INTO customers
  SELECT :tenant, md5('c' || i)::uuid, :seller, 'c' || i || '@bench.test', 'Customer ' || i, 'x', 'active', '2026-10-01', '2026-10-01', '', ''
  FROM generate_series(1, :accounts) i;
INSERT INTO accounts
  SELECT :tenant, md5('a' || i)::uuid, md5('c' || i)::uuid, :seller, 'postpaid', 'USD', 0, 100, 1, 'active', '2026-10-01', NULL
  FROM generate_series(1, :accounts) i;
INSERT INTO account_services
  SELECT :tenant, md5('s' || i)::uuid, md5('a' || i)::uuid, 'sip', :plan, NULL, 'active', '2026-10-01', NULL
  FROM generate_series(1, :accounts) i;
INSERT INTO cdrs
  SELECT :tenant, md5('x' || n)::uuid, 'call-' || n, md5('a' || a)::uuid, md5('s' || a)::uuid, 'sip', 'u' || a,
         '1555' || (n % 10000), timestamptz '2026-11-01 00:00:00+00' + ((n::bigint * 7919) % 2592000) * interval '1 second',
         60 + n % 300, 'audio', 'rated', NULL, '1', 60 + 6 * ((n % 300) / 6), 0, round((60 + 6 * ((n % 300) / 6)) * 0.05 / 60, 4), now()
  FROM (SELECT n, 1 + (n % :accounts) AS a FROM generate_series(1, :cdrs) n) s;
COMMIT;
ANALYZE;
