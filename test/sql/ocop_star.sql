-- ocop_star: the star tier type (input forms, errors, operators, opclasses,
-- hashing, aggregates, casts, labels, binary I/O).
CREATE EXTENSION IF NOT EXISTS ocop;
\set SHOW_CONTEXT never

\i test/sql/include/outcome.sql

SELECT pg_catalog.getdatabaseencoding();

-- Every input form, for every tier; surrounding white space; letter case.
SELECT f AS form, f::ocop_star AS star
  FROM unnest(ARRAY['1', '2*', '3★', '4-star', '5 stars', '4 sao', '★', '★★', '★★★', '★★★★', '★★★★★',
                    '★☆☆☆☆', '★★★★☆', '★★★★★', '3 star', '3stars', '3sao', '3-sao', '2-stars',
                    '4 SAO', '4 Sao', '4-STAR', '4 Stars', '4sTaRs', E' \t4\n', '  ★★★  ', E'5\r\n',
                    E'4\tsao', '4   stars']) AS f;

-- The type's output is always N-star.
SELECT s::ocop_star::text FROM generate_series(1, 5) s;

-- Bad literals: every one is 22P02 with a detail naming what is wrong.
SELECT lit, pg_temp.outcome(format('SELECT %L::ocop_star', lit))
  FROM unnest(ARRAY['', '   ', '0', '6', '9', '10', '00', '04', '-1', '+4', '4.0', '4,5', 'four',
                    'bốn sao', '4 st', '4 starss', '4 sao.', '4**', '4 *', '4 ★', '4★★', '★4', '☆☆☆☆☆',
                    '★★★★★★', '★★★☆', '★★★☆☆☆', '★☆★', '*', 'star', '4--star', '4 - star', 'x4',
                    '12345678901', '5 saos', '4 s a o', '４', '4-star!', 'NULL']) AS lit;
-- A no-break space (U+00A0) is not white space for the parser.
SELECT pg_temp.outcome(format('SELECT %L::ocop_star', E'4\u00a0sao')) LIKE '22P02:%' AS nbsp_rejected,
       pg_temp.outcome(format('SELECT %L::ocop_star', E'\u00a04')) LIKE '22P02:%' AS leading_nbsp_rejected;

-- The error as a client sees it.
SELECT 'five'::ocop_star;
SELECT '6-star'::ocop_star;
SELECT '★★★★★★'::ocop_star;
SELECT '★★☆'::ocop_star;

-- Comparison operators, commutators and negators.
SELECT a::ocop_star AS a, b::ocop_star AS b,
       a::ocop_star < b::ocop_star AS lt, a::ocop_star <= b::ocop_star AS le,
       a::ocop_star = b::ocop_star AS eq, a::ocop_star <> b::ocop_star AS ne,
       a::ocop_star >= b::ocop_star AS ge, a::ocop_star > b::ocop_star AS gt,
       ocop_star_cmp(a::ocop_star, b::ocop_star) AS cmp
  FROM (VALUES (1, 5), (3, 3), (5, 4)) v(a, b);
SELECT o.oprname, c.oprname AS commutator, n.oprname AS negator, o.oprcanhash, o.oprcanmerge,
       o.oprrest, o.oprjoin
  FROM pg_operator o
  LEFT JOIN pg_operator c ON c.oid = o.oprcom
  LEFT JOIN pg_operator n ON n.oid = o.oprnegate
 WHERE o.oprleft = 'ocop_star'::regtype
 ORDER BY o.oprname;

-- The operator classes are complete and valid.
SELECT opcname, amname, opcdefault, amvalidate(opc.oid)
  FROM pg_opclass opc JOIN pg_am am ON am.oid = opc.opcmethod
 WHERE opcname LIKE 'ocop_star%' ORDER BY opcname;
SELECT typname, typlen, typbyval, typalign, typstorage FROM pg_type WHERE typname = 'ocop_star';

