-- Pictures in the output folder (psql variable outdir, default demo/out):
--   map.svg            choropleth of Hà Nội's communes by product count, built in SQL with ST_AsSVG
--                      (scripts/demo rasterises it to map.png with rsvg-convert)
--   qr-1.png … qr-3.png  QR codes of three product URLs carrying a lot's chain head (ocop_qr_png)
--   qr.txt             what each QR code encodes
--   producers.geojson  every producer as a GeoJSON point layer (ST_AsGeoJSON), ready for QGIS
\ir lib/flags.psql
\if :have_registry
\else
\echo 'pictures skipped: the registry was not generated'
\quit
\endif
SET client_min_messages = warning;
\if :{?outdir}
\else
\set outdir demo/out
\endif
\pset format unaligned
\pset tuples_only on
\pset footer off

-- Three sample lots (shown on the map and in the QR codes): the latest lot of
-- the first product of Ước Lễ (giò chả), of Cự Đà, and of former Thạch Thất.
\set lot_paths ''
\if :have_trace
CREATE TEMP TABLE sample_lot AS
SELECT row_number() OVER (ORDER BY pick) AS n, lot, code, chain
  FROM (SELECT DISTINCT ON (pick) pick, l.lot, l.code, l.chain
          FROM (SELECT 1 AS pick, 'Ước Lễ' AS village UNION ALL SELECT 2, 'Cự Đà' UNION ALL SELECT 3, NULL) w
          JOIN product p ON (w.village IS NULL AND ocop_code_in_area(p.code, '01-276'))
                         OR p.producer_id IN (SELECT id FROM producer WHERE village = w.village)
          JOIN lot l ON l.code = p.code
         ORDER BY pick, p.code, l.lot DESC) s;
