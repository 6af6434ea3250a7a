#!/usr/bin/env bash
# trace_chain benchmark (issue 4).  Prints, measured in the same run:
#   1. verify throughput: trace_verify() over CHAINS chains of 10 events, in MB/s
#      of chain data (the binary form, as stored), against pg_catalog.sha256()
#      over the very same bytes (one call per chain); and against sha256() over
#      the bytes verify hashes (each event's canonical JSON plus the 32-byte
#      previous hash: about the same size);
#   2. containment latency: chain @> '{"actor": ...}' with the GIN index over
#      GIN_CHAINS chains of GIN_EVENTS events (average and worst of 50 queries,
#      each matching about 15 chains);
#   3. storage: bytes per event as stored (pg_column_size, after TOAST
#      compression) against the raw field bytes (the values' text) + 32;
#   4. append and EPCIS import (issue 19 part 5): trace_append(chain, jsonb)
#      of an 11th event to each chain, and trace_from_epcis() of each chain's
#      EPCISDocument (made beforehand by trace_to_epcis), timed with verify
#      and the sha256() baselines in the same interleaved loop.
# Usage: PG_CONFIG=... OCOP_PGPORT=... bash bench/trace_chain.sh
# Environment: CHAINS (100000), GIN_CHAINS (1000000), GIN_EVENTS (3).
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(bash scripts/cluster env)"
export PGHOST PGPORT PGUSER
CHAINS=${CHAINS:-100000}
GIN_CHAINS=${GIN_CHAINS:-1000000}
GIN_EVENTS=${GIN_EVENTS:-3}
DB=ocop_bench_trace
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null
trap 'psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1' EXIT

psql -X -q -d $DB -v ON_ERROR_STOP=1 -v chains="$CHAINS" -v gin_chains="$GIN_CHAINS" -v gin_events="$GIN_EVENTS" <<'SQL'
CREATE EXTENSION ocop;
SET max_parallel_workers_per_gather = 0;
\pset footer off

-- A chain of n ObjectEvents with the fields an OCOP chain records.
CREATE FUNCTION bench_chain(i int, n int, actors int) RETURNS trace_chain LANGUAGE sql IMMUTABLE
BEGIN ATOMIC
  SELECT ('[' || string_agg(format(
    '{"bizStep":"%s","eventTime":"%s","actor":"HTX-%s","place":"%s","lot":"LOT-%s","quantity":%s,"uom":"KGM","lon":%s,"lat":%s,"disposition":"%s"}',
    (ARRAY['commissioning','inspecting','packing','storing','shipping','receiving','transporting','accepting','retail_selling','departing'])[1 + (j - 1) % 10],
    to_char(timestamp '2024-01-01' + (i * 10 + j) * interval '1 minute', 'YYYY-MM-DD"T"HH24:MI:SS"+07:00"'),
    (i + j) % actors, lpad((1 + (i * 7 + j) % 3321)::text, 5, '0'), i, ((i + j) % 1000) / 10.0,
    105 + ((i + j) % 100) / 100.0, 20 + ((i * j) % 100) / 100.0,
    (ARRAY['active','in_progress','in_transit'])[1 + j % 3]), ',' ORDER BY j) || ']')::trace_chain
  FROM generate_series(1, n) j;
END;

\echo == building :chains chains of 10 events
\timing on
CREATE TABLE bench_chains AS SELECT i AS id, bench_chain(i, 10, 5000) AS chain FROM generate_series(1, :chains) i;
\timing off
-- the same bytes as a bytea, for the sha256() ceiling
CREATE TABLE bench_bytes AS SELECT id, trace_chain_send(chain) AS b FROM bench_chains;
-- canonical JSON of the 10 events (text output without the hashes) + 10 x 32 bytes
CREATE TABLE bench_canon AS
  SELECT id, convert_to(regexp_replace(chain::text, ',"hash":"[0-9a-f]{64}"', '', 'g'), 'UTF8')
             || decode(repeat('00', 320), 'hex') AS b
  FROM bench_chains;
VACUUM ANALYZE bench_chains; VACUUM ANALYZE bench_bytes; VACUUM ANALYZE bench_canon;
SELECT sum(octet_length(b)) AS bytes FROM bench_bytes \gset
SELECT sum(octet_length(b)) AS canon_bytes FROM bench_canon \gset
-- warm the cache
\o /dev/null
SELECT count(*) FROM bench_chains WHERE trace_length(chain) = 10;
SELECT count(*) FROM bench_bytes WHERE octet_length(b) > 0;
SELECT count(*) FROM bench_canon WHERE octet_length(b) > 0;
\o
CREATE TABLE bench_epcis AS SELECT id, trace_to_epcis(chain, timestamptz '2025-01-01 00:00+00') AS doc FROM bench_chains;
SELECT count(*) = :chains AS epcis_round_trip FROM bench_epcis e JOIN bench_chains c USING (id) WHERE trace_from_epcis(e.doc) = c.chain;

