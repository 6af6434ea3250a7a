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
