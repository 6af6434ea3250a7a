-- GTIN check digits and GS1 Digital Link URIs.
SET client_min_messages = warning;  -- the NOTICE depends on which test ran first
CREATE EXTENSION IF NOT EXISTS ocop;
RESET client_min_messages;
\pset null '(null)'

-- GTIN vectors: valid GTIN-8, -12, -13, -14 (GS1 examples and real items),
-- then wrong check digits, wrong lengths and non-digits.
SELECT g, gtin_is_valid(g) FROM (VALUES
  ('96385074'),           -- GTIN-8 (GS1 example)
  ('036000291452'),       -- GTIN-12 (UPC-A)
  ('4006381333931'),      -- GTIN-13 (EAN-13)
  ('8931234567897'),      -- GTIN-13, GS1 Viet Nam prefix 893
  ('8935049500025'),      -- GTIN-13 ending in ...25
  ('09521234543213'),     -- GTIN-14
  ('00012345600012'),     -- GTIN-14 with leading zeros
  ('96385075'),           -- wrong check digit
  ('036000291451'),
  ('4006381333932'),
  ('8931234567890'),
  ('09521234543214'),
  ('8931234567'),         -- 10 digits
  ('89312345678970'),     -- 14 digits, wrong check
  ('893123456789700'),    -- 15 digits
  ('893123456789 '),      -- trailing space
  ('893-1234567897'),
  ('８９３１２３４５６７８９７'), -- full-width digits
  ('')
) v(g);
SELECT gtin_is_valid(NULL) IS NULL AS strict;

-- Building: the GTIN padded to 14 digits, qualifiers 10 then 21 in the path,
-- AI 17 (YYMMDD) in the query, reserved characters percent-encoded.
SELECT gs1_digital_link('8931234567897');
SELECT gs1_digital_link('8931234567897', lot => 'LOT1/A');
SELECT gs1_digital_link('96385074', lot => 'ABC', serial => '12345');
SELECT gs1_digital_link('09521234543213', serial => 'S/N:42', lot => 'AB(1)', expiry => '2026-12-31');
SELECT gs1_digital_link('8931234567897', expiry => '2030-02-28', base => 'https://example.com/dl/');
SELECT gs1_digital_link('8931234567897', lot => '!"%&''()*+,-./:;<=>?_', base => 'HTTP://Example.com');
-- NULLs: a NULL qualifier is absent; a NULL gtin or base gives NULL.
SELECT gs1_digital_link('8931234567897', NULL, NULL, NULL);
SELECT gs1_digital_link(NULL) IS NULL AS null_gtin,
       gs1_digital_link('8931234567897', base => NULL) IS NULL AS null_base;

-- The issue's example 'LOT 1/A' has a space, which is not in GS1 character
-- set 82 (AI 10 is X..20), so it is refused.
SELECT gs1_digital_link('8931234567897', lot => 'LOT 1/A');
-- Other errors.
SELECT gs1_digital_link('8931234567890');
SELECT gs1_digital_link('89312345678');
SELECT gs1_digital_link('8931234567897', lot => '');
SELECT gs1_digital_link('8931234567897', lot => '123456789012345678901');
SELECT gs1_digital_link('8931234567897', serial => 'Gốm');
SELECT gs1_digital_link('8931234567897', expiry => '2100-01-01');
SELECT gs1_digital_link('8931234567897', expiry => '1999-12-31');
SELECT gs1_digital_link('8931234567897', expiry => 'infinity');
SELECT gs1_digital_link('8931234567897', base => 'id.gs1.org');
SELECT gs1_digital_link('8931234567897', base => 'https://id.gs1.org/?a=1');
SELECT gs1_digital_link('8931234567897', base => 'https://');

-- Parsing.
SELECT * FROM gs1_digital_link_parse('https://id.gs1.org/01/08931234567897/10/LOT1%2FA');
SELECT * FROM gs1_digital_link_parse('https://id.gs1.org/01/09521234543213/10/AB%281%29/21/S%2FN%3A42?17=261231');
-- GTIN-13 padded; a base with its own path; other query parameters and the
-- fragment ignored; DD = 00 is the last day of the month.
SELECT * FROM gs1_digital_link_parse('https://example.com/dl/01/8931234567897?linkType=gs1:pip&17=280200#top');
-- Unencoded sub-delimiters are accepted; lower-case hex too; the CPV (22) is
-- checked but not returned; DL 1.0 short names; trailing slash.
SELECT * FROM gs1_digital_link_parse('HTTP://id.gs1.org/01/96385074/22/V1/10/A(1)*/21/x%2fy/');
SELECT * FROM gs1_digital_link_parse('https://id.gs1.org/gtin/09521234543213/lot/ABC/ser/12345');
-- The right-most /01/ is the key, even when the base has an "01" of its own.
SELECT * FROM gs1_digital_link_parse('https://example.com/01/shop/01/09521234543213/21/01');

