-- A synthetic but realistic Hà Nội OCOP registry, generated deterministically
-- in SQL.  Geography is real (the administrative units, succession table and
-- commune polygons that the extensions ship); producers, products, lots and
-- shops are synthetic.  Every "random" choice is a hash of a fixed seed and a
-- key (rnd() below), so two runs give identical data whatever the plan or the
-- row order.  See demo/README.md for the figures it reproduces and why.
\ir lib/flags.psql
\ir lib/lang.psql
\if :have_registry
\else
\echo 'registry skipped: it needs ocop_star (issue 3), the administrative tables and ocop_postgis (issue 6)'
\quit
\endif
SET client_min_messages = warning;
\echo :h_gen

-------------------------------------------------------------------------------
-- Settings and the deterministic generator.
-------------------------------------------------------------------------------
CREATE TABLE demo_setting (
  as_of date NOT NULL,      -- the report's "today": fixed, so that every figure is reproducible
  seed  text NOT NULL
);
INSERT INTO demo_setting VALUES ('2025-12-31', 'ocop-demo-2025');
COMMENT ON TABLE demo_setting IS 'the demo''s fixed report date and generator seed';

-- A uniform number in [0,1) from the seed and a key: md5 of both, first 32 bits.
CREATE FUNCTION rnd(key text) RETURNS float8
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN ('x' || substr(md5('ocop-demo-2025/' || key), 1, 8))::bit(32)::bigint / 4294967296.0;
CREATE FUNCTION rnd_int(key text, n int) RETURNS int       -- 1..n
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN 1 + floor(rnd(key) * n)::int;

-------------------------------------------------------------------------------
-- Geography: Hà Nội's communes before the reform (526, in 30 districts), their
-- successors with polygons, and the weights used to place producers (rural
-- districts make most OCOP products).
-------------------------------------------------------------------------------
CREATE TABLE old_commune AS
SELECT c.code, c.short_name AS name, c.parent AS district, d.short_name AS district_name, d.kind AS district_kind,
       CASE d.kind WHEN 'quận' THEN 1 WHEN 'thị xã' THEN 4 ELSE 8 END AS weight
  FROM ocop_admin_commune c
  JOIN ocop_admin_district d ON d.code = c.parent AND d.valid_to = c.valid_to
 WHERE c.province = '01' AND c.valid_to = '2025-07-01';

CREATE TABLE successor AS
SELECT o.code AS old_code, s.code AS new_code, s.kind,
       row_number() OVER (PARTITION BY o.code ORDER BY s.code) AS k,
       count(*) OVER (PARTITION BY o.code) AS n
  FROM old_commune o, ocop_admin_successors(o.code) s
 WHERE ocop_admin_geom(s.code) IS NOT NULL;

CREATE TABLE commune_now AS
SELECT c.code, c.short_name AS name, c.kind, ocop_admin_geom(c.code) AS geom
  FROM ocop_admin_commune c
 WHERE c.province = '01' AND c.valid_to = 'infinity' AND ocop_admin_geom(c.code) IS NOT NULL;
CREATE INDEX ON commune_now USING gist (geom);
COMMENT ON TABLE old_commune IS 'Hà Nội''s 526 communes before 1 July 2025 with their district and sampling weight';
COMMENT ON TABLE successor IS 'successors (with polygons) of each pre-reform Hà Nội commune, from ocop_admin_successors';
COMMENT ON TABLE commune_now IS 'Hà Nội''s 126 current communes with their polygons (ocop_admin_geom)';

-- Sampling pools with cumulative weights: all of Hà Nội except former Thạch
-- Thất (276), whose products are placed separately, and Thạch Thất alone.
CREATE TABLE commune_pool AS
SELECT pool, code, district, hi - weight AS lo, hi, max(hi) OVER (PARTITION BY pool) AS total
  FROM (SELECT CASE WHEN district = '276' THEN 'thach_that' ELSE 'hanoi' END AS pool, code, district, weight,
               sum(weight) OVER (PARTITION BY district = '276' ORDER BY code) AS hi
          FROM old_commune WHERE code IN (SELECT old_code FROM successor)) s;

CREATE FUNCTION pick_commune(p text, key text) RETURNS text
  LANGUAGE sql STABLE STRICT
RETURN (SELECT code FROM commune_pool
         WHERE pool = p AND rnd(key) * total >= lo AND rnd(key) * total < hi);

