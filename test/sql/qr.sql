-- QR code images: PNG structure (signature, IHDR, IEND; never whole bytes:
-- images are checked by decoding them in test/scripts/qr_decode.sh), SVG and
-- text shape, limits and every error SQLSTATE.
SET client_min_messages = warning;  -- the NOTICE depends on which test ran first
CREATE EXTENSION IF NOT EXISTS ocop;
RESET client_min_messages;
\pset null '(null)'

-- PNG header fields: signature, first chunk, width, height, bit depth,
-- colour type, and the IEND chunk at the end.
CREATE FUNCTION qr_test_png_info(png bytea,
    OUT signature_ok boolean, OUT ihdr_ok boolean, OUT width integer,
    OUT height integer, OUT bit_depth integer, OUT colour_type integer,
    OUT iend_ok boolean)
  LANGUAGE sql IMMUTABLE STRICT
  RETURN (pg_catalog.substr(png, 1, 8) = '\x89504e470d0a1a0a'::bytea,
          pg_catalog.substr(png, 9, 8) = '\x0000000d49484452'::bytea,
          (pg_catalog.get_byte(png, 16) << 24) | (pg_catalog.get_byte(png, 17) << 16)
            | (pg_catalog.get_byte(png, 18) << 8) | pg_catalog.get_byte(png, 19),
          (pg_catalog.get_byte(png, 20) << 24) | (pg_catalog.get_byte(png, 21) << 16)
            | (pg_catalog.get_byte(png, 22) << 8) | pg_catalog.get_byte(png, 23),
          pg_catalog.get_byte(png, 24),
          pg_catalog.get_byte(png, 25),
          pg_catalog.substr(png, pg_catalog.length(png) - 11) = '\x0000000049454e44ae426082'::bytea);

\i test/sql/include/outcome.sql

-- Defaults: module 4 px, margin 4, level M.  'OCOP' fits version 1 (21
-- modules): (21 + 2 * 4) * 4 = 116 pixels.
SELECT * FROM qr_test_png_info(ocop_qr_png('OCOP'));
-- Module size and margin scale the image: (21 + 2 * 1) * 10 = 230.
SELECT width, height FROM qr_test_png_info(ocop_qr_png('OCOP', 10, 1));
-- margin 0 and module 1: exactly the symbol, 21 pixels.
SELECT width, height FROM qr_test_png_info(ocop_qr_png('OCOP', 1, 0));
-- Higher levels need bigger symbols for the same payload.
SELECT ecc, (qr_test_png_info(ocop_qr_png(pg_catalog.repeat('x', 100), 1, 0, ecc))).width AS modules
  FROM (VALUES ('L'), ('M'), ('Q'), ('H')) v(ecc);
-- Level names are case-insensitive, surrounding blanks are ignored.
SELECT ocop_qr_png('OCOP', 4, 4, ' q ') = ocop_qr_png('OCOP', 4, 4, 'Q') AS same;
-- Same inputs, same bytes; different payloads, different bytes.
SELECT ocop_qr_png('Gốm sứ Bát Tràng – 5 sao') = ocop_qr_png('Gốm sứ Bát Tràng – 5 sao') AS deterministic,
       ocop_qr_png('a') <> ocop_qr_png('b') AS differs;
-- A bytea payload is encoded in 8-bit mode; text that is valid UTF-8 gives
-- the same symbol as its bytes (both 8-bit here).
SELECT * FROM qr_test_png_info(ocop_qr_png('\x00ff10'::bytea));
SELECT ocop_qr_png('abc'::bytea) = ocop_qr_png('abc') AS same_symbol;
-- Largest payloads: version 40 is 177 modules.
SELECT (qr_test_png_info(ocop_qr_png(pg_catalog.repeat('a', 2953), 1, 0, 'L'))).width AS v40_l,
       (qr_test_png_info(ocop_qr_png(pg_catalog.repeat('a', 2331), 1, 0, 'M'))).width AS v40_m,
       (qr_test_png_info(ocop_qr_png(pg_catalog.repeat('a', 1663), 1, 0, 'Q'))).width AS v40_q,
       (qr_test_png_info(ocop_qr_png(pg_catalog.repeat('a', 1273)::bytea, 1, 0, 'H'))).width AS v40_h;
