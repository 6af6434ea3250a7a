#!/usr/bin/env bash
# Crash recovery (issue 10): clients commit small transactions (a product row
# with ocop_code and ocop_star, an append to a trace_chain guarded by
# trace_append_only, a log row) and print every id whose COMMIT returned; in
# the middle of the load the POSTMASTER is killed with SIGKILL, then the
# cluster is restarted with scripts/cluster (which must cope with the stale
# postmaster.pid, not fall back to a fresh cluster). Afterwards every id a
# client saw committed is there, every chain holds exactly its logged appends
# and verifies, the stored codes and stars are the values inserted, and
# amcheck finds the B-tree indexes (on ocop_code, ocop_star) consistent with
# the heap. This runs on its OWN throwaway cluster so the test cluster is
# never killed: port OCOP_CRASH_PGPORT (default 54319), folder
# OCOP_CRASH_PGROOT (default /var/tmp/ocop-crash-<port>), removed at the end.
# OCOP_CRASH_CYCLES (default 1) load/kill/restart cycles on the same data;
# long form: OCOP_CRASH_CYCLES=10 bash test/scripts/crash_recovery.sh
set -uo pipefail
TOP=${OCOP_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
export PG_CONFIG=${PG_CONFIG:-pg_config}
BINDIR=$("$PG_CONFIG" --bindir)
PORT=${OCOP_CRASH_PGPORT:-54319}
ROOT=${OCOP_CRASH_PGROOT:-/var/tmp/ocop-crash-$PORT}
CYCLES=${OCOP_CRASH_CYCLES:-1}
CLIENTS=4
CHAINS=6
PY=/usr/bin/python3
$PY -c 'import psycopg' 2>/dev/null || { echo "FAIL: no psycopg for $PY (scripts/packages installs python3-psycopg)"; exit 1; }
[ "$PORT" != 54329 ] && [ "$PORT" != "${PGPORT:-}" ] || { echo "OCOP_CRASH_PGPORT must not be the test cluster's port"; exit 2; }
case $ROOT in /var/tmp/ocop-crash-*|/tmp/ocop-crash-*) ;; *) echo "OCOP_CRASH_PGROOT must be /var/tmp/ocop-crash-*"; exit 2 ;; esac

if [ "$(id -u)" = 0 ]; then as_owner() { runuser -u postgres -- "$@"; }; else as_owner() { "$@"; }; fi
cluster() { OCOP_PGPORT=$PORT OCOP_PGROOT=$ROOT bash "$TOP/scripts/cluster" "$@"; }
DATA=$ROOT/data
work=$(mktemp -d)
pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  as_owner "$BINDIR/pg_ctl" -D "$DATA" -m immediate -w -t 30 stop >/dev/null 2>&1
  rm -rf "$work" "$ROOT"
}
trap cleanup EXIT
# A previous run killed half-way leaves its cluster: stop it, start afresh.
if [ -d "$DATA" ]; then as_owner "$BINDIR/pg_ctl" -D "$DATA" -m immediate -w -t 30 stop >/dev/null 2>&1; fi
rm -rf "$ROOT"
cluster start || { echo "FAIL: crash cluster did not start"; exit 1; }
SOCK=$ROOT/run
Q() { psql -X -q -At -v ON_ERROR_STOP=1 -h "$SOCK" -p "$PORT" -U postgres "$@"; }
Q -d postgres -c "CREATE DATABASE crash" || exit 1
Q -d crash <<SQL || exit 1
CREATE EXTENSION ocop;
CREATE EXTENSION amcheck;
CREATE TABLE cr_products (id bigint PRIMARY KEY, code ocop_code NOT NULL UNIQUE, star ocop_star NOT NULL);
CREATE INDEX ON cr_products (star);
CREATE TABLE cr_chains (id int PRIMARY KEY, chain trace_chain);
CREATE TRIGGER cr_chains_append_only BEFORE UPDATE ON cr_chains FOR EACH ROW EXECUTE FUNCTION trace_append_only('chain');
CREATE TABLE cr_log (n bigint PRIMARY KEY, chain_id int NOT NULL);
INSERT INTO cr_chains SELECT g, NULL FROM generate_series(1, $CHAINS) g;
SQL
conninfo="host=$SOCK port=$PORT user=postgres dbname=crash"

