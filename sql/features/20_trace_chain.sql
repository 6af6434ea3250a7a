
-------------------------------------------------------------------------------
-- trace_chain: one traced unit's hash-linked history of GS1 EPCIS 2.0 events.
-- See doc/trace_chain.md.
-------------------------------------------------------------------------------

CREATE TYPE @extschema@.trace_chain;

CREATE FUNCTION @extschema@.trace_chain_in(cstring) RETURNS @extschema@.trace_chain
  AS 'MODULE_PATHNAME', 'trace_chain_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.trace_chain_out(@extschema@.trace_chain) RETURNS cstring
  AS 'MODULE_PATHNAME', 'trace_chain_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.trace_chain_recv(internal) RETURNS @extschema@.trace_chain
  AS 'MODULE_PATHNAME', 'trace_chain_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.trace_chain_send(@extschema@.trace_chain) RETURNS bytea
  AS 'MODULE_PATHNAME', 'trace_chain_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.trace_chain (
  INPUT = @extschema@.trace_chain_in,
  OUTPUT = @extschema@.trace_chain_out,
  RECEIVE = @extschema@.trace_chain_recv,
  SEND = @extschema@.trace_chain_send,
  INTERNALLENGTH = VARIABLE,
  ALIGNMENT = int4,
  STORAGE = extended,
  CATEGORY = 'U'
);
COMMENT ON TYPE @extschema@.trace_chain IS
  'traceability chain: ordered GS1 EPCIS 2.0 events of one lot or product, each hash-linked by SHA-256 to the one before; text form a JSON array of events';
COMMENT ON FUNCTION @extschema@.trace_chain_in(cstring) IS 'text input of trace_chain: a JSON array of event objects; computes missing hashes and checks given ones';
COMMENT ON FUNCTION @extschema@.trace_chain_out(@extschema@.trace_chain) IS 'text output of trace_chain: a JSON array of canonical event objects with their "hash"';
COMMENT ON FUNCTION @extschema@.trace_chain_recv(internal) IS 'binary input of trace_chain (format version byte first); validates every event and recomputes every hash';
COMMENT ON FUNCTION @extschema@.trace_chain_send(@extschema@.trace_chain) IS 'binary output of trace_chain: format version byte, then the stored form';

-- Appending.
CREATE FUNCTION @extschema@.trace_append(chain @extschema@.trace_chain, bizstep text, at timestamptz,
    actor text DEFAULT NULL, place text DEFAULT NULL, lot text DEFAULT NULL,
    quantity numeric DEFAULT NULL, uom text DEFAULT NULL, lon float8 DEFAULT NULL,
    lat float8 DEFAULT NULL, disposition text DEFAULT NULL)
  RETURNS @extschema@.trace_chain
  AS 'MODULE_PATHNAME', 'trace_append' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.trace_append(@extschema@.trace_chain, text, timestamptz, text, text, text, numeric, text, float8, float8, text) IS
  'the chain with one more ObjectEvent (action OBSERVE, eventTime in UTC); a NULL chain is the empty chain';

CREATE FUNCTION @extschema@.trace_append(chain @extschema@.trace_chain, event jsonb)
  RETURNS @extschema@.trace_chain
  AS 'MODULE_PATHNAME', 'trace_append_jsonb' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.trace_append(@extschema@.trace_chain, jsonb) IS
  'the chain with one more event given as a JSON object (EPCIS fields and the OCOP fields); a NULL chain is the empty chain';

-- Accessors.
CREATE FUNCTION @extschema@.trace_head(chain @extschema@.trace_chain) RETURNS bytea
  AS 'MODULE_PATHNAME', 'trace_head' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.trace_head(@extschema@.trace_chain) IS
  'the chain''s head: the SHA-256 hash of its last event (32 bytes), NULL for the empty chain';

CREATE FUNCTION @extschema@.trace_length(chain @extschema@.trace_chain) RETURNS int4
  AS 'MODULE_PATHNAME', 'trace_length' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.trace_length(@extschema@.trace_chain) IS 'number of events in the chain';

CREATE FUNCTION @extschema@.trace_verify(chain @extschema@.trace_chain, expected_head bytea) RETURNS boolean
  AS 'MODULE_PATHNAME', 'trace_verify' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.trace_verify(@extschema@.trace_chain, bytea) IS
  'true when every hash recomputed from the events matches and the head equals expected_head (false for the empty chain)';

