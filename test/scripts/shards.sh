#!/usr/bin/env bash
# The sharded registry (scripts/shards, doc/scaling.md): load the same data
# through the coordinator and into one single node, then
#   - every query returns the same rows on both (and at least one row);
#   - EXPLAIN (VERBOSE) on the coordinator shows the ocop conditions and
#     functions inside the Remote SQL, with no local Filter left;
#   - lookups by code are routed to exactly one shard, and every row is found
#     there again (the coordinator's hash routing and the shards agree);
#   - the shipped conditions cover ocop_code_in_area (as the code range its
#     planner support makes of it; the shard runs it on its btree index),
#     ocop_code comparisons and accessors, ocop_star comparisons, chain @>
#     jsonb and trace_length, a co-located products-chains join, aggregates
#     grouped by the code, and the per-shard form of a scatter-gather
#     aggregate, scanned asynchronously;
#   - a crashed shard is brought back by `scripts/shards start`, rows intact;
#   - writes through the coordinator: chains stay append-only on the shards;
#   - without extensions 'ocop' on a server the same condition is NOT shipped
#     (so the checks above can fail).
# Run by make test with PGHOST/PGPORT/PGUSER set to the throwaway cluster (the
# single node) and OCOP_TOP to the repository.  Fails when postgres_fdw is
# not installed (part of postgresql-NN on Debian).  Shards: OCOP_SHARDS_PORT (default OCOP_PGPORT + 1, see
# scripts/shards); they are stopped at the end unless OCOP_SHARDS_KEEP=1.
set -euo pipefail
TOP=${OCOP_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
PG_CONFIG=${PG_CONFIG:-pg_config}
export PG_CONFIG
BINDIR=$("$PG_CONFIG" --bindir)
[ -f "$("$PG_CONFIG" --sharedir)/extension/postgres_fdw.control" ] || {
  echo "FAIL: postgres_fdw is not installed"; exit 1; }

SINGLE_DB=ocop_shards_single
N=${OCOP_SHARDS_TEST_ROWS:-20000}
fails=0
ok() { echo "   ok   $*"; }
bad() { echo "   FAIL $*"; fails=$((fails + 1)); }

bash "$TOP/scripts/shards" start
cleanup() {
  [ "${OCOP_SHARDS_KEEP:-0}" = 1 ] || bash "$TOP/scripts/shards" stop || true
}
trap cleanup EXIT
. "$TOP/scripts/shards-client.sh"
single() { "$BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -d "$SINGLE_DB" "$@"; }

# ---------------------------------------------------------------------------
# The same data on both: the single node gets plain tables like a shard's.
"$BINDIR/psql" -X -q -d postgres -c "SET client_min_messages = warning" \
  -c "DROP DATABASE IF EXISTS $SINGLE_DB" -c "CREATE DATABASE $SINGLE_DB"
single <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION ocop;
CREATE SCHEMA registry;
CREATE TABLE registry.products (
  code        ocop_code PRIMARY KEY,
  name        text NOT NULL,
  province    int4 NOT NULL,
  product_set int4 NOT NULL,
  star        ocop_star NOT NULL,
  recognized  date NOT NULL
);
CREATE INDEX products_province_idx ON registry.products (province);
CREATE TABLE registry.chains (
  code  ocop_code NOT NULL,
  lot   text NOT NULL,
  chain trace_chain NOT NULL,
  PRIMARY KEY (code, lot)
);
CREATE INDEX chains_chain_idx ON registry.chains USING gin (chain);
SQL

# Deterministic rows: two-level codes and, for every third row, three-level
# (pre-reform) codes; mostly 3-star products; Vietnamese names check the text
# wire format.  Every fourth product has a lot with a chain of 2 or 3 events,
# built on the coordinator and re-read (hashes recomputed) by the shard.
LOAD="
INSERT INTO registry.products (code, name, province, product_set, star, recognized)
SELECT ocop_code(p, c, s, y, n, d), 'Sản phẩm OCOP số ' || i, p, s,
       (CASE WHEN i % 50 = 0 THEN 5 WHEN i % 4 = 1 THEN 4 ELSE 3 END)::ocop_star,
       make_date(y, 1 + i % 12, 1 + i % 28)
FROM (SELECT i, 1 + i % 34 AS p, 1 + (i * 7) % 500 AS c, 1 + i % 26 AS s, 2018 + i % 8 AS y,
             1 + i % 9999 AS n, CASE WHEN i % 3 = 0 THEN 1 + i % 20 END AS d
      FROM generate_series(1, $N) i) g;
INSERT INTO registry.chains (code, lot, chain)
SELECT code, 'L' || i,
       CASE WHEN i % 8 = 0 THEN trace_append(ch, 'shipping', t + interval '2 days', actor => 'NPP-' || i % 7,
                                             place => '00145', disposition => 'in_transit')
            ELSE ch END
FROM (SELECT i, code, t,
             trace_append(trace_append(NULL, 'harvesting', t, actor => 'HTX-' || i % 50,
                                       place => ocop_code_commune(code)),
                          'processing', t + interval '1 day', actor => 'HTX-' || i % 50,
                          lot => 'L' || i, quantity => i % 100, uom => 'KGM') AS ch
      FROM (SELECT i, ocop_code(1 + i % 34, 1 + (i * 7) % 500, 1 + i % 26, 2018 + i % 8, 1 + i % 9999,
                                CASE WHEN i % 3 = 0 THEN 1 + i % 20 END) AS code,
                   '2024-01-01 08:00+07'::timestamptz + i * interval '1 minute' AS t
            FROM generate_series(4, $N, 4) i) g) h;"
coord -c "TRUNCATE registry.products, registry.chains" -c "$LOAD" -c "ANALYZE registry.products, registry.chains"
single -c "$LOAD" -c "ANALYZE registry.products, registry.chains"

# ---------------------------------------------------------------------------
# Routing: each shard holds exactly its partition, and every code is found
# again by a lookup routed to one shard.
echo "-- routing"
n1=$(shard 1 -Atc "SELECT count(*) FROM registry.products")
n2=$(shard 2 -Atc "SELECT count(*) FROM registry.products")
p0=$(coord -Atc "SELECT count(*) FROM registry.products_p0")
if [ "$n1" = "$p0" ] && [ $((n1 + n2)) = "$N" ] && [ "$n1" -gt $((N / 3)) ] && [ "$n2" -gt $((N / 3)) ]; then
  ok "rows split $n1 + $n2 = $N between the shards"
else
  bad "rows split shard1=$n1 shard2=$n2 p0=$p0, expected $N in total, both near half"
fi
found=$(coord -Atc "
DO \$\$
DECLARE c ocop_code; n int := 0;
BEGIN
  FOR c IN SELECT code FROM registry.products_p1 ORDER BY code LIMIT 100 LOOP
    n := n + (SELECT count(*) FROM registry.products WHERE code = c);
  END LOOP;
  FOR c IN SELECT code FROM registry.products_p0 ORDER BY code LIMIT 100 LOOP
    n := n + (SELECT count(*) FROM registry.products WHERE code = c);
  END LOOP;
  RAISE NOTICE '%', n;
END \$\$;" 2>&1 | sed -n 's/.*NOTICE: *//p')
[ "$found" = 200 ] && ok "200 codes read back from each shard are found by routed lookups" \
                   || bad "routed lookups found $found of 200 codes"

# A shard that crashed (immediate stop: no checkpoint) is brought back by
# start, with its rows (crash recovery), and start stays idempotent.
SHROOT=${SHARDS_PGHOST%/coord/run}
if [ "$(id -u)" = 0 ]; then
  runuser -u postgres -- "$BINDIR/pg_ctl" -D "$SHROOT/shard2/data" -m immediate -w stop >/dev/null
else
  "$BINDIR/pg_ctl" -D "$SHROOT/shard2/data" -m immediate -w stop >/dev/null
fi
if bash "$TOP/scripts/shards" status >/dev/null; then bad "status says all run with shard2 stopped"; fi
bash "$TOP/scripts/shards" start && bash "$TOP/scripts/shards" start
if bash "$TOP/scripts/shards" status >/dev/null && [ "$(shard 2 -Atc "SELECT count(*) FROM registry.products")" = "$n2" ] &&
   [ "$(coord -Atc "SELECT count(*) FROM registry.products")" = "$N" ]; then
  ok "a crashed shard is restarted by start, with its $n2 rows"
else
  bad "after a shard crash: $(bash "$TOP/scripts/shards" status 2>&1 | tr '\n' ' ')"
fi

# ---------------------------------------------------------------------------
# Each query: same rows (sorted) on coordinator and single node, at least one; in
# EXPLAIN (VERBOSE) on the coordinator: every regex given is found in the
# Remote SQL lines, no local "Filter:" remains, and the foreign scans number
# SCANS (0: do not check).  SQ, when set, is the single node's form of the
# query (it has no partitions to name).
echo "-- queries"
check() {  # check NAME SCANS QUERY REGEX...
  local name=$1 scans=$2 q=$3; shift 3
  local a b plan remote re n
  a=$(coord -At -F'|' -c "$q" 2>&1 | sort) || true
  b=$(single -At -F'|' -c "${SQ:-$q}" 2>&1 | sort) || true
  if [ -z "$a" ]; then bad "$name: no rows (or error) on the coordinator"
  elif [ "$a" != "$b" ]; then
    bad "$name: coordinator and single node differ"; diff <(echo "$a") <(echo "$b") | head -10
  else ok "$name: $(echo "$a" | wc -l) identical rows"
  fi
  plan=$(coord -At -c "SET enable_partitionwise_aggregate = on" -c "SET enable_partitionwise_join = on" \
    -c "EXPLAIN (VERBOSE, COSTS OFF) $q" 2>&1) || true
  remote=$(echo "$plan" | sed -n 's/^ *Remote SQL: //p')
  for re in "$@"; do
    if ! echo "$remote" | grep -Eq -- "$re"; then
      bad "$name: /$re/ not in the Remote SQL"; echo "$plan" | sed 's/^/      /'; return
    fi
  done
  if echo "$plan" | grep -Eq '^ *Filter:'; then
    bad "$name: a condition is evaluated on the coordinator"; echo "$plan" | sed 's/^/      /'; return
  fi
  n=$(echo "$plan" | grep -Ec 'Foreign Scan' || true)
  if [ "$scans" != 0 ] && [ "$n" != "$scans" ]; then
    bad "$name: $n foreign scans, expected $scans"; echo "$plan" | sed 's/^/      /'; return
  fi
  ok "$name: shipped${*:+ ($*)}"
}
# Whether the area condition is shipped as the function call or as the range
# its planner support makes of it, both are computed on the shards.
AREA='public\.ocop_code_in_area\(code, |code OPERATOR\(public\.>=\) .* AND .*code OPERATOR\(public\.<=\)'

check "area: province" 2 \
  "SELECT code, name FROM registry.products WHERE ocop_code_in_area(code, '07') ORDER BY code" "$AREA"
check "area: pre-reform district" 2 \
  "SELECT code, recognized FROM registry.products WHERE ocop_code_in_area(code, '03-003') ORDER BY code" "$AREA"
# The shard computes the shipped area condition on its btree index.
remote=$(coord -At -c "EXPLAIN (VERBOSE, COSTS OFF)
  SELECT code FROM registry.products_p0 WHERE ocop_code_in_area(code, '07')" | sed -n 's/^ *Remote SQL: //p')
plan=$(shard 1 -At -c "SET enable_seqscan = off" -c "EXPLAIN (COSTS OFF) $remote" 2>&1) || true
echo "$plan" | grep -Eq 'Index Cond: .*code >= .*code <= ' && ok "area: shard1 runs the shipped range on its btree index" \
  || { bad "area: shard1's plan for the Remote SQL"; echo "$remote"; echo "$plan" | sed 's/^/      /'; }
code=$(single -Atc "SELECT code FROM registry.products ORDER BY code OFFSET 4321 LIMIT 1")
check "lookup by code, one shard" 1 \
  "SELECT * FROM registry.products WHERE code = '$code'" "code OPERATOR\(public\.=\) '$code'"
check "code range and accessors" 2 \
  "SELECT code, product_set FROM registry.products
   WHERE code BETWEEN ocop_code(5, 1, 0, 2018, 1) AND ocop_code(9, 99999, 26, 2099, 9999, 999)
     AND ocop_code_year(code) = 2021 AND ocop_code_district(code) IS NOT NULL ORDER BY code" \
  'OPERATOR\(public\.>=\)' 'OPERATOR\(public\.<=\)' 'public\.ocop_code_year\(code\) = 2021' \
  'public\.ocop_code_district\(code\) IS NOT NULL'
check "ocop_code ordering, top 5" 2 \
  "SELECT code FROM registry.products WHERE ocop_code_province(code) > 30 ORDER BY code DESC LIMIT 5" \
  'public\.ocop_code_province\(code\) > 30' 'ORDER BY code DESC'
check "group by code (the partition key): whole aggregates on the shards" 2 \
  "SELECT code, count(*), min(recognized) FROM registry.products WHERE product_set = 9 GROUP BY code" \
  'SELECT code, count\(\*\), min\(recognized\) FROM .* GROUP BY 1'
# PG15's postgres_fdw ships whole aggregates only, never partial ones: a
# scatter-gather aggregate over all shards is written as one aggregate per
# partition (each shipped whole, scanned concurrently) and a local combine.
SQ="SELECT province, min(code), max(code), count(*) FROM registry.products GROUP BY 1" \
check "scatter-gather: min/max(ocop_code) by province" 2 \
  "SELECT province, min(lo), max(hi), sum(n) FROM (
     SELECT province, min(code) AS lo, max(code) AS hi, count(*) AS n FROM registry.products_p0 GROUP BY 1
     UNION ALL
     SELECT province, min(code), max(code), count(*) FROM registry.products_p1 GROUP BY 1) s
   GROUP BY province" \
  'SELECT province, public\.min\(code\), public\.max\(code\), count\(\*\) FROM registry\.products GROUP BY 1'
plan=$(coord -At -c "EXPLAIN (VERBOSE, COSTS OFF)
  SELECT province, count(*) FROM registry.products_p0 GROUP BY 1 UNION ALL
  SELECT province, count(*) FROM registry.products_p1 GROUP BY 1")
[ "$(echo "$plan" | grep -c 'Async Foreign Scan')" = 2 ] && ok "scatter-gather: the shards are scanned asynchronously" \
  || { bad "scatter-gather: no async foreign scans"; echo "$plan" | sed 's/^/      /'; }

check "star comparisons" 2 \
  "SELECT code, star FROM registry.products WHERE star >= '4-star' AND star < '5 sao' AND province = 4" \
  "star OPERATOR\(public\.>=\) '4-star'" "star OPERATOR\(public\.<\) '5-star'"
check "star tier of the area's products" 2 \
  "SELECT code, name FROM registry.products WHERE star = '5-star' AND ocop_code_in_area(code, '11')" \
  "star OPERATOR\(public\.=\) '5-star'" "$AREA"
SQ="SELECT province, star, count(*), min(code) FROM registry.products GROUP BY 1, 2" \
check "scatter-gather: products by star tier and province" 2 \
  "SELECT province, star, sum(n), min(lo) FROM (
     SELECT province, star, count(*) AS n, min(code) AS lo FROM registry.products_p0 GROUP BY 1, 2
     UNION ALL
     SELECT province, star, count(*), min(code) FROM registry.products_p1 GROUP BY 1, 2) s
   GROUP BY 1, 2" \
  'SELECT province, star, count\(\*\), public\.min\(code\) FROM registry\.products GROUP BY 1, 2'
check "chain @> jsonb" 2 \
  "SELECT code, lot, trace_length(chain) FROM registry.chains WHERE chain @> '{\"actor\": \"HTX-8\", \"bizStep\": \"processing\"}'" \
  'chain OPERATOR\(public\.@>\) .*HTX-8.*::jsonb'
check "chains: text form and head hash read back" 2 \
  "SELECT code, lot, chain::text, encode(trace_head(chain), 'hex') FROM registry.chains
   WHERE ocop_code_in_area(code, '05') AND trace_length(chain) = 3" \
  'public\.trace_length\(chain\) = 3' "$AREA"
check "co-located join products-chains, run on each shard" 2 \
  "SELECT p.code, p.star, c.lot, trace_length(c.chain)
   FROM registry.products p JOIN registry.chains c ON c.code = p.code
   WHERE p.star > '3-star' AND c.chain @> '{\"disposition\": \"in_transit\"}'" \
  'INNER JOIN registry\.chains' "star OPERATOR\(public\.>\) '3-star'" 'chain OPERATOR\(public\.@>\)'

# Chains stay append-only on the shards: appending through the coordinator
# works, rewriting fails with the shard's error.
echo "-- writes through the coordinator"
lot=$(single -Atc "SELECT code || '|' || lot FROM registry.chains ORDER BY code, lot LIMIT 1")
len=$(single -Atc "SELECT trace_length(chain) FROM registry.chains ORDER BY code, lot LIMIT 1")
w=$(coord -At -c "UPDATE registry.chains SET chain = trace_append(chain, 'receiving', '2024-06-01 08:00+07', actor => 'SHOP-1')
                  WHERE code = '${lot%%|*}' AND lot = '${lot#*|}'" \
              -c "SELECT trace_length(chain) FROM registry.chains WHERE code = '${lot%%|*}' AND lot = '${lot#*|}'" 2>&1) || true
e=$(coord -At -c "UPDATE registry.chains SET chain = trace_append(NULL, 'harvesting', '2024-06-01 08:00+07')
                  WHERE code = '${lot%%|*}'" 2>&1) || true
if [ "$w" = $((len + 1)) ] && echo "$e" | grep -q 'is append-only'; then
  ok "chains: appended through the coordinator, rewrite refused by the shard's trigger"
else
  bad "chains: append gave '$w', rewrite gave '$e'"
fi

# A condition whose function is unknown to the shard servers stays local:
# proof that extensions 'ocop' is what ships them.
coord -c "ALTER SERVER shard1 OPTIONS (DROP extensions)"
plan=$(coord -At -c "EXPLAIN (VERBOSE, COSTS OFF)
  SELECT code FROM registry.products WHERE ocop_code_year(code) = 2021" 2>&1) || true
coord -c "ALTER SERVER shard1 OPTIONS (ADD extensions 'ocop')"
if echo "$plan" | grep -q 'Filter: (ocop_code_year(products_1.code) = 2021)' &&
   [ "$(echo "$plan" | grep -c 'public.ocop_code_year')" = 1 ]; then
  ok "without extensions 'ocop', shard1 gets no ocop function (local Filter)"
else
  bad "without extensions 'ocop' the plan was:"; echo "$plan" | sed 's/^/      /'
fi

"$BINDIR/psql" -X -q -d postgres -c "DROP DATABASE IF EXISTS $SINGLE_DB"
[ $fails -eq 0 ] || { echo "   $fails check(s) failed"; exit 1; }