-- Hash values are pinned: hashint4(star::integer) and hashint4extended.  They
-- must never change (hash partitioning, Citus shards).
SELECT s, ocop_star_hash(s::ocop_star) AS hash,
       ocop_star_hash(s::ocop_star) = hashint4(s) AS same_as_int4,
       ocop_star_hash_extended(s::ocop_star, 0) AS hash_ext_0,
       ocop_star_hash_extended(s::ocop_star, 42) AS hash_ext_42,
       ocop_star_hash_extended(s::ocop_star, 42) = hashint4extended(s, 42) AS same_ext
  FROM generate_series(1, 5) s;

-- Hash partitioning puts each tier where integer would.
CREATE TABLE star_test_hashpart (s ocop_star) PARTITION BY HASH (s);
CREATE TABLE star_test_hashpart_0 PARTITION OF star_test_hashpart FOR VALUES WITH (MODULUS 3, REMAINDER 0);
CREATE TABLE star_test_hashpart_1 PARTITION OF star_test_hashpart FOR VALUES WITH (MODULUS 3, REMAINDER 1);
CREATE TABLE star_test_hashpart_2 PARTITION OF star_test_hashpart FOR VALUES WITH (MODULUS 3, REMAINDER 2);
CREATE TABLE star_test_intpart (s int4) PARTITION BY HASH (s);
CREATE TABLE star_test_intpart_0 PARTITION OF star_test_intpart FOR VALUES WITH (MODULUS 3, REMAINDER 0);
CREATE TABLE star_test_intpart_1 PARTITION OF star_test_intpart FOR VALUES WITH (MODULUS 3, REMAINDER 1);
CREATE TABLE star_test_intpart_2 PARTITION OF star_test_intpart FOR VALUES WITH (MODULUS 3, REMAINDER 2);
INSERT INTO star_test_hashpart SELECT s::ocop_star FROM generate_series(1, 5) s;
INSERT INTO star_test_intpart SELECT s FROM generate_series(1, 5) s;
SELECT p.s, p.tableoid::regclass AS star_partition, i.tableoid::regclass AS int_partition
  FROM star_test_hashpart p JOIN star_test_intpart i ON i.s = p.s::int4 ORDER BY p.s;
DROP TABLE star_test_hashpart, star_test_intpart;

-- Casts to and from integer are explicit; 22003 outside 1-5.
SELECT s, s::ocop_star, s::ocop_star::int4 FROM generate_series(1, 5) s;
SELECT pg_temp.outcome('SELECT 0::ocop_star'), pg_temp.outcome('SELECT 6::ocop_star'),
       pg_temp.outcome('SELECT (-2147483648)::ocop_star');
SELECT castcontext FROM pg_cast
 WHERE castsource = 'ocop_star'::regtype OR casttarget = 'ocop_star'::regtype ORDER BY 1;
SELECT pg_temp.outcome('SELECT 1 + ''3''::ocop_star');

-- Labels.
SELECT s::ocop_star AS star, ocop_star_label(s::ocop_star) AS en, ocop_star_label(s::ocop_star, 'vi') AS vi,
       ocop_star_label(s::ocop_star, 'stars') AS stars,
       ocop_star_label(s::ocop_star, 'stars')::ocop_star = s::ocop_star AS stars_round_trip,
       ocop_star_label(s::ocop_star, 'vi')::ocop_star = s::ocop_star AS vi_round_trip
  FROM generate_series(1, 5) s;
