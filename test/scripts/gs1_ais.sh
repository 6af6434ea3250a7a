#!/usr/bin/env bash
# The GS1 AI table is what the GS1 Barcode Syntax Dictionary gives (issue 16):
# scripts/gen-gs1-ais --check regenerates extension/gs1_ai_core.c from the
# committed data/gs1/gs1-syntax-dictionary.txt in memory and fails when the
# committed file differs (a hand edit, or a new dictionary without a
# regeneration).  Then the installed extension must report the dictionary's
# release and one row per AI of it (a stale library fails).
set -uo pipefail
TOP=${OCOP_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
status=0
python3 "$TOP/scripts/gen-gs1-ais" --check || status=1
release=$(sed -n 's/^# Release: \([^ ]*\).*/\1/p' "$TOP/data/gs1/gs1-syntax-dictionary.txt")
n_ais=$(grep -c '^	{"' "$TOP/extension/gs1_ai_core.c")
db=ocop_gs1_ais
psql -X -q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" || exit 1
trap 'psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1' EXIT
got=$(psql -X -q -At -v ON_ERROR_STOP=1 -d $db -c "CREATE EXTENSION ocop" \
  -c "SELECT gs1_syntax_dictionary_release() || ' ' || (SELECT count(*) FROM gs1_application_identifiers())") || exit 1
echo "   dictionary release $release, $n_ais AIs; installed: $got"
[ "$got" = "$release $n_ais" ] || { echo "FAIL: the installed AI table is not the committed one"; status=1; }
exit $status
