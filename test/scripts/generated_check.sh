#!/usr/bin/env bash
# The generator check (scripts/check-generated, run by `make`) catches drift
# between data/ and the committed generated files.  It passes on the real tree
# and on an unchanged scratch copy; in a fresh scratch copy each time, one
# changed input row (an administrative CSV, the taxonomy CSV, the EPCIS terms
# TSV) or one hand-edited generated line must make it fail, naming the file(s)
# that differ and showing the changed value as the first difference.  Without
# the git history of the last release the admin data block of the update
# script is reported as not checked, and the rest still passes.
set -uo pipefail
TOP=${OCOP_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
command -v python3 >/dev/null || { echo "SKIP: python3 missing"; exit 77; }
work=$(mktemp -d "${TMPDIR:-/tmp}/ocop-gencheck.XXXXXX")
trap 'rm -rf "$work"' EXIT
status=0
fail() { echo "FAIL: $*"; status=1; }

# A scratch copy of what the check reads (generators, inputs, generated files).
fresh() {
  rm -rf "$work/t"; mkdir -p "$work/t/sql" "$work/t/extension" "$work/t/data"
  cp -r "$TOP/scripts" "$TOP/include" "$TOP/ocop.control" "$work/t/"
  cp -r "$TOP/sql/features" "$TOP/sql/RELEASES" "$TOP"/sql/ocop--*--*.sql "$work/t/sql/"
  cp "$TOP/extension/gs1_ai_core.c" "$work/t/extension/"
  cp -r "$TOP/data/admin" "$TOP/data/gs1" "$TOP/data/epcis" "$TOP"/data/*.csv "$work/t/data/"
}
# check NAME EXPECT_RC [PATTERN...]: run the check in the copy; its exit code
# must be EXPECT_RC and its output must contain every pattern (grep -F).
check() {
  local name=$1 want=$2; shift 2
  local out rc
  out=$(python3 "$work/t/scripts/check-generated" --git "${GIT_TREE:-$TOP}" 2>&1); rc=$?
  if [ "$rc" != "$want" ]; then fail "$name: exit $rc, expected $want"; echo "$out" | sed 's/^/   | /'; return; fi
  local p
  for p in "$@"; do
    grep -qF -- "$p" <<< "$out" || { fail "$name: output lacks: $p"; echo "$out" | sed 's/^/   | /'; return; }
  done
  echo "   ok: $name (exit $rc)"
}

# 1. The real tree and an unchanged copy pass.
if out=$(python3 "$TOP/scripts/check-generated" 2>&1); then echo "   ok: real tree: $out"
else fail "real tree: $out"; fi
fresh; check "unchanged copy" 0 "equal the committed ones"

# 2. One administrative CSV row changed (a current commune renamed): the core
# data script and the update script's admin data block (diff from the last
# release) no longer match.
fresh
grep -q '^26485,2026-04-30,infinity,Phường Nhơn Trạch,' "$work/t/data/admin/communes.csv" || fail "fixture row missing"
sed -i 's/^26485,2026-04-30,infinity,Phường Nhơn Trạch,/26485,2026-04-30,infinity,Phường Nhơn Trạch Mới,/' "$work/t/data/admin/communes.csv"
check "renamed commune" 1 "sql/features/41_admin_data.sql differs" "Phường Nhơn Trạch Mới" \
  "sql/ocop--0.2.0--0.3.0.sql differs" "scripts/gen-admin --sql"

# 3. The taxonomy CSV: one English name changed.
fresh
sed -i '2s/,Fresh /,Raw /' "$work/t/data/ocop_product_taxonomy.csv"
if cmp -s "$work/t/data/ocop_product_taxonomy.csv" "$TOP/data/ocop_product_taxonomy.csv"; then
  fail "taxonomy fixture: line 2 has no ',Fresh '"
else
  check "taxonomy row" 1 "sql/features/11_ocop_taxonomy_data.sql differs" "first difference"
fi

# 4. The EPCIS terms: one IRI changed.
fresh
sed -i '0,/\thttps:\/\/ref.gs1.org\/cbv\/BizStep-accepting$/s//\thttps:\/\/ref.gs1.org\/cbv\/BizStep-acceptingX/' "$work/t/data/epcis/context_terms.tsv"
if cmp -s "$work/t/data/epcis/context_terms.tsv" "$TOP/data/epcis/context_terms.tsv"; then
  fail "EPCIS fixture: no BizStep-accepting line"
else
  check "EPCIS term" 1 "include/epcis_terms_data.h differs" "BizStep-acceptingX"
fi

# 5. A generated file edited by hand (the other direction of drift).
fresh
sed -i '0,/Thành phố Đồng Nai/s//Thanh pho Dong Nai/' "$work/t/sql/features/41_admin_data.sql"
check "hand-edited generated file" 1 "sql/features/41_admin_data.sql differs" "Thành phố Đồng Nai"

# 6. Without the release in git, the update block is not checked; the rest passes.
fresh; GIT_TREE=$work/nogit check "no git history" 0 "is not checked"

exit $status
