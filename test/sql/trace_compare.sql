CREATE EXTENSION IF NOT EXISTS ocop;
-- trace_chain comparison (issue 16, part 3): = and <>, the btree order, the
-- head-keyed hash, and the plans they make possible (DISTINCT, GROUP BY,
-- UNION, merge and hash joins, btree and hash index scans).  Definitions in
-- doc/trace_chain.md, "Comparing chains".

-- Equality is identical events in the same order: the text form's white
-- space, key order and number spelling do not matter (they are canonicalised
-- before hashing), the events and their order do.
SELECT '[{"bizStep":"harvesting","eventTime":"2024-03-01T08:00:00+07:00","actor":"HTX-123","place":"00577","lon":105.9,"lat":21.0}]'::trace_chain
     = '[ {"lat":21.0, "lon":1059e-1, "place":"00577", "actor":"HTX-123", "eventTime":"2024-03-01T08:00:00+07:00", "bizStep":"harvesting"} ]'::trace_chain AS same_events;
SELECT trace_append(NULL, 'harvesting', '2024-03-01 01:00Z', actor => 'HTX-123')
     = '[{"action":"OBSERVE","actor":"HTX-123","bizStep":"harvesting","eventTime":"2024-03-01T01:00:00Z","eventTimeZoneOffset":"+00:00","type":"ObjectEvent"}]'::trace_chain AS appended_equals_text;
-- The same two events in the other order; one event more; a different value.
WITH e(a, b) AS (VALUES ('{"bizStep":"harvesting","eventTime":"2024-03-01T08:00:00Z"}',
                         '{"bizStep":"packing","eventTime":"2024-03-02T08:00:00Z"}'))
SELECT ('[' || a || ',' || b || ']')::trace_chain = ('[' || b || ',' || a || ']')::trace_chain AS swapped_eq,
       ('[' || a || ',' || b || ']')::trace_chain <> ('[' || b || ',' || a || ']')::trace_chain AS swapped_ne,
       ('[' || a || ']')::trace_chain = ('[' || a || ',' || b || ']')::trace_chain AS prefix_eq,
       ('[' || a || ']')::trace_chain = replace('[' || a || ']', '08:00:00Z', '08:00:01Z')::trace_chain AS other_time_eq,
       '[]'::trace_chain = '[]'::trace_chain AS empty_eq,
       '[]'::trace_chain = ('[' || a || ']')::trace_chain AS empty_vs_one
FROM e;
-- A number's scale is kept (as in numeric), so 21 and 21.0 are different events.
SELECT '[{"eventTime":"2024-03-01T08:00:00Z","lon":105.9,"lat":21}]'::trace_chain
     = '[{"eventTime":"2024-03-01T08:00:00Z","lon":105.9,"lat":21.0}]'::trace_chain AS scale_ignored;
-- Strict: NULL in, NULL out.
SELECT ('[]'::trace_chain = NULL) IS NULL AS eq_null, (NULL::trace_chain <> '[]') IS NULL AS ne_null;

-- Operators and their markings: = hashes and merges, each operator names its
-- commutator and negator and the standard selectivity estimators; = and <>
-- only compare bytes and are LEAKPROOF, the order functions parse the stored
-- form (a corrupt value is an error) and are not.
SELECT o.oprname, o.oprcom::regoperator IS NOT NULL AS has_commutator,
       o.oprnegate::regoperator AS negator, o.oprcanhash, o.oprcanmerge, o.oprrest, o.oprjoin,
       p.proname, p.provolatile, p.proisstrict, p.proparallel, p.proleakproof
  FROM pg_operator o JOIN pg_proc p ON p.oid = o.oprcode
 WHERE o.oprleft = 'trace_chain'::regtype AND o.oprright = 'trace_chain'::regtype
 ORDER BY o.oprname;
