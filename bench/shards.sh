#!/usr/bin/env bash
# The sharded registry (scripts/shards) against one node, on the same N
# products (default 4 million):
#   - a scatter-gather aggregate, products by star tier and province, on one
#     node (parallel query on, and off) and on two postgres_fdw shards (one
#     aggregate per shard, shipped whole, with and without asynchronous
#     foreign scans; and the plain query on the partitioned table, which in
#     PG15 ships the rows, not the aggregate);
#   - a single-row lookup by code, routed to one shard, against the same
#     lookup on one node (pgbench, one client).
# Prints times (median of 5 after a warm-up) and ratios to the baseline
# measured in the same run.  The one node is the throwaway cluster
# (PGHOST/PGPORT, as set by bench/run); the shards are those of
# scripts/shards (OCOP_SHARDS_PORT, default OCOP_PGPORT + 1).
# Run through `make bench` or: bash bench/run bench/shards.sh
# Rows are generated on each shard and kept there when they already number N
# (OCOP_BENCH_RELOAD=1 forces a reload); the registry's rows are replaced.
set -euo pipefail
TOP=$(cd "$(dirname "$0")/.." && pwd)
PG_CONFIG=${PG_CONFIG:-pg_config}
export PG_CONFIG
BINDIR=$("$PG_CONFIG" --bindir)
N=${OCOP_BENCH_ROWS:-4000000}
REPS=${OCOP_BENCH_REPS:-5}
LOOKUPS=${OCOP_BENCH_LOOKUPS:-3000}
DB=ocop_bench_shards

bash "$TOP/scripts/shards" start
. "$TOP/scripts/shards-client.sh"
single() { "$BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -d "$DB" "$@"; }
ms() { echo $(( $(date +%s%N) / 1000000 )); }

# The generator of the test (test/scripts/shards.sh), over N rows; WHERE is
# empty on the single node and keeps one hash partition on a shard.
gen() {  # gen WHERE
  cat <<SQL
INSERT INTO registry.products (code, name, province, product_set, star, recognized)
SELECT code, 'Sản phẩm OCOP số ' || i, p, s,
       (CASE WHEN i % 50 = 0 THEN 5 WHEN i % 4 = 1 THEN 4 ELSE 3 END)::ocop_star,
       make_date(y, 1 + i % 12, 1 + i % 28)
FROM (SELECT i, p, s, y, ocop_code(p, c, s, y, n, d) AS code
      FROM (SELECT i, 1 + i % 34 AS p, 1 + (i * 7) % 500 AS c, 1 + i % 26 AS s, 2018 + i % 8 AS y,
                   1 + i % 9999 AS n, CASE WHEN i % 3 = 0 THEN 1 + i % 20 END AS d
            FROM generate_series(1, $N) i) g) h
$1;
SQL
}

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) (shared with other agents)"
echo "rows: $N"

# ---------------------------------------------------------------------------
# Load.  The shards generate their own rows: each keeps those whose hash
# routes to it (satisfies_hash_partition against an empty partitioned table
# with the coordinator's key), so nothing crosses the wire.
t0=$(ms)
if [ "${OCOP_BENCH_RELOAD:-0}" = 1 ] || [ "$(single -Atc "SELECT count(*) FROM registry.products" 2>/dev/null)" != "$N" ]; then
  "$BINDIR/psql" -X -q -d postgres -c "SET client_min_messages = warning" \
    -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
  single <<SQL
SET client_min_messages = warning;
CREATE EXTENSION ocop;
CREATE SCHEMA registry;
CREATE TABLE registry.products (
  code ocop_code PRIMARY KEY, name text NOT NULL, province int4 NOT NULL,
  product_set int4 NOT NULL, star ocop_star NOT NULL, recognized date NOT NULL);
CREATE INDEX products_province_idx ON registry.products (province);
$(gen "")
VACUUM ANALYZE registry.products;
SQL
fi
if [ "${OCOP_BENCH_RELOAD:-0}" = 1 ] || [ "$(coord -Atc "SELECT count(*) FROM registry.products")" != "$N" ]; then
  coord -c "TRUNCATE registry.products, registry.chains"
  for k in 1 2; do
    shard $k <<SQL &
SET client_min_messages = warning;
CREATE TABLE IF NOT EXISTS registry.bench_route (code ocop_code) PARTITION BY HASH (code);
$(gen "WHERE satisfies_hash_partition('registry.bench_route'::regclass, 2, $((k - 1)), code)")
DROP TABLE registry.bench_route;
VACUUM ANALYZE registry.products;
SQL
  done
  wait
  coord -c "ANALYZE registry.products"
