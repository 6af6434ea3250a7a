-- Synthetic OCOP assessments (issue 17): one filled scoring sheet of Decision
-- 148/QĐ-TTg per product of the registry, scored by ocop_assess, so that the
-- tiers awarded reproduce the registry's stored tiers (6 5★, 1,593 4★ of
-- which 22 potential 5★, 1,718 3★).  Deterministic like 20_registry.sql:
-- every choice is rnd(key).  The table layout is the one documented in
-- doc/assessment.md ("Assessments as records").
\ir lib/flags.psql
SELECT :'have_registry'::bool AND :'have_assess'::bool AS have_assessments \gset
\if :have_assessments
\else
\echo 'assessments skipped: the registry or ocop_assess (issue 17) is missing'
\quit
\endif
SET client_min_messages = warning;
\echo '== Scoring a synthetic assessment for every product (ocop_assess, Decision 148/QĐ-TTg sheets)'

-- The options of the sheets in force, indexed for the generator below.
CREATE TABLE sheet_option AS
SELECT product_set, criterion, option, points FROM ocop_criterion_option WHERE regime = '148/2023';
CREATE INDEX ON sheet_option (product_set, criterion, points);
CREATE INDEX ON sheet_option (product_set, option);
ANALYZE sheet_option;
COMMENT ON TABLE sheet_option IS 'generator input: the options of the Decision 148 sheets (a copy of ocop_criterion_option, indexed)';

-- For each sheet, tier (3-5) and criterion: the lowest option that meets
-- every requirement of that tier and the lower ones (base), and the best
-- option.  Of a group's alternatives (sheet 26) the first is scored.
CREATE TABLE sheet_floor AS
SELECT c.product_set, t.tier, c.criterion,
       (SELECT min(o.points) FROM sheet_option o
         WHERE (o.product_set, o.criterion) = (c.product_set, c.criterion)
           AND o.points >= coalesce((SELECT max(q.min_points) FROM ocop_criterion_requirement q
                                      WHERE (q.regime, q.product_set, q.criterion) = (c.regime, c.product_set, c.criterion)
                                        AND q.star::int <= t.tier), 0)) AS base,
       (SELECT max(o.points) FROM sheet_option o
         WHERE (o.product_set, o.criterion) = (c.product_set, c.criterion)) AS best
  FROM ocop_criterion c, generate_series(3, 5) t(tier)
 WHERE c.regime = '148/2023'
   AND (c.one_of IS NULL OR c.criterion = (SELECT min(k.criterion) FROM ocop_criterion k
                                           WHERE (k.regime, k.product_set, k.one_of) = (c.regime, c.product_set, c.one_of)));
COMMENT ON TABLE sheet_floor IS 'generator input: per sheet, tier and criterion, the lowest option meeting the tier''s requirements (base) and the best one';

-- The plan of each product: the tier its answers must earn, and for some the
-- tier above reached by points but blocked by one mandatory criterion: the
-- 22 potential 5★ (5★ points, one 5★ criterion missed, so 4★) and one 3★
-- product in five (4★ points, one 4★ criterion missed).
CREATE TABLE assessment_plan AS
SELECT p.code, ocop_code_product_set(p.code) AS product_set, p.star::int AS awarded,
       (p.potential_5star OR (p.star = '3' AND rnd('near/' || p.code::text) < 0.2)) AS one_away,
       c.decided
  FROM product p JOIN certificate c USING (code);
ALTER TABLE assessment_plan ADD COLUMN req_tier int, ADD COLUMN target numeric, ADD COLUMN missed text, ADD COLUMN missed_option text;
UPDATE assessment_plan SET req_tier = awarded + one_away::int;
-- target points inside the band of req_tier, leaving room for the last step
UPDATE assessment_plan a
   SET target = b.lo + floor(rnd('points/' || a.code::text) * greatest(1, b.hi - b.lo - 5))
  FROM (SELECT s.product_set, t.tier,
               CASE t.tier WHEN 3 THEN 50 WHEN 4 THEN 70 ELSE 90 END AS lo,
               CASE t.tier WHEN 3 THEN 70 WHEN 4 THEN 90 ELSE s.part_a_max + s.part_b_max + s.part_c_max + 1 END AS hi
          FROM ocop_assessment_sheet s, generate_series(3, 5) t(tier)) b
 WHERE b.product_set = a.product_set AND b.tier = a.req_tier;
-- the one criterion missed: a requirement of req_tier with an option below it
-- that still meets the tier under it
UPDATE assessment_plan a
   SET (missed, missed_option) = (
    SELECT q.criterion,
           (SELECT o.option FROM sheet_option o
             WHERE (o.product_set, o.criterion) = (a.product_set, q.criterion) AND o.points < q.min_points
               AND o.points >= f.base ORDER BY o.points DESC, o.option LIMIT 1)
      FROM ocop_criterion_requirement q
      JOIN sheet_floor f ON (f.product_set, f.criterion) = (q.product_set, q.criterion)
     WHERE q.product_set = a.product_set AND q.star::int = a.req_tier AND f.tier = a.req_tier - 1
       AND EXISTS (SELECT FROM sheet_option o
                    WHERE (o.product_set, o.criterion) = (a.product_set, q.criterion) AND o.points < q.min_points
                      AND o.points >= f.base)
     ORDER BY rnd('missed/' || a.code::text || '/' || q.criterion) LIMIT 1)
 WHERE a.one_away;
