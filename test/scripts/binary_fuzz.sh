#!/usr/bin/env bash
# Random and mutated binary COPY values into every ocop type (see binary_fuzz.py).
set -euo pipefail
db=ocop_binfuzz
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
psql -X -q -d $db -c "CREATE EXTENSION ocop"
status=0
/usr/bin/python3 "$(dirname "$0")/binary_fuzz.py" $db || status=$?
psql -X -q -d postgres -c "DROP DATABASE $db"
exit $status
