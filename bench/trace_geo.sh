#!/usr/bin/env bash
# trace_path and trace_distance_km over N chains of 10 events (default
# 100,000), half located by coordinates and half by commune codes; chains per
# second, against a baseline in the same run: ST_MakeLine / ST_Length over the
# same points pre-extracted into a table (the cost of PostGIS alone), and
# against the SQL versions of ocop_postgis 0.2.0
# (ocop_postgis/test/sql/include/trace_geo_ref.sql; OCOP_BENCH_SQL_RUNS, default 1, runs
# of those, which are slow; 0 skips them).
set -euo pipefail
N=${OCOP_BENCH_CHAINS:-100000}
SQL_RUNS=${OCOP_BENCH_SQL_RUNS:-1}
TOP=$(cd "$(dirname "$0")/.." && pwd)
DB=ocop_bench_trace_geo
psql -X -q -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" 2>/dev/null
cd "$TOP"
psql -X -q -v ON_ERROR_STOP=1 -d $DB <<SQL
CREATE EXTENSION ocop_postgis CASCADE;
\\i ocop_postgis/test/sql/include/trace_geo_ref.sql
SELECT setseed(0.3) \gset
CREATE TEMP TABLE communes AS SELECT code FROM ocop_commune_polygon ORDER BY code;
CREATE TABLE chains (i int, chain trace_chain);
-- Build the chains with a PL/pgSQL loop (10 events each).
DO \$\$
DECLARE c trace_chain; codes text[] := ARRAY(SELECT code FROM communes);
BEGIN
  FOR i IN 1..$N LOOP
    c := NULL;
    FOR k IN 1..10 LOOP
      IF i % 2 = 0 THEN
        c := trace_append(c, 'shipping', timestamptz '2025-08-01 00:00+07' + k * interval '1 hour',
                          lon => 105.3 + random() * 0.9, lat => 20.6 + random() * 0.8);
      ELSE
        c := trace_append(c, 'shipping', timestamptz '2025-08-01 00:00+07' + k * interval '1 hour',
                          place => codes[1 + (random() * (array_length(codes, 1) - 1))::int]);
      END IF;
    END LOOP;
    INSERT INTO chains VALUES (i, c);
  END LOOP;
END \$\$;
CREATE TABLE pts AS SELECT i, p.seq, p.geom FROM chains, trace_points(chain) p;
ANALYZE chains; ANALYZE pts;
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE r (what text, ms numeric);
CREATE FUNCTION pg_temp.t(what text, q text, runs int DEFAULT 3) RETURNS void LANGUAGE plpgsql AS \$f\$
DECLARE t0 timestamptz; best numeric; d numeric;
BEGIN
  IF runs < 1 THEN RETURN; END IF;
  FOR k IN 1..runs LOOP
    t0 := clock_timestamp(); EXECUTE q; d := extract(epoch FROM clock_timestamp() - t0) * 1000;
    best := least(coalesce(best, d), d);
  END LOOP;
  INSERT INTO r VALUES (what, round(best, 1));
END \$f\$;
-- warm the per-backend copy of the representative points
SELECT count(trace_path(chain)) FROM chains WHERE i <= 10;
SELECT FROM pg_temp.t('trace_path (C)', 'SELECT count(trace_path(chain)) FROM chains');
SELECT FROM pg_temp.t('trace_distance_km (C)', 'SELECT sum(trace_distance_km(chain)) FROM chains');
SELECT FROM pg_temp.t('baseline ST_MakeLine over extracted points', 'SELECT count(g) FROM (SELECT ST_MakeLine(geom ORDER BY seq) g FROM pts GROUP BY i) s');
SELECT FROM pg_temp.t('baseline ST_Length(geography) over extracted points', 'SELECT sum(ST_Length(g::geography)) FROM (SELECT ST_MakeLine(geom ORDER BY seq) g FROM pts GROUP BY i) s');
SELECT FROM pg_temp.t('trace_path (0.2.0 SQL)', 'SELECT count(trace_geo_ref.trace_path(chain)) FROM chains', $SQL_RUNS);
SELECT FROM pg_temp.t('trace_distance_km (0.2.0 SQL)', 'SELECT sum(trace_geo_ref.trace_distance_km(chain)) FROM chains', $SQL_RUNS);
\echo trace_path / trace_distance_km, $N chains of 10 events, $(nproc) cores, $(date -u +%F)
SELECT what, ms, round($N / (ms / 1000)) AS chains_per_s,
       round(ms / (SELECT ms FROM r WHERE what = 'baseline ST_MakeLine over extracted points'), 2) AS vs_makeline,
       round(ms / (SELECT ms FROM r WHERE what = 'baseline ST_Length(geography) over extracted points'), 2) AS vs_length
  FROM r;
SQL
psql -X -q -c "DROP DATABASE $DB"