-------------------------------------------------------------------------------
-- Craft villages (làng nghề) in their real communes.  Points are the villages'
-- approximate centres; the load checks that each lies in a successor of its
-- pre-reform commune.
-------------------------------------------------------------------------------
CREATE TABLE craft_village_src (
  name text, craft text, old_commune text, lon float8, lat float8,
  product_set int, item text, n_products int, source text
);
INSERT INTO craft_village_src VALUES
  ('Bát Tràng',      'gốm sứ',               '00583', 105.9135, 20.9770, 21, 'Gốm sứ Bát Tràng',          150, 'làng nghề gốm sứ, xã Bát Tràng (Gia Lâm)'),
  ('Vạn Phúc',       'lụa tơ tằm',           '09544', 105.7745, 20.9800, 22, 'Lụa tơ tằm Vạn Phúc',        45, 'làng lụa Vạn Phúc, phường Vạn Phúc (Hà Đông)'),
  ('Chuông',         'nón lá',               '10162', 105.7736, 20.8447, 21, 'Nón lá làng Chuông',         20, 'làng nón Chuông, xã Phương Trung (Thanh Oai)'),
  ('Phú Vinh',       'mây tre đan',          '10033', 105.6560, 20.9270, 21, 'Mây tre đan Phú Vinh',       30, 'làng mây tre đan Phú Vinh, xã Phú Nghĩa (Chương Mỹ)'),
  ('Sơn Đồng',       'tạc tượng, điêu khắc gỗ', '09859', 105.7095, 21.0330, 21, 'Tượng gỗ Sơn Đồng',     25, 'làng tạc tượng Sơn Đồng, xã Sơn Đồng (Hoài Đức)'),
  ('Quảng Phú Cầu',  'hương',                '10366', 105.7750, 20.7760, 21, 'Hương Quảng Phú Cầu',        30, 'làng hương Cao Thượng, Cao Thàng, xã Quảng Phú Cầu (Ứng Hòa)'),
  ('Ước Lễ',         'giò chả',              '10165', 105.7620, 20.8060,  8, 'Giò chả Ước Lễ',             25, 'làng giò chả Ước Lễ, xã Tân Ước (Thanh Oai)'),
  ('Cự Đà',          'miến dong, tương',     '10120', 105.7880, 20.9180,  6, 'Miến dong Cự Đà',            20, 'làng miến, tương Cự Đà, xã Cự Khê (Thanh Oai)'),
  ('Hạ Thái',        'sơn mài',              '10192', 105.8560, 20.9000, 21, 'Sơn mài Hạ Thái',            20, 'làng sơn mài Hạ Thái, xã Duyên Thái (Thường Tín)'),
  ('Kiêu Kỵ',        'dát vàng, bạc quỳ',    '00580', 105.9630, 21.0100, 21, 'Tranh dát vàng Kiêu Kỵ',     10, 'làng dát vàng bạc quỳ Kiêu Kỵ, xã Kiêu Kỵ (Gia Lâm)'),
  ('Làng Vòng',      'cốm',                  '00167', 105.7870, 21.0330,  6, 'Cốm làng Vòng',              12, 'cốm làng Vòng, phường Dịch Vọng Hậu (Cầu Giấy)'),
  ('Ngũ Xã',         'đúc đồng',             '00004', 105.8390, 21.0440, 21, 'Đồ đồng Ngũ Xã',             12, 'làng đúc đồng Ngũ Xã, phường Trúc Bạch (Ba Đình)'),
  ('Tây Tựu',        'hoa',                  '00607', 105.7300, 21.0800, 23, 'Hoa Tây Tựu',                25, 'làng hoa Tây Tựu, phường Tây Tựu (Bắc Từ Liêm)'),
  ('Nhị Khê',        'tiện gỗ',              '10189', 105.8480, 20.8850, 21, 'Đồ gỗ tiện Nhị Khê',         15, 'làng tiện gỗ Nhị Khê, xã Nhị Khê (Thường Tín)'),
  -- In former Thạch Thất, whose 162 products are placed apart: a village point only.
  ('Phùng Xá',       'cơ kim khí',           '09997', 105.6000, 21.0300, NULL, NULL,                        0, 'làng nghề cơ kim khí Phùng Xá, xã Phùng Xá (Thạch Thất)');

