
-------------------------------------------------------------------------------
-- ocop_star: an OCOP star tier (1 to 5), one byte, passed by value; and the
-- programme's ranking rules as reference tables (doc/ocop_star.md).
-------------------------------------------------------------------------------

CREATE TYPE @extschema@.ocop_star;

CREATE FUNCTION @extschema@.ocop_star_in(cstring) RETURNS @extschema@.ocop_star
  AS 'MODULE_PATHNAME', 'ocop_star_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.ocop_star_out(@extschema@.ocop_star) RETURNS cstring
  AS 'MODULE_PATHNAME', 'ocop_star_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.ocop_star_recv(internal) RETURNS @extschema@.ocop_star
  AS 'MODULE_PATHNAME', 'ocop_star_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.ocop_star_send(@extschema@.ocop_star) RETURNS bytea
  AS 'MODULE_PATHNAME', 'ocop_star_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.ocop_star (
  INPUT = @extschema@.ocop_star_in,
  OUTPUT = @extschema@.ocop_star_out,
  RECEIVE = @extschema@.ocop_star_recv,
  SEND = @extschema@.ocop_star_send,
  INTERNALLENGTH = 1,
  PASSEDBYVALUE,
  ALIGNMENT = char,
  STORAGE = plain,
  CATEGORY = 'U'
);
COMMENT ON TYPE @extschema@.ocop_star IS
  'OCOP star tier, 1 to 5 (input 4, 4*, 4★, ★★★★, 4-star, 4 stars, 4 sao; output 4-star), one byte';
COMMENT ON FUNCTION @extschema@.ocop_star_in(cstring) IS 'text input of ocop_star (22P02 on anything but a tier 1-5 in one of the documented forms)';
COMMENT ON FUNCTION @extschema@.ocop_star_out(@extschema@.ocop_star) IS 'text output of ocop_star: ''4-star''';
COMMENT ON FUNCTION @extschema@.ocop_star_recv(internal) IS 'binary input of ocop_star: one byte 1-5 (22P03 otherwise)';
COMMENT ON FUNCTION @extschema@.ocop_star_send(@extschema@.ocop_star) IS 'binary output of ocop_star: one byte, the tier';

-- Comparison functions.
CREATE FUNCTION @extschema@.ocop_star_cmp(@extschema@.ocop_star, @extschema@.ocop_star) RETURNS int4
  AS 'MODULE_PATHNAME', 'ocop_star_cmp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.ocop_star_lt(@extschema@.ocop_star, @extschema@.ocop_star) RETURNS bool
  AS 'MODULE_PATHNAME', 'ocop_star_lt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.ocop_star_le(@extschema@.ocop_star, @extschema@.ocop_star) RETURNS bool
  AS 'MODULE_PATHNAME', 'ocop_star_le' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.ocop_star_eq(@extschema@.ocop_star, @extschema@.ocop_star) RETURNS bool
  AS 'MODULE_PATHNAME', 'ocop_star_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.ocop_star_ne(@extschema@.ocop_star, @extschema@.ocop_star) RETURNS bool
  AS 'MODULE_PATHNAME', 'ocop_star_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.ocop_star_ge(@extschema@.ocop_star, @extschema@.ocop_star) RETURNS bool
  AS 'MODULE_PATHNAME', 'ocop_star_ge' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.ocop_star_gt(@extschema@.ocop_star, @extschema@.ocop_star) RETURNS bool
  AS 'MODULE_PATHNAME', 'ocop_star_gt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.ocop_star_smaller(@extschema@.ocop_star, @extschema@.ocop_star) RETURNS @extschema@.ocop_star
  AS 'MODULE_PATHNAME', 'ocop_star_smaller' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.ocop_star_larger(@extschema@.ocop_star, @extschema@.ocop_star) RETURNS @extschema@.ocop_star
  AS 'MODULE_PATHNAME', 'ocop_star_larger' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.ocop_star_sortsupport(internal) RETURNS void
  AS 'MODULE_PATHNAME', 'ocop_star_sortsupport' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.ocop_star_hash(@extschema@.ocop_star) RETURNS int4
  AS 'MODULE_PATHNAME', 'ocop_star_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.ocop_star_hash_extended(@extschema@.ocop_star, int8) RETURNS int8
  AS 'MODULE_PATHNAME', 'ocop_star_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

