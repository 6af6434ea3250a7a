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
