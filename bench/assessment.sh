#!/usr/bin/env bash
# Benchmark ocop_assess: BENCH_ROWS synthetic assessments (default 100000,
# one random option per criterion on a sheet chosen in turn, fixed seed)
# scored by ocop_assess (one call per row), by ocop_assess_many (one call
# per BENCH_BATCH rows, default 1000), and by a hand-written SQL aggregation
# of the same points (jsonb_each_text joined to ocop_criterion_option,
# summed per part) as the baseline; best of BENCH_REPS runs (default 3).
# Checks first that the three agree on every total.  Needs the extension
# installed and the throwaway cluster.  Never part of make test.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(bash scripts/cluster env)"
export PGHOST PGPORT PGUSER
rows=${BENCH_ROWS:-100000}
reps=${BENCH_REPS:-3}
batch=${BENCH_BATCH:-1000}
db=${BENCH_DB:-ocop_bench_assessment}
# a database of its own, recreated: the functions measured are those of the
# extension installed now, not of an older CREATE EXTENSION
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db ENCODING 'UTF8' TEMPLATE template0"
psql -X -q -d "$db" -c "CREATE EXTENSION ocop"
echo "ocop_assess vs a SQL aggregation of the same points: $rows assessments, best of $reps, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%Y-%m-%d %H:%M UTC')"
PGOPTIONS="-c bench.reps=$reps -c bench.batch=$batch" psql -X -q -d "$db" -v rows="$rows" -f bench/assessment.sql
