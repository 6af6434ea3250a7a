-- ocop_postgis 0.2.0 -> 0.3.0 (ALTER EXTENSION ocop_postgis UPDATE TO '0.3.0').
--
-- Same rules as the install script.  test/scripts/upgrade.sh checks that an
-- updated database matches a fresh 0.3.0 one.

\echo Use "ALTER EXTENSION ocop_postgis UPDATE TO '0.3.0'" to load this file. \quit

-- The VN-2000 raisers become VOLATILE, so that the planner never evaluates
-- them while simplifying a query whose arguments are constants (PostgreSQL 18
-- plans SQL functions so: "unknown province" was raised for valid provinces).
ALTER FUNCTION @extschema@.ocop_vn2000_bad_province(pg_catalog.text) VOLATILE;
ALTER FUNCTION @extschema@.ocop_vn2000_bad_srid(pg_catalog.int4, pg_catalog.int4) VOLATILE;

-- trace_distance_km: ST_Length's use_spheroid argument given explicitly, so
-- that an overload ST_Length(geography) beside PostGIS (test/scripts/
-- security.sh plants one) cannot make the call ambiguous and the install
-- fail.  Same result: true is PostGIS's default.
CREATE OR REPLACE FUNCTION @extschema@.trace_distance_km(chain trace_chain) RETURNS float8
  LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
  SELECT CASE WHEN pg_catalog.count(*) OPERATOR(pg_catalog.=) 0 THEN NULL
              WHEN pg_catalog.count(*) OPERATOR(pg_catalog.=) 1 THEN 0::float8
              ELSE ST_Length(CAST(ST_MakeLine(p.geom ORDER BY p.seq) AS geography), true)
                   OPERATOR(pg_catalog./) 1000::float8 END
    FROM @extschema@.trace_points(chain) p;
END;

-- BEGIN event hash IDs (issue 16 part 2)
-- ocop 0.3.0 replaced trace_events (a hash_id column) and, while this
-- extension's trace_points still read the 0.2.0 function, kept that one as
-- trace_events_0_2_0.  trace_points now reads the new one (same definition as
-- a fresh install), and the old one goes.
CREATE OR REPLACE FUNCTION @extschema@.trace_points(chain trace_chain,
    OUT seq int4, OUT at timestamptz, OUT place text, OUT geom geometry)
  RETURNS SETOF record
  LANGUAGE sql STABLE STRICT PARALLEL SAFE ROWS 10
BEGIN ATOMIC
  SELECT p.seq, p.at, p.place, p.geom FROM (
    SELECT e.seq, e.at, e.place,
           CASE WHEN e.lon IS NOT NULL AND e.lat IS NOT NULL
                THEN ST_SetSRID(ST_MakePoint(e.lon, e.lat), 4326)
                WHEN e.place IS NOT NULL
                -- a unit current on that date: one index probe; else the
                -- general lookup, which follows pre-reform codes
                THEN COALESCE((SELECT r.geom FROM @extschema@.ocop_admin_rep_point r
                                WHERE r.code OPERATOR(pg_catalog.=) e.place
                                  AND r.valid_from OPERATOR(pg_catalog.<=) d.day
                                  AND d.day OPERATOR(pg_catalog.<) r.valid_to
                                LIMIT 1),
                              @extschema@.ocop_admin_rep_geom(e.place, d.day)) END AS geom
      FROM trace_events(chain) e
      CROSS JOIN LATERAL (SELECT CAST(pg_catalog.timezone('+07:00'::text, e.at) AS date) AS day) d) p
   WHERE p.geom IS NOT NULL
   ORDER BY p.seq;
END;

DO $ocop_postgis_drop_old_trace_events$
DECLARE
  ocop_schema pg_catalog.text;
