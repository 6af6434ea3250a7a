-- ocop_postgis 0.2.0 -> 0.3.0 (ALTER EXTENSION ocop_postgis UPDATE TO '0.3.0').
--
-- Same rules as the install script.  test/scripts/upgrade.sh checks that an
-- updated database matches a fresh 0.3.0 one.

\echo Use "ALTER EXTENSION ocop_postgis UPDATE TO '0.3.0'" to load this file. \quit
