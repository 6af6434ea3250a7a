#!/usr/bin/env bash
# Reference-data changes through update scripts (doc/reference-data.md,
# "Updating reference data"), tested with a real change: Resolution
# 30/2026/QH16, Đồng Nai a centrally-run city from 30 April 2026.
#
# OLD = data/admin/*.csv as they were before the change: the 11 units it
# changed taken from the source repository's commit before it
# (test/data/admin/, MIT), valid from 2025-07-01 to infinity, and no
# successions on 2026-04-30.  NEW = the shipped data/admin/*.csv.
# `scripts/gen-admin --diff OLD NEW` must close the 11 old periods, open 11 new
# ones and add 11 successions; tables filled with OLD's data (gen-admin --sql)
# plus that DML (one of its new rows already there with a wrong name), run
# twice and under a search_path whose first schema has an
# always-true text = operator and a count() that lies, must equal (EXCEPT ALL
# both ways, and counts) the tables of a fresh CREATE EXTENSION ocop.  The
# DML's closing check must refuse a table with a row missing and one with two
# overlapping periods.
set -uo pipefail
TOP=${OCOP_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
db=ocop_admin_update
work=$(mktemp -d "${TMPDIR:-/tmp}/ocop-admin-update.XXXXXX")
status=0
fail() { echo "FAIL: $*"; status=1; }
psql -X -q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" || exit 1
trap 'psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1; rm -rf "$work"' EXIT

# ---- OLD: the shipped CSVs with the 11 units as they were before the change.
mkdir -p "$work/old"
python3 - "$TOP/data/admin" "$TOP/test/data/admin/dong_nai_before_resolution_30_2026.csv" "$work/old" <<'PY' || exit 1
import csv, sys
new_dir, before_csv, old_dir = sys.argv[1:]
CHANGE, REFORM = '2026-04-30', '2025-07-01'
KIND = {'2': 'tỉnh', '4': 'xã'}
before = {r['code']: r for r in csv.DictReader(open(before_csv, encoding='utf-8'))}
assert len(before) == 11, len(before)
def rows(name):
    with open('%s/%s.csv' % (new_dir, name), encoding='utf-8', newline='') as f:
        r = list(csv.reader(f))
    return r[0], r[1:]
def write(name, head, body):
    with open('%s/%s.csv' % (old_dir, name), 'w', encoding='utf-8', newline='') as f:
        w = csv.writer(f, lineterminator='\n'); w.writerow(head); w.writerows(body)
for name in ('provinces', 'communes'):
    head, body = rows(name)
    out, seen = [], set()
    for r in body:
        d = dict(zip(head, r))
        if d['code'] not in before or d['valid_to'] == REFORM:   # (code 75 before the reform)
            out.append(r); continue
        if d['valid_from'] == CHANGE:
            continue                      # the period the change opened
        assert d['valid_from'] == REFORM and d['valid_to'] == CHANGE, r
        b = before[d['code']]
        d.update(valid_to='infinity', name=b['full_name'], short_name=b['name'], name_en=b['full_name_en'],
                 kind=KIND[b['administrative_unit_id']])
        if name == 'communes':
            assert b['province_code'] == d['province'] == '75', r
        out.append([d[c] for c in head]); seen.add(d['code'])
    assert seen == set(c for c in before if (len(c) == 2) == (name == 'provinces')), (name, seen)
    write(name, head, out)
head, body = rows('districts'); write('districts', head, body)
head, body = rows('succession')
write('succession', head, [r for r in body if r[3] != CHANGE])
PY
python3 "$TOP/scripts/gen-admin" --sql "$work/old" "$work/old.sql" || exit 1
python3 "$TOP/scripts/gen-admin" --diff "$work/old" "$TOP/data/admin" > "$work/update.sql" || exit 1

# ---- The DML is the change, nothing more.
for want in "-- ocop_admin_province: 0 deleted, 1 changed, 1 added" \
            "-- ocop_admin_commune: 0 deleted, 10 changed, 10 added" \
            "-- ocop_admin_succession: 0 deleted, 0 changed, 11 added" \
            "UPDATE @extschema@.ocop_admin_province SET valid_to = '2026-04-30' WHERE code OPERATOR(pg_catalog.=) '75' AND valid_from OPERATOR(pg_catalog.=) '2025-07-01';" \
            "('75', '2026-04-30', 'infinity', 'Thành phố Đồng Nai', 'Đồng Nai', 'Dong Nai City', 'thành phố trực thuộc trung ương'," \
            "UPDATE @extschema@.ocop_admin_commune SET valid_to = '2026-04-30' WHERE code OPERATOR(pg_catalog.=) '26485' AND valid_from OPERATOR(pg_catalog.=) '2025-07-01';" \
            "('26485', '2026-04-30', 'infinity', 'Phường Nhơn Trạch', 'Nhơn Trạch', 'Nhon Trach Ward', 'phường', '75', '75'," \
            "('75', '75', 'full', '2026-04-30', 'Resolution 30/2026/QH16')"; do
  grep -qF -- "$want" "$work/update.sql" || fail "the DML lacks: $want"
done
n=$(grep -c '^UPDATE \|^DELETE \|^(' "$work/update.sql")
[ "$n" = 33 ] || fail "the DML has $n row statements/tuples, expected 33 (11 UPDATE, 22 inserted rows)"
grep -q '^DELETE ' "$work/update.sql" && fail "the DML deletes rows"
n=$(grep -c "^UPDATE .* SET valid_to = '2026-04-30' WHERE " "$work/update.sql")
[ "$n" = 11 ] || fail "$n UPDATEs only close a period, expected all 11 (the old rows' names must equal the source's before the change)"
echo "   gen-admin --diff: 11 periods closed, 11 opened, 11 successions added ($(wc -c < "$work/update.sql") bytes)"

# ---- A database: the extension (NEW data) in public, OLD's tables in schema old.
q() { psql -X -q -At -v ON_ERROR_STOP=1 -d $db "$@"; }
q -c "CREATE EXTENSION ocop" || exit 1
q <<'SQL' || exit 1
CREATE SCHEMA old;
CREATE TABLE old.ocop_admin_province (LIKE public.ocop_admin_province INCLUDING ALL);
CREATE TABLE old.ocop_admin_district (LIKE public.ocop_admin_district INCLUDING ALL);
CREATE TABLE old.ocop_admin_commune (LIKE public.ocop_admin_commune INCLUDING ALL);
CREATE TABLE old.ocop_admin_succession (LIKE public.ocop_admin_succession INCLUDING ALL);
CREATE VIEW old.ocop_admin_units AS
  SELECT code, valid_from, valid_to FROM old.ocop_admin_province UNION ALL
  SELECT code, valid_from, valid_to FROM old.ocop_admin_district UNION ALL
  SELECT code, valid_from, valid_to FROM old.ocop_admin_commune;
-- A hostile schema first on the search_path: an unqualified text = would
-- match every row, an unqualified count() would say 0.
CREATE SCHEMA evil;
CREATE FUNCTION evil.always(text, text) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT true';
CREATE OPERATOR evil.= (LEFTARG = text, RIGHTARG = text, FUNCTION = evil.always);
CREATE FUNCTION evil.count() RETURNS bigint LANGUAGE sql AS 'SELECT 0::bigint';
SQL
t=$(PGOPTIONS="-c search_path=evil,pg_catalog,public" q -c "SELECT 'a'::text = 'b'::text")
[ "$t" = t ] || fail "the hostile operator is not the one an unqualified = finds ($t)"
sed 's/@extschema@/old/g' "$work/old.sql" > "$work/old_s.sql"
sed 's/@extschema@/old/g' "$work/update.sql" > "$work/update_s.sql"
q -f "$work/old_s.sql" || exit 1
apply() { PGOPTIONS="-c search_path=evil,pg_catalog,public" q -f "$work/update_s.sql"; }
compare() {   # equal contents of old.X and public.X, both ways
  local t bad=0 out
  for t in ocop_admin_province ocop_admin_district ocop_admin_commune ocop_admin_succession; do
    out=$(q -c "SELECT (SELECT count(*) FROM old.$t) || ' ' || (SELECT count(*) FROM public.$t) || ' ' ||
                (SELECT count(*) FROM (SELECT * FROM old.$t EXCEPT ALL SELECT * FROM public.$t) a) || ' ' ||
                (SELECT count(*) FROM (SELECT * FROM public.$t EXCEPT ALL SELECT * FROM old.$t) b)")
    read -r n_old n_new only_old only_new <<< "$out"
    echo "   $1: $t: OLD+DML $n_old rows, fresh install $n_new; only in OLD+DML $only_old, only in the install $only_new"
    [ "$n_old" = "$n_new" ] && [ "$only_old" = 0 ] && [ "$only_new" = 0 ] || bad=1
  done
  return $bad
}
before=$(q -c "SELECT count(*) FROM (SELECT * FROM old.ocop_admin_commune EXCEPT ALL SELECT * FROM public.ocop_admin_commune) a")
[ "$before" = 10 ] || fail "OLD differs from NEW by $before commune rows before the update, expected 10"
# A row the DML inserts is already there, wrong: the insert must correct it.
q -c "INSERT INTO old.ocop_admin_commune SELECT code, valid_from, valid_to, 'Phường Sai', short_name, name_en, kind,
        parent, province, rep_lon, rep_lat FROM public.ocop_admin_commune WHERE code = '26485' AND valid_from = '2026-04-30'" || exit 1
apply || fail "the DML failed"
compare "after the DML" || fail "OLD + DML differs from a fresh install"
apply || fail "the DML failed when run a second time"
compare "run twice" || fail "OLD + DML twice differs from a fresh install"

# ---- The closing check refuses broken tables.
out=$(q -c "DELETE FROM old.ocop_admin_succession WHERE old_code = '001' AND new_code = (SELECT min(new_code) FROM old.ocop_admin_succession WHERE old_code = '001')" 2>&1 && apply 2>&1)
grep -q 'ocop update: ocop_admin_succession holds 14336 rows, expected 14337' <<< "$out" \
  || fail "a missing row was not refused: $out"
q -c "TRUNCATE old.ocop_admin_succession; INSERT INTO old.ocop_admin_succession SELECT * FROM public.ocop_admin_succession;
      UPDATE old.ocop_admin_province SET valid_to = '2025-08-01' WHERE code = '01' AND valid_from = '-infinity'" || exit 1
out=$(apply 2>&1)
grep -q 'ocop update: 1 overlapping validity periods in ocop_admin_province' <<< "$out" \
  || fail "overlapping periods were not refused: $out"
[ $status = 0 ] && echo "   closing check: refuses a missing row and overlapping periods"
exit $status
