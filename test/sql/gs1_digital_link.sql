-- GS1 Digital Link with every AI of the GS1 Barcode Syntax Dictionary
-- (issue 16): elements, element strings both ways, one AI's value, the AI
-- table; every rule refused with 22P02 naming the AI and the rule.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS ocop;
RESET client_min_messages;
\pset null '(null)'
\i test/sql/include/outcome.sql

-- The AI table: release, size, a few entries (flags, qualifiers, formats).
SELECT gs1_syntax_dictionary_release();
SELECT count(*) AS ais, count(*) FILTER (WHERE dl_primary_key) AS primary_keys,
       count(*) FILTER (WHERE dl_data_attribute) AS data_attributes,
       count(*) FILTER (WHERE predefined_length) AS predefined_length
  FROM gs1_application_identifiers();
SELECT * FROM gs1_application_identifiers()
 WHERE ai IN ('00', '01', '10', '17', '235', '3103', '414', '8006', '8013', '91', '99')
 ORDER BY ai;

-- A label of a real OCOP product: GTIN, lot, serial in the path; net weight
-- 3103 (kg, 3 decimals), best before 15, production date 11 in the query;
-- linkType is not an AI and is kept aside.
SELECT * FROM gs1_digital_link_elements(
  'https://id.gs1.org/01/08931234567897/10/LOT1/21/S42?3103=000450&15=270630&11=260115&linkType=gs1:pip');
SELECT gs1_digital_link_element_string(
  'https://id.gs1.org/01/08931234567897/10/LOT1/21/S42?3103=000450&15=270630&11=260115&linkType=gs1:pip');
SELECT gs1_digital_link_element_string(
  'https://id.gs1.org/01/08931234567897/10/LOT1/21/S42?3103=000450&15=270630&11=260115', bracketed => false);
SELECT gs1_digital_link_ai('https://id.gs1.org/01/08931234567897/10/LOT1?3103=000450', '3103') AS net_weight,
       gs1_digital_link_ai('https://id.gs1.org/01/08931234567897/10/LOT1?3103=000450', '10') AS lot,
       gs1_digital_link_ai('https://id.gs1.org/01/08931234567897/10/LOT1?3103=000450', '17') AS absent;

-- Custom domains and path prefixes are kept both ways.
SELECT gs1_digital_link_from_element_string('(01)08931234567897(10)LOT1(3103)000450(15)270630',
                                            'https://ocop.example.vn/dl/');
