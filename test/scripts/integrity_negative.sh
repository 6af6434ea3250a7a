#!/usr/bin/env bash
# Negative paths of every integrity check (issue 21, part 2): each must be
# seen refusing.
#  A. Every check function of the extension (the names in sql/ matching
#     *_verify, *_is_valid, *_valid, plus trace_is_prefix and
#     ocop_star_is_recognized) returns true on a good value and false, or
#     raises, on a bad one; a check function in sql/ with no case here fails.
#  B. The binary form: a stored trace_chain (trace_chain_send) changed at each
#     of its bytes, in turn, and sent back by binary COPY: trace_chain_recv
#     validates everything, so every changed value must be refused (22P03, or
#     54000 when a changed count claims too many events), none stored. The
#     intact value loads and verifies.
#  C. A value changed on disk: on its OWN throwaway cluster (scripts/cluster,
#     port OCOP_DISK_PGPORT, default 54323, folder OCOP_DISK_PGROOT, default
#     /var/tmp/ocop-disk-<port>, removed at the end), chains stored inline
#     and uncompressed (STORAGE EXTERNAL, small values) are located in the
#     table's file (pg_relation_filepath) with the server stopped; one byte of
#     each row's chain is changed (an event's JSON, a middle hash, the last
#     hash, the event count, an entry length, the format version), the server
#     restarted, and every changed row must fail trace_verify or raise on
#     reading, while the untouched row still verifies.  Pages are read with
#     ignore_checksum_failure (clusters with data checksums) so that the
#     extension's own check is what is tested.
#  D. The resolver started on that cluster shows the "broken" verdict (a
#     warning) on the label page of a chain changed on disk.
set -uo pipefail
TOP=${OCOP_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
export PG_CONFIG=${PG_CONFIG:-pg_config}
BINDIR=$("$PG_CONFIG" --bindir)
PY=/usr/bin/python3
work=$(mktemp -d)
status=0
fail() { echo "FAIL: $*"; status=1; }
db=ocop_integrity
DPORT=${OCOP_DISK_PGPORT:-54323}
DROOT=${OCOP_DISK_PGROOT:-/var/tmp/ocop-disk-$DPORT}
[ "$DPORT" != 54329 ] && [ "$DPORT" != "${PGPORT:-}" ] || { echo "OCOP_DISK_PGPORT must not be the test cluster's port"; exit 2; }
case $DROOT in /var/tmp/ocop-disk-*|/tmp/ocop-disk-*) ;; *) echo "OCOP_DISK_PGROOT must be /var/tmp/ocop-disk-*"; exit 2 ;; esac
if [ "$(id -u)" = 0 ]; then as_owner() { runuser -u postgres -- "$@"; }; else as_owner() { "$@"; }; fi
cleanup() {
  [ -d "$DROOT/data" ] && as_owner "$BINDIR/pg_ctl" -D "$DROOT/data" -m immediate -w -t 30 stop >/dev/null 2>&1
  rm -rf "$work" "$DROOT"
  psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1
}
trap cleanup EXIT

Q() { psql -X -q -At -v ON_ERROR_STOP=1 -d $db "$@"; }
psql -X -q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" || exit 1
Q -c "CREATE EXTENSION ocop" || exit 1

# A chain of three events (about 600 bytes: inline, never compressed).
CHAIN='[{"bizStep":"harvesting","eventTime":"2024-03-01T08:00:00+07:00","actor":"HTX-123","lot":"LOT"},'\
'{"bizStep":"processing","eventTime":"2024-03-01T12:00:00Z","place":"00577"},'\
'{"bizStep":"shipping","eventTime":"2024-03-02T08:00:00Z","epcList":["urn:epc:id:sgtin:0614141.107346.2017"]}]'

