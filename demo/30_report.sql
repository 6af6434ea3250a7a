-- The analyst's report over the synthetic registry of 20_registry.sql.  All
-- dates are relative to demo_setting.as_of (2025-12-31), so every figure is
-- the same on every run.
\ir lib/flags.psql
\if :have_registry
\else
\echo 'report skipped: the registry was not generated'
\quit
\endif
SET client_min_messages = warning;
SELECT as_of FROM demo_setting \gset

-- Every product's current commune: a two-level code names it; a three-level
-- code names a pre-reform commune, mapped through the succession table
-- (ocop_admin_current); when that commune was split, the successor whose
-- polygon holds the producer wins.
CREATE TABLE product_commune AS
SELECT p.code,
       CASE WHEN ocop_code_district(p.code) IS NULL THEN ocop_code_commune(p.code)
            ELSE (SELECT c.code FROM ocop_admin_current(ocop_code_commune(p.code), '2025-06-30') c
                   ORDER BY ST_Contains(ocop_admin_geom(c.code), p.geom) DESC, c.code LIMIT 1) END AS commune
  FROM product p;
COMMENT ON TABLE product_commune IS 'each product''s current commune (old codes mapped through the succession table)';

\echo
\echo '== 1. OCOP products by tier (synthetic registry reproducing Hà Nội''s mid-2025 figures)'
SELECT CASE WHEN GROUPING(star) = 1 THEN 'total'
            WHEN potential_5star THEN ocop_star_label(star, 'vi') || ' (tiềm năng 5 sao)'
            ELSE ocop_star_label(star, 'vi') END AS tier,
       CASE WHEN GROUPING(star) = 0 THEN ocop_star_label(star, 'stars') ELSE '' END AS stars,
       count(*) AS products
  FROM product
 GROUP BY GROUPING SETS ((star, potential_5star), ())
 ORDER BY GROUPING(star), star DESC, potential_5star DESC;

\echo '== 2a. Products by ngành (Decision 148/QĐ-TTg classification)'
SELECT s.nganh_no AS no, s.nganh_vi AS "ngành", count(*) AS products,
       count(*) FILTER (WHERE p.star >= '4') AS "4★ and up"
  FROM product p
  JOIN ocop_product_set s ON s.scheme = '148/2023' AND s.product_set = ocop_code_product_set(p.code)
 GROUP BY 1, 2 ORDER BY 1;

\echo '== 2b. Products by product set (bộ sản phẩm)'
SELECT s.product_set AS set, s.name_vi AS "bộ sản phẩm", count(p.code) AS products
  FROM ocop_product_set s
  LEFT JOIN product p ON ocop_code_product_set(p.code) = s.product_set
 WHERE s.scheme = '148/2023'
 GROUP BY 1, 2 ORDER BY 1;

\echo '== 3. Top 10 current communes (old three-level codes mapped to today''s communes)'
SELECT pc.commune AS code, ocop_admin_name(pc.commune) AS commune, count(*) AS products,
       count(*) FILTER (WHERE p.star >= '4') AS "4★ and up",
       count(*) FILTER (WHERE ocop_code_district(p.code) IS NOT NULL) AS "with old codes"
  FROM product p JOIN product_commune pc USING (code)
 GROUP BY 1 ORDER BY products DESC, code LIMIT 10;

\echo '== 4. Former Thạch Thất district (276): products by tier, and where they are today'
SELECT ocop_admin_name('276', '2025-06-30') AS district, count(*) AS products,
       count(*) FILTER (WHERE star = '4') AS "4 sao", count(*) FILTER (WHERE star = '3') AS "3 sao"
  FROM product WHERE ocop_code_in_area(code, '01-276');
SELECT ocop_admin_name(pc.commune) AS "commune today", count(*) AS products,
       count(*) FILTER (WHERE p.star = '4') AS "4 sao"
  FROM product p JOIN product_commune pc USING (code)
 WHERE ocop_code_in_area(p.code, '01-276')
 GROUP BY 1 ORDER BY 2 DESC, 1;

\echo '== 5. Certificates expiring in the six months after' :as_of 'and who recertifies them'
SELECT ocop_star_label(c.star, 'vi') AS tier, c.decided, ocop_certificate_expiry(c.decided) AS expires,
       ocop_certifier(c.star, c.decided) AS "certified by",
       ocop_certifier(c.star, ocop_certificate_expiry(c.decided)) AS "recertified by",
       count(*) AS certificates
  FROM certificate c, demo_setting s
 WHERE ocop_certificate_expiry(c.decided) > s.as_of
   AND ocop_certificate_expiry(c.decided) <= (s.as_of + interval '6 months')::date
 GROUP BY c.star, c.decided ORDER BY expires, c.star DESC;
SELECT ocop_certificate_status(c.decided, s.as_of) AS status, count(*) AS certificates
  FROM certificate c, demo_setting s GROUP BY 1;

\if :have_villages
\echo '== 6. 4★ and better products within 2 km of each craft village (ocop_villages_near)'
SELECT n.name AS village, n.craft, ocop_admin_name(n.commune_code) AS commune,
       count(*) AS "4★+ within 2 km",
       count(*) FILTER (WHERE p.star = '5' OR p.potential_5star) AS "5★ or potential"
  FROM product p
 CROSS JOIN LATERAL ocop_villages_near(p.geom, 2) n
 WHERE p.star >= '4' AND n.kind = 'craft'
 GROUP BY n.name, n.craft, n.commune_code ORDER BY 4 DESC, 1;
\else
\echo '== 6. (skipped: ocop_villages_near is not installed)'
\endif