CREATE FUNCTION @extschema@.trace_verify(chain @extschema@.trace_chain) RETURNS boolean
  AS 'MODULE_PATHNAME', 'trace_verify_self' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.trace_verify(@extschema@.trace_chain) IS
  'true when every stored hash equals the hash recomputed from the events';

CREATE FUNCTION @extschema@.trace_is_prefix(a @extschema@.trace_chain, b @extschema@.trace_chain) RETURNS boolean
  AS 'MODULE_PATHNAME', 'trace_is_prefix' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.trace_is_prefix(@extschema@.trace_chain, @extschema@.trace_chain) IS
  'true when b extends a without rewriting it (a is a prefix of b)';

CREATE FUNCTION @extschema@.trace_origin(chain @extschema@.trace_chain) RETURNS jsonb
  AS 'MODULE_PATHNAME', 'trace_origin' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.trace_origin(@extschema@.trace_chain) IS
  'the first event with its "hash", NULL for the empty chain';

CREATE FUNCTION @extschema@.trace_last(chain @extschema@.trace_chain) RETURNS jsonb
  AS 'MODULE_PATHNAME', 'trace_last' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.trace_last(@extschema@.trace_chain) IS
  'the last event with its "hash", NULL for the empty chain';

CREATE FUNCTION @extschema@.trace_events(chain @extschema@.trace_chain,
    OUT seq int4, OUT bizstep text, OUT at timestamptz, OUT actor text, OUT place text,
    OUT lot text, OUT quantity numeric, OUT uom text, OUT lon float8, OUT lat float8,
    OUT disposition text, OUT hash bytea, OUT event_type text, OUT action text,
    OUT event_id text, OUT event_time_zone_offset text, OUT read_point text,
    OUT biz_location text, OUT event jsonb, OUT hash_id text)
  RETURNS SETOF record
  AS 'MODULE_PATHNAME', 'trace_events' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION @extschema@.trace_events(@extschema@.trace_chain) IS
  'the events of a chain, one row each in chain order (seq from 1), with the OCOP fields, the main EPCIS fields, the whole event as jsonb and its GS1 CBV 2.0 event hash ID (of the event as trace_to_epcis writes it; NULL when it cannot be computed exactly)';

-- Append-only trigger.
CREATE FUNCTION @extschema@.trace_append_only() RETURNS trigger
  AS 'MODULE_PATHNAME', 'trace_append_only' LANGUAGE C;
COMMENT ON FUNCTION @extschema@.trace_append_only() IS
  'BEFORE UPDATE FOR EACH ROW trigger; argument: a trace_chain column name; refuses updates whose new chain does not extend the old one';

-- Containment and its GIN operator class.
CREATE FUNCTION @extschema@.trace_contains(chain @extschema@.trace_chain, query jsonb) RETURNS boolean
  AS 'MODULE_PATHNAME', 'trace_contains_jsonb' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.trace_contains(@extschema@.trace_chain, jsonb) IS
  'true when one event of the chain contains every field of the query object (jsonb containment per field)';

CREATE OPERATOR @extschema@.@> (
  LEFTARG = @extschema@.trace_chain, RIGHTARG = jsonb,
  FUNCTION = @extschema@.trace_contains,
  RESTRICT = pg_catalog.contsel, JOIN = pg_catalog.contjoinsel
);
COMMENT ON OPERATOR @extschema@.@> (@extschema@.trace_chain, jsonb) IS
  'one event of the chain has all the given field values';

CREATE FUNCTION @extschema@.trace_gin_extract_value(@extschema@.trace_chain, internal, internal) RETURNS internal
  AS 'MODULE_PATHNAME', 'trace_gin_extract_value' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.trace_gin_extract_query(@extschema@.trace_chain, internal, int2, internal, internal, internal, internal) RETURNS internal
  AS 'MODULE_PATHNAME', 'trace_gin_extract_query' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.trace_gin_consistent(internal, int2, @extschema@.trace_chain, int4, internal, internal, internal, internal) RETURNS boolean
  AS 'MODULE_PATHNAME', 'trace_gin_consistent' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
-- GIN passes the query (a jsonb) to extractQuery and consistent; amvalidate
-- wants those arguments declared as the indexed type, as jsonb_ops and
-- pg_trgm do.  Their other arguments are internal, so SQL cannot call them.
COMMENT ON FUNCTION @extschema@.trace_gin_extract_value(@extschema@.trace_chain, internal, internal) IS 'GIN support: hashed (field, value) keys of every event of a chain';
COMMENT ON FUNCTION @extschema@.trace_gin_extract_query(@extschema@.trace_chain, internal, int2, internal, internal, internal, internal) IS 'GIN support: hashed (field, value) keys of a containment query';
COMMENT ON FUNCTION @extschema@.trace_gin_consistent(internal, int2, @extschema@.trace_chain, int4, internal, internal, internal, internal) IS 'GIN support: all query keys present (always rechecked)';