BEGIN
  SELECT n.nspname INTO ocop_schema
    FROM pg_catalog.pg_proc AS p JOIN pg_catalog.pg_namespace AS n ON n.oid OPERATOR(pg_catalog.=) p.pronamespace
   WHERE p.proname OPERATOR(pg_catalog.=) 'trace_events_0_2_0';
  IF ocop_schema IS NOT NULL THEN
    EXECUTE pg_catalog.format('ALTER EXTENSION ocop DROP FUNCTION %I.trace_events_0_2_0(%I.trace_chain)', ocop_schema, ocop_schema);
    EXECUTE pg_catalog.format('DROP FUNCTION %I.trace_events_0_2_0(%I.trace_chain)', ocop_schema, ocop_schema);
  END IF;
END;
$ocop_postgis_drop_old_trace_events$;
-- END event hash IDs

-- BEGIN VN-2000 after the reform (issue 20 part 4)
-- A current province code formed from provinces with different central
-- meridians is refused (ocop_vn2000_zone_of gains a date and the check);
-- new: ocop_vn2000_province_at, the point form ocop_to_vn2000(geometry), the
-- SRID form ocop_from_vn2000(geometry), and the dated forms.  Same
-- definitions as a fresh install.
-- After the reform of 1 July 2025 (Resolution 202/2025/QH15) a province code
-- may name a merged province whose former provinces have different central
-- meridians.  No decision giving the merged provinces meridians of their own
-- was found (doc/geography.md, "VN-2000 after the reform"): the meridians of
-- Circular 973/2001/TT-TCĐC keep applying to the former provinces' territory,
-- so such a code does not tell which grid a geometry belongs to, and it is
-- refused.  The caller (a BEGIN ATOMIC function, which sees the core
-- extension's tables) composes the detail; the raisers only raise (VOLATILE,
-- as above).
CREATE FUNCTION @extschema@.ocop_vn2000_merged_province(province text, detail text, last_day date)
  RETURNS @extschema@.ocop_vn2000_zone
  LANGUAGE plpgsql VOLATILE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  RAISE EXCEPTION 'invalid parameter for ocop_postgis: province "%" is a merged province with more than one VN-2000 central meridian', province
    USING ERRCODE = '22023',
          DETAIL = detail,
          HINT = format('Give a point instead: ocop_to_vn2000(point) finds the former province at the point (ocop_vn2000_province_at). '
                        'Or give the code of the former province; the code that the merged province kept names the former province on dates up to %s: ocop_to_vn2000(g, ''%s'', ''%s'').',
                        to_char(last_day, 'YYYY-MM-DD'), province, to_char(last_day, 'YYYY-MM-DD'));
END;
$$;

CREATE FUNCTION @extschema@.ocop_vn2000_bad_grid_srid(srid int4) RETURNS @extschema@.ocop_vn2000_zone
  LANGUAGE plpgsql VOLATILE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  RAISE EXCEPTION 'invalid parameter for ocop_postgis: SRID % is not the SRID of a province''s VN-2000 TM-3 zone', srid
    USING ERRCODE = '22023',
          DETAIL = 'The geometry (parameter g) must carry an SRID of the srid column of ocop_vn2000_zone, as ocop_to_vn2000 gives.',
          HINT = 'For grid coordinates without an SRID, name the province: ocop_from_vn2000(g, province).';
END;
$$;

