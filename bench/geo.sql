-- bench/geo.sql -- ocop_commune_at over N random points inside Ha Noi, against
-- the best hand-written PostGIS query over the same polygons in the same run:
-- a GiST-indexed ST_Contains join (polygon outer, point index inner, so
-- PostGIS's prepared-geometry cache applies), and the point-outer variant.
-- Run through bench/geo.sh (psql -v n=1000000 -v reps=3).  Single process
-- (max_parallel_workers_per_gather = 0); best of :reps runs.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS ocop_postgis CASCADE;
SET max_parallel_workers_per_gather = 0;
SET jit = off;

DROP TABLE IF EXISTS bench_geo_pts;
CREATE TABLE bench_geo_pts AS
  SELECT (d).path[1] AS id, (d).geom AS geom
    FROM (SELECT ST_Dump(ST_GeneratePoints(ST_Union(geom), :n, 42)) AS d FROM ocop_commune_polygon) s;
CREATE INDEX ON bench_geo_pts USING gist (geom);
VACUUM ANALYZE bench_geo_pts;

CREATE FUNCTION pg_temp.best_ms(q text, reps int) RETURNS float8 LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz; best float8 := 'Infinity'; r bigint;
BEGIN
  FOR i IN 1..reps LOOP
    t0 := clock_timestamp();
    EXECUTE q INTO r;
    best := least(best, extract(epoch FROM clock_timestamp() - t0) * 1000);
  END LOOP;
  RETURN best;
END $$;

-- Same answers first (not timed).
SELECT count(*) AS points,
       count(*) FILTER (WHERE ocop_commune_at(p.geom) IS NULL) AS unresolved,
       count(*) FILTER (WHERE ocop_commune_at(p.geom) IS DISTINCT FROM
                        (SELECT min(c.code) FROM ocop_commune_polygon c WHERE ST_Contains(c.geom, p.geom))) AS disagreements
  FROM bench_geo_pts p WHERE p.id <= 100000;

CREATE TEMP TABLE bench_geo_result AS
SELECT 'join: GiST ST_Contains, polygon outer (baseline)' AS query,
       pg_temp.best_ms('SELECT count(c.code) FROM ocop_commune_polygon c JOIN bench_geo_pts p ON ST_Contains(c.geom, p.geom)', :reps) AS ms
UNION ALL
SELECT 'ocop_commune_at(geom) per point',
       pg_temp.best_ms('SELECT count(ocop_commune_at(geom)) FROM bench_geo_pts', :reps)
UNION ALL
SELECT 'join: GiST ST_Contains, point outer (10% sample x 10)',
       10 * pg_temp.best_ms(format('SELECT count(c.code) FROM bench_geo_pts p JOIN LATERAL (SELECT c.code FROM ocop_commune_polygon c WHERE ST_Contains(c.geom, p.geom) LIMIT 1) c ON true WHERE p.id <= %s', :n / 10), 1);

SELECT query, round(ms::numeric) AS ms, round((:n / (ms / 1000))::numeric) AS points_per_s,
       round((ms / (SELECT ms FROM bench_geo_result WHERE query LIKE '%(baseline)'))::numeric, 2) AS ratio
  FROM bench_geo_result ORDER BY ms;
-- First call in a fresh session (loads the 126 polygons into the cache).
\c
SELECT ocop_commune_at(ST_SetSRID(ST_MakePoint(105.85, 21.03), 4326)) AS warm_up;
DROP TABLE bench_geo_pts;
