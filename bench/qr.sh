#!/usr/bin/env bash
# bench/qr.sh -- QR code throughput and size, side by side in one run:
#   ocop_qr_png over N Digital Link URLs in ONE SQL statement (1 process, and
#     a parallel plan), against
#   (a) the npm `qrcode` package's toBuffer in Node.js over the same strings
#       and parameters (installed into bench/node_modules from bench/package.json),
#   (b) bare libqrencode encoding and the pure-C ocop_qr_png pipeline in a
#       small C harness (bench/qr.c), and
#   (c) PNG size against `qrencode -t PNG` with the same parameters.
# Needs the extension installed (make install) and a cluster (scripts/cluster
# start); uses PG_CONFIG/OCOP_PGPORT like the rest.  Usage: bash bench/qr.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}
SAMPLE=${OCOP_QR_BENCH_SAMPLE:-300}		# strings for the qrencode size check
OUT=bench/out/qr
mkdir -p "$OUT"
bash scripts/cluster start
eval "$(bash scripts/cluster env)"
export PGHOST PGPORT PGUSER
DB=ocop_bench_qr
dropdb --if-exists "$DB" >/dev/null 2>&1 || true
createdb "$DB"
trap 'dropdb --if-exists "$DB" >/dev/null 2>&1 || true' EXIT
psql() { command psql -X -q -v ON_ERROR_STOP=1 -d "$DB" "$@"; }

psql -c "CREATE EXTENSION ocop"
# N distinct Digital Links: GS1 Viet Nam prefix 893, check digit computed,
# lot, serial and expiry varying.
psql -c "CREATE TABLE dl AS
  SELECT i, gs1_digital_link(g.gtin, 'LOT' || (i % 97), 'SN' || i, DATE '2027-01-01' + i % 365) AS url
    FROM generate_series(1, $N) i,
         LATERAL (SELECT g12 || d AS gtin
                    FROM (SELECT '893' || lpad((i * 7919 % 1000000000)::text, 9, '0') AS g12) s,
                         generate_series(0, 9) d
                   WHERE gtin_is_valid(g12 || d)) g;
  ANALYZE dl;"
psql -At -c "SELECT url FROM dl ORDER BY i" >"$OUT/strings.txt"
echo "strings: $(wc -l <"$OUT/strings.txt"), e.g. $(head -1 "$OUT/strings.txt")"