CREATE OPERATOR CLASS @extschema@.trace_chain_ops
  DEFAULT FOR TYPE @extschema@.trace_chain USING gin AS
    OPERATOR 7 @extschema@.@> (@extschema@.trace_chain, jsonb),
    FUNCTION 1 pg_catalog.btint4cmp(int4, int4),
    FUNCTION 2 @extschema@.trace_gin_extract_value(@extschema@.trace_chain, internal, internal),
    FUNCTION 3 @extschema@.trace_gin_extract_query(@extschema@.trace_chain, internal, int2, internal, internal, internal, internal),
    FUNCTION 4 @extschema@.trace_gin_consistent(internal, int2, @extschema@.trace_chain, int4, internal, internal, internal, internal),
    STORAGE int4;
COMMENT ON OPERATOR CLASS @extschema@.trace_chain_ops USING gin IS
  'GIN index on trace_chain for chain @> jsonb: one hashed key per (field, scalar value) of every event';

-- GS1 EPCIS 2.0 exchange.
CREATE FUNCTION @extschema@.trace_to_epcis(chain @extschema@.trace_chain, creation_date timestamptz DEFAULT pg_catalog.now(),
    event_ids boolean DEFAULT false)
  RETURNS jsonb
  AS 'MODULE_PATHNAME', 'trace_to_epcis' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.trace_to_epcis(@extschema@.trace_chain, timestamptz, boolean) IS
  'the chain as a GS1 EPCIS 2.0 EPCISDocument (JSON-LD); OCOP fields and each event''s hash as ocop: extensions; with event_ids, each event''s eventID is its GS1 CBV 2.0 hash ID instead (and no ocop:hash)';

CREATE FUNCTION @extschema@.trace_from_epcis(document jsonb) RETURNS @extschema@.trace_chain
  AS 'MODULE_PATHNAME', 'trace_from_epcis' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.trace_from_epcis(jsonb) IS
  'a chain of the events of an EPCISDocument or EPCISQueryDocument, in document order; unknown fields kept verbatim; an eventID that is a GS1 CBV 2.0 hash ID must match the event (22P02)';

-- CBV 2.0 vocabulary: reference data for checking bizStep and disposition.
-- The type accepts any bare lower-case name or URI (so that a chain can be
-- recorded before its vocabulary is settled); this table and
-- trace_vocabulary_check() tell which bare names are not CBV 2.0 names.
CREATE TABLE @extschema@.trace_cbv_vocabulary (
  kind text NOT NULL CHECK (kind IN ('bizStep', 'disposition')),
  name text NOT NULL,
  PRIMARY KEY (kind, name)
);
COMMENT ON TABLE @extschema@.trace_cbv_vocabulary IS
  'GS1 Core Business Vocabulary (CBV) 2.0 standard values: BizStep (CBV 2.0 section 7.2) and Disposition (section 7.3) bare names; GS1 EPCIS 2.0 JSON-LD expands a bare name n to https://ref.gs1.org/cbv/BizStep-n or Disp-n';
INSERT INTO @extschema@.trace_cbv_vocabulary (kind, name)
SELECT 'bizStep', n FROM pg_catalog.unnest(ARRAY[
  'accepting', 'arriving', 'assembling', 'collecting', 'commissioning', 'consigning',
  'creating_class_instance', 'cycle_counting', 'decommissioning', 'departing', 'destroying',
  'disassembling', 'dispensing', 'encoding', 'entering_exiting', 'holding', 'inspecting',
  'installing', 'killing', 'loading', 'other', 'packing', 'picking', 'receiving', 'removing',
  'repackaging', 'repairing', 'replacing', 'reserving', 'retail_selling', 'sampling',
  'sensor_reporting', 'shipping', 'staging_outbound', 'stock_taking', 'stocking', 'storing',
  'transporting', 'unloading', 'unpacking', 'void_shipping']) AS n
