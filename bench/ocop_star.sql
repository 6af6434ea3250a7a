-- bench/ocop_star.sql: grouping and sorting N rows by an ocop_star column
-- against the same on a smallint column, side by side in one run.
-- Run with bench/ocop_star.sh (which sets :rows); prints a table of median
-- times and the ratio star/smallint for each query.
\set ON_ERROR_STOP on
SET max_parallel_workers_per_gather = 0;   -- single process: less noise
SET work_mem = '1GB';                      -- in-memory sorts and hashes
SET jit = off;

SET client_min_messages = warning;
DROP TABLE IF EXISTS bench_star;
CREATE TABLE bench_star (s ocop_star NOT NULL, i int2 NOT NULL);
INSERT INTO bench_star
SELECT v::ocop_star, v::int2
  FROM (SELECT 1 + (hashint4(g) & 2147483647) % 5 AS v FROM generate_series(1, :rows) g) x;
VACUUM ANALYZE bench_star;
SELECT pg_size_pretty(pg_relation_size('bench_star')) AS table_size, count(*) AS rows FROM bench_star;

CREATE TEMP TABLE bench_result (query text, col text, run int, ms float8);

CREATE FUNCTION pg_temp.bench(label text, q text, reps int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  t0 timestamptz;
  c text;
BEGIN
  FOR r IN 0 .. reps LOOP   -- run 0 is a warm-up, not recorded
    -- alternate the order so drift and caching hit both columns alike
    FOREACH c IN ARRAY CASE WHEN r % 2 = 1 THEN ARRAY['s', 'i'] ELSE ARRAY['i', 's'] END LOOP
      t0 := clock_timestamp();
      EXECUTE replace(q, '$col', c);
      IF r > 0 THEN
        INSERT INTO bench_result VALUES (label, c, r, 1000 * extract(epoch FROM clock_timestamp() - t0));
      END IF;
    END LOOP;
  END LOOP;
END $$;

SELECT pg_temp.bench('group by (hash)',     'SELECT count(*) FROM (SELECT $col, count(*) FROM bench_star GROUP BY $col) x', :reps) \g /dev/null
SET enable_hashagg = off;
SELECT pg_temp.bench('group by (sort)',     'SELECT count(*) FROM (SELECT $col, count(*) FROM bench_star GROUP BY $col) x', :reps) \g /dev/null
RESET enable_hashagg;
SELECT pg_temp.bench('order by (full sort)', 'SELECT $col FROM bench_star ORDER BY $col OFFSET ' || (:rows - 1), :reps) \g /dev/null
SELECT pg_temp.bench('count(distinct)',     'SELECT count(DISTINCT $col) FROM bench_star', :reps) \g /dev/null
SELECT pg_temp.bench('min/max',             'SELECT min($col), max($col) FROM bench_star', :reps) \g /dev/null

-- Medians, and the best run of each (less sensitive to other load on a
-- shared machine); ratio = ocop_star / smallint.
SELECT query,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) FILTER (WHERE col = 's')::numeric, 1) AS star_median_ms,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) FILTER (WHERE col = 'i')::numeric, 1) AS smallint_median_ms,
       round((percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) FILTER (WHERE col = 's') /
              percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) FILTER (WHERE col = 'i'))::numeric, 3) AS median_ratio,
       round(min(ms) FILTER (WHERE col = 's')::numeric, 1) AS star_best_ms,
       round(min(ms) FILTER (WHERE col = 'i')::numeric, 1) AS smallint_best_ms,
       round((min(ms) FILTER (WHERE col = 's') / min(ms) FILTER (WHERE col = 'i'))::numeric, 3) AS best_ratio
  FROM bench_result GROUP BY query ORDER BY min(ctid);
DROP TABLE bench_star;
