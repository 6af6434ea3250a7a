-------------------------------------------------------------------------------
-- OCOP assessment (issue 17): the scoring sheets of Decision 148/QĐ-TTg as
-- data, and the functions that score a filled sheet.  The rows are generated
-- by scripts/gen-criteria into sql/features/13_ocop_criteria_data.sql; the
-- rule and its sources are in doc/assessment.md.
-------------------------------------------------------------------------------

CREATE TABLE @extschema@.ocop_assessment_sheet (
  regime      text NOT NULL,
  product_set int4 NOT NULL,
  part_a_max  numeric NOT NULL CHECK (part_a_max > 0),
  part_b_max  numeric NOT NULL CHECK (part_b_max > 0),
  part_c_max  numeric NOT NULL CHECK (part_c_max > 0),
  defect      text,
  source      text NOT NULL,
  PRIMARY KEY (regime, product_set),
  FOREIGN KEY (regime, product_set) REFERENCES @extschema@.ocop_product_set (scheme, product_set)
);
COMMENT ON TABLE @extschema@.ocop_assessment_sheet IS
  'one scoring sheet (phiếu đánh giá) per product set and regime: the points its criteria give to parts A, B and C (40/25/35 except the transcription defects named in defect)';
COMMENT ON COLUMN @extschema@.ocop_assessment_sheet.defect IS
  'a known defect of the transcription that could not be corrected from the official text (sheets 7, 11-13); NULL when the sheet sums to 40/25/35';

CREATE TABLE @extschema@.ocop_criterion (
  regime         text NOT NULL,
  product_set    int4 NOT NULL,
  criterion      text NOT NULL CHECK (criterion ~ '^[ABC]\.[0-9]+\.([a-z]|đ)[0-9]*$'),
  part           text NOT NULL CHECK (part IN ('A', 'B', 'C')),
  group_no       int4 NOT NULL CHECK (group_no > 0),
  group_vi       text NOT NULL,
  group_en       text NOT NULL,
  heading_vi     text,
  text_vi        text NOT NULL,
  note_vi        text,
  max_points     numeric NOT NULL CHECK (max_points > 0),
  one_of         text,
  mandatory_star @extschema@.ocop_star CHECK (mandatory_star IS NULL OR mandatory_star::int4 >= 3),
  PRIMARY KEY (regime, product_set, criterion),
  FOREIGN KEY (regime, product_set) REFERENCES @extschema@.ocop_assessment_sheet
);
COMMENT ON TABLE @extschema@.ocop_criterion IS
  'criteria (tiêu chí) of the scoring sheets: id <part>.<group>.<letter>[n] (A.1.a, C.6.a2), Vietnamese text as in the decision, group name in English, maximum points';
COMMENT ON COLUMN @extschema@.ocop_criterion.heading_vi IS 'for a sub-criterion (C.6.a1 "- Tạp chất"), the heading it stands under ("a) Ngoại hình")';
COMMENT ON COLUMN @extschema@.ocop_criterion.one_of IS
  'group id (C.8) when the group''s criteria are alternatives ("Lựa chọn một trong hai trường hợp"): exactly one of them is scored';
COMMENT ON COLUMN @extschema@.ocop_criterion.mandatory_star IS
  'tier for which the criterion itself is mandatory (marked **** on the criterion, e.g. Sở hữu trí tuệ): one of its options must be met';

CREATE TABLE @extschema@.ocop_criterion_option (
  regime         text NOT NULL,
  product_set    int4 NOT NULL,
  option         text NOT NULL,
  criterion      text NOT NULL,
  points         numeric NOT NULL CHECK (points >= 0),
  text_vi        text NOT NULL,
  mandatory_star @extschema@.ocop_star CHECK (mandatory_star IS NULL OR mandatory_star::int4 >= 3),
  PRIMARY KEY (regime, product_set, option),
  FOREIGN KEY (regime, product_set, criterion) REFERENCES @extschema@.ocop_criterion,
  CHECK (pg_catalog.starts_with(option, criterion OPERATOR(pg_catalog.||) '.'))
);
COMMENT ON TABLE @extschema@.ocop_criterion_option IS
  'answer options of each criterion with their points; id <criterion>.<n> in the sheet''s order (A.1.a.2)';