UNION ALL
SELECT 'disposition', n FROM pg_catalog.unnest(ARRAY[
  'active', 'available', 'completeness_inferred', 'completeness_verified', 'conformant',
  'container_closed', 'container_open', 'damaged', 'destroyed', 'dispensed', 'disposed',
  'encoded', 'expired', 'in_progress', 'in_transit', 'inactive', 'mismatch_class',
  'mismatch_instance', 'mismatch_quantity', 'needs_replacement', 'non_conformant',
  'non_sellable_other', 'partially_dispensed', 'recalled', 'reserved', 'retail_sold',
  'returned', 'sellable_accessible', 'sellable_not_accessible', 'stolen', 'unavailable',
  'unknown']) AS n;

CREATE FUNCTION @extschema@.trace_vocabulary_check(chain @extschema@.trace_chain)
  RETURNS TABLE (seq int4, field text, value text)
  LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
  SELECT e.seq, v.field, v.value
  FROM @extschema@.trace_events(chain) AS e,
       LATERAL (VALUES ('bizStep'::text, e.bizstep), ('disposition'::text, e.disposition)) AS v(field, value)
  WHERE v.value IS NOT NULL
    AND pg_catalog.strpos(v.value, ':') OPERATOR(pg_catalog.=) 0
    AND NOT EXISTS (SELECT 1 FROM @extschema@.trace_cbv_vocabulary AS c
                    WHERE c.kind OPERATOR(pg_catalog.=) v.field AND c.name OPERATOR(pg_catalog.=) v.value)
  ORDER BY e.seq, v.field;
END;
COMMENT ON FUNCTION @extschema@.trace_vocabulary_check(@extschema@.trace_chain) IS
  'events whose bizStep or disposition is a bare name that is not a CBV 2.0 standard value (use the CBV name or a URI for EPCIS exchange)';

-- BEGIN trace_chain comparison (issue 16, part 3)
-------------------------------------------------------------------------------
-- Chains that compare: = and <> (identical events in the same order), a btree
-- operator class (event by event, canonical JSON bytes) and a hash operator
-- class keyed by the head, so that DISTINCT, GROUP BY, UNION, merge and hash
-- joins, and logical replication with REPLICA IDENTITY FULL work.  The exact
-- definitions are in doc/trace_chain.md, "Comparing chains".
-------------------------------------------------------------------------------

-- = and <> compare stored bytes without parsing and raise no error: LEAKPROOF.
-- The order functions parse the stored form and report a corrupt value, so
-- they are not.
CREATE FUNCTION @extschema@.trace_chain_eq(@extschema@.trace_chain, @extschema@.trace_chain) RETURNS boolean
  AS 'MODULE_PATHNAME', 'trace_chain_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.trace_chain_ne(@extschema@.trace_chain, @extschema@.trace_chain) RETURNS boolean
  AS 'MODULE_PATHNAME', 'trace_chain_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.trace_chain_lt(@extschema@.trace_chain, @extschema@.trace_chain) RETURNS boolean
  AS 'MODULE_PATHNAME', 'trace_chain_lt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.trace_chain_le(@extschema@.trace_chain, @extschema@.trace_chain) RETURNS boolean
  AS 'MODULE_PATHNAME', 'trace_chain_le' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.trace_chain_ge(@extschema@.trace_chain, @extschema@.trace_chain) RETURNS boolean
  AS 'MODULE_PATHNAME', 'trace_chain_ge' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.trace_chain_gt(@extschema@.trace_chain, @extschema@.trace_chain) RETURNS boolean
  AS 'MODULE_PATHNAME', 'trace_chain_gt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.trace_chain_cmp(@extschema@.trace_chain, @extschema@.trace_chain) RETURNS int4
  AS 'MODULE_PATHNAME', 'trace_chain_cmp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.trace_chain_sortsupport(internal) RETURNS void
  AS 'MODULE_PATHNAME', 'trace_chain_sortsupport' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.trace_chain_hash(@extschema@.trace_chain) RETURNS int4
  AS 'MODULE_PATHNAME', 'trace_chain_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.trace_chain_hash_extended(@extschema@.trace_chain, int8) RETURNS int8
  AS 'MODULE_PATHNAME', 'trace_chain_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.trace_chain_eq(@extschema@.trace_chain, @extschema@.trace_chain) IS
  'implementation of = for trace_chain: the same events (canonical JSON and hash) in the same order';
