-- trace_points, trace_path and trace_distance_km, computed in C since issue
-- 20 part 3, against the SQL versions ocop_postgis 0.2.0 shipped (the
-- reference, test/sql/include/trace_geo_ref.sql): the same points in the
-- same order, the same paths to the byte, the same NULL cases and distances
-- within 1 mm per km of ST_Length(geography).  14,000 generated lots shaped
-- like the demo's (test/scripts/demo.sh compares the demo's own 14,000 too),
-- with events located by coordinates, by current commune codes, by
-- pre-reform codes (merged whole, split, used after the reform) and not at
-- all: every lot through the C functions, and a deterministic sample of 2,000
-- (every 7th lot, which meets every kind of lot below: 7 is prime to 20 and
-- 40) against the slow SQL reference; then the edge cases one by one.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS ocop_postgis CASCADE;
RESET client_min_messages;
\i ../test/sql/include/outcome.sql
\i test/sql/include/trace_geo_ref.sql

-- A deterministic fraction in [0, 1) from a text (md5, the same on every
-- PostgreSQL version).  Calls are exactly typed (i::text, not i): security.sh
-- runs this file beside hostile overloads.
CREATE FUNCTION pg_temp.r(s text) RETURNS float8 LANGUAGE sql IMMUTABLE
  AS $$ SELECT ('x' || substr(md5(s), 1, 8))::bit(32)::bigint / 4294967296.0 $$;
CREATE TEMP TABLE cur AS
  SELECT row_number() OVER (ORDER BY code) AS k, code FROM ocop_admin_commune WHERE valid_to = 'infinity';
-- Ha Noi's pre-reform communes: merged whole into one new commune, or split.
CREATE TEMP TABLE old AS
  SELECT row_number() OVER (ORDER BY code) AS k, code FROM ocop_admin_commune
   WHERE valid_to = '2025-07-01' AND province = '01';

-- Lots of 0 to 10 events every 7 hours, from July to October 2025 (after
-- the reform), 1 lot in 20 from September 2024 to June 2025 (before it: a
-- place code then goes through ocop_admin_rep_geom, slow in SQL), 1 lot in
-- 40 hour by hour across midnight of 30 June / 1 July in Viet Nam.  Events:
-- 25 % coordinates only, 25 % coordinates and a current code, 35 % a
-- current code only, 2 % a pre-reform Ha Noi code only, 8 % coordinates and
-- a pre-reform code, 3 % nothing, 2 % an unknown code.
CREATE TEMP TABLE lots AS
WITH codes AS (
  SELECT (SELECT array_agg(code ORDER BY k) FROM cur) AS cur, (SELECT array_agg(code ORDER BY k) FROM old) AS old
), l AS (
  SELECT i,
         CASE WHEN i % 40 = 0 THEN 0 WHEN i % 40 = 1 THEN 1 ELSE 2 + floor(pg_temp.r('n' || i::text) * 9)::int END AS n,
         CASE WHEN i % 40 = 20 THEN timestamptz '2025-06-30 20:30+07'
              WHEN i % 20 = 3 THEN timestamptz '2024-09-01 06:00+07' + make_interval(days => floor(pg_temp.r('d' || i::text) * 300)::int)
              ELSE timestamptz '2025-07-01 06:00+07' + make_interval(days => floor(pg_temp.r('d' || i::text) * 120)::int) END AS t0,
         CASE WHEN i % 40 = 20 THEN interval '1 hour' ELSE interval '7 hours' END AS step
    FROM generate_series(1, 14000) i
), e AS (
  SELECT l.i, k, l.t0 + k * l.step AS at, pg_temp.r('k' || l.i::text || '/' || k::text) AS u,
         pg_temp.r('x' || l.i::text || '/' || k::text) AS rx, pg_temp.r('y' || l.i::text || '/' || k::text) AS ry
    FROM l, generate_series(1, l.n) k
), ev AS (
  SELECT e.i, jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
           'bizStep', 'shipping',
           'eventTime', to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
           'place', CASE WHEN e.u < 0.25 THEN NULL
                         WHEN e.u < 0.85 THEN codes.cur[1 + floor(e.rx * cardinality(codes.cur))::int]
                         WHEN e.u < 0.95 THEN codes.old[1 + floor(e.rx * cardinality(codes.old))::int]
                         WHEN e.u < 0.98 THEN NULL
                         ELSE '99999' END,
           'lon', CASE WHEN e.u < 0.5 OR e.u BETWEEN 0.87 AND 0.95 THEN round((102.2 + e.rx * 7.2)::numeric, 6) END,
           'lat', CASE WHEN e.u < 0.5 OR e.u BETWEEN 0.87 AND 0.95 THEN round((8.6 + e.ry * 14.7)::numeric, 6) END))
           ORDER BY e.k) AS events
    FROM e, codes GROUP BY e.i
)
SELECT l.i, coalesce(ev.events, '[]')::text::trace_chain AS chain
  FROM l LEFT JOIN ev USING (i);