-- Round trips: build then parse gives the inputs back.
SELECT (p).gtin = '08931234567897' AS gtin_ok, (p).lot = v.lot AS lot_ok,
       (p).serial IS NOT DISTINCT FROM v.serial AS serial_ok,
       (p).expiry IS NOT DISTINCT FROM v.expiry AS expiry_ok,
       (p).base = 'https://id.gs1.org' AS base_ok
  FROM (VALUES ('A', NULL, NULL::date),
               ('LOT1/A', 'S/N:42', '2026-12-31'),
               ('!"%&''()*+,-./:;<=', '>?_AZaz09', '2000-01-01'),
               ('12345678901234567890', '12345678901234567890', '2099-12-31'),
               ('x', 'y', '2024-02-29')) v(lot, serial, expiry),
       LATERAL (SELECT gs1_digital_link_parse(gs1_digital_link('8931234567897', v.lot, v.serial, v.expiry)) AS p) q;

-- Parse errors.
SELECT * FROM gs1_digital_link_parse('ftp://id.gs1.org/01/08931234567897');
SELECT * FROM gs1_digital_link_parse('https:///01/08931234567897');
SELECT * FROM gs1_digital_link_parse('https://id.gs1.org/');
SELECT * FROM gs1_digital_link_parse('https://id.gs1.org/01/08931234567890');
SELECT * FROM gs1_digital_link_parse('https://id.gs1.org/01/0893123456789');
SELECT * FROM gs1_digital_link_parse('https://id.gs1.org/01/08931234567897/21/S1/10/L1');
SELECT * FROM gs1_digital_link_parse('https://id.gs1.org/01/08931234567897/10/L1/10/L2');
SELECT * FROM gs1_digital_link_parse('https://id.gs1.org/01/08931234567897/99/X');
SELECT * FROM gs1_digital_link_parse('https://id.gs1.org/01/08931234567897/10/LOT 1');
SELECT * FROM gs1_digital_link_parse('https://id.gs1.org/01/08931234567897/10/LOT%201');
-- Since 0.3.0, as GS1's engine: a "%" not followed by two hexadecimal digits
-- is kept as written ("%" is in set 82), so these two parse.
SELECT * FROM gs1_digital_link_parse('https://id.gs1.org/01/08931234567897/10/A%2');
SELECT * FROM gs1_digital_link_parse('https://id.gs1.org/01/08931234567897/10/A%zz');
SELECT * FROM gs1_digital_link_parse('https://id.gs1.org/01/08931234567897/10/');
SELECT * FROM gs1_digital_link_parse('https://id.gs1.org/01/08931234567897/10/123456789012345678901');
SELECT * FROM gs1_digital_link_parse('https://id.gs1.org/01/08931234567897?17=261331');
SELECT * FROM gs1_digital_link_parse('https://id.gs1.org/01/08931234567897?17=270229');
SELECT * FROM gs1_digital_link_parse('https://id.gs1.org/01/08931234567897?17=2612');
SELECT * FROM gs1_digital_link_parse('https://id.gs1.org/01/08931234567897?17=261231&17=261230');

-- Every error SQLSTATE.
\i test/sql/include/outcome.sql
SELECT q, pg_temp.sqlstate(q) AS sqlstate FROM (VALUES
  ($$SELECT gs1_digital_link('8931234567890')$$),
  ($$SELECT gs1_digital_link('abc')$$),
  ($$SELECT gs1_digital_link('8931234567897', 'LOT 1/A')$$),
  ($$SELECT gs1_digital_link('8931234567897', NULL, '')$$),
  ($$SELECT gs1_digital_link('8931234567897', base => 'mailto:x@y')$$),
  ($$SELECT gs1_digital_link('8931234567897', expiry => '2150-01-01')$$),
  ($$SELECT gs1_digital_link('8931234567897', expiry => '-infinity')$$),
  ($$SELECT gs1_digital_link_parse('https://id.gs1.org/01/08931234567890')$$),
  ($$SELECT gs1_digital_link_parse('not a uri')$$),
  -- since 0.3.0 a bad date in any AI is 22P02 naming the AI and the rule (was 22007)
  ($$SELECT gs1_digital_link_parse('https://id.gs1.org/01/08931234567897?17=261301')$$),
  ($$SELECT gs1_digital_link_parse('https://id.gs1.org/01/08931234567897?17=26123x')$$)
) v(q);

SELECT p.oid::regprocedure AS function, p.provolatile, p.proisstrict, p.proparallel
  FROM pg_catalog.pg_proc p
 WHERE p.proname IN ('gtin_is_valid', 'gs1_digital_link', 'gs1_digital_link_parse')
 ORDER BY p.oid::regprocedure::text;

-- The examples of doc/qr.md not shown above.
SELECT gtin_is_valid('8931234567897'), gtin_is_valid('8931234567890');
