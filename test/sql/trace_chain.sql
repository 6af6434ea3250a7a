CREATE EXTENSION IF NOT EXISTS ocop;
-- trace_chain: text form, hashes, functions, trigger, containment + GIN,
-- EPCIS, binary COPY.  Vectors computed outside the extension are checked in
-- test/scripts/trace_epcis.sh (Python hashlib); here one of them is repeated.

-- pg_temp.outcome(q): ok, or SQLSTATE: message / DETAIL of a statement.
\i test/sql/include/outcome.sql

-- The empty chain.
SELECT '[]'::trace_chain AS empty, trace_length('[]'), trace_head('[]') IS NULL AS no_head,
       trace_origin('[]') IS NULL AS no_origin, trace_verify('[]'::trace_chain);

-- Text input computes hashes; the first event's previous hash is 32 zero
-- bytes.  This head was computed with Python hashlib over the canonical bytes
-- (doc/trace_chain.md): sha256(b'\0'*32 + b'{"action":"OBSERVE",...}').
SELECT '[{"bizStep":"harvesting","eventTime":"2024-03-01T08:00:00+07:00","actor":"HTX-123","place":"00577","lon":105.9,"lat":21.0}]'::trace_chain;
SELECT trace_head('[{"bizStep":"harvesting","eventTime":"2024-03-01T08:00:00+07:00","actor":"HTX-123","place":"00577","lon":105.9,"lat":21.0}]')
     = '\x363ae79a10e3ca938b52a81839a6cf3ad7a0492a057adac8f8d196b83c7dac66'::bytea AS python_vector;
-- White space, key order and number spelling (1059e-1 is 105.9, as in
-- numeric) do not change the hash; 105.90 would (numeric keeps its scale).
SELECT trace_head('[ { "lat" : 21.0, "lon":1059e-1, "place":"00577", "actor":"HTX-123", "eventTime":"2024-03-01T08:00:00+07:00", "bizStep":"harvesting" } ]')
     = '\x363ae79a10e3ca938b52a81839a6cf3ad7a0492a057adac8f8d196b83c7dac66'::bytea AS same_head;
-- A given hash must match: the right one is accepted, a wrong one names the event.
SELECT trace_length('[{"bizStep":"harvesting","eventTime":"2024-03-01T08:00:00+07:00","hash":"363AE79A10E3CA938B52A81839A6CF3AD7A0492A057ADAC8F8D196B83C7DAC66","actor":"HTX-123","place":"00577","lon":105.9,"lat":21.0}]');
SELECT pg_temp.outcome($q$SELECT '[{"bizStep":"harvesting","eventTime":"2024-03-01T08:00:00+07:00","actor":"HTX-123"},{"bizStep":"shipping","eventTime":"2024-03-02T08:00:00+07:00","hash":"0000000000000000000000000000000000000000000000000000000000000000"}]'::trace_chain$q$);
-- The output is input again (a fixpoint).
SELECT c::text::trace_chain::text = c::text AS fixpoint
FROM (SELECT '[{"bizStep":"a","eventTime":"2024-01-01T00:00:00Z","x":[1.50,"\u00e9\n"]},{"bizStep":"b","eventTime":"2024-01-02T00:00:00Z"}]'::trace_chain AS c) s;