SELECT proname, provolatile, proisstrict, proparallel, proleakproof FROM pg_proc
 WHERE proname IN ('trace_chain_cmp', 'trace_chain_sortsupport', 'trace_chain_hash', 'trace_chain_hash_extended')
 ORDER BY proname;

-- The operator classes are complete and valid; btree and hash are defaults.
SELECT opcname, amname, opcdefault, amvalidate(opc.oid)
  FROM pg_opclass opc JOIN pg_am am ON am.oid = opc.opcmethod
 WHERE opcintype = 'trace_chain'::regtype ORDER BY opcname;
SELECT amproc.amprocnum, amproc.amproc::regprocedure
  FROM pg_amproc amproc JOIN pg_opfamily f ON f.oid = amproc.amprocfamily
 WHERE f.opfname IN ('trace_chain_btree_ops', 'trace_chain_hash_ops')
 ORDER BY f.opfname, amproc.amprocnum;

-- Hash values are pinned, computed outside the extension (Python hashlib and
-- struct, formulas in doc/trace_chain.md): H is the head, 32 zero bytes for
-- the empty chain; hash = H[0..3] as a big-endian int4; hash_extended(c, 0) =
-- H[4..7] || H[0..3] as a big-endian int8; hash_extended(c, s), s <> 0, is the
-- same over sha256(H || s as 8 big-endian bytes).  The first chain is the
-- Python vector of test/sql/trace_chain.sql (head 363ae79a...).
CREATE TEMP TABLE pinned (name text, chain trace_chain, h int4, h0 int8, h1 int8, h42 int8, hm1 int8);
INSERT INTO pinned VALUES
  ('python vector', '[{"bizStep":"harvesting","eventTime":"2024-03-01T08:00:00+07:00","actor":"HTX-123","place":"00577","lon":105.9,"lat":21.0}]',
   909830042, 1217039057938999194, 6730685254352496512, -5205024907106194727, -180261166451559140),
  ('empty', '[]', 0, 0, -4315806328421786, -4878617735480624603, -6215027996415789567),
  ('appended', trace_append(NULL, 'commissioning', '2025-01-01Z', actor => 'A'),
   -420345416, -2539463228804429384, 6019318280710167206, 6745919434769083271, -7297068518074710523);
SELECT name, encode(substr(trace_head(chain), 1, 8), 'hex') AS head_start,
       trace_chain_hash(chain) = h AS hash,
       trace_chain_hash_extended(chain, 0) = h0 AS ext0,
       trace_chain_hash_extended(chain, 1) = h1 AS ext1,
       trace_chain_hash_extended(chain, 42) = h42 AS ext42,
       trace_chain_hash_extended(chain, -1) = hm1 AS ext_minus1,
       (trace_chain_hash_extended(chain, 0) & 4294967295) = (trace_chain_hash(chain)::int8 & 4294967295) AS low_bits_agree
  FROM pinned ORDER BY name;
