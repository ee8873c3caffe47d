-- Demo data for the reference schema. psql variables: ledger_rows, job_rows, user_count.
-- Deterministic (setseed). The last hour is denser than the rest of the week (20% of the
-- ledger), about 2% of calls are rate-limited, a few users are much busier than the rest.
--
-- Bulk-load manners (10M ledger rows in minutes, not tens of minutes): float arithmetic rather
-- than numeric, ids given rather than drawn from the sequence one by one, and the secondary
-- indexes of the two big tables dropped during the load and rebuilt after it (their
-- definitions are read from the catalog, so db/schema.sql stays the one place they are named).
SELECT setseed(0.42) \g /dev/null
SET maintenance_work_mem = '256MB';
SELECT (:ledger_rows * 4 / 5)::bigint AS week_rows \gset

TRUNCATE gmail_api_calls, jobs, cleanup_runs, user_integrations RESTART IDENTITY;

CREATE TEMP TABLE seed_secondary_indexes AS
SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
FROM pg_index i
WHERE i.indrelid IN ('gmail_api_calls'::regclass, 'jobs'::regclass)
  AND NOT i.indisprimary AND NOT i.indisunique;
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT name FROM seed_secondary_indexes LOOP
    EXECUTE format('DROP INDEX %s', r.name);
  END LOOP;
END $$;

-- Integrations: a gmail and a calendar integration per user.
INSERT INTO user_integrations (user_id, provider, status, token_expires_at, last_synced_at)
SELECT 'user-' || lpad(u::text, 6, '0'), p,
       CASE WHEN r < 0.90 THEN 'active' WHEN r < 0.95 THEN 'expired' WHEN r < 0.98 THEN 'revoked' ELSE 'error' END,
       now() + (random() * 72 - 2) * interval '1 hour',
       now() - random() * interval '6 hours'
FROM generate_series(1, :user_count) u
CROSS JOIN (VALUES ('gmail'), ('calendar')) AS providers(p)
CROSS JOIN LATERAL (SELECT random() AS r) rr;

-- The Gmail API call ledger, ids increasing with time.
INSERT INTO gmail_api_calls (id, called_at, user_id, method, status_code, error_reason, latency_ms, quota_units)
SELECT g, t.called_at,
       'user-' || lpad((1 + floor(power(random(), 3) * :user_count))::int::text, 6, '0'),
       m.method,
       e.status_code, e.error_reason,
       (20 + random() * 180 + CASE WHEN random() < 0.01 THEN 2000 ELSE 0 END)::int,
       NULL
FROM generate_series(1, :ledger_rows) g
CROSS JOIN LATERAL (
  SELECT CASE WHEN g <= :week_rows
              THEN now() - interval '7 days' + (g::float8 / :week_rows) * interval '167 hours'
              ELSE now() - interval '1 hour' + ((g - :week_rows)::float8 / greatest(:ledger_rows - :week_rows, 1)) * interval '1 hour'
         END AS called_at,
         random() AS rm, random() AS re
) t
CROSS JOIN LATERAL (
  SELECT CASE WHEN t.rm < 0.30 THEN 'users.messages.list'
              WHEN t.rm < 0.60 THEN 'users.messages.get'
              WHEN t.rm < 0.72 THEN 'users.history.list'
              WHEN t.rm < 0.82 THEN 'users.messages.modify'
              WHEN t.rm < 0.88 THEN 'users.messages.batchModify'
              WHEN t.rm < 0.93 THEN 'users.messages.trash'
              WHEN t.rm < 0.96 THEN 'users.threads.list'
              WHEN t.rm < 0.98 THEN 'users.labels.list'
              WHEN t.rm < 0.99 THEN 'users.messages.delete'
              ELSE 'users.messages.send' END AS method
) m
CROSS JOIN LATERAL (
  SELECT CASE WHEN t.re < 0.012 THEN 429::smallint
              WHEN t.re < 0.020 THEN 403::smallint
              WHEN t.re < 0.023 THEN 401::smallint
              WHEN t.re < 0.027 THEN 503::smallint
              WHEN t.re < 0.029 THEN 0::smallint
              ELSE 200::smallint END AS status_code,
         CASE WHEN t.re < 0.012 THEN 'rateLimitExceeded'
              WHEN t.re < 0.020 THEN 'userRateLimitExceeded'
              WHEN t.re < 0.023 THEN 'authError'
              WHEN t.re < 0.027 THEN 'backendError'
              WHEN t.re < 0.029 THEN 'network'
              ELSE NULL END AS error_reason
) e;

