#!/usr/bin/env bash
# Citus with two workers (scripts/citus) against one node and against the two
# postgres_fdw shards (scripts/shards), on the same N products (default 4
# million, the size of bench/shards.sh):
#   - the scatter-gather aggregate of bench/shards.sh, products by star tier
#     and province: one node serial and with parallel query (the fair
#     baseline on the same cores), the fdw shards (per-shard aggregates
#     shipped, asynchronous scans), Citus (the plain query: Citus sends
#     partial aggregates to every shard and combines them);
#   - the same with each node pinned to its own core (taskset): one node on
#     core 0 against Citus's worker1 on core 0 and worker2 on core 1 (the
#     coordinator, which only combines 68 groups per shard, on core 1);
#   - a single-row lookup by code (pgbench, one client), routed to one shard
#     by the fdw coordinator and by Citus, against one node.
# Prints times (median of REPS interleaved rounds after a warm-up) and ratios
# to the baselines measured in the same run.  The one node is the throwaway
# cluster (PGHOST/PGPORT, as set by bench/run).
# Run through `make bench` or: bash bench/run bench/citus.sh
# Settings: OCOP_BENCH_ROWS (N), OCOP_BENCH_REPS (5), OCOP_BENCH_LOOKUPS
# (3000); rows are kept where they already number N (OCOP_BENCH_RELOAD=1
# reloads).  The pinned part needs taskset (util-linux) and 2 cores or more.
set -euo pipefail
TOP=$(cd "$(dirname "$0")/.." && pwd)
PG_CONFIG=${PG_CONFIG:-pg_config}
export PG_CONFIG
BINDIR=$("$PG_CONFIG" --bindir)
N=${OCOP_BENCH_ROWS:-4000000}
REPS=${OCOP_BENCH_REPS:-5}
LOOKUPS=${OCOP_BENCH_LOOKUPS:-3000}
DB=ocop_bench_shards          # the one node's database, shared with bench/shards.sh

bash "$TOP/scripts/shards" start
bash "$TOP/scripts/citus" start
. "$TOP/scripts/shards-client.sh"
. "$TOP/scripts/citus-client.sh"
single() { "$BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -d "$DB" "$@"; }
ms() { echo $(( $(date +%s%N) / 1000000 )); }

# The generator of bench/shards.sh (and of the tests), over N rows.
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
echo "rows: $N; Citus: $(citus -Atc "SELECT extversion FROM pg_extension WHERE extname = 'citus'"), $(citus -Atc "SELECT count(*) FROM pg_dist_shard WHERE logicalrelid = 'registry.products'::regclass") shards on 2 workers"

# ---------------------------------------------------------------------------
# Load (each where it is missing).
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
if [ "${OCOP_BENCH_RELOAD:-0}" = 1 ] || [ "$(citus -Atc "SELECT count(*) FROM registry.products")" != "$N" ]; then
  # Generated on the coordinator, sent to the shards by Citus (COPY).
  citus -c "TRUNCATE registry.products, registry.chains" -c "$(gen "")" -c "VACUUM ANALYZE registry.products"
fi
echo "load (when needed): $(( ($(ms) - t0) / 1000 )) s"

# ---------------------------------------------------------------------------
ONE="SELECT province, star, count(*) FROM registry.products GROUP BY 1, 2"
PUSH="SELECT province, star, sum(n) FROM (
  SELECT province, star, count(*) AS n FROM registry.products_p0 GROUP BY 1, 2
  UNION ALL
  SELECT province, star, count(*) FROM registry.products_p1 GROUP BY 1, 2) s GROUP BY 1, 2"
a=$(single -At -c "$ONE" | sort); b=$(citus -At -c "$ONE" | sort); c=$(coord -At -c "$PUSH" | sort)
[ "$a" = "$b" ] && [ "$a" = "$c" ] || { echo "the three answers of the aggregate differ" >&2; exit 1; }

