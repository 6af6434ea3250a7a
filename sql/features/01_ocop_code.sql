-------------------------------------------------------------------------------
-- ocop_code: a product code with a Damm check digit, stored as 8 bytes.
-------------------------------------------------------------------------------

CREATE TYPE @extschema@.ocop_code;

CREATE FUNCTION @extschema@.ocop_code_in(cstring) RETURNS @extschema@.ocop_code
  AS 'MODULE_PATHNAME', 'ocop_code_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.ocop_code_out(@extschema@.ocop_code) RETURNS cstring
  AS 'MODULE_PATHNAME', 'ocop_code_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.ocop_code_recv(internal) RETURNS @extschema@.ocop_code
  AS 'MODULE_PATHNAME', 'ocop_code_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.ocop_code_send(@extschema@.ocop_code) RETURNS bytea
  AS 'MODULE_PATHNAME', 'ocop_code_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.ocop_code (
  INPUT = @extschema@.ocop_code_in,
  OUTPUT = @extschema@.ocop_code_out,
  RECEIVE = @extschema@.ocop_code_recv,
  SEND = @extschema@.ocop_code_send,
  INTERNALLENGTH = 8,
  PASSEDBYVALUE,
  ALIGNMENT = double,
  STORAGE = plain,
  CATEGORY = 'U'
);
COMMENT ON FUNCTION @extschema@.ocop_code_in(cstring) IS 'text input of ocop_code (22P02 on a bad literal)';
COMMENT ON FUNCTION @extschema@.ocop_code_out(@extschema@.ocop_code) IS 'canonical text output of ocop_code';
COMMENT ON FUNCTION @extschema@.ocop_code_recv(internal) IS 'binary input of ocop_code: the packed int8, validated (22P03)';
COMMENT ON FUNCTION @extschema@.ocop_code_send(@extschema@.ocop_code) IS 'binary output of ocop_code: the packed value as int8';
COMMENT ON TYPE @extschema@.ocop_code IS
  'OCOP product code: OCOP-PP-[DDD-]CCCCC-SS-YYYY-NNNN-C (GSO province, district, commune; product set; year; serial; Damm check digit), 8 bytes, ordered hierarchically';

-- Comparison functions.
CREATE FUNCTION @extschema@.ocop_code_cmp(@extschema@.ocop_code, @extschema@.ocop_code) RETURNS int4
  AS 'MODULE_PATHNAME', 'ocop_code_cmp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.ocop_code_lt(@extschema@.ocop_code, @extschema@.ocop_code) RETURNS bool
  AS 'MODULE_PATHNAME', 'ocop_code_lt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.ocop_code_le(@extschema@.ocop_code, @extschema@.ocop_code) RETURNS bool
  AS 'MODULE_PATHNAME', 'ocop_code_le' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.ocop_code_eq(@extschema@.ocop_code, @extschema@.ocop_code) RETURNS bool
  AS 'MODULE_PATHNAME', 'ocop_code_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.ocop_code_ne(@extschema@.ocop_code, @extschema@.ocop_code) RETURNS bool
  AS 'MODULE_PATHNAME', 'ocop_code_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.ocop_code_ge(@extschema@.ocop_code, @extschema@.ocop_code) RETURNS bool
  AS 'MODULE_PATHNAME', 'ocop_code_ge' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.ocop_code_gt(@extschema@.ocop_code, @extschema@.ocop_code) RETURNS bool
  AS 'MODULE_PATHNAME', 'ocop_code_gt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.ocop_code_smaller(@extschema@.ocop_code, @extschema@.ocop_code) RETURNS @extschema@.ocop_code
  AS 'MODULE_PATHNAME', 'ocop_code_smaller' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.ocop_code_larger(@extschema@.ocop_code, @extschema@.ocop_code) RETURNS @extschema@.ocop_code
  AS 'MODULE_PATHNAME', 'ocop_code_larger' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.ocop_code_sortsupport(internal) RETURNS void
  AS 'MODULE_PATHNAME', 'ocop_code_sortsupport' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.ocop_code_hash(@extschema@.ocop_code) RETURNS int4
  AS 'MODULE_PATHNAME', 'ocop_code_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.ocop_code_hash_extended(@extschema@.ocop_code, int8) RETURNS int8
  AS 'MODULE_PATHNAME', 'ocop_code_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.ocop_code_cmp(@extschema@.ocop_code, @extschema@.ocop_code) IS 'btree comparison of OCOP codes: -1, 0 or 1';
