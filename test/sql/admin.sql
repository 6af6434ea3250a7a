-- Administrative geography before and after the 1 July 2025 reform (core, no PostGIS).
CREATE EXTENSION IF NOT EXISTS ocop;

\i test/sql/include/outcome.sql

-- Sizes of the reference tables: 63 provinces / 696 districts / 10,035 communes
-- before the reform, 34 provinces / 3,321 communes after.
SELECT level, count(*) FILTER (WHERE valid_to = '2025-07-01') AS before_reform,
       count(*) FILTER (WHERE '2025-07-01' >= valid_from AND '2025-07-01' < valid_to) AS on_2025_07_01,
       count(*) FILTER (WHERE '2026-06-01' >= valid_from AND '2026-06-01' < valid_to) AS on_2026_06_01
  FROM ocop_admin_units GROUP BY level ORDER BY level;

-- Every unit valid after the reform has a representative point; none before.
SELECT count(*) FILTER (WHERE valid_from >= '2025-07-01' AND rep_lon IS NULL) AS current_without_point,
       count(*) FILTER (WHERE valid_to <= '2025-07-01' AND rep_lon IS NOT NULL) AS old_with_point
  FROM ocop_admin_units;

-- No code names two units on the same day.
SELECT a.code, a.valid_from, b.valid_from
  FROM ocop_admin_units a JOIN ocop_admin_units b
    ON a.code = b.code AND a.valid_from < b.valid_from AND b.valid_from < a.valid_to;

-- Successions: every old unit exists until the change, every new unit from it.
SELECT count(*) AS dangling_old FROM ocop_admin_succession s
 WHERE NOT EXISTS (SELECT 1 FROM ocop_admin_units u WHERE u.code = s.old_code AND u.valid_to = s.effective);
SELECT count(*) AS dangling_new FROM ocop_admin_succession s
 WHERE NOT EXISTS (SELECT 1 FROM ocop_admin_units u WHERE u.code = s.new_code AND u.valid_from = s.effective);
-- Every pre-reform unit has a successor; 'full' means it is the only one.
SELECT count(*) AS old_without_successor FROM ocop_admin_units u
 WHERE u.valid_to = '2025-07-01'
   AND NOT EXISTS (SELECT 1 FROM ocop_admin_succession s WHERE s.old_code = u.code AND s.effective = u.valid_to);
SELECT count(*) AS full_but_shared FROM ocop_admin_succession s
 WHERE s.kind = 'full'
   AND (SELECT count(*) FROM ocop_admin_succession t WHERE t.old_code = s.old_code AND t.effective = s.effective) > 1;
-- Every current commune has a predecessor.
SELECT count(*) AS new_without_predecessor FROM ocop_admin_commune c
 WHERE c.valid_from = '2025-07-01'
   AND NOT EXISTS (SELECT 1 FROM ocop_admin_succession s WHERE s.new_code = c.code AND s.effective = '2025-07-01');

-- The issue's example: old Xã Bát Tràng 00583 was split into 00145, 00565 and
-- 00577; the new Xã Bát Tràng is 00577, formerly Xã Đa Tốn's code.
SELECT ocop_admin_name('00583', '2025-06-30') AS old_583,
       ocop_admin_name('00577', '2025-06-30') AS old_577,
       ocop_admin_name('00577', '2025-07-01') AS new_577,
       ocop_admin_name('00583', '2025-07-01') AS gone_583;
SELECT * FROM ocop_admin_successors('00583');
SELECT * FROM ocop_admin_successors('00577');
SELECT code, name, succession FROM ocop_admin_current('00583', '2024-01-01');
SELECT code, name, succession FROM ocop_admin_current('00577', '2024-01-01');
SELECT code, name, succession FROM ocop_admin_current('00577', '2025-09-02');
SELECT * FROM ocop_admin_unit('00583', '2020-01-01');
SELECT * FROM ocop_admin_unit('00577', '2026-01-01');

-- Provinces and districts.
SELECT ocop_admin_name('01', '2024-01-01') AS hn_old, ocop_admin_name('01', '2026-01-01') AS hn_new,
       ocop_admin_name('016', '2024-01-01') AS soc_son, ocop_admin_name('018', '2024-01-01') AS gia_lam,
       ocop_admin_name('020', '2024-01-01') AS thanh_tri, ocop_admin_name('276', '2024-01-01') AS thach_that,
       ocop_admin_name('018', '2025-07-01') AS no_districts_after;
SELECT * FROM ocop_admin_successors('70');           -- Bình Phước went whole into Đồng Nai
SELECT * FROM ocop_admin_successors('318');          -- island district -> special zone
SELECT count(*) AS gia_lam_successors, count(*) FILTER (WHERE kind = 'partial') AS partial
  FROM ocop_admin_successors('018');
-- Đồng Nai became a centrally-run city on 2026-04-30 (same code, same territory).
SELECT code, kind, name, valid_from, valid_to FROM ocop_admin_unit('75', '2025-12-31')
UNION ALL
SELECT code, kind, name, valid_from, valid_to FROM ocop_admin_unit('75', '2026-05-01');
SELECT * FROM ocop_admin_successors('75');
SELECT code, name, succession FROM ocop_admin_current('70', '2024-01-01');
SELECT ocop_admin_name('26485', '2026-01-01') AS xa, ocop_admin_name('26485', '2026-05-01') AS phuong;

