# Sourced (with TOP and BINDIR set) by the Citus test and benchmark after
# `scripts/citus start`: CITUS_PGHOST, CITUS_PGPORT, CITUS_PGUSER and
# CITUS_PGDATABASE reach the coordinator's registry database;
#   citus [psql args...]          psql there (ON_ERROR_STOP),
#   worker 1|2 [psql args...]     psql on the same database of worker 1 or 2.
eval "$(bash "$TOP/scripts/citus" env | sed 's/^export //; s/\bPG/CITUS_PG/g')"
citus() {
  PGHOST=$CITUS_PGHOST PGPORT=$CITUS_PGPORT PGUSER=$CITUS_PGUSER \
    "$BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -d "$CITUS_PGDATABASE" "$@"
}
worker() {
  local n=$1; shift
  PGHOST=${CITUS_PGHOST%/coord/run}/worker$n/run PGPORT=$(bash "$TOP/scripts/citus" port "worker$n") \
    PGUSER=$CITUS_PGUSER "$BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -d "$CITUS_PGDATABASE" "$@"
}