# One session per node per round, its first query a warm-up (it also opens
# the connections to the shards or workers); variants interleaved so that the
# other programs' load weighs on all alike; each time is the median of REPS.
round() {  # round single|coord|citus "label|settings|query"... -> "label ms" lines
  local who=$1 v; shift
  {
    echo '\o /dev/null'
    case $who in
      single) echo "SELECT 1;" ;;
      coord) echo "SELECT (SELECT 1 FROM registry.products_p0 LIMIT 1), (SELECT 1 FROM registry.products_p1 LIMIT 1);" ;;
      citus) echo "$ONE;" ;;
    esac
    echo '\timing on'
    for v in "$@"; do
      v=${v#*|}
      echo "${v%%|*}"
      echo "${v#*|};"
    done
  } | "$who" 2>&1 | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | grep -v '^$' |
    awk 'NR % 2 == 0' | paste -d' ' <(for v in "$@"; do echo "${v%%|*}"; done) -
}
TIMES=$(mktemp /tmp/ocop-bench-citus.XXXXXX)
trap 'rm -f "$TIMES"' EXIT
median() { awk -v k="$1" '$1 == k {print $2}' "$TIMES" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
S_PAR="one_par|SET max_parallel_workers_per_gather = 2;|$ONE"
S_SER="one_ser|SET max_parallel_workers_per_gather = 0;|$ONE"
F_ASYNC="fdw|SET enable_async_append = on;|$PUSH"
C_AGG="citus|SET max_parallel_workers_per_gather = 2;|$ONE"
for ((r = 0; r < REPS; r++)); do
  if [ $((r % 2)) = 0 ]; then round single "$S_PAR" "$S_SER"; round coord "$F_ASYNC"; round citus "$C_AGG"
  else round citus "$C_AGG"; round coord "$F_ASYNC"; round single "$S_SER" "$S_PAR"; fi
done >"$TIMES"
one_par=$(median one_par); one_ser=$(median one_ser); fdw=$(median fdw); cit=$(median citus)
echo
echo "scatter-gather: products by star tier and province ($N rows, 68 groups), all cores shared"
printf '%-66s %9s %9s %9s\n' "variant" "ms" "vs serial" "vs par."
printf '%-66s %9s %9s %9s\n' "one node, serial" "$one_ser" "1.00" "$(ratio "$one_par" "$one_ser")"
printf '%-66s %9s %9s %9s\n' "one node, parallel query (2 workers) (baseline)" "$one_par" "$(ratio "$one_ser" "$one_par")" "1.00"
printf '%-66s %9s %9s %9s\n' "2 postgres_fdw shards, per-shard aggregates, async scans" "$fdw" "$(ratio "$one_ser" "$fdw")" "$(ratio "$one_par" "$fdw")"
printf '%-66s %9s %9s %9s\n' "Citus, 2 workers, plain query (partial aggregates on the shards)" "$cit" "$(ratio "$one_ser" "$cit")" "$(ratio "$one_par" "$cit")"

# ---------------------------------------------------------------------------
# Pinned: each node's postmaster (and so every backend it forks from now on)
# on one core.  Restored to all cores at the end, whatever happens.
postmaster_of() {  # postmaster_of single|citus-NODE -> pid
  local dir
  case $1 in
    single) dir=$(single -Atc "SHOW data_directory") ;;
    *) dir=${CITUS_PGHOST%/coord/run}/${1#citus-}/data ;;
  esac
  head -1 "$dir/postmaster.pid"
}
ALL=0-$(( $(nproc) - 1 ))
unpin() { local n; for n in single citus-coord citus-worker1 citus-worker2; do taskset -a -p -c "$ALL" "$(postmaster_of $n)" >/dev/null 2>&1 || true; done; }
if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then
  trap 'unpin; rm -f "$TIMES"' EXIT
  taskset -a -p -c 0 "$(postmaster_of single)" >/dev/null
  taskset -a -p -c 0 "$(postmaster_of citus-worker1)" >/dev/null
  taskset -a -p -c 1 "$(postmaster_of citus-worker2)" >/dev/null
  taskset -a -p -c 1 "$(postmaster_of citus-coord)" >/dev/null
  P_SER="pin_one|SET max_parallel_workers_per_gather = 0;|$ONE"
  P_CIT="pin_citus|SET max_parallel_workers_per_gather = 0;|$ONE"
  for ((r = 0; r < REPS; r++)); do
    if [ $((r % 2)) = 0 ]; then round single "$P_SER"; round citus "$P_CIT"
    else round citus "$P_CIT"; round single "$P_SER"; fi
  done >"$TIMES"
  unpin
  pin_one=$(median pin_one); pin_cit=$(median pin_citus)
  echo
  echo "the same, each node pinned to one core (taskset): one node on core 0; Citus worker1 on core 0, worker2 and the coordinator on core 1"
  printf '%-66s %9s %9s\n' "variant" "ms" "speedup"
  printf '%-66s %9s %9s\n' "one node on one core, serial (baseline)" "$pin_one" "1.00"
  printf '%-66s %9s %9s\n' "Citus, 2 workers on one core each" "$pin_cit" "$(ratio "$pin_one" "$pin_cit")"