-- The zone of the province that has this code on date at; 22023 when that
-- province was formed (over every step of the succession table: Đồng Nai
-- changed again on 30 April 2026) from provinces of Circular 973 with
-- different central meridians, or when no province of Circular 973 has the
-- code.
CREATE FUNCTION @extschema@.ocop_vn2000_zone_of(province text, at date) RETURNS @extschema@.ocop_vn2000_zone
  LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  WITH RECURSIVE unit(code, valid_from, valid_to, name, depth) AS (
    SELECT p.code, p.valid_from, p.valid_to, p.name, 0
      FROM ocop_admin_province p
     WHERE p.code OPERATOR(pg_catalog.=) $1
       AND p.valid_from OPERATOR(pg_catalog.<=) $2 AND p.valid_to OPERATOR(pg_catalog.>) $2
    UNION ALL
    SELECT o.code, o.valid_from, o.valid_to, o.name, u.depth OPERATOR(pg_catalog.+) 1
      FROM unit u
      JOIN ocop_admin_succession s
        ON s.new_code OPERATOR(pg_catalog.=) u.code AND s.effective OPERATOR(pg_catalog.=) u.valid_from
      JOIN ocop_admin_province o
        ON o.code OPERATOR(pg_catalog.=) s.old_code AND o.valid_to OPERATOR(pg_catalog.=) s.effective
     WHERE u.depth OPERATOR(pg_catalog.<) 16),
  former AS (
    SELECT u.code, u.name, u.valid_to, z.central_meridian,
           pg_catalog.format('%s %s (%s°%s′)', u.code, u.name,
             pg_catalog.to_char(pg_catalog.trunc(z.central_meridian), 'FM990'),
             pg_catalog.to_char((z.central_meridian OPERATOR(pg_catalog.-) pg_catalog.trunc(z.central_meridian)) OPERATOR(pg_catalog.*) 60, 'FM00')) AS label
      FROM unit u
      JOIN @extschema@.ocop_vn2000_zone z ON z.province OPERATOR(pg_catalog.=) u.code
     WHERE NOT EXISTS (SELECT 1 FROM ocop_admin_succession s
                        WHERE s.new_code OPERATOR(pg_catalog.=) u.code AND s.effective OPERATOR(pg_catalog.=) u.valid_from))
  SELECT CASE WHEN m.meridians OPERATOR(pg_catalog.>) 1
              THEN @extschema@.ocop_vn2000_merged_province($1, m.detail, m.last_day)
              ELSE COALESCE((SELECT z FROM @extschema@.ocop_vn2000_zone z WHERE z.province OPERATOR(pg_catalog.=) $1),
                            @extschema@.ocop_vn2000_bad_province($1)) END
    FROM (SELECT pg_catalog.count(DISTINCT f.central_meridian) AS meridians,
                 pg_catalog.format('The province code %s (parameter province) names %s, whose territory was, up to %s, that of %s. '
                                   'No central meridian of its own has been published; those of the former provinces apply to their territory.',
                   $1, (SELECT u.name FROM unit u WHERE u.depth OPERATOR(pg_catalog.=) 0),
                   pg_catalog.to_char(pg_catalog.max(f.valid_to) OPERATOR(pg_catalog.-) 1, 'YYYY-MM-DD'),
                   pg_catalog.string_agg(DISTINCT f.label, ', ' ORDER BY f.label)) AS detail,
                 pg_catalog.max(f.valid_to) OPERATOR(pg_catalog.-) 1 AS last_day
            FROM former f) m;
END;
COMMENT ON FUNCTION @extschema@.ocop_vn2000_zone_of(text, date) IS
  'the VN-2000 zone row of the province with this code on date at (internal); 22023 for an unknown province, or for a province formed from provinces with different central meridians';

CREATE OR REPLACE FUNCTION @extschema@.ocop_vn2000_zone_of(province text) RETURNS @extschema@.ocop_vn2000_zone
  LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT @extschema@.ocop_vn2000_zone_of($1, CURRENT_DATE);
END;
COMMENT ON FUNCTION @extschema@.ocop_vn2000_zone_of(text) IS
  'ocop_vn2000_zone_of(province, CURRENT_DATE) (internal)';

-- Grid to WGS 84: the exact inverse of ocop_to_vn2000 for points on the WGS 84
-- ellipsoid.  A 2D transformation drops the ellipsoidal height that the datum
-- shift gives (tens of metres), and PROJ's inverse puts the point on the
-- VN-2000 ellipsoid instead, so that going to the grid and back moved a point
-- by up to 1.4 mm in northern Viet Nam (0.3 mm at 8.5° N, 1.25 mm at 23° N).
-- The error is smooth (a few micrometres over 10 km): it is measured once, at
-- the geometry's centroid (to the grid and back), and taken off the grid
-- coordinates before the inverse (one Newton step), which leaves nanometres.
CREATE FUNCTION @extschema@.ocop_vn2000_unproject(g geometry, proj4 text) RETURNS geometry
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
  SELECT postgis_transform_geometry(
           CASE WHEN ST_IsEmpty(g) THEN g
                ELSE ST_Translate(g, ST_X(c.p) OPERATOR(pg_catalog.-) ST_X(c.q), ST_Y(c.p) OPERATOR(pg_catalog.-) ST_Y(c.q)) END,
           proj4, '+proj=longlat +datum=WGS84 +no_defs', 4326)
    FROM (SELECT b.p, postgis_transform_geometry(
                        postgis_transform_geometry(b.p, proj4, '+proj=longlat +datum=WGS84 +no_defs', 4326),
                        '+proj=longlat +datum=WGS84 +no_defs', proj4, ST_SRID(b.p)) AS q
            FROM (SELECT ST_Centroid(g) AS p) b) c;