CREATE TABLE craft_village AS
SELECT s.*, row_number() OVER (ORDER BY s.name) AS vno,
       ST_SetSRID(ST_MakePoint(s.lon, s.lat), 4326) AS geom,
       ocop_commune_at(ST_SetSRID(ST_MakePoint(s.lon, s.lat), 4326)) AS commune
  FROM craft_village_src s;
COMMENT ON TABLE craft_village IS 'the demo''s craft villages (also in ocop_village): craft, pre-reform commune, point, current commune, products';

DO $$
DECLARE bad text;
BEGIN
  SELECT string_agg(v.name, ', ') INTO bad FROM craft_village v
   WHERE v.commune IS NULL
      OR v.commune NOT IN (SELECT new_code FROM successor WHERE old_code = v.old_commune);
  IF bad IS NOT NULL THEN
    RAISE EXCEPTION 'craft villages outside the successors of their communes: %', bad;
  END IF;
END $$;

-- Into the extension's village table, where ocop_villages_near finds them.
INSERT INTO ocop_village (name, kind, craft, commune_code, geom, source)
SELECT 'Làng nghề ' || name, 'craft', craft, commune, geom, 'demo: ' || source FROM craft_village;

-------------------------------------------------------------------------------
-- Producers: about 1,300 agricultural cooperatives, 1,600 farms, and
-- micro-enterprises and households; craft-village workshops around their
-- village; 70 producers in former Thạch Thất.
-------------------------------------------------------------------------------
CREATE TABLE producer_slot AS
SELECT i AS id,
       CASE WHEN i <= 1270 THEN 'hợp tác xã' WHEN i <= 2850 THEN 'trang trại'
            WHEN i <= 3610 THEN 'doanh nghiệp' ELSE 'hộ kinh doanh' END AS kind,
       pick_commune('hanoi', 'producer/' || i) AS old_commune, NULL::int AS vno
  FROM generate_series(1, 4230) i
UNION ALL
SELECT 4230 + i,
       CASE WHEN i <= 20 THEN 'hợp tác xã' WHEN i <= 45 THEN 'trang trại'
            WHEN i <= 60 THEN 'doanh nghiệp' ELSE 'hộ kinh doanh' END,
       pick_commune('thach_that', 'producer/' || (4230 + i)), NULL
  FROM generate_series(1, 70) i;

-- Craft workshops: one per three craft products, numbered after the others.
INSERT INTO producer_slot
SELECT 4300 + row_number() OVER (ORDER BY v.vno, j),
       (ARRAY['doanh nghiệp', 'hộ kinh doanh', 'hợp tác xã'])[1 + j % 3], v.old_commune, v.vno
  FROM craft_village v, generate_series(1, (v.n_products + 2) / 3) j;

-- Current commune of each general producer: one of its old commune's
-- successors (a split commune went to several).
CREATE TABLE producer_place AS
SELECT p.id, p.kind, p.old_commune, s.new_code AS commune
  FROM producer_slot p
  JOIN successor s ON s.old_code = p.old_commune AND s.k = rnd_int('succ/' || p.id, s.n::int)
 WHERE p.vno IS NULL;

-- Points: ST_GeneratePoints with a fixed seed, one call per commune.
CREATE TABLE producer_point AS
WITH need AS (
  SELECT commune, count(*) AS m FROM producer_place GROUP BY commune
), pts AS (
  SELECT n.commune, d.path[1] AS k, d.geom
    FROM need n JOIN commune_now c ON c.code = n.commune,
         ST_Dump(ST_GeneratePoints(c.geom, n.m::int, rnd_int('points/' || n.commune, 1000000))) d
)
SELECT pp.id, pts.geom
  FROM (SELECT id, commune, row_number() OVER (PARTITION BY commune ORDER BY id) AS k FROM producer_place) pp
  JOIN pts ON pts.commune = pp.commune AND pts.k = pp.k;

CREATE TABLE producer (
  id          int PRIMARY KEY,
  name        text NOT NULL,
  kind        text NOT NULL,
  old_commune text NOT NULL,          -- GSO code before 1 July 2025
  commune     text NOT NULL,          -- GSO code today
  village     text,                   -- craft village, when in one
  geom        geometry(Point, 4326) NOT NULL
);
COMMENT ON TABLE producer IS 'synthetic OCOP producers (chủ thể) and supplying farms at real Hà Nội locations';

