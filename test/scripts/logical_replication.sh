#!/usr/bin/env bash
# Logical replication of trace_chain (issue 16, part 3).  Two throwaway
# clusters, a publisher (wal_level = logical) and a subscriber, each with the
# ocop extension and a table of chains with NO primary key and REPLICA
# IDENTITY FULL.  For such a table the subscriber finds the row an UPDATE or
# DELETE names by comparing every column with the type's default equality
# operator; without trace_chain's = (before 0.3.0) the apply worker fails
# with
#   ERROR:  could not identify an equality operator for type trace_chain
# and replication stops at the first update.  This script checks both sides:
#   - the subscription copies the table, then applies inserts, updates that
#     append events (trace_append), an update of a NULL chain, an update of
#     one of two identical rows, an update and a delete of a long (TOASTed)
#     chain, and deletes;
#   - afterwards the subscriber holds the publisher's rows exactly (the text
#     form of every row, compared as multisets, and = over the publisher's
#     rows copied across), every chain verifies (trace_verify) and has the
#     publisher's head;
#   - a second subscriber database whose ocop lacks the trace_chain btree and
#     hash operator classes (dropped from the extension, as before 0.3.0)
#     gets the same stream and its apply worker fails with the error above,
#     so this test would fail without the operator.
# Clusters: ports OCOP_LOGREP_PGPORT and the next one (default: the first
# free pair from OCOP_PGPORT + 40, in steps of two, ten tries), folder
# OCOP_LOGREP_PGROOT (default /var/tmp/ocop-logrep-<port>), removed at the
# end unless OCOP_LOGREP_KEEP=1.
set -uo pipefail
TOP=${OCOP_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
export PG_CONFIG=${PG_CONFIG:-pg_config}
BINDIR=$("$PG_CONFIG" --bindir)

port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
choose_port() {
  local p=$(( ${OCOP_PGPORT:-54329} + 40 )) try
  for try in $(seq 0 9); do
    if ! port_taken $p && ! port_taken $((p + 1)); then echo $p; return; fi
    p=$((p + 2))
  done
  echo "no free pair of ports from $(( ${OCOP_PGPORT:-54329} + 40 ))" >&2
  return 1
}
PUB_PORT=${OCOP_LOGREP_PGPORT:-$(choose_port)} || { echo "FAIL: no free ports"; exit 1; }
SUB_PORT=$((PUB_PORT + 1))
ROOT=${OCOP_LOGREP_PGROOT:-/var/tmp/ocop-logrep-$PUB_PORT}
case $ROOT in /var/tmp/ocop-logrep-*|/tmp/ocop-logrep-*) ;; *) echo "OCOP_LOGREP_PGROOT must be /var/tmp/ocop-logrep-*"; exit 2 ;; esac
for p in $PUB_PORT $SUB_PORT; do
  case $p in 54329|54317|54319|"${PGPORT:-}") echo "OCOP_LOGREP_PGPORT: port $p belongs to another test cluster"; exit 2 ;; esac
done

if [ "$(id -u)" = 0 ]; then as_owner() { runuser -u postgres -- "$@"; }; else as_owner() { "$@"; }; fi
node() {  # node pub|sub COMMAND: scripts/cluster for that node
  local port=$PUB_PORT; [ "$1" = sub ] && port=$SUB_PORT
  OCOP_PGPORT=$port OCOP_PGROOT=$ROOT/$1 bash "$TOP/scripts/cluster" "$2"
}
stop_all() {
  local n
  for n in pub sub; do
    [ -f "$ROOT/$n/data/PG_VERSION" ] && as_owner "$BINDIR/pg_ctl" -D "$ROOT/$n/data" -m immediate -w -t 30 stop >/dev/null 2>&1
  done
}
cleanup() {
  [ "${OCOP_LOGREP_KEEP:-0}" = 1 ] && { echo "clusters kept in $ROOT (ports $PUB_PORT, $SUB_PORT)"; return; }
  stop_all; rm -rf "$ROOT"
}
trap cleanup EXIT
stop_all; rm -rf "$ROOT"