COMMENT ON TABLE assessment_plan IS 'generator input: per product, the tier to earn, the target points, and the one mandatory criterion missed (one_away)';

-- Fill each sheet: start every criterion at its base, then raise criteria in
-- a per-product random order until the target is reached (the crossing one
-- to the lowest option that reaches it).
ANALYZE assessment_plan;
CREATE TABLE assessment_answer AS
WITH rows AS (
  SELECT a.code, a.product_set, f.criterion, f.base, f.best,
         a.target - sum(f.base) OVER w_all - coalesce((SELECT o.points FROM sheet_option o
                                                         WHERE o.product_set = a.product_set AND o.option = a.missed_option), 0) AS need,
         sum(f.best - f.base) OVER (PARTITION BY a.code ORDER BY rnd(a.code::text || '/' || f.criterion), f.criterion) - (f.best - f.base) AS cum_before
    FROM assessment_plan a
    JOIN sheet_floor f ON f.product_set = a.product_set AND f.tier = a.req_tier
   WHERE f.criterion IS DISTINCT FROM a.missed
  WINDOW w_all AS (PARTITION BY a.code)
)
SELECT r.code, r.criterion,
       (SELECT o.option FROM sheet_option o
         WHERE o.product_set = r.product_set AND o.criterion = r.criterion
           AND o.points >= r.base + least(greatest(r.need - r.cum_before, 0), r.best - r.base)
         ORDER BY o.points, o.option LIMIT 1) AS option
  FROM rows r
UNION ALL
SELECT a.code, a.missed, a.missed_option FROM assessment_plan a WHERE a.missed IS NOT NULL;

-- The records (doc/assessment.md): who scored, when, at which council level.
CREATE TABLE assessment (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code          ocop_code NOT NULL REFERENCES product,
  product_set   int NOT NULL,
  assessed_on   date NOT NULL,
  council_level text NOT NULL CHECK (council_level IN ('district', 'province', 'central')),
  assessor      text NOT NULL,
  answers       jsonb NOT NULL
);
COMMENT ON TABLE assessment IS 'OCOP assessments over time: one filled scoring sheet (answers: criterion id -> option id) per council session';
-- The assessment date: the certificate's decision when it was taken under
-- Decision 148 (from 24 February 2023), else the report date (a re-scoring
-- of an older certificate on today's sheets).
INSERT INTO assessment (code, product_set, assessed_on, council_level, assessor, answers)
SELECT a.code, a.product_set, d.assessed_on,
       ocop_certifier(a.awarded::ocop_star, d.assessed_on),
       'Hội đồng đánh giá, phân hạng sản phẩm OCOP (synthetic)',
       x.answers
  FROM assessment_plan a
  JOIN (SELECT code, jsonb_object_agg(criterion, option) AS answers FROM assessment_answer GROUP BY code) x USING (code),
       demo_setting s,
       LATERAL (SELECT CASE WHEN a.decided >= '2023-02-24' THEN a.decided ELSE s.as_of END AS assessed_on) d
 ORDER BY a.code;
CREATE INDEX ON assessment (code, assessed_on DESC);

-- Scored once (ocop_assess is STABLE: a materialized view keeps the report
-- quick); the current tier of each product and what it lacks.
CREATE MATERIALIZED VIEW assessment_scored AS
SELECT a.id, a.code, a.assessed_on, a.council_level, r.*
  FROM assessment a, ocop_assess(a.product_set, a.answers, a.assessed_on) r;
CREATE VIEW product_current_tier AS
SELECT DISTINCT ON (s.code) s.code, s.assessed_on, s.total, s.star_by_points, s.star_awarded, s.next_star,
       s.points_to_next, s.blocking
  FROM assessment_scored s ORDER BY s.code, s.assessed_on DESC, s.id DESC;
COMMENT ON VIEW product_current_tier IS 'current tier of each product (its latest assessment) and what it lacks for the next';
-- Reported, not silently accepted: assessments whose awarded tier differs
-- from the product's stored tier.
CREATE VIEW assessment_star_mismatch AS
SELECT c.code, p.star AS stored, c.star_awarded AS assessed, c.assessed_on
  FROM product_current_tier c JOIN product p USING (code)
 WHERE c.star_awarded <> p.star;
COMMENT ON VIEW assessment_star_mismatch IS 'products whose latest assessment awards another tier than the stored one';
SELECT count(*) AS assessments, count(*) FILTER (WHERE star_awarded = '5') AS "5★",
       count(*) FILTER (WHERE star_awarded = '4') AS "4★", count(*) FILTER (WHERE star_awarded = '3') AS "3★",
       (SELECT count(*) FROM assessment_star_mismatch) AS "differ from the stored tier"
  FROM product_current_tier;