-- Bad input: field path in DETAIL, SQLSTATE by kind.
SELECT pg_temp.outcome($q$SELECT '[{"bizStep":"a",}]'::trace_chain$q$) AS trailing_comma;
SELECT pg_temp.outcome($q$SELECT '{"bizStep":"a"}'::trace_chain$q$) AS not_array;
SELECT pg_temp.outcome($q$SELECT '[{"bizStep":"a","eventTime":"2024-01-01T00:00:00Z","bizStep":"b"}]'::trace_chain$q$) AS duplicate_key;
SELECT pg_temp.outcome($q$SELECT '[{"bizStep":"a"}]'::trace_chain$q$) AS no_time;
SELECT pg_temp.outcome($q$SELECT '[{"bizStep":7,"eventTime":"2024-01-01T00:00:00Z"}]'::trace_chain$q$) AS wrong_type;
SELECT pg_temp.outcome($q$SELECT '[{"bizStep":"Harvest Now","eventTime":"2024-01-01T00:00:00Z"}]'::trace_chain$q$) AS bad_bizstep;
SELECT pg_temp.outcome($q$SELECT '[{"type":"Event","eventTime":"2024-01-01T00:00:00Z"}]'::trace_chain$q$) AS bad_type;
SELECT pg_temp.outcome($q$SELECT '[{"eventTime":"2024-02-30T00:00:00Z"}]'::trace_chain$q$) AS bad_date;
SELECT pg_temp.outcome($q$SELECT '[{"eventTime":"2024-02-01T00:00:00"}]'::trace_chain$q$) AS no_offset;
SELECT pg_temp.outcome($q$SELECT '[{"eventTime":"2024-02-01T00:00:00Z","eventTimeZoneOffset":"+15:00"}]'::trace_chain$q$) AS bad_offset;
SELECT pg_temp.outcome($q$SELECT '[{"eventTime":"2024-02-01T00:00:00Z","lon":200,"lat":10}]'::trace_chain$q$) AS lon_range;
SELECT pg_temp.outcome($q$SELECT '[{"eventTime":"2024-02-01T00:00:00Z","lon":100}]'::trace_chain$q$) AS lon_alone;
SELECT pg_temp.outcome($q$SELECT '[{"eventTime":"2024-02-01T00:00:00Z","place":"577"}]'::trace_chain$q$) AS bad_place;
SELECT pg_temp.outcome($q$SELECT '[{"eventTime":"2024-02-01T00:00:00Z","readPoint":{"id":5}}]'::trace_chain$q$) AS bad_read_point;
SELECT pg_temp.outcome($q$SELECT '[{"eventTime":"2024-02-01T00:00:00Z","epcList":["a",1]}]'::trace_chain$q$) AS bad_epc_list;
SELECT pg_temp.outcome($q$SELECT '[{"eventTime":"2024-02-01T00:00:00Z","quantity":-1}]'::trace_chain$q$) AS negative_quantity;
SELECT pg_temp.outcome($q$SELECT '[{"eventTime":"2024-02-01T00:00:00Z","ocop:actor":"x"}]'::trace_chain$q$) AS reserved_key;
SELECT pg_temp.outcome($q$SELECT '[{"eventTime":"2024-02-01T00:00:00Z","x":"\u0000"}]'::trace_chain$q$) AS nul_escape;
SELECT pg_temp.outcome($q$SELECT ('[{"eventTime":"2024-02-01T00:00:00Z","x":"' || repeat('a', 9000) || '"}]')::trace_chain$q$) AS long_string;
SELECT pg_temp.outcome($q$SELECT ('[{"eventTime":"2024-02-01T00:00:00Z","x":' || repeat('[', 25) || repeat(']', 25) || '}]')::trace_chain$q$) AS too_deep;
SELECT pg_temp.outcome($q$SELECT '[{"eventTime":"2024-02-01T00:00:00Z","x":1e9999}]'::trace_chain$q$) AS huge_number;

-- trace_append, both forms; a NULL chain is the empty chain.
SELECT trace_append(NULL, 'harvesting', '2024-03-01 08:00:00+07', actor => 'HTX-123',
                    place => '00577', lot => 'LOT-2024-03', quantity => 12.50, uom => 'KGM',
                    lon => 105.93, lat => 21.0, disposition => 'active');
SELECT trace_append(NULL::trace_chain, '{"bizStep":"receiving","eventTime":"2024-03-02T09:30:00+07:00","actor":"HTX-456"}'::jsonb);
SELECT pg_temp.outcome($q$SELECT trace_append(NULL, NULL, now())$q$) AS null_bizstep;
SELECT pg_temp.outcome($q$SELECT trace_append(NULL, 'shipping', 'infinity')$q$) AS infinite_time;
SELECT pg_temp.outcome($q$SELECT trace_append(NULL, 'shipping', now(), lon => 'NaN', lat => 1)$q$) AS nan_lon;
SELECT pg_temp.outcome($q$SELECT trace_append(NULL::trace_chain, '[1]'::jsonb)$q$) AS event_not_object;

