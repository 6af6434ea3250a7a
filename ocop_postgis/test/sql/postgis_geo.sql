-- ocop_postgis: polygons, representative points, villages, VN-2000.
-- Expected output: postgis_geo.out on PostgreSQL 15 and 17 (PostGIS 3.3, 3.5);
-- postgis_geo_1.out on PostgreSQL 18 (PostGIS 3.7), where the
-- server's and PostGIS's own output differs in two ways: 18 evaluates the
-- inlinable ocop_geo_point with a constant argument at plan time, so its
-- error gains the CONTEXT line 'SQL function "ocop_geo_point"'; and PostGIS
-- 3.7 prints a snapped coordinate as 21.03 where 3.5 prints 21.029999999999998
-- (the same double to within one unit in the last place).  Keep both files
-- in step when this test changes.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS ocop_postgis CASCADE;

-- Shipped geometry: Hà Nội's 126 communes, a point for every current unit,
-- each Hà Nội point inside its polygon.
SELECT count(*) AS polygons, count(DISTINCT code) AS codes,
       bool_and(ST_IsValid(geom)) AS valid, bool_and(ST_SRID(geom) = 4326) AS wgs84
  FROM ocop_commune_polygon;
SELECT level, count(*) FROM ocop_admin_rep_point
 WHERE '2026-06-01' >= valid_from AND '2026-06-01' < valid_to GROUP BY level ORDER BY level;
SELECT count(*) AS points_outside_their_polygon
  FROM ocop_commune_polygon p JOIN ocop_admin_rep_point r USING (code, valid_from)
 WHERE NOT ST_Contains(p.geom, r.geom);
-- Every Hà Nội commune of the reference table has a polygon, and no other.
SELECT count(*) AS hanoi_communes_without_polygon FROM ocop_admin_commune c
 WHERE c.province = '01' AND c.valid_from = '2025-07-01'
   AND NOT EXISTS (SELECT 1 FROM ocop_commune_polygon p WHERE p.code = c.code);
-- The polygons tile the city: their union has the area of the 126 (no overlaps).
SELECT round((ST_Area(ST_Union(geom)::geography) / sum(ST_Area(geom::geography)))::numeric, 4) AS union_over_sum
  FROM ocop_commune_polygon;

-- ocop_admin_geom / ocop_code_geom.
SELECT GeometryType(ocop_admin_geom('00577', '2026-01-01')) AS type, ST_SRID(ocop_admin_geom('00577', '2026-01-01')) AS srid,
       round((ST_Area(ocop_admin_geom('00577', '2026-01-01')::geography) / 1e6)::numeric, 1) AS km2,
       ocop_admin_geom('00577', '2025-06-30') IS NULL AS not_before_reform,
       ocop_admin_geom('26743', '2026-01-01') IS NOT NULL AS saigon_shipped,
       ocop_admin_geom('99999', '2026-01-01') IS NULL AS unknown;
SELECT ocop_code_geom(ocop_code(1, 577, 1, 2026, 1)) = ocop_admin_geom('00577') AS two_level,
       ocop_code_geom(ocop_code(1, 583, 1, 2021, 1, 18)) IS NULL AS three_level_no_polygon;

