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
#     except ocop_postgis's C function, whose code left ocop.so in 0.3.0: it
#     raises a clean error that says to run the update,
#   - the update reaches the current version and calls no hostile object,
#     and binds nothing to one,
#   - every table holds the same rows (text, and hashes of every value) and
#     the same answers come back from the functions before and after, but
#     the extensions' reference tables (members, not configuration tables),
#     which must hold what a fresh install holds (an update may carry
#     reference-data changes: doc/reference-data.md),
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
. "$TOP/test/scripts/lib/checks.sh"
PORT=${OCOP_UPGRADE_PGPORT:-54317}
ROOT=/var/tmp/ocop-upgrade-$PORT
CUR=$(sed -n "s/^default_version *= *'\(.*\)'/\1/p" "$TOP/ocop.control")
[ "$PORT" != 54329 ] && [ "$PORT" != "${PGPORT:-}" ] || { echo "OCOP_UPGRADE_PGPORT must not be the test cluster's port"; exit 2; }
releases=$(grep -vE '^\s*(#|$)' "$TOP/sql/RELEASES")
[ -n "$releases" ] || { echo "no release in sql/RELEASES"; exit 1; }
# Every release is built from this clone's own history (git archive, no
# network): a clone without a release's commit (a shallow clone) cannot run
# this test, and that is a failure, not a skip (test/README.md says what the
# clone needs).
missing=0
while read -r v commit; do
  git -C "$TOP" cat-file -e "$commit^{commit}" 2>/dev/null \
    || { echo "FAIL: release $v ($commit) is not in this clone's history; the upgrade test builds every release in sql/RELEASES from it. Fetch the full history (git fetch --unshallow, or clone without --depth)."; missing=1; }
