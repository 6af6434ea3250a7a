-------------------------------------------------------------------------------
-- QR code images (ISO/IEC 18004) and GS1 Digital Link URIs; see doc/qr.md.
-------------------------------------------------------------------------------

-- Reference data: what a QR code holds, so that limits are documented in the
-- database as well as enforced in C (extension/ocop_qr_core.c).
CREATE TABLE @extschema@.qr_capacity (
  ecc          text     PRIMARY KEY CHECK (ecc IN ('L', 'M', 'Q', 'H')),
  recovery_pct smallint NOT NULL,
  max_bytes    integer  NOT NULL,
  max_digits   integer  NOT NULL,
  source       text     NOT NULL
);
INSERT INTO @extschema@.qr_capacity VALUES
  ('L',  7, 2953, 7089, 'ISO/IEC 18004:2015 Table 7, version 40'),
  ('M', 15, 2331, 5596, 'ISO/IEC 18004:2015 Table 7, version 40'),
  ('Q', 25, 1663, 3993, 'ISO/IEC 18004:2015 Table 7, version 40'),
  ('H', 30, 1273, 3057, 'ISO/IEC 18004:2015 Table 7, version 40');
COMMENT ON TABLE @extschema@.qr_capacity IS
  'QR code error correction levels: share of codewords that can be restored, and the capacity of the largest symbol (version 40) in byte and numeric mode (ISO/IEC 18004:2015 Table 7)';

CREATE FUNCTION @extschema@.ocop_qr_png(data text, module_px integer DEFAULT 4,
                                        margin integer DEFAULT 4, ecc text DEFAULT 'M')
  RETURNS bytea
  AS 'MODULE_PATHNAME', 'ocop_qr_png_text' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ocop_qr_png(text, integer, integer, text) IS
  'QR code of a UTF-8 text as a 1-bit greyscale PNG: module_px pixels per module (1-64), margin modules of quiet zone (0-64), error correction L, M, Q or H; at most 8192 x 8192 pixels';

CREATE FUNCTION @extschema@.ocop_qr_png(data bytea, module_px integer DEFAULT 4,
                                        margin integer DEFAULT 4, ecc text DEFAULT 'M')
  RETURNS bytea
  AS 'MODULE_PATHNAME', 'ocop_qr_png_bytea' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ocop_qr_png(bytea, integer, integer, text) IS
  'QR code of binary data (8-bit mode) as a 1-bit greyscale PNG; same parameters as the text form';

CREATE FUNCTION @extschema@.ocop_qr_svg(data text, module_px integer DEFAULT 4,
                                        margin integer DEFAULT 4, ecc text DEFAULT 'M')
  RETURNS text
  AS 'MODULE_PATHNAME', 'ocop_qr_svg' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ocop_qr_svg(text, integer, integer, text) IS
  'QR code of a UTF-8 text as an SVG document: one path in module units on a white square, module_px user units per module';

CREATE FUNCTION @extschema@.ocop_qr_text(data text, margin integer DEFAULT 2)
  RETURNS text
  AS 'MODULE_PATHNAME', 'ocop_qr_text' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ocop_qr_text(text, integer) IS
  'QR code (level M) as UTF-8 half blocks, two module rows per line: full block both dark, upper half upper dark, lower half lower dark, space both light';

CREATE FUNCTION @extschema@.gtin_is_valid(gtin text) RETURNS boolean
  AS 'MODULE_PATHNAME', 'ocop_gtin_is_valid' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.gtin_is_valid(text) IS
  'true when the text is a GTIN-8, -12, -13 or -14 (digits only) with a correct GS1 mod-10 check digit (GS1 General Specifications 7.9)';

CREATE FUNCTION @extschema@.gs1_digital_link(gtin text, lot text DEFAULT NULL,
                                             serial text DEFAULT NULL, expiry date DEFAULT NULL,
                                             base text DEFAULT 'https://id.gs1.org')
  RETURNS text
  AS 'MODULE_PATHNAME', 'ocop_gs1_digital_link' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.gs1_digital_link(text, text, text, date, text) IS
  'GS1 Digital Link URI {base}/01/{GTIN-14}[/10/{lot}][/21/{serial}][?17={YYMMDD}], values percent-encoded; NULL when gtin or base is NULL';

CREATE FUNCTION @extschema@.gs1_digital_link_parse(uri text,
    OUT gtin text, OUT lot text, OUT serial text, OUT expiry date, OUT base text)
  RETURNS record
  AS 'MODULE_PATHNAME', 'ocop_gs1_digital_link_parse' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.gs1_digital_link_parse(text) IS
  'the GTIN (AI 01, 14 digits), lot (AI 10), serial (AI 21), expiry (AI 17) and base of an uncompressed GS1 Digital Link URI, NULL when absent; every AI is validated as GS1 does (also accepted: GTIN-8/12/13, the names gtin/cpv/lot/ser, a trailing /)';

CREATE FUNCTION @extschema@.ocop_product_url(code @extschema@.ocop_code, head bytea DEFAULT NULL)
  RETURNS text
  AS 'MODULE_PATHNAME', 'ocop_product_url' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ocop_product_url(@extschema@.ocop_code, bytea) IS
  'URL of a product page: setting ocop.resolver_base_url, "/", the code''s canonical text, and "?h=" with the chain head in hex when given; STABLE because it reads the setting';