CREATE TABLE trace_t (id int PRIMARY KEY, chain trace_chain);
INSERT INTO trace_t VALUES (1, NULL);
UPDATE trace_t SET chain = trace_append(chain, 'harvesting', '2024-03-01 08:00+07', actor => 'HTX-123', place => '00577', lon => 105.93, lat => 21.0);
UPDATE trace_t SET chain = trace_append(chain, 'processing', '2024-03-02 08:00+07', actor => 'HTX-123', lot => 'L1', quantity => 10, uom => 'KGM');
UPDATE trace_t SET chain = trace_append(chain, 'shipping', '2024-03-03 08:00+07', actor => 'NPP-9', place => '00145', lon => 105.8, lat => 21.03, disposition => 'in_transit');
SELECT trace_length(chain), octet_length(trace_head(chain)) FROM trace_t;
SELECT seq, bizstep, at, actor, place, lot, quantity, uom, lon, lat, disposition, event_type, action, event_time_zone_offset
FROM trace_t, trace_events(chain);
SELECT seq, hash IS DISTINCT FROM lag_hash AS distinct_hash, event ->> 'eventTime' AS event_time
FROM (SELECT e.*, lag(hash) OVER (ORDER BY seq) AS lag_hash FROM trace_t, trace_events(chain) e) s;
SELECT trace_origin(chain) ->> 'bizStep' AS origin, trace_last(chain) ->> 'bizStep' AS last,
       trace_last(chain) ->> 'hash' = encode(trace_head(chain), 'hex') AS last_hash_is_head
FROM trace_t;

-- Tamper evidence.
SELECT trace_verify(chain, trace_head(chain)) AS ok,
       trace_verify(chain, sha256('x')) AS wrong_head,
       trace_verify(chain) AS self_ok
FROM trace_t;
-- Rewriting an early event changes the head even if later hashes are kept.
SELECT trace_head(regexp_replace(replace(chain::text, '"processing"', '"packing"'), ',"hash":"[0-9a-f]{64}"', '', 'g')::trace_chain)
         <> trace_head(chain) AS head_changed,
       pg_temp.outcome(format('SELECT %L::trace_chain', replace(chain::text, '"processing"', '"packing"'))) AS kept_hashes
FROM trace_t;
SELECT trace_is_prefix('[]', chain) AS empty_prefix,
       trace_is_prefix(trace_append(NULL, 'harvesting', '2024-03-01 08:00+07', actor => 'HTX-123', place => '00577', lon => 105.93, lat => 21.0), chain) AS real_prefix,
       trace_is_prefix(chain, chain) AS self_prefix,
       trace_is_prefix(trace_append(chain, 'selling', '2024-03-04 08:00+07'), chain) AS longer,
       trace_is_prefix(trace_append(NULL, 'harvesting', '2024-03-01 08:00+07'), chain) AS other
FROM trace_t;

-- The append-only trigger.
CREATE TRIGGER trace_t_append_only BEFORE UPDATE ON trace_t
  FOR EACH ROW EXECUTE FUNCTION trace_append_only('chain');
UPDATE trace_t SET chain = trace_append(chain, 'receiving', '2024-03-04 08:00+07', actor => 'SHOP-1');
SELECT trace_length(chain) FROM trace_t;
SELECT pg_temp.outcome($q$UPDATE trace_t SET chain = trace_append(NULL, 'harvesting', '2024-03-01 08:00+07')$q$) AS rewrite;
SELECT pg_temp.outcome($q$UPDATE trace_t SET chain = NULL$q$) AS to_null;
SELECT pg_temp.outcome($q$UPDATE trace_t SET chain = '[]'$q$) AS to_empty;
UPDATE trace_t SET id = 1;   -- unchanged chain: allowed
INSERT INTO trace_t VALUES (2, NULL);
UPDATE trace_t SET chain = trace_append(chain, 'harvesting', '2024-05-01 08:00+07') WHERE id = 2;
SELECT id, trace_length(chain) FROM trace_t ORDER BY id;
CREATE TRIGGER trace_t_bad BEFORE UPDATE ON trace_t FOR EACH ROW EXECUTE FUNCTION trace_append_only('id');
SELECT pg_temp.outcome($q$UPDATE trace_t SET id = id$q$) AS not_a_chain;
DROP TRIGGER trace_t_bad ON trace_t;