-- Text of digits only goes beyond the byte-mode limit (numeric mode).
SELECT (qr_test_png_info(ocop_qr_png(pg_catalog.repeat('7', 5000), 1, 0, 'M'))).width AS digits_5000;
-- The largest image: version 40 at 44 px with margin 4 is 8140 px.
SELECT width FROM qr_test_png_info(ocop_qr_png(pg_catalog.repeat('a', 2953), 44, 4, 'L'));
-- STRICT: NULL in, NULL out.
SELECT ocop_qr_png(NULL::text) IS NULL AS n1, ocop_qr_png('x', NULL) IS NULL AS n2,
       ocop_qr_svg(NULL) IS NULL AS n3, ocop_qr_text('x', NULL) IS NULL AS n4;

-- SVG: one path on a white square; size = (modules + 2 * margin) * module_px.
SELECT pg_catalog.left(ocop_qr_svg('OCOP'), 185) AS head;
SELECT pg_catalog.right(ocop_qr_svg('OCOP'), 9) AS tail,
       pg_catalog.regexp_count(ocop_qr_svg('OCOP'), '<path') AS paths,
       pg_catalog.regexp_count(ocop_qr_svg('OCOP'), '[^ -~]') AS non_ascii;
SELECT pg_catalog.substring(ocop_qr_svg('OCOP', 10, 0, 'H'), 'width="([0-9]+)"') AS width;

-- Text: (21 + 2 * 2) = 25 columns, 13 lines; only blank and half blocks.
SELECT pg_catalog.array_length(pg_catalog.string_to_array(t, E'\n'), 1) AS lines,
       (SELECT pg_catalog.min(pg_catalog.length(l)) FROM pg_catalog.unnest(pg_catalog.string_to_array(t, E'\n')) l) AS min_cols,
       (SELECT pg_catalog.max(pg_catalog.length(l)) FROM pg_catalog.unnest(pg_catalog.string_to_array(t, E'\n')) l) AS max_cols,
       pg_catalog.regexp_count(t, '[^ ▀▄█\n]') AS other_chars
  FROM ocop_qr_text('OCOP') t;
\pset format unaligned
SELECT ocop_qr_text('OCOP', 1);
\pset format aligned

-- Errors.
SELECT ocop_qr_png('');
SELECT ocop_qr_png(''::bytea);
SELECT ocop_qr_png('x', 4, 4, 'X');
SELECT ocop_qr_png('x', 0);
SELECT ocop_qr_png('x', 65);
SELECT ocop_qr_png('x', 4, -1);
SELECT ocop_qr_png('x', 4, 65);
SELECT ocop_qr_png(pg_catalog.repeat('a', 2332));
SELECT ocop_qr_png(pg_catalog.repeat('a', 1274)::bytea, 4, 4, 'H');
SELECT ocop_qr_png(pg_catalog.repeat('7', 7090), 1, 0, 'L');
SELECT ocop_qr_png(pg_catalog.repeat('a', 2953), 45, 4, 'L');
SELECT ocop_qr_svg('x', 64, 64);
SELECT ocop_qr_text('', 2);
SELECT ocop_qr_text('x', 65);

SELECT q, pg_temp.sqlstate(q) AS sqlstate FROM (VALUES
  ($$SELECT ocop_qr_png('')$$),
  ($$SELECT ocop_qr_svg('', 4)$$),
  ($$SELECT ocop_qr_text('')$$),
  ($$SELECT ocop_qr_png(''::bytea)$$),
  ($$SELECT ocop_qr_png('x', 4, 4, '')$$),
  ($$SELECT ocop_qr_png('x', 4, 4, 'MM')$$),
  ($$SELECT ocop_qr_svg('x', 4, 4, 'z')$$),
  ($$SELECT ocop_qr_png('x', 0)$$),
  ($$SELECT ocop_qr_svg('x', 65)$$),
  ($$SELECT ocop_qr_png('x', 4, 65)$$),
  ($$SELECT ocop_qr_text('x', -1)$$),
  ($$SELECT ocop_qr_png(repeat('a', 2954), 1, 4, 'L')$$),
  ($$SELECT ocop_qr_png(repeat('a', 2332), 1, 4, 'M')$$),
  ($$SELECT ocop_qr_png(repeat('a', 1664), 1, 4, 'Q')$$),
  ($$SELECT ocop_qr_png(repeat('a', 1274), 1, 4, 'H')$$),
  ($$SELECT ocop_qr_png(repeat('a', 1274)::bytea, 1, 4, 'H')$$),
  ($$SELECT ocop_qr_svg(repeat('a', 100000))$$),
  ($$SELECT ocop_qr_text(repeat('a', 2332))$$),
  ($$SELECT ocop_qr_png('x', 64, 64)$$),
  ($$SELECT ocop_qr_png(repeat('a', 2953), 45, 4, 'L')$$)
) v(q);

