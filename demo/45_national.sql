-- The national picture (issue 20, part 5), in the output folder (psql
-- variable outdir, default demo/out):
--   national.svg      the 34 provinces (ocop_province_shape) coloured by their
--                     number of OCOP products: Hà Nội's = the demo registry,
--                     the other provinces' = a synthetic national sample;
--                     with one traced lot from Sơn La to a Hà Nội shop
--                     (trace_path) and its food miles (trace_distance_km)
--                     (scripts/demo rasterises it to national.png)
--   provinces.geojson the 34 provinces with code, name and product count, a
--                     polygon layer for QGIS beside producers.geojson
-- and a short section 11 of the report: the lot's four events and food miles.
--
-- The national sample is SYNTHETIC, not a register: every current commune
-- outside Hà Nội (but the Hoàng Sa and Trường Sa archipelagos) gets 1 to 4
-- products (rnd, the registry's seeded generator),
-- twice that in the other ten provinces of the Red River and Mekong deltas
-- (31 33 37 24 / 80 82 86 91 92 96, the provinces bench/geo.sql weighs
-- twice), each a point drawn inside its commune's largest polygon
-- (ST_GeneratePoints with a seed derived from the commune code).
\ir lib/flags.psql
\if :have_registry
\else
\echo 'national map skipped: the registry was not generated'
\quit
\endif
SELECT to_regclass('ocop_province_shape') IS NOT NULL AND to_regclass('ocop_commune_shape') IS NOT NULL AS have_national \gset
\if :have_national
\else
\echo 'national map skipped: ocop_postgis has no national shapes (ocop_province_shape)'
\quit
\endif
SET client_min_messages = warning;
\if :{?outdir}
\else
\set outdir demo/out
\endif
\if :{?lang}
\else
\set lang en
\endif
SELECT :'lang' = 'vi' AS lang_vi \gset

-------------------------------------------------------------------------------
-- The synthetic national sample and the products per province.
-------------------------------------------------------------------------------
CREATE TABLE national_sample AS
WITH w AS (
  SELECT s.code AS commune, c.province,
         -- the largest part: ST_GeneratePoints spreads n points over the parts
         -- of a multipolygon with rounding, over one polygon it gives exactly n
         (SELECT d.geom FROM ST_Dump(s.geom) d ORDER BY ST_Area(d.geom) DESC, d.path LIMIT 1) AS geom,
         CASE WHEN c.province IN ('31', '33', '37', '24', '80', '82', '86', '91', '92', '96') THEN 2 ELSE 1 END AS w
    FROM ocop_commune_shape s
    JOIN ocop_admin_commune c ON c.code = s.code AND c.valid_to = 'infinity'
   WHERE s.valid_to = 'infinity' AND c.province <> '01'
     AND c.code NOT IN ('20333', '22736')   -- the Hoàng Sa and Trường Sa archipelagos: no producers
)
SELECT row_number() OVER (ORDER BY w.commune, (d).path[1]) AS id, w.province, w.commune, (d).geom::geometry(Point, 4326) AS geom
  FROM w CROSS JOIN LATERAL ST_Dump(ST_GeneratePoints(w.geom, w.w * rnd_int('national/n/' || w.commune, 4),
                                                      rnd_int('national/seed/' || w.commune, 1000000))) d;
COMMENT ON TABLE national_sample IS
  'SYNTHETIC national sample of OCOP products outside Hà Nội (1-4 per commune, twice that in the Red River and Mekong deltas), for the national map';

CREATE TABLE national_count AS
SELECT p.code AS province, p.name,
       CASE WHEN p.code = '01' THEN (SELECT count(*) FROM product)
            ELSE (SELECT count(*) FROM national_sample s WHERE s.province = p.code) END AS products,
       CASE WHEN p.code = '01' THEN 'demo registry' ELSE 'synthetic sample' END AS source
  FROM ocop_admin_province p
 WHERE p.valid_to = 'infinity';
COMMENT ON TABLE national_count IS 'OCOP products per current province: Hà Nội from the demo registry, the others from national_sample (synthetic)';

-------------------------------------------------------------------------------
-- One traced lot from the north: Mộc Châu tea (Sơn La; tea is OCOP product
-- set 11 of Decision 148/2023, "Chè tươi, chè chế biến") sold in a Hà Nội
-- shop.  The product code, the lot and its events are synthetic.  Farm in
-- Phường Thảo Nguyên (coordinates), processing in Phường Mộc Châu (place
-- code only: trace_path takes the commune's representative point), the Hà
-- Đông distribution centre and the Yên Hoà point of sale of the registry
-- (coordinates and place codes).
-------------------------------------------------------------------------------
\if :have_tdist
CREATE TABLE national_lot (
  lot        text PRIMARY KEY,
  code       ocop_code NOT NULL,
  product    text NOT NULL,
  chain      trace_chain NOT NULL,
  label_head bytea NOT NULL
);
COMMENT ON TABLE national_lot IS 'synthetic traced lot from a northern province to a Hà Nội shop, drawn on the national map';
INSERT INTO national_lot
SELECT 'LOT-14-2025-00001', ocop_code(14, 3982, 11, 2025, 1), 'Chè Ô long Mộc Châu (synthetic lot)', c.chain, trace_head(c.chain)
  FROM (SELECT ST_PointOnSurface(ocop_admin_geom('03982')) AS g) farm,
       (SELECT geom, commune FROM outlet WHERE name = 'Trung tâm phân phối nông sản Hà Đông') hub,
       (SELECT geom, commune FROM outlet WHERE name = 'Điểm OCOP – TTTM Yên Hoà 2') shop,
       LATERAL (SELECT
         trace_append(trace_append(trace_append(trace_append(NULL::trace_chain,
           'commissioning', timestamptz '2025-11-03 06:00+07', 'FARM-SL-1', '03982', 'LOT-14-2025-00001', 600, 'KGM',
             ST_X(farm.g), ST_Y(farm.g), 'active'),
           'transforming', timestamptz '2025-11-04 08:00+07', 'OCOP-SL-1', '03980', 'LOT-14-2025-00001', 150, 'KGM',
             NULL, NULL, 'active'),
           'storing', timestamptz '2025-11-06 05:00+07', 'HUB-304', hub.commune, 'LOT-14-2025-00001', 150, 'KGM',
             ST_X(hub.geom), ST_Y(hub.geom), 'in_progress'),
           'retail_selling', timestamptz '2025-11-08 10:00+07', 'POS-2', shop.commune, 'LOT-14-2025-00001', 150, 'KGM',
             ST_X(shop.geom), ST_Y(shop.geom), 'retail_sold') AS chain) c;
SELECT round(trace_distance_km(chain)::numeric, 1) AS nat_km FROM national_lot \gset
\else
\set nat_km ''
\echo 'national lot skipped: trace_distance_km (ocop_postgis) is not installed'
\endif

\echo
\if :lang_vi
\echo '== 11. Bản đồ toàn quốc: một lô chè Mộc Châu (Sơn La) đến một điểm bán ở Hà Nội (trace_points, trace_distance_km)'
\echo 'Số sản phẩm của 33 tỉnh, thành phố ngoài Hà Nội là mẫu tổng hợp (giả lập), không phải số liệu thật.'
\set c_step 'bước'
\set c_place 'mã xã'
\set c_commune 'xã'
\set c_lon 'kinh độ'
\set c_lat 'vĩ độ'
\set c_by 'định vị bằng'
\set v_code 'mã xã'
\set v_coord 'tọa độ'
\set h_km 'quãng đường vận chuyển:'
\else
\echo '== 11. National map: a lot of Mộc Châu tea (Sơn La) to a Hà Nội shop (trace_points, trace_distance_km)'
\echo 'The product counts of the 33 provinces other than Hà Nội are a synthetic sample, not real figures.'
\set c_step 'bizstep'
\set c_place 'place'
\set c_commune 'commune'
\set c_lon 'lon'
\set c_lat 'lat'
\set c_by 'located_by'
\set v_code 'place code'
\set v_coord 'coordinates'
\set h_km 'food miles:'
\endif
\if :have_tdist
SELECT p.seq AS "#", e.bizstep AS :"c_step", p.place AS :"c_place", ocop_admin_name(p.place) AS :"c_commune",
       round(ST_X(p.geom)::numeric, 4) AS :"c_lon", round(ST_Y(p.geom)::numeric, 4) AS :"c_lat",
       CASE WHEN e.lon IS NULL THEN :'v_code' ELSE :'v_coord' END AS :"c_by"
  FROM national_lot l, trace_points(l.chain) p JOIN trace_events(l.chain) e USING (seq)
 ORDER BY p.seq;
\echo 'LOT-14-2025-00001' :h_km :nat_km 'km (trace_distance_km)'
\endif

-------------------------------------------------------------------------------
-- national.svg.  ST_AsSVG writes x = lon and y = -lat; one transform scales
-- degrees to pixels (52 px per degree) so that legend and labels are in
-- pixels.  Provinces simplified to 0.005° (about 500 m) for the picture.
-------------------------------------------------------------------------------
\pset format unaligned
\pset tuples_only on
\pset footer off
\set f :outdir '/national.svg'
\if :have_tdist
SELECT format('<path id="lot-path" d="%s" fill="none" stroke="#000000" stroke-width="%s"/>',
              ST_AsSVG(trace_path(chain), 0, 4), 2.5 / 52) AS nat_path,
       (SELECT string_agg(format('<circle cx="%s" cy="%s" r="%s" fill="#ffffff" stroke="#000000" stroke-width="%s"/>',
                                 round(ST_X(p.geom)::numeric, 4), round(-ST_Y(p.geom)::numeric, 4), 3.5 / 52, 1.5 / 52), '' ORDER BY p.seq)
          FROM trace_points(chain) p) AS nat_stops
  FROM national_lot \gset
\else
\set nat_path ''
\set nat_stops ''
\endif
WITH k AS (   -- classes and colours (ColorBrewer YlOrRd)
  SELECT * FROM (VALUES (1, 1, 199, '#ffffb2'), (2, 200, 399, '#fecc5c'), (3, 400, 599, '#fd8d3c'),
                        (4, 600, 999, '#f03b20'), (5, 1000, 1000000, '#bd0026'))
                AS k(cls, lo, hi, colour)
), c AS (
  SELECT n.province, n.name, n.products, n.source, s.geom
    FROM national_count n JOIN ocop_province_shape s ON s.code = n.province AND s.valid_to = 'infinity'
), e AS (
  SELECT ST_XMin(x) AS x0, ST_YMax(x) AS y1, ST_XMax(x) - ST_XMin(x) AS w, ST_YMax(x) - ST_YMin(x) AS h, 52 AS s
    FROM (SELECT ST_Extent(geom)::geometry AS x FROM c) t
), lab AS (   -- the two archipelagos, named from the admin tables
  SELECT a.name, ST_PointOnSurface(ocop_admin_geom(a.code)) AS g
    FROM ocop_admin_commune a WHERE a.valid_to = 'infinity' AND a.name IN ('Đặc khu Hoàng Sa', 'Đặc khu Trường Sa')
)
SELECT concat_ws(E'\n',
  format('<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s" font-family="DejaVu Sans, sans-serif">',
         round(e.w * e.s + 20), round(e.h * e.s + 130), round(e.w * e.s + 20), round(e.h * e.s + 130)),
  '<rect width="100%" height="100%" fill="#eef5fb"/>',
  '<text x="10" y="26" font-size="19">Viet Nam: OCOP products by province (34 provinces since 1 July 2025)</text>',
  '<text x="10" y="46" font-size="13">Hà Nội: the demo''s synthetic registry; the other 33 provinces: a SYNTHETIC sample, not real figures</text>',
  format('<g transform="translate(10 60) scale(%s) translate(%s %s)" stroke="#555555" stroke-width="%s">',
         e.s, -e.x0, e.y1, 0.6 / e.s),
  (SELECT string_agg(format('<path d="%s" fill="%s"><title>%s %s: %s (%s)</title></path>',
                            ST_AsSVG(ST_SimplifyPreserveTopology(c.geom, 0.005), 0, 3), k.colour, c.province, c.name, c.products, c.source),
                     E'\n' ORDER BY c.province)
     FROM c JOIN k ON c.products BETWEEN k.lo AND k.hi),
  :'nat_path',
  :'nat_stops',
  '</g>',
  (SELECT string_agg(format('<text x="%s" y="%s" font-size="11" fill="#08306b">%s</text>',
                            round(((ST_X(lab.g) - e.x0) * e.s + 8)::numeric, 1), round((60 + (e.y1 - ST_Y(lab.g)) * e.s + 4)::numeric, 1),
                            lab.name), E'\n' ORDER BY lab.name) FROM lab),
  '<text x="580" y="80" font-size="14">OCOP products</text>',
  (SELECT string_agg(format('<rect x="580" y="%s" width="22" height="16" fill="%s" stroke="#555555"/><text x="610" y="%s" font-size="13">%s</text>',
                            68 + 24 * k.cls, k.colour, 81 + 24 * k.cls,
                            CASE WHEN k.hi > 10000 THEN k.lo || ' and more' ELSE k.lo || '–' || k.hi END), E'\n' ORDER BY k.cls) FROM k),
  CASE WHEN :'nat_km' <> '' THEN concat(
    '<path d="M 580 225 L 602 225" stroke="#000000" stroke-width="2.5"/><text x="610" y="230" font-size="13">a traced lot (trace_path):</text>',
    '<text x="610" y="249" font-size="13">Mộc Châu tea, Sơn La → Hà Nội</text>',
    format('<text id="food-miles" x="610" y="268" font-size="13">food miles: %s km</text>', :'nat_km'),
    '<text x="610" y="287" font-size="13">(trace_distance_km)</text>') END,
  format('<text x="10" y="%s" font-size="11">Shapes: ocop_province_shape (vietnamese-provinces-database by Thang Le Quoc, MIT licence; simplified).</text>',
         round(e.h * e.s + 60 + 40)),
  format('<text x="10" y="%s" font-size="11">Products: Hà Nội %s (demo registry, synthetic); other provinces %s (synthetic sample, seeded generator). Lot: synthetic.</text>',
         round(e.h * e.s + 60 + 58), (SELECT products FROM national_count WHERE province = '01'),
         (SELECT sum(products) FROM national_count WHERE province <> '01')),
  '</svg>')
  FROM e
\g :f
\echo 'wrote' :f

-------------------------------------------------------------------------------
-- provinces.geojson: the 34 provinces with code, name and product count
-- (simplified to 0.001°, about 100 m), ready for QGIS beside producers.geojson.
-------------------------------------------------------------------------------
\set f :outdir '/provinces.geojson'
SELECT json_build_object(
         'type', 'FeatureCollection',
         'name', 'ocop_demo_provinces',
         'features', json_agg(json_build_object(
            'type', 'Feature',
            'geometry', ST_AsGeoJSON(ST_SimplifyPreserveTopology(s.geom, 0.001), 5)::json,
            'properties', json_build_object('code', n.province, 'name', n.name, 'products', n.products,
                                            'source', n.source))
            ORDER BY n.province))
  FROM national_count n JOIN ocop_province_shape s ON s.code = n.province AND s.valid_to = 'infinity'
\g :f
\echo 'wrote' :f
