#!/usr/bin/env bash
# Nothing lost: a database holding every ocop type, the extensions' reference
# tables and user data survives pg_dump/pg_restore (custom format), and text
# and binary COPY out and in; every row and value is compared.
set -uo pipefail
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
Q -d $src -c "CREATE EXTENSION IF NOT EXISTS ocop_postgis CASCADE" >/dev/null 2>&1 || true

fingerprint $src > "$work/src.txt"
status=0

# pg_dump / pg_restore, custom format.
"$BINDIR/pg_dump" -Fc -d $src -f "$work/db.dump" || status=1
"$BINDIR/pg_restore" --exit-on-error -d $dst "$work/db.dump" || status=1
fingerprint $dst > "$work/dst.txt"
if diff "$work/src.txt" "$work/dst.txt"; then
  echo "pg_dump/pg_restore: $(wc -l < "$work/src.txt") tables identical ($(awk '{s+=$2} END {print s}' "$work/src.txt") rows)"
else
  echo "pg_dump/pg_restore: tables differ"; status=1
fi
# Indexes restored valid.
bad=$(psql -X -At -d $dst -c "SELECT count(*) FROM pg_index WHERE NOT indisvalid")
[ "$bad" = 0 ] || { echo "invalid indexes after restore: $bad"; status=1; }

# Text and binary COPY of every user table, out and back into a copy.
for fmt in text binary; do
  for t in $(psql -X -At -d $src -c "SELECT relname FROM pg_class WHERE relname LIKE 'rt\_%' AND relkind = 'r' ORDER BY 1"); do
    Q -d $src -c "\\copy $t to '$work/$t.$fmt' with (format $fmt)" \
      -c "CREATE TABLE ${t}_back (LIKE $t)" \
      -c "\\copy ${t}_back from '$work/$t.$fmt' with (format $fmt)" || status=1
    same=$(psql -X -At -d $src -c "SELECT (SELECT count(*) FROM (TABLE $t EXCEPT ALL TABLE ${t}_back) a) + (SELECT count(*) FROM (TABLE ${t}_back EXCEPT ALL TABLE $t) b) = 0
      AND (SELECT md5(string_agg(x::text, ',' ORDER BY x::text)) FROM $t x) = (SELECT md5(string_agg(x::text, ',' ORDER BY x::text)) FROM ${t}_back x)" 2>/dev/null)
    if [ "$same" != t ]; then
      # types without an equality operator: compare the text forms only
      same=$(psql -X -At -d $src -c "SELECT (SELECT md5(string_agg(x::text, ',' ORDER BY x::text)) FROM $t x) = (SELECT md5(string_agg(x::text, ',' ORDER BY x::text)) FROM ${t}_back x)")
    fi
    [ "$same" = t ] || { echo "COPY $fmt round trip differs for $t"; status=1; }
    Q -d $src -c "DROP TABLE ${t}_back"
  done
  echo "COPY $fmt: round trips done"
done

Q -d postgres -c "DROP DATABASE $src" -c "DROP DATABASE $dst"
exit $status
