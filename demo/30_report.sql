-- The analyst's report over the synthetic registry of 20_registry.sql.  All
-- dates are relative to demo_setting.as_of (2025-12-31), so every figure is
-- the same on every run.
\ir lib/flags.psql
\ir lib/lang.psql
\if :have_registry
\else
\echo :h_skip_report
\quit
\endif
SET client_min_messages = warning;
SELECT as_of FROM demo_setting \gset
-- Words the extension returns as codes (certifying level, certificate
-- status), shown as they are in English and translated in Vietnamese.
\if :lang_vi
CREATE FUNCTION pg_temp.demo_word(w text) RETURNS text LANGUAGE sql IMMUTABLE
  AS $$ SELECT CASE w WHEN 'district' THEN 'cấp huyện' WHEN 'province' THEN 'cấp tỉnh' WHEN 'central' THEN 'trung ương'
                      WHEN 'active' THEN 'còn hiệu lực' WHEN 'expired' THEN 'hết hiệu lực'
                      WHEN 'not_yet_valid' THEN 'chưa có hiệu lực' ELSE w END $$;
\else
CREATE FUNCTION pg_temp.demo_word(w text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT w $$;
\endif

-- Every product's current commune: a two-level code names it; a three-level
-- code names a pre-reform commune, mapped through the succession table
-- (ocop_admin_current); when that commune was split, the successor whose
-- polygon holds the producer wins.
DROP TABLE IF EXISTS product_commune;   -- the report can be run again (in another DEMO_LANG)
CREATE TABLE product_commune AS
SELECT p.code,
       CASE WHEN ocop_code_district(p.code) IS NULL THEN ocop_code_commune(p.code)
            ELSE (SELECT c.code FROM ocop_admin_current(ocop_code_commune(p.code), '2025-06-30') c
                   ORDER BY ST_Contains(ocop_admin_geom(c.code), p.geom) DESC, c.code LIMIT 1) END AS commune
  FROM product p;
COMMENT ON TABLE product_commune IS 'each product''s current commune (old codes mapped through the succession table)';

\echo
\echo :h1
\if :lang_vi
\echo 'Sản phẩm "4 sao (tiềm năng 5 sao)" được cấp tỉnh công nhận 4 sao và được đề nghị lên trung ương; chỉ là 5 sao khi trung ương công nhận.'
\endif
SELECT CASE WHEN GROUPING(star) = 1 THEN :'v_total'
            WHEN potential_5star THEN ocop_star_label(star, 'vi') || ' (tiềm năng 5 sao)'
            ELSE ocop_star_label(star, 'vi') END AS :"c_tier",
       CASE WHEN GROUPING(star) = 0 THEN ocop_star_label(star, 'stars') ELSE '' END AS :"c_stars",
       count(*) AS :"c_products"
  FROM product
 GROUP BY GROUPING SETS ((star, potential_5star), ())
 ORDER BY GROUPING(star), star DESC, potential_5star DESC;

\echo :h2a
SELECT s.nganh_no AS :"c_no", s.nganh_vi AS :"c_nganh", count(*) AS :"c_products",
       count(*) FILTER (WHERE p.star >= '4') AS :"c_4up"
  FROM product p
  JOIN ocop_product_set s ON s.scheme = '148/2023' AND s.product_set = ocop_code_product_set(p.code)
 GROUP BY 1, 2 ORDER BY 1;

\echo :h2b
SELECT s.product_set AS :"c_set", s.name_vi AS :"c_bo", count(p.code) AS :"c_products"
  FROM ocop_product_set s
  LEFT JOIN product p ON ocop_code_product_set(p.code) = s.product_set
 WHERE s.scheme = '148/2023'
 GROUP BY 1, 2 ORDER BY 1;

\echo :h3
\if :lang_vi
\echo 'Mã ba cấp (công nhận trước 1/7/2025) ghi xã cũ; xã cũ bị chia thì sản phẩm thuộc xã mới chứa vị trí của chủ thể sản xuất.'
\endif
SELECT pc.commune AS :"c_code", ocop_admin_name(pc.commune) AS :"c_commune", count(*) AS :"c_products",
       count(*) FILTER (WHERE p.star >= '4') AS :"c_4up",
       count(*) FILTER (WHERE ocop_code_district(p.code) IS NOT NULL) AS :"c_oldcodes"
  FROM product p JOIN product_commune pc USING (code)
 GROUP BY 1 ORDER BY 3 DESC, 1 LIMIT 10;

\echo :h4
SELECT ocop_admin_name('276', '2025-06-30') AS :"c_district", count(*) AS :"c_products",
       count(*) FILTER (WHERE star = '4') AS "4 sao", count(*) FILTER (WHERE star = '3') AS "3 sao"
  FROM product WHERE ocop_code_in_area(code, '01-276');
SELECT ocop_admin_name(pc.commune) AS :"c_commune_today", count(*) AS :"c_products",
       count(*) FILTER (WHERE p.star = '4') AS "4 sao"
  FROM product p JOIN product_commune pc USING (code)
 WHERE ocop_code_in_area(p.code, '01-276')
 GROUP BY 1 ORDER BY 2 DESC, 1;

\echo :h5a :as_of :h5b
\if :lang_vi
\echo 'Kết quả phân hạng có giá trị 36 tháng kể từ ngày công nhận. Từ 1/7/2025, sản phẩm 3 sao do cấp tỉnh đánh giá, công nhận (Quyết định 1489/QĐ-TTg).'
\endif
SELECT ocop_star_label(c.star, 'vi') AS :"c_tier", c.decided AS :"c_decided", ocop_certificate_expiry(c.decided) AS :"c_expires",
       pg_temp.demo_word(ocop_certifier(c.star, c.decided)) AS :"c_certified_by",
       pg_temp.demo_word(ocop_certifier(c.star, ocop_certificate_expiry(c.decided))) AS :"c_recertified_by",
       count(*) AS :"c_certificates"
  FROM certificate c, demo_setting s
 WHERE ocop_certificate_expiry(c.decided) > s.as_of
   AND ocop_certificate_expiry(c.decided) <= (s.as_of + interval '6 months')::date
 GROUP BY c.star, c.decided ORDER BY 3, c.star DESC;
SELECT pg_temp.demo_word(ocop_certificate_status(c.decided, s.as_of)) AS :"c_status", count(*) AS :"c_certificates"
  FROM certificate c, demo_setting s GROUP BY 1;

\if :have_villages
\echo :h6
SELECT n.name AS :"c_village", n.craft AS :"c_craft", ocop_admin_name(n.commune_code) AS :"c_commune",
       count(*) AS :"c_4within2",
       count(*) FILTER (WHERE p.star = '5' OR p.potential_5star) AS :"c_5orpot"
  FROM product p
 CROSS JOIN LATERAL ocop_villages_near(p.geom, 2) n
 WHERE p.star >= '4' AND n.kind = 'craft'
 GROUP BY n.name, n.craft, n.commune_code ORDER BY 4 DESC, 1;
\else
\echo :h6skip
\endif

\if :have_trace
\echo :h7
\if :lang_vi
\echo 'Đầu chuỗi là mã băm SHA-256 của sự kiện cuối, in trên tem QR; nhật ký bị sửa sau khi in tem thì không còn khớp.'
\endif
SELECT count(*) AS :"c_chains", count(*) FILTER (WHERE trace_verify(chain, label_head)) AS :"c_verified",
       count(*) FILTER (WHERE NOT trace_verify(chain, label_head)) AS :"c_failing"
  FROM lot;
SELECT l.lot AS :"c_lot", l.code AS :"c_pcode", trace_length(l.chain) AS :"c_events",
       left(encode(l.label_head, 'hex'), 16) || '…' AS :"c_head_label",
       left(encode(trace_head(l.chain), 'hex'), 16) || '…' AS :"c_head_stored"
  FROM lot l WHERE NOT trace_verify(l.chain, l.label_head) ORDER BY l.lot;

\if :have_tdist
\echo :h8
\if :lang_vi
\echo 'Quãng đường đo trên elipxoit WGS 84, qua vị trí của từng sự kiện trong nhật ký truy xuất.'
\endif
SELECT s.nganh_vi AS :"c_nganh", count(*) AS :"c_lots", round(avg(trace_distance_km(l.chain))::numeric, 1) AS :"c_avgkm",
       round(max(trace_distance_km(l.chain))::numeric, 1) AS :"c_maxkm"
  FROM lot l
  JOIN ocop_product_set s ON s.scheme = '148/2023' AND s.product_set = ocop_code_product_set(l.code)
 GROUP BY s.nganh_no, 1 ORDER BY s.nganh_no;
\else
\echo :h8fb
SELECT s.nganh_vi AS :"c_nganh", count(*) AS :"c_lots", round(avg(d.km)::numeric, 1) AS :"c_avgkm",
       round(max(d.km)::numeric, 1) AS :"c_maxkm"
  FROM lot l
  JOIN ocop_product_set s ON s.scheme = '148/2023' AND s.product_set = ocop_code_product_set(l.code)
 CROSS JOIN LATERAL (
   SELECT ST_Length(ST_MakeLine(ST_SetSRID(ST_MakePoint(e.lon, e.lat), 4326) ORDER BY e.seq)::geography) / 1000 AS km
     FROM trace_events(l.chain) e WHERE e.lon IS NOT NULL) d
 GROUP BY s.nganh_no, 1 ORDER BY s.nganh_no;
\endif
\else
\echo :h78skip
\endif

\echo :h9
SELECT pr.name AS :"c_producer", o.name AS :"c_pos", o.kind AS :"c_kind",
       round((ST_Distance(o.geom::geography, pr.geom::geography) / 1000)::numeric, 2) AS km
  FROM producer pr
 CROSS JOIN LATERAL (SELECT * FROM outlet o WHERE o.kind NOT IN ('kho phân phối', 'trung tâm thiết kế, quảng bá OCOP')
                      ORDER BY o.geom <-> pr.geom LIMIT 10) o
 WHERE pr.name = 'HTX Gốm sứ Hoa Sen Bát Tràng (synthetic)'
 ORDER BY 4 LIMIT 3;

\if :have_assess
SELECT to_regclass('product_current_tier') IS NOT NULL AS have_assessments \gset
\else
\set have_assessments false
\endif
\if :have_assessments
\echo :h10
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
SELECT s.product_set AS "bộ", left(ocop_product_set_name(s.product_set), 40) AS :"c_pset",
       ocop_star_label(s.star_awarded, 'stars') || ' → ' || ocop_star_label(s.next_star, 'stars') AS :"c_tier",
       s.products AS :"c_products",
       (SELECT string_agg(k.criterion || ' ×' || k.n, ', ' ORDER BY k.n DESC, k.criterion)
          FROM (SELECT * FROM per_criterion k
                 WHERE (k.product_set, k.next_star) = (s.product_set, s.next_star)
                 ORDER BY k.n DESC, k.criterion LIMIT 3) k) AS :"c_blocking"
  FROM per_set s
UNION ALL
SELECT NULL, :'v_total', '', count(*), NULL FROM near
 ORDER BY 1 NULLS LAST, 3;
\echo :h10b
SELECT b->>'criterion' AS :"c_criterion", left(c.text_vi, 50) AS :"c_criterion_text", b->>'star' || '★' AS :"c_for",
       count(*) AS :"c_products", count(DISTINCT c.product_set) AS :"c_psets"
  FROM product_current_tier t, jsonb_array_elements(t.blocking) b,
       ocop_criterion c
 WHERE t.points_to_next = 0 AND jsonb_array_length(t.blocking) = 1
   AND c.regime = '148/2023' AND c.product_set = ocop_code_product_set(t.code) AND c.criterion = b->>'criterion'
 GROUP BY 1, 2, 3 ORDER BY 4 DESC, 1, 2 LIMIT 8;
SELECT count(*) AS :"c_mismatch" FROM assessment_star_mismatch;
\else
\echo :h10skip
\endif