COMMENT ON COLUMN @extschema@.ocop_criterion_option.mandatory_star IS
  'tier this option is mandatory for (marked ***, **** or ***** in the decision): a product of that tier or above must reach at least this option''s points on the criterion';

GRANT SELECT ON @extschema@.ocop_assessment_sheet, @extschema@.ocop_criterion,
  @extschema@.ocop_criterion_option TO PUBLIC;

CREATE TABLE @extschema@.ocop_criterion_requirement (
  regime      text NOT NULL,
  product_set int4 NOT NULL,
  criterion   text NOT NULL,
  star        @extschema@.ocop_star NOT NULL CHECK (star::int4 >= 3),
  min_points  numeric NOT NULL CHECK (min_points >= 0),
  option      text,
  PRIMARY KEY (regime, product_set, criterion, star),
  FOREIGN KEY (regime, product_set, criterion) REFERENCES @extschema@.ocop_criterion,
  FOREIGN KEY (regime, product_set, option) REFERENCES @extschema@.ocop_criterion_option
);
COMMENT ON TABLE @extschema@.ocop_criterion_requirement IS
  'mandatory requirements, derived from the marks at install: for a tier (star) and above, the criterion must score at least min_points (option = the marked option; NULL when the criterion itself is marked and any of its options meets it)';
GRANT SELECT ON @extschema@.ocop_criterion_requirement TO PUBLIC;


-------------------------------------------------------------------------------
-- Scoring.  ocop_assess(product_set, assessment, assessed_on, regime, lang):
-- assessment is a jsonb object keyed by criterion id, each value the chosen
-- option id ("A.1.a.2"), an object {"option": "A.1.a.2", "points": 3} whose
-- points are checked against the sheet, or null (no option applies: 0
-- points).  Rule (doc/assessment.md): the tier by points is the band of the
-- total; the tier awarded is the highest recognised tier t up to it such
-- that every requirement of tier t and of every lower tier is met; a product
-- meeting no recognised tier is not certified (awarded at most 2★).  lang
-- ('en' or 'vi') is the language of the blocking requirements' "text"; the
-- criteria and options inside it are quoted as the decision writes them.
-------------------------------------------------------------------------------

CREATE FUNCTION @extschema@.ocop_assess(product_set int4, assessment jsonb,
                                        assessed_on date DEFAULT NULL, regime text DEFAULT NULL,
                                        lang text DEFAULT 'en',
                                        OUT regime_used text,
                                        OUT part_a numeric, OUT part_b numeric, OUT part_c numeric,
                                        OUT total numeric,
                                        OUT star_by_points @extschema@.ocop_star,
                                        OUT star_awarded @extschema@.ocop_star,
                                        OUT qualifies bool,
                                        OUT next_star @extschema@.ocop_star,
                                        OUT points_to_next numeric,
                                        OUT blocking jsonb)
  LANGUAGE plpgsql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  reg text;
  bad text;
  bad2 text;
  bad_criterion text;
  bad_answer text;
  bad_option text;
  bad_points text;
  pts numeric;
  ans jsonb;
  t int4;