COMMENT ON FUNCTION @extschema@.ocop_star_cmp(@extschema@.ocop_star, @extschema@.ocop_star) IS 'btree comparison of star tiers: -1, 0 or 1';
COMMENT ON FUNCTION @extschema@.ocop_star_lt(@extschema@.ocop_star, @extschema@.ocop_star) IS 'implementation of < for ocop_star';
COMMENT ON FUNCTION @extschema@.ocop_star_le(@extschema@.ocop_star, @extschema@.ocop_star) IS 'implementation of <= for ocop_star';
COMMENT ON FUNCTION @extschema@.ocop_star_eq(@extschema@.ocop_star, @extschema@.ocop_star) IS 'implementation of = for ocop_star';
COMMENT ON FUNCTION @extschema@.ocop_star_ne(@extschema@.ocop_star, @extschema@.ocop_star) IS 'implementation of <> for ocop_star';
COMMENT ON FUNCTION @extschema@.ocop_star_ge(@extschema@.ocop_star, @extschema@.ocop_star) IS 'implementation of >= for ocop_star';
COMMENT ON FUNCTION @extschema@.ocop_star_gt(@extschema@.ocop_star, @extschema@.ocop_star) IS 'implementation of > for ocop_star';
COMMENT ON FUNCTION @extschema@.ocop_star_smaller(@extschema@.ocop_star, @extschema@.ocop_star) IS 'the smaller of two star tiers (min aggregate)';
COMMENT ON FUNCTION @extschema@.ocop_star_larger(@extschema@.ocop_star, @extschema@.ocop_star) IS 'the larger of two star tiers (max aggregate)';
COMMENT ON FUNCTION @extschema@.ocop_star_sortsupport(internal) IS 'btree sort support for ocop_star';
COMMENT ON FUNCTION @extschema@.ocop_star_hash(@extschema@.ocop_star) IS 'hash of a star tier: equals hashint4(star::integer), stable across versions';
COMMENT ON FUNCTION @extschema@.ocop_star_hash_extended(@extschema@.ocop_star, int8) IS 'seeded hash of a star tier: equals hashint4extended(star::integer, seed)';

CREATE OPERATOR @extschema@.< (
  LEFTARG = @extschema@.ocop_star, RIGHTARG = @extschema@.ocop_star,
  FUNCTION = @extschema@.ocop_star_lt,
  COMMUTATOR = OPERATOR(@extschema@.>), NEGATOR = OPERATOR(@extschema@.>=),
  RESTRICT = pg_catalog.scalarltsel, JOIN = pg_catalog.scalarltjoinsel
);
CREATE OPERATOR @extschema@.<= (
  LEFTARG = @extschema@.ocop_star, RIGHTARG = @extschema@.ocop_star,
  FUNCTION = @extschema@.ocop_star_le,
  COMMUTATOR = OPERATOR(@extschema@.>=), NEGATOR = OPERATOR(@extschema@.>),
  RESTRICT = pg_catalog.scalarlesel, JOIN = pg_catalog.scalarlejoinsel
);
CREATE OPERATOR @extschema@.= (
  LEFTARG = @extschema@.ocop_star, RIGHTARG = @extschema@.ocop_star,
  FUNCTION = @extschema@.ocop_star_eq,
  COMMUTATOR = OPERATOR(@extschema@.=), NEGATOR = OPERATOR(@extschema@.<>),
  RESTRICT = pg_catalog.eqsel, JOIN = pg_catalog.eqjoinsel,
  HASHES, MERGES
);
CREATE OPERATOR @extschema@.<> (
  LEFTARG = @extschema@.ocop_star, RIGHTARG = @extschema@.ocop_star,
  FUNCTION = @extschema@.ocop_star_ne,
  COMMUTATOR = OPERATOR(@extschema@.<>), NEGATOR = OPERATOR(@extschema@.=),
  RESTRICT = pg_catalog.neqsel, JOIN = pg_catalog.neqjoinsel
);
CREATE OPERATOR @extschema@.>= (
  LEFTARG = @extschema@.ocop_star, RIGHTARG = @extschema@.ocop_star,
  FUNCTION = @extschema@.ocop_star_ge,
  COMMUTATOR = OPERATOR(@extschema@.<=), NEGATOR = OPERATOR(@extschema@.<),
  RESTRICT = pg_catalog.scalargesel, JOIN = pg_catalog.scalargejoinsel
);
CREATE OPERATOR @extschema@.> (
  LEFTARG = @extschema@.ocop_star, RIGHTARG = @extschema@.ocop_star,
  FUNCTION = @extschema@.ocop_star_gt,
  COMMUTATOR = OPERATOR(@extschema@.<), NEGATOR = OPERATOR(@extschema@.<=),
  RESTRICT = pg_catalog.scalargtsel, JOIN = pg_catalog.scalargtjoinsel
);
COMMENT ON OPERATOR @extschema@.< (@extschema@.ocop_star, @extschema@.ocop_star) IS 'fewer stars than';
COMMENT ON OPERATOR @extschema@.<= (@extschema@.ocop_star, @extschema@.ocop_star) IS 'at most as many stars as';
COMMENT ON OPERATOR @extschema@.= (@extschema@.ocop_star, @extschema@.ocop_star) IS 'same star tier';
COMMENT ON OPERATOR @extschema@.<> (@extschema@.ocop_star, @extschema@.ocop_star) IS 'different star tier';
COMMENT ON OPERATOR @extschema@.>= (@extschema@.ocop_star, @extschema@.ocop_star) IS 'at least as many stars as';
COMMENT ON OPERATOR @extschema@.> (@extschema@.ocop_star, @extschema@.ocop_star) IS 'more stars than';