-- Jobs: mostly done, a live queue, a few stuck in processing, some failed.
INSERT INTO jobs (id, user_id, kind, status, priority, attempts, created_at, updated_at, last_error)
SELECT g, 'user-' || lpad((1 + floor(power(random(), 2) * :user_count))::int::text, 6, '0'),
       (ARRAY['sync', 'sync', 'sync', 'cleanup', 'search'])[1 + floor(random() * 5)::int],
       s.status,
       floor(random() * 3)::smallint,
       CASE WHEN s.status = 'failed' THEN 3 ELSE floor(random() * 2)::int END,
       c.created_at,
       CASE WHEN s.status = 'processing' AND random() < 0.2 THEN c.created_at   -- stuck
            WHEN s.status IN ('done', 'failed') THEN c.created_at + random() * interval '5 minutes'
            ELSE c.created_at END,
       CASE WHEN s.status = 'failed' THEN 'gmail: userRateLimitExceeded' END
FROM generate_series(1, :job_rows) g
CROSS JOIN LATERAL (SELECT now() - interval '7 days' + (g::float8 / :job_rows) * interval '7 days' AS created_at, random() AS r) c
CROSS JOIN LATERAL (
  SELECT CASE WHEN g > :job_rows - greatest(50, :job_rows / 1000) AND c.r < 0.6 THEN 'queued'
              WHEN g > :job_rows - greatest(50, :job_rows / 1000) AND c.r < 0.8 THEN 'processing'
              WHEN c.r < 0.0005 THEN 'processing'
              WHEN c.r < 0.03 THEN 'failed'
              ELSE 'done' END AS status
) s;

-- Cleanup runs over the week, a few still running.
INSERT INTO cleanup_runs (run_id, user_id, policy, status, started_at, finished_at, archived, deleted, marked_read, failed_actions)
SELECT 'run-' || g,
       'user-' || lpad((1 + floor(random() * :user_count))::int::text, 6, '0'),
       (ARRAY['archive-older-than-30d', 'delete-promotions', 'mark-newsletters-read'])[1 + floor(random() * 3)::int],
       st.status,
       st.started_at,
       CASE WHEN st.status = 'running' THEN NULL ELSE st.started_at + random() * interval '10 minutes' END,
       floor(random() * 500)::int, floor(random() * 200)::int, floor(random() * 300)::int,
       CASE WHEN st.status = 'failed' THEN 1 + floor(random() * 20)::int ELSE 0 END
FROM generate_series(1, greatest(100, :job_rows / 20)) g
CROSS JOIN LATERAL (
  SELECT now() - interval '7 days' + (g::float / greatest(100, :job_rows / 20)) * interval '7 days' AS started_at,
         CASE WHEN g > greatest(100, :job_rows / 20) - 5 THEN 'running'
              WHEN random() < 0.05 THEN 'failed'
              WHEN random() < 0.10 THEN 'dry_run'
              ELSE 'completed' END AS status
) st;

SELECT setval(pg_get_serial_sequence('gmail_api_calls', 'id'), greatest(:ledger_rows, 1)) \g /dev/null
SELECT setval(pg_get_serial_sequence('jobs', 'id'), greatest(:job_rows, 1)) \g /dev/null
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT definition FROM seed_secondary_indexes LOOP
    EXECUTE r.definition;
  END LOOP;
END $$;
DROP TABLE seed_secondary_indexes;

ANALYZE;
