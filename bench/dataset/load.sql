-- Fills the benchmark tables, deterministically (no random()): about 860 MB as COPY text.
-- pgbench at scale 30: 3,000,000 accounts, 30 branches, 300 tellers, an empty history.
\set scale 30
INSERT INTO pgbench_branches (bid, bbalance, filler)
  SELECT b, 0, NULL FROM generate_series(1, :scale) AS b;
INSERT INTO pgbench_tellers (tid, bid, tbalance, filler)
  SELECT t, (t - 1) / 10 + 1, 0, NULL FROM generate_series(1, 10 * :scale) AS t;
INSERT INTO pgbench_accounts (aid, bid, abalance, filler)
  SELECT a, (a - 1) / 100000 + 1, 0, '' FROM generate_series(1, 100000 * :scale) AS a;

-- 300,000 users.
INSERT INTO users (id, email, display_name, created_at)
  SELECT u, 'user' || u || '@example.com',
         'User ' || u || ' ' || substr(md5(u::text), 1, 8),
         timestamptz '2023-01-01 00:00:00+00' + u * interval '97 seconds'
  FROM generate_series(1, 300000) AS u;
SELECT setval('users_id_seq', 300000);

-- 3,000,000 events: jsonb, numeric, and a text column that is NULL in every other row.
INSERT INTO events (user_id, occurred_at, kind, payload, amount, digest)
  SELECT (e::bigint * 7919) % 300000 + 1,
         timestamptz '2024-01-01 00:00:00+00' + e * interval '1.37 seconds',
         (ARRAY['login', 'view', 'purchase', 'logout', 'search'])[e % 5 + 1],
         jsonb_build_object(
           'ip', '10.' || e % 256 || '.' || (e / 256) % 256 || '.' || e % 7,
           'path', '/items/' || (e * 31) % 100000,
           'agent', 'Mozilla/5.0 (X11; Linux x86_64) bench/' || e % 13,
           'tags', jsonb_build_array('t' || e % 11, 't' || e % 17)),
         ((e * 37) % 100000) / 100.0,
         CASE WHEN e % 2 = 0 THEN md5(e::text) END
  FROM generate_series(1, 3000000) AS e;

ANALYZE;
