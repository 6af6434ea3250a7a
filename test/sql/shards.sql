-- shards: what a distributed engine relies on (doc/scaling.md).  The
-- postgres_fdw layout itself is tested by test/scripts/shards.sh.
CREATE EXTENSION IF NOT EXISTS ocop;

-- Citus hashes a distribution column with support function 1 of the default
-- hash operator class of its type; postgres_fdw and PostgreSQL's hash
-- partitioning use function 2 (seeded).  Both exist for ocop_code and
-- ocop_star, and equality is the opclass's operator.
SELECT opc.opcintype::regtype AS type, opc.opcname, p1.amproc AS hash_32, p2.amproc AS hash_64,
       o.amopopr::regoperator AS equality
FROM pg_opclass opc
JOIN pg_am am ON am.oid = opc.opcmethod AND am.amname = 'hash'
JOIN pg_amproc p1 ON p1.amprocfamily = opc.opcfamily AND p1.amprocnum = 1
JOIN pg_amproc p2 ON p2.amprocfamily = opc.opcfamily AND p2.amprocnum = 2
JOIN pg_amop o ON o.amopfamily = opc.opcfamily AND o.amopstrategy = 1
WHERE opc.opcdefault AND opc.opcintype IN ('ocop_code'::regtype, 'ocop_star'::regtype)
ORDER BY 1;

-- Where rows go.  A changed hash would send every existing row to the wrong
-- shard, so these are pinned: the 32-bit hash; the Citus shard (of 32, its
-- default shard_count: uniform ranges of the int4 hash space, shard index =
-- (hash - min int4) / 2^27); and the partition (of 2, as in scripts/shards)
-- that PostgreSQL's hash partitioning picks from the seeded 64-bit hash.
CREATE TABLE shards_route (code ocop_code, star ocop_star) PARTITION BY HASH (code);
CREATE TABLE shards_route_star (star ocop_star) PARTITION BY HASH (star);
SELECT c AS code, ocop_code_hash(c) AS hash,
       (ocop_code_hash(c)::int8 + 2147483648) / 134217728 AS citus_shard_of_32,
       CASE WHEN satisfies_hash_partition('shards_route'::regclass, 2, 0, c) THEN 'shard1' ELSE 'shard2' END AS fdw_shard
FROM (VALUES ('OCOP-01-00577-21-2025-0042-4'::ocop_code),
             ('OCOP-01-018-00583-21-2023-0007-0'),
             ('83-832-28882-2-2022'),
             (ocop_code(1, 1, 0, 2018, 1)),
             (ocop_code(99, 99999, 26, 2099, 9999, 999))) v(c);
SELECT s AS star, ocop_star_hash(s) AS hash,
       (ocop_star_hash(s)::int8 + 2147483648) / 134217728 AS citus_shard_of_32,
       (SELECT array_agg(r ORDER BY r) FROM generate_series(0, 3) r
        WHERE satisfies_hash_partition('shards_route_star'::regclass, 4, r, s)) AS partition_of_4
FROM (SELECT s::ocop_star AS s FROM generate_series(1, 5) s) v;
DROP TABLE shards_route, shards_route_star;

-- Audit: everything a shard or a Citus worker evaluates for these types (I/O,
-- casts, operators and their support functions, opclass support, the
-- functions shipped in the Remote SQL of test/scripts/shards.sh) is
-- IMMUTABLE and PARALLEL SAFE: postgres_fdw ships only immutable functions,
-- and Citus requires immutable hash and comparison functions.  Expect none.
WITH types(t) AS (VALUES ('ocop_code'::regtype), ('ocop_star'::regtype), ('trace_chain'::regtype)),
fns(f, why) AS (
  SELECT typinput, 'input' FROM pg_type, types WHERE oid = t
  UNION ALL SELECT typoutput, 'output' FROM pg_type, types WHERE oid = t
  UNION ALL SELECT typreceive, 'receive' FROM pg_type, types WHERE oid = t
  UNION ALL SELECT typsend, 'send' FROM pg_type, types WHERE oid = t
  UNION ALL SELECT castfunc, 'cast' FROM pg_cast, types
            WHERE (castsource = t OR casttarget = t) AND castfunc <> 0
  UNION ALL SELECT oprcode, 'operator ' || oprname FROM pg_operator, types
            WHERE oprleft = t OR oprright = t
  UNION ALL SELECT ap.amproc, 'opclass support' FROM pg_opclass opc
            JOIN pg_amproc ap ON ap.amprocfamily = opc.opcfamily, types WHERE opc.opcintype = t
  UNION ALL SELECT p.oid, 'shipped' FROM pg_proc p
            WHERE p.proname IN ('ocop_code_in_area', 'ocop_code_year', 'ocop_code_district',
                                'ocop_code_province', 'trace_length', 'trace_contains')
              AND p.pronamespace = 'public'::regnamespace
  UNION ALL SELECT a.aggfnoid, 'aggregate' FROM pg_aggregate a
            JOIN pg_proc p ON p.oid = a.aggfnoid, types WHERE p.proargtypes[0] = t
)
SELECT f::regprocedure AS function, why, provolatile, proparallel
FROM fns JOIN pg_proc p ON p.oid = f
WHERE p.provolatile <> 'i' OR p.proparallel <> 's'
ORDER BY 1, 2;
-- ... and they were really looked at (a typo in a name above would make the
-- audit pass on nothing).
WITH types(t) AS (VALUES ('ocop_code'::regtype), ('ocop_star'::regtype), ('trace_chain'::regtype))
SELECT t AS type, (SELECT count(*) FROM pg_operator WHERE oprleft = t OR oprright = t) AS operators,
       (SELECT count(*) FROM pg_opclass WHERE opcintype = t) AS opclasses