END;
COMMENT ON FUNCTION @extschema@.ocop_vn2000_unproject(geometry, text) IS
  'VN-2000 grid geometry to WGS 84 (SRID 4326) through the PROJ definition proj4, the exact inverse of the forward transformation for points on the WGS 84 ellipsoid (internal)';

CREATE OR REPLACE FUNCTION @extschema@.ocop_from_vn2000(g geometry, province text) RETURNS geometry
  LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
  SELECT @extschema@.ocop_vn2000_unproject(
           CASE WHEN ST_SRID(g) OPERATOR(pg_catalog.=) z.srid OR ST_SRID(g) OPERATOR(pg_catalog.=) 0
                THEN g ELSE @extschema@.ocop_vn2000_bad_srid(ST_SRID(g), z.srid) END,
           z.proj4)
    FROM @extschema@.ocop_vn2000_zone_of(province) z;
END;

-- The former (pre-reform) province of a point: the commune at the point
-- today, followed back through the succession table (over every step: Đồng
-- Nai's communes changed again on 30 April 2026) to the communes it was
-- formed from that ended with the former provinces (1 July 2025, the valid_to
-- of their rows), and their province.  NULL when no shipped polygon holds the
-- point, or when the commune was formed from communes of several former
-- provinces (their old boundary inside it does not ship).
CREATE FUNCTION @extschema@.ocop_vn2000_province_at(pt geometry) RETURNS text
  LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
  WITH RECURSIVE here AS MATERIALIZED (
    SELECT @extschema@.ocop_commune_at(pt, CURRENT_DATE) AS code,
           (SELECT pg_catalog.min(p.valid_to)
              FROM ocop_admin_province p
              JOIN @extschema@.ocop_vn2000_zone z ON z.province OPERATOR(pg_catalog.=) p.code) AS reform),
  unit(code, valid_from, valid_to, province, depth) AS (
    SELECT c.code, c.valid_from, c.valid_to, c.province, 0
      FROM here h
      JOIN ocop_admin_commune c ON c.code OPERATOR(pg_catalog.=) h.code
     WHERE c.valid_from OPERATOR(pg_catalog.<=) CURRENT_DATE AND c.valid_to OPERATOR(pg_catalog.>) CURRENT_DATE
    UNION ALL
    SELECT o.code, o.valid_from, o.valid_to, o.province, u.depth OPERATOR(pg_catalog.+) 1
      FROM unit u
      JOIN ocop_admin_succession s
        ON s.new_code OPERATOR(pg_catalog.=) u.code AND s.effective OPERATOR(pg_catalog.=) u.valid_from
      JOIN ocop_admin_commune o
        ON o.code OPERATOR(pg_catalog.=) s.old_code AND o.valid_to OPERATOR(pg_catalog.=) s.effective
     WHERE u.depth OPERATOR(pg_catalog.<) 16)
  SELECT CASE WHEN pg_catalog.count(DISTINCT u.province) OPERATOR(pg_catalog.=) 1 THEN pg_catalog.min(u.province) END
    FROM unit u, here h
   WHERE u.valid_to OPERATOR(pg_catalog.<=) h.reform
     AND NOT EXISTS (SELECT 1 FROM ocop_admin_succession s
                      WHERE s.new_code OPERATOR(pg_catalog.=) u.code AND s.effective OPERATOR(pg_catalog.=) u.valid_from);
END;
COMMENT ON FUNCTION @extschema@.ocop_vn2000_province_at(geometry) IS
  'code of the pre-reform (before 1 July 2025) province whose VN-2000 zone applies at the point (SRID 4326), from ocop_commune_at and the succession table; NULL outside the shipped polygons or in a commune formed from several former provinces; 22023 for non-points and other SRIDs';

CREATE FUNCTION @extschema@.ocop_to_vn2000(g geometry) RETURNS geometry
  LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
  SELECT postgis_transform_geometry(g, '+proj=longlat +datum=WGS84 +no_defs', z.proj4, z.srid)
    FROM @extschema@.ocop_vn2000_zone z
   WHERE z.province OPERATOR(pg_catalog.=) (SELECT @extschema@.ocop_vn2000_province_at(g));
END;
COMMENT ON FUNCTION @extschema@.ocop_to_vn2000(geometry) IS
  'WGS 84 (SRID 4326) point to the VN-2000 TM-3 grid of the former province at the point (ocop_vn2000_province_at); NULL where that province is not known; 22023 for non-points and other SRIDs';

CREATE FUNCTION @extschema@.ocop_from_vn2000(g geometry) RETURNS geometry
  LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
  SELECT @extschema@.ocop_vn2000_unproject(g, (w.z).proj4)
    FROM (SELECT COALESCE((SELECT y FROM @extschema@.ocop_vn2000_zone y
                            WHERE y.srid OPERATOR(pg_catalog.=) ST_SRID(g) ORDER BY y.province LIMIT 1),
                          @extschema@.ocop_vn2000_bad_grid_srid(ST_SRID(g))) AS z) w;
END;
COMMENT ON FUNCTION @extschema@.ocop_from_vn2000(geometry) IS
  'VN-2000 TM-3 grid coordinates to WGS 84 (SRID 4326), the zone read from the geometry''s SRID (as ocop_to_vn2000 gives it); 22023 for an SRID that is not a province''s zone';

CREATE FUNCTION @extschema@.ocop_to_vn2000(g geometry, province text, at date) RETURNS geometry
  LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
  SELECT postgis_transform_geometry(
           CASE WHEN ST_SRID(g) OPERATOR(pg_catalog.=) 4326 THEN g
                ELSE @extschema@.ocop_vn2000_bad_srid(ST_SRID(g), 4326) END,
           '+proj=longlat +datum=WGS84 +no_defs', z.proj4, z.srid)
    FROM @extschema@.ocop_vn2000_zone_of(province, at) z;
END;
COMMENT ON FUNCTION @extschema@.ocop_to_vn2000(geometry, text, date) IS
  'WGS 84 (SRID 4326) geometry to the VN-2000 TM-3 grid of the province with this code on date at (a date before 1 July 2025 names a pre-reform province); 22023 for other SRIDs, unknown provinces and merged provinces with several central meridians';

CREATE FUNCTION @extschema@.ocop_from_vn2000(g geometry, province text, at date) RETURNS geometry
  LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
  SELECT @extschema@.ocop_vn2000_unproject(
           CASE WHEN ST_SRID(g) OPERATOR(pg_catalog.=) z.srid OR ST_SRID(g) OPERATOR(pg_catalog.=) 0
                THEN g ELSE @extschema@.ocop_vn2000_bad_srid(ST_SRID(g), z.srid) END,
           z.proj4)
    FROM @extschema@.ocop_vn2000_zone_of(province, at) z;
END;
COMMENT ON FUNCTION @extschema@.ocop_from_vn2000(geometry, text, date) IS
  'VN-2000 TM-3 grid coordinates (SRID of the zone, or 0) of the province with this code on date at to WGS 84 (SRID 4326); 22023 for another SRID, unknown provinces and merged provinces with several central meridians';

COMMENT ON TABLE @extschema@.ocop_vn2000_zone IS
  'VN-2000 TM-3 central meridian of each pre-reform province (Circular 973/2001/TT-TCĐC, appendix) with its EPSG code (EPSG:5896-5899, 9205-9218) and PROJ definition (datum shift of Decision 05/2007/QĐ-BTNMT); no later decision was found (as of December 2026): the meridians still apply to the former provinces'' territory after the reform of 1 July 2025';
COMMENT ON FUNCTION @extschema@.ocop_to_vn2000(geometry, text) IS
  'WGS 84 (SRID 4326) geometry to the VN-2000 TM-3 grid of a province (metres, SRID 5896-5899/9205-9218): a pre-reform code, or a current one whose former provinces share a central meridian; 22023 for other SRIDs, unknown provinces and merged provinces with several central meridians (see the point and dated forms)';
COMMENT ON FUNCTION @extschema@.ocop_from_vn2000(geometry, text) IS
  'VN-2000 TM-3 grid coordinates of a province (SRID of its zone, or 0; codes as for ocop_to_vn2000) to WGS 84 (SRID 4326); 22023 for another SRID, unknown provinces and merged provinces with several central meridians';
COMMENT ON FUNCTION @extschema@.ocop_vn2000_merged_province(text, text, date) IS 'raises 22023 for a merged province with several VN-2000 central meridians (internal)';
COMMENT ON FUNCTION @extschema@.ocop_vn2000_bad_grid_srid(int4) IS 'raises 22023 for an SRID that is not a province''s VN-2000 zone (internal)';
-- END VN-2000 after the reform

-- BEGIN food miles in C (issue 20 part 3)
-- trace_points, trace_path and trace_distance_km are computed in C
-- (ocop_postgis/src/trace_geo.c); same definitions as a fresh install.
-- The located events of a chain in order: the event's own lon/lat (WGS 84)
-- when given, else the representative point of its place (a code) on the
-- event's date in Viet Nam (UTC+7, no daylight saving): the row of
-- ocop_admin_rep_point valid on that date, else ocop_admin_rep_geom (which
-- follows a pre-reform code merged whole into one current unit); events with
-- neither are skipped.  Computed in C (ocop_postgis/src/trace_geo.c) from the
-- chain's events and a per-backend copy of ocop_admin_rep_point, without a
-- query per event; the SQL wrappers below pass the table and turn the C
-- results into PostGIS values (ocop_postgis.so does not link PostGIS).
CREATE FUNCTION @extschema@.ocop_trace_points(chain trace_chain, places regclass,
    OUT seq int4, OUT at timestamptz, OUT place text, OUT lon float8, OUT lat float8)
  RETURNS SETOF record
  AS 'MODULE_PATHNAME', 'ocop_trace_points' LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION @extschema@.ocop_trace_points(trace_chain, regclass) IS
  'located events of a chain in order as (seq, at, place, lon, lat), representative points read from table places (code, valid_from, valid_to, geom) once per backend (internal; use trace_points)';

CREATE FUNCTION @extschema@.ocop_trace_path_ewkb(chain trace_chain, places regclass) RETURNS bytea
  AS 'MODULE_PATHNAME', 'ocop_trace_path_ewkb' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ocop_trace_path_ewkb(trace_chain, regclass) IS
  'EWKB (little-endian, SRID 4326) of the LineString through the located events of a chain, NULL when fewer than two (internal; use trace_path)';

CREATE FUNCTION @extschema@.ocop_trace_km(chain trace_chain, places regclass) RETURNS float8
  AS 'MODULE_PATHNAME', 'ocop_trace_km' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ocop_trace_km(trace_chain, regclass) IS
  'geodesic length in km on the WGS 84 ellipsoid (Karney''s algorithm, PROJ geodesic.h) of the path through the located events of a chain; 0 with one, NULL with none (internal; use trace_distance_km)';

CREATE OR REPLACE FUNCTION @extschema@.trace_points(chain trace_chain,
    OUT seq int4, OUT at timestamptz, OUT place text, OUT geom geometry)
  RETURNS SETOF record
  LANGUAGE sql STABLE STRICT PARALLEL SAFE ROWS 10
BEGIN ATOMIC
  SELECT p.seq, p.at, p.place, ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326)
    FROM @extschema@.ocop_trace_points(chain, '@extschema@.ocop_admin_rep_point'::regclass) p
   ORDER BY p.seq;