# One SQL statement; best of 3 by wall time (psql's \timing) and by the
# backend's CPU time (utime + stime from /proc, the machine being shared).
TCK=$(getconf CLK_TCK)
sql_run() {  # sql_run SETTINGS -> "wall_ms cpu_s"
  local best_w= best_c=
  for _ in 1 2 3; do
    out=$(psql -At <<SQL
$1;
SELECT pg_backend_pid() AS pid \\gset
\\setenv OCOP_BENCH_PID :pid
\\! awk '{print \$14 + \$15}' /proc/\$OCOP_BENCH_PID/stat
\\timing on
SELECT sum(length(ocop_qr_png(url))) FROM dl;
\\timing off
\\! awk '{print \$14 + \$15}' /proc/\$OCOP_BENCH_PID/stat
SQL
)
    w=$(sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' <<<"$out")
    c=$(grep -E '^[0-9]+$' <<<"$out" | awk -v tck="$TCK" 'NR == 1 {a = $1} END {printf "%.3f", ($1 - a) / tck}')
    if [ -z "$best_w" ] || awk "BEGIN{exit !($w < $best_w)}"; then best_w=$w; fi
    if [ -z "$best_c" ] || awk "BEGIN{exit !($c < $best_c)}"; then best_c=$c; fi
  done
  echo "$best_w $best_c"
}
read -r serial_ms serial_cpu < <(sql_run "SET max_parallel_workers_per_gather = 0")
read -r parallel_ms _ < <(sql_run "SET max_parallel_workers_per_gather = 2; SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0")
plan=$(psql -At -c "SET max_parallel_workers_per_gather = 2; SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0" \
  -c "EXPLAIN (COSTS OFF) SELECT sum(length(ocop_qr_png(url))) FROM dl" | grep -c Gather || true)
sql_bytes=$(psql -At -c "SELECT sum(length(ocop_qr_png(url))) FROM dl")

# (a) Node.js qrcode.
node_line="n/a"
# OCOP_QR_BENCH_NODE=0 leaves the Node.js comparison out (before/after runs of
# the C code alone, issue 19).
if [ "${OCOP_QR_BENCH_NODE:-1}" != 0 ] && command -v node >/dev/null && command -v npm >/dev/null; then
  if [ ! -d bench/node_modules/qrcode ]; then
    (cd bench && npm install --no-audit --no-fund --no-package-lock --loglevel=error >/dev/null)
  fi
  node_line=$(node bench/qr.js "$OUT/strings.txt")
fi

# (b) C harness: bare libqrencode vs the pure-C ocop_qr_png pipeline.
# The cores build as PostgreSQL's frontend code does (Makefile, "Pure-C cores").
PGC=${PG_CONFIG:-pg_config}
cc -O2 -DFRONTEND -Iinclude -isystem "$("$PGC" --includedir-server)" -o "$OUT/qr_c" bench/qr.c \
  extension/ocop_qr_core.c extension/ocop_deflate_core.c extension/ocop_error_core.c \
  -L"$("$PGC" --pkglibdir)" -lpgcommon -lpgport -lqrencode -lz
c_line=$("$OUT/qr_c" "$OUT/strings.txt" 3 4 4)

# (c) Sizes against qrencode -t PNG, same parameters, on a sample.
head -"$SAMPLE" "$OUT/strings.txt" >"$OUT/sample.txt"
qe_total=0; i=0
while IFS= read -r s; do
  i=$((i + 1))
  qrencode -t PNG -s 4 -m 4 -l M -o "$OUT/qe.png" "$s"
  sz=$(stat -c %s "$OUT/qe.png"); qe_total=$((qe_total + sz))
  echo "$i $sz"
done <"$OUT/sample.txt" >"$OUT/qe_sizes.txt"
psql -At -F' ' -c "SELECT i, length(ocop_qr_png(url)) FROM dl WHERE i <= $SAMPLE ORDER BY i" >"$OUT/ocop_sizes.txt"
read -r ours_total larger max_ratio < <(join "$OUT/ocop_sizes.txt" "$OUT/qe_sizes.txt" |
  awk '{o+=$2; if ($2 > $3) l++; r=$2/$3; if (r > m) m=r} END {printf "%d %d %.3f\n", o, l+0, m}')

read -r nn node_s node_bytes node_cpu <<<"$node_line"
read -r cn bare_us full_us c_bytes <<<"$c_line"
awk -v nodever="$(node --version 2>/dev/null || echo n/a)" -v n="$N" -v sms="$serial_ms" -v scpu="$serial_cpu" -v ncpu="${node_cpu:-0}" -v load="$(cut -d' ' -f1-3 /proc/loadavg)" -v pms="$parallel_ms" -v gather="$plan" -v sb="$sql_bytes" \
    -v ns="${node_s:-0}" -v nb="${node_bytes:-0}" -v bare="$bare_us" -v full="$full_us" \
    -v qe="$qe_total" -v ours="$ours_total" -v larger="$larger" -v maxr="$max_ratio" -v sample="$SAMPLE" 'BEGIN {
  sql = n / (sms / 1000); par = n / (pms / 1000); node = (ns > 0) ? n / ns : 0;
  printf "\nload average at the end: %s (2 cores, shared with other agents)\n", load;
  printf "\n| measure | value |\n|---|---|\n";
  printf "| ocop_qr_png, one SQL statement, 1 process | %.0f images/s wall (%.1f ms for %d); %.0f images/s of backend CPU (%.2f s) |\n", sql, sms, n, n / scpu, scpu;
  printf "| ocop_qr_png, one SQL statement, parallel plan (%s) | %.0f images/s (%.1f ms) |\n", (gather > 0 ? "Gather" : "no Gather"), par, pms;
  if (node > 0) {
    printf "| npm qrcode 1.5.4 toBuffer, Node.js %s | %.0f images/s wall (%.2f s); %.0f images/s of CPU (%.2f s) |\n", nodever, node, ns, n / ncpu, ncpu;
    printf "| **ratio SQL (1 process) / Node** | **%.1fx wall, %.1fx CPU** (target >= 20x) |\n", sql / node, (n / scpu) / (n / ncpu);
  }
  printf "| bare libqrencode encode (C) | %.1f us/image = %.0f images/s |\n", bare, 1e6 / bare;
  printf "| encode + PNG, pure-C core (C) | %.1f us/image = %.0f images/s |\n", full, 1e6 / full;
  printf "| **PNG writing on top of bare encoding** | **+%.0f%%** (target <= +50%%) |\n", 100 * (full - bare) / bare;
  printf "| SQL (backend CPU) over the C core | %+.0f%% |\n", 100 * ((scpu * 1e6 / n) - full) / full;
  printf "| mean PNG size: ocop_qr_png / node qrcode | %.0f B / %.0f B |\n", sb / n, (nb > 0 ? nb / n : 0);
  printf "| **PNG size vs qrencode -t PNG** (%d strings) | **%.0f B vs %.0f B mean (%.0f%%)**, larger in %d, max ratio %.3f (target: never larger) |\n", sample, ours / sample, qe / sample, 100 * ours / qe, larger, maxr;
}'
