#!/usr/bin/env bash
# Runs the SQL examples of README.md, README.vi.md and every .md under doc/
# (recursively), and compares every documented result with what the server
# returns, so the docs cannot drift from the code.  The convention (written
# out in doc/README.md):
#
#   ```sql              executed; must succeed (psql, ON_ERROR_STOP)
#   ```sql error        executed; must fail
#   ```sql error=22P02  executed; must fail with that SQLSTATE
#   ```sql norun        shown only, never executed (say why next to it)
#   ```sql pg>=16       executed on PostgreSQL 16 and later only (with any of
#                       the above); skipped on older servers
#   ```output           right after a ```sql block: psql's exact output of it
#   --  a | b           inside a ```sql block, right below a statement: the
#                       rows it returns, one a line (spacing around | free,
#                       NULL as NULL, "  -- note" may follow a row)
#   -- ERROR:  ...      likewise, the error it raises (also DETAIL:, HINT:)
#
# A statement that returns rows and carries a comment in another form (on
# its own line, or the line right below it) fails: its result would be
# documented but not compared.
# Every file gets its own scratch database with the ocop extension created;
# its blocks run in document order, each in a new psql session (tables
# persist from block to block, SET and temporary tables do not).  Other
# fences (sh, text, plain ```) are not run.  Exits 0 when every block
# behaves, 1 otherwise; prints one line per block.
#
#   bash test/scripts/doc_examples.sh [FILE.md ...]
#   (default: README.md, README.vi.md when present, every .md under doc/)
set -euo pipefail
TOP=${OCOP_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$TOP"
if [ -z "${PGHOST:-}" ]; then eval "$(bash scripts/cluster env)"; export PGHOST PGPORT PGUSER; fi
if [ $# -eq 0 ]; then
  set -- README.md
  [ -f README.vi.md ] && set -- "$@" README.vi.md
  while IFS= read -r f; do set -- "$@" "$f"; done < <(find doc -name '*.md' -type f | LC_ALL=C sort)
fi
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

# Result comments: the lines right below a statement that show what it
# returns, one row a line, as psql prints it ("--  " then the columns
# separated by "|"; spacing around "|" is free, NULL is written NULL; a note
# may follow the row after two spaces and "-- "), or the error it raises
# ("-- ERROR:  message", "-- DETAIL:  ...", "-- HINT:  ...").
RESULT = re.compile(r"^--  (.*?\S)(?:\s{2,}-- .*)?\s*$")
ERRLINE = re.compile(r"^-- ?((?:ERROR|DETAIL|HINT):  .*\S)\s*$")
MARK = "@@ocop-doc-statement-%d@@"

def code_part(line, state):
    """The SQL code of a line without its -- comment, updating the quote state
    (state: dict with 'q' = None, "'", '"' or a dollar tag).  Returns (code, comment)."""
    i, out, n = 0, [], len(line)
    while i < n:
        q = state["q"]
        c = line[i]
        if q is None:
            if line.startswith("--", i):
                return "".join(out), line[i:]
            if c in "'\"":
                state["q"] = c
            elif c == "$":
                m = re.match(r"\$[A-Za-z_]*\$", line[i:])
                if m:
                    state["q"] = m.group(0)
                    out.append(m.group(0)); i += len(m.group(0)); continue
            out.append(c); i += 1
        elif q in ("'", '"'):
            if c == q:
                state["q"] = None
            out.append(c); i += 1
        else:
            if line.startswith(q, i):
                state["q"] = None
                out.append(q); i += len(q); continue
            out.append(c); i += 1
    return "".join(out), ""

def statements(lines):
    """(first line, last line, has_code_comment) of each top-level statement:
    it ends on a line whose code ends with ';' outside quotes and outside a
    BEGIN ATOMIC body (which ends at a line 'END;'); a psql backslash line is
    a statement of its own."""
    out, state, start, atomic, commented = [], {"q": None}, None, False, False
    for i, line in enumerate(lines):
        if state["q"] is None and start is None and line.lstrip().startswith("\\"):
            out.append((i, i, False)); continue
        code, comment = code_part(line, state)
        if start is None:
            if not code.strip():
                continue
            start, commented = i, False
        if comment and code.strip():
            commented = True
        if state["q"] is None and re.search(r"\bBEGIN\s+ATOMIC\b", code, re.I):
            atomic = True
        if state["q"] is None:
            if atomic:
                if re.match(r"^\s*END\s*;\s*$", code, re.I):
                    atomic = False
                    out.append((start, i, commented)); start = None
            elif code.rstrip().endswith(";"):
                out.append((start, i, commented)); start = None
    if start is not None:
        out.append((start, len(lines) - 1, commented))
    return out

def with_markers(text):
    """The block with an \echo marker after every statement, in unaligned,
    tuples-only mode, and the result comments found: [(statement index,
    first line, [rows], [error lines], has_code_comment, next_line_comment)]."""
    lines = text.rstrip("\n").split("\n")
    sts = statements(lines)
    ends = {e: k for k, (s, e, c) in enumerate(sts)}
    out = ["\\pset format unaligned", "\\pset tuples_only on", "\\pset fieldsep ' | '", "\\pset null NULL"]
    results = []
    for i, line in enumerate(lines):
        out.append(line)
        if i in ends:
            k = ends[i]
            out.append("\\echo '" + MARK % k + "'")
            rows, errs, j = [], [], i + 1
            while j < len(lines):
                m, e = RESULT.match(lines[j]), ERRLINE.match(lines[j])
                if e:
                    errs.append(e.group(1))
                elif m:
                    rows.append(m.group(1))
                else:
                    break
                j += 1
            below = j < len(lines) and lines[j].lstrip().startswith("--") and not rows and not errs
            results.append((k, sts[k][0], rows, errs, sts[k][2], below))
    return "\n".join(out) + "\n", results

def cells(row):
    return " | ".join(c.strip() for c in row.split("|"))

def error_lines(err):
    got = []
    for l in err.split("\n"):
        l = re.sub(r"^psql:[^\n]*?:[0-9]+: ", "", l)
        l = re.sub(r"^ERROR:  [0-9A-Z]{5}: ", "ERROR:  ", l)
        if re.match(r"^(ERROR|DETAIL|HINT):  ", l):
            got.append(l.rstrip())
    return got

def server_major():
    p = subprocess.run(["psql", "-X", "-At", "-d", "postgres", "-c", "SHOW server_version_num"],
                       check=True, capture_output=True, text=True)
    return int(p.stdout.strip()) // 10000

MAJOR = server_major()
failures = ran = outputs = compared = 0
for path in sys.argv[1:]:
    if not os.path.isfile(path):
        print(f"FAIL {path}: no such file")
        failures += 1
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
        bad = [f for f in flags if not (f in ("error", "norun") or re.fullmatch(r"error=[0-9A-Z]{5}", f)
                                        or re.fullmatch(r"pg>=[0-9]{2}", f))]
        if bad:
            print(f"FAIL {path}:{line}: unknown sql fence flag(s) {' '.join(bad)}")
            failures += 1
            continue
        if "norun" in flags:
            print(f"skip {path}:{line} (norun)")
            continue
        since = next((int(f[4:]) for f in flags if f.startswith("pg>=")), None)
        if since is not None and MAJOR < since:
            print(f"skip {path}:{line} (needs PostgreSQL {since}, this is {MAJOR})")
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
        expected_output = None
        if k + 1 < len(bl) and bl[k + 1][1][:1] == ["output"]:
            expected_output = bl[k + 1][2]
        marked, results = with_markers(text)
        problem = None
        ncomments = sum(1 for r in results if r[2] or r[3])
        if expected_output is not None and ncomments:
            problem = "has both an output block and result comments: use one form"
            rc, out, err = 0, "", ""
        elif expected_output is not None:
            rc, out, err = psql(db, text)
        else:
            rc, out, err = psql(db, marked)
        if problem is None and want_error is None and rc != 0:
            problem = "failed:\n" + err.strip()
        elif problem is None and want_error is not None and rc == 0:
            problem = "was expected to fail, but succeeded"
        elif problem is None and want_error is not None and "=" in want_error:
            state = want_error.split("=", 1)[1]
            if not re.search(r"^(psql:[^\n]*: )?ERROR:  " + state + ":", err, re.M):
                problem = f"was expected to fail with SQLSTATE {state}, got:\n" + err.strip()
        if problem is None and expected_output is not None:
            if norm(out) != norm(expected_output):
                problem = ("output differs; expected:\n" + norm(expected_output) + "\ngot:\n" + norm(out))
            else:
                outputs += 1
        if problem is None and expected_output is None:
            # Split stdout at the markers: segment n is statement n's output.
            segs, cur, seen = {}, [], set()
            for l in out.split("\n"):
                m = re.fullmatch(r"@@ocop-doc-statement-(\d+)@@", l)
                if m:
                    segs[int(m.group(1))] = cur; cur = []
                else:
                    cur.append(l)
            errs_got = error_lines(err)
            for (n, first, rows, errs, commented, below) in results:
                where = f"{path}:{line + first + 1}"
                if errs:
                    if n in segs:
                        problem = f"{where}: documents an error, but the statement succeeded"
                    elif [e for e in errs if e not in errs_got]:
                        problem = (f"{where}: error differs; documented:\n" + "\n".join(errs)
                                   + "\ngot:\n" + "\n".join(errs_got))
                    else:
                        compared += 1
                    continue
                if n not in segs:
                    continue          # not reached: an error block stopped before it
                got = [cells(r) for r in segs[n] if r != ""]
                if rows:
                    want = [cells(r) for r in rows]
                    if got != want:
                        problem = (f"{where}: result differs; documented:\n" + "\n".join(want)
                                   + "\ngot:\n" + "\n".join(got))
                    else:
                        compared += 1
                elif got and (commented or below):
                    problem = (f"{where}: the statement returns rows and carries a comment that is not in the "
                               "result form; write what it returns right below it as '--  value | value' lines "
                               "(prose goes above the statement)")
                if problem:
                    break
        if problem:
            failures += 1
            print(f"FAIL {path}:{line}: block " + problem)
        else:
            nres = sum(1 for r in results if r[2] or r[3])
            what = ("fails as documented" if want_error else
                    ("output matches" if expected_output is not None else
                     (f"{nres} documented results match" if nres else "runs")))
            print(f"ok   {path}:{line} ({what})")
    if prepared:
        admin(f'DROP DATABASE IF EXISTS "{db}"')

print(f"doc examples: {ran} run, {outputs} output blocks and {compared} result comments compared, {failures} failed")
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
-- ERROR:  division by zero
```

```sql
-- prose above a statement is not a result
SELECT ocop_code_year(code), NULL::text AS nothing FROM fixture_t;
--  2025 | NULL   -- a note after a row
SELECT 1 AS a, 'x' AS b
UNION ALL SELECT 2, 'y';
--  1 |   x
--  2 | y
CREATE TABLE fixture_u (n int);   -- no rows: a comment here is prose
SELECT '4'::ocop_star;

-- after a blank line, prose again
```

```sql norun
SELECT * FROM a_table_only_the_reader_has;
```

```sql pg>=99
SELECT a_function_of_a_future_release();
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
grep -q '^doc examples: 5 run, 1 output blocks and 3 result comments compared, 0 failed$' "$FIXTURES/good.out" || { cat "$FIXTURES/good.out"; echo "FAIL runner self-test: counts"; exit 1; }
bad() {  # bad NAME BODY: a one-block document that must fail
  printf '%s\n' "$2" >"$FIXTURES/$1.md"
  selftest "$1" 1
}
bad failing $'```sql\nSELECT no_such_function();\n```'
bad drifted-output $'```sql\nSELECT 1 AS one;\n```\n```output\n one\n-----\n   2\n(1 row)\n```'
bad error-succeeds $'```sql error\nSELECT 1;\n```'
bad wrong-sqlstate $'```sql error=22003\nSELECT \'x\'::ocop_code;\n```'
bad unknown-flag $'```sql erorr\nSELECT 1;\n```'
bad since-current $'```sql pg>=10\nSELECT no_such_function();\n```'
bad stray-output $'```output\n x\n```'
bad drifted-result $'```sql\nSELECT 1 AS one, 2 AS two;\n--  1 | 3\n```'
bad missing-row $'```sql\nSELECT g FROM generate_series(1, 3) g;\n--  1\n--  2\n```'
bad extra-row $'```sql\nSELECT 1;\n--  1\n--  2\n```'
bad trailing-comment $'```sql\nSELECT 1;   -- 2\n```'
bad comment-below $'```sql\nSELECT 1;\n-- 1\n```'
bad drifted-error $'```sql error\nSELECT 1/0;\n-- ERROR:  division by one\n```'
bad error-documented-but-none $'```sql\nSELECT 1;\n-- ERROR:  division by zero\n```'
bad both-forms $'```sql\nSELECT 1 AS x;\n--  1\n```\n```output\n x\n---\n 1\n(1 row)\n```'
echo "runner self-test: ok (1 good document, 15 kinds of drift caught)"

/usr/bin/python3 "$RUNNER" "$@"
