-- The audit both extensions pass, included by test/sql/catalog.sql (ocop)
-- and ocop_postgis/test/sql/postgis_catalog.sql (ocop_postgis) after
-- \set ext <extension name>.  Every query lists offenders, so an empty result
-- is a pass; the first query makes sure the name is an installed extension.
SELECT count(*) = 1 AS audited_extension_installed FROM pg_extension WHERE extname = :'ext';
-- Every object has a comment, so \dT+, \df+, \do+ explain it; types PostgreSQL
-- makes by itself (array types, the row types of tables) are explained by
-- their element type or table (PostgreSQL 17 and later record them as
-- extension members too).
SELECT pg_describe_object(d.classid, d.objid, 0) AS uncommented
FROM pg_depend d
WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
  AND d.refobjid IN (SELECT oid FROM pg_extension WHERE extname = :'ext')
  AND d.classid IN ('pg_proc'::regclass, 'pg_type'::regclass, 'pg_class'::regclass,
                    'pg_operator'::regclass, 'pg_opclass'::regclass, 'pg_cast'::regclass)
  AND obj_description(d.objid, d.classid::regclass::name) IS NULL
  AND NOT EXISTS (SELECT 1 FROM pg_type t LEFT JOIN pg_class c ON c.oid = t.typrelid
                  WHERE d.classid = 'pg_type'::regclass AND t.oid = d.objid
                    AND (t.typcategory = 'A' OR c.relkind IN ('r', 'p', 'v', 'm', 'f')))
  AND NOT EXISTS (SELECT 1 FROM pg_class c WHERE d.classid = 'pg_class'::regclass
                  AND c.oid = d.objid AND c.relkind IN ('S', 'i'))
ORDER BY 1;

-- No SECURITY DEFINER anywhere; C functions are never VOLATILE by accident.
SELECT p.oid::regprocedure AS security_definer
FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass AND d.deptype = 'e'
WHERE d.refobjid IN (SELECT oid FROM pg_extension WHERE extname = :'ext') AND p.prosecdef;

-- A body parsed at call time (PL/pgSQL, or SQL that is not BEGIN ATOMIC)
-- runs under the caller's search_path unless the function pins one: every
-- such function pins search_path to pg_catalog, pg_temp.
SELECT p.oid::regprocedure AS unpinned_search_path, l.lanname
FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass AND d.deptype = 'e'
WHERE d.refobjid IN (SELECT oid FROM pg_extension WHERE extname = :'ext')
  AND (l.lanname = 'plpgsql' OR (l.lanname = 'sql' AND p.prosqlbody IS NULL))
  AND NOT coalesce('search_path=pg_catalog, pg_temp' = ANY (p.proconfig), false)
ORDER BY p.oid::regprocedure::text;
SELECT count(*) AS pinned_bodies FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass AND d.deptype = 'e'
WHERE d.refobjid IN (SELECT oid FROM pg_extension WHERE extname = :'ext')
  AND l.lanname = 'plpgsql' AND 'search_path=pg_catalog, pg_temp' = ANY (p.proconfig);
