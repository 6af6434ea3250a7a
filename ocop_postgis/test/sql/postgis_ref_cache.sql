-- The per-backend copies of the dated EWKB reference tables (rows of code,
-- valid_from, valid_to, geom), read by one loader (ocop_postgis/src/
-- geo_ref_table.c) for its two consumers: ocop_commune_pip (polygons, behind
-- ocop_commune_at) and ocop_trace_points/_path_ewkb/_km (representative
-- points, behind the food-miles functions).  For each: the table asked for is
-- the one read; a plain INSERT/UPDATE is not seen by a backend that holds a
-- copy, a relcache invalidation of the table (ALTER TABLE) makes it read the
-- table again; another table replaces the copy; errors are clean and leave
-- the function usable.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS ocop_postgis CASCADE;
RESET client_min_messages;
\i ../test/sql/include/outcome.sql

-- Polygons: A everywhere in time, B until 2030, a gap between them.
CREATE TABLE ref_poly (code text, valid_from date, valid_to date, geom geometry);
INSERT INTO ref_poly VALUES
  ('A', '2020-01-01', 'infinity', ST_GeomFromText('POLYGON((0 0,10 0,10 10,0 10,0 0))', 4326)),
  ('B', '2020-01-01', '2030-01-01', ST_GeomFromText('POLYGON((20 0,30 0,30 10,20 10,20 0))', 4326));
SELECT ocop_commune_pip(5, 5, '2025-01-01', 'ref_poly') AS a, ocop_commune_pip(25, 5, '2025-01-01', 'ref_poly') AS b,
       ocop_commune_pip(25, 5, '2031-01-01', 'ref_poly') AS b_expired, ocop_commune_pip(15, 5, '2025-01-01', 'ref_poly') AS gap;
-- C fills the gap: not seen by this backend's copy until an invalidation.
INSERT INTO ref_poly VALUES ('C', '2020-01-01', 'infinity', ST_GeomFromText('POLYGON((10 0,20 0,20 10,10 10,10 0))', 4326));
SELECT ocop_commune_pip(15, 5, '2025-01-01', 'ref_poly') AS gap_still;
ALTER TABLE ref_poly ADD COLUMN note text;
SELECT ocop_commune_pip(15, 5, '2025-01-01', 'ref_poly') AS c_after_alter;
-- Another table replaces the copy, and back.
CREATE TABLE ref_poly2 (code text, valid_from date, valid_to date, geom geometry);
INSERT INTO ref_poly2 SELECT 'A2', valid_from, valid_to, geom FROM ref_poly WHERE code = 'A';
SELECT ocop_commune_pip(5, 5, '2025-01-01', 'ref_poly2') AS a2, ocop_commune_pip(5, 5, '2025-01-01', 'ref_poly') AS a_again,
       ocop_commune_pip(15, 5, '2025-01-01', 'ref_poly2') AS no_c_in_2;
-- Errors: no such relation; a NULL field; not a polygon.  After each, the
-- other table still answers.
SELECT pg_temp.outcome($$SELECT ocop_commune_pip(0, 0, '2025-01-01', 0::regclass)$$) AS no_such_table;
INSERT INTO ref_poly2 VALUES ('N', NULL, 'infinity', ST_GeomFromText('POLYGON((40 0,41 0,41 1,40 0))', 4326));
ALTER TABLE ref_poly2 ADD COLUMN note text;  -- the copy in use is ref_poly2's
SELECT pg_temp.outcome($$SELECT ocop_commune_pip(5, 5, '2025-01-01', 'ref_poly2')$$) AS null_field;
SELECT ocop_commune_pip(15, 5, '2025-01-01', 'ref_poly') AS c_after_error;
UPDATE ref_poly2 SET valid_from = '2020-01-01', geom = ST_SetSRID(ST_MakePoint(40, 0), 4326) WHERE code = 'N';
SELECT pg_temp.outcome($$SELECT ocop_commune_pip(5, 5, '2025-01-01', 'ref_poly2')$$) AS not_a_polygon;
DELETE FROM ref_poly2 WHERE code = 'N';
SELECT ocop_commune_pip(5, 5, '2025-01-01', 'ref_poly2') AS a2_again;

-- Representative points: a chain located by two commune codes only (valid
-- codes; the points are this table's, not the real communes').
CREATE TABLE ref_pt (code text, valid_from date, valid_to date, geom geometry);
INSERT INTO ref_pt VALUES
  ('00004', '2020-01-01', 'infinity', ST_SetSRID(ST_MakePoint(105, 21), 4326)),
  ('00577', '2020-01-01', 'infinity', ST_SetSRID(ST_MakePoint(106, 21), 4326));
CREATE TABLE ref_chain AS SELECT trace_append(trace_append(NULL,
    'commissioning', '2025-08-01 08:00+07', place => '00004'),
    'shipping', '2025-08-02 08:00+07', place => '00577') AS chain;
SELECT p.seq, p.place, p.lon, p.lat FROM ref_chain, ocop_trace_points(chain, 'ref_pt') p ORDER BY p.seq;
SELECT round(ocop_trace_km(chain, 'ref_pt')::numeric, 3) AS km FROM ref_chain;
UPDATE ref_pt SET geom = ST_SetSRID(ST_MakePoint(105, 22), 4326) WHERE code = '00577';
SELECT round(ocop_trace_km(chain, 'ref_pt')::numeric, 3) AS km_before_alter FROM ref_chain;
ALTER TABLE ref_pt ADD COLUMN note text;
SELECT round(ocop_trace_km(chain, 'ref_pt')::numeric, 3) AS km_after_alter FROM ref_chain;
SELECT encode(ocop_trace_path_ewkb(chain, 'ref_pt'), 'hex') = encode(ST_AsEWKB(ST_MakeLine(
         ST_SetSRID(ST_MakePoint(105, 21), 4326), ST_SetSRID(ST_MakePoint(105, 22), 4326)), 'NDR'), 'hex') AS path_is_the_tables
  FROM ref_chain;
-- Errors of the points' loader: no such relation; a NULL field; not a point.
SELECT pg_temp.outcome($$SELECT ocop_trace_km(chain, 0::regclass) FROM ref_chain$$) AS no_such_table;
INSERT INTO ref_pt VALUES ('00007', '2020-01-01', NULL, ST_SetSRID(ST_MakePoint(105, 20), 4326));
ALTER TABLE ref_pt DROP COLUMN note;
SELECT pg_temp.outcome($$SELECT ocop_trace_km(chain, 'ref_pt') FROM ref_chain$$) AS null_field;
UPDATE ref_pt SET valid_to = 'infinity', geom = ST_GeomFromText('POLYGON((0 0,1 0,1 1,0 0))', 4326) WHERE code = '00007';
SELECT pg_temp.outcome($$SELECT ocop_trace_km(chain, 'ref_pt') FROM ref_chain$$) AS not_a_point;
DELETE FROM ref_pt WHERE code = '00007';
SELECT round(ocop_trace_km(chain, 'ref_pt')::numeric, 3) AS km_again FROM ref_chain;
-- Both copies live side by side: the polygons' are still this table's.
SELECT ocop_commune_pip(15, 5, '2025-01-01', 'ref_poly') AS c_still;
DROP TABLE ref_poly, ref_poly2, ref_pt, ref_chain;