BEGIN
  IF $1 IS NULL OR $2 IS NULL THEN
    RAISE EXCEPTION 'ocop_assess: product set and assessment must not be null'
      USING ERRCODE = 'invalid_parameter_value',
            DETAIL = 'Pass a product set (1-26) and a jsonb object keyed by criterion id.';
  END IF;
  IF $5 IS NULL OR ($5 OPERATOR(pg_catalog.<>) 'vi' AND $5 OPERATOR(pg_catalog.<>) 'en') THEN
    RAISE EXCEPTION 'invalid language for ocop_assess: %', coalesce('"' OPERATOR(pg_catalog.||) $5 OPERATOR(pg_catalog.||) '"', 'NULL')
      USING ERRCODE = 'invalid_parameter_value', DETAIL = 'The language (parameter lang) must be ''vi'' or ''en''.';
  END IF;
  reg := coalesce($4, @extschema@.ocop_regime_in_force(coalesce($3, CURRENT_DATE)));
  IF reg IS NULL OR NOT EXISTS (SELECT FROM @extschema@.ocop_ranking_regime r WHERE r.regime OPERATOR(pg_catalog.=) reg) THEN
    RAISE EXCEPTION 'unknown OCOP ranking regime: "%"', coalesce(reg, 'none in force on ' OPERATOR(pg_catalog.||) $3::text)
      USING ERRCODE = 'invalid_parameter_value',
            DETAIL = 'Known regimes are listed in ocop_ranking_regime (''1048/2019'', ''148/2023'').';
  END IF;
  IF NOT EXISTS (SELECT FROM @extschema@.ocop_assessment_sheet s
                  WHERE s.regime OPERATOR(pg_catalog.=) reg AND s.product_set OPERATOR(pg_catalog.=) $1) THEN
    RAISE EXCEPTION 'no OCOP scoring sheet for product set % under regime %', $1, reg
      USING ERRCODE = 'invalid_parameter_value',
            DETAIL = 'ocop_assessment_sheet holds the 26 sheets of regime 148/2023 (product sets 1-26); the sheets of Decision 1048/QĐ-TTg (2019) are not included.';
  END IF;
  ans := $2;   -- assigned to a variable: detoasted once, not at every use
  IF pg_catalog.jsonb_typeof(ans) OPERATOR(pg_catalog.<>) 'object' THEN
    RAISE EXCEPTION 'invalid OCOP assessment: a % instead of an object', pg_catalog.jsonb_typeof(ans)
      USING ERRCODE = 'invalid_parameter_value',
            DETAIL = 'An assessment is a jsonb object keyed by criterion id, e.g. {"A.1.a": "A.1.a.3", ...}.';
  END IF;
  regime_used := reg;

  -- One pass over the answers: each key with its criterion and its option
  -- (NULL when unknown), the first offending key of each kind, and the
  -- points per part.  The errors are raised below in a fixed order.
  SELECT pg_catalog.min(x.key) FILTER (WHERE x.part IS NULL),
         pg_catalog.min(x.key) FILTER (WHERE x.part IS NOT NULL AND NOT x.well_formed),
         pg_catalog.min(x.key) FILTER (WHERE x.part IS NOT NULL AND x.well_formed AND x.opt IS NOT NULL AND x.points IS NULL),
         pg_catalog.min(x.key) FILTER (WHERE x.points IS NOT NULL AND x.given IS NOT NULL
                                         AND CASE WHEN pg_catalog.jsonb_typeof(x.given) OPERATOR(pg_catalog.<>) 'number' THEN true
                                                  ELSE x.given::numeric OPERATOR(pg_catalog.<>) x.points END),
         coalesce(pg_catalog.sum(x.points) FILTER (WHERE x.part OPERATOR(pg_catalog.=) 'A'), 0),
         coalesce(pg_catalog.sum(x.points) FILTER (WHERE x.part OPERATOR(pg_catalog.=) 'B'), 0),
         coalesce(pg_catalog.sum(x.points) FILTER (WHERE x.part OPERATOR(pg_catalog.=) 'C'), 0)
    INTO bad_criterion, bad_answer, bad_option, bad_points, part_a, part_b, part_c
    FROM (SELECT e.key, c.part, o.points,
                 CASE pg_catalog.jsonb_typeof(e.value)
                   WHEN 'string' THEN e.value OPERATOR(pg_catalog.#>>) '{}'
                   WHEN 'object' THEN e.value OPERATOR(pg_catalog.->>) 'option' END AS opt,
                 CASE WHEN pg_catalog.jsonb_typeof(e.value) OPERATOR(pg_catalog.=) 'object'
                      THEN e.value OPERATOR(pg_catalog.->) 'points' END AS given,
                 coalesce(pg_catalog.jsonb_typeof(e.value) IN ('string', 'null')
                          OR (pg_catalog.jsonb_typeof(e.value) OPERATOR(pg_catalog.=) 'object'
                              AND pg_catalog.jsonb_typeof(e.value OPERATOR(pg_catalog.->) 'option') OPERATOR(pg_catalog.=) 'string'),
                          false) AS well_formed
            FROM pg_catalog.jsonb_each(ans) e
            LEFT JOIN @extschema@.ocop_criterion c
              ON c.regime OPERATOR(pg_catalog.=) reg AND c.product_set OPERATOR(pg_catalog.=) $1
             AND c.criterion OPERATOR(pg_catalog.=) e.key
            LEFT JOIN @extschema@.ocop_criterion_option o
              ON o.regime OPERATOR(pg_catalog.=) reg AND o.product_set OPERATOR(pg_catalog.=) $1
             AND o.criterion OPERATOR(pg_catalog.=) c.criterion
             AND o.option OPERATOR(pg_catalog.=) CASE pg_catalog.jsonb_typeof(e.value)
                                                   WHEN 'string' THEN e.value OPERATOR(pg_catalog.#>>) '{}'
                                                   WHEN 'object' THEN e.value OPERATOR(pg_catalog.->>) 'option' END) x;

  IF bad_criterion IS NOT NULL THEN
    RAISE EXCEPTION 'unknown OCOP criterion "%" for product set %', bad_criterion, $1
      USING ERRCODE = 'invalid_parameter_value',
            DETAIL = pg_catalog.format('criterion %s is not on the sheet of product set %s (regime %s); see ocop_criterion', bad_criterion, $1, reg);
  END IF;
  IF bad_answer IS NOT NULL THEN
    IF pg_catalog.jsonb_typeof(ans OPERATOR(pg_catalog.->) bad_answer) OPERATOR(pg_catalog.=) 'array'
       AND pg_catalog.jsonb_array_length(ans OPERATOR(pg_catalog.->) bad_answer) OPERATOR(pg_catalog.>) 1 THEN
      RAISE EXCEPTION 'more than one option for OCOP criterion "%"', bad_answer
        USING ERRCODE = 'invalid_parameter_value',
              DETAIL = pg_catalog.format('criterion %s: %s; choose exactly one option', bad_answer, ans OPERATOR(pg_catalog.->) bad_answer);
    END IF;
    RAISE EXCEPTION 'invalid answer for OCOP criterion "%"', bad_answer
      USING ERRCODE = 'invalid_parameter_value',
            DETAIL = pg_catalog.format('criterion %s: %s; an answer is an option id, {"option": id, "points": n} or null', bad_answer, ans OPERATOR(pg_catalog.->) bad_answer);
  END IF;
  IF bad_option IS NOT NULL THEN
    bad := coalesce(ans OPERATOR(pg_catalog.->) bad_option OPERATOR(pg_catalog.->>) 'option', ans OPERATOR(pg_catalog.->) bad_option OPERATOR(pg_catalog.#>>) '{}');
    RAISE EXCEPTION 'unknown option "%" for OCOP criterion "%"', bad, bad_option
      USING ERRCODE = 'invalid_parameter_value',
            DETAIL = pg_catalog.format('criterion %s of product set %s has no option %s; see ocop_criterion_option', bad_option, $1, bad);
  END IF;
  IF bad_points IS NOT NULL THEN
    SELECT o.points INTO pts FROM @extschema@.ocop_criterion_option o
     WHERE o.regime OPERATOR(pg_catalog.=) reg AND o.product_set OPERATOR(pg_catalog.=) $1
       AND o.option OPERATOR(pg_catalog.=) (ans OPERATOR(pg_catalog.->) bad_points OPERATOR(pg_catalog.->>) 'option');
    RAISE EXCEPTION 'points % for OCOP criterion "%" do not match the sheet', (ans OPERATOR(pg_catalog.->) bad_points OPERATOR(pg_catalog.->) 'points')::text, bad_points
      USING ERRCODE = 'invalid_parameter_value',
            DETAIL = pg_catalog.format('criterion %s: option %s is worth %s points on the sheet of product set %s',
                                       bad_points, ans OPERATOR(pg_catalog.->) bad_points OPERATOR(pg_catalog.->>) 'option', pts, $1);
  END IF;

  -- missing criteria (for alternatives: none of them), and alternatives
  -- answered twice
  SELECT pg_catalog.string_agg(m.id, ', ' ORDER BY m.id) FILTER (WHERE m.answered OPERATOR(pg_catalog.=) 0),
         pg_catalog.min(m.one_of) FILTER (WHERE m.answered OPERATOR(pg_catalog.>) 1)
    INTO bad, bad2
    FROM (SELECT c.one_of,
                 coalesce(c.one_of OPERATOR(pg_catalog.||) ' (one of ' OPERATOR(pg_catalog.||)
                          pg_catalog.string_agg(c.criterion, ', ' ORDER BY c.criterion) OPERATOR(pg_catalog.||) ')',
                          pg_catalog.min(c.criterion)) AS id,
                 pg_catalog.count(*) FILTER (WHERE ans OPERATOR(pg_catalog.?) c.criterion) AS answered
            FROM @extschema@.ocop_criterion c
           WHERE c.regime OPERATOR(pg_catalog.=) reg AND c.product_set OPERATOR(pg_catalog.=) $1
           GROUP BY coalesce(c.one_of, c.criterion), c.one_of) m;
  IF bad IS NOT NULL THEN
    RAISE EXCEPTION 'OCOP assessment for product set % misses criteria', $1
      USING ERRCODE = 'invalid_parameter_value',
            DETAIL = 'missing: ' OPERATOR(pg_catalog.||) bad;
  END IF;
  IF bad2 IS NOT NULL THEN
    RAISE EXCEPTION 'OCOP assessment answers both alternatives of group %', bad2
      USING ERRCODE = 'invalid_parameter_value',
            DETAIL = pg_catalog.format('group %s: score one of its criteria (one of two cases), not both', bad2);
  END IF;

  total := part_a OPERATOR(pg_catalog.+) part_b OPERATOR(pg_catalog.+) part_c;
  SELECT b.star INTO star_by_points FROM @extschema@.ocop_ranking_band b
   WHERE b.regime OPERATOR(pg_catalog.=) reg AND b.score_range OPERATOR(pg_catalog.@>) total;

  -- the tier awarded: the highest recognised tier up to the points whose
  -- requirements, and those of every lower tier, are all met
  SELECT pg_catalog.min(q.star::int4) INTO t
    FROM @extschema@.ocop_criterion_requirement q
    JOIN @extschema@.ocop_criterion c
      ON c.regime OPERATOR(pg_catalog.=) q.regime AND c.product_set OPERATOR(pg_catalog.=) q.product_set
     AND c.criterion OPERATOR(pg_catalog.=) q.criterion
    LEFT JOIN @extschema@.ocop_criterion_option o
      ON o.regime OPERATOR(pg_catalog.=) q.regime AND o.product_set OPERATOR(pg_catalog.=) q.product_set
     AND o.option OPERATOR(pg_catalog.=) coalesce(ans OPERATOR(pg_catalog.->) q.criterion OPERATOR(pg_catalog.->>) 'option',
                                                ans OPERATOR(pg_catalog.->) q.criterion OPERATOR(pg_catalog.#>>) '{}')
   WHERE q.regime OPERATOR(pg_catalog.=) reg AND q.product_set OPERATOR(pg_catalog.=) $1
     AND (ans OPERATOR(pg_catalog.?) q.criterion OR c.one_of IS NULL)
     AND coalesce(o.points, -1) OPERATOR(pg_catalog.<) q.min_points;
  -- t = the lowest tier with a requirement not met (NULL: all met)
  t := LEAST(star_by_points::int4, coalesce(t OPERATOR(pg_catalog.-) 1, 5));
  star_awarded := (CASE WHEN t OPERATOR(pg_catalog.>=) 3 THEN t ELSE LEAST(star_by_points::int4, 2) END)::@extschema@.ocop_star;
  qualifies := star_awarded::int4 OPERATOR(pg_catalog.>=) 3;

  -- what the next tier needs
  IF star_awarded::int4 OPERATOR(pg_catalog.<) 5 THEN
    next_star := GREATEST(star_awarded::int4 OPERATOR(pg_catalog.+) 1, 3)::@extschema@.ocop_star;
    SELECT GREATEST(pg_catalog.lower(b.score_range) OPERATOR(pg_catalog.-) total, 0) INTO points_to_next
      FROM @extschema@.ocop_ranking_band b
     WHERE b.regime OPERATOR(pg_catalog.=) reg AND b.star OPERATOR(@extschema@.=) next_star;
    SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
             'criterion', q.criterion, 'star', q.star::int4, 'needs_option', q.option,
             'needs_points', q.min_points, 'has_points', coalesce(o.points, 0),
             'text', CASE WHEN $5 OPERATOR(pg_catalog.=) 'vi'
                     THEN pg_catalog.format('để đạt %s★, tiêu chí %s (%s) cần %s',
                            q.star::int4, q.criterion, c.text_vi,
                            CASE WHEN q.option IS NULL THEN 'đạt một trong các mức của tiêu chí'
                                 ELSE pg_catalog.format('mức %s (%s, %s điểm) trở lên', q.option, qo.text_vi, q.min_points) END)
                     ELSE pg_catalog.format('to reach %s★, criterion %s (%s) needs %s',
                            q.star::int4, q.criterion, c.text_vi,
                            CASE WHEN q.option IS NULL THEN 'one of its options'
                                 ELSE pg_catalog.format('option %s (%s, %s points) or better', q.option, qo.text_vi, q.min_points) END)
                     END)
             ORDER BY q.star, q.criterion), '[]'::jsonb)
      INTO blocking
      FROM @extschema@.ocop_criterion_requirement q
      JOIN @extschema@.ocop_criterion c
        ON c.regime OPERATOR(pg_catalog.=) q.regime AND c.product_set OPERATOR(pg_catalog.=) q.product_set
       AND c.criterion OPERATOR(pg_catalog.=) q.criterion
      LEFT JOIN @extschema@.ocop_criterion_option qo
        ON qo.regime OPERATOR(pg_catalog.=) q.regime AND qo.product_set OPERATOR(pg_catalog.=) q.product_set
       AND qo.option OPERATOR(pg_catalog.=) q.option
      LEFT JOIN @extschema@.ocop_criterion_option o
        ON o.regime OPERATOR(pg_catalog.=) q.regime AND o.product_set OPERATOR(pg_catalog.=) q.product_set
       AND o.option OPERATOR(pg_catalog.=) coalesce(ans OPERATOR(pg_catalog.->) q.criterion OPERATOR(pg_catalog.->>) 'option',
                                                  ans OPERATOR(pg_catalog.->) q.criterion OPERATOR(pg_catalog.#>>) '{}')
     WHERE q.regime OPERATOR(pg_catalog.=) reg AND q.product_set OPERATOR(pg_catalog.=) $1
       AND q.star::int4 OPERATOR(pg_catalog.<=) next_star::int4
       AND (ans OPERATOR(pg_catalog.?) q.criterion OR c.one_of IS NULL)
       AND coalesce(o.points, -1) OPERATOR(pg_catalog.<) q.min_points;
  ELSE
    blocking := '[]'::jsonb;
  END IF;
  RETURN;
END;
$$;
COMMENT ON FUNCTION @extschema@.ocop_assess(int4, jsonb, date, text, text) IS
  'score an OCOP assessment (jsonb: criterion id -> option id, {"option","points"} or null) on the sheet of a product set: points per part and total, tier by points, tier awarded after the mandatory criteria (cumulative: a tier needs its own and every lower tier''s), the requirements blocking the next tier with their text in lang ''en'' (default) or ''vi''; regime by assessed_on (default today) unless given; 22023 for an unknown criterion or option, two options, a missing criterion, points not matching the sheet, another language';

CREATE FUNCTION @extschema@.ocop_assess_many(product_sets int4[], assessments jsonb[],
                                             assessed_on date[] DEFAULT NULL, regime text DEFAULT NULL,
                                             lang text DEFAULT 'en')
  RETURNS TABLE (ord int8, regime_used text, part_a numeric, part_b numeric, part_c numeric, total numeric,
                 star_by_points @extschema@.ocop_star, star_awarded @extschema@.ocop_star, qualifies bool,
                 next_star @extschema@.ocop_star, points_to_next numeric, blocking jsonb)
  LANGUAGE plpgsql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  n int4 := pg_catalog.cardinality($1);
  i int4;
  r record;
BEGIN
  IF $5 IS NULL OR ($5 OPERATOR(pg_catalog.<>) 'vi' AND $5 OPERATOR(pg_catalog.<>) 'en') THEN
    RAISE EXCEPTION 'invalid language for ocop_assess_many: %', coalesce('"' OPERATOR(pg_catalog.||) $5 OPERATOR(pg_catalog.||) '"', 'NULL')
      USING ERRCODE = 'invalid_parameter_value', DETAIL = 'The language (parameter lang) must be ''vi'' or ''en''.';
  END IF;
  IF $1 IS NULL OR $2 IS NULL OR n OPERATOR(pg_catalog.<>) pg_catalog.cardinality($2)
     OR ($3 IS NOT NULL AND pg_catalog.cardinality($3) OPERATOR(pg_catalog.<>) n) THEN
    RAISE EXCEPTION 'ocop_assess_many: the arrays must have the same length'
      USING ERRCODE = 'invalid_parameter_value',
            DETAIL = pg_catalog.format('product_sets %s, assessments %s, assessed_on %s elements',
                                       pg_catalog.cardinality($1), pg_catalog.cardinality($2), pg_catalog.cardinality($3));
  END IF;
  FOR i IN 1 .. n LOOP
    BEGIN
      SELECT * INTO r FROM @extschema@.ocop_assess($1[i], $2[i], $3[i], $4, $5) a;
    EXCEPTION WHEN invalid_parameter_value THEN
      DECLARE
        msg text; det text;
      BEGIN
        GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL;
        RAISE EXCEPTION '%', msg
          USING ERRCODE = 'invalid_parameter_value',
                DETAIL = pg_catalog.format('assessment %s of %s: %s', i, n, det);
      END;
    END;
    ord := i; regime_used := r.regime_used; part_a := r.part_a; part_b := r.part_b; part_c := r.part_c;
    total := r.total; star_by_points := r.star_by_points; star_awarded := r.star_awarded;
    qualifies := r.qualifies; next_star := r.next_star; points_to_next := r.points_to_next; blocking := r.blocking;
    RETURN NEXT;
  END LOOP;
END;
$$;
COMMENT ON FUNCTION @extschema@.ocop_assess_many(int4[], jsonb[], date[], text, text) IS
  'score many OCOP assessments in one call (a council session, a province''s backlog): element i of each array is one assessment, ord = i, blocking texts in lang ''en'' (default) or ''vi''; the first bad one raises the ocop_assess error with "assessment i of n" in DETAIL; 22023 for another language';