else
  echo "(pinned comparison skipped: needs taskset and 2 cores)"
fi

# ---------------------------------------------------------------------------
# Single-row lookup by code (pgbench, one client).
LOOKUP=$(mktemp /tmp/ocop-bench-lookup.XXXXXX)
trap 'unpin; rm -f "$TIMES" "$LOOKUP" "$LOOKUP".*' EXIT
chmod 644 "$LOOKUP"
cat >"$LOOKUP" <<SQL
\\set i random(1, $N)
SELECT * FROM registry.products WHERE code = ocop_code(1 + :i % 34, 1 + (:i * 7) % 500, 1 + :i % 26, 2018 + :i % 8, 1 + :i % 9999, CASE WHEN :i % 3 = 0 THEN 1 + :i % 20 END);
SQL
q=$(sed -n 2p "$LOOKUP" | sed 's/:i/123457/g')
[ "$(citus -Atc "$q" | wc -l)" = 1 ] || { echo "lookup finds no row on Citus" >&2; exit 1; }
citus -Atc "EXPLAIN $q" | grep -q 'Task Count: 1$' || { echo "Citus lookup is not a router plan" >&2; exit 1; }
lat() {  # lat single|coord|citus simple|prepared -> "average median p90" latency in ms
  local log=$LOOKUP.log
  rm -f "$log".*
  case $1 in
    coord) PGHOST=$SHARDS_PGHOST PGPORT=$SHARDS_PGPORT PGUSER=$SHARDS_PGUSER \
             "$BINDIR/pgbench" -n -M "$2" -c 1 -t "$LOOKUPS" -f "$LOOKUP" -l --log-prefix="$log" "$SHARDS_PGDATABASE" ;;
    citus) PGHOST=$CITUS_PGHOST PGPORT=$CITUS_PGPORT PGUSER=$CITUS_PGUSER \
             "$BINDIR/pgbench" -n -M "$2" -c 1 -t "$LOOKUPS" -f "$LOOKUP" -l --log-prefix="$log" "$CITUS_PGDATABASE" ;;
    single) "$BINDIR/pgbench" -n -M "$2" -c 1 -t "$LOOKUPS" -f "$LOOKUP" -l --log-prefix="$log" "$DB" ;;
  esac >/dev/null 2>&1
  awk '{print $3 / 1000}' "$log".* | sort -n |
    awk '{a[NR] = $1; s += $1} END {printf "%.3f %.3f %.3f", s / NR, a[int((NR + 1) / 2)], a[int(NR * 0.9)]}'
  rm -f "$log".*
}
echo
echo "lookup by code, $LOOKUPS random codes, one client (pgbench; ms per query)"
printf '%-66s %8s %8s %8s\n' "variant" "average" "median" "p90"
for m in simple prepared; do
  printf '%-66s %8s %8s %8s\n' "one node, $m" $(lat single $m)
  printf '%-66s %8s %8s %8s\n' "postgres_fdw coordinator, routed to one shard, $m" $(lat coord $m)
  printf '%-66s %8s %8s %8s\n' "Citus coordinator, router plan (one task), $m" $(lat citus $m)
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
