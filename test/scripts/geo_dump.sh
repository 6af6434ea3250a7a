#!/usr/bin/env bash
# ocop_postgis survives pg_dump / pg_restore: the village table (a configuration
# table) and the VN-2000 SRIDs added by ocop_vn2000_register_srids() come back
# exactly once, and the restore reports no error.  PostGIS is required
# (scripts/packages installs it).
set -euo pipefail
export PGOPTIONS="-c client_min_messages=warning"
BIN=$(${PG_CONFIG:-pg_config} --bindir)
PSQL=(psql -X -q -v ON_ERROR_STOP=1)
A=ocop_geo_dump_a; B=ocop_geo_dump_b
OUT=$(mktemp -d)
cleanup() { rm -rf "$OUT"; "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $A" -c "DROP DATABASE IF EXISTS $B" >/dev/null 2>&1 || true; }
trap cleanup EXIT
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $A" -c "DROP DATABASE IF EXISTS $B" -c "CREATE DATABASE $A" -c "CREATE DATABASE $B"
if ! "${PSQL[@]}" -d $A -c "CREATE EXTENSION ocop_postgis CASCADE" 2>"$OUT/err"; then
  grep -q 'extension "postgis" is not available' "$OUT/err" && echo "FAIL: PostGIS is not installed (scripts/packages installs it)"
  cat "$OUT/err"; exit 1
fi
"${PSQL[@]}" -d $A >/dev/null <<'SQL'
SELECT ocop_vn2000_register_srids();
INSERT INTO spatial_ref_sys (srid, auth_name, auth_srid, srtext, proj4text)
  VALUES (990001, 'TEST', 1, '', '+proj=longlat +ellps=WGS84 +no_defs');
INSERT INTO ocop_village (name, kind, craft, geom, source)
  VALUES ('Bát Tràng', 'craft', 'gốm sứ', ST_SetSRID(ST_MakePoint(105.9130, 20.9760), 4326), 'dump test');
SQL
"$BIN/pg_dump" -Fc -d $A -f "$OUT/a.dump"
if ! "$BIN/pg_restore" --exit-on-error -d $B "$OUT/a.dump" 2>"$OUT/restore.err"; then
  echo "FAIL restore:"; cat "$OUT/restore.err"; exit 1
fi
got=$("${PSQL[@]}" -d $B -Atc "SELECT (SELECT count(*) FROM spatial_ref_sys WHERE srid BETWEEN 9205 AND 9218) || ' ' ||
  (SELECT count(*) FROM spatial_ref_sys WHERE srid = 990001) || ' ' ||
  (SELECT string_agg(name, ',') FROM ocop_village) || ' ' ||
  ocop_commune_at(ST_SetSRID(ST_MakePoint(105.911856, 20.969142), 4326)) || ' ' ||
  ST_SRID(ocop_to_vn2000(ST_SetSRID(ST_MakePoint(105.85, 21.03), 4326), '27'))")
want="14 1 Bát Tràng 00577 9209"
if [ "$got" = "$want" ]; then echo "ok   restored: $got"; else echo "FAIL restored: got '$got', expected '$want'"; exit 1; fi
# The national shapes (issue 20) are extension data, not configuration: the
# dump does not carry their 25 MB, the restore's CREATE EXTENSION recreates them
# exactly once, and user data that uses them (a table of points with their
# commune) comes back answering the same.
dump_kb=$(( $(stat -c %s "$OUT/a.dump") / 1024 ))
[ "$dump_kb" -lt 2048 ] && echo "ok   dump without the shapes: $dump_kb kB" || { echo "FAIL dump is $dump_kb kB: the shapes were dumped"; exit 1; }
q="SELECT (SELECT count(*) || '/' || count(DISTINCT code) FROM ocop_commune_shape) || ' ' ||
  (SELECT count(*) FROM ocop_province_shape) || ' ' ||
  (SELECT string_agg(l.code || '=' || l.commune || ':' || ocop_province_at(l.geom), ',' ORDER BY l.code) FROM lot_origin l) || ' ' ||
  (SELECT bool_and(ocop_commune_at(l.geom) = l.commune) FROM lot_origin l)"
"${PSQL[@]}" -d $A -c "CREATE TABLE lot_origin AS SELECT v.code, ST_SetSRID(ST_MakePoint(v.lon, v.lat), 4326) AS geom,
    ocop_commune_at(ST_SetSRID(ST_MakePoint(v.lon, v.lat), 4326)) AS commune
  FROM (VALUES ('L1', 103.9188, 21.3256), ('L2', 105.1524, 9.1769), ('L3', 103.9670, 10.2170)) v(code, lon, lat)" >/dev/null
"$BIN/pg_dump" -Fc -d $A -f "$OUT/a2.dump"
"${PSQL[@]}" -d postgres -c "DROP DATABASE $B" -c "CREATE DATABASE $B"
if ! "$BIN/pg_restore" --exit-on-error -d $B "$OUT/a2.dump" 2>"$OUT/restore2.err"; then
  echo "FAIL restore with lot_origin:"; cat "$OUT/restore2.err"; exit 1
fi
got=$("${PSQL[@]}" -d $B -Atc "$q")
want="3321/3321 34 L1=03646:14,L2=32025:96,L3=31078:91 true"
if [ "$got" = "$want" ]; then echo "ok   national shapes restored: $got"; else echo "FAIL national shapes: got '$got', expected '$want'"; exit 1; fi
# The restored sequence continues after the dumped row.
id=$("${PSQL[@]}" -d $B -Atc "INSERT INTO ocop_village (name, kind, geom, source) VALUES ('x', 'residential', ST_SetSRID(ST_MakePoint(105.9, 21), 4326), 't') RETURNING id")
[ "$id" = 2 ] && echo "ok   sequence restored" || { echo "FAIL sequence: id $id"; exit 1; }
