-- Soft input errors (issue 14, part 3).  The text input functions of
-- ocop_code, ocop_star and trace_chain report bad input through the
-- soft-error context of PostgreSQL 16+, with exactly the message, DETAIL,
-- HINT and SQLSTATE of the error a cast of the same text raises; so
-- pg_input_is_valid answers false, pg_input_error_info says why, and
-- COPY ... WITH (ON_ERROR ignore) (17+) skips the bad rows of a load.
--
-- Expected files (the parts gated with \if print nothing where skipped):
--   soft_errors.out    PostgreSQL 17 and 18: every part runs.
--   soft_errors_1.out  PostgreSQL 15: no soft errors (pg_input_is_valid,
--                      pg_input_error_info and ON_ERROR do not exist), so only
--                      the hard errors (the reference the soft ones are
--                      compared with) are shown.
-- PostgreSQL 16 (soft errors, but no ON_ERROR) has no expected file: there
-- is no Debian package of 16 here to test it on.
SET client_min_messages = notice;

SELECT current_setting('server_version_num')::int >= 160000 AS has_soft_errors,
       current_setting('server_version_num')::int >= 170000 AS has_copy_on_error \gset

-- pg_temp.hard(input, type): the error a cast of input to type raises, as
-- (message, detail, hint, sqlstate) with '' read as NULL, or four NULLs.
CREATE FUNCTION pg_temp.hard(input text, typ text,
  OUT message text, OUT detail text, OUT hint text, OUT state text)
LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('SELECT %L::%s', input, typ);
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS message = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL,
                          hint = PG_EXCEPTION_HINT, state = RETURNED_SQLSTATE;
  detail := nullif(detail, ''); hint := nullif(hint, '');
END $$;

-- Good and bad values of every type with a text form; each bad value breaks
-- one rule (the comment says which SQLSTATE the hard error has).
CREATE TEMP TABLE cases (id int PRIMARY KEY, typ text, input text, good bool);
INSERT INTO cases VALUES
  (1,  'ocop_code',   'OCOP-01-00577-21-2025-0042-4', true),
  (2,  'ocop_code',   'OCOP-01-018-00583-21-2023-0007-0', true),
  (3,  'ocop_code',   '83-832-28882-2-2022', true),
  (4,  'ocop_code',   'OCOP-01-00577-21-2025-0042-5', false),      -- check digit, 22P02
  (5,  'ocop_code',   'OCOP-01-00577-27-2025-0042-4', false),      -- product set out of range, 22P02
  (6,  'ocop_code',   'OCOP-01-00577-21-2025', false),             -- too few fields, 22P02
  (7,  'ocop_code',   '', false),                                  -- empty, 22P02
  (8,  'ocop_star',   '4', true),
  (9,  'ocop_star',   '★★★☆☆', true),
  (10, 'ocop_star',   '5 sao', true),
  (11, 'ocop_star',   '6-star', false),                            -- out of range, 22P02
  (12, 'ocop_star',   '04', false),                                -- leading zero, 22P02
  (13, 'ocop_star',   '★★☆', false),                               -- marks do not add up to 5, 22P02
  (14, 'ocop_star',   'four', false),                              -- 22P02
  (15, 'trace_chain', '[]', true),
  (16, 'trace_chain', '[{"bizStep":"harvesting","eventTime":"2024-03-01T08:00:00+07:00"}]', true),
  (17, 'trace_chain', '[{"bizStep":"harvesting","eventTime":"2024-03-01T08:00:00+07:00"', false), -- JSON syntax, 22P02
  (18, 'trace_chain', '[{"bizStep":7,"eventTime":"2024-01-01T00:00:00Z"}]', false),              -- field type, 22023
  (19, 'trace_chain', '[{"eventTime":"2024-02-30T00:00:00Z"}]', false),                          -- date, 22007
  (20, 'trace_chain', '[{"eventTime":"2024-01-01T00:00:00Z","hash":"0000000000000000000000000000000000000000000000000000000000000000"}]', false), -- hash, 22P02
  (21, 'trace_chain', '[{"eventTime":"2024-01-01T00:00:00Z","deep":' || repeat('[', 20) || '1' || repeat(']', 20) || '}]', false), -- nesting limit, 54000
  (22, 'trace_chain', '[{"eventTime":"2024-01-01T00:00:00Z","lat":91}]', false),                -- number out of range, 22003
  (23, 'trace_chain', '[{"eventTime":"2024-01-01T00:00:00Z","a":"' || repeat('x', 8193) || '"}]', false); -- string limit, 54000

