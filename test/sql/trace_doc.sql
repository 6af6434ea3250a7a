CREATE EXTENSION IF NOT EXISTS ocop;
-- Every example of doc/trace_chain.md, as written there.

-- Text form
SELECT '[{"bizStep":"harvesting","eventTime":"2024-03-01T08:00:00+07:00","actor":"HTX-123","place":"00577","lon":105.9,"lat":21.0}]'::trace_chain;
SELECT trace_length('[]');

-- trace_append, both forms
SELECT trace_append(NULL, 'harvesting', '2024-03-01 08:00:00+07', actor => 'HTX-123', place => '00577',
                    lot => 'LOT-2024-03', quantity => 12.50, uom => 'KGM', lon => 105.93, lat => 21.0);
SELECT trace_append(NULL::trace_chain, '{"bizStep":"receiving","eventTime":"2024-03-02T09:30:00+07:00","actor":"HTX-456"}');

-- trace_head, trace_length, trace_is_prefix, trace_origin, trace_last
SELECT encode(trace_head(c), 'hex'), trace_length(c)
FROM (SELECT '[{"bizStep":"harvesting","eventTime":"2024-03-01T08:00:00+07:00","actor":"HTX-123","place":"00577","lon":105.9,"lat":21.0}]'::trace_chain AS c) s;
SELECT trace_is_prefix(c, trace_append(c, 'shipping', '2024-03-02 08:00+07')),
       trace_is_prefix(trace_append(c, 'shipping', '2024-03-02 08:00+07'), c)
FROM (SELECT trace_append(NULL, 'harvesting', '2024-03-01 08:00+07') AS c) s;
SELECT trace_origin(c) ->> 'bizStep', trace_last(c) ->> 'bizStep'
FROM (SELECT trace_append(trace_append(NULL, 'harvesting', '2024-03-01 08:00+07'), 'shipping', '2024-03-02 08:00+07') AS c) s;

-- trace_verify
SELECT trace_verify(c, trace_head(c)), trace_verify(c, sha256('x'))
FROM (SELECT trace_append(NULL, 'harvesting', '2024-03-01 08:00+07') AS c) s;

-- trace_events
SELECT seq, bizstep, at, actor, lon, lat
FROM trace_events(trace_append(trace_append(NULL, 'harvesting', '2024-03-01 08:00+07', actor => 'HTX-123', lon => 105.93, lat => 21.0),
                               'shipping', '2024-03-03 08:00+07', actor => 'NPP-9'));

-- trigger, containment and GIN
CREATE TABLE lots (id int PRIMARY KEY, chain trace_chain);
CREATE TRIGGER lots_append_only BEFORE UPDATE ON lots
  FOR EACH ROW EXECUTE FUNCTION trace_append_only('chain');
INSERT INTO lots VALUES
  (1, trace_append(NULL::trace_chain, '{"bizStep":"shipping","eventTime":"2024-03-02T09:30:00+07:00","actor":"HTX-123","readPoint":{"id":"urn:epc:id:sgln:0614141.00777.0"}}')),
  (2, trace_append(NULL, 'harvesting', '2024-03-01 08:00+07', actor => 'HTX-456'));
CREATE INDEX ON lots USING gin (chain);
SELECT id FROM lots WHERE chain @> '{"actor":"HTX-123"}';
SELECT id FROM lots WHERE chain @> '{"readPoint":{"id":"urn:epc:id:sgln:0614141.00777.0"}}';

-- EPCIS round trip
SELECT trace_head(trace_from_epcis(trace_to_epcis(c))) = trace_head(c)
FROM (SELECT trace_append(NULL, 'harvesting', '2024-03-01 08:00+07', actor => 'HTX-123') AS c) s;

-- CBV vocabulary check
SELECT * FROM trace_vocabulary_check('[{"bizStep":"harvesting","eventTime":"2024-01-01T00:00:00Z","disposition":"active"},
  {"bizStep":"commissioning","eventTime":"2024-01-02T00:00:00Z","disposition":"fresh"},
  {"bizStep":"urn:ocop:bizstep:drying","eventTime":"2024-01-03T00:00:00Z"}]');

DROP TABLE lots;