INSERT INTO producer
SELECT pp.id,
       CASE pp.kind WHEN 'hợp tác xã' THEN 'HTX Nông nghiệp ' WHEN 'trang trại' THEN 'Trang trại '
                    WHEN 'doanh nghiệp' THEN 'Công ty TNHH ' ELSE 'Hộ kinh doanh ' END
         || o.name || ' ' || pp.id,
       pp.kind, pp.old_commune, pp.commune, NULL, pt.geom
  FROM producer_place pp JOIN producer_point pt USING (id) JOIN old_commune o ON o.code = pp.old_commune;

-- Craft workshops within 150-900 m of their village centre.
INSERT INTO producer
SELECT p.id,
       CASE p.kind WHEN 'hợp tác xã' THEN 'HTX ' WHEN 'doanh nghiệp' THEN 'Xưởng ' ELSE 'Hộ nghề ' END
         || v.craft || ' ' || v.name || ' ' || p.id,
       p.kind, p.old_commune, coalesce(ocop_commune_at(g.geom), v.commune), v.name, g.geom
  FROM producer_slot p JOIN craft_village v USING (vno),
       LATERAL (SELECT ST_Project(v.geom::geography, 150 + 750 * rnd('dist/' || p.id),
                                  2 * pi() * rnd('az/' || p.id))::geometry AS geom) g;
-- The producer named in the report.
UPDATE producer SET name = 'HTX Gốm sứ Hoa Sen Bát Tràng (synthetic)'
 WHERE id = (SELECT min(id) FROM producer WHERE village = 'Bát Tràng');
CREATE INDEX ON producer USING gist (geom);
CREATE INDEX ON producer (kind);

-------------------------------------------------------------------------------
-- Products: exactly 3,317, with the published tier counts.
-------------------------------------------------------------------------------
-- What each product set makes (bộ sản phẩm of Decision 148/QĐ-TTg) and how
-- common it is in Hà Nội's registry.
CREATE TABLE set_catalog (product_set int PRIMARY KEY, weight int, items text[]);
INSERT INTO set_catalog VALUES
  ( 1, 14, '{Bưởi Diễn,Cam Canh,Rau an toàn,Nhãn chín muộn,Chuối tiêu hồng,Dưa lưới,Ổi lê}'),
  ( 2,  5, '{Trứng gà sạch,Sữa bò tươi,Thịt lợn sạch,Gà đồi}'),
  ( 3,  6, '{Gạo nếp cái hoa vàng,Gạo Bắc Hương,Gạo hữu cơ}'),
  ( 4,  3, '{Mật ong hoa nhãn,Mật ong hoa vải}'),
  ( 5,  2, '{Bánh chưng,Bánh cuốn}'),
  ( 6,  7, '{Bún khô,Bánh đa nem,Miến dong,Bánh tẻ,Cốm}'),
  ( 7,  9, '{Nấm sò sấy,Nấm linh chi,Mứt sen,Hạt sen sấy,Ô mai,Rau củ sấy}'),
  ( 8, 11, '{Giò lụa,Chả quế,Nem chua,Pate gan,Ruốc thịt,Giò bò}'),
  ( 9,  3, '{Nước mắm,Tương bần,Tương nếp}'),
  (10,  2, '{Muối vừng,Tỏi đen}'),
  (11,  4, '{Chè búp,Trà sen,Chè xanh}'),
  (12,  5, '{Trà hoa cúc,Trà túi lọc thảo mộc,Trà hoa đậu biếc,Trà giảo cổ lam}'),
  (13,  1, '{Cà phê rang xay}'),
  (14,  3, '{Rượu nếp cái hoa vàng,Rượu gạo}'),
  (15,  1, '{Rượu ngâm ba kích}'),
  (16,  1, '{Nước uống tinh khiết}'),
  (17,  2, '{Nước ép cam,Siro dâu tằm}'),
  (18,  3, '{Đông trùng hạ thảo,Cao atiso}'),
  (19,  2, '{Dầu gội thảo dược,Xà phòng sả chanh}'),
  (20,  2, '{Tinh dầu sả,Tinh dầu bưởi}'),
  (21,  6, '{Đồ gỗ mỹ nghệ,Mây tre đan,Gốm sứ,Đồ thêu ren,Chổi chít}'),
  (22,  2, '{Khăn lụa,Áo dài lụa}'),
  (23,  2, '{Hoa hồng,Hoa lan}'),
  (24,  2, '{Bonsai,Đào thế}'),
  (25,  1, '{Cá cảnh}'),
  (26,  1, '{Điểm du lịch sinh thái}');