CREATE OPERATOR CLASS @extschema@.ocop_star_ops
  DEFAULT FOR TYPE @extschema@.ocop_star USING btree AS
    OPERATOR 1 @extschema@.<,
    OPERATOR 2 @extschema@.<=,
    OPERATOR 3 @extschema@.=,
    OPERATOR 4 @extschema@.>=,
    OPERATOR 5 @extschema@.>,
    FUNCTION 1 @extschema@.ocop_star_cmp(@extschema@.ocop_star, @extschema@.ocop_star),
    FUNCTION 2 @extschema@.ocop_star_sortsupport(internal),
    FUNCTION 4 pg_catalog.btequalimage(oid);
COMMENT ON OPERATOR FAMILY @extschema@.ocop_star_ops USING btree IS 'btree operator family of ocop_star';
COMMENT ON OPERATOR CLASS @extschema@.ocop_star_ops USING btree IS 'default btree operator class of ocop_star (1 < 2 < ... < 5 stars); supports deduplication';

CREATE OPERATOR CLASS @extschema@.ocop_star_hash_ops
  DEFAULT FOR TYPE @extschema@.ocop_star USING hash AS
    OPERATOR 1 @extschema@.=,
    FUNCTION 1 @extschema@.ocop_star_hash(@extschema@.ocop_star),
    FUNCTION 2 @extschema@.ocop_star_hash_extended(@extschema@.ocop_star, int8);
COMMENT ON OPERATOR FAMILY @extschema@.ocop_star_hash_ops USING hash IS 'hash operator family of ocop_star';
COMMENT ON OPERATOR CLASS @extschema@.ocop_star_hash_ops USING hash IS 'default hash operator class of ocop_star; hash values equal those of star::integer';

