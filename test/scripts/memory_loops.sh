#!/usr/bin/env bash
# Long loops keep the backend's memory flat (issue 10, "Memory").
# In ONE session: OCOP_MEMORY_CALLS (default 100,000) QR images (ocop_qr_png
# over distinct GS1 Digital Link URLs, in statements of 1,000 calls), the same
# number of chain appends by batched UPDATEs (N/10 chains, 10 appends each,
# 1,000 rows per statement) and the same number again in PL/pgSQL loops.
# After a warm-up and after each phase the backend's /proc/<pid>/status
# (RssAnon, VmRSS, VmHWM, RssShmem) and the total of pg_backend_memory_contexts
# are read; the growth of RssAnon and of the contexts must stay under
# OCOP_MEMORY_MAX_KB (default 2048 KiB). Why RssAnon: VmRSS and VmHWM also
# count the shared buffers the backend touches (RssShmem), which grows as the
# UPDATEs visit new pages and is not a leak; RssAnon is the backend's private
# heap, where a malloc leak (e.g. a libqrencode result never freed) or a
# palloc leak into a session-long context shows. A leak of 100 bytes per call
# retains 100 * 100,000 = 9.5 MiB per phase, well above 2 MiB (the threshold
# catches >= 21 bytes per call at the default size, >= 2 bytes per call at
# 1,000,000). A sensitivity check at the end retains 100 bytes per "call" on
# purpose (a growing GUC string, 100,000 "calls") and must be flagged by the
# same measurement.
# Long form: OCOP_MEMORY_CALLS=1000000 bash test/scripts/memory_loops.sh
set -uo pipefail
N=${OCOP_MEMORY_CALLS:-100000}
MAX_KB=${OCOP_MEMORY_MAX_KB:-2048}
B=1000                                  # calls per statement
[ $((N % (10 * B))) -eq 0 ] || { echo "OCOP_MEMORY_CALLS must be a multiple of $((10 * B))"; exit 2; }
db=ocop_memory_loops
work=$(mktemp -d)
trap 'rm -rf "$work"; psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1' EXIT
psql -X -q -v ON_ERROR_STOP=1 -d postgres -c 'SET client_min_messages = warning' -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null || exit 1

measure() {  # one row: M|label|pid|RssAnon|VmRSS|VmHWM|RssShmem|contexts (kB, contexts in bytes)
  cat <<SQL
SELECT 'M', '$1', pg_backend_pid(), (regexp_match(s, 'RssAnon:\s+(\d+)'))[1], (regexp_match(s, 'VmRSS:\s+(\d+)'))[1],
       (regexp_match(s, 'VmHWM:\s+(\d+)'))[1], (regexp_match(s, 'RssShmem:\s+(\d+)'))[1],
       (SELECT sum(total_bytes) FROM pg_backend_memory_contexts)
FROM pg_read_file('/proc/' || pg_backend_pid() || '/status') s;
SQL
}
qr() {  # qr FROM TO: statements of B distinct Digital Link QR images each
  local i
  for ((i = $1; i < $2; i += B)); do
    echo "SELECT count(*), sum(length(ocop_qr_png(gs1_digital_link('08930000000019', 'LOT-' || g, serial => 'S' || (g::int8 * 7919 % 1000003)))))
FROM generate_series($i, $((i + B - 1))) g \\g /dev/null"
  done
}
appends() {  # appends TABLE ROWS: 10 rounds of batched UPDATEs, B rows per statement
  local r i
  for ((r = 1; r <= 10; r++)); do
    for ((i = 1; i <= $2; i += B)); do
      echo "UPDATE $1 SET chain = trace_append(chain, CASE $r WHEN 1 THEN 'harvesting' WHEN 10 THEN 'retail_selling' ELSE 'shipping' END,
  '2024-03-01 08:00+07'::timestamptz + make_interval(days => $r, secs => id), actor => 'HTX-' || id, lot => 'L' || id,
  quantity => $r * 1.5, uom => 'KGM') WHERE id BETWEEN $i AND $((i + B - 1));"
    done
  done
}
plpgsql() {  # plpgsql CALLS: DO blocks of B appends each, a fresh chain every 10 events
  local i
  for ((i = 0; i < $1; i += B)); do
    echo "DO \$\$ DECLARE c trace_chain; BEGIN FOR i IN $i..$((i + B - 1)) LOOP
  c := trace_append(CASE WHEN i % 10 = 0 THEN NULL ELSE c END, 'shipping', '2024-03-01 08:00+07'::timestamptz + make_interval(secs => i), lot => 'P' || i);
END LOOP; IF trace_length(c) <> 10 OR NOT trace_verify(c) THEN RAISE 'bad chain at %', i; END IF; END \$\$;"
  done
}

