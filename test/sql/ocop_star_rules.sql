-- ocop_star: the programme's rules as data (regimes, bands, certifying
-- levels, certificate validity) and the product taxonomy.
CREATE EXTENSION IF NOT EXISTS ocop;
\set SHOW_CONTEXT never
SET DateStyle = 'ISO, YMD';

\i test/sql/include/outcome.sql

-- The reference tables.
SELECT regime, decision, signed_on, in_force_from, in_force_to, part_a_max, part_b_max, part_c_max,
       validity_months, amended_by
  FROM ocop_ranking_regime ORDER BY in_force_from;
SELECT regime, star, score_range, recognized FROM ocop_ranking_band ORDER BY regime, star;
SELECT regime, star, valid_from, valid_to, level, authority_vi FROM ocop_certifying_level
 ORDER BY regime, star, valid_from;
-- Regimes follow one another without gap or overlap.
SELECT a.regime, b.regime AS next, b.in_force_from = a.in_force_to + 1 AS contiguous
  FROM ocop_ranking_regime a JOIN ocop_ranking_regime b ON b.in_force_from > a.in_force_from;
-- The bands of each regime tile [0, 100] exactly.
SELECT regime, range_agg(score_range) AS covered, count(*) AS bands
  FROM ocop_ranking_band GROUP BY regime ORDER BY regime;
-- The C function ocop_star_is_recognized agrees with the band table.
SELECT bool_and(recognized = ocop_star_is_recognized(star)) FROM ocop_ranking_band;
-- ocop_certificate_expiry (a constant 36 months) agrees with every regime.
SELECT regime, ocop_certificate_expiry('2024-01-31') = ('2024-01-31'::date + make_interval(months => validity_months))::date AS agrees
  FROM ocop_ranking_regime ORDER BY regime;

-- Every band edge, under both regimes and with the default ('148/2023').
SELECT score, ocop_star_from_score(score) AS default_regime,
       ocop_star_from_score(score, '148/2023') AS r148, ocop_star_from_score(score, '1048/2019') AS r1048
  FROM unnest(ARRAY[0, 0.01, 29.99, 30, 49.99, 50, 69.99, 70, 89.99, 90, 99.99, 100]::numeric[]) AS score;
SELECT score, pg_temp.outcome(format('SELECT ocop_star_from_score(%s)', score))
  FROM unnest(ARRAY[-0.01, 100.01, -1, 101, 1e10]::numeric[]) AS score;
