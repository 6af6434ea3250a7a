-- Catalog audit over everything the companion extension ocop_postgis creates
-- (the last suite of ocop_postgis/Makefile's REGRESS): the checks of the
-- core's audit, test/sql/catalog.sql, on this extension (which has no
-- operator class).
CREATE EXTENSION IF NOT EXISTS ocop_postgis CASCADE;
-- Its C functions are in its own library (MODULE_PATHNAME), none in ocop's.
SELECT p.proname, p.probin FROM pg_proc p
JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass AND d.deptype = 'e'
WHERE d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'ocop_postgis')
  AND p.prolang = (SELECT oid FROM pg_language WHERE lanname = 'c')
ORDER BY 1;

\set ext ocop_postgis
\i ../test/sql/include/extension_audit.sql

SELECT count(*) AS opclasses FROM pg_opclass opc
JOIN pg_depend d ON d.objid = opc.oid AND d.classid = 'pg_opclass'::regclass AND d.deptype = 'e'
WHERE d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'ocop_postgis');
