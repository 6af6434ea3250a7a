#!/usr/bin/env bash
# Upgrades (issue 10): every release listed in sql/RELEASES is built from git
# into a private copy of PostgreSQL (scripts/pg-copy) with its own cluster,
# installed, and given data under it (that release's test/fixtures plus user
# objects that depend on the extensions: a view, an expression index, a
# generated column, a check constraint, villages in ocop_postgis's
# configuration table).  Then, as a package upgrade does, the current build's
# files replace the release's and, with hostile overloads of every name the
# scripts call planted in the extensions' schema (lib/hostile.sh),
#   ALTER EXTENSION ocop UPDATE; ALTER EXTENSION ocop_postgis UPDATE;
# Passes when
#   - the release's SQL objects work with the new library before the update,
#   - the update reaches the current version and calls no hostile object,
#     and binds nothing to one,
#   - every table holds the same rows (text, and hashes of every value) and
#     the same answers come back from the functions before and after,
#   - every B-tree index passes amcheck's bt_index_check with heapallindexed,
#     and index scans (B-tree, hash, GIN) return what sequential scans do,
#   - the updated extensions' catalog (objects, definitions, comments,
#     privileges) equals a fresh install of the current version,
#   - a database owner who is not a superuser (ocop is trusted) can install
#     the release and update it himself with hostile overloads of his own
#     planted around it, and nothing hostile runs.
# Own cluster: port OCOP_UPGRADE_PGPORT (default 54317), folder
# /var/tmp/ocop-upgrade-<port>, removed at the end.
set -uo pipefail
TOP=${OCOP_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$TOP/test/scripts/lib/hostile.sh"
. "$TOP/test/scripts/lib/db.sh"
PORT=${OCOP_UPGRADE_PGPORT:-54317}
ROOT=/var/tmp/ocop-upgrade-$PORT
CUR=$(sed -n "s/^default_version *= *'\(.*\)'/\1/p" "$TOP/ocop.control")
[ "$PORT" != 54329 ] && [ "$PORT" != "${PGPORT:-}" ] || { echo "OCOP_UPGRADE_PGPORT must not be the test cluster's port"; exit 2; }
releases=$(grep -vE '^\s*(#|$)' "$TOP/sql/RELEASES")
[ -n "$releases" ] || { echo "no release in sql/RELEASES"; exit 1; }
while read -r v commit; do
  git -C "$TOP" cat-file -e "$commit^{commit}" 2>/dev/null || { echo "skip: release $v ($commit) is not in this clone's history"; exit 77; }
done <<< "$releases"

if [ "$(id -u)" = 0 ]; then as_owner() { runuser -u postgres -- "$@"; }; OWNER=postgres; else as_owner() { "$@"; }; OWNER=$(id -un); fi
status=0
fail() { echo "FAIL: $*"; status=1; }
cleanup() {
  [ -n "${PGC:-}" ] && OCOP_PGPORT=$PORT OCOP_PGROOT=$ROOT/cluster PG_CONFIG=$PGC bash "$TOP/scripts/cluster" stop >/dev/null 2>&1
  rm -rf "$ROOT"
}
trap cleanup EXIT
if [ -d "$ROOT/cluster/data" ]; then
  as_owner "$ROOT"/pg/usr/lib/postgresql/*/bin/pg_ctl -D "$ROOT/cluster/data" -m immediate -w stop >/dev/null 2>&1
fi
rm -rf "$ROOT"; mkdir -p "$ROOT"; chmod 755 "$ROOT"
PGC=$(bash "$TOP/scripts/pg-copy" "$ROOT/pg") || { echo "FAIL: private PostgreSQL copy"; exit 1; }
cluster() { OCOP_PGPORT=$PORT OCOP_PGROOT=$ROOT/cluster PG_CONFIG=$PGC bash "$TOP/scripts/cluster" "$@"; }
cluster start || { echo "FAIL: upgrade cluster did not start"; exit 1; }
eval "$(cluster env)"
export PGHOST PGPORT PGUSER
Q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
# The current build, for installing over each release.
make -s -C "$TOP" >/dev/null || { echo "FAIL: build of the current tree"; exit 1; }

# Answers of the functions over the data: hashes (which must never change),
# parts, labels, chains' heads and verification, EPCIS, QR text, places.
answers() {
  psql -X -At -q -d "$1" <<'SQL'
SELECT 'code', md5(string_agg(concat_ws(' ', id, code, code::bigint, ocop_code_hash(code), ocop_code_hash_extended(code, 7),
       ocop_code_province(code), ocop_code_district(code), ocop_code_commune(code), ocop_code_product_set(code),
       ocop_code_year(code), ocop_code_serial(code), ocop_code_check_digit(code), ocop_code_in_area(code, '01'),
       (ocop_code_place(code)).name), E'\n' ORDER BY id)) FROM rt_code;
SELECT 'code parts', md5(string_agg(ocop_code_parts(code)::text, E'\n' ORDER BY id)) FROM rt_code WHERE id < 300;
SELECT 'partitions', (SELECT count(*) FROM rt_code_parts_0), (SELECT count(*) FROM rt_code_parts_1);
SELECT 'star', md5(string_agg(concat_ws(' ', id, star, star::int, ocop_star_hash(star), ocop_star_hash_extended(star, 7),
       ocop_star_label(star, 'en'), ocop_star_label(star, 'vi'), ocop_star_label(star, 'stars'), ocop_star_is_recognized(star)),
       E'\n' ORDER BY id)), avg(star), min(star), max(star) FROM rt_star;
SELECT 'chain', md5(string_agg(concat_ws(' ', id, trace_length(chain), encode(trace_head(chain), 'hex'), trace_verify(chain),
       trace_origin(chain), trace_last(chain), trace_to_epcis(chain, '2026-01-01T00:00:00Z')), E'\n' ORDER BY id)) FROM rt_chain;
SELECT 'rules', ocop_star_from_score(85), ocop_star_from_parts(30, 20, 30), ocop_certifier('5★', '2024-06-01'),
       ocop_certificate_expiry('2024-02-29'), ocop_product_set_name(7, 'en'), ocop_regime_in_force('2020-01-01');
SELECT 'qr', ocop_qr_text('OCOP-01-00004-21-2025-0042-9', 1), md5(ocop_qr_png('OCOP-01-00004-21-2025-0042-9', 4, 2, 'M')),
       gs1_digital_link('08931234567897', lot => 'L1', expiry => '2027-01-31');
SELECT 'admin', (ocop_admin_unit('00004', '2025-06-01')).name, (SELECT string_agg(code, ',' ORDER BY code) FROM ocop_admin_successors('00004'));
SELECT 'geo', ocop_commune_at(ST_SetSRID(ST_MakePoint(105.85, 21.03), 4326)),
       (SELECT string_agg(v::text, ',') FROM ocop_villages_near(ST_SetSRID(ST_MakePoint(105.851, 21.03), 4326), 5) v),
       ST_AsText(ocop_to_vn2000(ST_SetSRID(ST_MakePoint(105.85, 21.03), 4326), '01'));
SELECT 'user objects', (SELECT md5(string_agg(v::text, ',' ORDER BY v::text)) FROM up_view v),
       (SELECT md5(string_agg(province::text, ',' ORDER BY id)) FROM up_gen);
SQL
}

# Index scans against sequential scans, with the planner forced each way.
index_vs_seq() {
  local q out1 out2 n=0 bad=0
  while IFS= read -r q; do
    [ -n "$q" ] || continue
    out1=$(psql -X -At -q -d "$1" -c "SET enable_indexscan = off" -c "SET enable_bitmapscan = off" -c "$q")
    out2=$(psql -X -At -q -d "$1" -c "SET enable_seqscan = off" -c "$q")
    plan=$(psql -X -At -q -d "$1" -c "SET enable_seqscan = off" -c "EXPLAIN $q")
    n=$((n + 1))
    if [ "$out1" != "$out2" ] || ! grep -qi "index" <<< "$plan"; then echo "index scan differs or unused: $q" >&2; bad=$((bad + 1)); fi
  done <<'QUERIES'
SELECT string_agg(id::text, ',' ORDER BY id) FROM rt_code WHERE code >= ocop_code(1, 100, 3, 2020, 1) AND code < ocop_code(30, 1, 0, 2018, 1)
SELECT string_agg(id::text, ',' ORDER BY id) FROM rt_code WHERE code = ANY (SELECT code FROM rt_code WHERE id % 97 = 0)
SELECT string_agg(id::text, ',' ORDER BY id) FROM rt_code WHERE ocop_code_in_area(code, '05')
SELECT string_agg(id::text, ',' ORDER BY id) FROM rt_code WHERE ocop_code_province(code) = 7
SELECT string_agg(id::text, ',' ORDER BY id) FROM rt_star WHERE star >= '4★'
SELECT string_agg(id::text, ',' ORDER BY id) FROM rt_star WHERE star = '2★'
SELECT string_agg(id::text, ',' ORDER BY id) FROM rt_chain WHERE chain @> '{"actor": "HTX-123"}'
SELECT string_agg(id::text, ',' ORDER BY id) FROM rt_chain WHERE chain @> '{"bizStep": "shipping", "disposition": "in_transit"}'
QUERIES
  echo "$n $bad"
}

# Equality through the hash indexes alone (the B-tree ones dropped in a
# transaction that is rolled back): prints "<joins checked> <differing>".
hash_vs_seq() {
  psql -X -At -q -v ON_ERROR_STOP=1 -d "$1" <<'SQL'
BEGIN;
CREATE TEMP TABLE probe ON COMMIT DROP AS
  SELECT c.code, s.star FROM rt_code c JOIN rt_star s USING (id) WHERE id % 13 = 0;
SET LOCAL enable_indexscan = off; SET LOCAL enable_bitmapscan = off;
CREATE TEMP TABLE expect ON COMMIT DROP AS
  SELECT (SELECT string_agg(r.id::text, ',' ORDER BY r.id) FROM probe p JOIN rt_code r ON r.code = p.code) AS codes,
         (SELECT count(*) FROM probe p JOIN rt_star r ON r.star = p.star) AS stars;
DO $$ DECLARE i record; BEGIN
  FOR i IN SELECT x.indexrelid::regclass AS idx FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid
           JOIN pg_am a ON a.oid = c.relam AND a.amname = 'btree'
           WHERE x.indrelid IN ('rt_code'::regclass, 'rt_star'::regclass) AND NOT x.indisprimary LOOP
    EXECUTE format('DROP INDEX %s', i.idx);
  END LOOP; END $$;
SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = on; SET LOCAL enable_bitmapscan = on;
SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off;
CREATE TEMP TABLE plans (line text) ON COMMIT DROP;
DO $$ DECLARE l text; BEGIN
  FOR l IN EXECUTE 'EXPLAIN SELECT r.id FROM probe p JOIN rt_code r ON r.code = p.code' LOOP INSERT INTO plans VALUES (l); END LOOP;
  FOR l IN EXECUTE 'EXPLAIN SELECT r.id FROM probe p JOIN rt_star r ON r.star = p.star' LOOP INSERT INTO plans VALUES (l); END LOOP;
END $$;
SELECT 2, (CASE WHEN (SELECT string_agg(r.id::text, ',' ORDER BY r.id) FROM probe p JOIN rt_code r ON r.code = p.code)
                     IS NOT DISTINCT FROM (SELECT codes FROM expect) THEN 0 ELSE 1 END)
        + (CASE WHEN (SELECT count(*) FROM probe p JOIN rt_star r ON r.star = p.star) = (SELECT stars FROM expect)
                THEN 0 ELSE 1 END)
        + (CASE WHEN (SELECT count(*) FROM plans WHERE line ~ '(Index Scan using|Bitmap Index Scan on) rt_(code|star)_\w+') = 2
                THEN 0 ELSE 1 END);
ROLLBACK;
SQL
}

while read -r v commit; do
  echo "== release $v ($commit) -> $CUR"
  db=up_${v//./_}
  fresh=fresh_${v//./_}
  src=$ROOT/src-$v
  mkdir -p "$src"
  git -C "$TOP" archive "$commit" | tar -x -C "$src"
  if ! make -s -C "$src" PG_CONFIG="$PGC" install >"$ROOT/build-$v.log" 2>&1; then
    tail -20 "$ROOT/build-$v.log"; fail "build of release $v"; continue
  fi
  Q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "DROP DATABASE IF EXISTS $fresh" -c "DROP ROLE IF EXISTS ocop_attacker" \
    -c "CREATE ROLE ocop_attacker" -c "CREATE DATABASE $db" -c "CREATE DATABASE $fresh" || { fail "databases"; continue; }
  Q -d $db -c "GRANT CREATE, USAGE ON SCHEMA public TO PUBLIC" -c "CREATE EXTENSION amcheck" \
    -c "CREATE EXTENSION ocop VERSION '$v'" -c "CREATE EXTENSION ocop_postgis VERSION '$v' CASCADE" >/dev/null \
    || { fail "CREATE EXTENSION ... VERSION '$v'"; continue; }
  (cd "$src" && Q -d $db -f test/fixtures/all_types.sql >/dev/null) || fail "release $v fixtures"
  Q -d $db >/dev/null <<'SQL' || fail "user objects under the release"
CREATE INDEX rt_code_province_idx ON rt_code (ocop_code_province(code));
CREATE VIEW up_view AS SELECT s.star, ocop_star_label(s.star, 'en') AS label, count(*) AS n
  FROM rt_star s GROUP BY s.star;
CREATE TABLE up_gen (id int PRIMARY KEY, code ocop_code NOT NULL CHECK (ocop_code_year(code) >= 2018),
  province int GENERATED ALWAYS AS (ocop_code_province(code)) STORED);
INSERT INTO up_gen SELECT id, code FROM rt_code WHERE code IS NOT NULL AND id <= 1000;
INSERT INTO ocop_village (name, kind, craft, commune_code, geom, source)
SELECT 'Làng nghề thử ' || g, 'craft', 'gốm', '00004',
       ST_Buffer(ST_SetSRID(ST_MakePoint(105.85 + g / 1000.0, 21.03), 4326)::geography, 100)::geometry, 'upgrade test'
FROM generate_series(1, 3) g;
ANALYZE;
SQL
  fingerprint $db > "$ROOT/fp.old"
  answers $db > "$ROOT/ans.old" 2>&1
  [ "$(grep -c . "$ROOT/ans.old")" -ge 10 ] && ! grep -q ERROR "$ROOT/ans.old" || { cat "$ROOT/ans.old"; fail "answers under release $v"; }

  # The package upgrade: the current files over the release's.
  make -s -C "$TOP" PG_CONFIG="$PGC" install >/dev/null || { fail "install of the current build"; continue; }
  answers $db > "$ROOT/ans.mid" 2>&1
  if diff "$ROOT/ans.old" "$ROOT/ans.mid" >/dev/null; then
    echo "release $v SQL with the current library: same answers"
  else
    diff "$ROOT/ans.old" "$ROOT/ans.mid"; fail "release $v SQL with the current library answers differently"
  fi

  hostile_setup $db
  hostile_names $db "$TOP"/sql/*--*--*.sql "$TOP"/sql/ocop.sql "$TOP"/sql/features/*.sql "$TOP"/sql/ocop_postgis.sql > "$ROOT/names"
  echo "lower upper length format now" | tr ' ' '\n' >> "$ROOT/names"
  planted=$(hostile_plant $db ocop_attacker public $(sort -u "$ROOT/names"))
  echo "hostile functions planted before the update: $planted"
  [ "$planted" -gt 1000 ] || fail "too few hostile functions planted"
  Q -d $db -c "ALTER EXTENSION ocop UPDATE" -c "ALTER EXTENSION ocop_postgis UPDATE" || fail "ALTER EXTENSION ... UPDATE"
  vers=$(psql -X -At -d $db -c "SELECT string_agg(extname || ' ' || extversion, ', ' ORDER BY extname) FROM pg_extension WHERE extname LIKE 'ocop%'")
  echo "after ALTER EXTENSION UPDATE: $vers"
  [ "$vers" = "ocop $CUR, ocop_postgis $CUR" ] || fail "versions after the update: $vers"
  hits=$(hostile_hits $db); deps=$(hostile_deps $db ocop_attacker)
  echo "hostile calls during the update: $hits; extension objects bound to hostile objects: $deps"
  [ "$hits" = 0 ] || fail "the update called a hostile object"
  [ "$deps" = 0 ] || fail "the update bound an object to a hostile one"
  PGOPTIONS="-c search_path=public" psql -X -q -d $db -f "$TOP/test/scripts/lib/typed_calls.sql" >/dev/null 2>&1
  hits=$(hostile_hits $db)
  [ "$hits" = 0 ] || fail "an updated function called a hostile object"
  Q -d $db -c "DROP TABLE public.hijacked" -c "DROP OWNED BY ocop_attacker" >/dev/null

  # Tables that existed before the update keep their contents; a table the
  # update adds (new reference data of the extension) must be an extension
  # member and hold what a fresh install holds (checked below, once the
  # fresh database exists).
  fingerprint $db > "$ROOT/fp.new"
  awk 'NR == FNR { old[$1] = 1; next } ($1 in old)' "$ROOT/fp.old" "$ROOT/fp.new" > "$ROOT/fp.kept"
  awk 'NR == FNR { old[$1] = 1; next } !($1 in old)' "$ROOT/fp.old" "$ROOT/fp.new" > "$ROOT/fp.added"
  if diff "$ROOT/fp.old" "$ROOT/fp.kept" >/dev/null; then
    echo "tables after the update: $(grep -c ' ' "$ROOT/fp.kept") identical ($(awk 'NF == 3 {s += $2} END {print s}' "$ROOT/fp.kept") rows), $(grep -c ' ' "$ROOT/fp.added") added by the update"
  else
    diff "$ROOT/fp.old" "$ROOT/fp.kept"; fail "table contents changed in the update"
  fi
  if [ -s "$ROOT/fp.added" ]; then
    added=$(cut -d' ' -f1 "$ROOT/fp.added" | paste -sd,)
    members=$(psql -X -At -d $db -c "SELECT count(*) FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
      WHERE d.classid = 'pg_class'::regclass AND d.deptype = 'e' AND e.extname LIKE 'ocop%'
        AND d.objid::regclass::text = ANY (string_to_array('$added', ','))")
    [ "$members" = "$(grep -c ' ' "$ROOT/fp.added")" ] || fail "tables added by the update that are not the extension's: $added"
  fi
  answers $db > "$ROOT/ans.new" 2>&1
  if diff "$ROOT/ans.old" "$ROOT/ans.new" >/dev/null; then
    echo "answers after the update: $(grep -c . "$ROOT/ans.new") lines, same as under release $v"
  else
    diff "$ROOT/ans.old" "$ROOT/ans.new"; fail "answers changed in the update"
  fi
  amc=$(psql -X -At -d $db -c "SELECT count(bt_index_check(c.oid, true)) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
    JOIN pg_am a ON a.oid = c.relam AND a.amname = 'btree' JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname NOT IN ('pg_catalog', 'pg_toast') AND i.indisvalid" 2>&1)
  echo "amcheck bt_index_check(heapallindexed): $amc B-tree indexes"
  [[ "$amc" =~ ^[0-9]+$ ]] && [ "$amc" -ge 10 ] || fail "amcheck: $amc"
  read -r n bad <<< "$(index_vs_seq $db)"
  echo "index scans against sequential scans: $n queries, $bad differing"
  [ "$n" -ge 8 ] && [ "$bad" = 0 ] || fail "index scans differ from sequential scans"
  read -r n bad <<< "$(hash_vs_seq $db | tr '|' ' ')"
  echo "hash index joins against sequential scans: ${n:-0} checked, ${bad:-?} differing or unused"
  [ "${n:-0}" = 2 ] && [ "$bad" = 0 ] || fail "hash index scans differ from sequential scans"

  Q -d $fresh -c "CREATE EXTENSION ocop_postgis CASCADE" >/dev/null || fail "fresh install of $CUR"
  if [ -s "$ROOT/fp.added" ]; then
    fingerprint $fresh > "$ROOT/fp.fresh"
    if [ -z "$(grep -vxF -f "$ROOT/fp.fresh" "$ROOT/fp.added")" ]; then
      echo "tables added by the update hold what a fresh $CUR install holds: $(cut -d' ' -f1 "$ROOT/fp.added" | paste -sd' ')"
    else
      grep -vxF -f "$ROOT/fp.fresh" "$ROOT/fp.added"; fail "tables added by the update differ from a fresh $CUR install"
    fi
  fi
  ext_catalog $db > "$ROOT/cat.updated"
  ext_catalog $fresh > "$ROOT/cat.fresh"
  if diff "$ROOT/cat.fresh" "$ROOT/cat.updated" > "$ROOT/cat.diff"; then
    echo "catalog after the update equals a fresh $CUR install: $(wc -l < "$ROOT/cat.fresh") objects"
  else
    cut -c1-400 "$ROOT/cat.diff"; fail "the updated catalog differs from a fresh $CUR install"
  fi
  Q -d postgres -c "DROP DATABASE $db" -c "DROP DATABASE $fresh" -c "DROP ROLE ocop_attacker"

  # ocop is trusted (the current control file says so, and it governs every
  # version): a database owner who is not a superuser installs the release,
  # plants hostile overloads among its objects and updates it himself; the
  # update script runs as the bootstrap superuser, so nothing hostile may run.
  own=own_${v//./_}
  Q -d postgres -c "DROP DATABASE IF EXISTS $own" -c "DROP ROLE IF EXISTS ocop_dbowner" \
    -c "CREATE ROLE ocop_dbowner LOGIN" -c "CREATE DATABASE $own OWNER ocop_dbowner" >/dev/null 2>&1
  if PGUSER=ocop_dbowner Q -d $own -c "CREATE EXTENSION ocop VERSION '$v'"; then
    PGUSER=ocop_dbowner Q -d $own -c "CREATE TABLE public.hijacked (fn text, by_role name DEFAULT current_user, at timestamptz DEFAULT now())" \
      -c "GRANT INSERT, SELECT ON public.hijacked TO PUBLIC"
    planted=$(hostile_plant $own ocop_dbowner public $(sort -u "$ROOT/names"))
    PGUSER=ocop_dbowner Q -d $own -c "ALTER EXTENSION ocop UPDATE" || fail "the owner's ALTER EXTENSION ocop UPDATE"
    vers=$(psql -X -At -d $own -c "SELECT extversion || ' ' || extowner::regrole FROM pg_extension WHERE extname = 'ocop'")
    hits=$(hostile_hits $own); deps=$(hostile_deps $own ocop_dbowner)
    echo "database owner's own install of $v and update under $planted hostile functions: ocop $vers; hostile calls $hits, bound $deps"
    [ "$vers" = "$CUR ocop_dbowner" ] && [ "$hits" = 0 ] && [ "$deps" = 0 ] || fail "the database owner's update"
  else
    fail "a database owner cannot install ocop $v (trusted)"
  fi
  Q -d postgres -c "DROP DATABASE $own" -c "DROP ROLE ocop_dbowner"
done <<< "$releases"
[ $status = 0 ] && echo "upgrade: pass"
exit $status
