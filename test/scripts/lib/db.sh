# Shared database checks for the script tests.  Sourced; psql connects with
# the caller's PG* settings.

# fingerprint DB: one line per table (user tables and the extensions'
# tables, not spatial_ref_sys): name, row count, md5 of the sorted rows' text.
fingerprint() {
  psql -X -At -d "$1" <<'SQL'
CREATE TEMP TABLE fp (tbl text, rows bigint, md5 text);
DO $$
DECLARE r record; n bigint; h text;
BEGIN
  FOR r IN SELECT c.oid::regclass AS rel FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
           WHERE c.relkind IN ('r', 'p') AND s.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
             AND s.nspname NOT LIKE 'pg_temp%' AND c.relname <> 'spatial_ref_sys' ORDER BY 1 LOOP
    EXECUTE format('SELECT count(*), md5(coalesce(string_agg(t::text, E''\n'' ORDER BY t::text), '''')) FROM %s t', r.rel)
      INTO n, h;
    INSERT INTO fp VALUES (r.rel::text, n, h);
  END LOOP;
END $$;
SELECT tbl || ' ' || rows || ' ' || md5 FROM fp ORDER BY tbl;
SQL
}

# ext_catalog DB: every member object of the ocop extensions as text lines,
# without OIDs: its identity, its definition (functions, aggregates, types,
# operators, operator classes and families, casts, tables with columns,
# defaults, constraints and indexes), its comment and its privileges, and the
# extensions' versions and configuration tables.  Two databases whose
# outputs are equal have the same extensions, whatever path (fresh install
# or updates) built them.
ext_catalog() {
  psql -X -At -q -d "$1" <<'SQL'
WITH m AS (
  SELECT e.extname, d.classid, d.objid, d.objsubid,
         pg_describe_object(d.classid, d.objid, d.objsubid) AS obj
  FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
  WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e' AND e.extname LIKE 'ocop%')
SELECT pg_catalog.replace(line, E'\n', ' \\n ') FROM (
  SELECT m.extname || ' | ' || m.obj || ' | ' || coalesce(
    CASE m.classid
      WHEN 'pg_proc'::regclass THEN (
        SELECT CASE WHEN p.prokind = 'a' THEN
                 (SELECT format('aggregate sfunc=%s stype=%s final=%s combine=%s minv=%s init=%s sort=%s',
                                a.aggtransfn::regprocedure, a.aggtranstype::regtype, a.aggfinalfn, a.aggcombinefn,
                                a.aggminvtransfn, a.agginitval, a.aggsortop::regoperator)
                  FROM pg_aggregate a WHERE a.aggfnoid = p.oid)
               ELSE pg_get_functiondef(p.oid) END
               || format(' cost=%s rows=%s support=%s config=%s acl=%s', p.procost, p.prorows, p.prosupport,
                         p.proconfig, p.proacl)
        FROM pg_proc p WHERE p.oid = m.objid)
      WHEN 'pg_type'::regclass THEN (
        SELECT format('type %s len=%s byval=%s align=%s storage=%s in=%s out=%s recv=%s send=%s analyze=%s '
                      'typmod=%s/%s subscript=%s elem=%s category=%s preferred=%s collation=%s base=%s notnull=%s acl=%s',
                      t.typtype, t.typlen, t.typbyval, t.typalign, t.typstorage, t.typinput, t.typoutput,
                      t.typreceive, t.typsend, t.typanalyze, t.typmodin, t.typmodout, t.typsubscript,
                      t.typelem::regtype, t.typcategory, t.typispreferred, t.typcollation, t.typbasetype::regtype,
                      t.typnotnull, t.typacl)
        FROM pg_type t WHERE t.oid = m.objid)
      WHEN 'pg_operator'::regclass THEN (
        SELECT format('operator code=%s rest=%s join=%s com=%s neg=%s merges=%s hashes=%s',
                      o.oprcode, o.oprrest, o.oprjoin, o.oprcom::regoperator, o.oprnegate::regoperator,
                      o.oprcanmerge, o.oprcanhash)
        FROM pg_operator o WHERE o.oid = m.objid)
      WHEN 'pg_opclass'::regclass THEN (
        SELECT format('opclass default=%s type=%s key=%s family=%s', c.opcdefault, c.opcintype::regtype,
                      c.opckeytype::regtype, pg_describe_object('pg_opfamily'::regclass, c.opcfamily, 0))
        FROM pg_opclass c WHERE c.oid = m.objid)
      WHEN 'pg_opfamily'::regclass THEN (
        SELECT 'opfamily ' || coalesce((SELECT string_agg(format('op %s %s %s %s %s', a.amopstrategy, a.amoplefttype::regtype,
                      a.amoprighttype::regtype, a.amopopr::regoperator, a.amoppurpose), '; ' ORDER BY a.amopstrategy,
                      a.amoplefttype::regtype::text, a.amoprighttype::regtype::text)
                 FROM pg_amop a WHERE a.amopfamily = m.objid), '') || ' / ' ||
               coalesce((SELECT string_agg(format('proc %s %s %s %s', p.amprocnum, p.amproclefttype::regtype,
                      p.amprocrighttype::regtype, p.amproc::regprocedure), '; ' ORDER BY p.amprocnum,
                      p.amproclefttype::regtype::text, p.amprocrighttype::regtype::text)
                 FROM pg_amproc p WHERE p.amprocfamily = m.objid), ''))
      WHEN 'pg_cast'::regclass THEN (
        SELECT format('cast func=%s context=%s method=%s', c.castfunc::regprocedure, c.castcontext, c.castmethod)
        FROM pg_cast c WHERE c.oid = m.objid)
      WHEN 'pg_class'::regclass THEN (
        SELECT format('relation kind=%s persistence=%s acl=%s options=%s', c.relkind, c.relpersistence, c.relacl,
                      c.reloptions) || ' columns: ' ||
               coalesce((SELECT string_agg(format('%s %s notnull=%s default=%s', a.attname,
                      format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_get_expr(ad.adbin, ad.adrelid)),
                      ', ' ORDER BY a.attnum)
                 FROM pg_attribute a LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
                 WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), '') || ' constraints: ' ||
               coalesce((SELECT string_agg(co.conname || ' ' || pg_get_constraintdef(co.oid), ', ' ORDER BY co.conname)
                 FROM pg_constraint co WHERE co.conrelid = c.oid), '') || ' indexes: ' ||
               coalesce((SELECT string_agg(pg_get_indexdef(i.indexrelid), ', ' ORDER BY 1)
                 FROM pg_index i WHERE i.indrelid = c.oid), '') || ' column comments: ' ||
               coalesce((SELECT string_agg(ds.objsubid || '=' || ds.description, ', ' ORDER BY ds.objsubid)
                 FROM pg_description ds WHERE ds.classoid = 'pg_class'::regclass AND ds.objoid = c.oid
                  AND ds.objsubid > 0), '') || ' view: ' || coalesce(pg_get_viewdef(c.oid), '')
        FROM pg_class c WHERE c.oid = m.objid)
      ELSE 'other'
    END, '?') || ' | comment: ' || coalesce((SELECT ds.description FROM pg_description ds
      WHERE ds.classoid = m.classid AND ds.objoid = m.objid AND ds.objsubid = 0), '') AS line
  FROM m
  UNION ALL
  SELECT format('extension %s %s relocatable=%s schema=%s config=%s condition=%s', e.extname, e.extversion,
                e.extrelocatable, e.extnamespace::regnamespace, e.extconfig::regclass[], e.extcondition)
  FROM pg_extension e WHERE e.extname LIKE 'ocop%'
) x ORDER BY line;
SQL
}
