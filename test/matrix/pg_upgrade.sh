#!/usr/bin/env bash
# pg_upgrade across PostgreSQL majors (issue 14), run by scripts/matrix inside
# a Debian root that has both servers:
#
#   bash test/matrix/pg_upgrade.sh OLD NEW        e.g. 15 17
#
# 1. builds and installs this checkout for OLD and for NEW (in scratch copies
#    of the tree, with each major's pg_config);
# 2. a cluster of OLD holds a database with every ocop type in tables
#    (test/fixtures/all_types.sql): B-tree, hash and GIN indexes, a table
#    hash-partitioned by ocop_code, user objects that depend on the
#    extensions (expression index, view, generated column, check constraint),
#    and ocop_postgis objects (villages, a table of points with a GiST index
#    and the commune each lies in);
# 3. pg_upgrade --check, then pg_upgrade, to a new cluster of NEW;
# 4. on NEW: every table reads back the same rows (count and md5 of the sorted
#    rows' text), the functions give the same answers (hash values included),
#    amcheck's bt_index_check(heapallindexed) passes on every B-tree index,
#    index scans (B-tree, hash, GIN, GiST) return what sequential scans do,
#    and every row of the partitioned table is found again through partition
#    pruning on its key (a hash value that moved would send the lookup to the
#    other partition).
# Ends with "N passed, M failed".  Needs root (initdb runs as postgres).
set -uo pipefail
OLD=${1:?usage: pg_upgrade.sh OLD NEW}
NEW=${2:?usage: pg_upgrade.sh OLD NEW}
TOP=$(cd "$(dirname "$0")/../.." && pwd)
. "$TOP/test/scripts/lib/db.sh"
. "$TOP/test/scripts/lib/checks.sh"

OLDBIN=/usr/lib/postgresql/$OLD/bin
NEWBIN=/usr/lib/postgresql/$NEW/bin
WORK=/var/tmp/ocop-pg-upgrade-$OLD-$NEW
OLDPORT=${OCOP_PGUPGRADE_OLDPORT:-50432}
NEWPORT=${OCOP_PGUPGRADE_NEWPORT:-50433}

passed=0; failed=0; failures=()
check() {  # check name command...: run it, record pass or fail
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "ok   $name"
  else failed=$((failed + 1)); failures+=("$name"); echo "FAIL $name"; fi
}
finish() {
  echo
  [ $failed -eq 0 ] || printf 'failed: %s\n' "${failures[@]}"
  echo "$passed passed, $failed failed"
  [ $failed -eq 0 ]; exit $?
}
as_pg() { runuser -u postgres -- "$@"; }
stop_all() {
  for d in "$WORK/old" "$WORK/new"; do
    [ -f "$d/postmaster.pid" ] && as_pg "$OLDBIN/pg_ctl" -D "$d" -m fast -w stop >/dev/null 2>&1
    [ -f "$d/postmaster.pid" ] && as_pg "$NEWBIN/pg_ctl" -D "$d" -m fast -w stop >/dev/null 2>&1
  done
  return 0
}
trap 'stop_all; [ "${OCOP_PGUPGRADE_KEEP:-0}" = 1 ] || rm -rf "$WORK"' EXIT

for b in "$OLDBIN" "$NEWBIN"; do
  [ -x "$b/postgres" ] || { echo "no server in $b"; check "servers $OLD and $NEW installed" false; finish; }
done

echo "== build and install for PostgreSQL $OLD and $NEW"
rm -rf "$WORK"; mkdir -p "$WORK"; chmod 755 "$WORK"
for v in "$OLD" "$NEW"; do
  mkdir -p "$WORK/src-$v"
  (cd "$TOP" && git archive HEAD | tar -x -C "$WORK/src-$v") || cp -a "$TOP/." "$WORK/src-$v/"
  check "build and install for PostgreSQL $v" bash -c \
    "make -s -C '$WORK/src-$v' PG_CONFIG=/usr/lib/postgresql/$v/bin/pg_config >'$WORK/build-$v.log' 2>&1 &&
     make -s -C '$WORK/src-$v' PG_CONFIG=/usr/lib/postgresql/$v/bin/pg_config install >>'$WORK/build-$v.log' 2>&1 ||
     { tail -20 '$WORK/build-$v.log'; exit 1; }"
done
[ $failed -eq 0 ] || finish

init_cluster() {  # init_cluster BINDIR DATADIR PORT
  install -d -o postgres "$2" "$WORK/run"
  # Data checksums on both sides: initdb of 18 enables them by default, and
  # pg_upgrade needs the same setting in the old and new clusters.
  as_pg "$1/initdb" -D "$2" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 --data-checksums >/dev/null || return 1
  cat >>"$2/postgresql.conf" <<CONF
port = $3
listen_addresses = ''
unix_socket_directories = '$WORK/run'
CONF
}
# Server logs go where postgres can write: the socket folder.
start() { as_pg "$1/pg_ctl" -D "$2" -l "$WORK/run/$(basename "$2").log" -w -t 60 start >/dev/null ||
            { tail -20 "$WORK/run/$(basename "$2").log"; return 1; }; }
