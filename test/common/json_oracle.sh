#!/usr/bin/env bash
# json_oracle.sh OUT CC FLAGS... -- build the hand-written JSON parser of
# commit 9d135a5 (before PostgreSQL's lexer replaced it), taken from the
# clone's history with git archive, and the adapter json_oracle.c into the
# relocatable object OUT whose only global symbol is json_oracle_parse
# (json_oracle.h).  FLAGS are the compiler flags of the program it links
# into (sanitizers, -DFRONTEND, the server include folder).  A clone without
# that commit fails here, naming it: the property test cannot run without
# its oracle and must not pass by skipping.
set -euo pipefail
out=$1; cc=$2; shift 2
top=$(cd "$(dirname "$0")/../.." && pwd)
commit=9d135a5f794904a910faabede45674eaff04113b
if ! git -C "$top" cat-file -e "$commit^{commit}" 2>/dev/null; then
  echo "json_oracle.sh: commit $commit (the hand-written JSON parser the property test compares with) is not in this clone's history; run git fetch --unshallow (or clone without --depth)" >&2
  exit 1
fi
dir=$(dirname "$out")/src
rm -rf "$dir"; mkdir -p "$dir"
git -C "$top" archive "$commit" extension/json_core.c extension/ocop_error_core.c extension/ocop_hex_core.c \
  include/json_core.h include/ocop_error.h include/ocop_hex_core.h | tar -x -C "$dir"
objs=()
for f in json_core ocop_error_core ocop_hex_core; do
  "$cc" -I"$dir/include" "$@" -c "$dir/extension/$f.c" -o "$dir/$f.o"
  objs+=("$dir/$f.o")
done
"$cc" -I"$dir/include" -I"$top/test/common" "$@" -c "$top/test/common/json_oracle.c" -o "$dir/adapter.o"
ld -r -o "$dir/all.o" "$dir/adapter.o" "${objs[@]}"
objcopy --keep-global-symbol=json_oracle_parse "$dir/all.o" "$out.tmp"
mv "$out.tmp" "$out"
