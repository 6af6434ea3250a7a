-- bench/assessment.sh: ocop_assess, ocop_assess_many and a hand-written SQL
-- aggregation over the same synthetic assessments.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
DROP TABLE IF EXISTS bench_option_set, bench_assessment;
-- the options of each criterion (the first of a group's alternatives)
CREATE TABLE bench_option_set AS
SELECT c.product_set, c.criterion, array_agg(o.option ORDER BY o.option) AS opts
  FROM ocop_criterion c JOIN ocop_criterion_option o USING (regime, product_set, criterion)
 WHERE c.regime = '148/2023' AND (c.one_of IS NULL OR c.criterion LIKE '%.a')
 GROUP BY 1, 2;
SELECT setseed(0.17) AS seeded \gset
CREATE TABLE bench_assessment AS
SELECT g AS id, 1 + g % 26 AS product_set,
       (SELECT jsonb_object_agg(s.criterion, s.opts[1 + floor(random() * cardinality(s.opts))::int])
          FROM bench_option_set s WHERE s.product_set = 1 + g % 26 AND g > 0) AS answers
  FROM generate_series(1, :rows) g;
ANALYZE bench_assessment, ocop_criterion, ocop_criterion_option, ocop_criterion_requirement, ocop_assessment_sheet;
SELECT count(*) AS assessments, round(avg((SELECT count(*) FROM jsonb_object_keys(answers))), 1) AS "criteria per sheet"
  FROM bench_assessment;

-- Correctness first: the three ways agree on every total.
CREATE TEMP TABLE bench_base AS
SELECT a.id, sum(o.points) FILTER (WHERE c.part = 'A') AS part_a, sum(o.points) FILTER (WHERE c.part = 'B') AS part_b,
       sum(o.points) FILTER (WHERE c.part = 'C') AS part_c, sum(o.points) AS total
  FROM bench_assessment a CROSS JOIN jsonb_each_text(a.answers) e
  JOIN ocop_criterion c ON (c.regime, c.product_set, c.criterion) = ('148/2023', a.product_set, e.key)
  JOIN ocop_criterion_option o ON (o.regime, o.product_set, o.option) = ('148/2023', a.product_set, e.value)
 GROUP BY a.id;
CREATE TEMP TABLE bench_scored AS
SELECT a.id, r.* FROM bench_assessment a CROSS JOIN ocop_assess(a.product_set, a.answers, regime => '148/2023') r;
SELECT count(*) AS "ocop_assess totals differing from the aggregation (must be 0)"
  FROM bench_scored s FULL JOIN bench_base b USING (id)
 WHERE (s.part_a, s.part_b, s.part_c, s.total) IS DISTINCT FROM (b.part_a, b.part_b, b.part_c, b.total);
SELECT star_awarded, count(*), min(total), max(total) FROM bench_scored GROUP BY 1 ORDER BY 1;

CREATE TEMP TABLE bench_time (what text, rep int, ms float8);
DO $$
DECLARE
  t timestamptz; n int;
  reps int := current_setting('bench.reps')::int;
  batch int := current_setting('bench.batch')::int;
BEGIN
  FOR i IN 1 .. reps LOOP
    t := clock_timestamp();
    SELECT count(*) INTO n FROM (
      SELECT a.id, sum(o.points) FILTER (WHERE c.part = 'A'), sum(o.points) FILTER (WHERE c.part = 'B'),
             sum(o.points) FILTER (WHERE c.part = 'C'), sum(o.points)
        FROM bench_assessment a CROSS JOIN jsonb_each_text(a.answers) e
        JOIN ocop_criterion c ON (c.regime, c.product_set, c.criterion) = ('148/2023', a.product_set, e.key)
        JOIN ocop_criterion_option o ON (o.regime, o.product_set, o.option) = ('148/2023', a.product_set, e.value)
       GROUP BY a.id) x;
    INSERT INTO bench_time VALUES ('SQL aggregation of the points (baseline)', i, extract(epoch FROM clock_timestamp() - t) * 1000);
    t := clock_timestamp();
    SELECT count(r.total) INTO n FROM bench_assessment a CROSS JOIN ocop_assess(a.product_set, a.answers, regime => '148/2023') r;
    INSERT INTO bench_time VALUES ('ocop_assess, one call per assessment', i, extract(epoch FROM clock_timestamp() - t) * 1000);
    t := clock_timestamp();
    SELECT count(m.total) INTO n
      FROM (SELECT array_agg(product_set ORDER BY id) AS ps, array_agg(answers ORDER BY id) AS ans
              FROM bench_assessment GROUP BY (id - 1) / batch) b
      CROSS JOIN ocop_assess_many(b.ps, b.ans, regime => '148/2023') m;
    INSERT INTO bench_time VALUES (format('ocop_assess_many, %s per call', batch), i, extract(epoch FROM clock_timestamp() - t) * 1000);
  END LOOP;
END $$;
SELECT what, round(min(ms)::numeric) AS "best ms", round(((SELECT count(*) FROM bench_assessment) / (min(ms) / 1000))::numeric) AS "assessments/s",
       round((min(ms) / (SELECT min(ms) FROM bench_time WHERE what LIKE 'SQL%'))::numeric, 2) AS "÷ baseline"
  FROM bench_time GROUP BY what ORDER BY min(ms);
