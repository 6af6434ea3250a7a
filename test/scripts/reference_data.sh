#!/usr/bin/env bash
# The installed reference tables equal their committed source data: each
# administrative table of the extension (provinces, districts, communes,
# successions) is compared row for row, both ways (EXCEPT ALL) and by count,
# with its CSV under data/admin/ (the provenance data scripts/gen-admin
# writes alongside sql/features/41_admin_data.sql).  A row changed, lost or
# added in the SQL data, or in the CSV, fails.
set -uo pipefail
TOP=${OCOP_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
db=ocop_refdata
status=0
psql -X -q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" || exit 1
trap 'psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1' EXIT
psql -X -q -d $db -c "CREATE EXTENSION ocop" || exit 1
for pair in provinces:ocop_admin_province districts:ocop_admin_district communes:ocop_admin_commune \
            succession:ocop_admin_succession; do
  csv=$TOP/data/admin/${pair%%:*}.csv
  tbl=${pair#*:}
  cols=$(head -1 "$csv")
  rows=$(($(wc -l < "$csv") - 1))
  out=$(psql -X -q -At -v ON_ERROR_STOP=1 -d $db <<SQL
CREATE TEMP TABLE src (LIKE $tbl);
\copy src ($cols) FROM '$csv' WITH (FORMAT csv, HEADER true)
SELECT (SELECT count(*) FROM src) || ' ' || (SELECT count(*) FROM $tbl) || ' ' ||
       (SELECT count(*) FROM (SELECT $cols FROM src EXCEPT ALL SELECT $cols FROM $tbl) a) || ' ' ||
       (SELECT count(*) FROM (SELECT $cols FROM $tbl EXCEPT ALL SELECT $cols FROM src) b);
SQL
  ) || { echo "FAIL: $tbl: could not compare"; status=1; continue; }
  read -r n_csv n_tbl only_csv only_tbl <<< "$out"
  echo "   $tbl: $n_tbl rows, CSV $n_csv rows; only in the CSV $only_csv, only in the table $only_tbl"
  [ "$n_csv" = "$rows" ] && [ "$n_csv" = "$n_tbl" ] && [ "$only_csv" = 0 ] && [ "$only_tbl" = 0 ] && [ "$rows" -gt 0 ] \
    || { echo "FAIL: $tbl differs from data/admin/${pair%%:*}.csv"; status=1; }
done
exit $status