export PGHOST=$WORK/run PGUSER=postgres
DB=ocop_pgupgrade

echo "== PostgreSQL $OLD: the database"
check "initdb $OLD" init_cluster "$OLDBIN" "$WORK/old" "$OLDPORT"
check "start $OLD" start "$OLDBIN" "$WORK/old"
export PGPORT=$OLDPORT
Q() { "$OLDBIN/psql" -X -q -v ON_ERROR_STOP=1 "$@"; }
fixtures() {
  Q -d postgres -c "CREATE DATABASE $DB" &&
  Q -d $DB -c 'CREATE EXTENSION amcheck' -c 'CREATE EXTENSION ocop' -c 'CREATE EXTENSION ocop_postgis CASCADE' >/dev/null &&
  (cd "$TOP" && Q -d $DB -f test/fixtures/all_types.sql >/dev/null)
}
check "extensions and fixtures on $OLD" fixtures
check "user objects on $OLD" user_objects $DB
# ocop_postgis objects: points in communes, with a GiST index.
check "ocop_postgis objects on $OLD" Q -d $DB -c "
  CREATE TABLE up_points AS
    SELECT g AS id, ST_SetSRID(ST_MakePoint(105.70 + (g % 60) / 100.0, 20.85 + (g / 60) / 100.0), 4326) AS geom
    FROM generate_series(0, 2399) g;
  ALTER TABLE up_points ADD PRIMARY KEY (id);
  ALTER TABLE up_points ADD COLUMN commune text;
  UPDATE up_points SET commune = ocop_commune_at(geom);
  CREATE INDEX up_points_geom_idx ON up_points USING gist (geom);
  ANALYZE;"
# Which partition holds each row, before.
partition_map() {
  psql -X -At -d "$DB" -c "SELECT md5(string_agg(tableoid::regclass || ' ' || code, E'\n' ORDER BY code::text)), count(*)
                          FROM rt_code_parts"
}
fingerprint $DB >"$WORK/fp.old"
answers $DB >"$WORK/ans.old" 2>&1
partition_map >"$WORK/parts.old"
geo_answers() {
  psql -X -At -d "$DB" -c "SELECT count(*), count(commune), count(DISTINCT commune),
      md5(string_agg(id || ' ' || coalesce(commune, '-') || ' ' || coalesce(ocop_commune_at(geom), '-'), E'\n' ORDER BY id))
      FROM up_points"
}
geo_answers >"$WORK/geo.old"
check "answers under $OLD ($(grep -c . "$WORK/ans.old") lines, no error)" \
  bash -c "[ \$(grep -c . '$WORK/ans.old') -ge 10 ] && ! grep -q ERROR '$WORK/ans.old'"
check "points in communes under $OLD: $(cat "$WORK/geo.old" | cut -d'|' -f1-3)" \
  bash -c "IFS='|' read -r n c d _ < '$WORK/geo.old'; [ \"\$n\" = 2400 ] && [ \"\$c\" -gt 500 ] && [ \"\$d\" -gt 20 ]"
as_pg "$OLDBIN/pg_ctl" -D "$WORK/old" -m fast -w stop >/dev/null

echo "== pg_upgrade $OLD -> $NEW"
check "initdb $NEW" init_cluster "$NEWBIN" "$WORK/new" "$NEWPORT"
# pg_upgrade writes its logs into the current folder: one postgres can write.
install -d -o postgres "$WORK/upgrade"
upgrade() {
  (cd "$WORK/upgrade" && as_pg "$NEWBIN/pg_upgrade" -b "$OLDBIN" -B "$NEWBIN" -d "$WORK/old" -D "$WORK/new" \
     -p "$OLDPORT" -P "$NEWPORT" -s "$WORK/run" "$@") >"$WORK/upgrade.log" 2>&1 || { tail -30 "$WORK/upgrade.log"; return 1; }
}
check "pg_upgrade --check" upgrade --check
check "pg_upgrade" upgrade
[ $failed -eq 0 ] || finish
check "start $NEW" start "$NEWBIN" "$WORK/new"
export PGPORT=$NEWPORT
# PostGIS of NEW may be a later version: its own update, as its docs ask
# after pg_upgrade.  ocop's version is the same on both sides.
"$NEWBIN/psql" -X -q -d $DB -c "ALTER EXTENSION postgis UPDATE" >/dev/null 2>&1
# pg_upgrade's own advice: gather optimizer statistics (18 carries most of
# them over, but not PostGIS's; its estimator then prints a NOTICE).
"$NEWBIN/vacuumdb" --all --analyze-only --quiet
vers=$("$NEWBIN/psql" -X -At -d $DB -c "SELECT string_agg(extname || ' ' || extversion, ', ' ORDER BY extname) FROM pg_extension")
echo "extensions on $NEW: $vers"
check "server is $NEW" bash -c "[ \"\$('$NEWBIN/psql' -X -At -d $DB -c 'SHOW server_version_num' | cut -c1-2)\" = '$NEW' ]"