status=0
ok() { echo "   ok   $*"; }
fail() { echo "   FAIL $*"; status=1; }
P() { psql -X -q -At -v ON_ERROR_STOP=1 -h "$ROOT/pub/run" -p $PUB_PORT -U postgres "$@"; }
S() { psql -X -q -At -v ON_ERROR_STOP=1 -h "$ROOT/sub/run" -p $SUB_PORT -U postgres "$@"; }

node pub start || { echo "FAIL: publisher did not start"; exit 1; }
echo "wal_level = logical" >> "$ROOT/pub/data/postgresql.conf"
node pub restart || { echo "FAIL: publisher did not restart"; exit 1; }
node sub start || { echo "FAIL: subscriber did not start"; exit 1; }
[ "$(P -d postgres -c 'SHOW wal_level')" = logical ] || { echo "FAIL: wal_level on the publisher"; exit 1; }

TABLE="CREATE TABLE chains (lot text, chain trace_chain);
ALTER TABLE chains REPLICA IDENTITY FULL;"
P -d postgres -c "CREATE DATABASE logrep" >/dev/null || exit 1
S -d postgres -c "CREATE DATABASE logrep" -c "CREATE DATABASE logrep_noeq" >/dev/null || exit 1
for db in logrep logrep_noeq; do
  S -d $db -c "CREATE EXTENSION ocop" -c "$TABLE" >/dev/null || exit 1
done
P -d logrep -c "CREATE EXTENSION ocop" -c "$TABLE" >/dev/null || exit 1
# The second subscriber database: ocop without any equality operator for
# trace_chain, as before 0.3.0 (the operators stay, the operator classes that
# make = the type's equality go).
S -d logrep_noeq >/dev/null <<'SQL' || exit 1
ALTER EXTENSION ocop DROP OPERATOR CLASS trace_chain_btree_ops USING btree;
ALTER EXTENSION ocop DROP OPERATOR FAMILY trace_chain_btree_ops USING btree;
ALTER EXTENSION ocop DROP OPERATOR CLASS trace_chain_hash_ops USING hash;
ALTER EXTENSION ocop DROP OPERATOR FAMILY trace_chain_hash_ops USING hash;
DROP OPERATOR FAMILY trace_chain_btree_ops USING btree;
DROP OPERATOR FAMILY trace_chain_hash_ops USING hash;
SQL
[ "$(S -d logrep_noeq -c "SELECT count(*) FROM pg_opclass WHERE opcintype = 'trace_chain'::regtype AND opcmethod <> (SELECT oid FROM pg_am WHERE amname = 'gin')")" = 0 ] \
  || { echo "FAIL: logrep_noeq still has a btree or hash operator class for trace_chain"; exit 1; }

# Rows before the subscription (copied by the initial sync): 30 lots with a
# one- or two-event chain, a NULL chain, two identical rows, and a long
# chain of 400 events (stored compressed or out of line).
P -d logrep >/dev/null <<'SQL' || exit 1
INSERT INTO chains
SELECT 'LOT-' || g,
       CASE WHEN g % 2 = 0 THEN trace_append(c, 'shipping', '2025-02-01Z'::timestamptz + g * interval '1 hour', place => '00577')
            ELSE c END
  FROM (SELECT g, trace_append(NULL, 'commissioning', '2025-01-01Z'::timestamptz + g * interval '1 day',
                               actor => 'HTX-' || g, lot => 'LOT-' || g) AS c
          FROM generate_series(1, 30) g) s;
INSERT INTO chains VALUES ('LOT-NULL', NULL);
INSERT INTO chains SELECT 'LOT-TWIN', trace_append(NULL, 'harvesting', '2025-01-05Z', actor => 'HTX-TWIN') FROM generate_series(1, 2);
INSERT INTO chains
SELECT 'LOT-LONG', ('[' || string_agg(format('{"bizStep":"storing","eventTime":"2025-03-01T%s:%s:00Z","lot":"LOT-LONG","quantity":%s}',
                                             lpad((g / 60)::text, 2, '0'), lpad((g % 60)::text, 2, '0'), g), ',') || ']')::trace_chain
  FROM generate_series(1, 400) g;
CREATE PUBLICATION chains_pub FOR TABLE chains;
SQL
long_size=$(P -d logrep -c "SELECT pg_column_size(chain) < octet_length(trace_chain_send(chain)) FROM chains WHERE lot = 'LOT-LONG'")
[ "$long_size" = t ] && ok "the long chain is stored compressed" || fail "the long chain is not compressed ($long_size)"