SELECT gs1_digital_link_element_string('https://ocop.example.vn/dl/01/08931234567897/10/LOT1?3103=000450&15=270630');
SELECT base FROM gs1_digital_link_parse('https://ocop.example.vn/dl/01/08931234567897/10/LOT1?3103=000450');
-- Unbracketed input with ^ for FNC1; ( in a value escaped as \(.
SELECT gs1_digital_link_from_element_string('^010893123456789710AB(1)^3103000450');
SELECT gs1_digital_link_element_string('https://id.gs1.org/01/08931234567897/10/AB%281%29');
SELECT gs1_digital_link_from_element_string('(01)08931234567897(10)AB\(1)');
-- The element order of the query: predefined-length AIs (3103, 15) first.
SELECT gs1_digital_link_from_element_string('(99)INT(01)08931234567897(10)L1(15)270630(3103)000450');
-- 235 (third-party controlled extension) is a GTIN qualifier; AI 10 is then
-- a data attribute.
SELECT gs1_digital_link_element_string('https://id.gs1.org/01/09520123456788/235/TPX1?10=ABC');
-- Other primary keys: SSCC, GLN with extension, GIAI with 7040.
SELECT gs1_digital_link_element_string(u) FROM (VALUES
  ('https://id.gs1.org/00/089312345000000016'),
  ('https://id.gs1.org/414/8931234500009/254/A1'),
  ('https://id.gs1.org/8004/8931234ABC/7040/1ABC')) v(u);

-- Round trips: URI -> element string -> URI gives the URI back (canonical
-- forms of four primary keys, with qualifiers and attributes).
SELECT u, gs1_digital_link_from_element_string(gs1_digital_link_element_string(u), 'https://example.com') = u AS same
  FROM (VALUES ('https://example.com/01/08931234567897'),
               ('https://example.com/01/08931234567897/22/V1/10/L%2F1/21/S1?3103=000450&17=261231&99=X'),
               ('https://example.com/00/089312345000000016?02=08931234567897&37=12&10=L1'),
               ('https://example.com/8018/893123450000000018/8019/42')) v(u);

-- Scheme rules (GS1 Digital Link 1.2/1.3): http or https, lower or upper
-- case; a mixed-case scheme, another scheme or no host is refused.
SELECT gs1_digital_link_element_string('HTTPS://EXAMPLE.COM/01/08931234567897');
SELECT gs1_digital_link_element_string('HtTp://example.com/01/08931234567897');
SELECT gs1_digital_link_element_string('ftp://example.com/01/08931234567897');
SELECT gs1_digital_link_element_string('https:///01/08931234567897');
SELECT gs1_digital_link_element_string('https://exa$mple.com/01/08931234567897');
SELECT gs1_digital_link_element_string('https://example.com/01/08931234567897 ');

-- Query-string AIs: no empty value, no duplicate, no path AI, no unknown
-- numeric parameter, only data attributes.
SELECT gs1_digital_link_element_string('https://id.gs1.org/01/08931234567897?99=');
SELECT gs1_digital_link_element_string('https://id.gs1.org/01/08931234567897/10/L1?10=L1');
SELECT gs1_digital_link_element_string('https://id.gs1.org/01/08931234567897?17=261231&17=261231');
SELECT gs1_digital_link_element_string('https://id.gs1.org/01/08931234567897?10=L1');
SELECT gs1_digital_link_element_string('https://id.gs1.org/01/08931234567897?21=S1');
SELECT gs1_digital_link_element_string('https://id.gs1.org/01/08931234567897?89=X');
SELECT gs1_digital_link_element_string('https://id.gs1.org/01/08931234567897?8200=https://x');
-- Path rules: qualifiers in GS1 order, 235 not mixed with 22/10/21, keys
-- without qualifiers.
SELECT gs1_digital_link_element_string('https://id.gs1.org/01/08931234567897/21/S1/10/L1');
SELECT gs1_digital_link_element_string('https://id.gs1.org/01/08931234567897/10/L1/235/T1');
SELECT gs1_digital_link_element_string('https://id.gs1.org/00/089312345000000016/10/L1');
SELECT gs1_digital_link_element_string('https://id.gs1.org/01/08931234567897/');
-- Value rules, each naming the AI and the rule: length, character set,
-- check digit (csum), dates (yymmd0 with DD = 00, yymmdd, yyyymmdd), times,
-- the GMN check character pair (csumalpha), ITIP piece of total.
SELECT gs1_digital_link_element_string('https://id.gs1.org/01/08931234567897/10/ABCDEFGHIJKLMNOPQRSTU');
SELECT gs1_digital_link_element_string('https://id.gs1.org/01/08931234567897/10/L%201');
SELECT gs1_digital_link_element_string('https://id.gs1.org/01/08931234567890');
SELECT gs1_digital_link_element_string('https://id.gs1.org/01/08931234567897?15=270200');
SELECT gs1_digital_link_element_string('https://id.gs1.org/01/08931234567897?15=270230');
SELECT gs1_digital_link_element_string('https://id.gs1.org/01/08931234567897?11=281329');
SELECT gs1_digital_link_element_string('https://id.gs1.org/01/08931234567897?7006=280229');
SELECT gs1_digital_link_element_string('https://id.gs1.org/01/08931234567897?7006=270229');
SELECT gs1_digital_link_element_string('https://id.gs1.org/01/08931234567897?7006=270200');
SELECT gs1_digital_link_element_string('https://id.gs1.org/01/08931234567897?7003=2701012460');
SELECT gs1_digital_link_element_string('https://id.gs1.org/01/08931234567897?3103=00045');
SELECT gs1_digital_link_element_string('https://id.gs1.org/01/08931234567897?3103=00045X');
SELECT gs1_digital_link_element_string('https://id.gs1.org/8013/1987654Ad4X4bL5ttr2310c2K');
SELECT gs1_digital_link_element_string('https://id.gs1.org/8013/1987654Ad4X4bL5ttr2310c2L');
SELECT gs1_digital_link_element_string('https://id.gs1.org/8006/089312345678970102');
SELECT gs1_digital_link_element_string('https://id.gs1.org/8006/089312345678970302');
SELECT gs1_digital_link_element_string('https://id.gs1.org/01/08931234567897/10/A%00B');
-- "+" is a space in the query (refused by set 82), itself in the path.
SELECT gs1_digital_link_element_string('https://id.gs1.org/01/08931234567897/10/A+B?99=C+D');
SELECT gs1_digital_link_element_string('https://id.gs1.org/01/08931234567897/10/A+B?99=C%2BD');

-- Element strings: refused when malformed, an unknown AI, a value against
-- its rule, an AI twice with another value, no primary key, an AI that
-- cannot be a data attribute; a bad base is 22023.
SELECT gs1_digital_link_from_element_string('01089312345678971');
SELECT gs1_digital_link_from_element_string('(01)08931234567897(89)X');
SELECT gs1_digital_link_from_element_string('(01)08931234567897(17)261332');
SELECT gs1_digital_link_from_element_string('(01)08931234567897(10)A(10)B');
SELECT gs1_digital_link_from_element_string('(99)ABC');
SELECT gs1_digital_link_from_element_string('(01)08931234567897(8200)https://x');
SELECT gs1_digital_link_from_element_string('(01)08931234567897', 'mailto:x@example.com');
SELECT gs1_digital_link_ai('https://id.gs1.org/01/08931234567897', '1');

-- Limits: 64 AIs, 8192 bytes (54000; messages cut at 200 characters).
SELECT pg_temp.outcome($$SELECT gs1_digital_link_element_string('https://id.gs1.org/01/08931234567897?' ||
       (SELECT string_agg(ai || '=000001', '&') FROM (SELECT ai FROM gs1_application_identifiers()
         WHERE format = 'N6' ORDER BY ai LIMIT 64) a))$$);
SELECT pg_temp.outcome($$SELECT gs1_digital_link_element_string('https://id.gs1.org/01/08931234567897?' ||
       (SELECT string_agg(ai || '=000001', '&') FROM (SELECT ai FROM gs1_application_identifiers()
         WHERE format = 'N6' ORDER BY ai LIMIT 63) a))$$);
SELECT pg_temp.outcome($$SELECT gs1_digital_link_from_element_string('(01)08931234567897' ||
       (SELECT string_agg('(' || ai || ')000001', '') FROM (SELECT ai FROM gs1_application_identifiers()
         WHERE format = 'N6' ORDER BY ai LIMIT 64) a))$$);
SELECT pg_temp.outcome($$SELECT gs1_digital_link_element_string('https://id.gs1.org/01/08931234567897?x=' || repeat('a', 8200))$$);
SELECT pg_temp.outcome($$SELECT gs1_digital_link_element_string('https://id.gs1.org/01/08931234567897?x=' || repeat('a', 8192 - 39))$$);
SELECT pg_temp.outcome($$SELECT count(*) FROM gs1_digital_link_elements('https://id.gs1.org/01/08931234567897?' || repeat('x&', 64))$$);
SELECT pg_temp.outcome($$SELECT count(*) FROM gs1_digital_link_elements('https://id.gs1.org/01/08931234567897?' || repeat('x&', 65))$$);

-- Every error SQLSTATE.
SELECT q, pg_temp.sqlstate(q) AS sqlstate FROM (VALUES
  ($$SELECT gs1_digital_link_element_string('HtTp://a/01/08931234567897')$$),
  ($$SELECT gs1_digital_link_element_string('https://a/01/08931234567897?15=271301')$$),
  ($$SELECT gs1_digital_link_element_string('https://a/01/08931234567897?' || repeat('x&', 65))$$),
  ($$SELECT gs1_digital_link_elements('https://a/01/08931234567890')$$),
  ($$SELECT gs1_digital_link_ai('https://a/01/08931234567890', '01')$$),
  ($$SELECT gs1_digital_link_ai('https://a/01/08931234567897', '89')$$),
  ($$SELECT gs1_digital_link_from_element_string('(01)08931234567890')$$),
  ($$SELECT gs1_digital_link_from_element_string('(01)08931234567897', 'ftp://x')$$),
  -- ok: an AI repeated with the same value is kept once (as GS1's engine)
  ($$SELECT gs1_digital_link_from_element_string('(01)08931234567897' || repeat('(99)A', 70))$$),
  ($$SELECT gs1_digital_link_from_element_string('(01)08931234567897(10)A(10)B')$$)
) v(q);

-- NULLs: every function is STRICT.
SELECT gs1_digital_link_element_string(NULL) IS NULL AS a,
       gs1_digital_link_from_element_string(NULL) IS NULL AS b,
       gs1_digital_link_ai(NULL, '01') IS NULL AS c,
       gs1_digital_link_ai('https://a/01/08931234567897', NULL) IS NULL AS d,
       (SELECT count(*) FROM gs1_digital_link_elements(NULL)) = 0 AS e;

SELECT p.oid::regprocedure AS function, p.provolatile, p.proisstrict, p.proparallel,
       obj_description(p.oid, 'pg_proc') IS NOT NULL AS commented
  FROM pg_catalog.pg_proc p
 WHERE p.proname LIKE 'gs1\_%'
 ORDER BY p.oid::regprocedure::text;