COMMENT ON TABLE set_catalog IS 'generator input: relative frequency and typical items of each product set';
CREATE TABLE set_pool AS
SELECT product_set, items, sum(weight) OVER (ORDER BY product_set) - weight AS lo,
       sum(weight) OVER (ORDER BY product_set) AS hi, sum(weight) OVER () AS total
  FROM set_catalog;

-- Recognition rounds: the city's (province) decision dates, and the central
-- level's for 5★.  Rounds after 1 July 2025 give two-level codes.
CREATE TABLE round (decided date PRIMARY KEY, level text, weight int, decision text);
INSERT INTO round VALUES
  ('2019-12-20', 'province', 10, '6200/QĐ-UBND'), ('2020-06-12', 'province', 14, '2650/QĐ-UBND'),
  ('2020-12-25', 'province', 16, '5700/QĐ-UBND'), ('2021-12-28', 'province', 15, '5200/QĐ-UBND'),
  ('2022-06-15', 'province',  5, '2300/QĐ-UBND'), ('2022-12-20', 'province',  9, '4900/QĐ-UBND'),
  ('2023-03-20', 'province',  4, '1300/QĐ-UBND'), ('2023-06-16', 'province',  6, '3100/QĐ-UBND'),
  ('2023-12-15', 'province',  7, '6500/QĐ-UBND'), ('2024-06-20', 'province',  5, '3000/QĐ-UBND'),
  ('2024-12-30', 'province',  6, '6800/QĐ-UBND'), ('2025-05-15', 'province',  4, '2400/QĐ-UBND'),
  ('2025-09-25', 'province',  3, '4800/QĐ-UBND'), ('2025-12-10', 'province',  2, '6100/QĐ-UBND'),
  ('2020-12-29', 'central',   0, '5289/QĐ-BNN-VPĐP'), ('2021-10-08', 'central', 0, '4023/QĐ-BNN-VPĐP'),
  ('2022-09-30', 'central',   0, '3977/QĐ-BNN-VPĐP');
COMMENT ON TABLE round IS 'generator input: synthetic recognition rounds (decision dates and numbers), province and central level';
CREATE TABLE round_pool AS
SELECT decided, sum(weight) OVER (ORDER BY decided) - weight AS lo, sum(weight) OVER (ORDER BY decided) AS hi,
       sum(weight) OVER () AS total
  FROM round WHERE level = 'province';

-- Product slots: Thạch Thất's 162, the craft villages', and the rest.
CREATE TABLE product_slot AS
SELECT 'thach_that' AS grp, i AS slot, NULL::int AS vno FROM generate_series(1, 162) i
UNION ALL
SELECT 'craft', 1000 + row_number() OVER (ORDER BY v.vno, j), v.vno
  FROM craft_village v, generate_series(1, v.n_products) j
UNION ALL
SELECT 'general', 10000 + i, NULL FROM generate_series(1, 3317 - 162 - (SELECT sum(n_products) FROM craft_village)) i;

-- Tiers.  Former Thạch Thất: 116 4★ and 46 3★.  Elsewhere, after the
-- "Hoa sen đỏ" tea set: 22 potential 5★ (a 4★ certificate and a nomination),
-- 6 5★, 1,571 - 116 4★ and the rest 3★.
CREATE TABLE product_tier AS
WITH ranked AS (
  SELECT s.*, row_number() OVER (PARTITION BY grp = 'thach_that'
                                 ORDER BY (s.slot = 1001) DESC, rnd('tier/' || s.slot)) AS r
    FROM product_slot s
)
SELECT slot, grp, vno,
       CASE WHEN grp = 'thach_that' THEN CASE WHEN r <= 116 THEN 4 ELSE 3 END
            WHEN r <= 22 THEN 4 WHEN r <= 28 THEN 5 WHEN r <= 28 + 1571 - 116 THEN 4 ELSE 3 END AS star,
       grp <> 'thach_that' AND r <= 22 AS potential_5star
  FROM ranked;

