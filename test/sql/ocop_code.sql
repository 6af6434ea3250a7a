-- ocop_code: input, output, validation, operators, indexes, hashing, casts.
CREATE EXTENSION IF NOT EXISTS ocop;

-- Canonical forms are fixed points of output(input(x)).
SELECT 'OCOP-01-00577-21-2025-0042-4'::ocop_code AS two_level,
       'OCOP-01-018-00583-21-2023-0007-0'::ocop_code AS three_level;
-- Prefix optional and case-insensitive; surrounding white space ignored.
SELECT '01-00577-21-2025-0042-4'::ocop_code AS no_prefix,
       'ocop-01-00577-21-2025-0042-4'::ocop_code AS lower_prefix,
       E' \t OCOP-01-018-00583-21-2023-0007-0 \n'::ocop_code AS padded;
-- The legacy provincial form (Ben Tre: 83-832-28882-2-2022) is stored with
-- product set 0 and printed canonically with its computed check digit.
SELECT '83-832-28882-2-2022'::ocop_code AS legacy,
       '83-832-28882-0002-2022'::ocop_code = '83-832-28882-2-2022'::ocop_code AS same_serial;
SELECT ('83-832-28882-2-2022'::ocop_code)::text::ocop_code::text AS fixed_point;

-- The constructor computes the check digit; NULL district = two-level code.
SELECT ocop_code(1, 577, 21, 2025, 42) AS two_level,
       ocop_code(1, 583, 21, 2023, 7, 18) AS three_level,
       ocop_code(1, 577, 21, 2025, 42, NULL) AS explicit_null_district,
       ocop_code(NULL, 577, 21, 2025, 42) IS NULL AS null_in_null_out;
SELECT ocop_code(province => 1, commune => 577, product_set => 21, year => 2025, serial => 42)::text
     = 'OCOP-01-00577-21-2025-0042-4' AS named_args;

-- Accessors and parts.
SELECT ocop_code_province(c), ocop_code_district(c), ocop_code_commune(c),
       ocop_code_product_set(c), ocop_code_year(c), ocop_code_serial(c),
       ocop_code_check_digit(c)
FROM (VALUES ('OCOP-01-018-00583-21-2023-0007-0'::ocop_code),
             ('OCOP-01-00577-21-2025-0042-4'::ocop_code)) v(c);
SELECT (ocop_code_parts('OCOP-01-018-00583-21-2023-0007-0')).*;
SELECT (ocop_code_parts(ocop_code(99, 99999, 26, 2099, 9999))).*;

-- Field limits, inclusive.
SELECT ocop_code(1, 1, 0, 2018, 1)::text AS smallest_two_level,
       ocop_code(99, 99999, 26, 2099, 9999, 999)::text AS largest_three_level;