{
  echo "SET client_min_messages = warning; CREATE EXTENSION ocop;"
  echo "CREATE TABLE warm (id int PRIMARY KEY, chain trace_chain); INSERT INTO warm SELECT g, NULL FROM generate_series(1, $B) g;"
  echo "CREATE TABLE chains (id int PRIMARY KEY, chain trace_chain); INSERT INTO chains SELECT g, NULL FROM generate_series(1, $((N / 10))) g;"
  # Warm-up: every code path, catalog cache and the allocator's arenas.
  qr 10000000 10005000; appends warm $B; plpgsql 5000
  measure "$B" | sed "s/'$B'/'baseline'/"
  qr 1 $((N + 1));            measure qr
  appends chains $((N / 10)); measure update
  plpgsql "$N";               measure plpgsql
  echo "SELECT 'C', count(*) FILTER (WHERE trace_length(chain) = 10 AND trace_verify(chain)), count(*) FROM chains;"
  # Sensitivity: a deliberate leak of 100 bytes per call, retained in the session.
  echo "SELECT set_config('memtest.leak', '', false) \\g /dev/null"
  # (100,000 calls whatever N: 10 MB retained, already 5 times the limit.)
  for ((i = 0; i < 100000; i += B)); do echo "SELECT set_config('memtest.leak', current_setting('memtest.leak') || repeat('x', $((100 * B))), false) \\g /dev/null"; done
  measure leak
} > "$work/loops.sql"

start=$(date +%s)
if ! psql -X -q -At -F '|' -v ON_ERROR_STOP=1 -d $db -f "$work/loops.sql" > "$work/out.txt" 2> "$work/err.txt"; then
  echo "psql failed:"; tail -20 "$work/err.txt"; exit 1
fi
secs=$(( $(date +%s) - start ))

awk -F'|' -v n="$N" -v max="$MAX_KB" -v secs="$secs" '
  $1 == "M" { lab[++k] = $2; pid[k] = $3; anon[k] = $4; rss[k] = $5; hwm[k] = $6; shm[k] = $7; ctx[k] = $8 }
  $1 == "C" { good = $2; total = $3 }
  END {
    st = 0
    printf "%d calls per phase in one session (%d s); kB: RssAnon VmRSS VmHWM RssShmem, contexts in kB\n", n, secs
    for (i = 1; i <= k; i++)
      printf "  %-9s %7d %7d %7d %7d %7d\n", lab[i], anon[i], rss[i], hwm[i], shm[i], ctx[i] / 1024
    if (k != 5) { print "FAIL: expected 5 measurements, got " k; exit 1 }
    for (i = 2; i <= k; i++) if (pid[i] != pid[1]) { print "FAIL: not one session"; st = 1 }
    for (i = 2; i <= 4; i++) {
      da = anon[i] - anon[1]; dc = (ctx[i] - ctx[1]) / 1024
      printf "  growth after %-8s RssAnon %+d kB, contexts %+d kB (limit %d kB)\n", lab[i], da, dc, max
      if (da > max || dc > max) { print "FAIL: backend memory grew after " lab[i]; st = 1 }
    }
    if (good != n / 10 || total != n / 10) { printf "FAIL: %d of %d chains have 10 events and verify\n", good, total; st = 1 }
    else printf "  %d chains of 10 events, all verify\n", total
    dl = anon[5] - anon[4]
    printf "  sensitivity: a deliberate 100 B/call leak grew RssAnon by %+d kB\n", dl
    if (dl <= max) { print "FAIL: the measurement did not flag the deliberate leak"; st = 1 }
    exit st
  }' "$work/out.txt"