CREATE TABLE product_draft AS
SELECT t.slot, t.star, t.potential_5star,
       coalesce(v.product_set, sp.product_set) AS product_set,
       CASE WHEN t.slot = 1001 THEN 'Bộ ấm chén gốm sứ "Hoa sen đỏ"'
            WHEN v.vno IS NOT NULL THEN v.item
            ELSE sp.items[rnd_int('item/' || t.slot, cardinality(sp.items))] END AS item,
       CASE WHEN t.grp = 'craft' THEN
              (SELECT p.id FROM producer p WHERE p.village = v.name
                ORDER BY p.id OFFSET (t.slot - 1 - (SELECT min(slot) FROM product_slot x WHERE x.vno = t.vno)) / 3 LIMIT 1)
            WHEN t.grp = 'thach_that' THEN 4230 + 45 + rnd_int('owner/' || t.slot, 25)
            ELSE (ARRAY[rnd_int('owner/' || t.slot, 1270), 2850 + rnd_int('owner2/' || t.slot, 4230 - 2850)])
                   [1 + (rnd('ownerkind/' || t.slot) < 0.45)::int] END AS producer_id,
       CASE WHEN t.star = 5 THEN (ARRAY['2020-12-29', '2021-10-08', '2022-09-30']::date[])[rnd_int('central/' || t.slot, 3)]
            ELSE (SELECT decided FROM round_pool
                   WHERE rnd('round/' || t.slot) * total >= lo AND rnd('round/' || t.slot) * total < hi) END AS first_recognized
  FROM product_tier t
  LEFT JOIN craft_village v USING (vno)
  LEFT JOIN set_pool sp ON t.vno IS NULL
                       AND rnd('set/' || t.slot) * sp.total >= sp.lo AND rnd('set/' || t.slot) * sp.total < sp.hi;
-- Thạch Thất's products were all recognised before the reform (three-level
-- codes with district 276).
UPDATE product_draft SET first_recognized = '2025-05-15'
 WHERE slot <= 162 AND first_recognized >= '2025-07-01';

CREATE TABLE product (
  code             ocop_code PRIMARY KEY,
  name             text NOT NULL,
  producer_id      int NOT NULL REFERENCES producer,
  star             ocop_star NOT NULL,
  potential_5star  bool NOT NULL DEFAULT false,   -- tiềm năng 5 sao: nominated to the central council
  first_recognized date NOT NULL,
  geom             geometry(Point, 4326) NOT NULL
);
COMMENT ON TABLE product IS 'synthetic OCOP products: three-level codes for recognitions before 1 July 2025, two-level after';
COMMENT ON COLUMN product.potential_5star IS 'tiềm năng 5 sao: a 4★ certificate plus a nomination to the central council; counted apart from 4★ in the city''s figures';

INSERT INTO product
SELECT CASE WHEN d.first_recognized < '2025-07-01'
            THEN ocop_code(1, p.old_commune::int, d.product_set, extract(year FROM d.first_recognized)::int,
                           row_number() OVER (PARTITION BY p.old_commune, d.product_set, d.first_recognized < '2025-07-01',
                                                           extract(year FROM d.first_recognized) ORDER BY d.slot)::int,
                           o.district::int)
            ELSE ocop_code(1, p.commune::int, d.product_set, extract(year FROM d.first_recognized)::int,
                           row_number() OVER (PARTITION BY p.commune, d.product_set, d.first_recognized < '2025-07-01',
                                                           extract(year FROM d.first_recognized) ORDER BY d.slot)::int)
       END,
       d.item || ' – ' || p.name, p.id, d.star::int::ocop_star, d.potential_5star, d.first_recognized, p.geom
  FROM product_draft d JOIN producer p ON p.id = d.producer_id JOIN old_commune o ON o.code = p.old_commune;
CREATE INDEX ON product USING gist (geom);
CREATE INDEX ON product (star);

-- The current certificate of each product: the recognition decision renewed
-- every 36 months (re-evaluation), the latest one on or before the report date.
CREATE TABLE certificate (
  code     ocop_code PRIMARY KEY REFERENCES product,
  decided  date NOT NULL,
  decision text NOT NULL,
  star     ocop_star NOT NULL
);
COMMENT ON TABLE certificate IS 'current OCOP certificate of each product (decision date, number, tier)';
INSERT INTO certificate
SELECT p.code, c.decided,
       CASE WHEN c.decided = p.first_recognized
            THEN (SELECT r.decision FROM round r WHERE r.decided = p.first_recognized)
            ELSE to_char(c.decided, 'DDD') || '/QĐ-UBND' END,
       p.star
  FROM product p, demo_setting s,
       LATERAL (SELECT (p.first_recognized + make_interval(months => 36 * k))::date AS decided
                  FROM generate_series(0, 3) k
                 WHERE (p.first_recognized + make_interval(months => 36 * k))::date <= s.as_of
                 ORDER BY k DESC LIMIT 1) c;