COMMENT ON FUNCTION @extschema@.ocop_code_lt(@extschema@.ocop_code, @extschema@.ocop_code) IS 'implementation of < for ocop_code';
COMMENT ON FUNCTION @extschema@.ocop_code_le(@extschema@.ocop_code, @extschema@.ocop_code) IS 'implementation of <= for ocop_code';
COMMENT ON FUNCTION @extschema@.ocop_code_eq(@extschema@.ocop_code, @extschema@.ocop_code) IS 'implementation of = for ocop_code';
COMMENT ON FUNCTION @extschema@.ocop_code_ne(@extschema@.ocop_code, @extschema@.ocop_code) IS 'implementation of <> for ocop_code';
COMMENT ON FUNCTION @extschema@.ocop_code_ge(@extschema@.ocop_code, @extschema@.ocop_code) IS 'implementation of >= for ocop_code';
COMMENT ON FUNCTION @extschema@.ocop_code_gt(@extschema@.ocop_code, @extschema@.ocop_code) IS 'implementation of > for ocop_code';
COMMENT ON FUNCTION @extschema@.ocop_code_smaller(@extschema@.ocop_code, @extschema@.ocop_code) IS 'the smaller of two OCOP codes (min aggregate)';
COMMENT ON FUNCTION @extschema@.ocop_code_larger(@extschema@.ocop_code, @extschema@.ocop_code) IS 'the larger of two OCOP codes (max aggregate)';
COMMENT ON FUNCTION @extschema@.ocop_code_sortsupport(internal) IS 'btree sort support for ocop_code';
COMMENT ON FUNCTION @extschema@.ocop_code_hash(@extschema@.ocop_code) IS 'hash of an OCOP code: equals hashint8(code::bigint), stable across versions';
COMMENT ON FUNCTION @extschema@.ocop_code_hash_extended(@extschema@.ocop_code, int8) IS 'seeded hash of an OCOP code: equals hashint8extended(code::bigint, seed)';

CREATE OPERATOR @extschema@.< (
  LEFTARG = @extschema@.ocop_code, RIGHTARG = @extschema@.ocop_code,
  FUNCTION = @extschema@.ocop_code_lt,
  COMMUTATOR = OPERATOR(@extschema@.>), NEGATOR = OPERATOR(@extschema@.>=),
  RESTRICT = pg_catalog.scalarltsel, JOIN = pg_catalog.scalarltjoinsel
);
CREATE OPERATOR @extschema@.<= (
  LEFTARG = @extschema@.ocop_code, RIGHTARG = @extschema@.ocop_code,
  FUNCTION = @extschema@.ocop_code_le,
  COMMUTATOR = OPERATOR(@extschema@.>=), NEGATOR = OPERATOR(@extschema@.>),
  RESTRICT = pg_catalog.scalarlesel, JOIN = pg_catalog.scalarlejoinsel
);
CREATE OPERATOR @extschema@.= (
  LEFTARG = @extschema@.ocop_code, RIGHTARG = @extschema@.ocop_code,
  FUNCTION = @extschema@.ocop_code_eq,
  COMMUTATOR = OPERATOR(@extschema@.=), NEGATOR = OPERATOR(@extschema@.<>),
  RESTRICT = pg_catalog.eqsel, JOIN = pg_catalog.eqjoinsel,
  HASHES, MERGES
);
CREATE OPERATOR @extschema@.<> (
  LEFTARG = @extschema@.ocop_code, RIGHTARG = @extschema@.ocop_code,
  FUNCTION = @extschema@.ocop_code_ne,
  COMMUTATOR = OPERATOR(@extschema@.<>), NEGATOR = OPERATOR(@extschema@.=),
  RESTRICT = pg_catalog.neqsel, JOIN = pg_catalog.neqjoinsel
);
CREATE OPERATOR @extschema@.>= (
  LEFTARG = @extschema@.ocop_code, RIGHTARG = @extschema@.ocop_code,
  FUNCTION = @extschema@.ocop_code_ge,
  COMMUTATOR = OPERATOR(@extschema@.<=), NEGATOR = OPERATOR(@extschema@.<),
  RESTRICT = pg_catalog.scalargesel, JOIN = pg_catalog.scalargejoinsel
);
CREATE OPERATOR @extschema@.> (
  LEFTARG = @extschema@.ocop_code, RIGHTARG = @extschema@.ocop_code,
  FUNCTION = @extschema@.ocop_code_gt,
  COMMUTATOR = OPERATOR(@extschema@.<), NEGATOR = OPERATOR(@extschema@.<=),
  RESTRICT = pg_catalog.scalargtsel, JOIN = pg_catalog.scalargtjoinsel
);