\if :have_tdist
-- their farm → processing → distribution → sale paths (trace_path), as SVG in degrees
-- (stroke widths in degrees: the map's scale is 900 px over its width)
SELECT string_agg(format('<path d="%s" fill="none" stroke="#084594" stroke-width="%s" stroke-dasharray="%s %s"/>',
                         ST_AsSVG(trace_path(l.chain), 0, 5), 2 / e.s, 5 / e.s, 3 / e.s), '' ORDER BY l.n) AS lot_paths
  FROM sample_lot l,
       (SELECT 900 / (ST_XMax(x) - ST_XMin(x)) AS s FROM (SELECT ST_Extent(geom)::geometry AS x FROM commune_now) t) e \gset
\endif
\endif

-------------------------------------------------------------------------------
-- The choropleth.  ST_AsSVG writes x = lon and y = -lat; one transform scales
-- degrees to pixels (900 px wide) so that legend and labels are in pixels.
-------------------------------------------------------------------------------
\set f :outdir '/map.svg'
WITH counts AS (
  SELECT commune, count(*) AS n FROM product_commune GROUP BY commune
), c AS (
  SELECT cn.code, cn.name, cn.geom, coalesce(counts.n, 0) AS n
    FROM commune_now cn LEFT JOIN counts ON counts.commune = cn.code
), k AS (   -- classes and colours (ColorBrewer YlOrRd)
  SELECT * FROM (VALUES (0, 0, 0, '#f7f7f7'), (1, 1, 10, '#ffffb2'), (2, 11, 25, '#fecc5c'),
                        (3, 26, 40, '#fd8d3c'), (4, 41, 70, '#f03b20'), (5, 71, 100000, '#bd0026'))
                AS k(cls, lo, hi, colour)
), e AS (
  SELECT ST_XMin(x) AS x0, ST_YMax(x) AS y1, ST_XMax(x) - ST_XMin(x) AS w, ST_YMax(x) - ST_YMin(x) AS h,
         900 / (ST_XMax(x) - ST_XMin(x)) AS s
    FROM (SELECT ST_Extent(geom)::geometry AS x FROM commune_now) t
)
SELECT concat_ws(E'\n',
  format('<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s" font-family="DejaVu Sans, sans-serif">',
         1160, round(e.h * e.s + 70), 1160, round(e.h * e.s + 70)),
  '<rect width="100%" height="100%" fill="#ffffff"/>',
  format('<text x="10" y="28" font-size="20">Hà Nội: OCOP products by commune (synthetic registry, %s)</text>',
         (SELECT as_of FROM demo_setting)),
  format('<g transform="translate(0 50) scale(%s) translate(%s %s)" stroke="#555555" stroke-width="%s">',
         e.s, -e.x0, e.y1, 0.6 / e.s),
  (SELECT string_agg(format('<path d="%s" fill="%s"><title>%s %s: %s</title></path>',
                            ST_AsSVG(ST_SimplifyPreserveTopology(c.geom, 0.0002), 0, 4), k.colour, c.code, c.name, c.n), E'\n' ORDER BY c.code)
     FROM c JOIN k ON c.n BETWEEN k.lo AND k.hi),
  :'lot_paths',
  '</g>',
  (SELECT string_agg(format('<circle cx="%s" cy="%s" r="4" fill="#1f78b4"/><text x="%s" y="%s" font-size="12" fill="#08306b" stroke="#ffffff" stroke-width="3" paint-order="stroke">%s</text>',
                            round(((ST_X(v.geom) - e.x0) * e.s)::numeric, 1), round((50 + (e.y1 - ST_Y(v.geom)) * e.s)::numeric, 1),
                            round(((ST_X(v.geom) - e.x0) * e.s + 6)::numeric, 1), round((50 + (e.y1 - ST_Y(v.geom)) * e.s + 4)::numeric, 1),
                            v.name), E'\n' ORDER BY v.name)
     FROM craft_village v),
  (SELECT string_agg(format('<rect x="940" y="%s" width="22" height="16" fill="%s" stroke="#555555"/><text x="970" y="%s" font-size="14">%s</text>',
                            80 + 24 * k.cls, k.colour, 93 + 24 * k.cls,
                            CASE WHEN k.hi = 0 THEN 'none' WHEN k.hi > 1000 THEN k.lo || ' and more'
                                 ELSE k.lo || '–' || k.hi END), E'\n' ORDER BY k.cls) FROM k),
  '<text x="940" y="68" font-size="14">products</text>',
  '<circle cx="951" cy="240" r="4" fill="#1f78b4"/><text x="970" y="245" font-size="14">craft village</text>',
  CASE WHEN :'lot_paths' <> '' THEN '<path d="M 940 265 L 962 265" stroke="#084594" stroke-width="2" stroke-dasharray="4 2"/><text x="970" y="270" font-size="14">a traced lot''s path</text>' END,
  '</svg>')
  FROM e
\g :f
\echo 'wrote' :f

-------------------------------------------------------------------------------
-- QR codes: the three sample lots; each encodes the product URL with the
-- head of the lot's chain.
-------------------------------------------------------------------------------
\if :have_qr
\if :have_trace
CREATE TEMP TABLE qr_sample AS
SELECT n, ocop_product_url(code, trace_head(chain)) AS url FROM sample_lot;
\else
CREATE TEMP TABLE qr_sample AS
SELECT row_number() OVER (ORDER BY code) AS n, ocop_product_url(code) AS url
  FROM (SELECT code FROM product ORDER BY code LIMIT 3) s;
\endif
SELECT lo_from_bytea(0, ocop_qr_png(url, 6, 4, 'M')) AS lo1 FROM qr_sample WHERE n = 1 \gset
SELECT lo_from_bytea(0, ocop_qr_png(url, 6, 4, 'M')) AS lo2 FROM qr_sample WHERE n = 2 \gset
SELECT lo_from_bytea(0, ocop_qr_png(url, 6, 4, 'M')) AS lo3 FROM qr_sample WHERE n = 3 \gset
\set f :outdir '/qr-1.png'
\lo_export :lo1 :f
\set f :outdir '/qr-2.png'
\lo_export :lo2 :f
\set f :outdir '/qr-3.png'
\lo_export :lo3 :f
SELECT lo_unlink(:lo1), lo_unlink(:lo2), lo_unlink(:lo3) \gset
\set f :outdir '/qr.txt'
SELECT format('qr-%s.png %s', n, url) FROM qr_sample ORDER BY n
\g :f
\echo 'wrote qr-1.png, qr-2.png, qr-3.png and qr.txt in' :outdir
\else
\echo 'QR codes skipped: ocop_qr_png (issue 5) is not installed'
\endif

-------------------------------------------------------------------------------
-- producers.geojson: all producers with their products, codes as text.
-------------------------------------------------------------------------------
\set f :outdir '/producers.geojson'
SELECT json_build_object(
         'type', 'FeatureCollection',
         'name', 'ocop_demo_producers',
         'features', json_agg(json_build_object(
            'type', 'Feature',
            'geometry', ST_AsGeoJSON(pr.geom, 6)::json,
            'properties', json_build_object(
               'id', pr.id, 'name', pr.name, 'kind', pr.kind,
               'commune', pr.commune, 'commune_name', ocop_admin_name(pr.commune),
               'old_commune', pr.old_commune, 'craft_village', pr.village,
               'products', coalesce(p.n, 0), 'best_tier', p.best, 'codes', p.codes))
            ORDER BY pr.id))
  FROM producer pr
  LEFT JOIN (SELECT producer_id, count(*) AS n, ocop_star_label(max(star)) AS best,
                    string_agg(code::text, ' ' ORDER BY code) AS codes
               FROM product GROUP BY producer_id) p ON p.producer_id = pr.id
\g :f
\echo 'wrote' :f