-- Containment: one event has all the given field values.
SELECT chain @> '{"actor":"HTX-123"}' AS actor,
       chain @> '{"actor":"HTX-123","bizStep":"processing"}' AS same_event,
       chain @> '{"actor":"NPP-9","bizStep":"processing"}' AS different_events,
       chain @> '{"quantity":10.000}' AS number_value,
       chain @> '{"lat":21}' AS lat,
       chain @> '{}' AS empty_query
FROM trace_t WHERE id = 1;
SELECT pg_temp.outcome($q$SELECT chain @> '["actor"]' FROM trace_t$q$) AS array_query;

-- GIN: the index is used and gives the same rows as a sequential scan.
CREATE TABLE trace_g (id int PRIMARY KEY, chain trace_chain);
INSERT INTO trace_g
SELECT i, trace_append(trace_append(trace_append(NULL,
          'harvesting', '2024-01-01 00:00+07'::timestamptz + i * interval '1 hour',
          actor => 'HTX-' || (i % 50), place => lpad((i % 97)::text, 5, '0'), lot => 'LOT-' || i),
          'shipping', '2024-01-02 00:00+07'::timestamptz + i * interval '1 hour', actor => 'NPP-' || (i % 7),
          lon => 105 + (i % 10) / 10.0, lat => 21),
          jsonb_build_object('type', 'AggregationEvent', 'action', 'ADD', 'bizStep', 'packing',
                             'eventTime', '2024-01-03T00:00:00+07:00', 'parentID', 'urn:epc:id:sscc:0614141.' || i,
                             'childEPCs', jsonb_build_array('urn:epc:id:sgtin:0614141.107346.' || i),
                             'readPoint', jsonb_build_object('id', 'urn:epc:id:sgln:0614141.00777.' || (i % 3))))
FROM generate_series(1, 3000) i;
CREATE INDEX trace_g_chain ON trace_g USING gin (chain);
ANALYZE trace_g;
CREATE TEMP TABLE trace_q (q jsonb);
INSERT INTO trace_q VALUES
  ('{"actor":"HTX-7"}'), ('{"actor":"HTX-7","bizStep":"harvesting"}'), ('{"actor":"HTX-7","bizStep":"shipping"}'),
  ('{"place":"00013"}'), ('{"lon":105.3}'), ('{"childEPCs":["urn:epc:id:sgtin:0614141.107346.42"]}'),
  ('{"readPoint":{"id":"urn:epc:id:sgln:0614141.00777.2"}}'), ('{"bizStep":"packing","type":"AggregationEvent"}'),
  ('{"actor":"nobody"}'), ('{}');
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM trace_g WHERE chain @> '{"actor":"HTX-7"}';
CREATE TEMP TABLE trace_idx AS SELECT q, array_agg(id ORDER BY id) AS ids, count(id) AS n FROM trace_q LEFT JOIN trace_g ON chain @> q GROUP BY q;
RESET enable_seqscan;
SET enable_bitmapscan = off; SET enable_indexscan = off;
CREATE TEMP TABLE trace_seq AS SELECT q, array_agg(id ORDER BY id) AS ids, count(id) AS n FROM trace_q LEFT JOIN trace_g ON chain @> q GROUP BY q;
RESET enable_bitmapscan; RESET enable_indexscan;
SELECT q, s.n AS seq_rows, i.n AS index_rows, s.ids = i.ids AS same_rows
FROM trace_seq s JOIN trace_idx i USING (q) ORDER BY q::text;

-- EPCIS 2.0: export, import, same head; not EPCIS is 22023.
SELECT jsonb_pretty(trace_to_epcis(chain, '2024-03-05 00:00+07')) FROM trace_t WHERE id = 2;
SELECT trace_head(trace_from_epcis(trace_to_epcis(chain))) = trace_head(chain) AS same_head,
       trace_length(trace_from_epcis(trace_to_epcis(chain))) AS events