-- At least 50 rejected literals, each with SQLSTATE, message and DETAIL.
CREATE FUNCTION pg_temp.try_code(lit text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE st text; msg text; det text;
BEGIN
  PERFORM lit::ocop_code;
  RETURN 'accepted';
EXCEPTION WHEN others THEN
  GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL;
  RETURN st || ' ' || det;
END $$;
CREATE TEMP TABLE bad_codes (n serial, lit text);
INSERT INTO bad_codes (lit) VALUES
  (''), (' '), ('OCOP'), ('OCOP-'), ('OCOP-01'),
  ('OCOP-01-00577-21-2025-0042'),           -- check digit missing
  ('OCOP-01-00577-21-2025-0042-5'),         -- wrong check digit
  ('OCOP-01-00577-21-2025-0042-X'),
  ('OCOP-01-00577-21-2025-0042-45'),
  ('OCOP-00-00577-21-2025-0042-4'),         -- province 00
  ('OCOP-1-00577-21-2025-0042-4'),
  ('OCOP-001-00577-21-2025-0042-4'),
  ('OCOP-01-0577-21-2025-0042-4'),
  ('OCOP-01-00000-21-2025-0042-4'),         -- commune 00000
  ('OCOP-01-00577-27-2025-0042-4'),         -- product set 27
  ('OCOP-01-00577-99-2025-0042-4'),
  ('OCOP-01-00577-21-2017-0042-4'),         -- year too early
  ('OCOP-01-00577-21-2100-0042-4'),         -- year too late
  ('OCOP-01-00577-21-0000-0042-4'),
  ('OCOP-01-00577-21-2025-0000-4'),         -- serial 0
  ('OCOP-01-00577-21-2025-00042-4'),
  ('OCOP-01-000-00583-21-2023-0007-0'),     -- district 000
  ('OCOP-01-18-00583-21-2023-0007-0'),
  ('OCOP 01-00577-21-2025-0042-4'),
  ('OCOP--01-00577-21-2025-0042-4'),
  ('OCOP-01--00577-21-2025-0042-4'),
  ('OCOP-01-00577-21-2025-0042-4-'),
  ('-01-00577-21-2025-0042-4'),
  ('XOCOP-01-00577-21-2025-0042-4'),
  ('OCOP-01-00577-21-2025-0042-4 x'),
  ('OCOP-01-00577-21-2025-0042-4-1'),
  ('OCOP-01-018-00583-21-2023-0007-0-1'),
  ('OCOP-０１-00577-21-2025-0042-4'),       -- full-width digits
  ('OCOP-01-00577-21-2025-0042-4đ'),
  (E'OCOP-01-00577\t-21-2025-0042-4'),
  ('+01-00577-21-2025-0042-4'),
  ('83-832-28882-0-2022'),                  -- legacy serial 0
  ('83-832-28882-10000-2022'),
  ('83-832-28882-2-22'),
  ('83-000-28882-2-2022'),
  ('00-832-28882-2-2022'),
  ('83-832-28882-2-2017'),
  ('83-832-2888a-2-2022'),
  ('OCOP-OCOP-01-00577-21-2025-0042-4'),
  ('ocop01-00577-21-2025-0042-4'),
  ('01/00577/21/2025/0042/4'),
  ('0x1F'), ('-1'), ('1e5'),
  ('OCOP-01-00577-21-2025--4'),
  ('OCOP-01-00577-12-2025-0042-4'),         -- adjacent transposition 21 -> 12
  ('OCOP-01-00578-21-2025-0042-4'),         -- single-digit error
  ('OCOP-01-00577-21-2025-0024-4'),         -- transposition in the serial
  ('OCOP-10-00577-21-2025-0042-4'),         -- transposition in the province
  ('OCOP-01-018-00538-21-2023-0007-0');     -- transposition in the commune
SELECT n, lit, pg_temp.try_code(lit) FROM bad_codes ORDER BY n;
SELECT count(*) AS bad_literals,
       count(*) FILTER (WHERE pg_temp.try_code(lit) LIKE '22P02 %') AS all_22p02,
       count(*) FILTER (WHERE ocop_code_is_valid(lit)) AS wrongly_valid
FROM bad_codes;

-- The full error report for two typical mistakes.
SELECT 'OCOP-01-00577-21-2025-0042-5'::ocop_code;
SELECT 'OCOP-01-00577-21-2017-0042-4'::ocop_code;

-- ocop_code_is_valid never raises.
SELECT ocop_code_is_valid('OCOP-01-00577-21-2025-0042-4') AS good,
       ocop_code_is_valid('83-832-28882-2-2022') AS legacy,
       ocop_code_is_valid('nonsense') AS bad,
       ocop_code_is_valid(NULL) IS NULL AS strict_null;

-- Every single-digit substitution and every adjacent transposition of the
-- digits of a code is caught by the Damm check digit.
WITH base AS (SELECT 'OCOP-01-018-00583-21-2023-0007-0'::text AS s),
pos AS (SELECT i FROM base, generate_series(6, length(s)) i
        WHERE substr(s, i, 1) ~ '[0-9]'),
subst AS (
  SELECT overlay(s placing d::text from i for 1) AS lit
  FROM base, pos, generate_series(0, 9) d
  WHERE substr(s, i, 1) <> d::text),
swaps AS (
  SELECT overlay(s placing substr(s, i + 1, 1) || substr(s, i, 1) from i for 2) AS lit
  FROM base, pos
  WHERE substr(s, i + 1, 1) ~ '[0-9]' AND substr(s, i, 1) <> substr(s, i + 1, 1))
SELECT (SELECT count(*) FROM subst) AS substitutions,
       (SELECT count(*) FROM subst WHERE ocop_code_is_valid(lit)) AS substitutions_accepted,
       (SELECT count(*) FROM swaps) AS transpositions,
       (SELECT count(*) FROM swaps WHERE ocop_code_is_valid(lit)) AS transpositions_accepted;

-- Constructor range errors are 22003 and name the field.
SELECT ocop_code(0, 577, 21, 2025, 42);
SELECT ocop_code(1, 100000, 21, 2025, 42);
SELECT ocop_code(1, 577, 27, 2025, 42);
SELECT ocop_code(1, 577, 21, 2100, 42);
SELECT ocop_code(1, 577, 21, 2025, 10000);
SELECT ocop_code(1, 577, 21, 2025, 42, 0);
SELECT ocop_code(1, 577, 21, 2025, 42, 1000);

-- Casts: the packed value PP DDD CCCCC SS YY NNNN, and back with validation.
SELECT 'OCOP-01-018-00583-21-2023-0007-0'::ocop_code::bigint AS three_level,
       'OCOP-01-00577-21-2025-0042-4'::ocop_code::bigint AS two_level;
SELECT 10180058321230007::ocop_code;
SELECT 0::bigint::ocop_code;
SELECT (-1)::bigint::ocop_code;
SELECT 1000000000000000000::ocop_code;
SELECT 10000057721250000::ocop_code;   -- serial 0000
SELECT 10000057727250042::ocop_code;   -- product set 27
SELECT 10000057721170042::ocop_code;   -- year 2017

-- Ordering: province, district (absent first), commune, product set, year, serial.
CREATE TABLE code_order (c ocop_code);
INSERT INTO code_order VALUES
  (('OCOP-02-00001-00-2018-0001-' || ocop_code_check_digit(ocop_code(2, 1, 0, 2018, 1)))::ocop_code),
  (ocop_code(1, 583, 21, 2023, 7, 18)),
  (ocop_code(1, 577, 21, 2025, 42)),
  (ocop_code(1, 577, 21, 2025, 41)),
  (ocop_code(1, 577, 21, 2024, 99)),
  (ocop_code(1, 577, 20, 2099, 9999)),
  (ocop_code(1, 99999, 0, 2018, 1)),
  (ocop_code(1, 1, 0, 2018, 1, 1)),
  (ocop_code(1, 583, 21, 2023, 7, 276));
SELECT c, c < lead(c) OVER (ORDER BY c) AS lt_next FROM code_order ORDER BY c;
SELECT min(c), max(c) FROM code_order;
SELECT a.c < b.c AS lt, a.c <= b.c AS le, a.c = b.c AS eq, a.c <> b.c AS ne,
       a.c >= b.c AS ge, a.c > b.c AS gt, ocop_code_cmp(a.c, b.c) AS cmp
FROM (VALUES (ocop_code(1, 577, 21, 2025, 41), ocop_code(1, 577, 21, 2025, 42)),
             (ocop_code(1, 577, 21, 2025, 42), ocop_code(1, 577, 21, 2025, 42)),
             (ocop_code(1, 583, 21, 2023, 7, 18), ocop_code(1, 577, 21, 2025, 42))) AS a_b(x, y),
     LATERAL (SELECT x AS c) a, LATERAL (SELECT y AS c) b;
DROP TABLE code_order;

-- Hashing: equals hashint8 of the packed value; pinned vectors (a change of
-- these numbers would misroute every hash-partitioned or Citus row).
SELECT ocop_code_hash(c) AS hash, ocop_code_hash(c) = hashint8(c::bigint) AS eq_hashint8,
       ocop_code_hash_extended(c, 42) AS hash_ext42,
       ocop_code_hash_extended(c, 42) = hashint8extended(c::bigint, 42) AS eq_ext,
       (ocop_code_hash_extended(c, 0) & 4294967295) = (ocop_code_hash(c)::bigint & 4294967295) AS seed0_low_bits
FROM (VALUES ('OCOP-01-00577-21-2025-0042-4'::ocop_code),
             ('OCOP-01-018-00583-21-2023-0007-0'::ocop_code),
             ('83-832-28882-2-2022'::ocop_code)) v(c);

-- Operator classes validate.
SELECT opc.opcname, am.amname, amvalidate(opc.oid)
FROM pg_opclass opc JOIN pg_am am ON am.oid = opc.opcmethod
WHERE opc.opcname LIKE 'ocop_code%' ORDER BY 1;

-- Index scans agree with sequential scans.
CREATE TABLE code_idx AS
SELECT ocop_code(p, c, s, y, n, d) AS code, i
FROM (SELECT i,
             1 + (i * 7) % 3 AS p,
             CASE WHEN i % 2 = 0 THEN NULL ELSE 1 + (i * 13) % 5 END AS d,
             1 + (i * 31) % 50 AS c,
             (i * 3) % 27 AS s,
             2018 + i % 10 AS y,
             1 + i % 9999 AS n
      FROM generate_series(1, 20000) i) g;
CREATE INDEX code_idx_btree ON code_idx (code);
CREATE INDEX code_idx_hash ON code_idx USING hash (code);
ANALYZE code_idx;

-- Area queries plan as btree range scans and return the rows of a filter on the parts.
SET enable_seqscan = off;
SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF) SELECT * FROM code_idx WHERE ocop_code_in_area(code, '02');
EXPLAIN (COSTS OFF) SELECT * FROM code_idx WHERE ocop_code_in_area(code, '02-003');
EXPLAIN (COSTS OFF) SELECT * FROM code_idx WHERE ocop_code_in_area(code, '02-00011');
EXPLAIN (COSTS OFF) SELECT * FROM code_idx WHERE ocop_code_in_area(code, '02-003-00011');
RESET enable_bitmapscan;
RESET enable_seqscan;
EXPLAIN (COSTS OFF) SELECT * FROM code_idx WHERE ocop_code_in_area(code, '03-004-00012');