-------------------------------------------------------------------------------
-- Points of sale (108), design and showcase centres (16) and distribution
-- hubs (6), at points inside real communes.
-------------------------------------------------------------------------------
CREATE TABLE outlet (
  id      int PRIMARY KEY,
  name    text NOT NULL,
  kind    text NOT NULL,
  commune text NOT NULL,
  geom    geometry(Point, 4326) NOT NULL
);
COMMENT ON TABLE outlet IS 'synthetic OCOP points of sale, design and showcase centres and distribution hubs';

WITH wards AS (
  SELECT code, name, geom, row_number() OVER (ORDER BY code) AS k, count(*) OVER () AS n
    FROM commune_now WHERE kind = 'phường'
), slots AS (
  SELECT i, CASE WHEN i <= 14 THEN 'trung tâm thương mại' WHEN i <= 62 THEN 'siêu thị'
                 WHEN i <= 100 THEN 'cửa hàng tiện lợi' ELSE 'thương mại điện tử (kho)' END AS kind
    FROM generate_series(1, 108) i
), placed AS (
  SELECT s.i, s.kind, w.code, w.name, w.geom,
         row_number() OVER (PARTITION BY w.code ORDER BY s.i) AS j, count(*) OVER (PARTITION BY w.code) AS m
    FROM slots s JOIN wards w ON w.k = rnd_int('ward/' || s.i, w.n::int)
)
INSERT INTO outlet
SELECT p.i,
       CASE p.kind WHEN 'trung tâm thương mại' THEN 'Điểm OCOP – TTTM ' WHEN 'siêu thị' THEN 'Siêu thị OCOP '
                   WHEN 'cửa hàng tiện lợi' THEN 'Cửa hàng OCOP ' ELSE 'Kho TMĐT OCOP ' END || p.name || ' ' || p.i,
       p.kind, p.code, d.geom
  FROM placed p,
       LATERAL (SELECT (ST_Dump(ST_GeneratePoints(p.geom, p.m::int, rnd_int('outlet/' || p.code, 1000000)))).*) d
 WHERE d.path[1] = p.j;

-- One design and showcase centre per rural district of 2024 (16), in the
-- current commune that took the lowest-coded of the district's towns (thị trấn).
INSERT INTO outlet
SELECT 200 + row_number() OVER (ORDER BY d.code),
       'Trung tâm thiết kế, quảng bá sản phẩm OCOP ' || d.district_name, 'trung tâm thiết kế, quảng bá OCOP',
       c.code, ST_GeometryN(ST_GeneratePoints(c.geom, 1, rnd_int('centre/' || d.code, 1000000)), 1)
  FROM (SELECT DISTINCT ON (o.district) o.district AS code, o.district_name, s.new_code
          FROM old_commune o JOIN ocop_admin_commune a ON a.code = o.code AND a.valid_to = '2025-07-01'
          JOIN successor s ON s.old_code = o.code
         WHERE o.district_kind = 'huyện' AND o.district <> '020'
         ORDER BY o.district, (a.kind = 'thị trấn') DESC, o.code, s.k) d
  JOIN commune_now c ON c.code = d.new_code;

INSERT INTO outlet
SELECT 300 + row_number() OVER (ORDER BY c.code), 'Trung tâm phân phối nông sản ' || c.name, 'kho phân phối',
       c.code, ST_GeometryN(ST_GeneratePoints(c.geom, 1, rnd_int('hub/' || c.code, 1000000)), 1)
  FROM commune_now c
 WHERE c.name IN ('Long Biên', 'Hoàng Mai', 'Đông Anh', 'Hà Đông', 'Sơn Tây', 'Thường Tín');
CREATE INDEX ON outlet USING gist (geom);

-------------------------------------------------------------------------------
-- 14,000 traced lots: farm → processing → distribution → sale, each a
-- hash-linked trace_chain; label_head is the head printed on the lot's QR
-- label when it was sold.
-------------------------------------------------------------------------------
\if :have_trace
CREATE TABLE lot (
  lot        text PRIMARY KEY,
  code       ocop_code NOT NULL REFERENCES product,
  chain      trace_chain NOT NULL,
  label_head bytea NOT NULL
);
COMMENT ON TABLE lot IS 'synthetic traced lots of farm products; label_head = head printed on the QR label at sale';

