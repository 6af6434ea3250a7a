#!/usr/bin/env bash
# The distributed registry on Citus (scripts/citus, doc/scaling.md): Citus is
# built from ../shared/vendor/citus as part of the set-up (a failed build
# fails this test), a coordinator and two workers are made anew on free
# loopback ports, and the same data is loaded through the coordinator and
# into one single node; then
#   - CREATE EXTENSION ocop on the coordinator reached both workers, at the
#     coordinator's version (and ocop_postgis where PostGIS is installed);
#   - every query of the postgres_fdw shard test (test/scripts/shards.sh)
#     returns the same rows on both (and at least one row), and EXPLAIN
#     (VERBOSE) shows its ocop functions and operators inside the query sent
#     to the workers, with no condition left on the coordinator;
#   - a lookup by code = ... is a router plan (one task) for codes of every
#     form (two-level, three-level, a legacy provincial literal, product set
#     0), its shard is the one get_shard_id_for_distribution_column names and
#     the row is in that shard's table on the worker;
#   - chains are append-only on the workers: trace_append through the
#     coordinator works, a rewrite is refused by the shards' trigger;
#   - an EPCIS document imported through the coordinator gives the head the
#     single node computes;
#   - after a shard group is moved to the other worker, every chain verifies,
#     the answers are unchanged, and the workers' index scans answer like
#     their sequential scans;
#   - a worker stopped with -m immediate in the middle of a load: the
#     statements that reach it fail with an error on the coordinator, every
#     acknowledged row is there after the worker is started again, and the
#     answers equal the single node's once the failed rows are loaded again.
# Run by make test with PGHOST/PGPORT/PGUSER set to the throwaway cluster (the
# single node) and OCOP_TOP to the repository.  The nodes are removed at the
# end unless OCOP_CITUS_KEEP=1 (then `scripts/citus psql` reaches them).
set -euo pipefail
TOP=${OCOP_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
PG_CONFIG=${PG_CONFIG:-pg_config}
export PG_CONFIG
BINDIR=$("$PG_CONFIG" --bindir)

SINGLE_DB=ocop_citus_single
N=${OCOP_CITUS_TEST_ROWS:-20000}
fails=0
ok() { echo "   ok   $*"; }
bad() { echo "   FAIL $*"; fails=$((fails + 1)); }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# Set-up: build (or reuse the cached build) and a fresh three-node cluster
# (OCOP_CITUS_KEEP=1 keeps it at the end, and reuses it at the start).
# The nodes run with fsync = off: what the test stops is a server process
# (pg_ctl -m immediate), never the machine, and the kernel keeps every WAL
# write a commit made, so recovery sees the same as with fsync on (it only
# spares the disk flushes of 2PC, CREATE/DROP DATABASE and checkpoints).
export OCOP_CITUS_CONF="fsync = off"
[ "${OCOP_CITUS_KEEP:-0}" = 1 ] || bash "$TOP/scripts/citus" destroy
bash "$TOP/scripts/citus" start || { echo "FAIL: scripts/citus start"; exit 1; }
cleanup() {
  [ -z "${placed:-}" ] || rm -f "$placed"
  [ "${OCOP_CITUS_KEEP:-0}" = 1 ] || bash "$TOP/scripts/citus" destroy || true
}
trap cleanup EXIT
. "$TOP/scripts/citus-client.sh"
CROOT=${CITUS_PGHOST%/coord/run}
single() { "$BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -d "$SINGLE_DB" "$@"; }

# ---------------------------------------------------------------------------
echo "-- extensions on the workers"
want=$(citus -Atc "SELECT string_agg(extname || ' ' || extversion, ', ' ORDER BY extname) FROM pg_extension
                   WHERE extname IN ('ocop', 'ocop_postgis', 'postgis')")
for w in 1 2; do
  have=$(worker $w -Atc "SELECT string_agg(extname || ' ' || extversion, ', ' ORDER BY extname) FROM pg_extension
                         WHERE extname IN ('ocop', 'ocop_postgis', 'postgis')")
  [ -n "$want" ] && [ "$have" = "$want" ] && ok "worker$w has $have, created by the coordinator's CREATE EXTENSION" \
    || bad "worker$w has '$have', the coordinator '$want'"
done
if [ -f "$("$PG_CONFIG" --sharedir)/extension/postgis.control" ]; then
  echo "$want" | grep -q ocop_postgis && ok "ocop_postgis installed (PostGIS is present)" || bad "ocop_postgis missing: $want"
fi
# The extension's reference tables are each node's own, with the same rows.
for t in ocop_ranking_band ocop_criterion ocop_admin_commune trace_cbv_vocabulary; do
  q="SELECT count(*), md5(string_agg(t::text, '|' ORDER BY t::text)) FROM $t t"
  a=$(citus -Atc "$q"); b=$(worker 1 -Atc "$q"); c=$(worker 2 -Atc "$q")
  [ "${a%%|*}" -gt 0 ] && [ "$a" = "$b" ] && [ "$a" = "$c" ] && ok "reference table $t: the same ${a%%|*} rows on the three nodes, a local table on each" \
    || bad "$t differs: '$a' / '$b' / '$c'"
done
[ -z "$(citus -Atc "SELECT logicalrelid FROM pg_dist_partition WHERE logicalrelid::text NOT LIKE 'registry.%'")" ] &&
  ok "no table of the extensions is in Citus's metadata" || bad "Citus distributed a table of an extension"

# ALTER EXTENSION ... UPDATE on the coordinator: the previous release's
# install script (built from this clone's history, as test/scripts/upgrade.sh
# does) is put beside the current files for the time of the check, a second
# database gets Citus on the three nodes, ocop at that release, then UPDATE.
prev=$(grep -vE '^\s*(#|$)' "$TOP/sql/RELEASES" | tail -1)
pv=${prev%% *}; pc=${prev##* }
cur=$(sed -n "s/^default_version *= *'\(.*\)'/\1/p" "$TOP/ocop.control")
EXTDIR=$("$PG_CONFIG" --sharedir)/extension
UPD=ocop_citus_update
tmp=$(mktemp -d)
if git -C "$TOP" archive "$pc" | tar -x -C "$tmp" && make -s -C "$tmp" "sql/ocop--$pv.sql" >/dev/null 2>&1 &&
   [ ! -e "$EXTDIR/ocop--$pv.sql" ]; then
  cp "$tmp/sql/ocop--$pv.sql" "$EXTDIR/"
  placed=$EXTDIR/ocop--$pv.sql
  for n in coord worker1 worker2; do
    ( PGHOST=$CROOT/$n/run PGPORT=$(bash "$TOP/scripts/citus" port $n) "$BINDIR/psql" -X -q -U postgres -d postgres \
        -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $UPD WITH (FORCE)" -c "CREATE DATABASE $UPD"
      PGHOST=$CROOT/$n/run PGPORT=$(bash "$TOP/scripts/citus" port $n) "$BINDIR/psql" -X -q -U postgres -d $UPD \
        -c "SET client_min_messages = warning" -c "CREATE EXTENSION citus" ) &
  done
  wait
  u() { PGHOST=$CITUS_PGHOST PGPORT=$CITUS_PGPORT "$BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -U postgres -d $UPD "$@"; }
  uw() { local n=$1; shift; PGHOST=$CROOT/worker$n/run PGPORT=$(bash "$TOP/scripts/citus" port worker$n) \
         "$BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -U postgres -d $UPD "$@"; }
  u -Atc "SELECT citus_set_coordinator_host('127.0.0.1', $CITUS_PGPORT)" \
    -c "SELECT citus_add_node('127.0.0.1', $(bash "$TOP/scripts/citus" port worker1))" \
    -c "SELECT citus_add_node('127.0.0.1', $(bash "$TOP/scripts/citus" port worker2))" >/dev/null
  objs="SELECT extversion || ' ' || (SELECT count(*) FROM pg_depend d WHERE d.refobjid = e.oid AND d.deptype = 'e') FROM pg_extension e WHERE extname = 'ocop'"
  u -c "SET client_min_messages = warning" -c "CREATE EXTENSION ocop VERSION '$pv'"
  c0=$(u -Atc "$objs"); w0=$(uw 1 -Atc "$objs")
  u -c "ALTER EXTENSION ocop UPDATE"
  c1=$(u -Atc "$objs"); w1=$(uw 1 -Atc "$objs"); w2=$(uw 2 -Atc "$objs")
  if [ "${c0%% *}" = "$pv" ] && [ "$w0" = "$c0" ] && [ "${c1%% *}" = "$cur" ] && [ "$w1" = "$c1" ] && [ "$w2" = "$c1" ] &&
     [ "${c1#* }" != "${c0#* }" ]; then
    ok "CREATE EXTENSION ocop VERSION '$pv' and ALTER EXTENSION ocop UPDATE propagated: workers at $w0, then $w1 / $w2 (version, objects)"
  else
    bad "extension update propagation: coordinator $c0 -> $c1, worker1 $w0 -> $w1, worker2 $w2"
  fi
  rm -f "$placed"
  for n in coord worker1 worker2; do
    PGHOST=$CROOT/$n/run PGPORT=$(bash "$TOP/scripts/citus" port $n) "$BINDIR/psql" -X -q -U postgres -d postgres \
      -c "DROP DATABASE IF EXISTS $UPD WITH (FORCE)" &
  done
  wait
else
  bad "could not build ocop $pv's install script from commit $pc (or $EXTDIR/ocop--$pv.sql exists already)"
fi
rm -rf "$tmp"

# ---------------------------------------------------------------------------
# The same data on both (the data of test/scripts/shards.sh), plus one code
# of each form for the router checks.
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
LOAD="
INSERT INTO registry.products (code, name, province, product_set, star, recognized)
SELECT ocop_code(p, c, s, y, n, d), 'Sản phẩm OCOP số ' || i, p, s,
       (CASE WHEN i % 50 = 0 THEN 5 WHEN i % 4 = 1 THEN 4 ELSE 3 END)::ocop_star,
       make_date(y, 1 + i % 12, 1 + i % 28)
FROM (SELECT i, 1 + i % 34 AS p, 1 + (i * 7) % 500 AS c, 1 + i % 26 AS s, 2018 + i % 8 AS y,
             1 + i % 9999 AS n, CASE WHEN i % 3 = 0 THEN 1 + i % 20 END AS d
      FROM generate_series(1, $N) i) g;
INSERT INTO registry.products (code, name, province, product_set, star, recognized) VALUES
  ('OCOP-01-00577-21-2025-0042-4', 'two-level', 1, 21, '4-star', '2025-08-01'),
  ('OCOP-01-018-00583-21-2023-0007-0', 'three-level', 1, 21, '3-star', '2023-05-01'),
  ('83-832-28882-2-2022', 'legacy provincial', 83, 0, '3-star', '2022-01-01');
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
citus -c "TRUNCATE registry.products, registry.chains" -c "$LOAD" -c "ANALYZE registry.products, registry.chains"
single -c "$LOAD" -c "ANALYZE registry.products, registry.chains"
total=$((N + 3))

# ---------------------------------------------------------------------------
echo "-- distribution"
d=$(citus -Atc "SELECT string_agg(logicalrelid::text || ':' || partmethod::text || ':' || colocationid, ' ' ORDER BY logicalrelid::text)
                FROM pg_dist_partition WHERE logicalrelid::text LIKE 'registry.%'")
c1=$(echo "$d" | sed -n 's/.*registry\.chains:h:\([0-9]*\).*/\1/p')
c2=$(echo "$d" | sed -n 's/.*registry\.products:h:\([0-9]*\).*/\1/p')
[ -n "$c1" ] && [ "$c1" = "$c2" ] && ok "products and chains hash-distributed, co-located (group $c1)" || bad "distribution: $d"
counts=$(citus -At -F' ' -c "SELECT nodeport, sum(result::int) FROM run_command_on_placements('registry.products', 'SELECT count(*) FROM %s')
                              GROUP BY 1 ORDER BY 1")
n1=$(echo "$counts" | awk -v p="$(bash "$TOP/scripts/citus" port worker1)" '$1 == p {print $2}')
n2=$(echo "$counts" | awk -v p="$(bash "$TOP/scripts/citus" port worker2)" '$1 == p {print $2}')
if [ $((n1 + n2)) = "$total" ] && [ "$n1" -gt $((total / 3)) ] && [ "$n2" -gt $((total / 3)) ]; then
  ok "rows split $n1 + $n2 = $total between the workers' shards"
else
  bad "rows split worker1=$n1 worker2=$n2, expected $total in total, both near half"
fi

# ---------------------------------------------------------------------------
echo "-- router: a lookup by code goes to one shard, for codes of every form"
router() {  # router LITERAL WHAT
  local lit=$1 what=$2 plan shard node port rows here
  plan=$(citus -At -c "EXPLAIN (VERBOSE, COSTS OFF) SELECT name FROM registry.products WHERE code = '$lit'")
  rows=$(citus -Atc "SELECT name FROM registry.products WHERE code = '$lit'")
  shard=$(citus -Atc "SELECT get_shard_id_for_distribution_column('registry.products', '$lit'::ocop_code)")
  read -r node port < <(citus -At -F' ' -c "SELECT nodename, nodeport FROM pg_dist_shard_placement WHERE shardid = $shard")
  here=$(PGHOST=$CROOT/$(bash "$TOP/scripts/citus" port worker1 | grep -qx "$port" && echo worker1 || echo worker2)/run \
         PGPORT=$port "$BINDIR/psql" -X -At -U postgres -d "$CITUS_PGDATABASE" \
         -c "SELECT name FROM registry.products_$shard WHERE code = '$lit'")
  if echo "$plan" | grep -q 'Task Count: 1$' && echo "$plan" | grep -q "registry.products_$shard " &&
     [ -n "$rows" ] && [ "$rows" = "$here" ] && [ "$rows" = "$(single -Atc "SELECT name FROM registry.products WHERE code = '$lit'")" ]; then
    ok "$what $lit: one task, shard $shard on port $port, which holds the row"
  else
    bad "$what $lit: rows '$rows', on the worker '$here', shard $shard"; echo "$plan" | sed 's/^/      /'
  fi
}
router 'OCOP-01-00577-21-2025-0042-4' "two-level"
router 'OCOP-01-018-00583-21-2023-0007-0' "three-level"
router '83-832-28882-2-2022' "legacy provincial"
router "$(single -Atc "SELECT code FROM registry.products WHERE ocop_code_district(code) IS NULL ORDER BY code OFFSET 77 LIMIT 1")" "two-level (loaded)"
router "$(single -Atc "SELECT code FROM registry.products WHERE ocop_code_district(code) IS NOT NULL ORDER BY code DESC OFFSET 5 LIMIT 1")" "three-level (loaded)"
# Citus hashes with the type's hash opclass: the hash of the code itself.
h=$(citus -Atc "WITH p AS MATERIALIZED (SELECT code FROM registry.products)
                SELECT count(*) FROM p
                WHERE get_shard_id_for_distribution_column('registry.products', p.code) <>
                      (SELECT s.shardid FROM pg_dist_shard s WHERE s.logicalrelid = 'registry.products'::regclass
                         AND ocop_code_hash(p.code) BETWEEN s.shardminvalue::int AND s.shardmaxvalue::int)")
[ "$h" = 0 ] && ok "every code's shard is the one whose hash range holds ocop_code_hash(code)" \
  || bad "$h codes are placed apart from ocop_code_hash"
found=$(citus -Atc "
DO \$\$
DECLARE c ocop_code; n int := 0;
BEGIN
  FOR c IN SELECT code FROM registry.products ORDER BY code LIMIT 300 LOOP
    n := n + (SELECT count(*) FROM registry.products WHERE code = c);
  END LOOP;
  RAISE NOTICE '%', n;
END \$\$;" 2>&1 | sed -n 's/.*NOTICE: *//p')
[ "$found" = 300 ] && ok "300 codes read back are found again by router lookups" || bad "router lookups found $found of 300"

# ---------------------------------------------------------------------------
# Each query: same rows (sorted) on the coordinator and the single node, at
# least one; in EXPLAIN (VERBOSE) on the coordinator, every regex given is
# found in the query sent to a worker ("Query:" under the task), and no
# Filter is left above the Citus scan; TASKS: the task count (0: any).
echo "-- queries"
check() {  # check NAME TASKS QUERY REGEX...
  local name=$1 tasks=$2 q=$3; shift 3
  local a b plan remote re n
  a=$(citus -At -F'|' -c "$q" 2>&1 | sort) || true
  b=$(single -At -F'|' -c "$q" 2>&1 | sort) || true
  if [ -z "$a" ]; then bad "$name: no rows (or error) on the coordinator"
  elif [ "$a" != "$b" ]; then
    bad "$name: coordinator and single node differ"; diff <(echo "$a") <(echo "$b") | head -10
  else ok "$name: $(echo "$a" | wc -l) identical rows"
  fi
  plan=$(citus -At -c "EXPLAIN (VERBOSE, COSTS OFF) $q" 2>&1) || true
  remote=$(echo "$plan" | sed -n 's/^ *Query: //p')
  for re in "$@"; do
    if ! echo "$remote" | grep -Eq -- "$re"; then
      bad "$name: /$re/ not in the worker query"; echo "$plan" | sed 's/^/      /'; return
    fi
  done
  if echo "$plan" | sed '/Custom Scan (Citus/,$d' | grep -Eq '^ *Filter:'; then
    bad "$name: a condition is evaluated on the coordinator"; echo "$plan" | sed 's/^/      /'; return
  fi
  n=$(echo "$plan" | sed -n 's/^ *Task Count: //p' | head -1)
  if [ "$tasks" != 0 ] && [ "$n" != "$tasks" ]; then
    bad "$name: $n tasks, expected $tasks"; echo "$plan" | sed 's/^/      /'; return
  fi
  ok "$name: on the workers${*:+ ($*)}"
}
SHARDS=$(citus -Atc "SELECT count(*) FROM pg_dist_shard WHERE logicalrelid = 'registry.products'::regclass")
AREA='public\.ocop_code_in_area\(code, |code OPERATOR\(public\.>=\) .* AND .*code OPERATOR\(public\.<=\)'
check "area: province" "$SHARDS" \
  "SELECT code, name FROM registry.products WHERE ocop_code_in_area(code, '07') ORDER BY code" "$AREA"
check "area: pre-reform district" "$SHARDS" \
  "SELECT code, recognized FROM registry.products WHERE ocop_code_in_area(code, '03-003') ORDER BY code" "$AREA"
check "code range and accessors" "$SHARDS" \
  "SELECT code, product_set FROM registry.products
   WHERE code BETWEEN ocop_code(5, 1, 0, 2018, 1) AND ocop_code(9, 99999, 26, 2099, 9999, 999)
     AND ocop_code_year(code) = 2021 AND ocop_code_district(code) IS NOT NULL ORDER BY code" \
  'OPERATOR\(public\.>=\)' 'OPERATOR\(public\.<=\)' 'public\.ocop_code_year\(code\) OPERATOR\(pg_catalog\.=\) 2021|public\.ocop_code_year\(code\) = 2021' \
  'public\.ocop_code_district\(code\) IS NOT NULL'
check "ocop_code ordering, top 5" "$SHARDS" \
  "SELECT code FROM registry.products WHERE ocop_code_province(code) > 30 ORDER BY code DESC LIMIT 5" \
  'public\.ocop_code_province\(code\) (OPERATOR\(pg_catalog\.>\)|>) 30' 'ORDER BY .*code DESC'
check "group by code (the distribution column): whole aggregates on the workers" "$SHARDS" \
  "SELECT code, count(*), min(recognized) FROM registry.products WHERE product_set = 9 GROUP BY code" \
  'GROUP BY .*code'
check "scatter-gather: min/max(ocop_code) by province" "$SHARDS" \
  "SELECT province, min(code), max(code), count(*) FROM registry.products GROUP BY 1" \
  'public\.min\(public\.ocop_code\)' 'public\.max\(public\.ocop_code\)'
check "star comparisons" "$SHARDS" \
  "SELECT code, star FROM registry.products WHERE star >= '4-star' AND star < '5 sao' AND province = 4" \
  "star OPERATOR\(public\.>=\) '4-star'" "star OPERATOR\(public\.<\) '5-star'"
check "star tier of the area's products" "$SHARDS" \
  "SELECT code, name FROM registry.products WHERE star = '5-star' AND ocop_code_in_area(code, '11')" \
  "star OPERATOR\(public\.=\) '5-star'" "$AREA"
check "scatter-gather: products by star tier and province" "$SHARDS" \
  "SELECT province, star, count(*), min(code) FROM registry.products GROUP BY 1, 2" \
  'public\.min\(public\.ocop_code\)' 'GROUP BY .*star'
check "chain @> jsonb (GIN)" "$SHARDS" \
  "SELECT code, lot, trace_length(chain) FROM registry.chains WHERE chain @> '{\"actor\": \"HTX-8\", \"bizStep\": \"processing\"}'" \
  'chain OPERATOR\(public\.@>\) .*HTX-8.*::jsonb' 'public\.trace_length\(chain\)'
check "chains: text form and head hash read back" "$SHARDS" \
  "SELECT code, lot, chain::text, encode(trace_head(chain), 'hex') FROM registry.chains
   WHERE ocop_code_in_area(code, '05') AND trace_length(chain) = 3" \
  'public\.trace_length\(chain\) (OPERATOR\(pg_catalog\.=\)|=) 3' "$AREA"
check "co-located join products-chains, run on each worker" "$SHARDS" \
  "SELECT p.code, p.star, c.lot, trace_length(c.chain)
   FROM registry.products p JOIN registry.chains c ON c.code = p.code
   WHERE p.star > '3-star' AND c.chain @> '{\"disposition\": \"in_transit\"}'" \
  'JOIN registry\.chains_[0-9]+' "star OPERATOR\(public\.>\) '3-star'" 'chain OPERATOR\(public\.@>\)'
check "chain verification on the workers" "$SHARDS" \
  "SELECT code, lot, trace_length(chain), trace_verify(chain) FROM registry.chains
   WHERE trace_length(chain) = 3 AND ocop_code_province(code) = 13" \
  'public\.trace_verify\(chain\)' 'public\.ocop_code_province\(code\)'
code=$(single -Atc "SELECT code FROM registry.products ORDER BY code OFFSET 4321 LIMIT 1")
check "lookup by code" 1 "SELECT * FROM registry.products WHERE code = '$code'" "code OPERATOR\(public\.=\) '$code'"
code=$(single -Atc "SELECT code FROM registry.chains ORDER BY code DESC LIMIT 1")
check "chains of one code, router" 1 \
  "SELECT lot, trace_length(chain), trace_verify(chain), trace_to_epcis(chain, '2026-01-01T00:00:00Z') FROM registry.chains WHERE code = '$code'" \
  "code OPERATOR\(public\.=\) '$code'" 'public\.trace_to_epcis\(chain'
check "place of the code from the extension's own tables, on the workers" "$SHARDS" \
  "SELECT code, (ocop_code_place(code)).name FROM registry.products WHERE ocop_code_in_area(code, '26')" \
  'public\.ocop_code_place\(code\)' "$AREA"

# ---------------------------------------------------------------------------
echo "-- chains are append-only on the workers"
lot=$(single -Atc "SELECT code || '|' || lot FROM registry.chains ORDER BY code, lot LIMIT 1")
len=$(single -Atc "SELECT trace_length(chain) FROM registry.chains ORDER BY code, lot LIMIT 1")
t=$(citus -Atc "SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE c.relname = 'chains' AND NOT t.tgisinternal")
# (Citus hides the shards from catalog queries on the workers unless told.)
tw=$(worker 1 -Atc "SET citus.override_table_visibility = off" -c "SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                    WHERE c.relname ~ '^chains_[0-9]+$' AND t.tgname ~ '^chains_append_only' AND NOT t.tgisinternal")
w=$(citus -At -c "UPDATE registry.chains SET chain = trace_append(chain, 'receiving', '2024-06-01 08:00+07', actor => 'SHOP-1')
                  WHERE code = '${lot%%|*}' AND lot = '${lot#*|}'" \
              -c "SELECT trace_length(chain) FROM registry.chains WHERE code = '${lot%%|*}' AND lot = '${lot#*|}'" 2>&1) || true
e=$(citus -At -c "UPDATE registry.chains SET chain = trace_append(NULL, 'harvesting', '2024-06-01 08:00+07')
                  WHERE code = '${lot%%|*}'" 2>&1) || true
e2=$(citus -At -c "UPDATE registry.chains SET chain = trace_append(NULL, 'harvesting', '2024-06-01 08:00+07')
                   WHERE ocop_code_province(code) = 7" 2>&1) || true
if [ "$t" = 1 ] && [ "$tw" -ge 1 ] && [ "$w" = $((len + 1)) ] && echo "$e" | grep -q 'is append-only' &&
   echo "$e2" | grep -q 'is append-only'; then
  ok "trigger on the table and on worker1's $tw shards: append through the coordinator works, a rewrite is refused (router and multi-shard)"
else
  bad "append-only: trigger $t, on worker1 $tw, append gave '$w', rewrite gave '$e' / '$e2'"
fi
# What citus.enable_unsafe_triggers (set by scripts/citus) is for.
r=$(citus -At -c "SET citus.enable_unsafe_triggers = off" -c "CREATE TRIGGER products_noop BEFORE UPDATE ON registry.products
                  FOR EACH ROW EXECUTE FUNCTION trace_append_only('name')" 2>&1) || true
echo "$r" | grep -q 'triggers are not supported on distributed tables' &&
  ok "without citus.enable_unsafe_triggers, CREATE TRIGGER on a distributed table is refused" || bad "trigger without the setting: '$r'"
single -c "UPDATE registry.chains SET chain = trace_append(chain, 'receiving', '2024-06-01 08:00+07', actor => 'SHOP-1')
           WHERE code = '${lot%%|*}' AND lot = '${lot#*|}'"
v=$(citus -Atc "SELECT count(*) FILTER (WHERE trace_verify(chain)), count(*) FROM registry.chains")
[ "$v" = "$(single -Atc "SELECT count(*), count(*) FROM registry.chains" | tr '|' '|')" ] && ok "every chain verifies ($v)" || bad "chains verifying: $v"

# ---------------------------------------------------------------------------
echo "-- EPCIS import through the coordinator"
doc=$TOP/test/data/epcis/Example_9.6.1-ObjectEvent.jsonld
# The document goes as a psql variable (no server-side file).  GS1's example
# carries illustrative event hash IDs that are not its events' (see
# test/scripts/trace_epcis.sh): as published it is refused, on the
# coordinator as on one node, and nothing is written; with its hash-ID
# eventIDs taken out (in SQL) it is imported.
docv=$(cat "$doc")
refuse="INSERT INTO registry.chains (code, lot, chain)
        SELECT 'OCOP-01-00577-21-2025-0042-4', 'EPCIS-as-published', trace_from_epcis(:'doc'::jsonb)"
a=$(echo "$refuse" | citus -v doc="$docv" -At 2>&1) || true
b=$(echo "$refuse" | single -v doc="$docv" -At 2>&1) || true
n=$(citus -Atc "SELECT count(*) FROM registry.chains WHERE lot = 'EPCIS-as-published'")
if echo "$a" | grep -q '^ERROR:  invalid EPCIS document for trace_from_epcis' && echo "$a" | grep -q 'is not its hash ID' &&
   [ "$a" = "$b" ] && [ "$n" = 0 ]; then
  ok "the example as published (illustrative hash-ID eventIDs) is refused through the coordinator as on one node, nothing written"
else
  bad "EPCIS refusal: coordinator '$a', single node '$b', rows written $n"
fi
imp() { "$@" -v doc="$docv" -At <<'SQL'
INSERT INTO registry.chains (code, lot, chain)
SELECT 'OCOP-01-00577-21-2025-0042-4', 'EPCIS-9.6.1',
       trace_from_epcis(jsonb_set(d, '{epcisBody,eventList}',
                                  (SELECT jsonb_agg(e - 'eventID' ORDER BY k)
                                   FROM jsonb_array_elements(d #> '{epcisBody,eventList}') WITH ORDINALITY AS x(e, k))))
FROM (SELECT :'doc'::jsonb AS d) s;
INSERT INTO registry.chains (code, lot, chain)
SELECT '83-832-28882-2-2022', 'EPCIS-roundtrip', trace_from_epcis(trace_to_epcis(chain, '2026-01-01T00:00:00Z'))
FROM registry.chains WHERE code = 'OCOP-01-00577-21-2025-0042-4' AND lot = 'EPCIS-9.6.1';
SELECT lot, trace_length(chain), encode(trace_head(chain), 'hex'), trace_verify(chain) FROM registry.chains
WHERE lot LIKE 'EPCIS-%' ORDER BY lot;
SQL
}
a=$(imp citus 2>&1) || true
b=$(imp single 2>&1) || true
if [ "$(echo "$a" | wc -l)" = 2 ] && [ "$a" = "$b" ] && [ "$(echo "$a" | cut -d'|' -f3 | sort -u | wc -l)" = 1 ] &&
   [ "$(echo "$a" | head -1 | cut -d'|' -f2)" = 2 ] && [ "$(echo "$a" | cut -d'|' -f4 | sort -u)" = t ]; then
  ok "imported and re-imported through the coordinator: heads equal the single node's ($(echo "$a" | head -1 | cut -d'|' -f2) events, verified)"
else
  bad "EPCIS import: coordinator '$a', single node '$b'"
fi

# ---------------------------------------------------------------------------
# Answers compared after each disturbance below.
same_answers() {  # same_answers WHAT
  local q a b
  q="SELECT 'p', province, star, count(*), min(code), max(code), md5(string_agg(name, ',' ORDER BY code)) FROM registry.products GROUP BY 2, 3
     UNION ALL
     SELECT 'c', ocop_code_province(code), NULL, count(*), min(code), max(code), md5(string_agg(lot || encode(trace_head(chain), 'hex'), ',' ORDER BY code, lot))
     FROM registry.chains GROUP BY 2"
  a=$(citus -At -c "$q" 2>&1 | sort) || true
  b=$(single -At -c "$q" 2>&1 | sort) || true
  [ -n "$a" ] && [ "$a" = "$b" ] && ok "$1: all products and chains equal the single node's" \
    || { bad "$1: answers differ from the single node's"; diff <(echo "$a") <(echo "$b") | head -6; }
}
same_answers "before the shard move"

echo "-- shard move"
read -r sid from to < <(citus -At -F' ' -c "
  SELECT p.shardid, p.nodeport, (SELECT nodeport FROM pg_dist_node WHERE noderole = 'primary' AND groupid > 0 AND nodeport <> p.nodeport LIMIT 1)
  FROM pg_dist_shard_placement p JOIN pg_dist_shard s USING (shardid)
  WHERE s.logicalrelid = 'registry.products'::regclass AND p.nodeport <> $CITUS_PGPORT ORDER BY p.shardid LIMIT 1")
m=$(citus -At -c "SELECT citus_move_shard_placement($sid, '127.0.0.1', $from, '127.0.0.1', $to, shard_transfer_mode => 'block_writes')" 2>&1) || true
moved=$(citus -Atc "SELECT string_agg(DISTINCT p.nodeport::text, ',') FROM pg_dist_shard_placement p
                    JOIN pg_dist_shard s USING (shardid)
                    WHERE s.shardid = $sid OR (s.logicalrelid = 'registry.chains'::regclass
                      AND s.shardminvalue = (SELECT shardminvalue FROM pg_dist_shard WHERE shardid = $sid))")
[ "$moved" = "$to" ] && ok "shard $sid and its co-located chains shard moved from $from to $to" \
  || bad "shard move: '$m', placements now $moved"
v=$(citus -Atc "SELECT count(*) FILTER (WHERE trace_verify(chain)), count(*) FROM registry.chains")
[ "${v%|*}" = "${v#*|}" ] && ok "after the move every chain verifies ($v)" || bad "after the move: $v"
same_answers "after the shard move"
# The workers' indexes answer like sequential scans (SET LOCAL is sent to the
# workers with citus.propagate_set_commands = local).
idx() {  # idx NAME INDEXRE QUERY
  local name=$1 re=$2 q=$3 s i plan
  s=$(citus -At -c "SET citus.propagate_set_commands = local" -c "BEGIN" -c "SET LOCAL enable_indexscan = off" \
        -c "SET LOCAL enable_bitmapscan = off" -c "$q" -c "COMMIT" 2>&1) || true
  i=$(citus -At -c "SET citus.propagate_set_commands = local" -c "BEGIN" -c "SET LOCAL enable_seqscan = off" \
        -c "$q" -c "COMMIT" 2>&1) || true
  plan=$(citus -At -c "SET citus.propagate_set_commands = local" -c "SET citus.explain_all_tasks = on" -c "BEGIN" \
        -c "SET LOCAL enable_seqscan = off" -c "EXPLAIN (COSTS OFF) $q" -c "COMMIT" 2>&1) || true
  if [ -n "$s" ] && [ "$s" = "$i" ] && echo "$plan" | grep -Eq "Index (Only )?Scan.* (using|on) $re" &&
     ! echo "$plan" | grep -q 'Seq Scan'; then
    ok "index = seq scan: $name"
  else
    bad "index vs seq scan: $name ('$s' / '$i')"; echo "$plan" | sed 's/^/      /' | head -30
  fi
}
idx "code range (btree)" 'products_pkey_[0-9]+' \
  "SELECT count(*), md5(string_agg(code::text, ',' ORDER BY code)) FROM registry.products WHERE ocop_code_in_area(code, '09')"
idx "province (btree)" 'products_province_idx_[0-9]+' \
  "SELECT count(*), min(code) FROM registry.products WHERE province = 17"
idx "chain @> (GIN)" 'chains_chain_idx_[0-9]+' \
  "SELECT count(*), md5(string_agg(lot, ',' ORDER BY lot)) FROM registry.chains WHERE chain @> '{\"actor\": \"NPP-3\"}'"

# ---------------------------------------------------------------------------
echo "-- a worker stopped with -m immediate in the middle of a load"
ACK=$(mktemp); ERR=$(mktemp)
M=${OCOP_CITUS_CRASH_ROWS:-1500}
ROW="INSERT INTO registry.products (code, name, province, product_set, star, recognized)
     SELECT ocop_code(p, c, s, 2026, n), 'Nạp giữa chừng ' || i, p, s, '3-star', '2026-03-01'
     FROM (SELECT i, 1 + i % 63 AS p, 90000 + i AS c, i % 27 AS s, 1 + i % 9999 AS n FROM (SELECT @I@ AS i) a) g
     RETURNING 'ack ' || code;"
{ for i in $(seq 1 "$M"); do echo "${ROW//@I@/$i}"; done; } >"$ACK.sql"
( PGHOST=$CITUS_PGHOST PGPORT=$CITUS_PGPORT "$BINDIR/psql" -X -q -At -U postgres -d "$CITUS_PGDATABASE" \
    -f "$ACK.sql" >"$ACK" 2>"$ERR" ) &
loader=$!
for _ in $(seq 1 600); do [ "$(grep -c '^ack ' "$ACK" || true)" -ge $((M / 4)) ] && break; sleep 0.1; done
as_pg "$BINDIR/pg_ctl" -D "$CROOT/worker2/data" -m immediate -w stop >/dev/null
stopped_at=$(grep -c '^ack ' "$ACK" || true)
wait $loader || true
acked=$(grep -c '^ack ' "$ACK" || true)
errors=$(grep -c '^psql:.*ERROR: ' "$ERR" || true)
coord_up=$(citus -Atc "SELECT 1" 2>&1) || true
# Every statement answered (an ack or an ERROR: the session to the coordinator
# survived), and the coordinator answers afterwards.
if [ "$errors" -gt 0 ] && [ $((acked + errors)) = "$M" ] && [ "$coord_up" = 1 ] && ! grep -q 'connection to server was lost' "$ERR"; then
  ok "worker2 stopped after $stopped_at rows: $acked acknowledged, $errors failed with an ERROR, the coordinator stays up"
else
  bad "load across the stop: $acked acknowledged, $errors errors of $M, coordinator '$coord_up'"; head -5 "$ERR"
fi
grep -m1 '^psql:.*ERROR: ' "$ERR" | sed 's/^/      e.g. /'
# The worker's server started again (crash recovery), as it was stopped.
OCOP_PGPORT=$(bash "$TOP/scripts/citus" port worker2) OCOP_PGROOT=$CROOT/worker2 bash "$TOP/scripts/cluster" start
# Each INSERT ... SELECT goes through the coordinator as a two-phase commit
# (PREPARE TRANSACTION on the worker, then COMMIT PREPARED after the
# coordinator's own commit).  A statement acknowledged just as the worker
# stopped may have its COMMIT PREPARED lost: the prepared transaction waits on
# the worker until Citus's 2PC recovery commits it (the maintenance daemon
# does every citus.recover_2pc_interval, 1 min; here it is called at once).
sed -n 's/^ack //p' "$ACK" >"$ACK.codes"
count_acked() {
  echo "SELECT count(*) FROM registry.products WHERE code = ANY (string_to_array(:'codes', ',')::ocop_code[]);" |
    citus -At -v codes="$(paste -sd, "$ACK.codes")"
}
before=$(count_acked)
recovered=$(citus -Atc "SELECT recover_prepared_transactions()")
have=$(count_acked)
[ "$have" = "$acked" ] && ok "after the restart and 2PC recovery all $acked acknowledged rows are there ($before visible before recover_prepared_transactions(), which committed $recovered)" \
  || bad "after the restart $have of $acked acknowledged rows ($before before recovery, $recovered recovered)"
# The failed rows loaded again: the same rows as the load, in one statement
# (the generator of each INSERT over i = 1..M), existing codes skipped.
AGAIN="${ROW//(SELECT @I@ AS i) a/generate_series(1, $M) AS a(i)}"
AGAIN="${AGAIN%%RETURNING*}ON CONFLICT (code) DO NOTHING"
citus -c "$AGAIN"
single -c "$AGAIN"
same_answers "after the worker's restart and the reload"
rm -f "$ACK" "$ERR" "$ACK.sql" "$ACK.codes"

"$BINDIR/psql" -X -q -d postgres -c "DROP DATABASE IF EXISTS $SINGLE_DB"
[ $fails -eq 0 ] || { echo "   $fails check(s) failed"; exit 1; }