CREATE FUNCTION pg_temp.area_check(area text, p int, d int, c text, two_level bool) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE idx bigint[]; flt bigint[];
BEGIN
  SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off;
  SELECT array_agg(i ORDER BY i) INTO idx FROM code_idx WHERE ocop_code_in_area(code, area);
  SET LOCAL enable_seqscan = on; SET LOCAL enable_indexscan = off; SET LOCAL enable_bitmapscan = off;
  SELECT array_agg(i ORDER BY i) INTO flt FROM code_idx
  WHERE ocop_code_province(code) = p
    AND (d IS NULL OR ocop_code_district(code) = d)
    AND (c IS NULL OR ocop_code_commune(code) = c)
    AND (NOT two_level OR ocop_code_district(code) IS NULL);
  RETURN format('%s rows, equal: %s', coalesce(cardinality(idx), 0), idx IS NOT DISTINCT FROM flt);
END $$;
SELECT pg_temp.area_check('02', 2, NULL, NULL, false) AS province,
       pg_temp.area_check('02-003', 2, 3, NULL, false) AS district,
       pg_temp.area_check('02-00011', 2, NULL, '00011', true) AS current_commune,
       pg_temp.area_check('02-003-00011', 2, 3, '00011', false) AS old_commune,
       pg_temp.area_check(' 01 ', 1, NULL, NULL, false) AS padded;

