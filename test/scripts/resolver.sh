#!/usr/bin/env bash
# The resolver (resolver/, issue 18) end to end: a scratch copy of the demo
# registry (scripts/demo --no-setup), the service started on a free loopback
# port, then
#   - resolver/test/http.mjs: every route, status, content type and linkset
#     field, with the GS1 Digital Link resolver rules and RFC 9264 cited;
#     verdicts, the cache, page weight, hostile URLs (each a clean 4xx);
#   - the database log: no ERROR while the service ran;
#   - resolver/test/browser.mjs: Debian's chromium (puppeteer-core) opens the
#     page of a sealed demo lot and of the tampered lot at 360×800 and
#     1280×800, checks the DOM and saves screenshots in test/results/resolver/;
#   - a 3 s smoke run of the load (bench/resolver.lua with wrk): no error, no
#     status >= 400 (no timing is asserted; bench/resolver.sh measures);
#   - --help, a bad setting refused, SIGTERM: a clean stop (exit 0).
# Run by `make test` with PGHOST/PGPORT/PGUSER and OCOP_TOP set; exit 0 pass,
# 1 fail (a missing tool or package too: scripts/packages installs them).
set -uo pipefail
TOP=${OCOP_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$TOP"
if [ -z "${PGHOST:-}" ]; then eval "$(bash scripts/cluster env)"; export PGHOST PGPORT PGUSER; fi

pass=0
fail=0
ok() { pass=$((pass + 1)); echo "   ok   $*"; }
bad() { fail=$((fail + 1)); echo "   FAIL $*"; }
finish() { echo "resolver: $pass passed, $fail failed"; [ "$fail" = 0 ]; exit $?; }

for tool in node npm psql chromium wrk rsvg-convert zbarimg python3 curl; do
  command -v "$tool" >/dev/null 2>&1 || { bad "$tool not found (scripts/packages installs it)"; finish; }
done
(cd resolver && npm ls --silent >/dev/null 2>&1) || { bad "the npm packages of resolver/ are missing or differ from its lock file (scripts/packages installs them)"; finish; }
if [ "$(psql -XqAt -d postgres -c "SELECT count(*) FROM pg_available_extensions WHERE name IN ('ocop', 'ocop_postgis')")" != 2 ]; then
  bad "ocop or ocop_postgis is not installed"; finish
fi

DB=ocop_resolver_test_$$
OUT=$TOP/test/results/resolver          # screenshots and logs stay here
WORK=$(mktemp -d /tmp/ocop-resolver-test.XXXXXX)
rm -rf "$OUT"; mkdir -p "$OUT"
SERVER_PID=
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null
  psql -XqAt -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT

# The service's port is chosen first: the demo's QR labels carry its URL, as
# `make demo` makes them carry the URL of the resolver it starts.
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
URL=http://127.0.0.1:$PORT
if ! OCOP_DEMO_DB=$DB OCOP_DEMO_OUT=$WORK/demo OCOP_DEMO_RESOLVER_URL=$URL bash scripts/demo --no-setup >"$OUT/demo.txt" 2>&1; then
  tail -20 "$OUT/demo.txt"; bad "scripts/demo --no-setup failed"; finish
fi
ok "a scratch demo registry ($DB)"
if [ "$(psql -XqAt -d "$DB" -c "SELECT to_regclass('ocop_resolver_lot') IS NOT NULL")" != t ]; then
  bad "demo/50_resolver.sql did not create the resolver views"; finish
fi

# --- settings and --help ------------------------------------------------------
help=$(node resolver/server.js --help)
if grep -q RESOLVER_DATABASE_URL <<<"$help" && grep -q RESOLVER_LISTEN <<<"$help" && grep -q RESOLVER_BASE_URL <<<"$help"; then
  ok "--help names the settings"
else bad "--help: $help"; fi
rc=0; RESOLVER_LISTEN=nonsense node resolver/server.js >/dev/null 2>"$WORK/err" || rc=$?
if [ "$rc" = 2 ] && grep -q 'RESOLVER_LISTEN must be' "$WORK/err"; then ok "a bad RESOLVER_LISTEN is refused (exit 2)"; else bad "bad RESOLVER_LISTEN: exit $rc $(cat "$WORK/err")"; fi
rc=0; RESOLVER_BASE_URL='ftp://x/?q' node resolver/server.js >/dev/null 2>"$WORK/err" || rc=$?
if [ "$rc" = 2 ]; then ok "a bad RESOLVER_BASE_URL is refused (exit 2)"; else bad "bad RESOLVER_BASE_URL: exit $rc"; fi

# --- the service ----------------------------------------------------------------
LOG=$(psql -XqAt -d postgres -c "SELECT current_setting('data_directory')")/../server.log
if [ ! -r "$LOG" ]; then bad "cannot read the server log $LOG"; finish; fi
mark=$(stat -c %s "$LOG")
PGDATABASE=$DB RESOLVER_LISTEN=127.0.0.1:$PORT RESOLVER_BASE_URL=$URL node resolver/server.js >"$OUT/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do curl -sf "$URL/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
if curl -sf "$URL/readyz" >/dev/null; then ok "the service is ready on $URL"; else cat "$OUT/server.log"; bad "the service did not become ready"; finish; fi

if (cd resolver && PGDATABASE=$DB RESOLVER_URL=$URL OUT=$WORK node test/http.mjs) >"$OUT/http.txt" 2>&1; then
  ok "HTTP tests ($(tail -1 "$OUT/http.txt"))"
else
  grep -E 'FAIL|Error|error' "$OUT/http.txt" | head -30; bad "HTTP tests ($(tail -1 "$OUT/http.txt"))"
fi

# --- the browser ------------------------------------------------------------------
PAGES=$(psql -XqAt -d "$DB" -v ON_ERROR_STOP=1 <<'SQL'
SELECT json_agg(json_build_object(
         'name', x.name, 'path', '/p/' || l.code || '?h=' || encode(l.label_head, 'hex') || x.q,
         'verdict', x.verdict, 'verdictText', x.vt, 'lang', x.lang,
         'stars', ocop_star_label(p.star, 'stars'), 'status', ocop_certificate_status(c.decided),
         'steps', trace_length(l.chain)) ORDER BY x.name)
  FROM (VALUES ('sealed', 'LOT-2025-00003', 'sealed', '', 'vi-VN,vi', 'Hành trình này đúng là hành trình đã được niêm phong'),
               ('tampered', 'LOT-2025-07777', 'mismatch', '', 'vi-VN,vi', 'KHÔNG khớp với mã niêm phong'),
               ('tampered-en', 'LOT-2025-07777', 'mismatch', '&lang=en', 'vi-VN,vi', 'does NOT match the seal on your label'))
         AS x(name, lot, verdict, q, lang, vt)
  JOIN lot l ON l.lot = x.lot JOIN product p ON p.code = l.code JOIN certificate c ON c.code = l.code
SQL
)
# ?lang=en wins over the browser's Accept-Language; the DOM check expects it.
PAGES=$(python3 -c 'import json,sys; p=json.loads(sys.argv[1]); [x.update(lang="en") for x in p if x["name"].endswith("-en")]; print(json.dumps(p))' "$PAGES")
if (cd resolver && RESOLVER_URL=$URL CHROMIUM=$(command -v chromium) OUT=$OUT PAGES=$PAGES timeout 300 node test/browser.mjs) >"$OUT/browser.txt" 2>&1; then
  ok "headless chromium ($(tail -1 "$OUT/browser.txt")); screenshots in test/results/resolver/"
else
  grep -E 'FAIL|Error' "$OUT/browser.txt" | head -20; bad "headless chromium ($(tail -1 "$OUT/browser.txt"))"
fi

# --- a smoke run of the load (no timing asserted) ------------------------------------
psql -XqAt -d "$DB" -v ON_ERROR_STOP=1 >"$WORK/urls.txt" <<'SQL'
SELECT 'H /p/' || l.code || '?h=' || encode(l.label_head, 'hex') FROM lot l ORDER BY l.lot LIMIT 200;
SELECT 'L /01/' || g.gtin || '/10/' || l.lot FROM lot l JOIN product_gtin g USING (code) ORDER BY l.lot LIMIT 100;
SQL
res=$(wrk -t 2 -c 10 -d 3s --timeout 5s -s bench/resolver.lua "$URL" -- "$WORK/urls.txt" 2>&1 | grep '^RESULT')
echo "        $res"
if [[ $res =~ requests=([0-9]+)\ errors=0\  ]] && [ "${BASH_REMATCH[1]}" -gt 0 ]; then
  ok "wrk smoke run: no error, no status >= 400"
else
  bad "wrk smoke run: $res"
fi

# --- the database log: none of the requests above raised an error ----------------------
errors=$(tail -c +$((mark + 1)) "$LOG" | grep -E '(ERROR|FATAL|PANIC):' | grep -v 'terminating connection due to administrator command' || true)
if [ -z "$errors" ]; then ok "the database log has no ERROR from the resolver's queries"; else echo "$errors" | head -10; bad "errors in the database log"; fi

# --- SIGTERM: a clean stop ---------------------------------------------------------------
kill -TERM "$SERVER_PID"
rc=0; wait "$SERVER_PID" || rc=$?
SERVER_PID=
if [ "$rc" = 0 ] && grep -q '"msg":"stopping"' "$OUT/server.log"; then ok "SIGTERM: a clean stop, exit 0"; else bad "SIGTERM: exit $rc"; fi
if ! curl -s -o /dev/null "$URL/healthz"; then ok "the port is closed after the stop"; else bad "the service still answers after SIGTERM"; fi
# One log line per request, with status and latency (counted after the
# stop: the logger writes asynchronously).
lines=$(grep -c '"msg":"request"' "$OUT/server.log")
withfields=$(grep '"msg":"request"' "$OUT/server.log" | grep -c '"status":[0-9]*,"ms":[0-9.]*')
if [ "$lines" -gt 100 ] && [ "$lines" = "$withfields" ]; then ok "one log line per request with status and latency ($lines lines)"; else bad "request log lines: $lines, with status and ms: $withfields"; fi

# --- the demo's labels lead to the page (issue 18, part 4) --------------------------------
# The resolver started the way `make demo` starts it (scripts/resolver, on the
# port the labels carry); each printed label decoded by zbarimg, its URL
# opened: the product page with the "sealed" verdict; `make stop`'s
# scripts/resolver stop closes the port.
rs() { OCOP_RESOLVER_PORT=$PORT OCOP_RESOLVER_DIR=$WORK/rs PGDATABASE=$DB bash scripts/resolver "$@"; }
if rs start "$DB" >"$WORK/rs.txt" 2>&1; then
  ok "scripts/resolver start (make demo's way) on $URL"
  for n in 1 2 3; do
    label=$(zbarimg --nodbus -q --raw "$WORK/demo/qr-$n.png" 2>/dev/null | sed -e '$ s/\n$//')
    case $label in
      "$URL/p/"*"?h="*)
        code=$(curl -s -o "$WORK/label-$n.html" -w '%{http_code}' -H 'Accept: text/html' "$label")
        v=$(grep -o 'data-verdict="[a-z-]*"' "$WORK/label-$n.html" | head -1)
        if [ "$code" = 200 ] && [ "$v" = 'data-verdict="sealed"' ]; then
          ok "demo label qr-$n.png decodes to $label: 200, verdict sealed"
        else bad "demo label qr-$n.png -> $label: $code $v"; fi ;;
      *) bad "demo label qr-$n.png decodes to '$label', not a URL under $URL/p/" ;;
    esac
  done
  rs stop
  if ! curl -s -o /dev/null "$URL/healthz"; then ok "scripts/resolver stop (make stop's way): the port is closed"; else bad "scripts/resolver stop left the service running"; fi
else
  cat "$WORK/rs.txt"; bad "scripts/resolver start $DB"
fi

finish