-- The same formulas in SQL, from the head alone.
SELECT name,
       trace_chain_hash(chain) = ('x' || encode(substr(hd, 1, 4), 'hex'))::bit(32)::int4 AS sql_hash,
       trace_chain_hash_extended(chain, 0) = ('x' || encode(substr(hd, 5, 4) || substr(hd, 1, 4), 'hex'))::bit(64)::int8 AS sql_ext0,
       trace_chain_hash_extended(chain, 42) =
         ('x' || encode(substr(sha256(hd || int8send(42)), 5, 4) || substr(sha256(hd || int8send(42)), 1, 4), 'hex'))::bit(64)::int8 AS sql_ext42
  FROM (SELECT name, chain, coalesce(trace_head(chain), '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea) AS hd
          FROM pinned) s
 ORDER BY name;

-- A set of chains: 60 one-event chains, 40 of them extended by one or two
-- more events; each chain stored three times, plus the empty chain and NULLs.
CREATE TABLE tc_base AS
SELECT g AS id,
       CASE WHEN g % 3 = 0 THEN trace_append(trace_append(c1, 'shipping', '2025-02-01Z'::timestamptz + g * interval '1 hour', lot => 'L' || g % 7),
                                             'receiving', '2025-02-02Z', place => '00577')
            WHEN g % 3 = 1 THEN trace_append(c1, 'shipping', '2025-02-01Z'::timestamptz + g * interval '1 hour', lot => 'L' || g % 7)
            ELSE c1 END AS c
  FROM (SELECT g, trace_append(NULL, 'commissioning', '2025-01-01Z'::timestamptz + (g % 20) * interval '1 day', actor => 'HTX-' || g % 20) AS c1
          FROM generate_series(1, 60) g) s;
CREATE TABLE tc AS
SELECT row_number() OVER () AS id, c FROM (
  SELECT c FROM tc_base, generate_series(1, 3)
  UNION ALL SELECT '[]' UNION ALL SELECT NULL UNION ALL SELECT NULL) s;
ANALYZE tc_base, tc;
-- The number of different chains, told by their text form (an independent
-- equality): DISTINCT, GROUP BY and UNION must agree with it.
SELECT count(DISTINCT c::text) AS distinct_by_text, count(*) AS rows FROM tc;

-- Properties of the order over every pair (and triple) of different chains:
-- antisymmetric, consistent with = and the text form, with < <= >= >, and
-- with the hash; transitive.
CREATE TEMP TABLE tcd AS SELECT DISTINCT ON (c::text) c FROM tc WHERE c IS NOT NULL;
SELECT count(*) AS pairs,
       count(*) FILTER (WHERE sign(trace_chain_cmp(a.c, b.c)) <> -sign(trace_chain_cmp(b.c, a.c))) AS not_antisymmetric,
       count(*) FILTER (WHERE (trace_chain_cmp(a.c, b.c) = 0) <> (a.c::text = b.c::text)) AS cmp_vs_text,
       count(*) FILTER (WHERE (a.c = b.c) <> (a.c::text = b.c::text) OR (a.c <> b.c) = (a.c = b.c)) AS eq_vs_text,
       count(*) FILTER (WHERE (a.c < b.c) <> (trace_chain_cmp(a.c, b.c) < 0) OR (a.c <= b.c) <> (trace_chain_cmp(a.c, b.c) <= 0)
                           OR (a.c > b.c) <> (trace_chain_cmp(a.c, b.c) > 0) OR (a.c >= b.c) <> (trace_chain_cmp(a.c, b.c) >= 0)) AS ops_vs_cmp,
       count(*) FILTER (WHERE a.c = b.c AND trace_chain_hash(a.c) <> trace_chain_hash(b.c)) AS hash_inconsistent,
       count(*) FILTER (WHERE trace_is_prefix(a.c, b.c) AND a.c > b.c) AS prefix_after
  FROM tcd a, tcd b;
SELECT count(*) AS intransitive
  FROM tcd a, tcd b, tcd x WHERE a.c < b.c AND b.c < x.c AND NOT a.c < x.c;
-- The order, shown: the empty chain first, a chain just before its
-- extensions, then the first event's canonical JSON decides (here "actor").
SELECT trace_length(c) AS n, (trace_origin(c))->>'actor' AS actor, (trace_last(c))->>'bizStep' AS last_step
  FROM tcd ORDER BY c LIMIT 8;

-- DISTINCT, by sorting and by hashing.
SET enable_hashagg = off;
EXPLAIN (COSTS OFF) SELECT DISTINCT c FROM tc;
SELECT count(*) AS distinct_sorted FROM (SELECT DISTINCT c FROM tc) s;
RESET enable_hashagg;
SET enable_sort = off;
EXPLAIN (COSTS OFF) SELECT DISTINCT c FROM tc;
SELECT count(*) AS distinct_hashed FROM (SELECT DISTINCT c FROM tc) s;
RESET enable_sort;
-- GROUP BY: every group holds three copies (the empty chain and NULL once and twice).
SELECT n, count(*) AS groups FROM (SELECT count(*) AS n FROM tc GROUP BY c) s GROUP BY n ORDER BY n;
SELECT count(*) FILTER (WHERE g.n <> (SELECT count(*) FROM tc t WHERE t.c::text = g.t)) AS wrong_group_sizes
  FROM (SELECT c::text AS t, count(*) AS n FROM tc WHERE c IS NOT NULL GROUP BY c) g;
-- UNION removes the duplicates, UNION ALL does not; INTERSECT and EXCEPT too.
SELECT count(*) AS union_rows FROM (SELECT c FROM tc UNION SELECT c FROM tc_base) s;
SELECT count(*) AS union_all_rows FROM (SELECT c FROM tc UNION ALL SELECT c FROM tc_base) s;
SELECT count(*) AS intersect_rows FROM (SELECT c FROM tc INTERSECT SELECT c FROM tc_base) s;
SELECT count(*) AS except_rows FROM (SELECT c FROM tc EXCEPT SELECT c FROM tc_base) s;

-- Joins.  The expected count is the join on the text form: 3 copies in tc
-- of each of the 60 rows of tc_base.
SELECT count(*) AS text_join FROM tc JOIN tc_base b ON tc.c::text = b.c::text;
SET enable_hashjoin = off; SET enable_nestloop = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM tc JOIN tc_base b ON tc.c = b.c;
SELECT count(*) AS merge_join FROM tc JOIN tc_base b ON tc.c = b.c;
RESET enable_hashjoin; SET enable_mergejoin = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM tc JOIN tc_base b ON tc.c = b.c;
SELECT count(*) AS hash_join FROM tc JOIN tc_base b ON tc.c = b.c;
RESET enable_mergejoin; RESET enable_nestloop;

-- Index scans against sequential scans: a btree index, then a hash index.
CREATE INDEX tc_btree ON tc (c);
-- The probe is a parameter, so that the plans show $1, not the chain.
SELECT c AS probe FROM tc_base WHERE id = 30 \gset
-- Two expected files: from PostgreSQL 16 on, the planner sorts the input of an
-- aggregate with ORDER BY in a Sort node of its own, so the plans below show
-- Sort above the scan (trace_compare_1.out, 17 and 18); 15 sorts inside the
-- Aggregate (trace_compare.out).  The scans and the answers are the same.
PREPARE eq_ids(trace_chain) AS SELECT array_agg(id ORDER BY id) FROM tc WHERE c = $1;
PREPARE lt_count(trace_chain) AS SELECT count(*) FROM tc WHERE c < $1;
SET plan_cache_mode = force_generic_plan;
SET enable_seqscan = off; SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF) EXECUTE eq_ids(:'probe');
EXECUTE eq_ids(:'probe');
EXPLAIN (COSTS OFF) EXECUTE lt_count(:'probe');
EXECUTE lt_count(:'probe');
EXPLAIN (COSTS OFF) SELECT c FROM tc ORDER BY c;
DROP INDEX tc_btree;
CREATE INDEX tc_hash ON tc USING hash (c);
EXPLAIN (COSTS OFF) EXECUTE eq_ids(:'probe');
EXECUTE eq_ids(:'probe');
RESET enable_seqscan; RESET enable_bitmapscan;
DROP INDEX tc_hash;
SET enable_indexscan = off; SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF) EXECUTE eq_ids(:'probe');
EXECUTE eq_ids(:'probe');
EXECUTE lt_count(:'probe');
-- The same count, told by trace_chain_cmp without any operator.
SELECT count(*) AS lt_by_cmp FROM tc WHERE trace_chain_cmp(c, :'probe') < 0;
RESET enable_indexscan; RESET enable_bitmapscan; RESET plan_cache_mode;
DEALLOCATE eq_ids; DEALLOCATE lt_count;
-- amcheck: the btree index (with deduplication, which equalimage allows)
-- agrees with the heap and its order holds on every page.
CREATE EXTENSION IF NOT EXISTS amcheck;
CREATE INDEX tc_btree ON tc (c);
SELECT 'checked' AS amcheck FROM bt_index_check('tc_btree', true), bt_index_parent_check('tc_btree', true);
DROP INDEX tc_btree;

