#!/usr/bin/env bash
# examples/node/ocop_label.js (node-postgres) against the throwaway cluster, in
# a scratch database; its JSON summary is checked against the server and the
# label PNG is decoded with zbarimg.  `npm ci` installs the locked packages
# into examples/node/node_modules (ignored by git) when package-lock.json
# changed since the last install.  Parts whose SQL functions the installed
# ocop lacks (trace_chain, QR) are skipped and the test then exits 77.
set -euo pipefail
TOP=${OCOP_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$TOP"
if [ -z "${PGHOST:-}" ]; then eval "$(bash scripts/cluster env)"; export PGHOST PGPORT PGUSER; fi
PY=/usr/bin/python3          # only checks the results
DB=ocop_example_node
WORK=$(mktemp -d /tmp/ocop-example-node.XXXXXX)
psql_() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
cleanup() { psql_ -d postgres -c "DROP DATABASE IF EXISTS $DB" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

command -v node >/dev/null && command -v npm >/dev/null || { echo "node and npm are missing (scripts/packages installs them)"; exit 1; }
stamp=examples/node/node_modules/.ocop-lock-sha256
want=$(sha256sum examples/node/package-lock.json | cut -d' ' -f1)
if [ ! -d examples/node/node_modules/pg ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  (cd examples/node && npm ci --no-audit --no-fund --loglevel=error) || { echo "npm ci failed"; exit 1; }
  echo "$want" >"$stamp"
fi
psql_ -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" 2>/dev/null

# Which features does the installed ocop have?
psql_ -d "$DB" -c 'CREATE EXTENSION ocop'
has() { [ "$(psql_ -d "$DB" -Atc "SELECT count(DISTINCT proname) FROM pg_proc WHERE proname = ANY ('{$1}')")" = "$2" ]; }
without=()
skipped=()
has trace_append,trace_events,trace_head,trace_length,trace_verify 5 || { without+=(--without trace); skipped+=(trace_chain); }
has ocop_qr_png,ocop_product_url 2 || { without+=(--without qr); skipped+=(QR); }

PGDATABASE=$DB node examples/node/ocop_label.js --out "$WORK" "${without[@]}"   # the human report
PGDATABASE=$DB node examples/node/ocop_label.js --json --out "$WORK" "${without[@]}" >"$WORK/result.json"

# What the server holds after the (second) run, and what a wrong head gives.
server=$(psql_ -d "$DB" -At -F ' ' <<'SQL'
SELECT code, name FROM example_product;
SELECT CASE WHEN to_regclass('example_product') IS NOT NULL
            AND EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'example_product'::regclass AND attname = 'chain')
       THEN 'has-chain' ELSE 'no-chain' END;
SQL
)
if [[ " ${skipped[*]} " != *" trace_chain "* ]]; then
  server+=$'\n'$(psql_ -d "$DB" -At -F ' ' -c \
    "SELECT encode(trace_head(chain), 'hex'), trace_length(chain), trace_verify(chain, trace_head(chain)),
            trace_verify(chain, sha256('not the head')) FROM example_product")
  # The same three events appended in plain SQL, with literals: the driver must
  # have passed times, numbers and text without changing a bit of them.
  server+=$'\n'$(psql_ -d "$DB" -At -c "SELECT encode(trace_head(
    trace_append(trace_append(trace_append(NULL::trace_chain,
      'commissioning', '2025-11-03 07:30+07', 'HTX-GOM-BAT-TRANG', '00577', 'L2025-11', 120, 'H87'),
      'packing', '2025-11-05 14:00+07', 'HTX-GOM-BAT-TRANG', '00577', 'L2025-11', 120, 'H87'),
      'shipping', '2025-11-06 09:15+07', 'CTY-VAN-TAI-HN', '00577', 'L2025-11', 118, 'H87')), 'hex')")
fi
if [[ " ${skipped[*]} " != *" QR "* ]]; then
  zbarimg -q --raw "$WORK/label.png" 2>/dev/null >"$WORK/decoded" || { echo "zbarimg could not decode label.png"; exit 1; }
fi

"$PY" - "$WORK" "${skipped[*]:-}" "$server" <<'PY'
import json, re, sys
work, skipped, server = sys.argv[1], sys.argv[2].split(), sys.argv[3].splitlines()
r = json.load(open(f"{work}/result.json", encoding="utf-8"))
fails = []
def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        fails.append(what)

code = "OCOP-01-00577-21-2025-0042-4"
check(r["code"] == code, f"registered code is {code} (check digit computed by the server)")
check(server[0] == f"{code} Bình gốm hoa sen đỏ", "the product row is in the table, UTF-8 name intact")
rej = r["rejected"]
check(rej is not None and rej["sqlstate"] == "22P02", "mistyped code rejected with SQLSTATE 22P02")
check(rej is not None and rej["detail"] == "Check digit is 5, expected 4.", "DETAIL names the check digit")
check(rej is not None and "OCOP-01-00577-21-2025-0042-5" in rej["message"], "message quotes the literal")

if "trace_chain" not in skipped:
    t = r["trace"]
    head_hex, length, verify_ok, verify_wrong = server[2].split(" ")
    check(server[1] == "has-chain", "chain column present")
    check(t["length"] == 3 and length == "3", "3 events appended (app and server agree)")
    check([e["seq"] for e in t["events"]] == [1, 2, 3], "events read back in order, seq 1..3")
    check([e["bizstep"] for e in t["events"]] == ["commissioning", "packing", "shipping"], "bizSteps in order")
    check(t["events"][0]["at"] == "2025-11-03T00:30:00.000Z", "first event time (07:30 +07:00) kept exactly")
    check([e["quantity"] for e in t["events"]] == ["120", "120", "118"] and t["events"][2]["actor"] == "CTY-VAN-TAI-HN",
          "quantities and actors read back")
    hashes = [e["hash"] for e in t["events"]]
    check(all(re.fullmatch(r"[0-9a-f]{64}", h) for h in hashes) and len(set(hashes)) == 3, "three distinct SHA-256 hashes")
    check(t["head"] == hashes[-1] == head_hex, "head = last event's hash = server's trace_head")
    check(t["head"] == server[3], "head = head of the same chain built from SQL literals")
    check(t["verified"] is True and verify_ok == "t", "trace_verify against the kept head is true")
    check(verify_wrong == "f", "trace_verify against another head is false")
else:
    check(server[1] == "no-chain", "no chain column when trace_chain is missing")

if "QR" not in skipped:
    q = r["qr"]
    decoded = open(f"{work}/decoded", encoding="utf-8").read().strip()
    png = open(f"{work}/label.png", "rb").read()
    check(png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) == q["bytes"], "label.png is the PNG the server returned")
    check(decoded == q["url"], "zbarimg decodes the label to the product URL")
    expect = "https://truyxuat.example.vn/ocop/" + code
    if "trace_chain" not in skipped:
        expect += "?h=" + r["trace"]["head"]
    check(q["url"] == expect, "URL = resolver setting / code ?h= chain head")

sys.exit(1 if fails else 0)
PY
if [ ${#skipped[@]} -gt 0 ]; then
  echo "skipped parts (functions missing in this ocop): ${skipped[*]}"
  exit 77
fi
