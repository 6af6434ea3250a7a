#!/usr/bin/env bash
# test/ab/trace_append_jsonb.sh OLD.so NEW.so -- the property test of issue 19
# part 1 for trace_append(chain, jsonb): the old build (which prints the jsonb
# and parses the text) and the new one (which walks the jsonb) must answer
# every event alike, byte for byte: the stored chain's bytes (md5 of
# trace_chain_send), or the error's SQLSTATE, message, DETAIL and HINT.
# Events: every JSON object in the fuzz corpora (test/fuzz/corpus/*), in the
# EPCIS test documents (test/data/epcis*, each event of an eventList too) and
# in the regression suites' literals (test/sql/*.sql), plus generated ones at
# and around the parser's limits (string length, nesting, numbers, UTF-8,
# escapes, key order); each appended to no chain and to a chain of two.
# Needs the cluster (scripts/cluster start) and both builds made against the
# same SQL script; NEW.so is left installed.  Exit 0 when all agree.
# Usage: PG_CONFIG=... OCOP_PGPORT=... bash test/ab/trace_append_jsonb.sh OLD.so NEW.so
set -euo pipefail
cd "$(dirname "$0")/../.."
OLD=${1:?usage: test/ab/trace_append_jsonb.sh OLD.so NEW.so}
NEW=${2:?usage: test/ab/trace_append_jsonb.sh OLD.so NEW.so}
LIBDIR=$("${PG_CONFIG:-pg_config}" --pkglibdir)
eval "$(bash scripts/cluster env)"
export PGHOST PGPORT PGUSER
DB=ocop_ab_append
TMP=$(mktemp -d)
put() { install -m 755 "$1" "$LIBDIR/ocop.so.ab-tmp" && mv -f "$LIBDIR/ocop.so.ab-tmp" "$LIBDIR/ocop.so"; }
trap 'put "$NEW"; rm -rf "$TMP"; psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1' EXIT
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null

# Candidate texts, one a line (base64, so that a line is one text whatever it
# holds): files whole, and the '...' literals of the suites.
python3 - "$TMP/cand.txt" <<'PY'
import base64, glob, re, sys
out = open(sys.argv[1], "w")
def emit(t):
    out.write(base64.b64encode(t.encode("utf-8")).decode("ascii") + "\n")
for f in sorted(glob.glob("test/fuzz/corpus/*/*") + glob.glob("test/data/epcis*/**/*", recursive=True)):
    try:
        emit(open(f, "rb").read().decode("utf-8"))
    except (UnicodeDecodeError, IsADirectoryError):
        pass
for f in sorted(glob.glob("test/sql/*.sql")):
    for m in re.finditer(r"'((?:[^']|'')*)'", open(f, encoding="utf-8").read()):
        t = m.group(1).replace("''", "'")
        if t.lstrip().startswith(("{", "[")):
            emit(t)
PY

