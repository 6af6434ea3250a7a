#!/usr/bin/env bash
# bench/geo.sh [N] -- ocop_commune_at over N (default 1,000,000) points spread
# over Viet Nam with the density of OCOP producers vs the best hand-written
# GiST ST_Contains join over the same polygons, same run (bench/geo.sql says
# how the points are drawn).  Also times CREATE EXTENSION ocop_postgis.
# Needs the throwaway cluster (make test or scripts/cluster start) and
# `make install`.  Prints tables with ratios against the baseline.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
eval "$(bash scripts/cluster env)"
export PGHOST PGPORT PGUSER PGOPTIONS="-c client_min_messages=warning"
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS ocop_bench_geo" -c "CREATE DATABASE ocop_bench_geo"
trap 'psql -X -q -d postgres -c "DROP DATABASE IF EXISTS ocop_bench_geo"' EXIT
echo "# $(date -u +%F) $(nproc) cores, N=$N, load $(cut -d' ' -f1-3 /proc/loadavg)"
t0=$(date +%s.%N)
psql -X -q -d ocop_bench_geo -c "CREATE EXTENSION ocop_postgis CASCADE"
echo "CREATE EXTENSION ocop_postgis CASCADE (ocop and PostGIS included): $(echo "$(date +%s.%N) - $t0" | bc) s"
psql -X -q -d ocop_bench_geo -Atc "SELECT 'shapes on disk with indexes: ' || pg_size_pretty(pg_total_relation_size('ocop_commune_shape') + pg_total_relation_size('ocop_province_shape'))"
psql -X -d ocop_bench_geo -v n="$N" -v reps=3 -f bench/geo.sql 2>&1