\if :have_trace
\echo '== 7. Traceability chains failing verification against the head printed on their label'
SELECT count(*) AS chains, count(*) FILTER (WHERE trace_verify(chain, label_head)) AS verified,
       count(*) FILTER (WHERE NOT trace_verify(chain, label_head)) AS failing
  FROM lot;
SELECT l.lot, l.code, trace_length(l.chain) AS events,
       left(encode(l.label_head, 'hex'), 16) || '…' AS "head on label",
       left(encode(trace_head(l.chain), 'hex'), 16) || '…' AS "head of stored chain"
  FROM lot l WHERE NOT trace_verify(l.chain, l.label_head) ORDER BY l.lot;

\if :have_tdist
\echo '== 8. Average food miles by ngành, farm → processing → distribution → sale (trace_distance_km)'
SELECT s.nganh_vi AS "ngành", count(*) AS lots, round(avg(trace_distance_km(l.chain))::numeric, 1) AS "avg km",
       round(max(trace_distance_km(l.chain))::numeric, 1) AS "max km"
  FROM lot l
  JOIN ocop_product_set s ON s.scheme = '148/2023' AND s.product_set = ocop_code_product_set(l.code)
 GROUP BY s.nganh_no, 1 ORDER BY s.nganh_no;
\else
\echo '== 8. Average food miles by ngành (FALLBACK: trace_distance_km is not installed; geodesic length of the line through trace_events'' lon/lat)'
SELECT s.nganh_vi AS "ngành", count(*) AS lots, round(avg(d.km)::numeric, 1) AS "avg km",
       round(max(d.km)::numeric, 1) AS "max km"
  FROM lot l
  JOIN ocop_product_set s ON s.scheme = '148/2023' AND s.product_set = ocop_code_product_set(l.code)
 CROSS JOIN LATERAL (
   SELECT ST_Length(ST_MakeLine(ST_SetSRID(ST_MakePoint(e.lon, e.lat), 4326) ORDER BY e.seq)::geography) / 1000 AS km
     FROM trace_events(l.chain) e WHERE e.lon IS NOT NULL) d
 GROUP BY s.nganh_no, 1 ORDER BY s.nganh_no;
\endif
\else
\echo '== 7, 8. (skipped: trace_chain is not installed)'
\endif

\echo '== 9. Nearest points of sale to a named producer'
SELECT pr.name AS producer, o.name AS "point of sale", o.kind,
       round((ST_Distance(o.geom::geography, pr.geom::geography) / 1000)::numeric, 2) AS km
  FROM producer pr
 CROSS JOIN LATERAL (SELECT * FROM outlet o WHERE o.kind NOT IN ('kho phân phối', 'trung tâm thiết kế, quảng bá OCOP')
                      ORDER BY o.geom <-> pr.geom LIMIT 10) o
 WHERE pr.name = 'HTX Gốm sứ Hoa Sen Bát Tràng (synthetic)'
 ORDER BY km LIMIT 3;

\if :have_assess
SELECT to_regclass('product_current_tier') IS NOT NULL AS have_assessments \gset
\else
\set have_assessments false
\endif
\if :have_assessments
\echo '== 10. Products one criterion away from the next tier, by product set, and the criteria blocking them (ocop_assess)'
-- "One criterion away": the points of the latest assessment already reach
-- the next tier, and exactly one mandatory criterion holds it back.
WITH near AS (
  SELECT c.code, ocop_code_product_set(c.code) AS product_set, c.star_awarded, c.next_star,
         c.blocking->0->>'criterion' AS criterion
    FROM product_current_tier c
   WHERE c.points_to_next = 0 AND jsonb_array_length(c.blocking) = 1
), per_criterion AS (
  SELECT product_set, next_star, criterion, count(*) AS n FROM near GROUP BY 1, 2, 3
), per_set AS (
  SELECT product_set, star_awarded, next_star, count(*) AS products FROM near GROUP BY 1, 2, 3
)
SELECT s.product_set AS "bộ", left(ocop_product_set_name(s.product_set), 40) AS "product set",
       ocop_star_label(s.star_awarded, 'stars') || ' → ' || ocop_star_label(s.next_star, 'stars') AS tier,
       s.products,
       (SELECT string_agg(k.criterion || ' ×' || k.n, ', ' ORDER BY k.n DESC, k.criterion)
          FROM (SELECT * FROM per_criterion k
                 WHERE (k.product_set, k.next_star) = (s.product_set, s.next_star)
                 ORDER BY k.n DESC, k.criterion LIMIT 3) k) AS "most common blocking criteria"
  FROM per_set s
UNION ALL
SELECT NULL, 'total', '', count(*), NULL FROM near
 ORDER BY 1 NULLS LAST, 3;
\echo '== 10b. The criteria most often blocking the next tier (one criterion away), by their text'
SELECT b->>'criterion' AS criterion, left(c.text_vi, 50) AS "criterion (text on the sheet)", b->>'star' || '★' AS "for",
       count(*) AS products, count(DISTINCT c.product_set) AS "product sets"
  FROM product_current_tier t, jsonb_array_elements(t.blocking) b,
       ocop_criterion c
 WHERE t.points_to_next = 0 AND jsonb_array_length(t.blocking) = 1
   AND c.regime = '148/2023' AND c.product_set = ocop_code_product_set(t.code) AND c.criterion = b->>'criterion'
 GROUP BY 1, 2, 3 ORDER BY products DESC, criterion, 2 LIMIT 8;
SELECT count(*) AS "assessments differing from the stored tier (assessment_star_mismatch)" FROM assessment_star_mismatch;
\else
\echo '== 10. (skipped: ocop_assess or the assessments of 25_assessment.sql are missing)'
\endif
