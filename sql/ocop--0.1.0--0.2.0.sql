-- ocop 0.1.0 -> 0.2.0 (ALTER EXTENSION ocop UPDATE TO '0.2.0').
--
-- Same rules as the install script: objects of this extension are written
-- @extschema@.name and built-in ones pg_catalog.name; nothing is CREATE OR
-- REPLACE.  test/scripts/upgrade.sh checks that an updated database has the
-- same objects, definitions, comments and privileges as a fresh 0.2.0 one.

\echo Use "ALTER EXTENSION ocop UPDATE TO '0.2.0'" to load this file. \quit

-- The PL/pgSQL rule functions pin search_path (their bodies are parsed at
-- call time, under the caller's search_path).
ALTER FUNCTION @extschema@.ocop_star_from_score(pg_catalog.numeric, pg_catalog.text)
  SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.ocop_star_from_parts(pg_catalog.numeric, pg_catalog.numeric,
                                                pg_catalog.numeric, pg_catalog.text)
  SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.ocop_certifier(@extschema@.ocop_star, pg_catalog.date)
  SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.ocop_product_set_name(pg_catalog.int4, pg_catalog.text)
  SET search_path = pg_catalog, pg_temp;