-- Aggregates: min, max, avg (numeric, like avg(smallint)).
CREATE AGGREGATE @extschema@.min(@extschema@.ocop_star) (
  SFUNC = @extschema@.ocop_star_smaller, STYPE = @extschema@.ocop_star,
  SORTOP = OPERATOR(@extschema@.<), COMBINEFUNC = @extschema@.ocop_star_smaller,
  PARALLEL = SAFE
);
CREATE AGGREGATE @extschema@.max(@extschema@.ocop_star) (
  SFUNC = @extschema@.ocop_star_larger, STYPE = @extschema@.ocop_star,
  SORTOP = OPERATOR(@extschema@.>), COMBINEFUNC = @extschema@.ocop_star_larger,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.min(@extschema@.ocop_star) IS 'lowest star tier';
COMMENT ON AGGREGATE @extschema@.max(@extschema@.ocop_star) IS 'highest star tier';

CREATE FUNCTION @extschema@.ocop_star_avg_accum(int8[], @extschema@.ocop_star) RETURNS int8[]
  AS 'MODULE_PATHNAME', 'ocop_star_avg_accum' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.ocop_star_avg_accum_inv(int8[], @extschema@.ocop_star) RETURNS int8[]
  AS 'MODULE_PATHNAME', 'ocop_star_avg_accum_inv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ocop_star_avg_accum(int8[], @extschema@.ocop_star) IS 'avg(ocop_star) transition: adds to the {count, sum} state';
COMMENT ON FUNCTION @extschema@.ocop_star_avg_accum_inv(int8[], @extschema@.ocop_star) IS 'avg(ocop_star) inverse transition for moving windows';
CREATE AGGREGATE @extschema@.avg(@extschema@.ocop_star) (
  SFUNC = @extschema@.ocop_star_avg_accum, STYPE = int8[],
  FINALFUNC = pg_catalog.int8_avg, COMBINEFUNC = pg_catalog.int4_avg_combine,
  INITCOND = '{0,0}',
  MSFUNC = @extschema@.ocop_star_avg_accum, MINVFUNC = @extschema@.ocop_star_avg_accum_inv,
  MSTYPE = int8[], MFINALFUNC = pg_catalog.int8_avg, MINITCOND = '{0,0}',
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.avg(@extschema@.ocop_star) IS 'mean number of stars, as numeric (like avg(smallint))';

-- Explicit casts to and from integer.
CREATE FUNCTION @extschema@.ocop_star_to_int4(@extschema@.ocop_star) RETURNS int4
  AS 'MODULE_PATHNAME', 'ocop_star_to_int4' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.ocop_star_from_int4(int4) RETURNS @extschema@.ocop_star
  AS 'MODULE_PATHNAME', 'ocop_star_from_int4' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ocop_star_to_int4(@extschema@.ocop_star) IS 'the number of stars, 1-5';
COMMENT ON FUNCTION @extschema@.ocop_star_from_int4(int4) IS 'a star tier from its number; 22003 outside 1-5';
CREATE CAST (@extschema@.ocop_star AS int4) WITH FUNCTION @extschema@.ocop_star_to_int4(@extschema@.ocop_star);
CREATE CAST (int4 AS @extschema@.ocop_star) WITH FUNCTION @extschema@.ocop_star_from_int4(int4);
COMMENT ON CAST (@extschema@.ocop_star AS int4) IS 'explicit: the number of stars';
COMMENT ON CAST (int4 AS @extschema@.ocop_star) IS 'explicit: a tier from its number, 22003 outside 1-5';

-- Labels and recognition.
CREATE FUNCTION @extschema@.ocop_star_label(star @extschema@.ocop_star, style text DEFAULT 'en') RETURNS text
  AS 'MODULE_PATHNAME', 'ocop_star_label_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ocop_star_label(@extschema@.ocop_star, text) IS
  'label of a star tier: style ''en'' → 4-star, ''vi'' → 4 sao, ''stars'' → ★★★★☆; another style raises 22023';
CREATE FUNCTION @extschema@.ocop_star_is_recognized(@extschema@.ocop_star) RETURNS bool
  AS 'MODULE_PATHNAME', 'ocop_star_is_recognized' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.ocop_star_is_recognized(@extschema@.ocop_star) IS
  'true from 3 stars: only 3★, 4★ and 5★ products are recognised (certified) under Decisions 1048/QĐ-TTg and 148/QĐ-TTg';

-------------------------------------------------------------------------------
-- The rules as data.  Every row cites its source; doc/ocop_star.md has the
-- full references.  Dates are inclusive (in_force_to / valid_to is the last
-- day; NULL = still in force).
-------------------------------------------------------------------------------

CREATE TABLE @extschema@.ocop_ranking_regime (
  regime          text PRIMARY KEY,
  decision        text NOT NULL,
  signed_on       date NOT NULL,
  in_force_from   date NOT NULL,
  in_force_to     date,
  part_a_max      numeric NOT NULL CHECK (part_a_max > 0),
  part_b_max      numeric NOT NULL CHECK (part_b_max > 0),
  part_c_max      numeric NOT NULL CHECK (part_c_max > 0),
  validity_months int4 NOT NULL CHECK (validity_months > 0),
  amended_by      text,
  source          text NOT NULL,
  CHECK (part_a_max + part_b_max + part_c_max = 100),
  CHECK (in_force_to IS NULL OR in_force_to >= in_force_from)
);
COMMENT ON TABLE @extschema@.ocop_ranking_regime IS
  'OCOP ranking regimes (Bộ tiêu chí OCOP): deciding act, period in force, maximum points of parts A (product and community strength), B (marketing), C (quality), certificate validity';
COMMENT ON COLUMN @extschema@.ocop_ranking_regime.regime IS 'key: ''1048/2019'' or ''148/2023''';
COMMENT ON COLUMN @extschema@.ocop_ranking_regime.in_force_to IS 'last day in force; NULL while in force';
COMMENT ON COLUMN @extschema@.ocop_ranking_regime.validity_months IS 'validity of a certificate, in months from the recognition decision';

INSERT INTO @extschema@.ocop_ranking_regime VALUES
  ('1048/2019', 'Quyết định 1048/QĐ-TTg', '2019-08-21', '2019-08-21', '2023-02-23', 35, 25, 40, 36,
   'Quyết định 781/QĐ-TTg ngày 08/6/2020 (Phụ lục)',
   'QĐ 1048/QĐ-TTg ngày 21/8/2019, Phụ lục I-II (Phần A 35, B 25, C 40 điểm; giấy chứng nhận 36 tháng); thay thế bởi QĐ 148/QĐ-TTg ngày 24/02/2023'),
  ('148/2023', 'Quyết định 148/QĐ-TTg', '2023-02-24', '2023-02-24', NULL, 40, 25, 35, 36,
   'Quyết định 1489/QĐ-TTg ngày 06/7/2025 (Phụ lục II: quy trình hai cấp)',
   'QĐ 148/QĐ-TTg ngày 24/02/2023, hiệu lực từ ngày ký, Phụ lục I-III (Phần A 40, B 25, C 35 điểm; giấy chứng nhận 36 tháng)');

CREATE TABLE @extschema@.ocop_ranking_band (
  regime      text NOT NULL REFERENCES @extschema@.ocop_ranking_regime,
  star        @extschema@.ocop_star NOT NULL,
  score_range numrange NOT NULL CHECK (NOT pg_catalog.isempty(score_range)),
  recognized  bool NOT NULL,
  meaning_vi  text NOT NULL,
  source      text NOT NULL,
  PRIMARY KEY (regime, star)
);
COMMENT ON TABLE @extschema@.ocop_ranking_band IS
  'score bands of each regime: total score (out of 100) in score_range gives the tier; half-open [lo,hi) except the top band [90,100]';
COMMENT ON COLUMN @extschema@.ocop_ranking_band.recognized IS 'true when a product in this band is recognised (certified): 3★ and above';

INSERT INTO @extschema@.ocop_ranking_band
SELECT r.regime, b.star::@extschema@.ocop_star, b.score_range::numrange, b.recognized, b.meaning_vi,
       r.decision OPERATOR(pg_catalog.||) ', Phụ lục I, mục phân hạng sản phẩm'
FROM @extschema@.ocop_ranking_regime r,
     (VALUES (1, '[0,30)',   false, 'tổng điểm dưới 30'),
             (2, '[30,50)',  false, 'tổng điểm từ 30 đến dưới 50'),
             (3, '[50,70)',  true,  'tổng điểm từ 50 đến dưới 70'),
             (4, '[70,90)',  true,  'tổng điểm từ 70 đến dưới 90'),
             (5, '[90,100]', true,  'tổng điểm từ 90 đến 100')) AS b(star, score_range, recognized, meaning_vi);

-- The names of the certifying levels for people (ocop_certifier(..., lang)):
-- the English name is the key itself, the Vietnamese one is the decisions'.
CREATE TABLE @extschema@.ocop_certifying_level_name (
  level   text PRIMARY KEY CHECK (level IN ('district', 'province', 'central')),
  name_vi text NOT NULL UNIQUE,
  source  text NOT NULL
);
COMMENT ON TABLE @extschema@.ocop_certifying_level_name IS
  'names of the certifying levels: level is the English name (''district'', ''province'', ''central''), name_vi the Vietnamese one of the decisions (cấp huyện, cấp tỉnh, cấp trung ương)';

INSERT INTO @extschema@.ocop_certifying_level_name VALUES
  ('district', 'cấp huyện', 'QĐ 148/QĐ-TTg, Phụ lục II: cấp huyện đánh giá, công nhận sản phẩm 3 sao (đến 30/6/2025)'),
  ('province', 'cấp tỉnh', 'QĐ 148/QĐ-TTg, Phụ lục II: cấp tỉnh đánh giá, công nhận sản phẩm 4 sao; QĐ 1489/QĐ-TTg: cả 3 sao từ 7/2025'),
  ('central', 'cấp trung ương', 'QĐ 148/QĐ-TTg, Phụ lục II: cấp trung ương đánh giá, công nhận sản phẩm OCOP 5 sao');

CREATE TABLE @extschema@.ocop_certifying_level (
  regime       text NOT NULL REFERENCES @extschema@.ocop_ranking_regime,
  star         @extschema@.ocop_star NOT NULL,
  valid_from   date NOT NULL,
  valid_to     date,
  level        text NOT NULL CHECK (level IN ('district', 'province', 'central'))
                 REFERENCES @extschema@.ocop_certifying_level_name,
  authority_vi text NOT NULL,
  source       text NOT NULL,
  PRIMARY KEY (regime, star, valid_from),
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
COMMENT ON TABLE @extschema@.ocop_certifying_level IS
  'who evaluates and certifies each recognised tier, by regime and period (district, province or central level)';
COMMENT ON COLUMN @extschema@.ocop_certifying_level.valid_to IS 'last day of this arrangement; NULL while current';

INSERT INTO @extschema@.ocop_certifying_level VALUES
  ('1048/2019', '3', '2019-08-21', '2023-02-23', 'province', 'UBND cấp tỉnh',
   'QĐ 1048/QĐ-TTg, Phụ lục II: UBND cấp tỉnh công nhận và cấp giấy chứng nhận sản phẩm đạt 3 và 4 sao'),
  ('1048/2019', '4', '2019-08-21', '2023-02-23', 'province', 'UBND cấp tỉnh',
   'QĐ 1048/QĐ-TTg, Phụ lục II: UBND cấp tỉnh công nhận và cấp giấy chứng nhận sản phẩm đạt 3 và 4 sao'),
  ('1048/2019', '5', '2019-08-21', '2023-02-23', 'central', 'Bộ Nông nghiệp và Phát triển nông thôn',
   'QĐ 1048/QĐ-TTg, Phụ lục II: Hội đồng cấp trung ương đánh giá; Bộ NN&PTNT công nhận sản phẩm OCOP 5 sao (cấp quốc gia)'),
  ('148/2023', '3', '2023-02-24', '2025-06-30', 'district', 'UBND cấp huyện',
   'QĐ 148/QĐ-TTg, Phụ lục II: UBND cấp huyện đánh giá, công nhận sản phẩm 3 sao'),
  ('148/2023', '3', '2025-07-01', NULL, 'province', 'UBND cấp tỉnh',
   'Cấp huyện chấm dứt hoạt động từ 01/7/2025 (Luật Tổ chức chính quyền địa phương số 72/2025/QH15); QĐ 1489/QĐ-TTg ngày 06/7/2025 sửa Phụ lục II QĐ 148: chuyển đánh giá, công nhận 3 sao lên cấp tỉnh (01-05/7/2025: thực tiễn áp dụng, không còn cấp huyện)'),
  ('148/2023', '4', '2023-02-24', NULL, 'province', 'UBND cấp tỉnh',
   'QĐ 148/QĐ-TTg, Phụ lục II: UBND cấp tỉnh đánh giá, công nhận sản phẩm 4 sao (giữ nguyên theo QĐ 1489/QĐ-TTg)'),
  ('148/2023', '5', '2023-02-24', NULL, 'central', 'Bộ Nông nghiệp và Phát triển nông thôn (từ 03/2025: Bộ Nông nghiệp và Môi trường)',
   'QĐ 148/QĐ-TTg, Phụ lục II: cấp trung ương đánh giá, công nhận sản phẩm OCOP 5 sao (cấp quốc gia)');

-- Product classification (Decision 148: 26 bộ sản phẩm; Decision 1048: 26
-- phân nhóm).  Rows are generated from data/ocop_product_taxonomy.csv by
-- scripts/gen-taxonomy into sql/features/11_ocop_taxonomy_data.sql.
CREATE TABLE @extschema@.ocop_product_set (
  scheme      text NOT NULL REFERENCES @extschema@.ocop_ranking_regime,
  product_set int4 NOT NULL CHECK (product_set BETWEEN 1 AND 26),
  nganh_no    int4 NOT NULL CHECK (nganh_no BETWEEN 1 AND 6),
  nganh_vi    text NOT NULL,
  nganh_en    text NOT NULL,
  nhom_vi     text NOT NULL,
  nhom_en     text NOT NULL,
  name_vi     text NOT NULL,
  name_en     text NOT NULL,
  source      text NOT NULL,
  PRIMARY KEY (scheme, product_set)
);
COMMENT ON TABLE @extschema@.ocop_product_set IS
  'OCOP product classification: for scheme ''148/2023'' the 26 bộ sản phẩm in 6 ngành and 17 nhóm (the product set of ocop_code); for ''1048/2019'' the 26 phân nhóm in 6 ngành and 16 nhóm';
COMMENT ON COLUMN @extschema@.ocop_product_set.product_set IS 'bộ sản phẩm (148/2023) or phân nhóm (1048/2019) number, 1-26; ocop_code_product_set(code) joins here with scheme ''148/2023''';
COMMENT ON COLUMN @extschema@.ocop_product_set.nganh_no IS 'ngành (sector) number, 1-6';
COMMENT ON COLUMN @extschema@.ocop_product_set.nhom_vi IS 'nhóm (group) name in Vietnamese';

GRANT SELECT ON @extschema@.ocop_ranking_regime, @extschema@.ocop_ranking_band,
  @extschema@.ocop_certifying_level, @extschema@.ocop_product_set TO PUBLIC;
GRANT SELECT ON @extschema@.ocop_certifying_level_name TO PUBLIC;

-------------------------------------------------------------------------------
-- Rule functions.  Those that read the tables are STABLE (table contents may
-- change with an extension update); those computed from their arguments only
-- are IMMUTABLE.  Bodies parsed at call time (PL/pgSQL) also pin
-- search_path to pg_catalog, pg_temp (since 0.2.0): their references are all
-- qualified, and the pin keeps it so if one is ever missed.
-------------------------------------------------------------------------------

CREATE FUNCTION @extschema@.ocop_regime_in_force(on_date date) RETURNS text
  LANGUAGE SQL STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
  SELECT r.regime FROM @extschema@.ocop_ranking_regime r
   WHERE r.in_force_from OPERATOR(pg_catalog.<=) on_date
     AND (r.in_force_to IS NULL OR on_date OPERATOR(pg_catalog.<=) r.in_force_to);
END;
COMMENT ON FUNCTION @extschema@.ocop_regime_in_force(date) IS
  'the ranking regime (''1048/2019'' or ''148/2023'') in force on a date; NULL before 21 August 2019';

CREATE FUNCTION @extschema@.ocop_star_from_score(score numeric, regime text DEFAULT '148/2023')
  RETURNS @extschema@.ocop_star
  LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  result @extschema@.ocop_star;
BEGIN
  IF NOT EXISTS (SELECT FROM @extschema@.ocop_ranking_regime r WHERE r.regime OPERATOR(pg_catalog.=) $2) THEN
    RAISE EXCEPTION 'unknown OCOP ranking regime: "%"', $2
      USING ERRCODE = 'invalid_parameter_value',
            DETAIL = 'Known regimes are listed in ocop_ranking_regime (''1048/2019'', ''148/2023'').';
  END IF;
  SELECT b.star INTO result FROM @extschema@.ocop_ranking_band b
   WHERE b.regime OPERATOR(pg_catalog.=) $2 AND b.score_range OPERATOR(pg_catalog.@>) $1;
  IF result IS NULL THEN
    RAISE EXCEPTION 'OCOP score % is out of range', $1
      USING ERRCODE = 'numeric_value_out_of_range',
            DETAIL = 'A total score is from 0 to 100 points.';
  END IF;
  RETURN result;
END;
$$;
COMMENT ON FUNCTION @extschema@.ocop_star_from_score(numeric, text) IS
  'star tier of a total score (0-100) under a regime (default ''148/2023''): [0,30) 1★ … [90,100] 5★; 22003 outside [0,100], 22023 unknown regime';

CREATE FUNCTION @extschema@.ocop_star_from_parts(part_a numeric, part_b numeric, part_c numeric,
                                                 regime text DEFAULT '148/2023')
  RETURNS @extschema@.ocop_star
  LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  r @extschema@.ocop_ranking_regime;
BEGIN
  SELECT * INTO r FROM @extschema@.ocop_ranking_regime x WHERE x.regime OPERATOR(pg_catalog.=) $4;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'unknown OCOP ranking regime: "%"', $4
      USING ERRCODE = 'invalid_parameter_value',
            DETAIL = 'Known regimes are listed in ocop_ranking_regime (''1048/2019'', ''148/2023'').';
  END IF;
  IF $1 OPERATOR(pg_catalog.<) 0 OR $1 OPERATOR(pg_catalog.>) r.part_a_max THEN
    RAISE EXCEPTION 'OCOP part A score % is out of range', $1
      USING ERRCODE = 'numeric_value_out_of_range',
            DETAIL = pg_catalog.format('Part A (product and community strength) is from 0 to %s points under regime %s.', r.part_a_max, r.regime);
  END IF;
  IF $2 OPERATOR(pg_catalog.<) 0 OR $2 OPERATOR(pg_catalog.>) r.part_b_max THEN
    RAISE EXCEPTION 'OCOP part B score % is out of range', $2
      USING ERRCODE = 'numeric_value_out_of_range',
            DETAIL = pg_catalog.format('Part B (marketing) is from 0 to %s points under regime %s.', r.part_b_max, r.regime);
  END IF;
  IF $3 OPERATOR(pg_catalog.<) 0 OR $3 OPERATOR(pg_catalog.>) r.part_c_max THEN
    RAISE EXCEPTION 'OCOP part C score % is out of range', $3
      USING ERRCODE = 'numeric_value_out_of_range',
            DETAIL = pg_catalog.format('Part C (product quality) is from 0 to %s points under regime %s.', r.part_c_max, r.regime);
  END IF;
  RETURN @extschema@.ocop_star_from_score($1 OPERATOR(pg_catalog.+) $2 OPERATOR(pg_catalog.+) $3, $4);
END;
$$;
COMMENT ON FUNCTION @extschema@.ocop_star_from_parts(numeric, numeric, numeric, text) IS
  'star tier from the scores of parts A, B and C; each is checked against its maximum under the regime (148/2023: 40/25/35; 1048/2019: 35/25/40), 22003 when above';

CREATE FUNCTION @extschema@.ocop_certifier(star @extschema@.ocop_star, decided date) RETURNS text
  LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  in_force text := @extschema@.ocop_regime_in_force($2);
  result text;
BEGIN
  IF NOT @extschema@.ocop_star_is_recognized($1) THEN
    RAISE EXCEPTION 'OCOP tier % is never certified', $1
      USING ERRCODE = 'invalid_parameter_value',
            DETAIL = 'Only 3-star, 4-star and 5-star products are recognised.';
  END IF;
  IF in_force IS NULL THEN
    RAISE EXCEPTION 'no OCOP ranking regime was in force on %', $2
      USING ERRCODE = 'invalid_parameter_value',
            DETAIL = 'The regimes in ocop_ranking_regime start on 21 August 2019 (Decision 1048/QĐ-TTg).';
  END IF;
  SELECT c.level INTO result FROM @extschema@.ocop_certifying_level c
   WHERE c.regime OPERATOR(pg_catalog.=) in_force AND c.star OPERATOR(@extschema@.=) $1
     AND c.valid_from OPERATOR(pg_catalog.<=) $2
     AND (c.valid_to IS NULL OR $2 OPERATOR(pg_catalog.<=) c.valid_to);
  IF result IS NULL THEN
    RAISE EXCEPTION 'no certifying level recorded for % on %', $1, $2
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  RETURN result;
END;
$$;
COMMENT ON FUNCTION @extschema@.ocop_certifier(@extschema@.ocop_star, date) IS
  'level that certifies a tier on a decision date: ''district'', ''province'' or ''central'' (from ocop_certifying_level); 22023 for 1★/2★ or a date before 21 August 2019';


-- The 0.2.0 signature stays as it was (a user's view or index calling it
-- keeps working through ALTER EXTENSION UPDATE); the language is a third,
-- required argument of an overload of its own (no DEFAULT, so that no call is
-- ambiguous between the two).
CREATE FUNCTION @extschema@.ocop_certifier(star @extschema@.ocop_star, decided date, lang text)
  RETURNS text
  LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  in_force text;
  result text;
BEGIN
  IF $3 OPERATOR(pg_catalog.<>) 'vi' AND $3 OPERATOR(pg_catalog.<>) 'en' THEN
    RAISE EXCEPTION 'invalid language for ocop_certifier: "%"', $3
      USING ERRCODE = 'invalid_parameter_value', DETAIL = 'The language (parameter lang) must be ''vi'' or ''en''.';
  END IF;
  IF NOT @extschema@.ocop_star_is_recognized($1) THEN
    RAISE EXCEPTION 'OCOP tier % is never certified', $1
      USING ERRCODE = 'invalid_parameter_value',
            DETAIL = 'Only 3-star, 4-star and 5-star products are recognised.';
  END IF;
  in_force := @extschema@.ocop_regime_in_force($2);
  IF in_force IS NULL THEN
    RAISE EXCEPTION 'no OCOP ranking regime was in force on %', $2
      USING ERRCODE = 'invalid_parameter_value',
            DETAIL = 'The regimes in ocop_ranking_regime start on 21 August 2019 (Decision 1048/QĐ-TTg).';
  END IF;
  SELECT CASE WHEN $3 OPERATOR(pg_catalog.=) 'vi' THEN n.name_vi ELSE c.level END INTO result
    FROM @extschema@.ocop_certifying_level c
    JOIN @extschema@.ocop_certifying_level_name n ON n.level OPERATOR(pg_catalog.=) c.level
   WHERE c.regime OPERATOR(pg_catalog.=) in_force AND c.star OPERATOR(@extschema@.=) $1
     AND c.valid_from OPERATOR(pg_catalog.<=) $2
     AND (c.valid_to IS NULL OR $2 OPERATOR(pg_catalog.<=) c.valid_to);
  IF result IS NULL THEN
    RAISE EXCEPTION 'no certifying level recorded for % on %', $1, $2
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  RETURN result;
END;
$$;
COMMENT ON FUNCTION @extschema@.ocop_certifier(@extschema@.ocop_star, date, text) IS
  'level that certifies a tier on a decision date (from ocop_certifying_level): lang ''en'' → ''district'', ''province'' or ''central''; ''vi'' → cấp huyện, cấp tỉnh, cấp trung ương (ocop_certifying_level_name); 22023 for 1★/2★, a date before 21 August 2019 or another language';

CREATE FUNCTION @extschema@.ocop_certificate_expiry(decided date) RETURNS date
  LANGUAGE SQL IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
  SELECT CAST(decided OPERATOR(pg_catalog.+) CAST('36 months' AS pg_catalog.interval) AS pg_catalog.date);
END;
COMMENT ON FUNCTION @extschema@.ocop_certificate_expiry(date) IS
  'last day of validity of an OCOP certificate: 36 months from the recognition decision (same day of the month, or the month''s last day: 2024-02-29 → 2027-02-28)';

CREATE FUNCTION @extschema@.ocop_certificate_status(decided date, at date DEFAULT CURRENT_DATE) RETURNS text
  LANGUAGE SQL IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
  SELECT CASE
           WHEN at OPERATOR(pg_catalog.<) decided THEN 'not_yet_valid'
           WHEN at OPERATOR(pg_catalog.<=) @extschema@.ocop_certificate_expiry(decided) THEN 'active'
           ELSE 'expired'
         END;
END;
COMMENT ON FUNCTION @extschema@.ocop_certificate_status(date, date) IS
  '''active'' from the decision date to the expiry date inclusive, ''expired'' after, ''not_yet_valid'' before the decision; the default at = CURRENT_DATE makes a call without it STABLE';

-- The 0.2.0 signature stays as it was (a user's view or index calling it
-- keeps working through ALTER EXTENSION UPDATE); the language is a third,
-- required argument of an overload of its own (no DEFAULT, so that no call is
-- ambiguous between the two).
CREATE FUNCTION @extschema@.ocop_certificate_status(decided date, at date, lang text)
  RETURNS text
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  status int4;
BEGIN
  IF $3 OPERATOR(pg_catalog.<>) 'vi' AND $3 OPERATOR(pg_catalog.<>) 'en' THEN
    RAISE EXCEPTION 'invalid language for ocop_certificate_status: "%"', $3
      USING ERRCODE = 'invalid_parameter_value', DETAIL = 'The language (parameter lang) must be ''vi'' or ''en''.';
  END IF;
  status := CASE WHEN $2 OPERATOR(pg_catalog.<) $1 THEN 1
                 WHEN $2 OPERATOR(pg_catalog.<=) @extschema@.ocop_certificate_expiry($1) THEN 2
                 ELSE 3 END;
  IF $3 OPERATOR(pg_catalog.=) 'vi' THEN
    RETURN (ARRAY['chưa có hiệu lực', 'còn hiệu lực', 'hết hiệu lực'])[status];
  END IF;
  RETURN (ARRAY['not_yet_valid', 'active', 'expired'])[status];
END;
$$;
COMMENT ON FUNCTION @extschema@.ocop_certificate_status(date, date, text) IS
  '''active'' from the decision date to the expiry date inclusive, ''expired'' after, ''not_yet_valid'' before the decision; lang ''vi'': còn hiệu lực, hết hiệu lực, chưa có hiệu lực; 22023 for another language (the two-argument form gives the English words)';

CREATE FUNCTION @extschema@.ocop_product_set_name(product_set int4, lang text DEFAULT 'vi') RETURNS text
  LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  result text;
BEGIN
  IF $2 OPERATOR(pg_catalog.<>) 'vi' AND $2 OPERATOR(pg_catalog.<>) 'en' THEN
    RAISE EXCEPTION 'invalid language for ocop_product_set_name: "%"', $2
      USING ERRCODE = 'invalid_parameter_value', DETAIL = 'The language must be ''vi'' or ''en''.';
  END IF;
  SELECT CASE WHEN $2 OPERATOR(pg_catalog.=) 'vi' THEN p.name_vi ELSE p.name_en END INTO result
    FROM @extschema@.ocop_product_set p
   WHERE p.scheme OPERATOR(pg_catalog.=) '148/2023' AND p.product_set OPERATOR(pg_catalog.=) $1;
  IF result IS NULL THEN
    RAISE EXCEPTION 'OCOP product set % does not exist', $1
      USING ERRCODE = 'invalid_parameter_value',
            DETAIL = 'A product set (bộ sản phẩm of Decision 148/QĐ-TTg) is from 1 to 26.';
  END IF;
  RETURN result;
END;
$$;
COMMENT ON FUNCTION @extschema@.ocop_product_set_name(int4, text) IS
  'name of a bộ sản phẩm (1-26) of Decision 148/QĐ-TTg in ''vi'' (default) or ''en''; 22023 outside 1-26 or for another language';