END;
COMMENT ON FUNCTION @extschema@.trace_points(trace_chain) IS
  'located events of a chain in order: own lon/lat, else the representative point of its place code on the event''s date (UTC+7); events with neither are skipped';

CREATE OR REPLACE FUNCTION @extschema@.trace_path(chain trace_chain) RETURNS geometry
  LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
  SELECT ST_GeomFromEWKB(@extschema@.ocop_trace_path_ewkb(chain, '@extschema@.ocop_admin_rep_point'::regclass));
END;
COMMENT ON FUNCTION @extschema@.trace_path(trace_chain) IS
  'LineString (SRID 4326) through the located events of a chain in order (see trace_points); NULL when fewer than two events are located';

CREATE OR REPLACE FUNCTION @extschema@.trace_distance_km(chain trace_chain) RETURNS float8
  LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
  SELECT @extschema@.ocop_trace_km(chain, '@extschema@.ocop_admin_rep_point'::regclass);
END;
COMMENT ON FUNCTION @extschema@.trace_distance_km(trace_chain) IS
  'food miles: geodesic length in km (WGS 84 spheroid) of the chain''s path; 0 with one located event, NULL with none';
-- END food miles in C

-- BEGIN national shapes (issue 20 parts 1 and 2)
COMMENT ON TABLE @extschema@.ocop_commune_polygon IS
  'full-detail boundaries (unsimplified source) of the 126 communes and wards of Ha Noi after 1 July 2025 (Resolution 1656/NQ-UBTVQH15), WGS 84; reference only: the lookups answer from ocop_commune_shape';

