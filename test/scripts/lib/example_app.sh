# Shared by test/scripts/example_python.sh and example_node.sh (sourced, not
# run by make test): runs the example application APP (an array) in database
# DB, checks its JSON summary against the server and decodes the label PNG.
# Expects TOP, PY, DB, WORK, FIRST_AT (the first event time as the driver
# prints it) and psql_ from the caller.  Exits 77 when parts were skipped.

# Which features does the installed ocop have?
psql_ -d "$DB" -c 'CREATE EXTENSION ocop'
has() { [ "$(psql_ -d "$DB" -Atc "SELECT count(DISTINCT proname) FROM pg_proc WHERE proname = ANY ('{$1}')")" = "$2" ]; }
without=()
skipped=()
has trace_append,trace_events,trace_head,trace_length,trace_verify 5 || { without+=(--without trace); skipped+=(trace_chain); }
has ocop_qr_png,ocop_product_url 2 || { without+=(--without qr); skipped+=(QR); }

PGDATABASE=$DB "${APP[@]}" --out "$WORK" "${without[@]}"   # the human report
PGDATABASE=$DB "${APP[@]}" --json --out "$WORK" "${without[@]}" >"$WORK/result.json"

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

"$PY" - "$WORK" "${skipped[*]:-}" "$server" "$FIRST_AT" <<'PY'
import json, re, sys
work, skipped, server, first_at = sys.argv[1], sys.argv[2].split(), sys.argv[3].splitlines(), sys.argv[4]
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
    check(t["events"][0]["at"] == first_at, "first event time (07:30 +07:00) kept exactly")
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
