#!/usr/bin/env bash
# Decode every kind of QR output with independent tools: PNG from SQL through
# zbarimg (zbar-tools), SVG rasterised by rsvg-convert, and the half-block
# text turned back into a bitmap.  Run by `make test` with PGHOST/PGPORT/
# PGUSER set; exit 0 pass, 1 fail (a missing tool too: scripts/packages
# installs them).
set -uo pipefail

for tool in zbarimg rsvg-convert psql python3 base64; do
  command -v "$tool" >/dev/null 2>&1 || { echo "FAIL: qr_decode: $tool not found (scripts/packages installs it)"; exit 1; }
done

DB=ocop_qr_decode_$$
WORK=$(mktemp -d)
cleanup() { dropdb --if-exists "$DB" >/dev/null 2>&1; rm -rf "$WORK"; }
trap cleanup EXIT
createdb "$DB" || exit 1
psql -XqAt -d "$DB" -c "CREATE EXTENSION ocop" || exit 1

pass=0
fail=0
ok() { pass=$((pass + 1)); echo "   ok   $*"; }
bad() { fail=$((fail + 1)); echo "   FAIL $*"; }

sql() { psql -XqAt -v ON_ERROR_STOP=1 -d "$DB" "$@"; }

# png FILE SQL-EXPR: write the bytea value of SQL-EXPR to FILE (client side).
png() { sql -c "SELECT pg_catalog.encode($2, 'base64')" | base64 -d >"$1"; }

# decode FILE: the text zbarimg reads (one symbol expected).
decode() { zbarimg --nodbus -q --raw -Sdisable -Sqrcode.enable "$1" 2>/dev/null | sed -e '$ s/\n$//'; }

# check NAME EXPECTED-TEXT SQL-PNG-EXPR
check() {
  local name=$1 expected=$2 expr=$3 got
  png "$WORK/$name.png" "$expr"
  got=$(decode "$WORK/$name.png")
  if [ "$got" = "$expected" ]; then ok "$name"; else bad "$name: decoded [$got], expected [$expected]"; fi
}

# lit TEXT: a SQL string literal.
lit() { printf "'%s'" "${1//\'/\'\'}"; }

echo "-- PNG"
t='Hello, OCOP! 0123456789'
check ascii "$t" "ocop_qr_png($(lit "$t"))"
t='Gốm sứ Bát Tràng – 5 sao'
check vietnamese "$t" "ocop_qr_png($(lit "$t"))"
url=$(sql -c "SELECT gs1_digital_link('8931234567897', 'LOT-2026/07', 'SN(42)', '2027-06-30')")
check digital_link "$url" "ocop_qr_png($(lit "$url"))"
check product_url "https://labels.example.vn/p/OCOP-01-00583-21-2023-0007-2?h=00ff10" \
  "ocop_qr_png((SELECT ocop_product_url('OCOP-01-00583-21-2023-0007-2', '\\x00ff10') FROM (SELECT set_config('ocop.resolver_base_url', 'https://labels.example.vn/p/', false)) s))"
check module_7_margin_1_H "$t" "ocop_qr_png($(lit "$t"), 7, 1, 'H')"
check module_2_margin_10_L "$t" "ocop_qr_png($(lit "$t"), 2, 10, 'l')"
check module_3_margin_2_Q "$t" "ocop_qr_png($(lit "$t"), 3, 2, 'Q')"

# Binary: every byte value once, in 8-bit mode.
png "$WORK/binary.png" "ocop_qr_png((SELECT pg_catalog.string_agg(pg_catalog.set_byte('\\x00'::bytea, 0, i), ''::bytea ORDER BY i) FROM pg_catalog.generate_series(0, 255) i), 3)"
got=$(zbarimg --nodbus -q --raw -Sbinary -Sdisable -Sqrcode.enable "$WORK/binary.png" 2>/dev/null | od -An -v -tx1 | tr -d ' \n')
want=$(python3 -c 'print(bytes(range(256)).hex())')
if [ "$got" = "$want" ]; then ok "binary (256 byte values)"; else bad "binary: decoded ${got:0:40}..."; fi