-- Stored out of line (TOAST, compressed): a long chain equals its in-memory
-- copy, sorts and hashes the same.
CREATE TABLE tc_long (c trace_chain);
WITH long AS (SELECT ('[' || string_agg(format('{"bizStep":"storing","eventTime":"2025-03-01T00:%s:00Z","lot":"L%s"}', lpad((g % 60)::text, 2, '0'), g), ',') || ']')::trace_chain AS c
                FROM generate_series(1, 400) g)
INSERT INTO tc_long SELECT c FROM long;
SELECT pg_column_size(c) < octet_length(trace_chain_send(c)) AS compressed, trace_length(c) FROM tc_long WHERE trace_length(c) = 400;
WITH long AS (SELECT ('[' || string_agg(format('{"bizStep":"storing","eventTime":"2025-03-01T00:%s:00Z","lot":"L%s"}', lpad((g % 60)::text, 2, '0'), g), ',') || ']')::trace_chain AS c
                FROM generate_series(1, 400) g)
SELECT t.c = l.c AS eq, t.c <> l.c AS ne, trace_chain_cmp(t.c, l.c) AS cmp,
       trace_chain_hash(t.c) = trace_chain_hash(l.c) AS same_hash,
       t.c = trace_append(l.c, 'shipping', '2025-04-01Z') AS eq_longer
  FROM tc_long t, long l WHERE trace_length(t.c) = 400;

