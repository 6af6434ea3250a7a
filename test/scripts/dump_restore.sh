#!/usr/bin/env bash
# Nothing lost: a database holding every ocop type, the extensions' reference
# tables and user data survives pg_dump/pg_restore (custom format), and text
# and binary COPY out and in; every row and value is compared.
# The totals are asserted (test/README.md quotes them): a fixture or a
# reference table that changes size must change them here too.
set -uo pipefail
WANT_TABLES=30      # tables fingerprinted (user tables and the extensions')
WANT_ROWS=57098     # rows in them (49,715 + the 4,025 rows of the four assessment tables + the 3 of ocop_certifying_level_name
                    # + the 3,321 + 34 national shapes of ocop_postgis)
WANT_COPY_TABLES=5  # rt_* tables through COPY
WANT_COPY_ROWS=12504
TOP=${OCOP_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
BINDIR=$("${PG_CONFIG:-pg_config}" --bindir)
src=ocop_rt_src
dst=ocop_rt_dst
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
Q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
. "$TOP/test/scripts/lib/db.sh"
Q -d postgres -c "DROP DATABASE IF EXISTS $src" -c "DROP DATABASE IF EXISTS $dst" \
  -c "CREATE DATABASE $src" -c "CREATE DATABASE $dst" 2>/dev/null
Q -d $src -c "CREATE EXTENSION ocop" -f "$TOP/test/fixtures/all_types.sql" >/dev/null || exit 1
PGOPTIONS="-c client_min_messages=warning" Q -d $src -c "CREATE EXTENSION ocop_postgis CASCADE" >/dev/null \
  || { echo "FAIL: CREATE EXTENSION ocop_postgis"; exit 1; }

fingerprint $src > "$work/src.txt"
status=0

# pg_dump / pg_restore, custom format.
"$BINDIR/pg_dump" -Fc -d $src -f "$work/db.dump" || status=1
"$BINDIR/pg_restore" --exit-on-error -d $dst "$work/db.dump" || status=1
fingerprint $dst > "$work/dst.txt"
tables=$(grep -c . "$work/src.txt"); rows=$(awk '{s+=$2} END {print s+0}' "$work/src.txt")
if diff "$work/src.txt" "$work/dst.txt"; then
  echo "pg_dump/pg_restore: $tables tables identical ($rows rows)"
else
  echo "pg_dump/pg_restore: tables differ"; status=1
fi
[ "$tables" = $WANT_TABLES ] && [ "$rows" = $WANT_ROWS ] \
  || { echo "FAIL: $tables tables and $rows rows, expected $WANT_TABLES and $WANT_ROWS"; status=1; }
# Indexes restored valid.
bad=$(psql -X -At -d $dst -c "SELECT count(*) FROM pg_index WHERE NOT indisvalid")
[ "$bad" = 0 ] || { echo "invalid indexes after restore: $bad"; status=1; }

# Text and binary COPY of every user table, out and back into a copy,
# compared row for row (EXCEPT ALL both ways: a multiset comparison).  A
# column whose type has no equality operator (trace_chain) is compared by
# its text form; every other column by its type's own equality.  An error in
# the comparison is a failure.
for fmt in text binary; do
  ntab=0; nrows=0
  for t in $(psql -X -At -d $src -c "SELECT relname FROM pg_class WHERE relname LIKE 'rt\_%' AND relkind = 'r' ORDER BY 1"); do
    Q -d $src -c "\\copy $t to '$work/$t.$fmt' with (format $fmt)" \
      -c "CREATE TABLE ${t}_back (LIKE $t)" \
      -c "\\copy ${t}_back from '$work/$t.$fmt' with (format $fmt)" || status=1
    cols=$(psql -X -At -v ON_ERROR_STOP=1 -d $src -c "SELECT string_agg(CASE WHEN EXISTS (SELECT 1 FROM pg_operator o
        WHERE o.oprname = '=' AND o.oprleft = a.atttypid AND o.oprright = a.atttypid) THEN quote_ident(a.attname)
        ELSE quote_ident(a.attname) || '::text' END, ', ' ORDER BY a.attnum)
      FROM pg_attribute a WHERE a.attrelid = '$t'::regclass AND a.attnum > 0 AND NOT a.attisdropped")
    res=$(psql -X -At -v ON_ERROR_STOP=1 -d $src -c "SELECT (SELECT count(*) FROM $t),
      (SELECT count(*) FROM (SELECT $cols FROM $t EXCEPT ALL SELECT $cols FROM ${t}_back) a)
      + (SELECT count(*) FROM (SELECT $cols FROM ${t}_back EXCEPT ALL SELECT $cols FROM $t) b),
      (SELECT count(*) FROM ${t}_back)")
    IFS='|' read -r n differ nback <<< "$res"
    if [ -n "$n" ] && [ "$differ" = 0 ] && [ "$n" = "$nback" ]; then
      ntab=$((ntab + 1)); nrows=$((nrows + n))
    else
      echo "FAIL: COPY $fmt round trip of $t: ${n:-?} rows out, ${nback:-?} back, ${differ:-?} differing (${res:-error})"; status=1
    fi
    Q -d $src -c "DROP TABLE ${t}_back"
  done
  echo "COPY $fmt: $ntab tables, $nrows rows identical"
  [ $ntab = $WANT_COPY_TABLES ] && [ $nrows = $WANT_COPY_ROWS ] \
    || { echo "FAIL: COPY $fmt compared $ntab tables and $nrows rows, expected $WANT_COPY_TABLES and $WANT_COPY_ROWS"; status=1; }
done

Q -d postgres -c "DROP DATABASE $src" -c "DROP DATABASE $dst"
exit $status