# ---------------------------------------------------------------------------
# A. Every check function: true on a good value, false or an error on bad ones.
echo "-- A: check functions"
# name | good expression | bad expressions (each must give false or raise),
# ';;'-separated; "@disk" marks the recomputation of trace_verify(chain),
# whose failing input (a stored chain whose hashes no longer match its
# events) SQL cannot make: the text input recomputes the hashes and the binary
# input refuses such a value (B), so section C changes it on disk.
cat > "$work/cases" <<SQL
trace_verify|trace_verify('$CHAIN'::trace_chain)|@disk
trace_verify/2|trace_verify('$CHAIN'::trace_chain, trace_head('$CHAIN'::trace_chain))|trace_verify('$CHAIN'::trace_chain, sha256('x'));;trace_verify('$CHAIN'::trace_chain, set_byte(trace_head('$CHAIN'::trace_chain), 31, get_byte(trace_head('$CHAIN'::trace_chain), 31) # 1));;trace_verify('$CHAIN'::trace_chain, '\\x00'::bytea);;trace_verify('[]'::trace_chain, sha256(''));;trace_verify(replace('$CHAIN', 'HTX-123', 'HTX-124')::trace_chain, trace_head('$CHAIN'::trace_chain))
trace_is_prefix|trace_is_prefix(prefix_test(2), '$CHAIN'::trace_chain)|trace_is_prefix('$CHAIN'::trace_chain, prefix_test(2));;trace_is_prefix(trace_append(prefix_test(2), 'shipping', '2024-03-02T08:00:00Z'), '$CHAIN'::trace_chain)
ocop_code_is_valid|ocop_code_is_valid('OCOP-01-00577-21-2025-0042-4')|ocop_code_is_valid('OCOP-01-00577-21-2025-0042-5');;ocop_code_is_valid('OCOP-01-00577-27-2025-0042-4');;ocop_code_is_valid('');;ocop_code_is_valid('OCOP-01-00577-21-2017-0042-4')
gtin_is_valid|gtin_is_valid('8931234567897')|gtin_is_valid('8931234567890');;gtin_is_valid('893123456789');;gtin_is_valid('893123456789X');;gtin_is_valid('')
ocop_star_is_recognized|ocop_star_is_recognized('3'::ocop_star)|ocop_star_is_recognized('2'::ocop_star);;ocop_star_is_recognized('1'::ocop_star)
SQL
Q <<SQL || fail "helpers"
CREATE FUNCTION prefix_test(n int) RETURNS trace_chain LANGUAGE sql AS \$\$
  SELECT (SELECT jsonb_agg(e ORDER BY o) FROM jsonb_array_elements('$CHAIN'::jsonb) WITH ORDINALITY AS x(e, o)
          WHERE o <= n)::text::trace_chain \$\$;
CREATE FUNCTION outcome(expr text) RETURNS text LANGUAGE plpgsql AS \$\$
DECLARE r bool;
BEGIN
  EXECUTE 'SELECT ' || expr INTO r;
  RETURN coalesce(r::text, 'null');
EXCEPTION WHEN OTHERS THEN RETURN 'raised ' || SQLSTATE;
END \$\$;
SQL
# Hashes given in the text form are checked: the old hashes with a changed
# event are refused (22P02), never stored.
out=$(Q -c "SELECT outcome(\$q\$ trace_verify(replace(trace_chain_out('$CHAIN'::trace_chain)::text, 'HTX-123', 'HTX-124')::trace_chain) \$q\$)")
[ "$out" = "raised 22P02" ] || fail "text input with a stale hash: $out (want raised 22P02)"

# Every check function of the extension has a case (a new one without a case fails).
grep -hoE 'FUNCTION @extschema@\.[a-z0-9_]+(_verify|_is_valid|_valid)\(' "$TOP"/sql/ocop.sql "$TOP"/sql/features/*.sql "$TOP"/ocop_postgis/sql/ocop_postgis.sql \
  | sed -E 's/FUNCTION @extschema@\.//; s/\($//' | sort -u > "$work/declared"
[ -s "$work/declared" ] || fail "no check functions found in sql/ (the grep is broken)"
while read -r f; do
  grep -qE "^$f(/[0-9])?\|" "$work/cases" || fail "check function $f has no negative case in $0"
done < "$work/declared"
echo "   check functions in sql/: $(tr '\n' ' ' < "$work/declared")"
ncases=0
while IFS='|' read -r name good bads; do
  out=$(Q -c "SELECT outcome(\$q\$ $good \$q\$)")
  [ "$out" = true ] || fail "$name on a good value: $out (want true)"
  IFS=$'\x01' read -r -a list <<< "${bads//;;/$'\x01'}"
  for bad in "${list[@]}"; do
    [ "$bad" = @disk ] && continue
    out=$(Q -c "SELECT outcome(\$q\$ $bad \$q\$)")
    ncases=$((ncases + 1))
    case $out in false|raised*) ;; *) fail "$name: $bad gave $out (want false or an error)" ;; esac
  done
done < "$work/cases"
echo "   $ncases bad values, each false or raised"

# ---------------------------------------------------------------------------
# B. The binary form: every single-byte change refused by trace_chain_recv.
echo "-- B: binary input of changed values"
Q -c "CREATE TABLE bin (c trace_chain)" || fail "table bin"
hex=$(Q -c "SELECT encode(trace_chain_send('$CHAIN'::trace_chain), 'hex')")
[ -n "$hex" ] || fail "no binary value"
$PY - "$hex" "$work" <<'PY' || fail "writing COPY files"
import struct, sys
data = bytes.fromhex(sys.argv[1]); d = sys.argv[2]
def copyfile(name, value):
    with open(f"{d}/{name}", "wb") as f:
        f.write(b"PGCOPY\n\xff\r\n\x00" + struct.pack(">ii", 0, 0))
        f.write(struct.pack(">hi", 1, len(value)) + value + struct.pack(">h", -1))
copyfile("intact", data)
with open(f"{d}/copies.sql", "w") as s:
    s.write("\\set VERBOSITY sqlstate\n")
    for i in range(len(data)):
        v = bytearray(data); v[i] ^= 0x20 if i % 2 else 0x01
        copyfile(f"c{i}", bytes(v))
        s.write(f"\\copy bin FROM '{d}/c{i}' WITH (FORMAT binary)\n")
print(len(data), file=open(f"{d}/nbytes", "w"))
PY
nbytes=$(cat "$work/nbytes")
psql -X -q -d $db -f "$work/copies.sql" > "$work/copies.out" 2>&1
refused=$(grep -cE '^(psql:[^ ]* )?ERROR:  (22P03|54000)' "$work/copies.out")
others=$(grep -E 'ERROR' "$work/copies.out" | grep -vcE 'ERROR:  (22P03|54000)')
stored=$(Q -c "SELECT count(*) FROM bin")
echo "   $nbytes bytes changed one at a time: $refused refused, $stored stored"
[ "$refused" = "$nbytes" ] && [ "$nbytes" -gt 300 ] || fail "binary input refused $refused of $nbytes changed values"
[ "$others" = 0 ] || { fail "$others errors with another SQLSTATE"; grep ERROR "$work/copies.out" | grep -vE '22P03|54000' | head -5; }
[ "$stored" = 0 ] || fail "$stored changed values were stored"
Q -c "\\copy bin FROM '$work/intact' WITH (FORMAT binary)" || fail "the intact value is refused"
[ "$(Q -c "SELECT count(*) FILTER (WHERE trace_verify(c) AND c::text = '$CHAIN'::trace_chain::text) FROM bin")" = 1 ] \
  || fail "the intact value does not load back equal and verified"

# ---------------------------------------------------------------------------
# C. A value changed on disk, on a throwaway cluster.
echo "-- C: values changed on disk (cluster on port $DPORT)"
cluster() { OCOP_PGPORT=$DPORT OCOP_PGROOT=$DROOT bash "$TOP/scripts/cluster" "$@"; }
if [ -d "$DROOT/data" ]; then as_owner "$BINDIR/pg_ctl" -D "$DROOT/data" -m immediate -w -t 30 stop >/dev/null 2>&1; fi
rm -rf "$DROOT"
cluster start >/dev/null || { fail "disk cluster did not start"; exit 1; }
D() { psql -X -q -At -v ON_ERROR_STOP=1 -h "$DROOT/run" -p "$DPORT" -U postgres -d postgres "$@"; }
# Row k's chain differs by its lot; the case names the byte changed.
D <<SQL || fail "disk table"
CREATE EXTENSION ocop;
CREATE TABLE disk (id int PRIMARY KEY, what text, chain trace_chain, head bytea);
ALTER TABLE disk ALTER COLUMN chain SET STORAGE EXTERNAL;
INSERT INTO disk (id, what, chain, head)
SELECT k, w, c, trace_head(c)
FROM (VALUES (0, 'untouched'), (1, 'event JSON'), (2, 'middle hash'), (3, 'last hash'),
             (4, 'event count'), (5, 'entry length'), (6, 'format version'), (7, 'last event JSON')) AS v(k, w),
     LATERAL (SELECT replace('$CHAIN', '"LOT"', '"LOT-' || k || '"')::trace_chain AS c) AS x;
VACUUM FREEZE disk;
CHECKPOINT;
SQL
# Where each row's bytes are: the stored form (after the varlena header) =
# the binary form.
D -c "SELECT id || ' ' || encode(trace_chain_send(chain), 'hex') FROM disk ORDER BY id" > "$work/rows"
datadir=$(D -c "SHOW data_directory")
relfile=$datadir/$(D -c "SELECT pg_relation_filepath('disk')")
toast=$(D -c "SELECT count(*) FROM pg_class WHERE oid = (SELECT reltoastrelid FROM pg_class WHERE relname = 'disk') AND relpages > 0")
[ "$toast" = 0 ] || fail "chains went to the TOAST table: the bytes changed would not be the chain's"
as_owner "$BINDIR/pg_ctl" -D "$DROOT/data" -m fast -w -t 60 stop >/dev/null || fail "disk cluster did not stop"
$PY - "$relfile" "$work/rows" <<'PY' > "$work/patched" || fail "patching the table file"
import struct, sys
path, rows = sys.argv[1], sys.argv[2]
raw = bytearray(open(path, "rb").read())
for line in open(rows):
    k, hx = line.split(); k = int(k); v = bytes.fromhex(hx)
    at = raw.find(v)
    if at < 0 or raw.find(v, at + 1) >= 0:
        sys.exit(f"row {k}: its chain is not found exactly once in the file")
    # the 4-byte uncompressed varlena header in front (little-endian on this
    # machine's layout: length << 2): the value is inline and not compressed
    hdr = struct.unpack("<I", raw[at - 4:at])[0]
    if hdr != (len(v) + 4) << 2:
        sys.exit(f"row {k}: no plain 4-byte varlena header before the chain (0x{hdr:08x})")
    n = struct.unpack(">I", v[4:8])[0]
    first_len = struct.unpack(">I", v[8:12])[0]
    offs, o = [], 8
    for _ in range(n):
        L = struct.unpack(">I", v[o:o + 4])[0]; offs.append((o, L)); o += 36 + L
    assert o == len(v) and n == 3
    target = {1: 8 + 36 + first_len // 2,           # inside the first event's JSON
              2: offs[1][0] + 4 + 17,               # inside the second (middle) hash
              3: offs[2][0] + 4 + 31,               # last byte of the last hash
              4: 7,                                  # low byte of the event count
              5: offs[1][0] + 3,                     # low byte of the second entry's length
              6: 0,                                  # format version
              7: offs[2][0] + 36 + offs[2][1] - 3}.get(k)
    if target is None:
        continue
    raw[at + target] ^= 0x01 if k != 7 else 0x08
    print(k, target)
open(path, "wb").write(raw)
PY
[ "$(wc -l < "$work/patched")" = 7 ] || fail "not every row was patched: $(cat "$work/patched")"
cluster start >/dev/null || fail "disk cluster did not restart"
D <<'SQL' > "$work/verdicts" || fail "reading the changed rows"
SET ignore_checksum_failure = on;
CREATE FUNCTION pg_temp.verdict(k int) RETURNS text LANGUAGE plpgsql AS $$
DECLARE a bool; b bool;
BEGIN
  SELECT trace_verify(chain), trace_verify(chain, head) INTO a, b FROM disk WHERE id = k;
  RETURN a || ' ' || b;
EXCEPTION WHEN OTHERS THEN RETURN 'raised ' || SQLSTATE;
END $$;
SELECT id || '|' || what || '|' || pg_temp.verdict(id) FROM disk ORDER BY id;
SQL
cat "$work/verdicts" | sed 's/^/   /'
[ "$(grep -c . "$work/verdicts")" = 8 ] || fail "8 rows expected back"
grep -qx '0|untouched|true true' "$work/verdicts" || fail "the untouched row no longer verifies"
while IFS='|' read -r id what verdict; do
  [ "$id" = 0 ] && continue
  case $verdict in "false false"|raised*) ;; *) fail "row $id ($what changed on disk): $verdict (want false false or an error)" ;; esac
done < "$work/verdicts"

# D. What a shopper sees for such a chain (issue 18: "a clear warning when
# ... the chain fails to verify").  Input refuses a chain that does not
# verify (B), so the only way a registry can hold one is a change below
# SQL, as in C.  The resolver (resolver/server.js) is started on this
# cluster with its contract (resolver/README.md, "The database") over the
# table of C: the label page of the row whose middle hash changed must give
# the "broken" verdict, a warning, in Vietnamese and in English; the
# untouched row's page must give "sealed".
echo "-- D: the resolver's verdict on a chain changed on disk"
if ! command -v node >/dev/null || ! (cd "$TOP/resolver" && npm ls --silent >/dev/null 2>&1); then
  fail "node or the resolver's npm packages are missing (scripts/packages installs them)"
else
  code=OCOP-01-00577-21-2025-0042-4
  D <<SQL || fail "the resolver's contract on the disk cluster"
SET ignore_checksum_failure = on;
\\i $TOP/resolver/sql/ocop_resolver.sql
CREATE TABLE product (code ocop_code PRIMARY KEY, name text, producer text, commune text,
                      star ocop_star, certified date, decision text);
INSERT INTO product VALUES ('$code', 'Chè Shan tuyết', 'HTX-123', '00004', '4', '2025-06-01', '123/QĐ-UBND');
CREATE VIEW ocop_resolver_product AS
SELECT code, NULL::text AS gtin, name, producer, commune, star, false AS potential_5star, certified, decision
  FROM product;
CREATE VIEW ocop_resolver_lot AS
SELECT 'LOT-' || id AS lot, '$code'::ocop_code AS code, chain, head AS label_head FROM disk WHERE id IN (0, 2);
SQL
  rport=$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  RESOLVER_DATABASE_URL="postgresql://postgres@/postgres?host=$DROOT/run&port=$DPORT&options=-c%20ignore_checksum_failure%3Don" \
  RESOLVER_LISTEN=127.0.0.1:$rport RESOLVER_LOG=silent node "$TOP/resolver/server.js" >"$work/resolver.log" 2>&1 &
  rpid=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$rport/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
  verdict_of() {  # verdict_of ROW LANG -> "status verdict class"
    local head; head=$(D -c "SET ignore_checksum_failure = on; SELECT encode(head, 'hex') FROM disk WHERE id = $1")
    curl -s -o "$work/page-$1-$2.html" -w '%{http_code}' -H 'Accept: text/html' \
      "http://127.0.0.1:$rport/p/$code?h=$head&lang=$2"
    $PY - "$work/page-$1-$2.html" <<'PY'
import re, sys
m = re.search(r'<[^>]*\bdata-verdict="([^"]*)"[^>]*>', open(sys.argv[1], encoding="utf-8").read())
cls = re.search(r'class="([^"]*)"', m.group(0)).group(1) if m else "-"
print(" " + (m.group(1) if m else "-") + " " + cls)
PY
  }
  got0=$(verdict_of 0 vi); got2=$(verdict_of 2 vi); got2en=$(verdict_of 2 en)
  echo "   untouched row: $got0; middle hash changed: $got2 (vi), $got2en (en)"
  case $got0 in "200 sealed "*ok*) ;; *) fail "the untouched chain's page: $got0 (want 200 sealed, class ok)" ;; esac
  case $got2 in "200 broken "*warn*) ;; *) fail "the changed chain's page: $got2 (want 200 broken, class warn)" ;; esac
  case $got2en in "200 broken "*warn*) ;; *) fail "the changed chain's page in English: $got2en" ;; esac
  grep -q 'chuỗi hồ sơ của lô này không kiểm chứng được' "$work/page-2-vi.html" || fail "the Vietnamese warning text is missing"
  grep -q 'fails to verify' "$work/page-2-en.html" || fail "the English warning text is missing"
  kill -TERM "$rpid" 2>/dev/null; wait "$rpid" 2>/dev/null
fi

[ $status = 0 ] && echo "   every check refused every bad value"
exit $status
