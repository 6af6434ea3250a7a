#!/usr/bin/env bash
# Runs the SQL examples of README.md and doc/*.md, so the docs cannot drift
# from the code.  The convention (written out in doc/README.md):
#
#   ```sql              executed; must succeed (psql, ON_ERROR_STOP)
#   ```sql error        executed; must fail
#   ```sql error=22P02  executed; must fail with that SQLSTATE
#   ```sql norun        shown only, never executed (say why next to it)
#   ```output           right after a ```sql block: psql's exact output of it
#
# Every file gets its own scratch database with the ocop extension created;
# its blocks run in document order, each in a new psql session (tables
# persist from block to block, SET and temporary tables do not).  Other
# fences (sh, text, plain ```) are not run.  Exits 0 when every block
# behaves, 1 otherwise; prints one line per block.
#
#   bash test/scripts/doc_examples.sh [FILE.md ...]    (default: README.md README.vi.md doc/**/*.md)
set -euo pipefail
TOP=${OCOP_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$TOP"
if [ -z "${PGHOST:-}" ]; then eval "$(bash scripts/cluster env)"; export PGHOST PGPORT PGUSER; fi
[ $# -gt 0 ] || { shopt -s globstar; set -- README.md README.vi.md doc/**/*.md; }
RUNNER=$(mktemp /tmp/ocop-doc-examples.XXXXXX.py)
FIXTURES=$(mktemp -d /tmp/ocop-doc-fixtures.XXXXXX)
trap 'rm -rf "$RUNNER" "$FIXTURES"' EXIT

cat >"$RUNNER" <<'PY'
import os, re, subprocess, sys, tempfile

FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})[ \t]*([^`]*?)[ \t]*$")
SQLSTATE = re.compile(r"^[0-9A-Z]{5}$")

def blocks(path):
    """Fenced code blocks (CommonMark): (line, info words, text)."""
    out, lines = [], open(path, encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m or (m.group(2)[0] == "`" and "`" in m.group(3)):
            i += 1
            continue
        indent, fence, info = len(m.group(1)), m.group(2), m.group(3).split()
        start, body, i = i + 1, [], i + 1
        while i < len(lines):
            c = re.match(r"^ {0,3}(" + re.escape(fence[0]) + "{" + str(len(fence)) + r",})[ \t]*$", lines[i])
            if c:
                break
            body.append(re.sub(r"^ {0,%d}" % indent, "", lines[i]))
            i += 1
        out.append((start, info, "\n".join(body) + "\n"))
        i += 1
    return out

def psql(db, sql):
    with tempfile.NamedTemporaryFile("w", suffix=".sql", encoding="utf-8", delete=False) as f:
        f.write(sql)
    try:
        p = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-v", "VERBOSITY=verbose",
                            "-d", db, "-f", f.name], capture_output=True, text=True, timeout=300)
    except subprocess.TimeoutExpired:
        return 124, "", "the block ran for more than 300 s"
    finally:
        os.unlink(f.name)
    return p.returncode, p.stdout, p.stderr.replace(f.name, "<block>")

def admin(sql):
    subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", "postgres", "-c", sql],
                   check=True, capture_output=True)

def norm(text):
    return "\n".join(l.rstrip() for l in text.strip("\n").split("\n"))

failures = ran = 0
for path in sys.argv[1:]:
    if not os.path.isfile(path):
        continue
    bl = blocks(path)
    db = "ocop_doc_" + re.sub(r"[^a-z0-9]+", "_", path.lower()).strip("_")
    prepared = False
    for k, (line, info, text) in enumerate(bl):
        if not info or info[0] != "sql":
            if info and info[0] == "output" and (k == 0 or not bl[k - 1][1] or bl[k - 1][1][0] != "sql"):
                print(f"FAIL {path}:{line}: an output block must follow a sql block")
                failures += 1
            continue
        flags = info[1:]
        bad = [f for f in flags if not (f in ("error", "norun") or re.fullmatch(r"error=[0-9A-Z]{5}", f))]
        if bad:
            print(f"FAIL {path}:{line}: unknown sql fence flag(s) {' '.join(bad)}")
            failures += 1
            continue
        if "norun" in flags:
            print(f"skip {path}:{line} (norun)")
            continue
        if not prepared:
            admin(f'DROP DATABASE IF EXISTS "{db}"')
            admin(f'CREATE DATABASE "{db}"')
            rc, _, err = psql(db, "CREATE EXTENSION ocop;\n")
            if rc != 0:
                print(f"FAIL {path}: CREATE EXTENSION ocop: {err.strip()}")
                failures += 1
                break
            prepared = True
        ran += 1
        want_error = next((f for f in flags if f.startswith("error")), None)
        rc, out, err = psql(db, text)
        expected_output = None
        if k + 1 < len(bl) and bl[k + 1][1][:1] == ["output"]:
            expected_output = bl[k + 1][2]
        problem = None
        if want_error is None and rc != 0:
            problem = "failed:\n" + err.strip()
        elif want_error is not None and rc == 0:
            problem = "was expected to fail, but succeeded"
        elif want_error is not None and "=" in want_error:
            state = want_error.split("=", 1)[1]
            if not re.search(r"^(psql:[^\n]*: )?ERROR:  " + state + ":", err, re.M):
                problem = f"was expected to fail with SQLSTATE {state}, got:\n" + err.strip()
        if problem is None and expected_output is not None and norm(out) != norm(expected_output):
            problem = ("output differs; expected:\n" + norm(expected_output) + "\ngot:\n" + norm(out))
        if problem:
            failures += 1
            print(f"FAIL {path}:{line}: block " + problem)
        else:
            what = "fails as documented" if want_error else ("output matches" if expected_output is not None else "runs")
            print(f"ok   {path}:{line} ({what})")
    if prepared:
        admin(f'DROP DATABASE IF EXISTS "{db}"')

print(f"doc examples: {ran} run, {failures} failed")
sys.exit(1 if failures else 0)
PY

# The runner itself: a document that follows the convention passes, and each
# kind of drift is caught.
cat >"$FIXTURES/good.md" <<'MD'
Text, then a table made by one block and read by the next.

```sql
CREATE TABLE fixture_t (code ocop_code);
INSERT INTO fixture_t VALUES ('ocop-01-00577-21-2025-0042-4');
```

~~~sql
SELECT code FROM fixture_t;
~~~

```output
             code
------------------------------
 OCOP-01-00577-21-2025-0042-4
(1 row)
```

```sql error=22P02
SELECT 'OCOP-01-00577-21-2025-0042-5'::ocop_code;
```

```sql error
SELECT 1/0;
```

```sql norun
SELECT * FROM a_table_only_the_reader_has;
```

```sh
this is not SQL and is not run
```
MD
selftest() {  # selftest NAME EXPECTED-EXIT: the runner on a fixture
  local rc=0
  /usr/bin/python3 "$RUNNER" "$FIXTURES/$1.md" >"$FIXTURES/$1.out" 2>&1 || rc=$?
  if [ "$rc" != "$2" ]; then
    echo "FAIL runner self-test $1: exit $rc, expected $2"; cat "$FIXTURES/$1.out"; exit 1
  fi
}
selftest good 0
grep -q '^doc examples: 4 run, 0 failed$' "$FIXTURES/good.out" || { cat "$FIXTURES/good.out"; echo "FAIL runner self-test: counts"; exit 1; }
bad() {  # bad NAME BODY: a one-block document that must fail
  printf '%s\n' "$2" >"$FIXTURES/$1.md"
  selftest "$1" 1
}
bad failing $'```sql\nSELECT no_such_function();\n```'
bad drifted-output $'```sql\nSELECT 1 AS one;\n```\n```output\n one\n-----\n   2\n(1 row)\n```'
bad error-succeeds $'```sql error\nSELECT 1;\n```'
bad wrong-sqlstate $'```sql error=22003\nSELECT \'x\'::ocop_code;\n```'
bad unknown-flag $'```sql erorr\nSELECT 1;\n```'
bad stray-output $'```output\n x\n```'
echo "runner self-test: ok (1 good document, 6 kinds of drift caught)"

/usr/bin/python3 "$RUNNER" "$@"
