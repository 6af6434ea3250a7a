#!/usr/bin/env bash
# GIS clients: export layers that join OCOP products to communes with ogr2ogr
# (gdal-bin) to GeoJSON and GeoPackage, and check feature counts, geometry
# types and that ocop_code columns arrive as readable text.
# Env: PGHOST/PGPORT/PGUSER (scripts/test sets them), OCOP_TOP.  gdal-bin,
# python3 and PostGIS are required (scripts/packages installs them).
set -euo pipefail
command -v ogr2ogr >/dev/null && command -v ogrinfo >/dev/null || { echo "FAIL: ogr2ogr or ogrinfo missing (gdal-bin)"; exit 1; }
command -v python3 >/dev/null || { echo "FAIL: python3 missing"; exit 1; }
DB=ocop_ogr_test
export PGOPTIONS="-c client_min_messages=warning"
PSQL=(psql -X -q -v ON_ERROR_STOP=1)
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
OUT=$(mktemp -d)
cleanup() { rm -rf "$OUT"; "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true; }
trap cleanup EXIT
if ! "${PSQL[@]}" -d $DB -c "SET client_min_messages = warning; CREATE EXTENSION ocop_postgis CASCADE" 2>"$OUT/err"; then
  if grep -q 'extension "postgis" is not available' "$OUT/err"; then echo "FAIL: PostGIS is not installed (scripts/packages installs it)"; fi
  cat "$OUT/err"; exit 1
fi
"${PSQL[@]}" -d $DB <<'SQL'
CREATE TABLE product (id int PRIMARY KEY, name text NOT NULL, code ocop_code NOT NULL, stars int,
                      geom geometry(Point, 4326) NOT NULL);
INSERT INTO product VALUES
  (1, 'Gốm men lam Bát Tràng', ocop_code(1, 577, 9, 2026, 1), 4, ST_SetSRID(ST_MakePoint(105.9125, 20.9770), 4326)),
  (2, 'Gốm men rạn', ocop_code(1, 577, 9, 2026, 2), 5, ST_SetSRID(ST_MakePoint(105.9180, 20.9800), 4326)),
  (3, 'Lụa Vạn Phúc', ocop_code(1, 9556, 10, 2026, 1), 5, ST_SetSRID(ST_MakePoint(105.7730, 20.9800), 4326)),
  (4, 'Nón Chuông', ocop_code(1, 10162, 12, 2021, 7, 278), 4, ST_SetSRID(ST_MakePoint(105.7686, 20.8456), 4326)),
  (5, 'Trà Thái Nguyên', ocop_code(19, 5443, 3, 2026, 1), 5, ST_SetSRID(ST_MakePoint(105.80, 21.60), 4326));
-- Products with the commune they lie in (points), and communes with their
-- products (polygons).
CREATE VIEW product_commune AS
  SELECT p.id, p.name, p.code AS ocop_code, p.stars, c.code AS commune_code,
         ocop_admin_name(c.code) AS commune_name, p.geom
    FROM product p JOIN ocop_commune_polygon c ON ST_Intersects(c.geom, p.geom);
CREATE VIEW commune_products AS
  SELECT c.code AS commune_code, ocop_admin_name(c.code) AS commune_name,
         count(*) AS products, min(p.code) AS first_ocop_code, c.geom
    FROM ocop_commune_polygon c JOIN product p ON ST_Intersects(c.geom, p.geom)
   GROUP BY c.code, c.geom;
SQL
CONN="PG:host=$PGHOST port=$PGPORT user=$PGUSER dbname=$DB"
fail=0
check() { if [ "$1" = "$2" ]; then echo "ok   $3: $1"; else echo "FAIL $3: got '$1', expected '$2'"; fail=1; fi; }

ogr2ogr -f GeoJSON "$OUT/products.geojson" "$CONN" product_commune
ogr2ogr -f GPKG "$OUT/ocop.gpkg" "$CONN" product_commune
ogr2ogr -f GPKG -update "$OUT/ocop.gpkg" "$CONN" commune_products
ogr2ogr -f GeoJSON "$OUT/communes.geojson" "$CONN" -sql "SELECT * FROM commune_products ORDER BY commune_code"

# GeoJSON: parse it and look at every feature.
read -r n types codes <<<"$(python3 - "$OUT/products.geojson" <<'PY'
import json, re, sys
d = json.load(open(sys.argv[1]))
f = d['features']
types = sorted({x['geometry']['type'] for x in f})
ok = all(isinstance(x['properties']['ocop_code'], str) and
         re.fullmatch(r'OCOP-\d{2}-(\d{3}-)?\d{5}-\d{2}-\d{4}-\d{4}-\d', x['properties']['ocop_code']) for x in f)
print(len(f), ','.join(types), 'text' if ok else 'not-text')
PY
)"
check "$n" 4 "GeoJSON products in Ha Noi communes"       # the Thai Nguyen tea is outside the shipped polygons
check "$types" Point "GeoJSON geometry type"
check "$codes" text "GeoJSON ocop_code values are OCOP-... strings"
check "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(sorted(x["properties"]["commune_code"] for x in d["features"]))' "$OUT/products.geojson")" \
      "['00577', '00577', '09556', '10114']" "GeoJSON commune codes (Chuông: old Phương Trung 10162 -> Thanh Oai 10114)"