psql -X -q -d $DB -v ON_ERROR_STOP=1 -v cand="$TMP/cand.txt" <<'SQL'
CREATE EXTENSION ocop;
CREATE TABLE cand (t text);
\set cmd '\\copy cand FROM ' :'cand' ' WITH (FORMAT text)'
:cmd
CREATE TABLE ev (id serial, e jsonb);
CREATE FUNCTION pg_temp.add(b bytea) RETURNS void LANGUAGE plpgsql AS $$
DECLARE j jsonb;
BEGIN
  BEGIN j := convert_from(b, 'UTF8')::jsonb; EXCEPTION WHEN others THEN RETURN; END;
  INSERT INTO ev (e) VALUES (j);
  IF jsonb_typeof(j) = 'array' THEN
    INSERT INTO ev (e) SELECT x FROM jsonb_array_elements(j) x;
  END IF;
  INSERT INTO ev (e) SELECT x FROM jsonb_array_elements(CASE WHEN jsonb_typeof(j #> '{epcisBody,eventList}') = 'array' THEN j #> '{epcisBody,eventList}' ELSE '[]' END) x;
  INSERT INTO ev (e) SELECT x FROM jsonb_array_elements(CASE WHEN jsonb_typeof(j #> '{epcisBody,queryResults,resultsBody,eventList}') = 'array' THEN j #> '{epcisBody,queryResults,resultsBody,eventList}' ELSE '[]' END) x;
END $$;
SELECT count(pg_temp.add(decode(t, 'base64'))) FROM cand \gset
-- generated: the limits and the encodings
INSERT INTO ev (e)
SELECT jsonb_build_object('bizStep', 'packing', 'eventTime', '2025-01-01T00:00:00+07:00', 'note', repeat('x', n))
  FROM unnest(ARRAY[0, 1, 8190, 8191, 8192, 8193, 9000]) n;
INSERT INTO ev (e)
SELECT jsonb_build_object('bizStep', 'packing', 'eventTime', '2025-01-01T00:00:00+07:00', repeat('k', n), 1)
  FROM unnest(ARRAY[8191, 8192, 8193]) n;
INSERT INTO ev (e)
SELECT jsonb_build_object('bizStep', 'packing', 'eventTime', '2025-01-01T00:00:00+07:00', 'note', repeat('é', n))
  FROM unnest(ARRAY[4095, 4096, 4097]) n;
INSERT INTO ev (e)
SELECT ('{"bizStep":"packing","eventTime":"2025-01-01T00:00:00+07:00","x":' || repeat('[', d) || '1' || repeat(']', d) || '}')::jsonb
  FROM generate_series(15, 25) d;
INSERT INTO ev (e)
SELECT ('{"bizStep":"packing","eventTime":"2025-01-01T00:00:00+07:00","x":' || repeat('{"a":', d) || '1' || repeat('}', d) || '}')::jsonb
  FROM generate_series(15, 25) d;
INSERT INTO ev (e)
SELECT ('{"bizStep":"packing","eventTime":"2025-01-01T00:00:00+07:00","quantity":' || n || ',"q":' || n || ',"arr":[' || n || ']}')::jsonb
  FROM unnest(ARRAY['0', '-0', '1.50', '1.5E+3', '1e-3', '-0.000', '1e999', '1e1000', '1e1001', '-1e-1000', '1e-1001',
                    '123456789012345678901234567890.123456789', '0.1e-5', '7E0', '2.50e2', repeat('9', 999), repeat('9', 1000),
                    repeat('9', 1001), '0.' || repeat('0', 990) || '1']) n;
INSERT INTO ev (e)
SELECT jsonb_build_object('bizStep', 'packing', 'eventTime', '2025-01-01T00:00:00+07:00', 'actor', s, s, s)
  FROM unnest(ARRAY[E'tab\there', E'nl\nx', E'\x01\x1f', 'quote"back\slash', 'Đồng Nai', '漢字', '😀', E'\u2028', '/', '']) s;
INSERT INTO ev (e)
SELECT jsonb_build_object('bizStep', 'packing', 'eventTime', '2025-01-01T00:00:00+07:00',
                          'b', 1, 'aa', 2, 'a', 3, 'é', 4, 'z', 5, 'ab', 6, 'B', 7, '', 8, 'a b', 9, 'hash', 'x');
INSERT INTO ev (e)
SELECT x FROM unnest(ARRAY['{}', '[]', '1', '"s"', 'null', 'true', '[{"bizStep":"packing"}]', '{"bizStep":null}',
                           '{"bizStep":"packing","eventTime":"2025-01-01T00:00:00+07:00","lon":105.8,"lat":21.03}',
                           '{"bizStep":"packing","eventTime":"2025-01-01T00:00:00+07:00","lon":181,"lat":91}',
                           '{"bizStep":"packing","eventTime":"2025-01-01T00:00:00+07:00","quantity":"1"}',
                           '{"bizStep":"packing","eventTime":"not a time"}',
                           '{"bizStep":"packing","eventTime":"2025-01-01T00:00:00+07:00","hash":"00"}',
                           '{"bizStep":"packing","eventTime":"2025-01-01T00:00:00+07:00","x":[1,"a",null,true,false,{},[],{"k":[{}]}]}']::jsonb[]) x;
CREATE TABLE base AS SELECT trace_append(trace_append(NULL::trace_chain, 'packing', timestamptz '2025-01-01 00:00+07'), 'shipping', timestamptz '2025-01-02 00:00+07') AS c;
SELECT count(*) AS events FROM ev;
SQL

run() {
  put "$1"
  psql -X -q -At -d $DB -v ON_ERROR_STOP=1 <<'SQL'
CREATE FUNCTION pg_temp.try(c trace_chain, e jsonb) RETURNS text LANGUAGE plpgsql AS $$
DECLARE st text; m text; d text; h text;
BEGIN
  RETURN md5(trace_chain_send(trace_append(c, e)));
EXCEPTION WHEN others THEN
  GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL, h = PG_EXCEPTION_HINT;
  RETURN 'ERROR ' || st || ' | ' || m || ' | ' || d || ' | ' || h;
END $$;
SELECT id, pg_temp.try(NULL, e), pg_temp.try((SELECT c FROM base), e) FROM ev ORDER BY id;
SQL
}
run "$OLD" >"$TMP/old.txt"
run "$NEW" >"$TMP/new.txt"
n=$(grep -c '^[0-9][0-9]*|' "$TMP/new.txt" || true)
ok=$(grep -Ec '^[0-9]+\|[0-9a-f]{32}\|[0-9a-f]{32}$' "$TMP/new.txt" || true)
if cmp -s "$TMP/old.txt" "$TMP/new.txt"; then
  echo "trace_append(chain, jsonb): $n events, old and new builds agree ($ok accepted on no chain and on a chain of two, the others refused by one or both)"
else
  echo "FAIL: trace_append(chain, jsonb) differs between the builds:"
  diff "$TMP/old.txt" "$TMP/new.txt" | head -40
  exit 1
fi
