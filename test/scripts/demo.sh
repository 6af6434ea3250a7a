#!/usr/bin/env bash
# The demo cannot rot: run `scripts/demo --no-setup` into a scratch database
# and output folder on the test cluster, then check its figures (the exact
# published tier counts, former Thạch Thất's 162/116, the tampered chain
# found and no other) and that every picture exists and decodes with an
# independent tool (rsvg-convert for the SVG map, a PNG header check, zbarimg
# for the QR codes, python3 and ogrinfo for the GeoJSON layer), and the
# national map (45_national.sql: national.svg/png, the Sơn La lot's path and
# food miles against SQL, provinces.geojson read by python3 and ogr2ogr).
# Run by `make test` with PGHOST/PGPORT/PGUSER and OCOP_TOP set; exit 0 pass,
# 1 fail (a missing tool or extension too: scripts/packages installs them).
set -uo pipefail
TOP=${OCOP_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}

for tool in psql rsvg-convert zbarimg python3 ogrinfo ogr2ogr; do
  command -v "$tool" >/dev/null 2>&1 || { echo "FAIL: demo: $tool not found (scripts/packages installs it)"; exit 1; }
done
if [ "$(psql -XqAt -d postgres -c "SELECT count(*) FROM pg_available_extensions WHERE name IN ('ocop', 'ocop_postgis')")" != 2 ]; then
  echo "FAIL: demo: ocop or ocop_postgis is not installed"; exit 1
fi

DB=ocop_demo_test_$$
OUT=$(mktemp -d)
cleanup() { psql -XqAt -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1; rm -rf "$OUT"; }
trap cleanup EXIT

pass=0
fail=0
ok() { pass=$((pass + 1)); echo "   ok   $*"; }
bad() { fail=$((fail + 1)); echo "   FAIL $*"; }
sql() { psql -XqAt -v ON_ERROR_STOP=1 -d "$DB" -c "$1"; }
# same NAME GOT EXPECTED
same() { if [ "$2" = "$3" ]; then ok "$1"; else bad "$1: got [$2], expected [$3]"; fi; }

if ! (cd "$TOP" && OCOP_DEMO_DB=$DB OCOP_DEMO_OUT=$OUT bash scripts/demo --no-setup) >"$OUT/report.txt" 2>&1; then
  tail -30 "$OUT/report.txt"
  bad "scripts/demo --no-setup failed"
  echo "demo: $pass passed, $fail failed"; exit 1
fi
ok "scripts/demo --no-setup ran ($(grep -o 'finished in [0-9]* s' "$OUT/report.txt"))"

# --- figures ---------------------------------------------------------------
same "tiers: 5★, potential 5★, 4★, 3★, total" \
  "$(sql "SELECT count(*) FILTER (WHERE star = '5') || ' ' || count(*) FILTER (WHERE potential_5star) || ' ' ||
             count(*) FILTER (WHERE star = '4' AND NOT potential_5star) || ' ' || count(*) FILTER (WHERE star = '3') || ' ' ||
             count(*) FROM product")" "6 22 1571 1718 3317"
same "potential 5★ products hold a 4★ certificate" "$(sql "SELECT count(*) FROM product WHERE potential_5star AND star <> '4'")" 0
same "the report prints the tier table" \
  "$(grep -cE '^ (5 sao +\| ★★★★★ \| +6|4 sao \(tiềm năng 5 sao\) \| ★★★★☆ \| +22|4 sao +\| ★★★★☆ \| +1571|3 sao +\| ★★★☆☆ \| +1718|total +\| +\| +3317)$' "$OUT/report.txt")" 5
same "former Thạch Thất (01-276): products, 4★" \
  "$(sql "SELECT count(*) || ' ' || count(*) FILTER (WHERE star = '4') FROM product WHERE ocop_code_in_area(code, '01-276')")" "162 116"
same "three-level codes before 1 July 2025, two-level after" \
  "$(sql "SELECT count(*) FROM product WHERE (ocop_code_district(code) IS NULL) <> (first_recognized >= '2025-07-01')")" 0
