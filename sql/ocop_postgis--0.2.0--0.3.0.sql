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