FROM trace_t WHERE id = 1;
SELECT trace_length(trace_from_epcis('{"type":"EPCISQueryDocument","epcisBody":{"queryResults":{"resultsBody":{"eventList":[
  {"type":"ObjectEvent","action":"OBSERVE","bizStep":"shipping","eventTime":"2005-04-03T20:33:31.116000-06:00","eventTimeZoneOffset":"-06:00","example:myField":"kept"}]}}}}'));
SELECT trace_events.event -> 'example:myField' AS kept FROM trace_events(trace_from_epcis('{"type":"EPCISDocument","epcisBody":{"eventList":[
  {"type":"ObjectEvent","action":"OBSERVE","bizStep":"shipping","eventTime":"2005-04-03T20:33:31.116000-06:00","eventTimeZoneOffset":"-06:00","example:myField":{"a":[1,2]}}]}}'));
SELECT pg_temp.outcome($q$SELECT trace_from_epcis('{"type":"Feature"}')$q$) AS not_epcis;
SELECT pg_temp.outcome($q$SELECT trace_from_epcis('[1,2]')$q$) AS not_object;
SELECT pg_temp.outcome($q$SELECT trace_from_epcis('{"type":"EPCISDocument","epcisBody":{}}')$q$) AS no_event_list;
SELECT pg_temp.outcome($q$SELECT trace_from_epcis('{"type":"EPCISDocument","epcisBody":{"eventList":[{"type":"ObjectEvent","eventTime":"yesterday"}]}}')$q$) AS bad_event_time;
SELECT pg_temp.outcome($q$SELECT trace_from_epcis(jsonb_set(trace_to_epcis(chain), '{epcisBody,eventList,0,ocop:actor}', '"HTX-999"')) FROM trace_t WHERE id = 1$q$) AS tampered_export;

