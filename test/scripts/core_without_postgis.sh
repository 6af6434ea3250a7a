#!/usr/bin/env bash
# The core extension needs no PostGIS (issue 19 part 3).  In a private copy of
# PostgreSQL (scripts/pg-copy) with every PostGIS file removed, the tree
# builds and installs, the core's pg_regress suites (the Makefile's REGRESS,
# `make core-installcheck`) all pass, and CREATE EXTENSION ocop_postgis fails
# cleanly, naming postgis, with the session still usable.  ocop_postgis's own
# suites (ocop_postgis/Makefile) are the ones that need PostGIS.
# Own cluster: port OCOP_NOGIS_PGPORT (default 54325), folder
# /var/tmp/ocop-nogis-<port>, removed at the end.
set -uo pipefail
TOP=${OCOP_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
PORT=${OCOP_NOGIS_PGPORT:-54325}
ROOT=/var/tmp/ocop-nogis-$PORT
[ "$PORT" != 54329 ] && [ "$PORT" != "${PGPORT:-}" ] || { echo "OCOP_NOGIS_PGPORT must not be the test cluster's port"; exit 2; }
status=0
fail() { echo "FAIL: $*"; status=1; }
cluster() { OCOP_PGPORT=$PORT OCOP_PGROOT=$ROOT/cluster PG_CONFIG=$PGC bash "$TOP/scripts/cluster" "$@"; }
cleanup() {
  [ -n "${PGC:-}" ] && cluster stop >/dev/null 2>&1
  rm -rf "$ROOT"
}
trap cleanup EXIT
rm -rf "$ROOT"; mkdir -p "$ROOT"; chmod 755 "$ROOT"
PGC=$(bash "$TOP/scripts/pg-copy" "$ROOT/pg") || { echo "FAIL: private PostgreSQL copy"; exit 1; }
find "$("$PGC" --pkglibdir)" "$("$PGC" --sharedir)" -iname '*postgis*' -prune -exec rm -rf {} +
left=$(find "$("$PGC" --pkglibdir)" "$("$PGC" --sharedir)" -iname '*postgis*' | wc -l)
echo "PostGIS files left in the copy: $left"
[ "$left" = 0 ] || fail "PostGIS files left in the copy"
if ! make -s -C "$TOP" PG_CONFIG="$PGC" install >"$ROOT/build.log" 2>&1; then
  tail -20 "$ROOT/build.log"; fail "build and install without PostGIS"; exit 1
fi
cluster start >/dev/null || { echo "FAIL: cluster did not start"; exit 1; }
eval "$(cluster env)"
export PGHOST PGPORT PGUSER
n=$(psql -X -At -d postgres -c "SELECT count(*) FROM pg_available_extensions WHERE name LIKE 'postgis%'")
echo "PostGIS extensions available to the server: $n"
[ "$n" = 0 ] || fail "PostGIS is available to the server"

make -s -C "$TOP" PG_CONFIG="$PGC" core-installcheck >"$ROOT/installcheck.log" 2>&1
rc=$?
suites=$(make -s --no-print-directory -C "$TOP" PG_CONFIG="$PGC" core-regress-list | wc -l)
ok=$(sed -n -E 's/^(test +)?([A-Za-z0-9_]+) +\.\.\. ok.*/\2/p; s/^ok +[0-9]+ +[-+] +([A-Za-z0-9_]+).*/\1/p' "$ROOT/installcheck.log" | wc -l)
echo "the core's suites without PostGIS: $ok of $suites passed (pg_regress exit $rc)"
if [ $rc != 0 ] || [ "$ok" != "$suites" ] || [ "$suites" -lt 10 ]; then
  cat "$ROOT/installcheck.log"; [ -f "$TOP/test/regression.diffs" ] && head -100 "$TOP/test/regression.diffs"
  fail "the core's suites without PostGIS"
fi

out=$(psql -X -At -d postgres -c "CREATE EXTENSION ocop" -c "CREATE EXTENSION ocop_postgis CASCADE" 2>&1; psql -X -At -d postgres -c "SELECT 'alive'")
echo "$out"
grep -q '^ERROR: .*postgis' <<< "$out" && grep -qx 'alive' <<< "$out" \
  || fail "CREATE EXTENSION ocop_postgis without PostGIS: not a clean error naming postgis"
[ $status = 0 ] && echo "core_without_postgis: pass"
exit $status
