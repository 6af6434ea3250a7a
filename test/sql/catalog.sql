-- Catalog audit over everything the core extension ocop creates (the last
-- suite of the Makefile's REGRESS).  It needs no PostGIS, and no core suite
-- installs it (counted here): ocop_postgis has its own audit with the same
-- checks, ocop_postgis/test/sql/postgis_catalog.sql.
CREATE EXTENSION IF NOT EXISTS ocop;
SELECT count(*) AS postgis_installed FROM pg_extension WHERE extname IN ('postgis', 'ocop_postgis');

\set ext ocop
\i test/sql/include/extension_audit.sql

-- Every operator class of the extension validates.
WITH ours AS MATERIALIZED (
  SELECT opc.oid, opc.opcname, am.amname
  FROM pg_opclass opc JOIN pg_am am ON am.oid = opc.opcmethod
  JOIN pg_depend d ON d.objid = opc.oid AND d.classid = 'pg_opclass'::regclass AND d.deptype = 'e'
  WHERE d.refobjid IN (SELECT oid FROM pg_extension WHERE extname = 'ocop'))
SELECT opcname, amname FROM ours WHERE NOT amvalidate(oid) ORDER BY 1, 2;
SELECT count(*) > 0 AS has_opclasses FROM pg_opclass opc
JOIN pg_depend d ON d.objid = opc.oid AND d.classid = 'pg_opclass'::regclass AND d.deptype = 'e'
WHERE d.refobjid IN (SELECT oid FROM pg_extension WHERE extname = 'ocop');