WITH food AS (
  SELECT p.code, p.producer_id, row_number() OVER (ORDER BY p.code) AS k, count(*) OVER () AS n
    FROM product p WHERE ocop_code_product_set(p.code) BETWEEN 1 AND 20
), sale AS (
  SELECT o.id, o.name, o.geom, o.commune, row_number() OVER (ORDER BY o.id) AS k, count(*) OVER () AS n
    FROM outlet o WHERE o.id < 200
), l AS (
  SELECT i, 'LOT-2025-' || lpad(i::text, 5, '0') AS lot, fd.code, fd.producer_id,
         timestamptz '2025-01-06 06:00+07' + make_interval(days => floor(rnd('day/' || i) * 320)::int,
                                                           mins => floor(rnd('min/' || i) * 300)::int) AS t0,
         (100 + floor(rnd('qty/' || i) * 900))::numeric AS qty,
         rnd_int('farm/' || i, 8) AS farm_k,
         rnd_int('sale/' || i, (SELECT count(*) FROM sale)::int) AS sale_k
    FROM generate_series(1, 14000) i
    JOIN food fd ON fd.k = rnd_int('lot/' || i, (SELECT count(*) FROM food)::int)
)
INSERT INTO lot (lot, code, chain, label_head)
SELECT l.lot, l.code, c.chain, trace_head(c.chain)
  FROM l
  JOIN sale s ON s.k = l.sale_k
  JOIN producer pr ON pr.id = l.producer_id
  -- the farm: one of the eight nearest to the processor
  CROSS JOIN LATERAL (SELECT f.id, f.geom, f.commune FROM producer f WHERE f.kind = 'trang trại'
                       ORDER BY f.geom <-> pr.geom OFFSET l.farm_k - 1 LIMIT 1) f
  CROSS JOIN LATERAL (SELECT h.id, h.geom, h.commune FROM outlet h WHERE h.kind = 'kho phân phối'
                       ORDER BY h.geom <-> pr.geom LIMIT 1) hub
  CROSS JOIN LATERAL (SELECT
    trace_append(trace_append(trace_append(trace_append(NULL::trace_chain,
      'commissioning', l.t0, 'FARM-' || f.id, f.commune, l.lot, l.qty, 'KGM', ST_X(f.geom), ST_Y(f.geom), 'active'),
      'transforming', l.t0 + interval '2 days', 'OCOP-' || pr.id, pr.commune, l.lot, round(l.qty * 0.8), 'KGM',
        ST_X(pr.geom), ST_Y(pr.geom), 'active'),
      'storing', l.t0 + interval '4 days', 'HUB-' || hub.id, hub.commune, l.lot, round(l.qty * 0.8), 'KGM',
        ST_X(hub.geom), ST_Y(hub.geom), 'in_progress'),
      'retail_selling', l.t0 + interval '6 days', 'POS-' || s.id, s.commune, l.lot, round(l.qty * 0.8), 'KGM',
        ST_X(s.geom), ST_Y(s.geom), 'retail_sold') AS chain) c;

-- The tampered lot: someone rewrote the processing quantity after the label
-- was printed (the chain is internally consistent again, but its head no
-- longer matches the head on the label).
DO $$
DECLARE
  c  trace_chain;
  ev record;
BEGIN
  FOR ev IN SELECT e.* FROM lot, trace_events(lot.chain) e WHERE lot.lot = 'LOT-2025-07777' ORDER BY e.seq LOOP
    c := trace_append(c, ev.bizstep, ev.at, ev.actor, ev.place, ev.lot,
                      CASE WHEN ev.bizstep = 'transforming' THEN ev.quantity + 150 ELSE ev.quantity END,
                      ev.uom, ev.lon, ev.lat, ev.disposition);
  END LOOP;
  UPDATE lot SET chain = c WHERE lot = 'LOT-2025-07777';
END $$;
\else
\echo 'lots skipped: trace_chain (issue 4) is not installed'
\endif

-- Helper tables are not part of the registry.
DROP FUNCTION pick_commune(text, text);
DROP TABLE producer_slot, producer_place, producer_point, product_slot, product_tier, product_draft,
           set_pool, round_pool, commune_pool, craft_village_src;
ANALYZE;

SELECT (SELECT count(*) FROM producer) AS producers, (SELECT count(*) FROM product) AS products,
       (SELECT count(*) FROM outlet) AS outlets, (SELECT count(*) FROM craft_village) AS craft_villages
\gset
\echo '   ' :producers :w_producers :products :w_products :outlets :w_outlets :craft_villages :w_villages