check "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print({x["geometry"]["type"] for x in d["features"]}, len(d["features"]))' "$OUT/communes.geojson")" \
      "{'MultiPolygon'} 3" "GeoJSON commune layer"

# GeoPackage: ogrinfo reports counts, geometry types and field types.
info=$(ogrinfo -ro -so "$OUT/ocop.gpkg" product_commune)
check "$(sed -n 's/^Feature Count: //p' <<<"$info")" 4 "GPKG feature count"
check "$(sed -n 's/^Geometry: //p' <<<"$info")" Point "GPKG geometry type"
check "$(sed -n 's/^ocop_code: \([A-Za-z]*\).*/\1/p' <<<"$info")" String "GPKG ocop_code field type"
info2=$(ogrinfo -ro -so "$OUT/ocop.gpkg" commune_products)
check "$(sed -n 's/^Geometry: //p' <<<"$info2")" "Multi Polygon" "GPKG commune geometry type"
check "$(sed -n 's/^first_ocop_code: \([A-Za-z]*\).*/\1/p' <<<"$info2")" String "GPKG first_ocop_code field type"
val=$(ogrinfo -ro -q "$OUT/ocop.gpkg" -sql "SELECT ocop_code FROM product_commune WHERE id = 4" | sed -n 's/^ *ocop_code (String) = //p')
check "$val" "$("${PSQL[@]}" -d $DB -Atc "SELECT code::text FROM product WHERE id = 4")" "GPKG value equals the ocop_code text"
# The national layers (issue 20): every commune-level unit and province with
# its code, name and province, read by GDAL from the database into GeoPackage
# and GeoJSON.
"${PSQL[@]}" -d $DB <<'SQL'
CREATE VIEW national_communes AS
  SELECT s.code, c.name, c.province, s.geom
    FROM ocop_commune_shape s
    JOIN ocop_admin_commune c ON c.code = s.code AND c.valid_from <= CURRENT_DATE AND c.valid_to > CURRENT_DATE
   WHERE s.valid_from <= CURRENT_DATE AND s.valid_to > CURRENT_DATE;
CREATE VIEW national_provinces AS
  SELECT s.code, p.name, s.geom
    FROM ocop_province_shape s
    JOIN ocop_admin_province p ON p.code = s.code AND p.valid_from <= CURRENT_DATE AND p.valid_to > CURRENT_DATE
   WHERE s.valid_from <= CURRENT_DATE AND s.valid_to > CURRENT_DATE;
SQL
ogr2ogr -f GPKG "$OUT/national.gpkg" "$CONN" national_communes
ogr2ogr -f GPKG -update "$OUT/national.gpkg" "$CONN" national_provinces
ogr2ogr -f GeoJSON "$OUT/national_communes.geojson" "$CONN" -sql "SELECT * FROM national_communes ORDER BY code"
info=$(ogrinfo -ro -so "$OUT/national.gpkg" national_communes)
check "$(sed -n 's/^Feature Count: //p' <<<"$info")" 3321 "GPKG national communes"
check "$(sed -n 's/^Geometry: //p' <<<"$info")" "Multi Polygon" "GPKG national commune geometry type"
check "$(grep -qE 'EPSG"?[,:]4326' <<<"$info" && echo yes)" yes "GPKG national communes in EPSG:4326"
info=$(ogrinfo -ro -so "$OUT/national.gpkg" national_provinces)
check "$(sed -n 's/^Feature Count: //p' <<<"$info")" 34 "GPKG national provinces"
val=$(ogrinfo -ro -q "$OUT/national.gpkg" -sql "SELECT name FROM national_communes WHERE code = '31078'" | sed -n 's/^ *name (String) = //p')
check "$val" "Đặc khu Phú Quốc" "GPKG national commune name"
val=$(ogrinfo -ro -q "$OUT/national.gpkg" -sql "SELECT count(*) AS n FROM national_communes WHERE province = '96'" | sed -n 's/^ *n (Integer[0-9]*) = //p')
check "$val" "$("${PSQL[@]}" -d $DB -Atc "SELECT count(*) FROM ocop_admin_commune WHERE province = '96' AND valid_to = 'infinity'")" "GPKG communes of Cà Mau"
check "$(python3 - "$OUT/national_communes.geojson" <<'PY'
import json, sys
f = json.load(open(sys.argv[1]))['features']
codes = [x['properties']['code'] for x in f]
print(len(f), len(set(codes)), sorted({x['geometry']['type'] for x in f}), codes[0], codes[-1])
PY
)" "3321 3321 ['MultiPolygon'] 00004 32248" "GeoJSON national communes: count, distinct codes, type, first and last code"
exit $fail