conn="host=$ROOT/pub/run port=$PUB_PORT user=postgres dbname=logrep"
S -d logrep -c "CREATE SUBSCRIPTION chains_sub CONNECTION '$conn' PUBLICATION chains_pub" >/dev/null || exit 1
S -d logrep_noeq -c "CREATE SUBSCRIPTION chains_noeq CONNECTION '$conn' PUBLICATION chains_pub" >/dev/null || exit 1

# wait_synced DB SUB: the initial copy of every table of SUB is done.
wait_synced() {
  local t
  for t in $(seq 1 120); do
    [ "$(S -d "$1" -c "SELECT count(*) FROM pg_subscription_rel r JOIN pg_subscription s ON s.oid = r.srsubid
                        WHERE s.subname = '$2' AND r.srsubstate NOT IN ('r', 's')")" = 0 ] && return 0
    sleep 0.5
  done
  return 1
}
wait_synced logrep chains_sub && ok "initial sync of chains_sub" || fail "initial sync of chains_sub"
wait_synced logrep_noeq chains_noeq && ok "initial sync of chains_noeq (inserts need no equality)" || fail "initial sync of chains_noeq"

# The changes.
P -d logrep >/dev/null <<'SQL' || exit 1
-- inserts
INSERT INTO chains
SELECT 'LOT-' || g, trace_append(NULL, 'commissioning', '2025-01-01Z'::timestamptz + g * interval '1 day',
                                 actor => 'HTX-' || g, lot => 'LOT-' || g)
  FROM generate_series(31, 40) g;
-- updates that append one event (appends to chains of one and two events)
UPDATE chains SET chain = trace_append(chain, 'receiving', '2025-04-01Z', place => '00004')
 WHERE lot IN ('LOT-1', 'LOT-2', 'LOT-3', 'LOT-4', 'LOT-35');
-- two appends to the same row in one transaction
BEGIN;
UPDATE chains SET chain = trace_append(chain, 'shipping', '2025-04-02Z') WHERE lot = 'LOT-5';
UPDATE chains SET chain = trace_append(chain, 'receiving', '2025-04-03Z') WHERE lot = 'LOT-5';
COMMIT;
-- a NULL chain gets its first event
UPDATE chains SET chain = trace_append(chain, 'commissioning', '2025-04-04Z', actor => 'HTX-NULL') WHERE lot = 'LOT-NULL';
-- one of two identical rows
UPDATE chains SET chain = trace_append(chain, 'packing', '2025-04-05Z')
 WHERE ctid = (SELECT min(ctid) FROM chains WHERE lot = 'LOT-TWIN');
-- the long chain: one more event
UPDATE chains SET chain = trace_append(chain, 'shipping', '2025-04-06Z') WHERE lot = 'LOT-LONG';
-- deletes
DELETE FROM chains WHERE lot IN ('LOT-6', 'LOT-7', 'LOT-36');
SQL
P -d logrep >/dev/null <<'SQL' || exit 1
-- a second long chain, appended to and then deleted
INSERT INTO chains SELECT 'LOT-LONG2', trace_append(chain, 'receiving', '2025-04-07Z') FROM chains WHERE lot = 'LOT-LONG';
UPDATE chains SET chain = trace_append(chain, 'storing', '2025-04-08Z') WHERE lot = 'LOT-LONG2';
DELETE FROM chains WHERE lot = 'LOT-LONG2';
SQL

# rows DB (publisher or subscriber): every row's text form, sorted.
ROWS="SELECT lot || ' ' || coalesce(chain::text, 'NULL') FROM chains ORDER BY 1"
P -d logrep -c "$ROWS" > "$ROOT/pub.rows"
caught_up=0
for t in $(seq 1 120); do
  S -d logrep -c "$ROWS" > "$ROOT/sub.rows"
  if cmp -s "$ROOT/pub.rows" "$ROOT/sub.rows"; then caught_up=1; break; fi
  sleep 0.5
done
nrows=$(wc -l < "$ROOT/pub.rows")
if [ $caught_up = 1 ]; then
  ok "the subscriber holds the publisher's $nrows rows (text form of every row)"