done <<< "$releases"
[ $missing = 0 ] || exit 1

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
  user_objects $db || fail "user objects under the release"
  fingerprint $db > "$ROOT/fp.old"
  answers $db > "$ROOT/ans.old" 2>&1
  # Releases before 0.3.0 on PostgreSQL 18: ocop_to_vn2000 raises "unknown
  # province" for every province (an IMMUTABLE raiser folded at plan time;
  # 0.3.0's update makes it VOLATILE).  Reproduce that defect exactly, leave
  # the VN-2000 line out of the before/after comparisons, and check after the
  # update that it answers as a fresh install does.
  vn_defect=0
  if [ "$(psql -X -At -d $db -c 'SHOW server_version_num')" -ge 180000 ] && [ "$v" = 0.1.0 -o "$v" = 0.2.0 ]; then
    if grep -q '^ERROR:  invalid parameter for ocop_postgis: unknown province "01" for VN-2000' "$ROOT/ans.old" &&
       [ "$(grep -c '^ERROR:' "$ROOT/ans.old")" = 1 ] && ! grep -q '^vn2000|' "$ROOT/ans.old"; then
      echo "release $v on PostgreSQL 18: its known VN-2000 defect reproduced (unknown province \"01\"); fixed by the update"
      vn_defect=1
      sed -i -E '/^vn2000\|/d; /^(ERROR|HINT|CONTEXT): /d; /^SQL function "ocop_(vn2000_zone_of|to_vn2000)" statement 1$/d' "$ROOT/ans.old"
    else
      fail "release $v on PostgreSQL 18: the known VN-2000 defect was expected"
    fi
  fi
  [ "$(grep -c . "$ROOT/ans.old")" -ge 10 ] && ! grep -q ERROR "$ROOT/ans.old" || { cat "$ROOT/ans.old"; fail "answers under release $v"; }

  # The package upgrade: the current files over the release's.  The
  # release's ocop_postgis declared its C function ocop_commune_pip in
  # '$libdir/ocop'; since 0.3.0 that code is in ocop_postgis.so, and ocop.so
  # keeps an entry point that raises a clean error saying to run the update
  # (extension/ocop_moved.c).  So, until ALTER EXTENSION ocop_postgis
  # UPDATE, the geo line of the answers is exactly that error (not a crash,
  # not "could not find function"), the session goes on, and every other
  # line is the release's answer.
  make -s -C "$TOP" PG_CONFIG="$PGC" install >/dev/null || { fail "install of the current build"; continue; }
  answers $db > "$ROOT/ans.mid" 2>&1
  moved_err='ERROR:  function ocop_commune_pip is no longer in the library of ocop: it moved to the library of ocop_postgis'
  moved_hint='HINT:  Run ALTER EXTENSION ocop_postgis UPDATE in this database.'
  if [ "$(grep -cxF "$moved_err" "$ROOT/ans.mid")" = 1 ] && grep -qxF "$moved_hint" "$ROOT/ans.mid" && ! grep -q '^geo|' "$ROOT/ans.mid"; then
    echo "release $v ocop_commune_at with the current library, before the update: the clean error ($moved_hint)"
  else
    grep -E '^(geo\||ERROR|DETAIL|HINT)' "$ROOT/ans.mid"; fail "release $v ocop_commune_at before the update: not the clean \"moved\" error"
  fi
  grep -v '^geo|' "$ROOT/ans.old" > "$ROOT/ans.old.nogeo"
  grep -vxF -e "$moved_err" -e "$moved_hint" "$ROOT/ans.mid" \
    | grep -vE '^DETAIL:  This database.s ocop_postgis extension predates version 0\.3\.0|^CONTEXT:  SQL function "ocop_commune_at"' > "$ROOT/ans.mid.nogeo"
  mv "$ROOT/ans.mid.nogeo" "$ROOT/ans.mid"
  [ $vn_defect = 0 ] || sed -i -E '/^vn2000\|/d; /^(ERROR|HINT|CONTEXT): /d; /^SQL function "ocop_(vn2000_zone_of|to_vn2000)" statement 1$/d' "$ROOT/ans.mid"
  if diff "$ROOT/ans.old.nogeo" "$ROOT/ans.mid" >/dev/null; then
    echo "release $v SQL with the current library: same answers (geo apart: the error above)"
  else
    diff "$ROOT/ans.old.nogeo" "$ROOT/ans.mid"; fail "release $v SQL with the current library answers differently"
  fi

  # A fresh install of the current version (compared with the updated
  # catalog below); the operators it creates on two values of one type are
  # not planted: a hostile operator with the same name and types in the
  # extension's schema only makes the update fail ("operator = already
  # exists"), it cannot be called instead of ours.
  Q -d $fresh -c "CREATE EXTENSION ocop_postgis CASCADE" >/dev/null || fail "fresh install of $CUR"
  psql -X -At -d $fresh -c "SELECT 'operator ' || o.oprname || '(' || format_type(o.oprleft, NULL) || ')'
    FROM pg_operator o JOIN pg_depend d ON d.classid = 'pg_operator'::regclass AND d.objid = o.oid AND d.deptype = 'e'
    JOIN pg_extension e ON e.oid = d.refobjid AND e.extname LIKE 'ocop%' WHERE o.oprleft = o.oprright" > "$ROOT/skip.ops"
  # Likewise the functions the update creates: a hostile ocop_to_vn2000(geometry)
  # planted before the update only makes the CREATE FUNCTION of 0.3.0's point
  # form fail ("already exists"); it cannot be called instead of ours.  (The
  # signatures that exist already cannot be planted anyway.)
  hostile_signatures $fresh >> "$ROOT/skip.ops"
  hostile_setup $db
  hostile_names $db "$TOP"/sql/*--*--*.sql "$TOP"/sql/ocop.sql "$TOP"/sql/features/*.sql "$TOP"/ocop_postgis/sql/ocop_postgis.sql "$TOP"/ocop_postgis/sql/ocop_postgis--*--*.sql > "$ROOT/names"
  echo "lower upper length format now" | tr ' ' '\n' >> "$ROOT/names"
  planted=$(HOSTILE_SKIP="$ROOT/skip.ops" hostile_plant $db ocop_attacker public $(sort -u "$ROOT/names"))
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

  # Tables that existed before the update keep their contents, but for the
  # extensions' reference tables (members that are not configuration tables):
  # an update script may change their data (doc/reference-data.md, "Updating
  # reference data"), and they must hold what a fresh install holds, row for
  # row (the administrative units and their successions included).  A table
  # the update adds (new reference data of the extension) must be an
  # extension member and hold what a fresh install holds (checked below).
  fingerprint $db > "$ROOT/fp.new"
  fingerprint $fresh > "$ROOT/fp.fresh"
  psql -X -At -d $db -c "SELECT d.objid::regclass::text FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
      JOIN pg_class c ON c.oid = d.objid
      WHERE d.classid = 'pg_class'::regclass AND d.deptype = 'e' AND e.extname LIKE 'ocop%' AND c.relkind IN ('r', 'p')
        AND NOT (d.objid = ANY (coalesce(e.extconfig, '{}')))" | sort > "$ROOT/ref.tables"
  grep -q . "$ROOT/ref.tables" || fail "no reference table found among the extensions' members"
  awk 'NR == FNR { old[$1] = 1; next } ($1 in old)' "$ROOT/fp.old" "$ROOT/fp.new" > "$ROOT/fp.kept"
  awk 'NR == FNR { old[$1] = 1; next } !($1 in old)' "$ROOT/fp.old" "$ROOT/fp.new" > "$ROOT/fp.added"
  awk 'NR == FNR { ref[$1] = 1; next } !($1 in ref)' "$ROOT/ref.tables" "$ROOT/fp.old" > "$ROOT/fp.old.user"
  awk 'NR == FNR { ref[$1] = 1; next } !($1 in ref)' "$ROOT/ref.tables" "$ROOT/fp.kept" > "$ROOT/fp.kept.user"
  awk 'NR == FNR { ref[$1] = 1; next } ($1 in ref)' "$ROOT/ref.tables" "$ROOT/fp.kept" > "$ROOT/fp.kept.ref"
  if diff "$ROOT/fp.old.user" "$ROOT/fp.kept.user" >/dev/null; then
    echo "tables after the update: $(grep -c ' ' "$ROOT/fp.kept.user") identical ($(awk 'NF == 3 {s += $2} END {print s}' "$ROOT/fp.kept.user") rows), $(grep -c ' ' "$ROOT/fp.added") added by the update"
  else
    diff "$ROOT/fp.old.user" "$ROOT/fp.kept.user"; fail "table contents changed in the update"
  fi
  if [ -s "$ROOT/fp.kept.ref" ] && [ -z "$(grep -vxF -f "$ROOT/fp.fresh" "$ROOT/fp.kept.ref")" ]; then
    changed=$(grep -vxF -f "$ROOT/fp.old" "$ROOT/fp.kept.ref" | cut -d' ' -f1 | paste -sd' ')
    echo "reference tables after the update: $(grep -c ' ' "$ROOT/fp.kept.ref") hold what a fresh $CUR install holds ($(awk 'NF == 3 {s += $2} END {print s}' "$ROOT/fp.kept.ref") rows); changed by the update: ${changed:-none}"
  else
    grep -vxF -f "$ROOT/fp.fresh" "$ROOT/fp.kept.ref"; fail "reference tables after the update differ from a fresh $CUR install"
  fi
  if [ -s "$ROOT/fp.added" ]; then
    added=$(cut -d' ' -f1 "$ROOT/fp.added" | paste -sd,)
    members=$(psql -X -At -d $db -c "SELECT count(*) FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
      WHERE d.classid = 'pg_class'::regclass AND d.deptype = 'e' AND e.extname LIKE 'ocop%'
        AND d.objid::regclass::text = ANY (string_to_array('$added', ','))")
    [ "$members" = "$(grep -c ' ' "$ROOT/fp.added")" ] || fail "tables added by the update that are not the extension's: $added"
  fi
  answers $db > "$ROOT/ans.new" 2>&1
  if [ $vn_defect = 1 ]; then
    grep '^vn2000|' "$ROOT/ans.new" > "$ROOT/vn.new"; sed -i '/^vn2000|/d' "$ROOT/ans.new"
  fi
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
  echo "index scans against sequential scans: $n queries, $bad differing or not by the named index"
  [ "$n" -ge 8 ] && [ "$bad" = 0 ] || fail "index scans differ from sequential scans, or are not answered by the named index"
  read -r n bad <<< "$(hash_vs_seq $db | tr '|' ' ')"
  echo "hash index joins against sequential scans: ${n:-0} checked, ${bad:-?} differing or unused"
  [ "${n:-0}" = 2 ] && [ "$bad" = 0 ] || fail "hash index scans differ from sequential scans"

  if [ $vn_defect = 1 ]; then
    if [ -s "$ROOT/vn.new" ] && [ "$(vn2000_answer $fresh)" = "$(cat "$ROOT/vn.new")" ]; then
      echo "ocop_to_vn2000 after the update answers as a fresh $CUR install: $(cat "$ROOT/vn.new")"
    else
      fail "ocop_to_vn2000 after the update: [$(cat "$ROOT/vn.new")], fresh install: [$(vn2000_answer $fresh)]"
    fi
  fi
  if [ -s "$ROOT/fp.added" ]; then
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
    planted=$(HOSTILE_SKIP="$ROOT/skip.ops" hostile_plant $own ocop_dbowner public $(sort -u "$ROOT/names"))
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