-- Binary COPY round trip, and a corrupted binary value.
COPY trace_t TO '/tmp/ocop_trace_copy.bin' WITH (FORMAT binary);
CREATE TABLE trace_t2 (id int, chain trace_chain);
COPY trace_t2 FROM '/tmp/ocop_trace_copy.bin' WITH (FORMAT binary);
SELECT t.id, t2.chain::text = t.chain::text AS same_text, trace_head(t2.chain) = trace_head(t.chain) AS same_head
FROM trace_t t JOIN trace_t2 t2 USING (id) ORDER BY id;
-- The binary form starts with the format version byte 1.
SELECT get_byte(trace_chain_send(chain), 0) AS version, substr(trace_chain_send(chain), 5, 4) AS events FROM trace_t WHERE id = 1;
COPY (SELECT set_byte(trace_chain_send(chain), 60, 65) FROM trace_t WHERE id = 1) TO '/tmp/ocop_trace_bad.bin' WITH (FORMAT binary);
CREATE TABLE trace_t3 (chain trace_chain);
SELECT pg_temp.outcome($q$COPY trace_t3 FROM '/tmp/ocop_trace_bad.bin' WITH (FORMAT binary)$q$) AS corrupted;
COPY (SELECT set_byte(s, 12, get_byte(s, 12) # 1) FROM (SELECT trace_chain_send(chain) AS s FROM trace_t WHERE id = 1) x) TO '/tmp/ocop_trace_bad.bin' WITH (FORMAT binary);
SELECT pg_temp.outcome($q$COPY trace_t3 FROM '/tmp/ocop_trace_bad.bin' WITH (FORMAT binary)$q$) AS flipped_hash_bit;
COPY (SELECT set_byte(trace_chain_send(chain), 0, 2) FROM trace_t WHERE id = 1) TO '/tmp/ocop_trace_bad.bin' WITH (FORMAT binary);
SELECT pg_temp.outcome($q$COPY trace_t3 FROM '/tmp/ocop_trace_bad.bin' WITH (FORMAT binary)$q$) AS future_version;
COPY (SELECT substr(trace_chain_send(chain), 1, 50) FROM trace_t WHERE id = 1) TO '/tmp/ocop_trace_bad.bin' WITH (FORMAT binary);
SELECT pg_temp.outcome($q$COPY trace_t3 FROM '/tmp/ocop_trace_bad.bin' WITH (FORMAT binary)$q$) AS truncated;

-- CBV 2.0 vocabulary check: bare names outside CBV are listed, URIs are not.
SELECT kind, count(*) FROM trace_cbv_vocabulary GROUP BY kind ORDER BY kind;
SELECT * FROM trace_vocabulary_check('[{"bizStep":"harvesting","eventTime":"2024-01-01T00:00:00Z","disposition":"active"},
  {"bizStep":"commissioning","eventTime":"2024-01-02T00:00:00Z","disposition":"fresh"},
  {"bizStep":"urn:ocop:bizstep:drying","eventTime":"2024-01-03T00:00:00Z"}]');
DROP TABLE trace_t, trace_t2, trace_t3, trace_g;

-- trace_append(chain, jsonb) reads the jsonb itself instead of printing and
-- parsing it (issue 19): the bytes are those of the text path (the event's
-- text read as a one-event chain) for values of every kind, keys that jsonb
-- orders otherwise (shorter first) than the canonical form (by bytes),
-- numbers in every form, escapes, non-ASCII text, strings and nesting at the
-- parser's limits; past them, the text path's own error.
CREATE TEMP TABLE trace_jb (n int, e jsonb);
INSERT INTO trace_jb VALUES
  (1, '{"bizStep":"packing","eventTime":"2025-01-01T00:00:00+07:00","b":1,"aa":2,"a":3,"é":4,"B":5,"":6,"a b":7}'),
  (2, '{"bizStep":"packing","eventTime":"2025-01-01T00:00:00+07:00","quantity":1.50,"x":[0,-0,1.5E+3,1e-3,-0.000,7E0,2.50e2,1e30]}'),
  (3, '{"bizStep":"packing","eventTime":"2025-01-01T00:00:00+07:00","actor":"Đồng Nai \"q\" \\ \t\n\u0001 😀 \u2028 /"}'),
  (4, '{"bizStep":"packing","eventTime":"2025-01-01T00:00:00+07:00","x":[1,"a",null,true,false,{},[],{"k":[{}]}]}'),
  (5, '{"bizStep":"shipping","eventTime":"2025-01-01T00:00:00Z","actor":"HTX-1","place":"00001","lot":"L","quantity":12.5,"uom":"KGM","lon":105.8,"lat":21.03,"disposition":"in_transit"}'),
  (6, jsonb_build_object('bizStep', 'packing', 'eventTime', '2025-01-01T00:00:00Z', 'note', repeat('é', 4096))),
  (7, ('{"bizStep":"packing","eventTime":"2025-01-01T00:00:00Z","x":' || repeat('[', 19) || '1' || repeat(']', 19) || '}')::jsonb),
  (8, '{"bizStep":"packing","eventTime":"2025-01-01T00:00:00Z","x":[1e999,-1e-990,123456789012345678901234567890.123456789]}');
SELECT n, trace_chain_send(trace_append(NULL::trace_chain, e)) = trace_chain_send(('[' || e::text || ']')::trace_chain) AS same_bytes,
       trace_append((SELECT trace_append(NULL::trace_chain, e) FROM trace_jb WHERE n = 5), e)
         = ('[' || (SELECT e::text FROM trace_jb WHERE n = 5) || ',' || e::text || ']')::trace_chain AS same_on_a_chain
FROM trace_jb ORDER BY n;
SELECT trace_append(NULL::trace_chain, e)::text FROM trace_jb WHERE n IN (1, 2) ORDER BY n;
SELECT pg_temp.outcome(format('SELECT trace_append(NULL::trace_chain, %L::jsonb)', e)) AS past_a_limit
FROM (VALUES (jsonb_build_object('bizStep', 'packing', 'eventTime', '2025-01-01T00:00:00Z', 'note', repeat('x', 8193))),
             (('{"bizStep":"packing","eventTime":"2025-01-01T00:00:00Z","x":' || repeat('[', 20) || '1' || repeat(']', 20) || '}')::jsonb),
             ('{"bizStep":"packing","eventTime":"2025-01-01T00:00:00Z","quantity":1e1001}'),
             ('[{"bizStep":"packing"}]'),
             ('{"bizStep":"packing","eventTime":"not a time"}')) v(e);
DROP TABLE trace_jb;