echo "== PostgreSQL $NEW: the same database"
fingerprint $DB >"$WORK/fp.new"
check "every table reads back the same rows ($(grep -c ' ' "$WORK/fp.new") tables, $(awk 'NF == 3 {s += $2} END {print s}' "$WORK/fp.new") rows)" \
  bash -c "diff '$WORK/fp.old' '$WORK/fp.new'"
answers $DB >"$WORK/ans.new" 2>&1
check "the functions give the same answers (hash values included)" diff "$WORK/ans.old" "$WORK/ans.new"
geo_answers >"$WORK/geo.new"
check "ocop_postgis: the same commune for every point" diff "$WORK/geo.old" "$WORK/geo.new"
partition_map >"$WORK/parts.new"
check "every row of the hash-partitioned table is in the same partition" diff "$WORK/parts.old" "$WORK/parts.new"
# Partition pruning on each key: the lookup goes to the partition the hash
# of the value names today; the row must be there.
pruned=$(psql -X -At -d $DB -c "SET client_min_messages = notice" 2>&1 -f - <<'SQL' | sed -n 's/.*pruned \([0-9]*\) \([0-9]*\).*/\1 \2/p'
DO $$ DECLARE r record; n int; missing int := 0; total int := 0; BEGIN
  FOR r IN SELECT code FROM rt_code_parts LOOP
    EXECUTE format('SELECT count(*) FROM rt_code_parts WHERE code = %L::ocop_code', r.code::text) INTO n;
    total := total + 1;
    IF n = 0 THEN missing := missing + 1; END IF;
  END LOOP;
  RAISE NOTICE 'pruned % %', total, missing;
END $$;
SQL
)
read -r ptotal pmissing <<<"$pruned"
check "partition pruning finds every row ($ptotal looked up, ${pmissing:-?} missing)" \
  bash -c "[ '${ptotal:-0}' -ge 4000 ] && [ '${pmissing:-1}' = 0 ]"
plan1=$(psql -X -At -d $DB -c "EXPLAIN SELECT * FROM rt_code_parts WHERE code = '$(psql -X -At -d $DB -c 'SELECT code FROM rt_code WHERE id = 1')'")
check "a lookup by key scans one partition" bash -c "[ \$(grep -c 'rt_code_parts_[01]' <<<'$plan1') = 1 ]"
amc=$(psql -X -At -d $DB -c "SELECT count(bt_index_check(c.oid, true)) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
    JOIN pg_am a ON a.oid = c.relam AND a.amname = 'btree' JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname NOT IN ('pg_catalog', 'pg_toast') AND i.indisvalid" 2>&1)
nbt=$(psql -X -At -d $DB -c "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
    JOIN pg_am a ON a.oid = c.relam AND a.amname = 'btree' JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname NOT IN ('pg_catalog', 'pg_toast')")
check "amcheck bt_index_check(heapallindexed) on every B-tree index ($amc of $nbt)" \
  bash -c "[[ '$amc' =~ ^[0-9]+$ ]] && [ '$amc' = '$nbt' ] && [ '$amc' -ge 10 ]"
read -r n bad <<<"$(index_vs_seq $DB)"
check "index scans equal sequential scans ($n queries)" bash -c "[ '${n:-0}' -ge 8 ] && [ '$bad' = 0 ]"
read -r n bad <<<"$(hash_vs_seq $DB | tr '|' ' ')"
check "hash index joins equal sequential scans ($n checked)" bash -c "[ '${n:-0}' = 2 ] && [ '$bad' = 0 ]"
gist=$(psql -X -At -q -d $DB -c "SET enable_seqscan = off" -c "SET enable_bitmapscan = off" \
  -c "SELECT count(*) FROM up_points WHERE geom && ST_MakeEnvelope(105.8, 21.0, 105.9, 21.1, 4326)")
seq=$(psql -X -At -q -d $DB -c "SET enable_indexscan = off" -c "SET enable_bitmapscan = off" \
  -c "SELECT count(*) FROM up_points WHERE geom && ST_MakeEnvelope(105.8, 21.0, 105.9, 21.1, 4326)")
check "GiST index scan equals sequential scan on up_points ($gist rows)" bash -c "[ '$gist' = '$seq' ] && [ '${gist:-0}' -gt 0 ]"
finish