-- The national layers (doc/geography.md, "National shapes"): every current
-- commune-level unit and province, simplified with shared borders kept shared
-- (Douglas-Peucker 10 m, data/geo/README.md).  Filled by the generated block
-- that `make` appends to this script (scripts/gen-geo).
CREATE TABLE @extschema@.ocop_commune_shape (
  code       text NOT NULL CHECK (code ~ '^[0-9]{5}$'),
  valid_from date NOT NULL,
  valid_to   date NOT NULL,
  geom       geometry(MultiPolygon, 4326) NOT NULL,
  PRIMARY KEY (code, valid_from),
  CHECK (valid_from < valid_to)
);
COMMENT ON TABLE @extschema@.ocop_commune_shape IS
  'boundaries of the 3,321 commune-level units of Viet Nam since 1 July 2025, simplified to 10 m with shared borders kept (data/geo, MIT, thanglequoc/vietnamese-provinces-database cd58063), WGS 84; answers ocop_commune_at, ocop_province_at and ocop_admin_geom';

CREATE TABLE @extschema@.ocop_province_shape (
  code       text NOT NULL CHECK (code ~ '^[0-9]{2}$'),
  valid_from date NOT NULL,
  valid_to   date NOT NULL,
  geom       geometry(MultiPolygon, 4326) NOT NULL,
  PRIMARY KEY (code, valid_from),
  CHECK (valid_from < valid_to)
);
COMMENT ON TABLE @extschema@.ocop_province_shape IS
  'boundaries of the 34 provinces since 1 July 2025, dissolved from ocop_commune_shape (enclosed gaps filled), WGS 84; answers ocop_admin_geom for province codes';