-- Bad areas are 22023.
SELECT ocop_code_in_area('OCOP-01-00577-21-2025-0042-4', '1');
SELECT ocop_code_in_area('OCOP-01-00577-21-2025-0042-4', '01-0577');
SELECT ocop_code_in_area('OCOP-01-00577-21-2025-0042-4', '00');
SELECT ocop_code_in_area('OCOP-01-00577-21-2025-0042-4', '01-000');
SELECT ocop_code_in_area('OCOP-01-00577-21-2025-0042-4', '01-018-00000');
SELECT ocop_code_in_area('OCOP-01-00577-21-2025-0042-4', '01-018-00583-1');
SELECT ocop_code_in_area('OCOP-01-00577-21-2025-0042-4', '');

-- Ordered index scans (both directions) agree with sorts.
CREATE FUNCTION pg_temp.order_check(descending bool) RETURNS bool LANGUAGE plpgsql AS $$
DECLARE a bigint[]; b bigint[];
BEGIN
  SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off; SET LOCAL enable_sort = off;
  IF descending THEN
    SELECT array_agg(code::bigint) INTO a FROM (SELECT code FROM code_idx ORDER BY code DESC) s;
  ELSE
    SELECT array_agg(code::bigint) INTO a FROM (SELECT code FROM code_idx ORDER BY code) s;
  END IF;
  SET LOCAL enable_seqscan = on; SET LOCAL enable_indexscan = off; SET LOCAL enable_indexonlyscan = off; SET LOCAL enable_sort = on;
  IF descending THEN
    SELECT array_agg(v) INTO b FROM (SELECT code::bigint AS v FROM code_idx ORDER BY 1 DESC) s;
  ELSE
    SELECT array_agg(v) INTO b FROM (SELECT code::bigint AS v FROM code_idx ORDER BY 1) s;
  END IF;
  RETURN a = b;
