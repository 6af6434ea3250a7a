#!/usr/bin/env bash
# The resolver under load (issue 18): wrk on loopback against the demo
# registry, server, database and load generator on the same machine.  The
# request mix (bench/resolver.lua): the label pages (/p/<code>?h=<head>,
# text/html) of 1,000 different lots and the linksets (/01/<gtin>/10/<lot>,
# application/linkset+json) of 500 others, two pages for one linkset.
#   1. baseline: /healthz (no database), 50 connections, 10 s
#   2. warm-up: every request of the mix once (fills the page cache: the
#      steady state of a resolver whose labels have been scanned before)
#   3. the mix, 50 connections, 30 s
#   4. the mix, 200 connections, 30 s
#   5. the mix without the page cache (RESOLVER_CACHE_ENTRIES=0), 50 connections, 30 s
# Prints req/s, p50/p99 latency and errors of each, and ratios against the
# baseline.  Uses the database OCOP_DEMO_DB (default ocop_demo; created by
# scripts/demo --no-setup when missing) of the cluster in PG*.  Not a test:
# nothing is asserted.  Settings: OCOP_BENCH_SECONDS (30), OCOP_BENCH_THREADS (2).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${PGHOST:-}" ]; then eval "$(bash scripts/cluster env)"; export PGHOST PGPORT PGUSER; fi
DB=${OCOP_DEMO_DB:-ocop_demo}
SECS=${OCOP_BENCH_SECONDS:-30}
THREADS=${OCOP_BENCH_THREADS:-2}
for tool in wrk node curl python3; do command -v $tool >/dev/null || { echo "bench/resolver.sh: $tool missing (scripts/packages)" >&2; exit 1; }; done
if [ "$(psql -XqAt -d postgres -c "SELECT count(*) FROM pg_database WHERE datname = '$DB'")" = 0 ] ||
   [ "$(psql -XqAt -d "$DB" -c "SELECT to_regclass('ocop_resolver_lot') IS NOT NULL")" != t ]; then
  echo "(creating the demo registry $DB)"
  OCOP_DEMO_DB=$DB bash scripts/demo --no-setup >/dev/null
fi
WORK=$(mktemp -d /tmp/ocop-resolver-bench.XXXXXX)
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

psql -XqAt -d "$DB" -v ON_ERROR_STOP=1 >"$WORK/urls.txt" <<'SQL'
WITH l AS (SELECT l.lot, l.code, l.label_head, g.gtin, row_number() OVER (ORDER BY md5(l.lot)) AS k
             FROM lot l JOIN product_gtin g USING (code))
SELECT line FROM (
  SELECT k * 2 AS o, 'H /p/' || code || '?h=' || encode(label_head, 'hex') AS line FROM l WHERE k <= 1000
  UNION ALL
  SELECT (k - 1000) * 4 + 1, 'L /01/' || gtin || '/10/' || lot FROM l WHERE k > 1000 AND k <= 1500) s
ORDER BY o;
SQL
echo "requests: $(grep -c '^H' "$WORK/urls.txt") label pages, $(grep -c '^L' "$WORK/urls.txt") linksets"

start() {  # start CACHE_ENTRIES
  local port; port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  URL=http://127.0.0.1:$port
  PGDATABASE=$DB RESOLVER_LISTEN=127.0.0.1:$port RESOLVER_BASE_URL=$URL RESOLVER_CACHE_ENTRIES=$1 \
    node resolver/server.js >"$WORK/server.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 100); do curl -sf "$URL/readyz" >/dev/null 2>&1 && return 0; sleep 0.1; done
  cat "$WORK/server.log"; exit 1
}
stop() { kill -TERM "$PID"; wait "$PID" || true; PID=; }
run() {  # run LABEL CONNECTIONS SECONDS [PATH-FILE] -> RESULT line
  local out
  if [ -n "${4:-}" ]; then
    out=$(wrk -t "$THREADS" -c "$2" -d "${3}s" --timeout 10s -s bench/resolver.lua "$URL" -- "$4" 2>&1)
  else
    printf 'H /healthz\n' >"$WORK/health.txt"
    out=$(wrk -t "$THREADS" -c "$2" -d "${3}s" --timeout 10s -s bench/resolver.lua "$URL" -- "$WORK/health.txt" 2>&1)
  fi
  echo "$1 $(grep '^RESULT' <<<"$out")"
}

start 2000
base=$(run baseline-healthz-50 50 10)
# warm-up: each request once, 8 at a time
sed -n 's/^H //p' "$WORK/urls.txt" | xargs -P 8 -I{} curl -s -o /dev/null -H 'Accept: text/html' "$URL{}"
sed -n 's/^L //p' "$WORK/urls.txt" | xargs -P 8 -I{} curl -s -o /dev/null -H 'Accept: application/linkset+json' "$URL{}"
c50=$(run mix-50 50 "$SECS" "$WORK/urls.txt")
c200=$(run mix-200 200 "$SECS" "$WORK/urls.txt")
stop
start 0
nc50=$(run mix-50-nocache 50 "$SECS" "$WORK/urls.txt")
stop

python3 - "$base" "$c50" "$c200" "$nc50" <<'PY'
import re, sys
rows = []
for line in sys.argv[1:]:
    name = line.split()[0]
    f = dict(re.findall(r'(\w+)=([0-9.]+)', line))
    rows.append((name, f))
b = float(rows[0][1]['rps'])
print(f"| run | requests | req/s | p50 ms | p99 ms | errors | req/s ÷ /healthz |")
print(f"|---|---|---|---|---|---|---|")
for name, f in rows:
    print(f"| {name} | {int(f['requests']):,} | {float(f['rps']):,.0f} | {float(f['p50_ms']):.2f} | {float(f['p99_ms']):.2f} | {f['errors']} | {float(f['rps']) / b:.2f} |")
PY
echo "(load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores)"