COMMENT ON OPERATOR @extschema@.< (@extschema@.ocop_code, @extschema@.ocop_code) IS 'less than, in hierarchical order';
COMMENT ON OPERATOR @extschema@.<= (@extschema@.ocop_code, @extschema@.ocop_code) IS 'less than or equal, in hierarchical order';
COMMENT ON OPERATOR @extschema@.= (@extschema@.ocop_code, @extschema@.ocop_code) IS 'equal';
COMMENT ON OPERATOR @extschema@.<> (@extschema@.ocop_code, @extschema@.ocop_code) IS 'not equal';
COMMENT ON OPERATOR @extschema@.>= (@extschema@.ocop_code, @extschema@.ocop_code) IS 'greater than or equal, in hierarchical order';
COMMENT ON OPERATOR @extschema@.> (@extschema@.ocop_code, @extschema@.ocop_code) IS 'greater than, in hierarchical order';

CREATE OPERATOR CLASS @extschema@.ocop_code_ops
  DEFAULT FOR TYPE @extschema@.ocop_code USING btree AS
    OPERATOR 1 @extschema@.<,
    OPERATOR 2 @extschema@.<=,
    OPERATOR 3 @extschema@.=,
    OPERATOR 4 @extschema@.>=,
    OPERATOR 5 @extschema@.>,
    FUNCTION 1 @extschema@.ocop_code_cmp(@extschema@.ocop_code, @extschema@.ocop_code),
    FUNCTION 2 @extschema@.ocop_code_sortsupport(internal),
    FUNCTION 4 pg_catalog.btequalimage(oid);

CREATE OPERATOR CLASS @extschema@.ocop_code_hash_ops
  DEFAULT FOR TYPE @extschema@.ocop_code USING hash AS
    OPERATOR 1 @extschema@.=,
    FUNCTION 1 @extschema@.ocop_code_hash(@extschema@.ocop_code),
    FUNCTION 2 @extschema@.ocop_code_hash_extended(@extschema@.ocop_code, int8);

COMMENT ON OPERATOR CLASS @extschema@.ocop_code_ops USING btree IS 'default btree operator class for ocop_code (hierarchical order)';
COMMENT ON OPERATOR CLASS @extschema@.ocop_code_hash_ops USING hash IS 'default hash operator class for ocop_code (hash = hashint8 of the packed value)';

