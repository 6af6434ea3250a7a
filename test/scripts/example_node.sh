#!/usr/bin/env bash
# examples/node/ocop_label.js (node-postgres) against the throwaway cluster, in
# a scratch database; its JSON summary is checked against the server and the
# label PNG is decoded with zbarimg.  The set-up (scripts/packages, `npm ci`)
# installs the locked packages into examples/node/node_modules (ignored by
# git); this test only checks they match the lock file.  Parts whose SQL
# functions the installed ocop lacks (trace_chain, QR) are skipped and the
# test then exits 77, which make test counts as a failure (scripts/test,
# OCOP_TEST_ALLOW_SKIP).
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
# The set-up (scripts/packages) installs the locked npm packages; nothing is
# fetched here.
(cd examples/node && npm ls --silent >/dev/null 2>&1) || { echo "the npm packages of examples/node are missing or differ from its lock file (scripts/packages installs them)"; exit 1; }
psql_ -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" 2>/dev/null

APP=(node examples/node/ocop_label.js)
FIRST_AT=2025-11-03T00:30:00.000Z      # a JavaScript Date
source test/scripts/lib/example_app.sh