else
  diff "$ROOT/pub.rows" "$ROOT/sub.rows" | cut -c1-200 | head -20
  fail "the subscriber's rows differ from the publisher's"
fi
[ "$nrows" = 41 ] && ok "41 rows: 34 copied, 11 inserted, 4 deleted" || fail "$nrows rows on the publisher, expected 41"

# = over the publisher's rows copied across (COPY in text form): the same
# multiset, each chain verifying and with the publisher's head.
S -d logrep -c "CREATE TABLE pub_copy (lot text, chain trace_chain, head bytea)" >/dev/null
P -d logrep -c "COPY (SELECT lot, chain, trace_head(chain) FROM chains) TO STDOUT" | S -d logrep -c "COPY pub_copy FROM STDIN"
res=$(S -d logrep <<'SQL'
SELECT (SELECT count(*) FROM (SELECT lot, chain FROM chains EXCEPT ALL SELECT lot, chain FROM pub_copy) a)
     + (SELECT count(*) FROM (SELECT lot, chain FROM pub_copy EXCEPT ALL SELECT lot, chain FROM chains) b) AS differing,
       (SELECT count(*) FROM chains WHERE chain IS NOT NULL AND NOT trace_verify(chain)) AS not_verifying,
       (SELECT count(*) FROM chains WHERE chain IS NOT NULL) AS chains,
       (SELECT count(*) FROM pub_copy p WHERE p.chain IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM chains c WHERE c.lot = p.lot AND c.chain = p.chain AND trace_verify(c.chain, p.head))) AS without_head
SQL
)
IFS='|' read -r differing not_verifying nchains without_head <<< "$res"
[ "$differing" = 0 ] && ok "= finds every publisher row on the subscriber, as often (EXCEPT ALL both ways)" || fail "$differing rows differ by ="
[ "$not_verifying" = 0 ] && [ "${nchains:-0}" -ge 37 ] && ok "all $nchains chains on the subscriber verify (trace_verify)" || fail "$not_verifying of $nchains chains do not verify"
[ "$without_head" = 0 ] && ok "every chain has the publisher's head (trace_verify(chain, head))" || fail "$without_head chains without the publisher's head"
res=$(S -d logrep -c "SELECT trace_length(chain) FROM chains WHERE lot = 'LOT-LONG'
  UNION ALL SELECT count(*) FROM chains WHERE lot = 'LOT-TWIN' GROUP BY chain ORDER BY 1" | paste -sd' ')
[ "$res" = "1 1 401" ] && ok "the long chain has 401 events; the twins differ by one event" || fail "long chain and twins: $res"

# Without the equality operator: the apply worker of logrep_noeq stops at
# the first UPDATE with the error, and its table still holds the old rows.
NOEQ='could not identify an equality operator for type ([a-z_]+\.)?trace_chain'
seen=0
for t in $(seq 1 60); do
  if grep -qE "$NOEQ" "$ROOT/sub/server.log"; then seen=1; break; fi
  sleep 0.5
done
[ $seen = 1 ] && ok "without trace_chain's operator classes the apply worker fails: $(grep -m1 -oE "$NOEQ" "$ROOT/sub/server.log")" \
  || fail "logrep_noeq: no \"could not identify an equality operator\" error in the subscriber's log"
noeq=$(S -d logrep_noeq -c "SELECT count(*) FROM chains WHERE lot = 'LOT-5' AND trace_length(chain) = 1")
[ "$noeq" = 1 ] && ok "logrep_noeq did not apply the updates (LOT-5 still has one event)" || fail "logrep_noeq: LOT-5 rows with one event: $noeq"
S -d logrep_noeq -c "ALTER SUBSCRIPTION chains_noeq DISABLE" -c "ALTER SUBSCRIPTION chains_noeq SET (slot_name = NONE)" \
  -c "DROP SUBSCRIPTION chains_noeq" >/dev/null || fail "dropping chains_noeq"
P -d logrep -c "SELECT pg_drop_replication_slot('chains_noeq')" >/dev/null 2>&1 || true

if [ $status = 0 ]; then echo "logical_replication: pass"; else echo "logical_replication: FAIL"; fi
exit $status
