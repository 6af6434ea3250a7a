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

-- BEGIN food miles in C (issue 20 part 3)
-- trace_points, trace_path and trace_distance_km are computed in C
-- (extension/trace_geo.c); same definitions as a fresh install.
-- The located events of a chain in order: the event's own lon/lat (WGS 84)
-- when given, else the representative point of its place (a code) on the
-- event's date in Viet Nam (UTC+7, no daylight saving): the row of
-- ocop_admin_rep_point valid on that date, else ocop_admin_rep_geom (which
-- follows a pre-reform code merged whole into one current unit); events with
-- neither are skipped.  Computed in C (extension/trace_geo.c) from the
-- chain's events and a per-backend copy of ocop_admin_rep_point, without a
-- query per event; the SQL wrappers below pass the table and turn the C
-- results into PostGIS values (ocop.so does not link PostGIS).
CREATE FUNCTION @extschema@.ocop_trace_points(chain trace_chain, places regclass,
    OUT seq int4, OUT at timestamptz, OUT place text, OUT lon float8, OUT lat float8)
  RETURNS SETOF record
  AS '$libdir/ocop', 'ocop_trace_points' LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION @extschema@.ocop_trace_points(trace_chain, regclass) IS
  'located events of a chain in order as (seq, at, place, lon, lat), representative points read from table places (code, valid_from, valid_to, geom) once per backend (internal; use trace_points)';

CREATE FUNCTION @extschema@.ocop_trace_path_ewkb(chain trace_chain, places regclass) RETURNS bytea
  AS '$libdir/ocop', 'ocop_trace_path_ewkb' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ocop_trace_path_ewkb(trace_chain, regclass) IS
  'EWKB (little-endian, SRID 4326) of the LineString through the located events of a chain, NULL when fewer than two (internal; use trace_path)';

CREATE FUNCTION @extschema@.ocop_trace_km(chain trace_chain, places regclass) RETURNS float8
  AS '$libdir/ocop', 'ocop_trace_km' LANGUAGE C STABLE STRICT PARALLEL SAFE;
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