END $$;
SELECT pg_temp.order_check(false) AS asc_ok, pg_temp.order_check(true) AS desc_ok;

-- Equality through the btree and hash indexes and a hash join agree with a seq scan.
SET enable_seqscan = off;
SET enable_bitmapscan = off;
DROP INDEX code_idx_hash;
EXPLAIN (COSTS OFF) SELECT count(*) FROM code_idx WHERE code = ocop_code(2, 11, 3, 2019, 4, 3);
SELECT count(*) AS via_index FROM code_idx WHERE code = (SELECT code FROM code_idx WHERE i = 777);
CREATE INDEX code_idx_hash ON code_idx USING hash (code);
DROP INDEX code_idx_btree;
EXPLAIN (COSTS OFF) SELECT count(*) FROM code_idx WHERE code = ocop_code(2, 11, 3, 2019, 4, 3);
SELECT count(*) AS via_hash_index FROM code_idx WHERE code = (SELECT code FROM code_idx WHERE i = 777);
RESET enable_bitmapscan;
RESET enable_seqscan;
SELECT count(*) AS via_seqscan FROM code_idx WHERE code::bigint = (SELECT code::bigint FROM code_idx WHERE i = 777);
SET enable_mergejoin = off;
SELECT count(*) AS hash_join FROM code_idx a JOIN code_idx b USING (code);
RESET enable_mergejoin;
SET enable_hashjoin = off;
SELECT count(*) AS merge_join FROM code_idx a JOIN code_idx b USING (code);
RESET enable_hashjoin;
SELECT count(*) AS bigint_join FROM code_idx a JOIN code_idx b ON a.code::bigint = b.code::bigint;
SELECT count(DISTINCT code) AS distinct_codes, count(*) FROM code_idx;

-- Hash partitioning routes rows by the pinned hash.
CREATE TABLE code_parts (code ocop_code) PARTITION BY HASH (code);
CREATE TABLE code_parts_0 PARTITION OF code_parts FOR VALUES WITH (MODULUS 4, REMAINDER 0);
CREATE TABLE code_parts_1 PARTITION OF code_parts FOR VALUES WITH (MODULUS 4, REMAINDER 1);
CREATE TABLE code_parts_2 PARTITION OF code_parts FOR VALUES WITH (MODULUS 4, REMAINDER 2);
CREATE TABLE code_parts_3 PARTITION OF code_parts FOR VALUES WITH (MODULUS 4, REMAINDER 3);
INSERT INTO code_parts VALUES ('OCOP-01-00577-21-2025-0042-4'), ('OCOP-01-018-00583-21-2023-0007-0'),
  ('83-832-28882-2-2022'), (ocop_code(1, 1, 0, 2018, 1)), (ocop_code(99, 99999, 26, 2099, 9999, 999));
SELECT tableoid::regclass AS partition, code FROM code_parts ORDER BY code;
DROP TABLE code_parts;

-- Binary COPY round trip, and binary receive validates like text input: an
-- int8 column has the same binary layout, so its file feeds ocop_code_recv.
-- (\copy does not expand variables: the paths are relative to the top folder,
-- where make installcheck runs.)
\copy code_idx (code) to 'test/results/ocop_code.bin' with (format binary)
CREATE TABLE code_copy (code ocop_code);
\copy code_copy from 'test/results/ocop_code.bin' with (format binary)
SELECT count(*) AS rows_back,
       (SELECT count(*) FROM (SELECT code FROM code_idx EXCEPT ALL SELECT code FROM code_copy) d) AS missing
