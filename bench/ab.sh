#!/usr/bin/env bash
# bench/ab.sh OLD.so NEW.so -- two builds of ocop.so timed in alternation under
# one cluster (issue 19, part 5): on a loaded machine two separate bench runs
# cannot be compared, so the data is made once and, round after round, the
# library file is swapped (atomically, by rename: no backend has it open
# between rounds) and the same statements are timed in a fresh session:
#   trace_append(chain, jsonb)  an 11th event on each of CHAINS chains of 10
#   trace_verify                the same chains
#   trace_from_epcis            each chain's EPCIS document (EPCIS import)
#   trace_event_hash_id         EVENTS EPCIS events (CBV 2.0 hash IDs)
#   sha256()                    over the chains' stored bytes: the baseline
# Each figure is the best of 3 in its round; the builds take turns going
# first.  Prints one line per round, build and measure, then per build and
# measure the range over the rounds.  Both builds must use the same SQL script
# (the one installed); NEW.so is left installed at the end.
# Usage: PG_CONFIG=... OCOP_PGPORT=... bash bench/ab.sh OLD.so NEW.so
# Environment: ROUNDS (4), CHAINS (8000), EVENTS (8000).
set -euo pipefail
cd "$(dirname "$0")/.."
OLD=${1:?usage: bench/ab.sh OLD.so NEW.so}
NEW=${2:?usage: bench/ab.sh OLD.so NEW.so}
ROUNDS=${ROUNDS:-4}
CHAINS=${CHAINS:-8000}
EVENTS=${EVENTS:-8000}
LIBDIR=$("${PG_CONFIG:-pg_config}" --pkglibdir)
eval "$(bash scripts/cluster env)"
export PGHOST PGPORT PGUSER
DB=ocop_bench_ab
OUT=$(mktemp)
put() { install -m 755 "$1" "$LIBDIR/ocop.so.ab-tmp" && mv -f "$LIBDIR/ocop.so.ab-tmp" "$LIBDIR/ocop.so"; }
trap 'put "$NEW"; rm -f "$OUT"; psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1' EXIT
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null

put "$NEW"
psql -X -q -d $DB -v ON_ERROR_STOP=1 -v chains="$CHAINS" -v events="$EVENTS" <<'SQL'
CREATE EXTENSION ocop;
CREATE TABLE bench_chains AS
SELECT i AS id, ('[' || string_agg(format(
    '{"bizStep":"%s","eventTime":"%s","actor":"HTX-%s","place":"%s","lot":"LOT-%s","quantity":%s,"uom":"KGM","lon":%s,"lat":%s}',
    (ARRAY['commissioning','inspecting','packing','storing','shipping','receiving','transporting','accepting','retail_selling','departing'])[j],
    to_char(timestamp '2024-01-01' + (i * 10 + j) * interval '1 minute', 'YYYY-MM-DD"T"HH24:MI:SS"+07:00"'),
    (i + j) % 5000, lpad((1 + (i * 7 + j) % 3321)::text, 5, '0'), i, ((i + j) % 1000) / 10.0,
    105 + ((i + j) % 100) / 100.0, 20 + ((i * j) % 100) / 100.0), ',' ORDER BY j) || ']')::trace_chain AS chain
FROM generate_series(1, :chains) i, generate_series(1, 10) j GROUP BY i;
CREATE TABLE bench_bytes AS SELECT id, trace_chain_send(chain) AS b FROM bench_chains;
CREATE TABLE bench_epcis AS SELECT id, trace_to_epcis(chain, timestamptz '2025-01-01 00:00+00') AS doc FROM bench_chains;
CREATE TABLE bench_ev AS
SELECT i AS id, jsonb_build_object(
  'type', 'ObjectEvent', 'action', 'OBSERVE',
  'eventTime', to_char(timestamp '2024-01-01' + i * interval '1 minute', 'YYYY-MM-DD"T"HH24:MI:SS".123+07:00"'),
  'eventTimeZoneOffset', '+07:00',
  'epcList', jsonb_build_array(format('urn:epc:id:sgtin:8930000.012345.%s', i)),
  'bizStep', (ARRAY['commissioning','inspecting','packing','shipping','receiving'])[1 + i % 5],
  'quantityList', jsonb_build_array(jsonb_build_object('epcClass', format('urn:epc:class:lgtin:8930000.012345.L%s', i % 100),
                                                       'quantity', (i % 1000) / 10.0, 'uom', 'KGM'))) AS e
FROM generate_series(1, :events) i;
VACUUM ANALYZE bench_chains; VACUUM ANALYZE bench_bytes; VACUUM ANALYZE bench_epcis; VACUUM ANALYZE bench_ev;
SQL

round() {
  local build=$1 so=$2 r=$3
  put "$so"
  psql -X -q -At -d $DB -v ON_ERROR_STOP=1 <<SQL | sed "s/^/$r $build /" >>"$OUT"
SET max_parallel_workers_per_gather = 0;
CREATE FUNCTION pg_temp.best(q text) RETURNS float8 LANGUAGE plpgsql AS \$\$
DECLARE t0 timestamptz; b float8 := 'infinity'; n bigint;
BEGIN
  FOR k IN 1..3 LOOP
    t0 := clock_timestamp();
    EXECUTE q INTO n;
    b := least(b, extract(epoch FROM clock_timestamp() - t0));
  END LOOP;
  RETURN b;
END \$\$;
SELECT 'append', pg_temp.best(\$q\$SELECT count(*) FROM bench_chains WHERE trace_append(chain, '{"bizStep":"retail_selling","eventTime":"2025-01-01T00:00:00+07:00","actor":"HTX-1","place":"00001","lot":"LOT-1","quantity":1.5,"uom":"KGM"}'::jsonb) IS NOT NULL\$q\$);
SELECT 'verify', pg_temp.best('SELECT count(*) FROM bench_chains WHERE trace_verify(chain)');
SELECT 'epcis_import', pg_temp.best('SELECT count(*) FROM bench_epcis WHERE trace_from_epcis(doc) IS NOT NULL');
SELECT 'hash_id', pg_temp.best(\$q\$SELECT count(*) FROM bench_ev WHERE trace_event_hash_id(e) IS NOT NULL\$q\$);
SELECT 'sha256', pg_temp.best('SELECT count(*) FROM bench_bytes WHERE octet_length(sha256(b)) = 32');
SQL
}

for r in $(seq 1 "$ROUNDS"); do
  if [ $((r % 2)) = 1 ]; then round old "$OLD" "$r"; round new "$NEW" "$r"
  else round new "$NEW" "$r"; round old "$OLD" "$r"; fi
done
echo "== round build measure seconds (best of 3), load $(cut -d' ' -f1-3 /proc/loadavg)"
tr '|' ' ' <"$OUT"
echo "== build measure min max (seconds over $ROUNDS rounds)"
tr '|' ' ' <"$OUT" | awk '{k=$2" "$3; if(!(k in mn)||$4<mn[k])mn[k]=$4; if($4>mx[k])mx[k]=$4} END{for(k in mn) printf "%s %.3f %.3f\n", k, mn[k], mx[k]}' | sort -k2,2 -k1,1