CREATE TEMP TABLE cmp AS
SELECT i,
       (SELECT array_agg(row(p.seq, p.at, p.place, ST_AsEWKB(p.geom))::text ORDER BY p.seq)
          FROM trace_points(chain) p) AS c_points,
       (SELECT array_agg(row(p.seq, p.at, p.place, ST_AsEWKB(p.geom))::text ORDER BY p.seq)
          FROM trace_geo_ref.trace_points(chain) p) AS r_points,
       ST_AsEWKB(trace_path(chain)) AS c_path, ST_AsEWKB(trace_geo_ref.trace_path(chain)) AS r_path,
       trace_distance_km(chain) AS c_km, trace_geo_ref.trace_distance_km(chain) AS r_km
  FROM lots WHERE i % 7 = 0;

SELECT count(*) AS lots,
       count(*) FILTER (WHERE c_points IS DISTINCT FROM r_points) AS points_differ,
       count(*) FILTER (WHERE c_path IS DISTINCT FROM r_path) AS paths_differ,
       count(*) FILTER (WHERE (c_km IS NULL) <> (r_km IS NULL)
                           OR abs(c_km - r_km) > 1e-6 * r_km) AS km_differ_by_over_1mm_per_km
  FROM cmp;
-- What the sample covers (so that the comparison above means something).
SELECT count(*) FILTER (WHERE r_km IS NULL) > 0 AS some_with_no_point,
       count(*) FILTER (WHERE r_km = 0 AND r_path IS NULL) > 0 AS some_with_one_point,
       count(*) FILTER (WHERE r_km > 100) > 0 AS some_over_100_km,
       sum(cardinality(r_points)) > 7000 AS over_7000_points,
       count(*) FILTER (WHERE i % 20 = 3) >= 90 AS some_100_lots_before_the_reform,
       count(*) FILTER (WHERE i % 40 = 20) = 50 AS across_midnight_of_the_reform
  FROM cmp;
-- Every event, located or not (C), by how it could be located.
CREATE TEMP TABLE ev AS
SELECT l.i, e.seq, e.at, e.place, e.lon, e.seq = ANY (pts.seqs) AS located
  FROM lots l CROSS JOIN LATERAL (SELECT coalesce(array_agg(p.seq), '{}') AS seqs FROM trace_points(l.chain) p) pts
  CROSS JOIN LATERAL trace_events(l.chain) e;
SELECT count(*) FILTER (WHERE lon IS NOT NULL AND NOT located) AS coordinates_not_located,
       count(*) FILTER (WHERE lon IS NULL AND place = '99999' AND located) AS unknown_code_located,
       count(*) FILTER (WHERE lon IS NULL AND place IS NULL AND located) AS nothing_located,
       count(*) FILTER (WHERE lon IS NULL AND place IN (SELECT code FROM cur) AND at >= '2025-07-01 00:00+07'
                          AND NOT located) AS current_code_not_located,
       count(*) FILTER (WHERE lon IS NULL AND place IN (SELECT code FROM cur) AND at >= '2025-07-01 00:00+07') > 10000
         AS many_current_codes,
       count(*) FILTER (WHERE lon IS NULL AND place IN (SELECT code FROM old) AND at < '2025-07-01 00:00+07' AND located) > 5
         AS some_pre_reform_codes_located,
       count(*) FILTER (WHERE lon IS NULL AND place IN (SELECT code FROM old) AND at < '2025-07-01 00:00+07' AND NOT located) > 5
         AS some_pre_reform_codes_split,
       count(*) FILTER (WHERE lon IS NULL AND place IN (SELECT code FROM old EXCEPT SELECT code FROM cur)
                          AND at >= '2025-07-01 00:00+07' AND NOT located) > 20 AS some_pre_reform_codes_after_the_reform,
       count(*) FILTER (WHERE lon IS NULL AND place = '99999') > 500 AS some_unknown_codes
  FROM ev;

-------------------------------------------------------------------------------
-- Edge cases.
-------------------------------------------------------------------------------
CREATE TEMP TABLE edge (name text PRIMARY KEY, chain trace_chain);
INSERT INTO edge VALUES
  ('empty chain', '[]'),
  ('no event located', trace_append(trace_append(NULL, 'commissioning', '2025-08-01 08:00+07', actor => 'A'),
                                    'shipping', '2025-08-02 08:00+07', place => '99999')),
  ('one located', trace_append(trace_append(NULL, 'commissioning', '2025-08-01 08:00+07', lon => 105.85, lat => 21.03),
                               'shipping', '2025-08-02 08:00+07', actor => 'B')),
  ('same point twice', trace_append(trace_append(NULL, 'commissioning', '2025-08-01 08:00+07', lon => 105.85, lat => 21.03),
                                    'shipping', '2025-08-02 08:00+07', lon => 105.85, lat => 21.03)),
  -- 00001 (pre-reform Phường Phúc Xá) went whole into one new ward: its point
  ('pre-reform code merged whole', trace_append(trace_append(NULL, 'commissioning', '2024-05-01 08:00+07', place => '00001'),
                                   'shipping', '2024-05-02 08:00+07', lon => 105.85, lat => 21.03)),
  -- 00583 (pre-reform Xã Bát Tràng) was split: no single point
  ('pre-reform code split', trace_append(trace_append(NULL, 'commissioning', '2024-05-01 08:00+07', place => '00583'),
                            'shipping', '2024-05-02 08:00+07', lon => 105.85, lat => 21.03)),
  -- 00025 was split in the reform and names a new ward from 1 July 2025:
  -- 03:00 on 1 July in Viet Nam (20:00 UTC on 30 June) is after the reform
  ('1 July 03:00 in Viet Nam', trace_append(trace_append(NULL, 'commissioning', '2025-07-01 03:00+07', place => '00025'),
                               'shipping', '2025-07-02 08:00+07', lon => 105.85, lat => 21.03)),
  ('30 June 23:59 in Viet Nam', trace_append(trace_append(NULL, 'commissioning', '2025-06-30 23:59:59+07', place => '00025'),
                                'shipping', '2025-07-02 08:00+07', lon => 105.85, lat => 21.03)),
  -- coordinates win over the place code
  ('coordinates and a code', trace_append(NULL, 'commissioning', '2025-08-01 08:00+07', place => '00577', lon => 105.0, lat => 20.0));