DROP TABLE tc, tc_base, tc_long;
DROP EXTENSION amcheck;

-- The examples of doc/trace_chain.md, "Comparing chains".
SELECT '[{"bizStep":"harvesting","eventTime":"2024-03-01T08:00:00+07:00","lon":105.9,"lat":21.0}]'::trace_chain
     = '[ {"lat": 21.0, "lon": 1059e-1, "eventTime": "2024-03-01T08:00:00+07:00", "bizStep": "harvesting"} ]'::trace_chain AS same,
       trace_append(NULL, 'harvesting', '2024-03-01 01:00Z') <> trace_append(NULL, 'harvesting', '2024-03-01 01:00:01Z') AS differ;
SELECT trace_length(c) AS n, trace_origin(c) ->> 'actor' AS actor
FROM (VALUES (trace_append(trace_append(NULL, 'harvesting', '2024-03-01 01:00Z', actor => 'B'), 'shipping', '2024-03-02 01:00Z')),
             (trace_append(NULL, 'harvesting', '2024-03-01 01:00Z', actor => 'B')),
             (trace_append(NULL, 'harvesting', '2024-03-01 01:00Z', actor => 'A')),
             ('[]'::trace_chain)) v(c)
ORDER BY c;
SELECT trace_chain_hash(c) = ('x' || encode(substr(trace_head(c), 1, 4), 'hex'))::bit(32)::int4 AS hash,
       trace_chain_hash_extended(c, 0)
         = ('x' || encode(substr(trace_head(c), 5, 4) || substr(trace_head(c), 1, 4), 'hex'))::bit(64)::int8 AS extended
FROM (SELECT trace_append(NULL, 'harvesting', '2024-03-01 08:00+07') AS c) s;
CREATE TABLE shipments (lot text, chain trace_chain);
INSERT INTO shipments
SELECT 'LOT-' || g % 3, trace_append(NULL, 'harvesting', '2024-03-01 08:00+07', actor => 'HTX-' || g % 3)
FROM generate_series(1, 9) g;
CREATE INDEX ON shipments (chain);
CREATE INDEX ON shipments USING hash (chain);
SELECT trace_origin(chain) ->> 'actor' AS actor, count(*) FROM shipments GROUP BY chain ORDER BY chain;
DROP TABLE shipments;
