#!/usr/bin/env bash
# EPCIS event hash ID benchmark (issue 16 part 2).  Prints, measured in the
# same run over EVENTS (100000) EPCIS 2.0 ObjectEvents held as jsonb (two SGTIN
# EPC URIs, a bare CBV bizStep and disposition, an SGLN readPoint, a time with
# an offset, a quantity, a user extension):
#   1. trace_event_hash_id(event): hash IDs per second;
#   2. trace_event_prehash(event): the canonicalisation alone;
#   3. the baseline: pg_catalog.sha256() over the pre-hash strings of the same
#      events (stored beforehand as bytea), i.e. the hashing alone;
# and the ratios 1/3 and 2/3 (how much dearer than hashing the canonical
# string the whole hash ID is).  Best of 3, the three interleaved.
# Usage: PG_CONFIG=... OCOP_PGPORT=... bash bench/trace_hash_id.sh
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(bash scripts/cluster env)"
export PGHOST PGPORT PGUSER
EVENTS=${EVENTS:-100000}
DB=ocop_bench_hash_id
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null
trap 'psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1' EXIT

psql -X -q -d $DB -v ON_ERROR_STOP=1 -v events="$EVENTS" <<'SQL'
CREATE EXTENSION ocop;
SET max_parallel_workers_per_gather = 0;
\pset footer off
CREATE TABLE ev AS
SELECT i AS id, jsonb_build_object(
  'type', 'ObjectEvent', 'action', 'OBSERVE',
  'eventTime', to_char(timestamp '2024-01-01' + i * interval '1 minute', 'YYYY-MM-DD"T"HH24:MI:SS".123+07:00"'),
  'eventTimeZoneOffset', '+07:00',
  'epcList', jsonb_build_array(format('urn:epc:id:sgtin:8930000.012345.%s', i), format('urn:epc:id:sgtin:8930000.012345.%s', i + 1)),
  'bizStep', (ARRAY['commissioning','inspecting','packing','shipping','receiving'])[1 + i % 5],
  'disposition', (ARRAY['active','in_progress','in_transit'])[1 + i % 3],
  'readPoint', jsonb_build_object('id', format('urn:epc:id:sgln:8930000.%s.0', lpad((i % 99999)::text, 5, '0'))),
  'quantityList', jsonb_build_array(jsonb_build_object('epcClass', format('urn:epc:class:lgtin:8930000.012345.L%s', i % 100),
                                                       'quantity', (i % 1000) / 10.0, 'uom', 'KGM')),
  'ocop:place', lpad((1 + i % 3321)::text, 5, '0')) AS e
FROM generate_series(1, :events) i;
CREATE TABLE pre AS SELECT id, convert_to(trace_event_prehash(e, '["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",{"ocop":"urn:ocop:trace:"}]'), 'UTF8') AS p FROM ev;
VACUUM ANALYZE ev; VACUUM ANALYZE pre;
SELECT avg(octet_length(p))::int AS prehash_bytes, avg(pg_column_size(e))::int AS event_bytes FROM pre JOIN ev USING (id) \gset
\o /dev/null
SELECT count(*) FROM ev WHERE e IS NOT NULL;
SELECT count(*) FROM pre WHERE p IS NOT NULL;
\o

CREATE TEMP TABLE timings (what text, secs float8);
CREATE FUNCTION pg_temp.time_it(what text, q text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz; r bigint;
BEGIN
  t0 := clock_timestamp();
  EXECUTE q INTO r;
  INSERT INTO timings VALUES (what, extract(epoch FROM clock_timestamp() - t0));
END $$;
DO $$ BEGIN
  FOR r IN 1..3 LOOP
    PERFORM pg_temp.time_it('trace_event_hash_id', $q$SELECT count(*) FROM ev WHERE trace_event_hash_id(e, '["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",{"ocop":"urn:ocop:trace:"}]') IS NOT NULL$q$);
    PERFORM pg_temp.time_it('trace_event_prehash', $q$SELECT count(*) FROM ev WHERE trace_event_prehash(e, '["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",{"ocop":"urn:ocop:trace:"}]') IS NOT NULL$q$);
    PERFORM pg_temp.time_it('sha256 (pre-hash strings)', 'SELECT count(*) FROM pre WHERE octet_length(sha256(p)) = 32');
  END LOOP;
END $$;
\echo == :events events, average pre-hash string :prehash_bytes bytes, event :event_bytes bytes (jsonb)
WITH best AS (SELECT what, min(secs) AS secs FROM timings GROUP BY what),
     base AS (SELECT secs FROM best WHERE what = 'sha256 (pre-hash strings)')
SELECT b.what, round(b.secs::numeric, 3) AS best_s,
       round((:events / b.secs)::numeric) AS per_second,
       round((b.secs / base.secs)::numeric, 1) AS x_sha256
  FROM best b, base ORDER BY b.secs DESC;
SQL