CREATE TEMP TABLE timings (what text, secs float8);
CREATE FUNCTION pg_temp.time_it(what text, q text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz; best float8 := 'infinity'; r bigint;
BEGIN
  FOR k IN 1..5 LOOP
    t0 := clock_timestamp();
    EXECUTE q INTO r;
    best := least(best, extract(epoch FROM clock_timestamp() - t0));
  END LOOP;
  INSERT INTO timings VALUES (what, best);
END $$;
DO $$ BEGIN
  -- interleaved, so that load from other processes hits all alike
  FOR r IN 1..2 LOOP
    PERFORM pg_temp.time_it('trace_verify', 'SELECT count(*) FROM bench_chains WHERE trace_verify(chain)');
    PERFORM pg_temp.time_it('sha256 (stored bytes)', 'SELECT count(*) FROM bench_bytes WHERE octet_length(sha256(b)) = 32');
    PERFORM pg_temp.time_it('sha256 (hashed bytes)', 'SELECT count(*) FROM bench_canon WHERE octet_length(sha256(b)) = 32');
    PERFORM pg_temp.time_it('trace_head (no hashing)', 'SELECT count(*) FROM bench_chains WHERE trace_head(chain) IS NOT NULL');
    PERFORM pg_temp.time_it('trace_append (jsonb, 11th event)', $q$SELECT count(*) FROM bench_chains WHERE trace_append(chain, '{"bizStep":"retail_selling","eventTime":"2025-01-01T00:00:00+07:00","actor":"HTX-1","place":"00001","lot":"LOT-1","quantity":1.5,"uom":"KGM"}'::jsonb) IS NOT NULL$q$);
    PERFORM pg_temp.time_it('trace_from_epcis (EPCIS import)', 'SELECT count(*) FROM bench_epcis WHERE trace_from_epcis(doc) IS NOT NULL');
  END LOOP;
END $$;
\echo == 1. verify throughput (best of 10)
SELECT :bytes AS stored_bytes, :canon_bytes AS hashed_bytes;
WITH t AS (SELECT what, min(secs) AS secs FROM timings GROUP BY what)
SELECT what, round(secs::numeric, 3) AS seconds,
       round((:bytes / 1e6 / secs)::numeric, 1) AS "stored MB/s",
       round((100 * (SELECT secs FROM t WHERE what = 'sha256 (stored bytes)') / secs)::numeric, 1) AS "% of sha256(stored)",
       round((100 * (SELECT secs FROM t WHERE what = 'sha256 (hashed bytes)') / secs)::numeric, 1) AS "% of sha256(hashed)"
FROM t ORDER BY secs DESC;

\echo == 3. storage per event
SELECT round(sum(pg_column_size(chain))::numeric / (10 * count(*)), 1) AS stored_bytes_per_event,
       round(sum(octet_length(trace_chain_send(chain)))::numeric / (10 * count(*)), 1) AS uncompressed_bytes_per_event
FROM bench_chains \gset
SELECT round(avg(raw + 32), 1) AS raw_plus_32 FROM (
  SELECT (SELECT sum(octet_length(value #>> '{}')) FROM jsonb_each(event)) AS raw
  FROM (SELECT chain FROM bench_chains ORDER BY id LIMIT 10000) c, trace_events(chain)) s \gset
SELECT :stored_bytes_per_event AS stored_bytes_per_event, :uncompressed_bytes_per_event AS uncompressed_bytes_per_event,
       :raw_plus_32 AS raw_field_bytes_plus_32, round(:stored_bytes_per_event / :raw_plus_32, 2) AS ratio_stored,
       round(:uncompressed_bytes_per_event / :raw_plus_32, 2) AS ratio_uncompressed;
DROP TABLE bench_bytes, bench_canon, bench_epcis;

\echo == 2. containment with GIN over :gin_chains chains of :gin_events events
\timing on
CREATE TABLE bench_gin AS SELECT i AS id, bench_chain(i, :gin_events, (:gin_chains / 5)::int) AS chain FROM generate_series(1, :gin_chains) i;
CREATE INDEX bench_gin_chain ON bench_gin USING gin (chain);
\timing off
VACUUM ANALYZE bench_gin;
SELECT pg_size_pretty(pg_table_size('bench_gin')) AS table_size, pg_size_pretty(pg_relation_size('bench_gin_chain')) AS gin_size;
EXPLAIN (COSTS OFF) SELECT id FROM bench_gin WHERE chain @> '{"actor":"HTX-4242"}';
CREATE TEMP TABLE lat (ms float8, n bigint);
DO $$
DECLARE t0 timestamptz; n bigint;
BEGIN
  FOR k IN 1..50 LOOP
    t0 := clock_timestamp();
    EXECUTE 'SELECT count(*) FROM bench_gin WHERE chain @> $1' INTO n
      USING jsonb_build_object('actor', 'HTX-' || (k * 3877 % 200000));
    INSERT INTO lat VALUES (1000 * extract(epoch FROM clock_timestamp() - t0), n);
  END LOOP;
END $$;
SELECT round(avg(ms)::numeric, 2) AS avg_ms, round(max(ms)::numeric, 2) AS max_ms,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 2) AS median_ms,
       round(avg(n), 1) AS avg_rows FROM lat;
SET enable_bitmapscan = off; SET enable_indexscan = off;
DO $$
DECLARE t0 timestamptz; n bigint;
BEGIN
  t0 := clock_timestamp();
  SELECT count(*) INTO n FROM bench_gin WHERE chain @> '{"actor":"HTX-4242"}';
  RAISE NOTICE 'sequential scan for comparison: % ms, % rows', round(1000 * extract(epoch FROM clock_timestamp() - t0)), n;
END $$;
SQL