status=0
for ((cycle = 1; cycle <= CYCLES; cycle++)); do
  pids=()
  for ((c = 0; c < CLIENTS; c++)); do
    $PY "$TOP/test/reliability/crash_load.py" "$conninfo" $c $CHAINS $((cycle * 10000000)) > "$work/client.$cycle.$c" 2>&1 &
    pids+=($!)
  done
  # Kill once the load runs: at least 300 commits, or after 20 s at most.
  for ((t = 0; t < 200; t++)); do
    [ "$(cat "$work"/client.$cycle.* | grep -c '^C ')" -ge 300 ] && break
    sleep 0.1
  done
  pm=$(head -1 "$DATA/postmaster.pid")
  children=$(pgrep -P "$pm" | tr '\n' ' ')
  kill -9 "$pm"
  # Orphaned backends exit when they next wait for their client; wait for them
  # (bounded), then kill any left, as a machine crash would.
  for ((t = 0; t < 100; t++)); do
    alive=0; for p in $children; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && break; sleep 0.1
  done
  [ $alive = 0 ] || { echo "  (backends still alive 10 s after the postmaster died: SIGKILL)"; for p in $children; do kill -9 "$p" 2>/dev/null; done; sleep 1; }
  for p in "${pids[@]}"; do
    if ! timeout 30 tail --pid="$p" -f /dev/null; then kill -9 "$p" 2>/dev/null; fi
    wait "$p" || { echo "FAIL: a client ended with an error:"; grep '^E' "$work"/client.$cycle.* | head -5; status=1; }
  done
  pids=()
  [ -f "$DATA/postmaster.pid" ] && stale="stale postmaster.pid left" || stale="no postmaster.pid left"
  committed=$(cat "$work"/client.$cycle.* | grep -c '^C ')
  # Restart through scripts/cluster: it must recover this cluster, not make a new one.
  if ! cluster start 2> "$work/restart.err" || grep -q 'start failed' "$work/restart.err"; then
    echo "FAIL: restart after kill -9 failed"; cat "$work/restart.err"; tail -20 "$ROOT/server.log"; exit 1
  fi
  grep -h '^C ' "$work"/client.* | cut -d' ' -f2 | sort -n > "$work/acked.txt"
  Q -d crash -c "CREATE TEMP TABLE acked (id bigint)" -c "\\copy acked from '$work/acked.txt'" -f - > "$work/checks.txt" <<'SQL' || status=1
SELECT 'acknowledged commits present', count(*) = 0, count(*) || ' missing of ' || (SELECT count(*) FROM acked)
FROM acked a WHERE NOT EXISTS (SELECT 1 FROM cr_products p WHERE p.id = a.id)
   OR NOT EXISTS (SELECT 1 FROM cr_log l WHERE l.n = a.id);
WITH ev AS (SELECT c.id, e.lot::bigint AS n FROM cr_chains c, trace_events(c.chain) e),
     diff AS ((SELECT id, n FROM ev EXCEPT ALL SELECT chain_id, n FROM cr_log)
              UNION ALL (SELECT chain_id, n FROM cr_log EXCEPT ALL SELECT id, n FROM ev))
SELECT 'chains = log, event by event', count(*) = 0, count(*) || ' differences' FROM diff;
SELECT 'every chain verifies', bool_and(trace_verify(chain)), count(*) || ' chains, '
       || sum(trace_length(chain)) || ' events' FROM cr_chains;
SELECT 'products = log', (SELECT count(*) FROM cr_products) = (SELECT count(*) FROM cr_log),
       (SELECT count(*) FROM cr_products) || ' products, ' || (SELECT count(*) FROM cr_log) || ' logged';
SELECT 'codes and stars as inserted', count(*) = 0, count(*) || ' differ' FROM cr_products
WHERE code IS DISTINCT FROM ocop_code((id / 1000000 % 10)::int + 1, (id / 9999 % 99999)::int + 1, (id % 27)::int,
                                      2018 + (id % 82)::int, (id % 9999)::int + 1)
   OR star IS DISTINCT FROM (id % 3 + 3)::text::ocop_star;
-- bt_index_check raises on an inconsistent index; the count must be the 5
-- B-tree indexes the set-up creates (3 on cr_products, 1 each on cr_log and
-- cr_chains), so an empty selection cannot pass.
SELECT 'B-tree indexes match the heap (amcheck)', count(bt_index_check(c.oid, true)) = 5,
       count(bt_index_check(c.oid, true)) || ' of 5 indexes checked'
FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
WHERE a.amname = 'btree' AND i.indisvalid AND i.indrelid IN ('cr_products'::regclass, 'cr_log'::regclass, 'cr_chains'::regclass);
SQL
  echo "cycle $cycle: postmaster $pm killed after $committed acknowledged commits ($stale); restarted"
  while IFS='|' read -r name ok detail; do
    if [ "$ok" = t ]; then echo "  ok: $name ($detail)"; else echo "  FAIL: $name ($detail)"; status=1; fi
  done < "$work/checks.txt"
  [ "$(wc -l < "$work/checks.txt")" = 6 ] || { echo "FAIL: checks did not run"; status=1; }
  [ "$committed" -gt 0 ] || { echo "FAIL: no commit before the kill"; status=1; }
  [ $status = 0 ] || break
done
grep -q 'database system was interrupted\|not properly shut down' "$ROOT/server.log" \
  && echo "server log: crash recovery ran ($(grep -c 'redo done' "$ROOT/server.log") redo passes)"
exit $status
