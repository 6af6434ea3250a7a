#!/usr/bin/env bash
# examples/python/ocop_label.py (psycopg 3) against the throwaway cluster, in
# a scratch database; its JSON summary is checked against the server and the
# label PNG is decoded with zbarimg.  Parts whose SQL functions the installed
# ocop lacks (trace_chain, QR) are skipped and the test then exits 77, which
# make test counts as a failure (scripts/test, OCOP_TEST_ALLOW_SKIP).
set -euo pipefail
TOP=${OCOP_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$TOP"
if [ -z "${PGHOST:-}" ]; then eval "$(bash scripts/cluster env)"; export PGHOST PGPORT PGUSER; fi
PY=/usr/bin/python3          # Debian's python3-psycopg lives there
DB=ocop_example_python
WORK=$(mktemp -d /tmp/ocop-example-python.XXXXXX)
psql_() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
cleanup() { psql_ -d postgres -c "DROP DATABASE IF EXISTS $DB" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

"$PY" -c 'import psycopg' || { echo "python3-psycopg is missing (scripts/packages installs it)"; exit 1; }
psql_ -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" 2>/dev/null

APP=("$PY" examples/python/ocop_label.py)
FIRST_AT=2025-11-03T00:30:00+00:00     # a Python datetime in UTC
source test/scripts/lib/example_app.sh
