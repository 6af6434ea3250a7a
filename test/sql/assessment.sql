-- OCOP assessment (issue 17): the scoring sheets of Decision 148/QĐ-TTg as
-- data, ocop_assess and ocop_assess_many.  Expected tiers are computed here
-- independently of the extension's band table and requirement view: bands
-- by a CASE on the total, requirements straight from the option marks.
CREATE EXTENSION IF NOT EXISTS ocop;
\set SHOW_CONTEXT never
SET DateStyle = 'ISO, YMD';

\i test/sql/include/outcome.sql

-- The sheets: 26 of them, ids in the documented form, parts summing to
-- 40/25/35 except the four known transcription defects.
SELECT count(*) AS sheets, count(*) FILTER (WHERE defect IS NULL) AS clean FROM ocop_assessment_sheet;
SELECT product_set, part_a_max, part_b_max, part_c_max, defect FROM ocop_assessment_sheet
 WHERE defect IS NOT NULL ORDER BY product_set;
WITH one AS (
  SELECT DISTINCT ON (product_set, coalesce(one_of, criterion)) * FROM ocop_criterion
   ORDER BY product_set, coalesce(one_of, criterion), criterion)
SELECT s.product_set, sum(one.max_points) FILTER (WHERE part = 'A') AS a,
       sum(one.max_points) FILTER (WHERE part = 'B') AS b, sum(one.max_points) FILTER (WHERE part = 'C') AS c
  FROM ocop_assessment_sheet s JOIN one USING (product_set)
 GROUP BY s.product_set, s.part_a_max, s.part_b_max, s.part_c_max
HAVING sum(one.max_points) FILTER (WHERE part = 'A') <> s.part_a_max
    OR sum(one.max_points) FILTER (WHERE part = 'B') <> s.part_b_max
    OR sum(one.max_points) FILTER (WHERE part = 'C') <> s.part_c_max;
-- no option above its criterion's points; every criterion has options
SELECT o.product_set, o.option FROM ocop_criterion_option o JOIN ocop_criterion c USING (regime, product_set, criterion)
 WHERE o.points > c.max_points;
SELECT c.product_set, c.criterion FROM ocop_criterion c
 WHERE NOT EXISTS (SELECT FROM ocop_criterion_option o WHERE (o.regime, o.product_set, o.criterion) = (c.regime, c.product_set, c.criterion));
SELECT count(*) FILTER (WHERE option !~ '^[ABC]\.[0-9]+\.([a-z]|đ)[0-9]*\.[0-9]+$') AS bad_option_ids FROM ocop_criterion_option;
-- sheet 1, criterion A.1.a and its options, as a form shows them
SELECT criterion, group_en, text_vi, max_points FROM ocop_criterion WHERE product_set = 1 AND criterion = 'A.1.a';
SELECT option, points, text_vi, mandatory_star FROM ocop_criterion_option WHERE product_set = 1 AND criterion = 'A.1.a' ORDER BY option;
-- the requirements of sheet 1, and the alternatives of sheet 26
SELECT star, criterion, option, min_points FROM ocop_criterion_requirement WHERE product_set = 1 ORDER BY star, criterion;
SELECT one_of, string_agg(criterion, ' | ' ORDER BY criterion) FROM ocop_criterion
 WHERE product_set = 26 AND one_of IS NOT NULL GROUP BY one_of ORDER BY one_of;

-- Independent helpers.
-- The band of a total (Decision 148: [50,70) 3★, [70,90) 4★, [90,100] 5★).
CREATE FUNCTION pg_temp.band(t numeric) RETURNS int LANGUAGE sql AS $$
  SELECT CASE WHEN t >= 90 THEN 5 WHEN t >= 70 THEN 4 WHEN t >= 50 THEN 3 WHEN t >= 30 THEN 2 ELSE 1 END $$;
-- The points a criterion needs for tier t: the largest marked option of
-- tiers 3..t, or its lowest option when the criterion itself is marked.
CREATE FUNCTION pg_temp.need(ps int, crit text, t int) RETURNS numeric LANGUAGE sql AS $$
  SELECT greatest(
    (SELECT max(o.points) FROM ocop_criterion_option o
      WHERE o.product_set = ps AND o.criterion = crit AND o.mandatory_star::int <= t),
    (SELECT min(o.points) FROM ocop_criterion_option o JOIN ocop_criterion c USING (regime, product_set, criterion)
      WHERE o.product_set = ps AND o.criterion = crit AND c.mandatory_star::int <= t),
    0) $$;