COMMENT ON FUNCTION @extschema@.trace_chain_ne(@extschema@.trace_chain, @extschema@.trace_chain) IS 'implementation of <> for trace_chain';
COMMENT ON FUNCTION @extschema@.trace_chain_lt(@extschema@.trace_chain, @extschema@.trace_chain) IS 'implementation of < for trace_chain';
COMMENT ON FUNCTION @extschema@.trace_chain_le(@extschema@.trace_chain, @extschema@.trace_chain) IS 'implementation of <= for trace_chain';
COMMENT ON FUNCTION @extschema@.trace_chain_ge(@extschema@.trace_chain, @extschema@.trace_chain) IS 'implementation of >= for trace_chain';
COMMENT ON FUNCTION @extschema@.trace_chain_gt(@extschema@.trace_chain, @extschema@.trace_chain) IS 'implementation of > for trace_chain';
COMMENT ON FUNCTION @extschema@.trace_chain_cmp(@extschema@.trace_chain, @extschema@.trace_chain) IS
  'btree comparison of chains: -1, 0 or 1; event by event in chain order, by canonical JSON bytes then hash; a prefix sorts first';
COMMENT ON FUNCTION @extschema@.trace_chain_sortsupport(internal) IS 'btree sort support for trace_chain (a comparator without abbreviated keys)';
COMMENT ON FUNCTION @extschema@.trace_chain_hash(@extschema@.trace_chain) IS
  'hash of a chain, keyed by its head H (32 zero bytes for the empty chain): bytes 1-4 of H as a big-endian int4; stable across versions';
COMMENT ON FUNCTION @extschema@.trace_chain_hash_extended(@extschema@.trace_chain, int8) IS
  'seeded hash of a chain: seed 0, bytes 5-8 then 1-4 of the head H as a big-endian int8; other seeds, the same of sha256(H || int8send(seed)); stable across versions';

CREATE OPERATOR @extschema@.= (
  LEFTARG = @extschema@.trace_chain, RIGHTARG = @extschema@.trace_chain,
  FUNCTION = @extschema@.trace_chain_eq,
  COMMUTATOR = OPERATOR(@extschema@.=), NEGATOR = OPERATOR(@extschema@.<>),
  RESTRICT = pg_catalog.eqsel, JOIN = pg_catalog.eqjoinsel,
  HASHES, MERGES
);
CREATE OPERATOR @extschema@.<> (
  LEFTARG = @extschema@.trace_chain, RIGHTARG = @extschema@.trace_chain,
  FUNCTION = @extschema@.trace_chain_ne,
  COMMUTATOR = OPERATOR(@extschema@.<>), NEGATOR = OPERATOR(@extschema@.=),
  RESTRICT = pg_catalog.neqsel, JOIN = pg_catalog.neqjoinsel
);
CREATE OPERATOR @extschema@.< (
  LEFTARG = @extschema@.trace_chain, RIGHTARG = @extschema@.trace_chain,
  FUNCTION = @extschema@.trace_chain_lt,
  COMMUTATOR = OPERATOR(@extschema@.>), NEGATOR = OPERATOR(@extschema@.>=),
  RESTRICT = pg_catalog.scalarltsel, JOIN = pg_catalog.scalarltjoinsel
);
CREATE OPERATOR @extschema@.<= (
  LEFTARG = @extschema@.trace_chain, RIGHTARG = @extschema@.trace_chain,
  FUNCTION = @extschema@.trace_chain_le,
  COMMUTATOR = OPERATOR(@extschema@.>=), NEGATOR = OPERATOR(@extschema@.>),
  RESTRICT = pg_catalog.scalarlesel, JOIN = pg_catalog.scalarlejoinsel
);
CREATE OPERATOR @extschema@.>= (
  LEFTARG = @extschema@.trace_chain, RIGHTARG = @extschema@.trace_chain,
  FUNCTION = @extschema@.trace_chain_ge,
  COMMUTATOR = OPERATOR(@extschema@.<=), NEGATOR = OPERATOR(@extschema@.<),
  RESTRICT = pg_catalog.scalargesel, JOIN = pg_catalog.scalargejoinsel
);
CREATE OPERATOR @extschema@.> (
  LEFTARG = @extschema@.trace_chain, RIGHTARG = @extschema@.trace_chain,
  FUNCTION = @extschema@.trace_chain_gt,
  COMMUTATOR = OPERATOR(@extschema@.<), NEGATOR = OPERATOR(@extschema@.<=),
  RESTRICT = pg_catalog.scalargtsel, JOIN = pg_catalog.scalargtjoinsel
);
COMMENT ON OPERATOR @extschema@.= (@extschema@.trace_chain, @extschema@.trace_chain) IS
  'the same events (canonical JSON and hash) in the same order';