-- Representative points.
SELECT * FROM ocop_admin_point('00577', '2026-01-01');
SELECT * FROM ocop_admin_point('01', '2026-01-01');
SELECT * FROM ocop_admin_point('00583', '2024-01-01');   -- pre-reform: none

-- ocop_code_place: three-level codes among pre-reform units, two-level among current ones.
SELECT * FROM ocop_code_place(ocop_code(1, 583, 1, 2021, 1, 18));   -- OCOP-01-018-00583-...
SELECT * FROM ocop_code_place(ocop_code(1, 577, 1, 2021, 1, 18));   -- the old Xã Đa Tốn
SELECT code, name, valid_from FROM ocop_code_place(ocop_code(1, 577, 1, 2026, 1));   -- the new Xã Bát Tràng
-- Mismatched parts give NULL fields: Bát Tràng is not in Thanh Trì (020), not in
-- province 02, and 00583 is no current unit.
SELECT (ocop_code_place(ocop_code(1, 583, 1, 2021, 1, 20))).code IS NULL AS wrong_district,
       (ocop_code_place(ocop_code(2, 583, 1, 2021, 1, 18))).code IS NULL AS wrong_province,
       (ocop_code_place(ocop_code(1, 583, 1, 2026, 1))).code IS NULL AS old_code_two_level;

-- Bad input: documented NULLs.
SELECT ocop_admin_name('99999') IS NULL AS unknown_code,
       ocop_admin_name('abc') IS NULL AS malformed,
       ocop_admin_name('0057') IS NULL AS wrong_length,
       ocop_admin_name('00583', '2025-07-01') IS NULL AS after_validity,
       ocop_admin_name('00577', '-infinity') AS from_unknown_past,
       ocop_admin_name(NULL) IS NULL AS null_code,
       ocop_admin_name('00577', NULL) IS NULL AS null_date;
-- The name in either language (issue 22): 'vi' is the default.
SELECT code, ocop_admin_name(code, at) AS by_default, ocop_admin_name(code, at, 'vi') AS vi,
       ocop_admin_name(code, at, 'en') AS en
  FROM (VALUES ('01', '2024-01-01'::date), ('01', '2026-01-01'), ('018', '2024-01-01'), ('00583', '2025-06-30'),
               ('00577', '2025-07-01'), ('26485', '2026-05-01'), ('99999', '2026-01-01')) v(code, at);
SELECT l, pg_temp.outcome(format('SELECT ocop_admin_name(''01'', ''2026-01-01'', %L)', l)) AS known_code,
       pg_temp.outcome(format('SELECT ocop_admin_name(''99999'', ''2026-01-01'', %L)', l)) AS unknown_code
  FROM unnest(ARRAY['fr', 'Vi', '']) l;
SELECT ocop_admin_name('01', '2026-01-01', NULL) IS NULL AS null_lang;
SELECT count(*) AS rows FROM ocop_admin_successors('99999');
SELECT count(*) AS rows FROM ocop_admin_current('00583', '2025-07-01');
SELECT (ocop_admin_unit('00583', '2026-01-01')).* ;

-- Search-path safety: the functions bound their references at creation
-- (ocop_admin_name, PL/pgSQL, qualifies them and pins search_path).
SET search_path = pg_catalog, pg_temp;
SELECT public.ocop_admin_name('00577', '2026-01-01') AS name, public.ocop_admin_name('00577', '2026-01-01', 'en') AS name_en,
       (SELECT count(*) FROM public.ocop_admin_successors('00583')) AS successors,
       (SELECT count(*) FROM public.ocop_admin_current('00583', '2024-01-01')) AS current,
       (public.ocop_code_place(public.ocop_code(1, 583, 1, 2021, 1, 18))).name AS place;
RESET search_path;

-- Volatility, strictness, parallel safety.
SELECT p.oid::regprocedure AS function, p.provolatile, p.proisstrict, p.proparallel,
       p.prosqlbody IS NOT NULL AS atomic,
       coalesce('search_path=pg_catalog, pg_temp' = ANY (p.proconfig), false) AS pinned
  FROM pg_proc p
 WHERE p.proname IN ('ocop_admin_name', 'ocop_admin_unit', 'ocop_admin_successors',
                     'ocop_admin_current', 'ocop_code_place', 'ocop_admin_point')
 ORDER BY p.oid::regprocedure::text;

-- Every table, view and function of the feature is documented.
SELECT c.oid::regclass AS undocumented FROM pg_class c
 WHERE c.relname LIKE 'ocop_admin%' AND c.relkind IN ('r', 'v')
   AND obj_description(c.oid, 'pg_class') IS NULL;
SELECT p.oid::regprocedure AS undocumented FROM pg_proc p
 WHERE (p.proname LIKE 'ocop_admin%' OR p.proname = 'ocop_code_place')
   AND obj_description(p.oid, 'pg_proc') IS NULL;
-- The reference tables are not configuration tables (users must not change them).
SELECT count(*) AS config_tables FROM pg_extension e, unnest(e.extconfig) AS t(oid)
 WHERE e.extname = 'ocop' AND t.oid::regclass::text LIKE 'ocop_admin%';
-- Non-superusers can read them.
SELECT has_table_privilege('public', 'ocop_admin_commune', 'SELECT') AS public_select,
       has_table_privilege('public', 'ocop_admin_commune', 'INSERT') AS public_insert;

-- doc/geography.md examples not shown above in the same form.
SELECT ocop_admin_name('018', '2024-01-01');
