#!/usr/bin/env bash
# bench/geo.sh [N] -- ocop_commune_at over N (default 1,000,000) random points
# inside Ha Noi vs the best hand-written GiST ST_Contains join, same run.
# Needs the throwaway cluster (make test or scripts/cluster start) and
# `make install`.  Prints a table with ratios against the baseline.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
eval "$(bash scripts/cluster env)"
export PGHOST PGPORT PGUSER PGOPTIONS="-c client_min_messages=warning"
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS ocop_bench_geo" -c "CREATE DATABASE ocop_bench_geo"
trap 'psql -X -q -d postgres -c "DROP DATABASE IF EXISTS ocop_bench_geo"' EXIT
echo "# $(date -u +%F) $(nproc) cores, N=$N"
psql -X -d ocop_bench_geo -v n="$N" -v reps=3 -f bench/geo.sql