SELECT ocop_star_from_score(100.01);
SELECT ocop_star_from_score(75, '148/2019');
SELECT pg_temp.outcome('SELECT ocop_star_from_score(75, '''')'),
       pg_temp.outcome('SELECT ocop_star_from_score(75, ''148'')');
SELECT ocop_star_from_score(NULL), ocop_star_from_score(50, NULL);
SELECT pg_temp.outcome('SELECT ocop_star_from_score(''NaN'')');

-- From the three parts: each part against its maximum.
SELECT ocop_star_from_parts(40, 25, 35) AS max_148, ocop_star_from_parts(35, 25, 40, '1048/2019') AS max_1048,
       ocop_star_from_parts(30, 20, 20) AS seventy, ocop_star_from_parts(29.99, 20, 20) AS just_under,
       ocop_star_from_parts(0, 0, 0) AS zero;
SELECT a, b, c, regime, pg_temp.outcome(format('SELECT ocop_star_from_parts(%s, %s, %s, %L)', a, b, c, regime))
  FROM (VALUES (40.01, 0, 0, '148/2023'), (0, 25.01, 0, '148/2023'), (0, 0, 35.01, '148/2023'),
               (35.01, 0, 0, '1048/2019'), (0, 25.01, 0, '1048/2019'), (0, 0, 40.01, '1048/2019'),
               (40, 25, 35, '1048/2019'), (35, 25, 40, '148/2023'),
               (-0.01, 0, 0, '148/2023'), (0, -1, 0, '148/2023'), (0, 0, -1, '1048/2019'),
               (10, 10, 10, 'nope')) v(a, b, c, regime);

-- Who certifies: by tier and decision date, across both regimes and the
-- 1 July 2025 reform.
SELECT star::ocop_star AS star, decided::date, ocop_regime_in_force(decided::date) AS regime,
       ocop_certifier(star::ocop_star, decided::date)
  FROM (VALUES (3, '2019-08-21'), (4, '2021-06-15'), (5, '2023-02-23'),
               (3, '2023-02-24'), (4, '2023-02-24'), (5, '2024-05-01'),
               (3, '2025-06-30'), (3, '2025-07-01'), (3, '2025-07-06'), (4, '2025-07-01'),
               (5, '2026-03-01')) v(star, decided);
SELECT ocop_certifier('2', '2024-01-01');
SELECT pg_temp.outcome('SELECT ocop_certifier(''1'', ''2024-01-01'')'),
       pg_temp.outcome('SELECT ocop_certifier(''3'', ''2019-08-20'')');
SELECT ocop_regime_in_force('2019-08-20'), ocop_regime_in_force('infinity'), ocop_certifier('4', NULL);
-- The level in either language (issue 22): 'en', the default, is the key of
-- ocop_certifying_level_name, 'vi' the decisions' name; each level has one.
SELECT level, name_vi FROM ocop_certifying_level_name ORDER BY level;
SELECT star::ocop_star AS star, decided::date,
       ocop_certifier(star::ocop_star, decided::date) AS by_default,
       ocop_certifier(star::ocop_star, decided::date, 'en') AS en,
       ocop_certifier(star::ocop_star, decided::date, 'vi') AS vi
  FROM (VALUES (3, '2019-08-21'), (5, '2023-02-23'), (3, '2023-02-24'), (3, '2025-07-01'), (4, '2025-07-01'),
               (5, '2026-03-01')) v(star, decided);
SELECT count(*) AS levels_without_name FROM ocop_certifying_level c
  LEFT JOIN ocop_certifying_level_name n ON n.level = c.level WHERE n.level IS NULL;
-- An unknown language is refused before anything else; a NULL one gives NULL (STRICT).
SELECT l, pg_temp.outcome(format('SELECT ocop_certifier(''3'', ''2024-01-01'', %L)', l)) AS certifier,
       pg_temp.outcome(format('SELECT ocop_certifier(''2'', ''2024-01-01'', %L)', l)) AS certifier_2_star
  FROM unnest(ARRAY['fr', 'VI', 'vi ', '', 'en-US']) l;
SELECT ocop_certifier('3', '2024-01-01', NULL) IS NULL AS null_lang;

-- Certificates: 36 months; the leap day; month ends.
SELECT decided::date, ocop_certificate_expiry(decided::date)
  FROM unnest(ARRAY['2024-02-29', '2024-02-28', '2023-03-01', '2021-01-31', '2022-08-31', '2020-12-31']) decided;
SELECT at::date, ocop_certificate_status('2024-02-29', at::date)
  FROM unnest(ARRAY['2024-02-28', '2024-02-29', '2026-06-01', '2027-02-28', '2027-03-01']) at;
SELECT ocop_certificate_status('2024-02-29') = ocop_certificate_status('2024-02-29', current_date) AS default_is_today;
-- In either language (issue 22): 'en' is the default.
SELECT at::date, ocop_certificate_status('2024-02-29', at::date, 'en') AS en,
       ocop_certificate_status('2024-02-29', at::date, 'vi') AS vi
  FROM unnest(ARRAY['2024-02-28', '2024-02-29', '2027-02-28', '2027-03-01']) at;
-- The 0.2.0 forms stay (a user's view calling them survives the update) and
-- answer as the 'en' overload does; the overload has no defaults, so no call
-- is ambiguous between the two (and a language needs the date written out).
SELECT ocop_certificate_status('2024-02-29') = ocop_certificate_status('2024-02-29', current_date, 'en')
         AS two_arg_is_en_today,
       ocop_certifier('4', '2026-01-01') = ocop_certifier('4', '2026-01-01', 'en') AS certifier_two_arg_is_en;
SELECT pg_temp.outcome($$SELECT ocop_certificate_status('2024-02-29', lang => 'vi')$$);
SELECT l, pg_temp.outcome(format('SELECT ocop_certificate_status(''2024-02-29'', ''2026-01-01'', %L)', l))
  FROM unnest(ARRAY['fr', 'EN', '']) l;
SELECT ocop_certificate_status('2024-02-29', '2026-01-01', NULL) IS NULL AS null_lang;
-- The function is IMMUTABLE; a call relying on the CURRENT_DATE default is
-- not, so it cannot be indexed, while a call with an explicit date can.
SELECT proname, provolatile FROM pg_proc
 WHERE proname IN ('ocop_certificate_status', 'ocop_certificate_expiry') ORDER BY proname;
CREATE TABLE star_test_certs (decided date);
INSERT INTO star_test_certs VALUES ('2024-02-29'), ('2020-01-01');
CREATE INDEX ON star_test_certs (ocop_certificate_status(decided));
CREATE INDEX star_test_certs_2026 ON star_test_certs (ocop_certificate_status(decided, '2026-01-01'));
CREATE INDEX star_test_certs_2026_vi ON star_test_certs (ocop_certificate_status(decided, '2026-01-01', 'vi'));
SELECT decided, ocop_certificate_status(decided, '2026-01-01'), ocop_certificate_status(decided, '2026-01-01', 'vi')
  FROM star_test_certs ORDER BY decided;
DROP TABLE star_test_certs;

-- Product taxonomy: both schemes, counted.
SELECT scheme, count(*) AS sets, count(DISTINCT nganh_no) AS nganh,
       count(DISTINCT (nganh_no, nhom_vi)) AS nhom, min(product_set), max(product_set)
  FROM ocop_product_set GROUP BY scheme ORDER BY scheme;
SELECT nganh_no, nganh_vi, nganh_en, count(*) AS sets FROM ocop_product_set
 WHERE scheme = '148/2023' GROUP BY 1, 2, 3 ORDER BY 1;
SELECT nganh_no, nganh_vi, count(*) AS sets FROM ocop_product_set
 WHERE scheme = '1048/2019' GROUP BY 1, 2 ORDER BY 1;
SELECT product_set, name_vi, name_en FROM ocop_product_set WHERE scheme = '148/2023' ORDER BY product_set;
SELECT s, ocop_product_set_name(s), ocop_product_set_name(s, 'en')
  FROM unnest(ARRAY[1, 13, 14, 26]) s;
SELECT ocop_product_set_name(27);
SELECT pg_temp.outcome('SELECT ocop_product_set_name(0)'), pg_temp.outcome('SELECT ocop_product_set_name(5, ''fr'')');
-- ocop_code joins to the taxonomy through its product set.
SELECT c::ocop_code, ps.nganh_vi, ps.nhom_vi, ps.name_en
  FROM (VALUES (ocop_code(1, 577, 13, 2023, 7)), (ocop_code(1, 577, 21, 2024, 1, 18))) v(c)
  JOIN ocop_product_set ps ON ps.scheme = '148/2023' AND ps.product_set = ocop_code_product_set(c);

-- A stars-by-tier report.
CREATE TABLE star_test_results (product text, score numeric, decided date);
INSERT INTO star_test_results VALUES
  ('Nước mắm', 92.5, '2024-02-29'), ('Chè Tân Cương', 88, '2022-10-01'),
  ('Gạo ST25', 71, '2025-08-15'), ('Mật ong', 64.5, '2023-05-10'), ('Rượu', 45, '2024-01-10');
SELECT ocop_star_from_score(score) AS star, count(*),
       count(*) FILTER (WHERE ocop_star_is_recognized(ocop_star_from_score(score))) AS recognized
  FROM star_test_results GROUP BY 1 ORDER BY 1 DESC;
SELECT product, ocop_star_label(ocop_star_from_score(score), 'stars') AS stars,
       ocop_certifier(ocop_star_from_score(score), decided) AS certifier,
       ocop_certificate_expiry(decided) AS expires, ocop_certificate_status(decided, '2026-11-29') AS status
  FROM star_test_results WHERE score >= 50 ORDER BY score DESC;
DROP TABLE star_test_results;

-- The examples of doc/ocop_star.md, as written there.
SELECT '4 sao'::ocop_star, '★★★★'::ocop_star, ' 5 STARS '::ocop_star;
SELECT '6'::ocop_star;
SELECT ocop_star_hash('3') = hashint4(3);
SELECT min(s), max(s), avg(s) FROM (VALUES ('3'::ocop_star), ('4'), ('5')) v(s);
SELECT 4::ocop_star, '3'::ocop_star::int4;
SELECT ocop_star_label('4', 'stars'), ocop_star_label('4', 'vi'), ocop_star_label('4');
SELECT ocop_star_is_recognized('2'), ocop_star_is_recognized('3');
SELECT ocop_star_from_score(89.99), ocop_star_from_score(90), ocop_star_from_score(69.99, '1048/2019');
SELECT ocop_star_from_parts(38, 20, 32);
SELECT ocop_star_from_parts(38, 20, 32, '1048/2019');
SELECT ocop_regime_in_force('2023-02-23'), ocop_regime_in_force('2023-02-24');
SELECT ocop_certifier('3', '2024-05-01'), ocop_certifier('3', '2025-07-01'), ocop_certifier('5', '2025-07-01');
SELECT ocop_product_set_name(13), ocop_product_set_name(13, 'en');
SELECT ocop_certificate_expiry('2024-02-29');
SELECT ocop_certificate_status('2024-02-29', '2027-02-28'), ocop_certificate_status('2024-02-29', '2027-03-01');
SELECT ocop_certifier('3', '2025-07-01', 'vi'), ocop_certifier('5', '2025-07-01', 'vi');
SELECT ocop_certificate_status('2024-02-29', '2027-02-28', 'vi'), ocop_certificate_status('2024-02-29', '2027-03-01', 'vi');

-- Catalog hygiene: volatility, strictness, parallel safety, and a comment on
-- every object of this feature.
SELECT p.oid::regprocedure AS function, provolatile, proisstrict, proparallel, prosecdef
  FROM pg_proc p
 WHERE proname ~ '^ocop_(star|regime|certif|product_set)' ORDER BY p.oid::regprocedure::text;
SELECT d.classid::regclass, pg_describe_object(d.classid, d.objid, d.objsubid) AS undocumented
  FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'ocop'
 WHERE d.deptype = 'e'
   AND pg_describe_object(d.classid, d.objid, d.objsubid) ~ '(ocop_star|ocop_regime|ocop_certif|ocop_ranking|ocop_product_set)'
   AND obj_description(d.objid, d.classid::regclass::name) IS NULL
   -- Types PostgreSQL makes by itself (array types, the row types of tables)
   -- are explained by their element type or table; PostgreSQL 17 and later
   -- record them as extension members too.
   AND NOT EXISTS (SELECT 1 FROM pg_type t LEFT JOIN pg_class c ON c.oid = t.typrelid
                   WHERE d.classid = 'pg_type'::regclass AND t.oid = d.objid
                     AND (t.typcategory = 'A' OR c.relkind IN ('r', 'p', 'v', 'm', 'f')))
 ORDER BY 2;
SELECT has_table_privilege('public', 'ocop_ranking_regime', 'SELECT') AS public_can_read;
