# Sourced (with TOP and BINDIR set) by the shard test and benchmark after
# `scripts/shards start`: SHARDS_PGHOST, SHARDS_PGPORT, SHARDS_PGUSER and
# SHARDS_PGDATABASE reach the coordinator's registry database;
#   coord [psql args...]        psql there (ON_ERROR_STOP),
#   shard 1|2 [psql args...]    psql on the same database of shard 1 or 2.
eval "$(bash "$TOP/scripts/shards" env | sed 's/^export //; s/\bPG/SHARDS_PG/g')"
coord() {
  PGHOST=$SHARDS_PGHOST PGPORT=$SHARDS_PGPORT PGUSER=$SHARDS_PGUSER \
    "$BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -d "$SHARDS_PGDATABASE" "$@"
}
shard() {
  local n=$1; shift
  PGHOST=${SHARDS_PGHOST%/coord/run}/shard$n/run PGPORT=$((SHARDS_PGPORT + n)) PGUSER=$SHARDS_PGUSER \
    "$BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -d "$SHARDS_PGDATABASE" "$@"
}