FROM types ORDER BY 1;

-- Stable text and binary forms: the text form is what postgres_fdw and
-- Citus send between nodes, the binary form what COPY BINARY and binary
-- clients send.  Pinned byte for byte.
SELECT c::text AS text_form, ocop_code_send(c) AS binary_form,
       c::text::ocop_code = c AS text_round_trip
FROM (VALUES ('OCOP-01-00577-21-2025-0042-4'::ocop_code),
             ('ocop-01-018-00583-21-2023-0007-0'),
             ('83-832-28882-2-2022')) v(c);
SELECT s::text AS text_form, ocop_star_send(s) AS binary_form, s::text::ocop_star = s AS text_round_trip
FROM (VALUES ('1'::ocop_star), ('★★★'), ('5 sao')) v(s);
-- A chain's text form re-reads to the same chain: same head hash.
WITH c AS (SELECT trace_append(trace_append(NULL, 'harvesting', '2024-03-01 08:00+07', actor => 'HTX-123'),
                               'shipping', '2024-03-03 08:00+07', actor => 'NPP-9') AS chain)
SELECT trace_length(chain::text::trace_chain) AS events,
       trace_head(chain::text::trace_chain) = trace_head(chain) AS same_head,
       trace_verify(chain::text::trace_chain, trace_head(chain)) AS verifies
FROM c;

-- ocop_code_in_area(column, constant) is planned as the code range it
-- denotes, also without an index: so postgres_fdw can ship it (it never
-- ships the call: its text argument carries a collation), and the planner
-- estimates it from the column's statistics.
CREATE TABLE shards_area (code ocop_code);
INSERT INTO shards_area SELECT ocop_code(1 + i % 5, 1 + i % 40, i % 27, 2018 + i % 8, i) FROM generate_series(1, 2000) i;
ANALYZE shards_area;
EXPLAIN (COSTS OFF) SELECT * FROM shards_area WHERE ocop_code_in_area(code, '02');
EXPLAIN (COSTS OFF) SELECT * FROM shards_area WHERE ocop_code_in_area(code, '02-00012');
SELECT count(*) AS in_area, count(*) FILTER (WHERE ocop_code_province(code) = 2) AS by_province
FROM shards_area WHERE ocop_code_in_area(code, '02');
-- The estimate now comes from the histogram (400 rows are in province 02;
-- the default estimate of a boolean function would be a third, 667 rows).
CREATE FUNCTION pg_temp.estimate(q text) RETURNS int LANGUAGE plpgsql AS $$
DECLARE l text;
BEGIN
  FOR l IN EXECUTE 'EXPLAIN ' || q LOOP
    RETURN (regexp_match(l, 'rows=(\d+)'))[1]::int;
  END LOOP;
END $$;
SELECT pg_temp.estimate($$SELECT * FROM shards_area WHERE ocop_code_in_area(code, '02')$$)
       BETWEEN 300 AND 500 AS estimate_near_400;
-- A bad constant area is still reported when the query runs, with its detail.
SELECT count(*) FROM shards_area WHERE ocop_code_in_area(code, '02-0001');
-- A non-constant area keeps the call.
CREATE TABLE shards_areas (area text);
INSERT INTO shards_areas VALUES ('02-00012');
EXPLAIN (COSTS OFF) SELECT * FROM shards_area a JOIN shards_areas v ON ocop_code_in_area(a.code, v.area);
SELECT count(*) FROM shards_area a JOIN shards_areas v ON ocop_code_in_area(a.code, v.area);
SELECT count(*) FROM shards_area WHERE ocop_code_in_area(code, '02-00012');
DROP TABLE shards_areas;
DROP TABLE shards_area;