same "some recognitions after the reform (two-level codes)" \
  "$(sql "SELECT count(*) > 0 FROM product WHERE ocop_code_district(code) IS NULL")" t
same "every code names a real commune (ocop_code_place)" \
  "$(sql "SELECT count(*) FROM product WHERE (ocop_code_place(code)).code IS NULL")" 0
same "every product mapped to a current commune with a polygon" \
  "$(sql "SELECT count(*) FROM product p JOIN product_commune c USING (code) WHERE ocop_admin_geom(c.commune) IS NULL")" 0
same "craft villages in their real communes" \
  "$(sql "SELECT count(*) FROM craft_village v WHERE ocop_commune_at(v.geom) IS DISTINCT FROM v.commune")" 0
same "points of sale 105–110, 16 design and showcase centres" \
  "$(sql "SELECT count(*) FILTER (WHERE id < 200) BETWEEN 105 AND 110 AND count(*) FILTER (WHERE kind LIKE 'trung tâm thiết kế%') = 16 FROM outlet")" t
same "every outlet inside its commune" \
  "$(sql "SELECT count(*) FROM outlet o WHERE NOT ST_Contains(ocop_admin_geom(o.commune), o.geom)")" 0
same "certificates expiring within six months of the report date" \
  "$(sql "SELECT count(*) > 0 FROM certificate c, demo_setting s
           WHERE ocop_certificate_expiry(c.decided) BETWEEN s.as_of AND (s.as_of + interval '6 months')::date")" t
