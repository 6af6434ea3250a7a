#!/usr/bin/env bash
# Benchmark ocop_star against smallint: grouping and sorting BENCH_ROWS rows
# (default 5000000), BENCH_REPS runs each (default 5), medians and ratios.
# Needs the extension installed and the throwaway cluster (make test, or
# bash scripts/cluster start).  Never part of make test.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(bash scripts/cluster env)"
export PGHOST PGPORT PGUSER
rows=${BENCH_ROWS:-5000000}
reps=${BENCH_REPS:-5}
db=${BENCH_DB:-ocop_bench}
psql -X -q -d postgres -tc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1 ||
  psql -X -q -d postgres -c "CREATE DATABASE $db ENCODING 'UTF8' TEMPLATE template0"
psql -X -q -d "$db" -c "CREATE EXTENSION IF NOT EXISTS ocop"
echo "ocop_star vs smallint: $rows rows, $reps runs each, $(nproc) cores, $(date -u '+%Y-%m-%d %H:%M UTC')"
psql -X -q -d "$db" -v rows="$rows" -v reps="$reps" -f bench/ocop_star.sql