-- An assessment of sheet ps meeting every requirement up to tier t and
-- totalling exactly target points when it can (greedy, criteria in id
-- order; the first of a group's alternatives).
CREATE FUNCTION pg_temp.make(ps int, t int, target numeric) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  c record; a jsonb := '{}'; base numeric; rest numeric; pick text;
BEGIN
  SELECT sum((SELECT min(o.points) FROM ocop_criterion_option o
               WHERE o.product_set = ps AND o.criterion = k.criterion AND o.points >= pg_temp.need(ps, k.criterion, t)))
    INTO base
    FROM ocop_criterion k
   WHERE k.product_set = ps AND (k.one_of IS NULL OR k.criterion = (SELECT min(x.criterion) FROM ocop_criterion x WHERE x.product_set = ps AND x.one_of = k.one_of));
  rest := target - base;
  FOR c IN SELECT k.criterion FROM ocop_criterion k
            WHERE k.product_set = ps AND (k.one_of IS NULL OR k.criterion = (SELECT min(x.criterion) FROM ocop_criterion x WHERE x.product_set = ps AND x.one_of = k.one_of))
            ORDER BY k.criterion LOOP
    SELECT o.option, o.points - m.lo INTO pick, base
      FROM ocop_criterion_option o,
           (SELECT min(p.points) AS lo FROM ocop_criterion_option p
             WHERE p.product_set = ps AND p.criterion = c.criterion AND p.points >= pg_temp.need(ps, c.criterion, t)) m
     WHERE o.product_set = ps AND o.criterion = c.criterion AND o.points >= m.lo AND o.points - m.lo <= greatest(rest, 0)
     ORDER BY o.points DESC, o.option LIMIT 1;
    rest := rest - base;
    a := a || jsonb_build_object(c.criterion, pick);
  END LOOP;
  RETURN a;
END $$;
-- The best option everywhere.
CREATE FUNCTION pg_temp.full_sheet(ps int) RETURNS jsonb LANGUAGE sql AS $$
  SELECT jsonb_object_agg(k.criterion, (SELECT o.option FROM ocop_criterion_option o
                                         WHERE o.product_set = ps AND o.criterion = k.criterion
                                         ORDER BY o.points DESC, o.option LIMIT 1))
    FROM ocop_criterion k
   WHERE k.product_set = ps AND (k.one_of IS NULL OR k.criterion = (SELECT min(x.criterion) FROM ocop_criterion x WHERE x.product_set = ps AND x.one_of = k.one_of)) $$;

-- Worked examples for every sheet: a full 5★ (the sheet's maximum) and a
-- minimal 3★ (every 3★ requirement met, 50 points).  Each row shows the
-- points, the expected tiers computed here and whether the function agrees.
SELECT s.product_set, r.total, r.star_awarded, pg_temp.band(r.total) AS expected,
       r.total = s.part_a_max + s.part_b_max + s.part_c_max - CASE s.product_set WHEN 7 THEN 1 ELSE 0 END AS is_sheet_max,
       r.star_by_points::int = pg_temp.band(r.total) AND r.star_awarded::int = 5 AND r.qualifies AND r.blocking = '[]' AS agrees
  FROM ocop_assessment_sheet s, ocop_assess(s.product_set, pg_temp.full_sheet(s.product_set), '2024-06-01') r
 ORDER BY s.product_set;
SELECT s.product_set, r.part_a, r.part_b, r.part_c, r.total, r.star_awarded, r.next_star, r.points_to_next,
       r.star_by_points::int = pg_temp.band(r.total) AND r.star_awarded::int = 3 AND r.qualifies AS agrees
  FROM ocop_assessment_sheet s, ocop_assess(s.product_set, pg_temp.make(s.product_set, 3, 50), '2024-06-01') r
 ORDER BY s.product_set;

-- Every band edge, on sheets 1 (food), 14 (white liquor) and 26 (tourism):
-- requirements of the upper tier met, totals exactly on either side.
SELECT ps, target, r.total, r.star_by_points, r.star_awarded, r.qualifies,
       r.star_awarded::int = pg_temp.band(target) AS agrees
  FROM unnest(ARRAY[1, 14, 26]) ps,
       unnest(ARRAY[49, 50, 69, 70, 89, 90]::numeric[]) target,
       ocop_assess(ps, pg_temp.make(ps, CASE WHEN target >= 90 OR target = 89 THEN 5 WHEN target >= 69 THEN 4 ELSE 3 END, target)) r
 ORDER BY ps, target;

-- Points above a band with a mandatory criterion missed.  Sheet 1 at full
-- marks, then one criterion lowered below its mark: the tier awarded drops
-- to the highest tier whose requirements (and every lower tier's) are met.
-- B.5.c option 2 is marked ***** (5★); A.1.c option 2 **** (4★); B.5.b
-- option 3 *** (3★); A.3.e is itself marked **** (any option).
SELECT lowered, r.total, r.star_by_points, r.star_awarded, r.qualifies, r.next_star,
       jsonb_path_query_array(r.blocking, '$[*].criterion') AS blocking_criteria
  FROM (VALUES ('B.5.c', '"B.5.c.2"'), ('A.1.c', '"A.1.c.1"'), ('B.5.b', '"B.5.b.2"'), ('A.3.e', 'null'),
               ('C.8.a', '"C.8.a.1"')) v(lowered, answer),
       ocop_assess(1, pg_temp.full_sheet(1) || jsonb_build_object(lowered, answer::jsonb)) r
 ORDER BY lowered;
-- the blocking text, as an application shows it
SELECT b->>'text' FROM ocop_assess(1, pg_temp.full_sheet(1) || '{"A.1.c": "A.1.c.1"}') r, jsonb_array_elements(r.blocking) b;
-- the same in Vietnamese (lang 'vi', issue 22), and a criterion marked as a
-- whole (A.3.e: any of its options) in both languages
SELECT b->>'text' FROM ocop_assess(1, pg_temp.full_sheet(1) || '{"A.1.c": "A.1.c.1"}', lang => 'vi') r,
       jsonb_array_elements(r.blocking) b;
SELECT l, b->>'text' FROM unnest(ARRAY['en', 'vi']) l,
       ocop_assess(1, pg_temp.full_sheet(1) || '{"A.3.e": null}', lang => l) r, jsonb_array_elements(r.blocking) b
 ORDER BY l;
-- 'en' is the default, and the language changes the texts only
SELECT lowered,
       (SELECT row(r.*)::text FROM ocop_assess(1, a) r) = (SELECT row(r.*)::text FROM ocop_assess(1, a, lang => 'en') r) AS en_is_default,
       (SELECT row(r.regime_used, r.part_a, r.part_b, r.part_c, r.total, r.star_by_points, r.star_awarded, r.qualifies,
                   r.next_star, r.points_to_next, (SELECT jsonb_agg(e - 'text') FROM jsonb_array_elements(r.blocking) e))::text
          FROM ocop_assess(1, a, lang => 'vi') r)
       = (SELECT row(r.regime_used, r.part_a, r.part_b, r.part_c, r.total, r.star_by_points, r.star_awarded, r.qualifies,
                     r.next_star, r.points_to_next, (SELECT jsonb_agg(e - 'text') FROM jsonb_array_elements(r.blocking) e))::text
            FROM ocop_assess(1, a) r) AS vi_same_but_text,
       (SELECT count(*) FROM ocop_assess(1, a, lang => 'vi') r, jsonb_array_elements(r.blocking) e
         WHERE e->>'text' LIKE 'để đạt %') AS vi_texts
  FROM (VALUES ('B.5.c', '"B.5.c.2"'), ('A.1.c', '"A.1.c.1"'), ('B.5.b', '"B.5.b.2"'), ('A.3.e', 'null')) v(lowered, answer),
       LATERAL (SELECT pg_temp.full_sheet(1) || jsonb_build_object(lowered, answer::jsonb)) x(a)
 ORDER BY lowered;
-- two blocked tiers: 4★ points, a 3★ requirement missed
SELECT r.total, r.star_by_points, r.star_awarded, r.qualifies, r.next_star, r.blocking->0->>'criterion' AS first
  FROM ocop_assess(1, pg_temp.make(1, 4, 75) || '{"B.5.b": "B.5.b.2"}') r;
-- below 50 points: not recognised, next tier 3★ and the points it lacks
SELECT r.total, r.star_by_points, r.star_awarded, r.qualifies, r.next_star, r.points_to_next
  FROM ocop_assess(1, pg_temp.make(1, 3, 40)) r;
-- the answer forms: an option id, {"option", "points"}, null
SELECT (ocop_assess(1, pg_temp.full_sheet(1) || '{"A.1.a": {"option": "A.1.a.2", "points": 3}}')).total AS with_points,
       (ocop_assess(1, pg_temp.full_sheet(1) || '{"A.1.a": {"option": "A.1.a.2"}}')).total AS object_only,
       (ocop_assess(1, pg_temp.full_sheet(1) || '{"A.1.a": null}')).total AS none_applies;
-- the regime follows the assessment date, or is given
SELECT (ocop_assess(1, pg_temp.full_sheet(1), '2023-02-24')).regime_used,
       (ocop_assess(1, pg_temp.full_sheet(1), regime => '148/2023')).regime_used;

-- Every error path.
SELECT q, pg_temp.outcome(q) FROM (VALUES
  ('SELECT ocop_assess(1, ''{"Z.1.a": "Z.1.a.1"}'')'),
  ('SELECT ocop_assess(1, pg_temp.full_sheet(1) || ''{"A.9.z": "A.9.z.1"}'')'),
  ('SELECT ocop_assess(1, pg_temp.full_sheet(1) || ''{"A.1.a": "A.1.a.9"}'')'),
  ('SELECT ocop_assess(1, pg_temp.full_sheet(1) || ''{"A.1.a": "A.1.b.1"}'')'),
  ('SELECT ocop_assess(1, pg_temp.full_sheet(1) || ''{"A.1.a": ["A.1.a.1", "A.1.a.2"]}'')'),
  ('SELECT ocop_assess(1, pg_temp.full_sheet(1) || ''{"A.1.a": ["A.1.a.1"]}'')'),
  ('SELECT ocop_assess(1, pg_temp.full_sheet(1) || ''{"A.1.a": 3}'')'),
  ('SELECT ocop_assess(1, pg_temp.full_sheet(1) || ''{"A.1.a": {"points": 3}}'')'),
  ('SELECT ocop_assess(1, pg_temp.full_sheet(1) || ''{"A.1.a": {"option": "A.1.a.2", "points": 5}}'')'),
  ('SELECT ocop_assess(1, pg_temp.full_sheet(1) || ''{"A.1.a": {"option": "A.1.a.2", "points": "3"}}'')'),
  ('SELECT ocop_assess(1, pg_temp.full_sheet(1) - ''B.4.c'' - ''A.1.a'')'),
  ('SELECT ocop_assess(26, pg_temp.full_sheet(26) - ''C.8.a'')'),
  ('SELECT ocop_assess(26, pg_temp.full_sheet(26) || ''{"C.8.b": "C.8.b.1"}'')'),
  ('SELECT ocop_assess(1, ''[]'')'),
  ('SELECT ocop_assess(1, ''"A.1.a.1"'')'),
  ('SELECT ocop_assess(NULL, ''{}'')'),
  ('SELECT ocop_assess(1, NULL)'),
  ('SELECT ocop_assess(27, ''{}'')'),
  ('SELECT ocop_assess(1, ''{}'', regime => ''1048/2019'')'),
  ('SELECT ocop_assess(1, ''{}'', ''2021-05-01'')'),
  ('SELECT ocop_assess(1, ''{}'', ''2019-01-01'')'),
  ('SELECT ocop_assess(1, ''{}'', regime => ''nope'')'),
  ('SELECT ocop_assess(1, pg_temp.full_sheet(1), lang => ''fr'')'),
  ('SELECT ocop_assess(1, pg_temp.full_sheet(1), lang => ''VI'')'),
  ('SELECT ocop_assess(1, pg_temp.full_sheet(1), lang => NULL)'),
  ('SELECT ocop_assess(1, ''{"A.9.z": 1}'', lang => ''fr'')')) v(q);

-- Many assessments in one call: the same results as one by one, in order.
SELECT count(*) AS scored, bool_and(m.total = (ocop_assess(m.ord::int, pg_temp.full_sheet(m.ord::int))).total
                                    AND m.star_awarded = '5') AS same
  FROM ocop_assess_many((SELECT array_agg(ps ORDER BY ps) FROM generate_series(1, 26) ps),
                        (SELECT array_agg(pg_temp.full_sheet(ps) ORDER BY ps) FROM generate_series(1, 26) ps)) m;
SELECT ord, total, star_awarded FROM ocop_assess_many(ARRAY[1, 1, 14], ARRAY[pg_temp.make(1, 3, 55), pg_temp.make(1, 4, 80), pg_temp.make(14, 5, 95)],
                                                       ARRAY['2024-01-01', '2024-01-02', '2024-01-03']::date[]);
SELECT pg_temp.outcome('SELECT ocop_assess_many(ARRAY[1, 1], ARRAY[pg_temp.full_sheet(1), ''{"A.1.a": "x"}''::jsonb])'),
       pg_temp.outcome('SELECT ocop_assess_many(ARRAY[1, 1], ARRAY[pg_temp.full_sheet(1)])'),
       pg_temp.outcome('SELECT ocop_assess_many(ARRAY[1], ARRAY[pg_temp.full_sheet(1)], ARRAY[]::date[])');
SELECT count(*) FROM ocop_assess_many(ARRAY[]::int[], ARRAY[]::jsonb[]);
-- in Vietnamese: the texts of ocop_assess(..., lang => 'vi'); a bad language
SELECT m.ord, m.star_awarded, m.blocking = (ocop_assess(1, pg_temp.full_sheet(1) || '{"B.5.c": "B.5.c.2"}', lang => 'vi')).blocking AS same,
       m.blocking->0->>'text' AS text
  FROM ocop_assess_many(ARRAY[1], ARRAY[pg_temp.full_sheet(1) || '{"B.5.c": "B.5.c.2"}'], lang => 'vi') m;
SELECT pg_temp.outcome('SELECT ocop_assess_many(ARRAY[1], ARRAY[pg_temp.full_sheet(1)], lang => ''fr'')'),
       pg_temp.outcome('SELECT ocop_assess_many(ARRAY[1], ARRAY[pg_temp.full_sheet(1)], lang => NULL)');
