-- ocop 0.2.0 -> 0.3.0 (ALTER EXTENSION ocop UPDATE TO '0.3.0').
--
-- Same rules as the install script: objects of this extension are written
-- @extschema@.name and built-in ones pg_catalog.name; nothing is CREATE OR
-- REPLACE.  test/scripts/upgrade.sh checks that an updated database has the
-- same objects, definitions, comments and privileges as a fresh 0.3.0 one.

\echo Use "ALTER EXTENSION ocop UPDATE TO '0.3.0'" to load this file. \quit
