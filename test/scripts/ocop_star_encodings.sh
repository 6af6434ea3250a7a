#!/usr/bin/env bash
# ocop_star and database encodings: the extension installs in a SQL_ASCII
# database and parses the ★ forms there; in LATIN1 (no ★, no Vietnamese)
# CREATE EXTENSION fails with a conversion error instead of storing
# mis-decoded text (ocop.control: encoding = UTF8).  The extension cannot be
# installed in EUC_JP either (no Vietnamese), but its text input is still
# checked there through a bare C function: the ★ forms parse in EUC_JP's own
# bytes, and a character without a UTF-8 equivalent is the type's own 22P02
# (reported softly on 16+), not a 22P05 conversion error.
set -uo pipefail
command -v psql >/dev/null || { echo "FAIL: psql missing"; exit 1; }
fail=0
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
run() { PGCLIENTENCODING=UTF8 psql -X -q -v ON_ERROR_STOP=1 -At "$@"; }
for enc in SQL_ASCII LATIN1 EUC_JP; do
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

out=$(run -d ocop_star_enc_euc_jp 2>&1 <<'SQL'
CREATE FUNCTION star_in(cstring) RETURNS int4 LANGUAGE C STRICT AS '$libdir/ocop', 'ocop_star_in';
SELECT star_in('★★★★') || ' ' || star_in('4★') || ' ' || star_in('★★☆☆☆') || ' ' || star_in(' 5 sao ');
DO $$ DECLARE d text; BEGIN PERFORM star_in('4あ'); EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS d = PG_EXCEPTION_DETAIL; RAISE WARNING '% %', SQLSTATE, left(d, 40); END $$;
DO $$ DECLARE d text; BEGIN PERFORM star_in(E'4\xf5\xa1'); EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS d = PG_EXCEPTION_DETAIL; RAISE WARNING '% %', SQLSTATE, left(d, 40); END $$;
SQL
)
expected='4 4 2 5
WARNING:  22P02 Unexpected text after the tier digit: ex
WARNING:  22P02 Unexpected text after the tier digit: ex'
if [ "$out" = "$expected" ]; then echo "   EUC_JP: ok"; else echo "   EUC_JP: got [$out], expected [$expected]"; fail=1; fi

for db in ocop_star_enc_sql_ascii ocop_star_enc_latin1 ocop_star_enc_euc_jp; do
  run -d postgres -c "DROP DATABASE IF EXISTS $db"
done
exit $fail