SELECT name, (SELECT string_agg(concat_ws(':', p.seq, coalesce(p.place, '-'), ST_AsText(p.geom)), ' ' ORDER BY p.seq)
                FROM trace_points(chain) p) AS points,
       ST_AsText(trace_path(chain)) AS path, round(trace_distance_km(chain)::numeric, 6) AS km,
       (SELECT array_agg(row(p.seq, p.at, p.place, ST_AsEWKB(p.geom))::text ORDER BY p.seq) FROM trace_points(chain) p)
         IS NOT DISTINCT FROM
       (SELECT array_agg(row(p.seq, p.at, p.place, ST_AsEWKB(p.geom))::text ORDER BY p.seq) FROM trace_geo_ref.trace_points(chain) p)
       AND ST_AsEWKB(trace_path(chain)) IS NOT DISTINCT FROM ST_AsEWKB(trace_geo_ref.trace_path(chain))
       AND trace_distance_km(chain) IS NOT DISTINCT FROM trace_geo_ref.trace_distance_km(chain) AS same_as_sql
  FROM edge ORDER BY name;
-- The merged-whole code takes its successor's representative point.
SELECT ST_Equals((SELECT geom FROM trace_points((SELECT chain FROM edge WHERE name = 'pre-reform code merged whole')) WHERE seq = 1),
                 ocop_admin_rep_geom('00001', '2024-05-01')) AS successor_point;
-- 0.2.0 computed the date with timezone('+07:00'::text, at), a POSIX zone
-- (UTC-7): 1 July 03:00 in Viet Nam fell on 30 June, so 00025 was skipped.
SELECT CAST(timezone('+07:00'::text, timestamptz '2025-07-01 03:00+07') AS date) AS posix_plus_7,
       CAST(timezone(interval '+07:00', timestamptz '2025-07-01 03:00+07') AS date) AS utc_plus_7;
-- NULL in, NULL out (STRICT).
SELECT trace_path(NULL) IS NULL AS path_null, trace_distance_km(NULL) IS NULL AS km_null,
       (SELECT count(*) FROM trace_points(NULL)) AS points_null;

-- The per-backend copy of ocop_admin_rep_point follows the table when its
-- relation cache entry is invalidated (here CREATE INDEX, in a transaction
-- rolled back).
SELECT ST_AsText(geom) AS before FROM trace_points((SELECT chain FROM edge WHERE name = '1 July 03:00 in Viet Nam')) WHERE seq = 1;
BEGIN;
UPDATE ocop_admin_rep_point SET geom = ST_SetSRID(ST_MakePoint(106::float8, 21::float8), 4326) WHERE code = '00025' AND valid_to = 'infinity';
CREATE INDEX ON ocop_admin_rep_point (level);
SELECT ST_AsText(geom) AS moved FROM trace_points((SELECT chain FROM edge WHERE name = '1 July 03:00 in Viet Nam')) WHERE seq = 1;
ROLLBACK;
SELECT ST_AsText(geom) AS after_rollback FROM trace_points((SELECT chain FROM edge WHERE name = '1 July 03:00 in Viet Nam')) WHERE seq = 1;

-- The internal C functions check their table argument.
SELECT pg_temp.outcome($$SELECT ocop_trace_km('[]', 0::regclass)$$) AS no_such_table;

-- Volatility, strictness, parallel safety: STABLE (they read a table).
SELECT p.oid::regprocedure AS function, p.provolatile, p.proisstrict, p.proparallel, l.lanname
  FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
 WHERE p.proname IN ('trace_points', 'trace_path', 'trace_distance_km', 'ocop_trace_points', 'ocop_trace_path_ewkb', 'ocop_trace_km')
   AND p.pronamespace = 'public'::regnamespace
 ORDER BY p.oid::regprocedure::text;

DROP SCHEMA trace_geo_ref CASCADE;