SELECT ocop_star_label('4', 'fr');
SELECT pg_temp.outcome('SELECT ocop_star_label(''4'', ''EN'')'), pg_temp.outcome('SELECT ocop_star_label(''4'', '''')');
SELECT ocop_star_label(NULL), ocop_star_label('4', NULL);

-- Recognition: from 3 stars.
SELECT s::ocop_star AS star, ocop_star_is_recognized(s::ocop_star) FROM generate_series(1, 5) s;

-- Aggregates.
CREATE TABLE star_test_products (id int4 PRIMARY KEY, province int4, star ocop_star);
INSERT INTO star_test_products
SELECT i, 1 + i % 3, (1 + (i * 7) % 5)::ocop_star FROM generate_series(1, 10000) i;
INSERT INTO star_test_products VALUES (10001, 1, NULL);
SELECT province, min(star), max(star), avg(star), avg(star::int4) AS avg_int, count(star)
  FROM star_test_products GROUP BY province ORDER BY province;
SELECT min(star), max(star), avg(star) FROM star_test_products WHERE false;
SELECT star, count(*) FROM star_test_products GROUP BY star ORDER BY star;
-- Moving average (inverse transition) equals the integer one.
SELECT bool_and(a = b) FROM (
  SELECT avg(star) OVER w AS a, avg(star::int4) OVER w AS b
    FROM star_test_products WINDOW w AS (ORDER BY id ROWS BETWEEN 3 PRECEDING AND CURRENT ROW)) x;
-- Parallel aggregation (combine functions) gives the same answer.
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SELECT min(star), max(star), avg(star) FROM star_test_products;
RESET parallel_setup_cost; RESET parallel_tuple_cost; RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;

-- Index scans give the same results as sequential scans (btree and hash).
CREATE INDEX star_test_products_star ON star_test_products (star);
CREATE INDEX star_test_products_star_hash ON star_test_products USING hash (star);
ANALYZE star_test_products;
CREATE TEMP TABLE star_seq AS
SELECT 'eq' AS q, count(*) AS n, sum(id) AS ids FROM star_test_products WHERE star = '4'
UNION ALL SELECT 'lt', count(*), sum(id) FROM star_test_products WHERE star < '3'
UNION ALL SELECT 'ge', count(*), sum(id) FROM star_test_products WHERE star >= '★★★★'
UNION ALL SELECT 'between', count(*), sum(id) FROM star_test_products WHERE star BETWEEN '2' AND '4 sao'
UNION ALL SELECT 'in', count(*), sum(id) FROM star_test_products WHERE star IN ('1', '5');
SET enable_seqscan = off; SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM star_test_products WHERE star < '3';
EXPLAIN (COSTS OFF) SELECT id FROM star_test_products WHERE star = '4' ORDER BY star;
SET enable_indexscan = on;
CREATE TEMP TABLE star_idx AS
SELECT 'eq' AS q, count(*) AS n, sum(id) AS ids FROM star_test_products WHERE star = '4'
UNION ALL SELECT 'lt', count(*), sum(id) FROM star_test_products WHERE star < '3'
UNION ALL SELECT 'ge', count(*), sum(id) FROM star_test_products WHERE star >= '★★★★'
UNION ALL SELECT 'between', count(*), sum(id) FROM star_test_products WHERE star BETWEEN '2' AND '4 sao'
UNION ALL SELECT 'in', count(*), sum(id) FROM star_test_products WHERE star IN ('1', '5');
DROP INDEX star_test_products_star;
EXPLAIN (COSTS OFF) SELECT count(*) FROM star_test_products WHERE star = '4';
CREATE TEMP TABLE star_hidx AS
SELECT 'eq' AS q, count(*) AS n, sum(id) AS ids FROM star_test_products WHERE star = '4';
RESET enable_seqscan; RESET enable_bitmapscan; RESET enable_indexscan;
SELECT s.q, s.n, s.ids, s.n = i.n AND s.ids = i.ids AS btree_same,
       h.q IS NULL OR (s.n = h.n AND s.ids = h.ids) AS hash_same
  FROM star_seq s JOIN star_idx i USING (q) LEFT JOIN star_hidx h USING (q) ORDER BY s.q;
-- Sorting and deduplication; amcheck verifies the btree order and that every
-- heap tuple is in the index (a wrong comparator or equalimage would fail).
CREATE INDEX star_test_products_star ON star_test_products (star);
CREATE EXTENSION IF NOT EXISTS amcheck;
SELECT bt_index_check('star_test_products_star', true), bt_index_parent_check('star_test_products_star', true, true);
-- Deduplication (allowed by btequalimage) makes the index much smaller.
CREATE INDEX star_test_products_star_nodedup ON star_test_products (star) WITH (deduplicate_items = off);
SELECT pg_relation_size('star_test_products_star') * 2 < pg_relation_size('star_test_products_star_nodedup') AS deduplicated;
DROP INDEX star_test_products_star_nodedup;
DROP EXTENSION amcheck;
SELECT array_agg(DISTINCT star ORDER BY star DESC) FROM star_test_products;
SELECT (array_agg(star ORDER BY star, id))[1:3] AS first, (array_agg(star ORDER BY star DESC, id))[1:3] AS last
  FROM star_test_products;
-- Hash, merge and nested-loop joins agree.
CREATE TEMP TABLE star_tiers AS SELECT s::ocop_star AS star, 'tier ' || s AS name FROM generate_series(1, 5) s;
ANALYZE star_tiers;
SET enable_mergejoin = off; SET enable_nestloop = off;
EXPLAIN (COSTS OFF) SELECT t.name, count(*) FROM star_test_products p JOIN star_tiers t ON t.star = p.star GROUP BY t.name;
SELECT t.name, count(*) FROM star_test_products p JOIN star_tiers t ON t.star = p.star GROUP BY t.name ORDER BY t.name;
RESET enable_mergejoin; RESET enable_nestloop; SET enable_hashjoin = off; SET enable_nestloop = off;
EXPLAIN (COSTS OFF) SELECT t.name, count(*) FROM star_test_products p JOIN star_tiers t ON t.star = p.star GROUP BY t.name;
SELECT t.name, count(*) FROM star_test_products p JOIN star_tiers t ON t.star = p.star GROUP BY t.name ORDER BY t.name;
RESET enable_hashjoin; RESET enable_nestloop;

-- Binary COPY round trip, and a bad binary value (22P03).
DO $$
DECLARE
  f text := '/tmp/ocop_star_regress_' || pg_backend_pid() || '.bin';
  bad record;
BEGIN
  EXECUTE format('COPY (SELECT id, star FROM star_test_products ORDER BY id) TO %L WITH (FORMAT binary)', f);
  CREATE TEMP TABLE star_copy (id int4, star ocop_star);
  EXECUTE format('COPY star_copy FROM %L WITH (FORMAT binary)', f);
  CREATE TEMP TABLE star_copy_bad (star ocop_star);
  FOR bad IN SELECT * FROM (VALUES ('bad byte 7', '\x07'), ('bad byte 0', '\x00'), ('two bytes', '\x0303')) v(label, bytes) LOOP
    EXECUTE format('COPY (SELECT %L::bytea) TO %L WITH (FORMAT binary)', bad.bytes, f);
    BEGIN
      EXECUTE format('COPY star_copy_bad FROM %L WITH (FORMAT binary)', f);
    EXCEPTION WHEN OTHERS THEN
      RAISE NOTICE '%: % %', bad.label, SQLSTATE, SQLERRM;
    END;
  END LOOP;
  EXECUTE format('COPY (SELECT %L::bytea) TO %L WITH (FORMAT binary)', '\x05', f);
  EXECUTE format('COPY star_copy_bad FROM %L WITH (FORMAT binary)', f);
  EXECUTE format('COPY (SELECT 1 WHERE false) TO %L', f);
END $$;
SELECT count(*) AS rows, count(*) FILTER (WHERE c.star IS NOT DISTINCT FROM p.star) AS same
  FROM star_copy c JOIN star_test_products p USING (id);
SELECT star FROM star_copy_bad;
SELECT s::ocop_star AS star, ocop_star_send(s::ocop_star) FROM generate_series(1, 5) s;

DROP TABLE star_test_products;