# The largest payload for each level (byte mode, version 40), and one more byte.
for pair in L:2953 M:2331 Q:1663 H:1273; do
  level=${pair%%:*} max=${pair##*:}
  expr="pg_catalog.rpad('', $max, 'ocop-qr-limit ')"
  want=$(python3 -c "s='ocop-qr-limit '*400; print(s[:$max], end='')")
  check "max_$level" "$want" "ocop_qr_png($expr, 3, 4, '$level')"
  state=$(sql -c "DO \$\$ BEGIN PERFORM ocop_qr_png(pg_catalog.rpad('', $((max + 1)), 'ocop-qr-limit '), 3, 4, '$level');
    EXCEPTION WHEN OTHERS THEN RAISE NOTICE '%', SQLSTATE; END \$\$" 2>&1)
  case $state in *54000*) ok "max_$level + 1 byte: 54000" ;; *) bad "max_$level + 1 byte: [$state]" ;; esac
done
# Binary payload at the H limit too.
png "$WORK/max_bin_H.png" "ocop_qr_png(pg_catalog.convert_to(pg_catalog.rpad('', 1273, 'x'), 'UTF8'), 3, 4, 'H')"
got=$(decode "$WORK/max_bin_H.png")
if [ "$got" = "$(printf 'x%.0s' $(seq 1273))" ]; then ok "max_bin_H"; else bad "max_bin_H: ${#got} bytes"; fi

echo "-- SVG"
t='https://id.gs1.org/01/08931234567897/10/ABC'
sql -c "SELECT ocop_qr_svg($(lit "$t"), 4, 4, 'Q')" >"$WORK/q.svg"
if rsvg-convert -b white -o "$WORK/svg.png" "$WORK/q.svg" 2>"$WORK/rsvg.err"; then
  got=$(decode "$WORK/svg.png")
  if [ "$got" = "$t" ]; then ok "svg via rsvg-convert"; else bad "svg: decoded [$got]"; fi
else
  bad "svg: rsvg-convert failed: $(cat "$WORK/rsvg.err")"
fi
paths=$(grep -o '<path' "$WORK/q.svg" | wc -l)
if [ "$paths" = 1 ]; then ok "svg has one path"; else bad "svg has $paths paths"; fi

echo "-- text"
t='Gốm sứ Bát Tràng – 5 sao'
sql -c "SELECT ocop_qr_text($(lit "$t"), 3)" >"$WORK/qr.txt"
# Shape: every line has the same number of characters, all from " ▀▄█";
# lines = ceil(side / 2); turn it back into a bitmap and decode that too.
if python3 - "$WORK/qr.txt" "$WORK/text.pbm" <<'PY'
import sys
lines = open(sys.argv[1], encoding='utf-8').read().rstrip('\n').split('\n')
side = len(lines[0])
assert all(len(l) == side for l in lines), "ragged lines"
assert set(''.join(lines)) <= set(' \u2580\u2584\u2588'), "unexpected characters"
assert len(lines) == (side + 1) // 2, "line count %d for side %d" % (len(lines), side)
assert (side - 6 - 17) % 4 == 0, "side %d is not a QR width plus 2 x 3 margin" % side
# margin 3: the first and last three columns are blank on every line
assert all(l[:3] == '   ' and l[-3:] == '   ' for l in lines), "margin not blank"
rows = []
for l in lines:
    top = [1 if ch in '\u2580\u2588' else 0 for ch in l]
    bottom = [1 if ch in '\u2584\u2588' else 0 for ch in l]
    rows += [top, bottom]
rows = rows[:side]
scale = 4
with open(sys.argv[2], 'w') as f:
    f.write('P1\n%d %d\n' % (side * scale, side * scale))
    for r in rows:
        line = ' '.join(str(b) for b in r for _ in range(scale))
        for _ in range(scale):
            f.write(line + '\n')
PY
then
  ok "text shape"
  got=$(decode "$WORK/text.pbm")
  if [ "$got" = "$t" ]; then ok "text decodes"; else bad "text: decoded [$got]"; fi
else
  bad "text shape"
fi

echo "   $pass passed, $fail failed"
[ $fail -eq 0 ]