COMMENT ON OPERATOR @extschema@.<> (@extschema@.trace_chain, @extschema@.trace_chain) IS 'not the same events in the same order';
COMMENT ON OPERATOR @extschema@.< (@extschema@.trace_chain, @extschema@.trace_chain) IS 'sorts before, event by event (canonical JSON bytes, a prefix first)';
COMMENT ON OPERATOR @extschema@.<= (@extschema@.trace_chain, @extschema@.trace_chain) IS 'sorts before or equal, event by event (canonical JSON bytes, a prefix first)';
COMMENT ON OPERATOR @extschema@.>= (@extschema@.trace_chain, @extschema@.trace_chain) IS 'sorts after or equal, event by event (canonical JSON bytes, a prefix first)';
COMMENT ON OPERATOR @extschema@.> (@extschema@.trace_chain, @extschema@.trace_chain) IS 'sorts after, event by event (canonical JSON bytes, a prefix first)';

-- equalimage: every stored chain has the header 01 00 00 00 (any other is
-- refused as corrupt), so equal chains are bitwise equal after detoasting and
-- btree deduplication is safe.
CREATE OPERATOR CLASS @extschema@.trace_chain_btree_ops
  DEFAULT FOR TYPE @extschema@.trace_chain USING btree AS
    OPERATOR 1 @extschema@.<,
    OPERATOR 2 @extschema@.<=,
    OPERATOR 3 @extschema@.=,
    OPERATOR 4 @extschema@.>=,
    OPERATOR 5 @extschema@.>,
    FUNCTION 1 @extschema@.trace_chain_cmp(@extschema@.trace_chain, @extschema@.trace_chain),
    FUNCTION 2 @extschema@.trace_chain_sortsupport(internal),
    FUNCTION 4 pg_catalog.btequalimage(oid);
CREATE OPERATOR CLASS @extschema@.trace_chain_hash_ops
  DEFAULT FOR TYPE @extschema@.trace_chain USING hash AS
    OPERATOR 1 @extschema@.=,
    FUNCTION 1 @extschema@.trace_chain_hash(@extschema@.trace_chain),
    FUNCTION 2 @extschema@.trace_chain_hash_extended(@extschema@.trace_chain, int8);
COMMENT ON OPERATOR CLASS @extschema@.trace_chain_btree_ops USING btree IS
  'default btree operator class for trace_chain: event by event in chain order, by canonical JSON bytes then hash, a prefix first';
COMMENT ON OPERATOR CLASS @extschema@.trace_chain_hash_ops USING hash IS
  'default hash operator class for trace_chain, keyed by the head (trace_chain_hash)';
-- END trace_chain comparison

-- BEGIN event hash IDs (issue 16 part 2)
-------------------------------------------------------------------------------
-- GS1 CBV 2.0 (section 8.9) EPCIS event hash IDs, computed as GS1's
-- reference implementation does (epcis_hash_core.c, doc/trace_chain.md
-- "Event hash IDs"); the CBV / GS1 terms the EPCIS JSON-LD context expands
-- are data/epcis/context_terms.tsv.
-------------------------------------------------------------------------------
CREATE FUNCTION @extschema@.trace_event_hash_id(event jsonb, context jsonb DEFAULT NULL) RETURNS text
  AS 'MODULE_PATHNAME', 'trace_event_hash_id' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.trace_event_hash_id(jsonb, jsonb) IS
  'the GS1 CBV 2.0 event hash ID (ni:///sha-256;...?ver=CBV2.0) of one EPCIS 2.0 event, as GS1''s reference implementation computes it; context: the document''s @context (namespaces of user extensions); NULL for a NULL event';

CREATE FUNCTION @extschema@.trace_event_prehash(event jsonb, context jsonb DEFAULT NULL) RETURNS text
  AS 'MODULE_PATHNAME', 'trace_event_prehash' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.trace_event_prehash(jsonb, jsonb) IS
  'the canonical pre-hash string of one EPCIS 2.0 event whose SHA-256 is its CBV 2.0 hash ID (for checking against other implementations); NULL for a NULL event';

CREATE FUNCTION @extschema@.trace_append_epcis(chain @extschema@.trace_chain, document jsonb)
  RETURNS @extschema@.trace_chain
  AS 'MODULE_PATHNAME', 'trace_append_epcis' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.trace_append_epcis(@extschema@.trace_chain, jsonb) IS
  'the chain followed by the events of an EPCIS document whose event hash ID it does not hold yet (re-importing a document is a no-op); a NULL chain is empty, a NULL document appends nothing';
-- END event hash IDs
