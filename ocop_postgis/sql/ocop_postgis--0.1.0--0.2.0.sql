-- ocop_postgis 0.1.0 -> 0.2.0 (ALTER EXTENSION ocop_postgis UPDATE TO '0.2.0').
--
-- No object of ocop_postgis changes in 0.2.0: the two extensions are
-- released together under one version (META.json, debian/changelog), and
-- this script is the path between them.  test/scripts/upgrade.sh checks that
-- an updated database matches a fresh 0.2.0 one.

\echo Use "ALTER EXTENSION ocop_postgis UPDATE TO '0.2.0'" to load this file. \quit