-- The capacity table agrees with the limits enforced in C.
SELECT ecc, max_bytes,
       pg_temp.sqlstate(pg_catalog.format('SELECT ocop_qr_png(repeat(%L, %s)::bytea, 1, 0, %L)', 'a', max_bytes, ecc)) AS at_max,
       pg_temp.sqlstate(pg_catalog.format('SELECT ocop_qr_png(repeat(%L, %s)::bytea, 1, 0, %L)', 'a', max_bytes + 1, ecc)) AS over_max,
       pg_temp.sqlstate(pg_catalog.format('SELECT ocop_qr_png(repeat(%L, %s), 1, 0, %L)', '7', max_digits, ecc)) AS digits_at_max,
       pg_temp.sqlstate(pg_catalog.format('SELECT ocop_qr_png(repeat(%L, %s), 1, 0, %L)', '7', max_digits + 1, ecc)) AS digits_over_max
  FROM qr_capacity ORDER BY max_bytes DESC;

-- Volatility and strictness as documented.
SELECT p.oid::regprocedure AS function, p.provolatile, p.proisstrict, p.proparallel
  FROM pg_catalog.pg_proc p
 WHERE p.proname IN ('ocop_qr_png', 'ocop_qr_svg', 'ocop_qr_text', 'ocop_product_url')
 ORDER BY p.oid::regprocedure::text;

-- ocop_product_url and its setting.
SHOW ocop.resolver_base_url;
SELECT ocop_product_url('OCOP-01-00583-21-2023-0007-2');
SELECT ocop_product_url('OCOP-01-00583-21-2023-0007-2', '\x00ff10'::bytea);
SET ocop.resolver_base_url = 'https://truyxuat.example.vn/ocop/';
SELECT ocop_product_url(ocop_code(1, 583, 21, 2023, 7, 18));
SELECT ocop_product_url(NULL), ocop_product_url('OCOP-01-00583-21-2023-0007-2', NULL);
-- A label in one call.
SELECT width = height AS square, width > 100 AS big_enough
  FROM qr_test_png_info(ocop_qr_png(ocop_product_url('OCOP-01-00583-21-2023-0007-2', '\xdeadbeef')));
SET ocop.resolver_base_url = 'ftp://example.com';
SET ocop.resolver_base_url = 'https://example.com/p?x=1';
SET ocop.resolver_base_url = 'https:///p';
SET ocop.resolver_base_url = 'https://exa mple.com';
SHOW ocop.resolver_base_url;
RESET ocop.resolver_base_url;
SHOW ocop.resolver_base_url;
SELECT ocop_product_url('OCOP-01-00583-21-2023-0007-2', ''::bytea);
SELECT ocop_product_url('OCOP-01-00583-21-2023-0007-2', pg_catalog.decode(pg_catalog.repeat('ab', 65), 'hex'));
-- The prefix is reserved: a misspelt ocop.* setting is refused.
SET ocop.resolver_base_ulr = 'https://example.com';

-- The examples of doc/qr.md.
SELECT pg_catalog.substr(ocop_qr_png('https://id.gs1.org/01/08931234567897'), 1, 8);
SELECT (pg_catalog.get_byte(p, 18) << 8) | pg_catalog.get_byte(p, 19) AS width
  FROM ocop_qr_png('OCOP', 10, 1) p;
SELECT pg_catalog.left(ocop_qr_svg('OCOP'), 60);
SELECT * FROM qr_capacity ORDER BY max_bytes DESC;
SET ocop.resolver_base_url = 'https://truyxuat.example.vn/ocop/';
SELECT ocop_product_url('OCOP-01-00583-21-2023-0007-2', '\x00ff10'::bytea);
RESET ocop.resolver_base_url;

DROP FUNCTION qr_test_png_info(bytea);