fi
echo "load (when needed): $(( ($(ms) - t0) / 1000 )) s"

# Routing check: the coordinator finds every sampled code on its shard.
found=$(coord -Atc "SELECT count(*) FROM registry.products WHERE code IN (
  SELECT code FROM registry.products_p0 ORDER BY code LIMIT 50)")
sizes=$(coord -Atc "SELECT count(*) FILTER (WHERE tableoid = 'registry.products_p0'::regclass),
                           count(*) FILTER (WHERE tableoid = 'registry.products_p1'::regclass)
                    FROM registry.products")
echo "rows per shard: ${sizes/|/ + }; routed lookups of 50 codes found $found"
[ "$found" = 50 ] || { echo "routing check failed" >&2; exit 1; }

# ---------------------------------------------------------------------------
# Scatter-gather: products by star tier and province.
ONE="SELECT province, star, count(*) FROM registry.products GROUP BY 1, 2"
PUSH="SELECT province, star, sum(n) FROM (
  SELECT province, star, count(*) AS n FROM registry.products_p0 GROUP BY 1, 2
  UNION ALL
  SELECT province, star, count(*) FROM registry.products_p1 GROUP BY 1, 2) s GROUP BY 1, 2"

# The variants run interleaved, REPS rounds of each in turn (one session per
# node per round, its first query a warm-up that also opens the connections
# to the shards), so that the load of other programs on the machine weighs on
# all of them alike; each variant's time is its median over the rounds.
round() {  # round single|coord "label|settings|query"... -> "label ms" lines
  local who=$1 v warm="SELECT 1;"; shift
  [ "$who" = single ] ||
    warm="SELECT (SELECT 1 FROM registry.products_p0 LIMIT 1), (SELECT 1 FROM registry.products_p1 LIMIT 1);"
  {
    echo '\o /dev/null'
    echo "$warm"
    echo '\timing on'
    for v in "$@"; do
      v=${v#*|}
      echo "${v%%|*}"
      echo "${v#*|};"
    done
  } | "$who" 2>&1 | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | grep -v '^$' |
    awk 'NR % 2 == 0' | paste -d' ' <(for v in "$@"; do echo "${v%%|*}"; done) -
}
S_PAR="one_par|SET max_parallel_workers_per_gather = 2;|$ONE"
S_SER="one_ser|SET max_parallel_workers_per_gather = 0;|$ONE"
C_ASYNC="sh_async|SET enable_async_append = on;|$PUSH"
C_SYNC="sh_sync|SET enable_async_append = off;|$PUSH"
C_ROWS="sh_rows|SET enable_partitionwise_aggregate = on;|$ONE"
TIMES=$(mktemp /tmp/ocop-bench-times.XXXXXX)
for ((r = 0; r < REPS; r++)); do
  if [ $((r % 2)) = 0 ]; then round single "$S_PAR" "$S_SER"; round coord "$C_ASYNC" "$C_SYNC"
  else round coord "$C_SYNC" "$C_ASYNC"; round single "$S_SER" "$S_PAR"; fi
  [ $r -ge 3 ] || round coord "$C_ROWS"    # 5 s a time: three rounds are enough
done >"$TIMES"
median() { awk -v k="$1" '$1 == k {print $2}' "$TIMES" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
one_par=$(median one_par); one_ser=$(median one_ser)
sh_async=$(median sh_async); sh_sync=$(median sh_sync); sh_rows=$(median sh_rows)
rm -f "$TIMES"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo
echo "scatter-gather: products by star tier and province ($N rows, 68 groups)"
printf '%-62s %10s %9s\n' "variant" "ms" "speedup"
printf '%-62s %10s %9s\n' "one node, serial (baseline)" "$one_ser" "1.00"
printf '%-62s %10s %9s\n' "one node, parallel query (2 workers)" "$one_par" "$(ratio "$one_ser" "$one_par")"
printf '%-62s %10s %9s\n' "2 shards, per-shard aggregates shipped, async foreign scans" "$sh_async" "$(ratio "$one_ser" "$sh_async")"
printf '%-62s %10s %9s\n' "2 shards, per-shard aggregates shipped, synchronous" "$sh_sync" "$(ratio "$one_ser" "$sh_sync")"
printf '%-62s %10s %9s\n' "2 shards, plain query on the partitioned table (rows shipped)" "$sh_rows" "$(ratio "$one_ser" "$sh_rows")"
echo "async vs synchronous: $(ratio "$sh_sync" "$sh_async")x; 2 shards async vs one node parallel: $(ratio "$one_par" "$sh_async")x"

# ---------------------------------------------------------------------------
# Single-row lookup by code (pgbench, one client, simple protocol: the code
# is a constant at planning, so the coordinator prunes to one shard).
LOOKUP=$(mktemp /tmp/ocop-bench-lookup.XXXXXX)
trap 'rm -f "$LOOKUP" "$LOOKUP".*' EXIT
chmod 644 "$LOOKUP"
cat >"$LOOKUP" <<SQL
\\set i random(1, $N)
SELECT * FROM registry.products WHERE code = ocop_code(1 + :i % 34, 1 + (:i * 7) % 500, 1 + :i % 26, 2018 + :i % 8, 1 + :i % 9999, CASE WHEN :i % 3 = 0 THEN 1 + :i % 20 END);
SQL
[ "$(coord -Atc "$(sed -n 2p "$LOOKUP" | sed 's/:i/123457/g')" | wc -l)" = 1 ] || { echo "lookup finds no row" >&2; exit 1; }
plan=$(coord -Atc "EXPLAIN $(sed -n 2p "$LOOKUP" | sed 's/:i/123457/g')")
[ "$(echo "$plan" | grep -c 'Foreign Scan')" = 1 ] || { echo "lookup not routed to one shard: $plan" >&2; exit 1; }
lat() {  # lat single|coord simple|prepared -> "average median p90" latency in ms
  local log=$LOOKUP.log
  rm -f "$log".*
  if [ "$1" = coord ]; then
    PGHOST=$SHARDS_PGHOST PGPORT=$SHARDS_PGPORT PGUSER=$SHARDS_PGUSER \
      "$BINDIR/pgbench" -n -M "$2" -c 1 -t "$LOOKUPS" -f "$LOOKUP" -l --log-prefix="$log" "$SHARDS_PGDATABASE"
  else
    "$BINDIR/pgbench" -n -M "$2" -c 1 -t "$LOOKUPS" -f "$LOOKUP" -l --log-prefix="$log" "$DB"
  fi >/dev/null 2>&1
  # per-transaction log: client, transaction, latency in microseconds, ...
  awk '{print $3 / 1000}' "$log".* | sort -n |
    awk '{a[NR] = $1; s += $1} END {printf "%.3f %.3f %.3f", s / NR, a[int((NR + 1) / 2)], a[int(NR * 0.9)]}'
  rm -f "$log".*
}
# What one round trip to a shard costs right now (postgres_fdw makes five for
# a lookup in its own transaction: START TRANSACTION, DECLARE, FETCH, CLOSE,
# COMMIT).
echo 'SELECT 1;' >"$LOOKUP.rt"
rt=$(PGHOST=127.0.0.1 PGPORT=$((SHARDS_PGPORT + 1)) PGUSER=$SHARDS_PGUSER \
  "$BINDIR/pgbench" -n -c 1 -t "$LOOKUPS" -f "$LOOKUP.rt" "$SHARDS_PGDATABASE" 2>/dev/null |
  sed -n 's/^latency average = \([0-9.]*\) ms/\1/p')
rm -f "$LOOKUP.rt"
l_one=$(lat single simple)
l_sh=$(lat coord simple)
l_one_p=$(lat single prepared)
l_sh_p=$(lat coord prepared)
echo
echo "lookup by code, $LOOKUPS random codes, one client (pgbench; ms per query)"
printf '%-62s %8s %8s %8s\n' "variant" "average" "median" "p90"
printf '%-62s %8s %8s %8s\n' "one node, simple protocol" $l_one
printf '%-62s %8s %8s %8s\n' "coordinator, routed to one shard, simple protocol" $l_sh
printf '%-62s %8s %8s %8s\n' "one node, prepared" $l_one_p
printf '%-62s %8s %8s %8s\n' "coordinator, routed to one shard, prepared" $l_sh_p
printf '%-62s %8s\n' "(one TCP round trip to a shard: SELECT 1 over 127.0.0.1)" "$rt"
med() { echo "$1" | cut -d' ' -f2; }
echo "median overhead of the coordinator: $(awk -v a="$(med "$l_sh")" -v b="$(med "$l_one")" 'BEGIN { printf "%.3f", a - b }') ms (simple), $(awk -v a="$(med "$l_sh_p")" -v b="$(med "$l_one_p")" 'BEGIN { printf "%.3f", a - b }') ms (prepared); target: a routed lookup under 2 ms"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
