#!/usr/bin/env bash
# ocop_star and database encodings: the extension installs in a SQL_ASCII
# database and parses the ★ forms there; in LATIN1 (no ★, no Vietnamese)
# CREATE EXTENSION fails with a conversion error instead of storing
# mis-decoded text (ocop.control: encoding = UTF8).
set -uo pipefail
command -v psql >/dev/null || { echo "FAIL: psql missing"; exit 1; }
fail=0
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
run() { PGCLIENTENCODING=UTF8 psql -X -q -v ON_ERROR_STOP=1 -At "$@"; }
for enc in SQL_ASCII LATIN1; do
  db="ocop_star_enc_$(echo "$enc" | tr 'A-Z' 'a-z')"
  run -d postgres -c "DROP DATABASE IF EXISTS $db" -c \
    "CREATE DATABASE $db ENCODING '$enc' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0" || exit 1
done

out=$(run -d ocop_star_enc_sql_ascii -c "CREATE EXTENSION ocop" \
  -c "SELECT '★★★★'::ocop_star, '3★'::ocop_star, '★★☆☆☆'::ocop_star, ocop_star_label('4', 'stars'), ocop_product_set_name(13)" 2>&1)
expected='4-star|3-star|2-star|★★★★☆|Cà phê, ca cao'
if [ "$out" = "$expected" ]; then echo "   SQL_ASCII: ok"; else echo "   SQL_ASCII: got [$out], expected [$expected]"; fail=1; fi

out=$(run -d ocop_star_enc_latin1 -c "CREATE EXTENSION ocop" 2>&1)
if [ $? -ne 0 ] && grep -q 'has no equivalent in encoding "LATIN1"' <<<"$out"; then
  echo "   LATIN1: refused as expected"
else
  echo "   LATIN1: CREATE EXTENSION should fail with a conversion error, got [$out]"; fail=1
fi

for db in ocop_star_enc_sql_ascii ocop_star_enc_latin1; do
  run -d postgres -c "DROP DATABASE IF EXISTS $db"
done
exit $fail