-- Their GiST indexes are built after the rows, in the generated block (one
-- sorted build is faster than 3,355 insertions).
GRANT SELECT ON @extschema@.ocop_commune_shape, @extschema@.ocop_province_shape TO PUBLIC;

CREATE OR REPLACE FUNCTION @extschema@.ocop_admin_geom(code text, at date DEFAULT CURRENT_DATE) RETURNS geometry
  LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
  SELECT s.geom FROM (
    SELECT c.geom FROM @extschema@.ocop_commune_shape c
     WHERE c.code OPERATOR(pg_catalog.=) ocop_admin_geom.code
       AND c.valid_from OPERATOR(pg_catalog.<=) ocop_admin_geom.at
       AND c.valid_to OPERATOR(pg_catalog.>) ocop_admin_geom.at
    UNION ALL
    SELECT p.geom FROM @extschema@.ocop_province_shape p
     WHERE p.code OPERATOR(pg_catalog.=) ocop_admin_geom.code
       AND p.valid_from OPERATOR(pg_catalog.<=) ocop_admin_geom.at
       AND p.valid_to OPERATOR(pg_catalog.>) ocop_admin_geom.at) s
   LIMIT 1;
END;
COMMENT ON FUNCTION @extschema@.ocop_admin_geom(text, date) IS
  'boundary (MultiPolygon, SRID 4326) of the commune (5-digit code) or province (2-digit code) current on date at, from the national 10 m layers ocop_commune_shape / ocop_province_shape; NULL before 1 July 2025 (no pre-reform shapes: follow ocop_admin_current), for districts and unknown codes';