if [ "$(sql "SELECT to_regclass('product_current_tier') IS NOT NULL")" = t ]; then
  # --- assessments (25_assessment.sql) and report section 10 --------------
  same "assessments: tiers awarded = stored tiers (5★, 4★, of them potential 5★, 3★), none differ" \
    "$(sql "SELECT count(*) FILTER (WHERE c.star_awarded = '5') || ' ' || count(*) FILTER (WHERE c.star_awarded = '4') || ' ' ||
               count(*) FILTER (WHERE c.star_awarded = '4' AND p.potential_5star) || ' ' ||
               count(*) FILTER (WHERE c.star_awarded = '3') || ' ' || count(*) FILTER (WHERE c.star_awarded <> p.star)
             FROM product_current_tier c JOIN product p USING (code)")" "6 1593 22 1718 0"
  same "assessment_star_mismatch is empty" "$(sql "SELECT count(*) FROM assessment_star_mismatch")" 0
  # The points and the tiers recomputed here from the sheets' options and
  # their marks, without ocop_assess or ocop_criterion_requirement.
  INDEP="WITH ch AS (
      SELECT a.id, a.product_set, e.key AS criterion, o.points
        FROM assessment a CROSS JOIN jsonb_each_text(a.answers) e
        LEFT JOIN ocop_criterion_option o ON o.regime = '148/2023' AND o.product_set = a.product_set AND o.option = e.value),
    tot AS (SELECT id, sum(points) AS total FROM ch GROUP BY id),
    fail AS (
      SELECT ch.id, m.mandatory_star::int AS star, ch.criterion FROM ch
        JOIN ocop_criterion_option m ON m.regime = '148/2023' AND m.product_set = ch.product_set
                                    AND m.criterion = ch.criterion AND m.mandatory_star IS NOT NULL
       WHERE coalesce(ch.points, -1) < m.points
      UNION
      SELECT ch.id, c.mandatory_star::int, ch.criterion FROM ch
        JOIN ocop_criterion c ON c.regime = '148/2023' AND c.product_set = ch.product_set
                             AND c.criterion = ch.criterion AND c.mandatory_star IS NOT NULL
       WHERE ch.points IS NULL),
    band AS (SELECT id, total, CASE WHEN total >= 90 THEN 5 WHEN total >= 70 THEN 4 WHEN total >= 50 THEN 3
                                    WHEN total >= 30 THEN 2 ELSE 1 END AS band FROM tot),
    indep AS (SELECT b.*, least(b.band, coalesce((SELECT min(f.star) FROM fail f WHERE f.id = b.id) - 1, 5)) AS t FROM band b)"
  same "ocop_assess agrees with a recomputation from the options and marks (total, tier) for every assessment" \
    "$(sql "$INDEP SELECT count(*) || ' ' || count(*) FILTER (WHERE s.total <> i.total
                 OR s.star_awarded::int <> CASE WHEN i.t >= 3 THEN i.t ELSE least(i.band, 2) END)
             FROM indep i JOIN assessment_scored s USING (id)")" "3317 0"
  near=$(sql "$INDEP SELECT count(*) FROM indep i
               WHERE i.band >= 3 AND i.t = i.band - 1
                 AND (SELECT count(DISTINCT f.criterion) FROM fail f WHERE f.id = i.id AND f.star <= i.band) = 1")
  same "section 10: one criterion away, total = recomputed count" \
    "$(sed -n '/^== 10\. /,/^== 10b/p' "$OUT/report.txt" | sed -n 's/^ *| total *| *| *\([0-9]*\) .*/\1/p')" "$near"
  same "section 10: the per-set rows add up to the total" \
    "$(sed -n '/^== 10\. /,/^== 10b/p' "$OUT/report.txt" | awk -F'|' '$1 ~ /^ *[0-9]+ *$/ { n += $4 } END { print n }')" "$near"
  same "section 10: the 22 potential 5★ are the 4★ → 5★ rows" \
    "$(sed -n '/^== 10\. /,/^== 10b/p' "$OUT/report.txt" | awk -F'|' '$3 ~ /★★★★☆ → ★★★★★/ { n += $4 } END { print n }')" 22
  same "section 10b: the criterion blocking most products, and how many, as recomputed" \
    "$(sed -n '/^== 10b/,$p' "$OUT/report.txt" | sed -n '4p' | awk -F'|' '{ gsub(/ /, "", $1); gsub(/ /, "", $4); print $1, $4 + 0 }')" \
    "$(sql "$INDEP SELECT f.criterion || ' ' || count(*) FROM indep i JOIN fail f ON f.id = i.id AND f.star = i.band
               JOIN assessment a ON a.id = i.id
               JOIN ocop_criterion c ON c.regime = '148/2023' AND c.product_set = a.product_set AND c.criterion = f.criterion
             WHERE i.band >= 3 AND i.t = i.band - 1
               AND (SELECT count(DISTINCT g.criterion) FROM fail g WHERE g.id = i.id AND g.star <= i.band) = 1
             GROUP BY f.criterion, left(c.text_vi, 50) ORDER BY count(*) DESC, f.criterion LIMIT 1")"
else
  echo "   (ocop_assess not installed: assessment checks skipped)"
fi
if [ "$(sql "SELECT to_regtype('trace_chain') IS NOT NULL")" = t ]; then
  same "14,000 traced lots of 4 events" "$(sql "SELECT count(*) || ' ' || min(trace_length(chain)) || ' ' || max(trace_length(chain)) FROM lot")" "14000 4 4"
  same "exactly the tampered chain fails verification" \
    "$(sql "SELECT string_agg(lot, ',') FROM lot WHERE NOT trace_verify(chain, label_head)")" "LOT-2025-07777"
  same "the report shows it" "$(grep -c '^ LOT-2025-07777 ' "$OUT/report.txt")" 1
  if [ "$(sql "SELECT count(*) FROM pg_proc WHERE proname = 'trace_distance_km'")" != 0 ]; then
    same "food miles: the report uses trace_distance_km" "$(grep -c '^== 8\..*(trace_distance_km)$' "$OUT/report.txt")" 1
    same "trace_distance_km = geodesic length through trace_events' lon/lat (100 lots, 1 m)" \
      "$(sql "SELECT count(*) FROM (SELECT l.chain FROM lot l ORDER BY l.lot LIMIT 100) l,
               LATERAL (SELECT ST_Length(ST_MakeLine(ST_SetSRID(ST_MakePoint(e.lon, e.lat), 4326) ORDER BY e.seq)::geography) / 1000 AS km
                          FROM trace_events(l.chain) e) d
              WHERE abs(trace_distance_km(l.chain) - d.km) > 0.001")" 0
    # The C functions against the SQL versions of 0.2.0 (issue 20 part 3)
    # over all 14,000 lots: the same points in the same order, the same
    # paths to the byte, the same NULLs, distances within 1 mm per km.
    if (cd "$TOP" && psql -XqAt -v ON_ERROR_STOP=1 -d "$DB" -f ocop_postgis/test/sql/include/trace_geo_ref.sql) >/dev/null 2>&1; then
      same "trace_points/trace_path/trace_distance_km (C) = the 0.2.0 SQL versions over the 14,000 lots" \
        "$(sql "SELECT count(*) || ' ' ||
                       count(*) FILTER (WHERE (SELECT array_agg(row(p.seq, p.at, p.place, ST_AsEWKB(p.geom))::text ORDER BY p.seq) FROM trace_points(chain) p)
                                              IS DISTINCT FROM
                                              (SELECT array_agg(row(p.seq, p.at, p.place, ST_AsEWKB(p.geom))::text ORDER BY p.seq) FROM trace_geo_ref.trace_points(chain) p)) || ' ' ||
                       count(*) FILTER (WHERE ST_AsEWKB(trace_path(chain)) IS DISTINCT FROM ST_AsEWKB(trace_geo_ref.trace_path(chain))) || ' ' ||
                       count(*) FILTER (WHERE trace_distance_km(chain) IS NULL <> (trace_geo_ref.trace_distance_km(chain) IS NULL)
                                           OR abs(trace_distance_km(chain) - trace_geo_ref.trace_distance_km(chain))
                                              > 1e-6 * trace_geo_ref.trace_distance_km(chain))
                  FROM lot")" "14000 0 0 0"
    else
      bad "ocop_postgis/test/sql/include/trace_geo_ref.sql did not load into the demo database"
    fi
    same "map.svg draws the three sample lots' paths (trace_path)" "$(grep -o '<path d="M [0-9.]* -[0-9.]* L[^"]*" fill="none" stroke="#084594"' "$OUT/map.svg" | wc -l)" 3
  else
    bad "trace_distance_km is not installed (ocop_postgis): food-miles checks not run"
  fi
else
  bad "trace_chain is not installed: lot checks not run"
fi

# --- the report in Vietnamese (make demo DEMO_LANG=vi) ------------------------
# The report again with -v lang=vi, as scripts/demo runs it for DEMO_LANG=vi:
# Vietnamese headings and column names, and the same figures as the English
# report above (every number of every data row and every row count, in order).
if (cd "$TOP" && PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 -v lang=vi \
      -v outdir="$OUT" -P pager=off -d "$DB" -f demo/30_report.sql) >"$OUT/report-vi.txt" 2>&1; then
  ok "the report runs with lang=vi"
else
  tail -5 "$OUT/report-vi.txt"; bad "the report fails with lang=vi"
fi
same "DEMO_LANG=vi: Vietnamese headings of sections 1-9" \
  "$(grep -cE '^== (1\. Sản phẩm OCOP theo hạng sao|2a\. Sản phẩm theo nhóm sản phẩm|2b\. Sản phẩm theo phân nhóm|3\. Mười xã, phường|4\. Huyện Thạch Thất cũ|5\. Giấy chứng nhận hết hạn|6\. Sản phẩm từ 4★|7\. Nhật ký truy xuất|8\. Quãng đường vận chuyển|9\. Các điểm bán)' "$OUT/report-vi.txt")" 10
same "DEMO_LANG=vi: no English heading or column name left" \
  "$(grep -cE 'OCOP products|Products by|Top 10|Former|Certificates|craft village|Traceability|food miles|points of sale|\| products|products \||certified by|avg km|point of sale' "$OUT/report-vi.txt")" 0
same "DEMO_LANG=vi: the tier table" \
  "$(grep -cE '^ (5 sao +\| ★★★★★ \| +6|4 sao \(tiềm năng 5 sao\) \| ★★★★☆ \| +22|4 sao +\| ★★★★☆ \| +1571|3 sao +\| ★★★☆☆ \| +1718|tổng +\| +\| +3317)$' "$OUT/report-vi.txt")" 5
same "DEMO_LANG=vi: certifying level and certificate status in Vietnamese" \
  "$(grep -cE '^ 3 sao \| 2023-03-20 +\| 2026-03-20 \| cấp huyện +\| cấp tỉnh +\| +74$|^ còn hiệu lực \| +3317$' "$OUT/report-vi.txt")" 2
same "DEMO_LANG=vi: the same figures as the English report" "$(python3 - "$OUT/report.txt" "$OUT/report-vi.txt" <<'PY'
import re, sys
def figures(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    start = next(i for i, l in enumerate(lines) if l.startswith("== 1. "))
    out = []
    for i, l in enumerate(lines[start:], start):
        if l.startswith("== 11. "):   # 45_national.sql, not 30_report.sql
            break
        if re.fullmatch(r"\(\d+ rows?\)", l):
            out.append(l)
        elif l.startswith(" ") and "|" in l and not (i + 1 < len(lines) and re.match(r"^-+\+", lines[i + 1])):
            out.append(re.findall(r"\d+(?:\.\d+)?", l))
    return out
en, vi = figures(sys.argv[1]), figures(sys.argv[2])
print("same" if en == vi and len(en) > 50 else "differ: %d vs %d rows" % (len(en), len(vi)))
PY
)" same
same "DEMO_LANG other than en or vi is refused" \
  "$(cd "$TOP" && DEMO_LANG=fr OCOP_DEMO_DB=$DB OCOP_DEMO_OUT=$OUT bash scripts/demo --no-setup >/dev/null 2>&1; echo $?)" 2

# --- pictures --------------------------------------------------------------
# png_size FILE: "WIDTHxHEIGHT" from a PNG's IHDR, or nothing when not a PNG.
png_size() {
  python3 - "$1" <<'PY'
import struct, sys
b = open(sys.argv[1], 'rb').read(33)
if b[:8] == b'\x89PNG\r\n\x1a\n' and b[12:16] == b'IHDR':
    print('%dx%d' % struct.unpack('>II', b[16:24]))
PY
}
if [ -s "$OUT/map.svg" ] && rsvg-convert -o "$OUT/check.png" "$OUT/map.svg" 2>/dev/null; then
  ok "map.svg rasterises ($(png_size "$OUT/check.png"))"
else
  bad "map.svg missing or not valid SVG"
fi
same "map.svg has one path per current commune" "$(grep -c '^<path .*<title>' "$OUT/map.svg")" \
  "$(sql "SELECT count(*) FROM commune_now")"
size=$(png_size "$OUT/map.png")
if [ -n "$size" ]; then ok "map.png is a PNG ($size)"; else bad "map.png missing or not a PNG"; fi

if [ "$(sql "SELECT count(*) FROM pg_proc WHERE proname = 'ocop_qr_png'")" != 0 ]; then
  for n in 1 2 3; do
    want=$(sed -n "s/^qr-$n.png //p" "$OUT/qr.txt")
    got=$(zbarimg --nodbus -q --raw "$OUT/qr-$n.png" 2>/dev/null | sed -e '$ s/\n$//')
    if [ -n "$want" ] && [ "$got" = "$want" ]; then ok "qr-$n.png decodes to its URL"; else bad "qr-$n.png: [$got] vs [$want]"; fi
    if [ "$(sql "SELECT to_regtype('trace_chain') IS NOT NULL")" = t ]; then
      head=${got##*h=}
      same "qr-$n.png carries the head of a verified lot chain" \
        "$(sql "SELECT count(*) FROM lot WHERE encode(trace_head(chain), 'hex') = '$head' AND trace_verify(chain, label_head)")" 1
    fi
  done
else
  bad "ocop_qr_png is not installed: QR checks not run"
fi

geo=$(python3 - "$OUT/producers.geojson" <<'PY'
import json, re, sys
d = json.load(open(sys.argv[1]))
f = d['features']
ok = d['type'] == 'FeatureCollection' and all(x['geometry']['type'] == 'Point' for x in f)
codes = [c for x in f for c in (x['properties']['codes'] or '').split()]
ok = ok and all(re.fullmatch(r'OCOP-01-(\d{3}-)?\d{5}-\d{2}-\d{4}-\d{4}-\d', c) for c in codes)
print(len(f), len(codes), ok)
PY
)
same "producers.geojson: features, product codes as text, all points" "$geo" \
  "$(sql "SELECT (SELECT count(*) FROM producer) || ' ' || (SELECT count(*) FROM product) || ' True'")"
same "ogrinfo reads producers.geojson" \
  "$(ogrinfo -ro -so -al "$OUT/producers.geojson" 2>/dev/null | sed -n 's/^Feature Count: //p')" "$(sql "SELECT count(*) FROM producer")"

# --- the national map (45_national.sql, issue 20 part 5) ---------------------
if [ "$(sql "SELECT to_regclass('national_count') IS NOT NULL")" = t ]; then
  if [ -s "$OUT/national.svg" ] && rsvg-convert -o "$OUT/check-national.png" "$OUT/national.svg" 2>/dev/null; then
    ok "national.svg rasterises ($(png_size "$OUT/check-national.png"))"
  else
    bad "national.svg missing or not valid SVG"
  fi
  size=$(png_size "$OUT/national.png")
  if [ -n "$size" ]; then ok "national.png is a PNG ($size)"; else bad "national.png missing or not a PNG"; fi
  same "national.svg: one shape per current province, titled by its code (34)" \
    "$(grep -o '^<path .*<title>[0-9][0-9] ' "$OUT/national.svg" | sed 's/.*<title>//' | tr -d ' ' | tr '\n' ' ')" \
    "$(sql "SELECT string_agg(code, ' ' ORDER BY code) || ' ' FROM ocop_admin_province WHERE valid_to = 'infinity' HAVING count(*) = 34")"
  same "national.svg: Hà Nội's shape carries the registry's product count" \
    "$(grep -o '<title>01 [^<]*</title>' "$OUT/national.svg" | sed 's/.*: \([0-9]*\) (demo registry).*/\1/')" \
    "$(sql "SELECT count(*) FROM product")"
  same "national.svg: the other provinces' counts add up to the synthetic sample" \
    "$(grep -o '<title>[0-9][0-9] [^<]*(synthetic sample)</title>' "$OUT/national.svg" | sed 's/.*: \([0-9]*\) (synthetic sample).*/\1/' | awk '{ n += $1; k++ } END { print k, n }')" \
    "$(sql "SELECT count(DISTINCT province) || ' ' || count(*) FROM national_sample")"
  same "national.svg says that the sample is synthetic and names the shapes' source" \
    "$(grep -c 'SYNTHETIC sample, not real figures\|Thang Le Quoc, MIT licence' "$OUT/national.svg")" 2
  # every current commune outside Hà Nội but the two archipelagos (w = 0)
  same "the national sample: 1-4 products per commune outside Hà Nội, twice in the delta provinces, none at sea" \
    "$(sql "SELECT count(*) FILTER (WHERE n < w OR n > 4 * w OR n % greatest(w, 1) <> 0) || ' ' || count(*) || ' ' ||
                   (avg(n) FILTER (WHERE w = 2) > 1.5 * avg(n) FILTER (WHERE w = 1))
              FROM (SELECT c.code, count(s.id) AS n,
                           CASE WHEN c.name IN ('Đặc khu Hoàng Sa', 'Đặc khu Trường Sa') THEN 0
                                WHEN c.province IN ('31', '33', '37', '24', '80', '82', '86', '91', '92', '96') THEN 2 ELSE 1 END AS w
                      FROM ocop_admin_commune c LEFT JOIN national_sample s ON s.commune = c.code
                     WHERE c.valid_to = 'infinity' AND c.province <> '01' GROUP BY c.code, c.name, c.province) t")" \
    "0 $(sql "SELECT count(*) FROM ocop_admin_commune WHERE valid_to = 'infinity' AND province <> '01'") true"
  same "the national sample: every point in its commune's province (ocop_province_at)" \
    "$(sql "SELECT count(*) FROM national_sample WHERE ocop_province_at(geom) IS DISTINCT FROM province")" 0
  if [ "$(sql "SELECT to_regclass('national_lot') IS NOT NULL")" = t ]; then
    same "the northern lot: farm and processing in Sơn La, hub and shop in Hà Nội, the processing located by its place code" \
      "$(sql "SELECT string_agg(ocop_province_at(p.geom) || ':' || ocop_commune_at(p.geom) || ':' || (e.lon IS NULL), ' ' ORDER BY p.seq)
                FROM national_lot l, trace_points(l.chain) p JOIN trace_events(l.chain) e USING (seq)")" \
      "14:03982:false 14:03980:true 01:09556:false 01:00175:false"
    same "national.svg draws the lot's path = ST_AsSVG(trace_path(chain)) of the lot" \
      "$(grep -o '<path id="lot-path" d="[^"]*"' "$OUT/national.svg" | sed 's/.* d="//; s/"$//')" \
      "$(sql "SELECT ST_AsSVG(trace_path(chain), 0, 4) FROM national_lot")"
    km=$(sql "SELECT round(trace_distance_km(chain)::numeric, 1) FROM national_lot")
    same "national.svg prints the lot's food miles = trace_distance_km in SQL" \
      "$(sed -n 's/.*id="food-miles"[^>]*>food miles: \([0-9.]*\) km<.*/\1/p' "$OUT/national.svg")" "$km"
    same "the report prints the same food miles" \
      "$(sed -n 's/^LOT-14-2025-00001 food miles: \([0-9.]*\) km (trace_distance_km)$/\1/p' "$OUT/report.txt")" "$km"
    same "the food miles = ST_Length(geography) of the line through trace_points (PostGIS, 1 m)" \
      "$(sql "SELECT abs(trace_distance_km(l.chain) - (SELECT ST_Length(ST_MakeLine(p.geom ORDER BY p.seq)::geography) / 1000
                                                           FROM trace_points(l.chain) p)) < 0.001 FROM national_lot l")" t
    same "the lot's chain verifies against its label head" "$(sql "SELECT trace_verify(chain, label_head) FROM national_lot")" t
  else
    bad "national_lot missing: the northern lot was not traced"
  fi
  prov=$(python3 - "$OUT/provinces.geojson" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
f = d['features']
ok = d['type'] == 'FeatureCollection' and all(x['geometry']['type'] in ('Polygon', 'MultiPolygon') for x in f)
print(len(f), ' '.join(x['properties']['code'] for x in f), sum(x['properties']['products'] for x in f), ok)
PY
)
  same "provinces.geojson: 34 polygon features, codes, products" "$prov" \
    "$(sql "SELECT count(*) || ' ' || string_agg(code, ' ' ORDER BY code) FROM ocop_admin_province WHERE valid_to = 'infinity'") $(sql "SELECT (SELECT count(*) FROM product) + (SELECT count(*) FROM national_sample)") True"
  if ogr2ogr -f GPKG "$OUT/provinces.gpkg" "$OUT/provinces.geojson" 2>/dev/null; then
    info=$(ogrinfo -ro -so "$OUT/provinces.gpkg" ocop_demo_provinces 2>/dev/null)
    same "ogr2ogr reads provinces.geojson: feature count" "$(sed -n 's/^Feature Count: //p' <<<"$info")" 34
    same "ogr2ogr reads provinces.geojson: in EPSG:4326" "$(grep -qE 'EPSG"?[,:]4326' <<<"$info" && echo yes)" yes
    same "ogr2ogr reads provinces.geojson: Sơn La's code, name and count" \
      "$(ogrinfo -ro -q "$OUT/provinces.gpkg" -sql "SELECT code, name, products FROM ocop_demo_provinces WHERE code = '14'" 2>/dev/null \
          | sed -n 's/^ *\(code\|name\|products\) ([A-Za-z0-9]*) = //p' | tr '\n' '|')" \
      "$(sql "SELECT '14|' || ocop_admin_name('14') || '|' || count(*) || '|' FROM national_sample WHERE province = '14'")"
  else
    bad "ogr2ogr cannot read provinces.geojson"
  fi
else
  bad "national_count missing: 45_national.sql did not run (ocop_postgis without national shapes?)"
fi

echo "demo: $pass passed, $fail failed"
[ "$fail" = 0 ]
