#!/usr/bin/env bash
# Search-path hijacking (in the spirit of the contrib/seg and cube tests) and
# the trusted install.  Hostile overloads (test/scripts/lib/hostile.sh) log
# every call; the test passes when none is ever called and no object of the
# extensions is bound to one.
#   A. An unprivileged role plants overloads of every built-in and PostGIS
#      function the install scripts and bodies call, and operators, in public;
#      a superuser then creates ocop and ocop_postgis there (PostGIS was
#      already installed) and every regression test file runs with public on
#      the search_path.
#   B. The role then plants overloads of the extensions' own function names
#      and operators on their types beside them; calls of every function whose
#      body calls others, with exactly typed arguments, reach none.
#   C. ocop is trusted: a database owner who is not a superuser plants the
#      same overloads in the database's public schema, then installs ocop
#      himself (the script runs as the bootstrap superuser).  Nothing hostile
#      runs, the objects belong to the superuser, and the owner cannot edit
#      the reference tables.
# ALTER EXTENSION ... UPDATE under planted overloads: test/scripts/upgrade.sh.
set -uo pipefail
TOP=${OCOP_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$TOP/test/scripts/lib/hostile.sh"
db=ocop_security
tdb=ocop_trusted
scan=ocop_security_scan
Q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
work=$(mktemp -d)
chmod 755 "$work"
trap 'rm -rf "$work"' EXIT
status=0
fail() { echo "FAIL: $*"; status=1; }
# workload NAME FILE [psql args...]: runs FILE with psql (errors inside are
# part of the workload and do not stop it), but the run itself must end well:
# exit 0 (a lost connection, a crashed backend or an unreadable file is not
# exit 0), no FATAL or PANIC, no \i that failed, and some output.
workload() {
  local name=$1 file=$2; shift 2
  local rc=0
  psql -X -q "$@" -f "$file" >"$work/wl.out" 2>"$work/wl.err" || rc=$?
  if [ $rc != 0 ] || grep -qE 'FATAL|PANIC|server closed the connection|connection to server|No such file' "$work/wl.err" \
     || [ ! -s "$work/wl.out" ]; then
    fail "$name: psql exit $rc, $(grep -cE 'FATAL|PANIC|server closed|connection to server|No such file' "$work/wl.err") fatal lines, $(wc -l < "$work/wl.out") output lines"
    grep -E 'FATAL|PANIC|server closed|connection to server|No such file' "$work/wl.err" | head -3
  fi
}
# planted_names DB ROLE NAMESFILE: how many of the names ROLE planted at least one function for.
planted_names() {
  psql -X -At -d "$1" -c "SELECT pg_catalog.count(DISTINCT proname) FROM pg_proc WHERE proowner = '$2'::regrole
    AND proname = ANY (string_to_array('$(tr '\n' ' ' < "$3" | sed 's/ *$//')', ' '))"
}

Q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "DROP DATABASE IF EXISTS $tdb" -c "DROP DATABASE IF EXISTS $scan" \
  -c "DROP ROLE IF EXISTS ocop_attacker" -c "DROP ROLE IF EXISTS ocop_dbowner" \
  -c "CREATE ROLE ocop_attacker LOGIN" -c "CREATE ROLE ocop_dbowner LOGIN" \
  -c "CREATE DATABASE $db" -c "CREATE DATABASE $scan" -c "CREATE DATABASE $tdb OWNER ocop_dbowner" 2>/dev/null || exit 1

# What to plant: names read from the install and update scripts and from the
# bodies of the installed functions (scratch database).
PGOPTIONS="-c client_min_messages=warning" Q -d $scan -c "CREATE EXTENSION ocop" -c "CREATE EXTENSION ocop_postgis CASCADE" >/dev/null \
  || { echo "FAIL: CREATE EXTENSION ocop, ocop_postgis"; exit 1; }
sqlfiles=("$TOP"/sql/ocop.sql "$TOP"/sql/features/*.sql "$TOP"/ocop_postgis/sql/ocop_postgis.sql "$TOP"/sql/*--*--*.sql "$TOP"/ocop_postgis/sql/*--*--*.sql)
hostile_names $scan "${sqlfiles[@]}" > "$work/names"
hostile_signatures $scan > "$work/ours.sig"
psql -X -At -d $scan -c "SELECT DISTINCT p.proname FROM pg_proc p JOIN pg_depend d ON d.classid = 'pg_proc'::regclass
  AND d.objid = p.oid AND d.deptype = 'e' JOIN pg_extension e ON e.oid = d.refobjid AND e.extname LIKE 'ocop%' ORDER BY 1" > "$work/own"
Q -d postgres -c "DROP DATABASE $scan"
{ cat "$work/names"; echo "lower upper length substr format hashint8 hashint4 btequalimage jsonb_build_object now" | tr ' ' '\n'; } \
  | sort -u | grep -vxF -f "$work/own" > "$work/other"
echo "names to plant: $(wc -l < "$work/other") built-in and PostGIS, $(wc -l < "$work/own") of our own"

# --- A -----------------------------------------------------------------------
Q -d $db -c "GRANT CREATE, USAGE ON SCHEMA public TO PUBLIC" -c "CREATE EXTENSION postgis" >/dev/null || fail "CREATE EXTENSION postgis"
hostile_setup $db
planted=$(hostile_plant $db ocop_attacker public $(cat "$work/other"))
echo "A: hostile functions planted in public: $planted"
[ "$planted" -gt 500 ] || fail "too few hostile functions planted"
planted_a=$planted
n=$(planted_names $db ocop_attacker "$work/other")
echo "A: names with a hostile overload: $n of $(wc -l < "$work/other")"
[ "$n" = "$(wc -l < "$work/other")" ] || fail "A: some names have no hostile overload"
Q -d $db -c "CREATE EXTENSION ocop" || fail "CREATE EXTENSION ocop"
Q -d $db -c "CREATE EXTENSION ocop_postgis" || fail "CREATE EXTENSION ocop_postgis"
hits=$(hostile_hits $db)
echo "A: hostile calls during CREATE EXTENSION: $hits"
[ "$hits" = 0 ] || fail "CREATE EXTENSION called a hostile object"
cd "$TOP"   # the test files include test/sql/include/outcome.sql and write into test/results/
mkdir -p test/results
for f in "$TOP"/test/sql/*.sql; do
  PGOPTIONS="-c search_path=public" workload "A: $(basename "$f")" "$f" -d $db
done
# ocop_postgis's suites, from their own tree (where pg_regress runs them: they
# include ../test/sql/include/outcome.sql and test/sql/include/*.sql).
cd "$TOP/ocop_postgis"
mkdir -p test/results
for f in "$TOP"/ocop_postgis/test/sql/*.sql; do
  PGOPTIONS="-c search_path=public" workload "A: ocop_postgis/$(basename "$f")" "$f" -d $db
done
cd "$TOP"
hits=$(hostile_hits $db); deps=$(hostile_deps $db ocop_attacker)
echo "A: hostile calls during the regression workload: $hits; extension objects bound to hostile objects: $deps"
[ "$hits" = 0 ] || fail "the workload called a hostile object"
[ "$deps" = 0 ] || fail "extension objects depend on hostile objects"

# --- B -----------------------------------------------------------------------
planted=$(hostile_plant $db ocop_attacker public $(cat "$work/own"))
echo "B: hostile functions in public after planting our own names: $planted"
n=$(planted_names $db ocop_attacker "$work/own")
echo "B: our own names with a hostile overload: $n of $(wc -l < "$work/own")"
[ "$n" = "$(wc -l < "$work/own")" ] && [ "$planted" -gt $((planted_a + 3 * $(wc -l < "$work/own"))) ] \
  || fail "B: planted $((planted - planted_a)) more functions for $n of $(wc -l < "$work/own") names"
PGOPTIONS="-c search_path=public" workload "B: typed calls" "$TOP/test/scripts/lib/typed_calls.sql" -d $db
hits=$(hostile_hits $db)
echo "B: hostile calls from the extensions' functions: $hits"
[ "$hits" = 0 ] || fail "an extension function called a hostile overload of our own names"

# --- C -----------------------------------------------------------------------
trusted=$(psql -X -At -d postgres -c "SELECT trusted FROM pg_available_extension_versions WHERE name = 'ocop' AND version = (SELECT default_version FROM pg_available_extensions WHERE name = 'ocop')")
if [ "$trusted" = t ]; then
  as_owner() { PGUSER=ocop_dbowner psql -X -q -v ON_ERROR_STOP=1 -d $tdb "$@"; }
  as_owner -c "CREATE TABLE public.hijacked (fn text, by_role name DEFAULT current_user, at timestamptz DEFAULT now())" \
    -c "GRANT INSERT, SELECT ON public.hijacked TO PUBLIC" || fail "owner set-up"
  HOSTILE_SKIP="$work/ours.sig" hostile_plant $tdb ocop_dbowner public $(cat "$work/other" "$work/own") > "$work/n"
  echo "C: hostile functions the database owner planted in public: $(cat "$work/n")"
  as_owner -c "CREATE EXTENSION ocop" || fail "a database owner cannot install the trusted extension"
  hits=$(hostile_hits $tdb); deps=$(hostile_deps $tdb ocop_dbowner)
  echo "C: hostile calls during the owner's CREATE EXTENSION: $hits; bound: $deps"
  [ "$hits" = 0 ] || fail "the trusted install called a hostile object (as superuser)"
  [ "$deps" = 0 ] || fail "extension objects depend on the owner's objects"
  owners=$(psql -X -At -d $tdb <<'SQL'
SELECT (SELECT extowner::regrole FROM pg_extension WHERE extname = 'ocop') || ' ' ||
       (SELECT count(*) FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'ocop'
         LEFT JOIN pg_proc p ON d.classid = 'pg_proc'::regclass AND p.oid = d.objid
         LEFT JOIN pg_class c ON d.classid = 'pg_class'::regclass AND c.oid = d.objid
         LEFT JOIN pg_type t ON d.classid = 'pg_type'::regclass AND t.oid = d.objid
        WHERE d.deptype = 'e' AND 'ocop_dbowner'::regrole IN (p.proowner, c.relowner, t.typowner))
SQL
)
  echo "C: extension owner and member objects owned by the database owner: $owners"
  [ "$owners" = "ocop_dbowner 0" ] || fail "ownership after a trusted install"
  if as_owner -c "INSERT INTO ocop_ranking_band SELECT * FROM ocop_ranking_band LIMIT 1" 2>"$work/err"; then
    fail "the database owner could edit a rule table"
  else
    grep -q "permission denied" "$work/err" || fail "unexpected error editing a rule table: $(cat "$work/err")"
  fi
  PGUSER=ocop_dbowner PGOPTIONS="-c search_path=public" workload "C: typed calls" "$TOP/test/scripts/lib/typed_calls.sql" -d $tdb
  hits=$(hostile_hits $tdb)
  echo "C: hostile calls from the owner's session: $hits; typed calls answered: $(grep -c . "$work/wl.out") lines"
  [ "$hits" = 0 ] || fail "hostile call in the owner's session"
else
  fail "C: ocop is not marked trusted (README, Security, says it is)"
fi

Q -d postgres -c "DROP DATABASE $db" -c "DROP DATABASE $tdb" -c "DROP ROLE ocop_attacker" -c "DROP ROLE ocop_dbowner"
[ $status = 0 ] && echo "security: pass"
exit $status