CREATE OR REPLACE FUNCTION @extschema@.ocop_commune_at(pt geometry, at date DEFAULT CURRENT_DATE) RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT @extschema@.ocop_commune_pip(ST_X(@extschema@.ocop_geo_point(pt)), ST_Y(@extschema@.ocop_geo_point(pt)),
                                      at, '@extschema@.ocop_commune_shape'::regclass);
END;
COMMENT ON FUNCTION @extschema@.ocop_commune_at(geometry, date) IS
  'code of the commune-level unit of Viet Nam whose shape (ocop_commune_shape, 10 m layer) contains the point (SRID 4326) on date at; a point on a shared border goes to exactly one side, a point where the source''s units overlap to the lowest code; NULL at sea, outside Viet Nam, in the source''s gaps, before 1 July 2025 or for NULL input; 22023 for non-points and other SRIDs';

CREATE FUNCTION @extschema@.ocop_province_at(pt geometry, at date DEFAULT CURRENT_DATE) RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT c.province FROM ocop_admin_commune c
   WHERE c.code OPERATOR(pg_catalog.=) @extschema@.ocop_commune_at(pt, at)
     AND c.valid_from OPERATOR(pg_catalog.<=) ocop_province_at.at
     AND c.valid_to OPERATOR(pg_catalog.>) ocop_province_at.at;
END;
COMMENT ON FUNCTION @extschema@.ocop_province_at(geometry, date) IS
  'two-digit code of the province of the commune ocop_commune_at finds for the point on date at (so the two always agree); NULL where ocop_commune_at is NULL; 22023 for non-points and other SRIDs';

CREATE OR REPLACE FUNCTION @extschema@.ocop_code_geom(code ocop_code) RETURNS geometry
  LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
  SELECT p.geom
    FROM ocop_code_place(ocop_code_geom.code) u
    JOIN @extschema@.ocop_commune_shape p
      ON p.code OPERATOR(pg_catalog.=) u.code AND p.valid_from OPERATOR(pg_catalog.<=) u.valid_from
     AND u.valid_from OPERATOR(pg_catalog.<) p.valid_to;
END;
COMMENT ON FUNCTION @extschema@.ocop_code_geom(ocop_code) IS
  'boundary (ocop_commune_shape) of the current commune a two-level OCOP code names (see ocop_code_place); NULL for three-level (pre-reform) codes, which name communes without a shape';
-- The rows of the two tables follow at the end of this script (generated).
-- END national shapes

-- BEGIN own library (issue 19 part 3)
-- ocop_postgis's C code left ocop.so for its own library, ocop_postgis.so.
-- The one released C function of this extension pointed at '$libdir/ocop';
-- ocop.so keeps only an entry point of that name that raises "run ALTER
-- EXTENSION ocop_postgis UPDATE" (extension/ocop_moved.c), and this
-- re-points the function (same signature and OID: dependent objects stay).
CREATE OR REPLACE FUNCTION @extschema@.ocop_commune_pip(x float8, y float8, at date, polygons regclass) RETURNS text
  AS 'MODULE_PATHNAME', 'ocop_commune_pip' LANGUAGE C STABLE STRICT PARALLEL SAFE;
-- END own library