CREATE AGGREGATE @extschema@.min(@extschema@.ocop_code) (
  SFUNC = @extschema@.ocop_code_smaller, STYPE = @extschema@.ocop_code,
  SORTOP = OPERATOR(@extschema@.<), COMBINEFUNC = @extschema@.ocop_code_smaller,
  PARALLEL = SAFE
);
CREATE AGGREGATE @extschema@.max(@extschema@.ocop_code) (
  SFUNC = @extschema@.ocop_code_larger, STYPE = @extschema@.ocop_code,
  SORTOP = OPERATOR(@extschema@.>), COMBINEFUNC = @extschema@.ocop_code_larger,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.min(@extschema@.ocop_code) IS 'smallest OCOP code in hierarchical order';
COMMENT ON AGGREGATE @extschema@.max(@extschema@.ocop_code) IS 'largest OCOP code in hierarchical order';

-- Casts to and from bigint (the packed decimal value PP DDD CCCCC SS YY NNNN).
CREATE FUNCTION @extschema@.ocop_code_to_bigint(@extschema@.ocop_code) RETURNS int8
  AS 'MODULE_PATHNAME', 'ocop_code_to_bigint' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.ocop_code_from_bigint(int8) RETURNS @extschema@.ocop_code
  AS 'MODULE_PATHNAME', 'ocop_code_from_bigint' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ocop_code_to_bigint(@extschema@.ocop_code) IS 'the packed value of an OCOP code: decimal digits PP DDD CCCCC SS YY NNNN';
COMMENT ON FUNCTION @extschema@.ocop_code_from_bigint(int8) IS 'an OCOP code from its packed value; every field is validated (22003)';
CREATE CAST (@extschema@.ocop_code AS int8) WITH FUNCTION @extschema@.ocop_code_to_bigint(@extschema@.ocop_code);
CREATE CAST (int8 AS @extschema@.ocop_code) WITH FUNCTION @extschema@.ocop_code_from_bigint(int8);
COMMENT ON CAST (@extschema@.ocop_code AS int8) IS 'the packed value PP DDD CCCCC SS YY NNNN';
COMMENT ON CAST (int8 AS @extschema@.ocop_code) IS 'an OCOP code from its packed value, validated (22003)';

-- Constructor and accessors.
CREATE FUNCTION @extschema@.ocop_code(province int4, commune int4, product_set int4, year int4,
                                      serial int4, district int4 DEFAULT NULL)
  RETURNS @extschema@.ocop_code
  AS 'MODULE_PATHNAME', 'ocop_code_make' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ocop_code(int4, int4, int4, int4, int4, int4) IS
  'builds an OCOP code and computes its check digit; a NULL district makes a two-level (post-2025) code; out-of-range fields raise 22003';

CREATE FUNCTION @extschema@.ocop_code_province(@extschema@.ocop_code) RETURNS int4
  AS 'MODULE_PATHNAME', 'ocop_code_province' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.ocop_code_district(@extschema@.ocop_code) RETURNS int4
  AS 'MODULE_PATHNAME', 'ocop_code_district' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.ocop_code_commune(@extschema@.ocop_code) RETURNS text
  AS 'MODULE_PATHNAME', 'ocop_code_commune' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.ocop_code_product_set(@extschema@.ocop_code) RETURNS int4
  AS 'MODULE_PATHNAME', 'ocop_code_product_set' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.ocop_code_year(@extschema@.ocop_code) RETURNS int4
  AS 'MODULE_PATHNAME', 'ocop_code_year' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.ocop_code_serial(@extschema@.ocop_code) RETURNS int4
  AS 'MODULE_PATHNAME', 'ocop_code_serial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.ocop_code_check_digit(@extschema@.ocop_code) RETURNS int4
  AS 'MODULE_PATHNAME', 'ocop_code_check' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.ocop_code_parts(code @extschema@.ocop_code,
    OUT province int4, OUT district int4, OUT commune text, OUT product_set int4,
    OUT year int4, OUT serial int4, OUT check_digit int4, OUT three_level bool)
  AS 'MODULE_PATHNAME', 'ocop_code_parts' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.ocop_code_is_valid(text) RETURNS bool
  AS 'MODULE_PATHNAME', 'ocop_code_is_valid' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.ocop_code_province(@extschema@.ocop_code) IS 'GSO province code (1-99)';
COMMENT ON FUNCTION @extschema@.ocop_code_district(@extschema@.ocop_code) IS 'GSO district code (1-999) of a three-level (pre-reform) code; NULL for a two-level code';
COMMENT ON FUNCTION @extschema@.ocop_code_commune(@extschema@.ocop_code) IS 'GSO commune code as five digits, e.g. ''00577''';
COMMENT ON FUNCTION @extschema@.ocop_code_product_set(@extschema@.ocop_code) IS 'product set (bo san pham 1-26 of Decision 148/QD-TTg; 0 = unspecified)';
COMMENT ON FUNCTION @extschema@.ocop_code_year(@extschema@.ocop_code) IS 'year of first recognition (2018-2099)';
COMMENT ON FUNCTION @extschema@.ocop_code_serial(@extschema@.ocop_code) IS 'serial number (1-9999)';
COMMENT ON FUNCTION @extschema@.ocop_code_check_digit(@extschema@.ocop_code) IS 'the Damm check digit of the code';
COMMENT ON FUNCTION @extschema@.ocop_code_parts(@extschema@.ocop_code) IS 'all fields of an OCOP code as one record';
COMMENT ON FUNCTION @extschema@.ocop_code_is_valid(text) IS 'true when the text is a valid ocop_code literal; never raises';

-- Area queries: ocop_code_in_area(code, 'PP' | 'PP-DDD' | 'PP-CCCCC' | 'PP-DDD-CCCCC').
-- The support function turns a constant area into a btree range condition.
CREATE FUNCTION @extschema@.ocop_code_in_area_support(internal) RETURNS internal
  AS 'MODULE_PATHNAME', 'ocop_code_in_area_support' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ocop_code_in_area_support(internal) IS 'planner support for ocop_code_in_area: btree range scans';
CREATE FUNCTION @extschema@.ocop_code_in_area(code @extschema@.ocop_code, area text) RETURNS bool
  AS 'MODULE_PATHNAME', 'ocop_code_in_area' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
  SUPPORT @extschema@.ocop_code_in_area_support;
COMMENT ON FUNCTION @extschema@.ocop_code_in_area(@extschema@.ocop_code, text) IS
  'true when the code lies in the area ''PP'' (province), ''PP-DDD'' (pre-reform district), ''PP-CCCCC'' (current commune, two-level codes) or ''PP-DDD-CCCCC'' (pre-reform commune); uses a btree index on the code';