-- ocop_commune_at: a point in the new Xã Bát Tràng (the old Đa Tốn's territory).
SELECT ocop_commune_at(ST_SetSRID(ST_MakePoint(105.911856, 20.969142), 4326)) AS bat_trang,
       ocop_commune_at(ST_SetSRID(ST_MakePoint(105.911856, 20.969142), 4326), '2025-06-30') AS before_reform,
       ocop_commune_at(ST_SetSRID(ST_MakePoint(106.7, 10.77), 4326)) AS saigon,
       ocop_commune_at('SRID=4326;POINT EMPTY'::geometry) AS empty,
       ocop_commune_at(NULL) AS null_point;
-- The C lookup agrees with PostGIS's ST_Intersects over the layer it answers
-- from (ocop_commune_shape) on 20,000 random points over Hà Nội's bounding
-- box (about half fall inside the city, the rest in its neighbours).
-- test/sql/postgis_national.sql does the same nationwide.
SELECT setseed(0.42);
CREATE TEMP TABLE geo_pts AS
  SELECT i, ST_SetSRID(ST_MakePoint(105.28 + random() * 0.74, 20.56 + random() * 0.83), 4326) AS geom
    FROM generate_series(1, 20000) i;
SELECT count(*) FILTER (WHERE a IS NOT NULL) > 8000 AS many_inside,
       count(*) FILTER (WHERE a IS DISTINCT FROM b) AS disagreements
  FROM (SELECT ocop_commune_at(t.geom, '2026-01-01') AS a,
               (SELECT min(p.code) FROM ocop_commune_shape p WHERE ST_Intersects(p.geom, t.geom)) AS b
          FROM geo_pts t) s;
DROP TABLE geo_pts;
-- Every representative point resolves to its own commune.
SELECT count(*) AS rep_points_elsewhere FROM ocop_admin_rep_point r
  JOIN ocop_commune_shape p USING (code, valid_from)
 WHERE ocop_commune_at(r.geom, '2026-01-01') IS DISTINCT FROM r.code;

-- ocop_commune_nearest: nationwide approximation by representative points.
SELECT ocop_commune_nearest(ST_SetSRID(ST_MakePoint(106.7, 10.77), 4326)) AS code,
       ocop_admin_name(ocop_commune_nearest(ST_SetSRID(ST_MakePoint(106.7, 10.77), 4326)), '2026-01-01') AS name;
SELECT ocop_commune_nearest(ST_SetSRID(ST_MakePoint(105.911856, 20.969142), 4326)) AS at_rep_point;

-- ocop_admin_rep_geom: a pre-reform unit merged whole has its successor's point;
-- a split one has none.
SELECT ST_AsText(ocop_admin_rep_geom('00571', '2024-01-01')) AS duong_xa_to_gia_lam,
       ST_AsText(ocop_admin_rep_geom('00565', '2026-01-01')) AS gia_lam,
       ocop_admin_rep_geom('00583', '2024-01-01') IS NULL AS bat_trang_split,
       ocop_admin_rep_geom('99999') IS NULL AS unknown;

-- Bad input: 22023 for non-points and other SRIDs.
SELECT ocop_commune_at(ST_SetSRID(ST_MakeLine(ST_MakePoint(105.9, 21.0), ST_MakePoint(105.8, 21.0)), 4326));
SELECT ocop_commune_at(ST_SetSRID(ST_MakePoint(105.9, 21.0), 3857));
SELECT ocop_commune_at(ST_MakePoint(105.9, 21.0));
SELECT ocop_commune_nearest(ST_SetSRID(ST_MakePoint(105.9, 21.0), 4756));
\set VERBOSITY sqlstate
SELECT ocop_commune_at(ST_SetSRID(ST_MakePoint(105.9, 21.0), 3857));
SELECT ocop_villages_near('SRID=4326;POLYGON((0 0,1 0,1 1,0 0))'::geometry, 1);
\set VERBOSITY default

-- Villages and craft villages (test rows, removed at the end; coordinates approximate).
INSERT INTO ocop_village (name, kind, local_kind, craft, commune_code, geom, source) VALUES
  ('Bát Tràng', 'craft', 'làng', 'gốm sứ (ceramics)', '00577',
   ST_SetSRID(ST_MakePoint(105.9130, 20.9760), 4326), 'regression test'),
  ('Vạn Phúc', 'craft', 'làng', 'lụa (silk)', NULL,
   ST_SetSRID(ST_MakeEnvelope(105.7700, 20.9780, 105.7760, 20.9830), 4326), 'regression test'),
  ('Giang Cao', 'residential', 'thôn', NULL, '00577',
   ST_SetSRID(ST_MakePoint(105.9225, 20.9735), 4326), 'regression test');
SELECT name, kind, craft FROM ocop_village_at(ST_SetSRID(ST_MakePoint(105.7730, 20.9800), 4326));   -- inside the polygon
SELECT name FROM ocop_village_at(ST_SetSRID(ST_MakePoint(105.9140, 20.9765), 4326));              -- 120 m from Bát Tràng
SELECT name FROM ocop_village_at(ST_SetSRID(ST_MakePoint(105.9140, 20.9765), 4326), 0.05);        -- not within 50 m
SELECT (ocop_village_at(ST_SetSRID(ST_MakePoint(106.7, 10.77), 4326))).name IS NULL AS none_near;
SELECT name, kind, round(distance_km::numeric, 2) AS km
  FROM ocop_villages_near(ST_SetSRID(ST_MakePoint(105.9140, 20.9765), 4326), 2);
-- "All 4-star and better products within 2 km of Bát Tràng craft village."
CREATE TEMP TABLE geo_products (name text, code ocop_code, stars int, geom geometry(Point, 4326));
INSERT INTO geo_products VALUES
  ('Gốm men lam', ocop_code(1, 577, 9, 2026, 1), 4, ST_SetSRID(ST_MakePoint(105.9125, 20.9770), 4326)),
  ('Gốm men rạn', ocop_code(1, 577, 9, 2026, 2), 5, ST_SetSRID(ST_MakePoint(105.9180, 20.9800), 4326)),
  ('Bình hút lộc', ocop_code(1, 577, 9, 2026, 3), 3, ST_SetSRID(ST_MakePoint(105.9128, 20.9762), 4326)),
  ('Lụa Vạn Phúc', ocop_code(1, 9556, 10, 2026, 1), 5, ST_SetSRID(ST_MakePoint(105.7730, 20.9800), 4326));
SELECT p.name, p.stars, ocop_commune_at(p.geom) AS commune,
       round(ST_Distance(geography(p.geom), geography(v.geom))::numeric) AS metres
  FROM ocop_village v
  JOIN geo_products p ON ST_DWithin(geography(p.geom), geography(v.geom), 2000)
 WHERE v.name = 'Bát Tràng' AND v.kind = 'craft' AND p.stars >= 4
 ORDER BY metres;
DROP TABLE geo_products;

-- VN-2000.  Register the EPSG TM-3 zones PostGIS does not ship (once per database).
SELECT count(*) AS before FROM spatial_ref_sys WHERE srid BETWEEN 9205 AND 9218;
SELECT ocop_vn2000_register_srids() AS added;
SELECT ocop_vn2000_register_srids() AS added_again;
-- Published control points (WGS 84 and VN-2000 geographic, to 0.1"):
-- boundary points of the port waters of Khánh Hòa, Circular 20/2019/TT-BGTVT,
-- appendix (central meridian of Khánh Hòa 108°15').
CREATE FUNCTION pg_temp.sec(dms text) RETURNS float8 LANGUAGE sql IMMUTABLE AS $$
  SELECT split_part(dms, '°', 1)::float8 * 3600 + split_part(split_part(dms, '°', 2), '''', 1)::float8 * 60
         + rtrim(split_part(dms, '''', 2), '"')::float8
$$;
CREATE TEMP TABLE geo_control (pt text, wgs_lat text, wgs_lon text, vn_lat text, vn_lon text);
INSERT INTO geo_control VALUES
  ('VP1', '12°33''36.0"', '109°26''00.0"', '12°33''39.7"', '109°25''53.6"'),
  ('VP2', '12°28''00.0"', '109°26''00.0"', '12°28''03.7"', '109°25''53.6"'),
  ('NT1', '12°14''14.0"', '109°16''00.0"', '12°14''17.7"', '109°15''53.6"'),
  ('C1',  '11°58''08.8"', '109°12''24.9"', '11°58''12.5"', '109°12''18.4"');
-- WGS 84 -> VN-2000 TM-3 (k 0.9999, FE 500 km, CM 108°15'), then the grid back to
-- VN-2000 latitude/longitude on the same ellipsoid: within 0.1" of the published
-- values (both columns of the table are rounded to 0.1").
SELECT c.pt, ST_SRID(v) AS srid, round(ST_X(v)::numeric, 1) AS easting, round(ST_Y(v)::numeric, 1) AS northing,
       round((ST_Y(g) * 3600 - pg_temp.sec(c.vn_lat))::numeric, 2) AS dlat_arcsec,
       round((ST_X(g) * 3600 - pg_temp.sec(c.vn_lon))::numeric, 2) AS dlon_arcsec,
       abs(ST_Y(g) * 3600 - pg_temp.sec(c.vn_lat)) <= 0.1 AND abs(ST_X(g) * 3600 - pg_temp.sec(c.vn_lon)) <= 0.1 AS within_0_1
  FROM geo_control c,
       LATERAL (SELECT ocop_to_vn2000(ST_SetSRID(ST_MakePoint(pg_temp.sec(c.wgs_lon) / 3600, pg_temp.sec(c.wgs_lat) / 3600), 4326), '56') AS v) t,
       LATERAL (SELECT ST_Transform(ST_SetSRID(t.v, 0),
                  '+proj=tmerc +lat_0=0 +lon_0=108.25 +k=0.9999 +x_0=500000 +y_0=0 +ellps=WGS84 +units=m +no_defs',
                  '+proj=longlat +ellps=WGS84 +no_defs') AS g) u
 ORDER BY c.pt;
-- The other way: published VN-2000 coordinates put on the grid -> ocop_from_vn2000
-- -> within 0.1" of the published WGS 84 coordinates.
SELECT c.pt,
       abs(ST_Y(w) * 3600 - pg_temp.sec(c.wgs_lat)) <= 0.1 AND abs(ST_X(w) * 3600 - pg_temp.sec(c.wgs_lon)) <= 0.1 AS within_0_1
  FROM geo_control c,
       LATERAL (SELECT ocop_from_vn2000(ST_SetSRID(ST_Transform(
                  ST_MakePoint(pg_temp.sec(c.vn_lon) / 3600, pg_temp.sec(c.vn_lat) / 3600),
                  '+proj=longlat +ellps=WGS84 +no_defs',
                  '+proj=tmerc +lat_0=0 +lon_0=108.25 +k=0.9999 +x_0=500000 +y_0=0 +ellps=WGS84 +units=m +no_defs'), 9217), '56') AS w) t
 ORDER BY c.pt;
-- And back: ocop_from_vn2000 of the round trip returns the WGS 84 input (< 1 mm).
SELECT c.pt, ST_Distance(ocop_from_vn2000(ocop_to_vn2000(p, '56'), '56')::geography, p::geography) < 0.001 AS roundtrip
  FROM geo_control c, LATERAL (SELECT ST_SetSRID(ST_MakePoint(pg_temp.sec(c.wgs_lon) / 3600, pg_temp.sec(c.wgs_lat) / 3600), 4326) AS p) t ORDER BY c.pt;
DROP TABLE geo_control;
-- Hà Nội uses 105°00' (EPSG:5897); PostGIS's own ST_Transform to the registered
-- SRID agrees with ocop_to_vn2000 (same EPSG:6960 datum shift).
SELECT ST_SRID(ocop_to_vn2000(p, '01')) AS srid,
       ST_AsText(ST_SnapToGrid(ocop_to_vn2000(p, '01'), 0.001)) AS hanoi,
       ST_Distance(ocop_to_vn2000(p, '01'), ST_Transform(p, 5897)) < 0.001 AS agrees_with_epsg,
       ST_Distance(ocop_to_vn2000(p, '52', '2025-06-30'), ST_Transform(p, 9217)) < 0.001 AS agrees_9217
  FROM (SELECT ST_SetSRID(ST_MakePoint(105.85, 21.03), 4326) AS p) t;
-- Non-point geometries are transformed too.
SELECT GeometryType(ocop_to_vn2000(ocop_admin_geom('00577'), '01')) AS polygon_type,
       round((ST_Area(ocop_to_vn2000(ocop_admin_geom('00577'), '01')) / 1e6)::numeric, 1) AS km2_on_grid;
-- SRIDs registered: PostGIS ships 5896-5899, ocop_postgis adds EPSG 9205-9218.
SELECT count(*) AS registered, min(srid), max(srid), bool_and(auth_name = 'EPSG' AND auth_srid = srid) AS epsg
  FROM spatial_ref_sys WHERE srid BETWEEN 9205 AND 9218;
SELECT srid, substr(srtext, 1, 30) AS name, proj4text LIKE '%+lon_0=105.75 %' AS cm FROM spatial_ref_sys WHERE srid = 9210;
SELECT count(DISTINCT srid) AS zones_used, count(*) AS provinces FROM ocop_vn2000_zone;
-- Bad input: unknown province, wrong SRIDs.
SELECT ocop_to_vn2000(ST_SetSRID(ST_MakePoint(105.85, 21.03), 4326), '99');
SELECT ocop_to_vn2000(ST_SetSRID(ST_MakePoint(105.85, 21.03), 4326), 'Hà Nội');
SELECT ocop_to_vn2000(ST_SetSRID(ST_MakePoint(588154, 2326509), 5897), '01');
SELECT ocop_from_vn2000(ST_SetSRID(ST_MakePoint(588154, 2326509), 4326), '01');
SELECT ST_AsText(ST_SnapToGrid(ocop_from_vn2000(ST_MakePoint(588154.477, 2326509.054), '01'), 0.000001)) AS srid0_accepted;
SELECT ocop_to_vn2000(NULL, '01') IS NULL AS null_geom, ocop_to_vn2000(ST_SetSRID(ST_MakePoint(105.85, 21.03), 4326), NULL) IS NULL AS null_province;
-- Constant folding (the PostgreSQL 18 bug of 0.2.0, "unknown province" for
-- valid provinces): PostgreSQL 18 plans the body of ocop_vn2000_zone_of with
-- the province as a constant, and the planner evaluated the IMMUTABLE raiser
-- in its COALESCE while simplifying it.  The same expression written out with
-- constants is planned that way on every version: a valid province plans and
-- answers, an unknown one raises when executed.
SELECT (COALESCE((SELECT z FROM ocop_vn2000_zone z WHERE z.province = '56'),
                 ocop_vn2000_bad_province('56'))).srid AS folded_zone_56;
SELECT (COALESCE((SELECT z FROM ocop_vn2000_zone z WHERE z.province = '99'),
                 ocop_vn2000_bad_province('99'))).srid AS folded_zone_99;
SELECT CASE WHEN random() >= 0 THEN 'not evaluated' ELSE ST_AsText(ocop_vn2000_bad_srid(5897, 9210)) END AS folded_srid_check;
SELECT proname, provolatile FROM pg_proc WHERE proname IN ('ocop_vn2000_bad_province', 'ocop_vn2000_bad_srid') ORDER BY 1;
-- Every province through ocop_to_vn2000 and back, each call planned with its
-- arguments as constants (on the last day of the pre-reform provinces: today
-- the codes of merged provinces with several meridians are refused, see
-- postgis_vn2000).
CREATE TEMP TABLE vn_const (province text, srid int, back int);
DO $$
DECLARE r record; srid int; back int;
BEGIN
  FOR r IN SELECT province, z.srid AS want FROM ocop_vn2000_zone z ORDER BY 1 LOOP
    EXECUTE format('SELECT ST_SRID(ocop_to_vn2000(ST_SetSRID(ST_MakePoint(105.85, 21.03), 4326), %L, ''2025-06-30''))', r.province) INTO srid;
    EXECUTE format('SELECT ST_SRID(ocop_from_vn2000(ST_SetSRID(ST_MakePoint(500000, 2300000), %s), %L, ''2025-06-30''))', r.want, r.province) INTO back;
    INSERT INTO vn_const VALUES (r.province, srid, back);
  END LOOP;
END $$;
SELECT count(*) AS provinces, count(*) FILTER (WHERE v.srid = z.srid AND v.back = 4326) AS right_zone_and_back
  FROM vn_const v JOIN ocop_vn2000_zone z USING (province);

-- Search-path safety: everything keeps working with only pg_catalog visible.
SET search_path = pg_catalog, pg_temp;
SELECT public.ocop_commune_at(public.st_setsrid(public.st_makepoint(105.911856, 20.969142), 4326)) AS at,
       public.ocop_commune_nearest(public.st_setsrid(public.st_makepoint(106.7, 10.77), 4326)) AS nearest,
       public.st_npoints(public.ocop_admin_geom('00577')) > 20 AS geom,
       public.ocop_code_geom(public.ocop_code(1, 577, 1, 2026, 1)) IS NOT NULL AS code_geom,
       public.st_astext(public.ocop_admin_rep_geom('00565')) AS rep;
SELECT public.st_astext(public.st_snaptogrid(public.ocop_to_vn2000(public.st_setsrid(public.st_makepoint(105.85, 21.03), 4326), '01'), 0.001)) AS vn2000,
       public.st_astext(public.st_snaptogrid(public.ocop_from_vn2000(public.ocop_to_vn2000(public.st_setsrid(public.st_makepoint(105.85, 21.03), 4326), '01'), '01'), 0.000001)) AS back;
SELECT name FROM public.ocop_village_at(public.st_setsrid(public.st_makepoint(105.7730, 20.9800), 4326));
SELECT count(*) FROM public.ocop_villages_near(public.st_setsrid(public.st_makepoint(105.9140, 20.9765), 4326), 2);
RESET search_path;
DELETE FROM ocop_village WHERE source = 'regression test';

-- A role without privileges of its own can use everything read-only.
CREATE ROLE regress_geo_reader;
SET ROLE regress_geo_reader;
SELECT ocop_commune_at(ST_SetSRID(ST_MakePoint(105.911856, 20.969142), 4326)) AS at,
       ocop_admin_name('00577', '2026-01-01') AS name,
       ocop_commune_nearest(ST_SetSRID(ST_MakePoint(106.7, 10.77), 4326)) AS nearest,
       ST_SRID(ocop_to_vn2000(ST_SetSRID(ST_MakePoint(105.85, 21.03), 4326), '01')) AS srid,
       (SELECT count(*) FROM ocop_villages_near(ST_SetSRID(ST_MakePoint(105.85, 21.03), 4326), 1)) AS villages,
       (SELECT count(*) FROM ocop_commune_polygon) AS polygons;
INSERT INTO ocop_village (name, kind, geom, source) VALUES ('x', 'residential', 'SRID=4326;POINT(105.8 21)', 'x');
SELECT ocop_vn2000_register_srids();
RESET ROLE;
DROP ROLE regress_geo_reader;

-- doc/geography.md examples not shown above in the same form.
SELECT GeometryType(ocop_admin_geom('00577', '2026-01-01')),
       round((ST_Area(ocop_admin_geom('00577', '2026-01-01')::geography) / 1e6)::numeric, 1);
SELECT ocop_commune_at(ST_SetSRID(ST_MakePoint(105.911856, 20.969142), 4326));
SELECT ocop_commune_nearest(ST_SetSRID(ST_MakePoint(106.7, 10.77), 4326));
SELECT ST_AsText(ocop_admin_rep_geom('00571', '2024-01-01'));
SELECT ST_AsText(ST_SnapToGrid(ocop_to_vn2000(ST_SetSRID(ST_MakePoint(105.85, 21.03), 4326), '01'), 0.001));

-- Declarations.
SELECT p.oid::regprocedure AS function, p.provolatile, p.proisstrict, p.proparallel,
       p.prosqlbody IS NOT NULL AS atomic, p.prosecdef
  FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass AND d.deptype = 'e'
  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'ocop_postgis'
 ORDER BY p.oid::regprocedure::text;
SELECT count(*) AS undocumented FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'ocop_postgis'
 WHERE d.deptype = 'e' AND d.classid IN ('pg_proc'::regclass, 'pg_class'::regclass)
   AND obj_description(d.objid, CASE WHEN d.classid = 'pg_proc'::regclass THEN 'pg_proc' ELSE 'pg_class' END) IS NULL
   AND NOT (d.classid = 'pg_class'::regclass AND (SELECT relkind FROM pg_class WHERE oid = d.objid) IN ('i', 'S'));
SELECT extconfig::regclass[] FROM pg_extension WHERE extname = 'ocop_postgis';
SELECT GeometryType(geom) FROM ocop_village LIMIT 0;
RESET client_min_messages;
SELECT province, central_meridian, srid FROM ocop_vn2000_zone WHERE province IN ('01', '56') ORDER BY 1;