FROM code_copy;
TRUNCATE code_copy;
\copy code_idx (code) to 'test/results/ocop_code.txt'
\copy code_copy from 'test/results/ocop_code.txt'
SELECT count(*) AS text_rows_back,
       (SELECT count(*) FROM (SELECT code FROM code_idx EXCEPT ALL SELECT code FROM code_copy) d) AS missing
FROM code_copy;
CREATE TABLE bigint_src (v bigint);
INSERT INTO bigint_src VALUES (10000057721250042);
\copy bigint_src to 'test/results/ocop_code.bin' with (format binary)
TRUNCATE code_copy;
\copy code_copy from 'test/results/ocop_code.bin' with (format binary)
SELECT code FROM code_copy;
TRUNCATE bigint_src;
INSERT INTO bigint_src VALUES (10000057721250000);
\copy bigint_src to 'test/results/ocop_code.bin' with (format binary)
\copy code_copy from 'test/results/ocop_code.bin' with (format binary)
TRUNCATE bigint_src;
INSERT INTO bigint_src VALUES (-5);
\copy bigint_src to 'test/results/ocop_code.bin' with (format binary)
\copy code_copy from 'test/results/ocop_code.bin' with (format binary)
-- A 4-byte value is not an ocop_code either.
CREATE TABLE int_src (v int4);
INSERT INTO int_src VALUES (7);
\copy int_src to 'test/results/ocop_code.bin' with (format binary)
\copy code_copy from 'test/results/ocop_code.bin' with (format binary)
DROP TABLE int_src;
SELECT count(*) AS rows_after_rejected_copies FROM code_copy;
DROP TABLE bigint_src, code_copy, code_idx;

-- Function properties are what they say.
SELECT p.proname, p.provolatile, p.proisstrict, p.proparallel
FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'ocop'
WHERE (p.proname LIKE 'ocop_code%' AND p.prolang = (SELECT oid FROM pg_language WHERE lanname = 'c'))
   OR p.proname IN ('min', 'max') AND p.proargtypes[0] = 'ocop_code'::regtype
ORDER BY 1, 2;

-- The README's examples, exactly as documented.
CREATE TABLE product (code ocop_code PRIMARY KEY, name text);
INSERT INTO product VALUES (ocop_code(1, 583, 21, 2023, 7, 18), 'Bát Tràng tea set'),
                           (ocop_code(1, 577, 21, 2025, 42), 'Hoa sen đỏ vase');
SELECT 'ocop-01-00577-21-2025-0042-4'::ocop_code;
SELECT ocop_code(1, 583, 21, 2023, 7, 18);
SELECT ocop_code_province('OCOP-01-00577-21-2025-0042-4'),
       ocop_code_district('OCOP-01-018-00583-21-2023-0007-0'),
       ocop_code_commune('OCOP-01-00577-21-2025-0042-4'),
       ocop_code_product_set('OCOP-01-00577-21-2025-0042-4'),
       ocop_code_year('OCOP-01-00577-21-2025-0042-4'),
       ocop_code_serial('OCOP-01-00577-21-2025-0042-4'),
       ocop_code_check_digit('OCOP-01-00577-21-2025-0042-4');
SELECT (ocop_code_parts('OCOP-01-018-00583-21-2023-0007-0')).*;
SELECT ocop_code_is_valid('OCOP-01-00577-12-2025-0042-4');
SELECT * FROM product WHERE ocop_code_in_area(code, '01-018');
SELECT ocop_code(1,577,21,2025,41) < ocop_code(1,577,21,2025,42);
SELECT ocop_code_hash('OCOP-01-00577-21-2025-0042-4');
SELECT min(code), max(code) FROM product;
SELECT 'OCOP-01-00577-21-2025-0042-4'::ocop_code::bigint;
SELECT 10180058321230007::ocop_code;
SELECT 0::bigint::ocop_code;
DROP TABLE product;