-- The hard errors (every version): what a cast raises.
\x on
SELECT c.id, c.typ, h.state, h.message, h.detail, h.hint
FROM cases c, pg_temp.hard(c.input, c.typ) h
WHERE NOT c.good ORDER BY c.id;
\x off
-- and the good values cast without an error
SELECT count(*) AS good_values_with_error
FROM cases c, pg_temp.hard(c.input, c.typ) h
WHERE c.good AND h.state IS NOT NULL;

\if :has_soft_errors
-- pg_input_is_valid answers instead of raising, for every value.
SELECT c.id, c.typ, c.good, pg_input_is_valid(c.input, c.typ) AS valid
FROM cases c ORDER BY c.id;
-- pg_input_error_info reports exactly the hard error: no bad value differs
-- in message, DETAIL, HINT or SQLSTATE, and no good value has an error.
SELECT c.id, c.typ
FROM cases c, pg_input_error_info(c.input, c.typ) i, pg_temp.hard(c.input, c.typ) h
WHERE (i.message, i.detail, i.hint, i.sql_error_code)
      IS DISTINCT FROM (h.message, h.detail, h.hint, h.state);
SELECT count(*) FILTER (WHERE i.sql_error_code IS NOT NULL) AS errors_reported,
       count(*) FILTER (WHERE NOT c.good) AS bad_values
FROM cases c, pg_input_error_info(c.input, c.typ) i;
-- Two of them in full.
SELECT * FROM pg_input_error_info('OCOP-01-00577-21-2025-0042-5', 'ocop_code');
SELECT * FROM pg_input_error_info('6-star', 'ocop_star');
-- Arrays and composite types of the types pass the soft error on.
SELECT pg_input_is_valid('{OCOP-01-00577-21-2025-0042-4,OCOP-01-00577-21-2025-0042-5}', 'ocop_code[]') AS bad_array,
       pg_input_is_valid('{4,5-star}', 'ocop_star[]') AS good_array;
SELECT message, detail, sql_error_code FROM pg_input_error_info('{3,0}', 'ocop_star[]');
\endif

\if :has_copy_on_error
-- COPY ... WITH (ON_ERROR ignore): a province's file of 10,000 products,
-- 1 % with a bad code (a wrong check digit), 1 % with a bad star (a tier out
-- of range), 1 % with a bad chain (an event without an eventTime), all in
-- distinct rows, loads exactly the 9,700 good rows and says 300 were skipped.
CREATE TEMP TABLE src AS
SELECT n,
       CASE WHEN n % 100 = 1
            THEN left(code, -1) || ((right(code, 1)::int + 1) % 10)::text
            ELSE code END AS code,
       CASE WHEN n % 100 = 2 THEN (6 + n % 3)::text ELSE (1 + n % 5)::text || '-star' END AS star,
       CASE WHEN n % 100 = 3
            THEN format('[{"bizStep":"harvesting","lot":"L%s"}]', n)
            ELSE format('[{"bizStep":"harvesting","lot":"L%s","eventTime":"%s"}]', n,
                        to_char((timestamptz '2024-01-01 00:00+00' + n * interval '1 minute')
                                AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')) END AS chain,
       CASE n % 100 WHEN 1 THEN 'code' WHEN 2 THEN 'star' WHEN 3 THEN 'chain' END AS bad
FROM (SELECT n, ocop_code(1 + n % 63, 1 + n % 500, n % 27, 2018 + n % 10, 1 + (n - 1) % 9999)::text AS code
      FROM generate_series(1, 10000) n) g;
SELECT bad, count(*) FROM src GROUP BY bad ORDER BY bad;
\copy (SELECT n, code, star, chain FROM src ORDER BY n) TO 'test/results/soft_errors_load.txt'
CREATE TEMP TABLE products (n int PRIMARY KEY, code ocop_code NOT NULL, star ocop_star NOT NULL,
                            chain trace_chain NOT NULL);
\copy products FROM 'test/results/soft_errors_load.txt' WITH (ON_ERROR ignore)
-- exactly the good rows, each with the values of its line
SELECT count(*) AS loaded FROM products;
SELECT count(*) AS good_rows_missing FROM src s
WHERE s.bad IS NULL AND NOT EXISTS (SELECT FROM products p WHERE p.n = s.n);
SELECT count(*) AS bad_rows_loaded FROM src s JOIN products p USING (n) WHERE s.bad IS NOT NULL;
SELECT count(*) AS rows_differing FROM src s JOIN products p USING (n)
WHERE p.code::text <> s.code OR p.star <> s.star::ocop_star
   OR p.chain::text <> s.chain::trace_chain::text;
-- Without ON_ERROR the first bad line stops the load.
CREATE TEMP TABLE products_strict (LIKE products);
\copy products_strict FROM 'test/results/soft_errors_load.txt'
SELECT count(*) AS loaded_strict FROM products_strict;
\endif
