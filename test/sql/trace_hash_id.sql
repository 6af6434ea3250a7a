CREATE EXTENSION IF NOT EXISTS ocop;
-- GS1 CBV 2.0 event hash IDs (issue 16 part 2): trace_event_hash_id,
-- trace_event_prehash, trace_events.hash_id, trace_to_epcis(event_ids),
-- the eventID check of trace_from_epcis, trace_append_epcis.  All the
-- reference implementation's examples are checked in C by
-- test/unit/test_epcis_hash.c; here three of its documents go through SQL
-- (test/data/epcis-hash/README.md gives their source).

\i test/sql/include/outcome.sql

-- The reference's own example (ReferenceEventHashAlgorithm.jsonld): the
-- document's @context declares the namespace of the user extensions.
\set doc `cat test/data/epcis-hash/examples/ReferenceEventHashAlgorithm.jsonld`
SELECT trace_event_hash_id(e, :'doc'::jsonb -> '@context')
       = 'ni:///sha-256;6ae96341e0acc6d7a261364751f60e68278a81cdf51da0abb6b4e617014e39d7?ver=CBV2.0' AS reference_example,
       trace_event_prehash(e, :'doc'::jsonb -> '@context')
  FROM jsonb_array_elements(:'doc'::jsonb -> 'epcisBody' -> 'eventList') AS e;
-- Without the @context, "example:myField1" is not expanded: another hash ID.
SELECT trace_event_hash_id(e) <> trace_event_hash_id(e, :'doc'::jsonb -> '@context') AS context_matters
  FROM jsonb_array_elements(:'doc'::jsonb -> 'epcisBody' -> 'eventList') AS e;

-- Every event of three more reference documents has its expected hash ID
-- (the .hashes file, one a line, in event order).
\set doc `cat test/data/epcis-hash/examples/epcisDocWithVariousEventTypes.jsonld`
\set want `cat test/data/epcis-hash/examples/epcisDocWithVariousEventTypes.hashes`
SELECT count(*) AS events, count(*) FILTER (WHERE trace_event_hash_id(e.v, :'doc'::jsonb -> '@context') = w.h) AS matching
  FROM jsonb_array_elements(:'doc'::jsonb -> 'epcisBody' -> 'eventList') WITH ORDINALITY AS e(v, n)
  JOIN unnest(string_to_array(:'want', E'\n')) WITH ORDINALITY AS w(h, n) USING (n);
\set doc `cat test/data/epcis-hash/examples/epcisDocWithSensorDataObjectEvent.jsonld`
\set want `cat test/data/epcis-hash/examples/epcisDocWithSensorDataObjectEvent.hashes`
SELECT trace_event_hash_id(:'doc'::jsonb -> 'epcisBody' -> 'eventList' -> 0, :'doc'::jsonb -> '@context') = :'want' AS sensor_data;
\set doc `cat test/data/epcis-hash/examples/ralfsChaosExample.jsonld`
\set want `cat test/data/epcis-hash/examples/ralfsChaosExample.hashes`
SELECT trace_event_hash_id(:'doc'::jsonb -> 'epcisBody' -> 'eventList' -> 0, :'doc'::jsonb -> '@context') = :'want' AS chaos_example;

-- Normalisation: the same event written differently has the same hash ID;
-- recordTime, eventID and comments do not count; any other field does.
SELECT trace_event_hash_id('{"type":"ObjectEvent","action":"OBSERVE","eventTime":"2024-03-01T08:00:00+07:00",
         "eventTimeZoneOffset":"+07:00","bizStep":"shipping","epcList":["urn:epc:id:sgtin:8930000.012345.1"],
         "readPoint":{"id":"urn:epc:id:sgln:8930000.00001.0"}, "quantity": 2.50}')
     = trace_event_hash_id('{"type":"ObjectEvent","action":"OBSERVE","eventTime":"2024-03-01T01:00:00.000Z",
         "eventTimeZoneOffset":"+07:00","bizStep":"https://ref.gs1.org/cbv/BizStep-shipping",
         "epcList":["https://id.gs1.org/01/08930000123459/21/1"],"readPoint":{"id":"https://id.gs1.org/414/8930000000019"},
         "quantity": "2.5", "recordTime":"2025-01-01T00:00:00Z", "eventID":"urn:uuid:6a0d1c52-6f5c-4d2e-8a53-1b1f6f0b3c10",
         "comment":"a note"}') AS same_event,
       trace_event_hash_id('{"type":"ObjectEvent","action":"OBSERVE","eventTime":"2024-03-01T08:00:00+07:00"}')
     <> trace_event_hash_id('{"type":"ObjectEvent","action":"OBSERVE","eventTime":"2024-03-01T08:00:00.001+07:00"}') AS one_ms_differs;
SELECT trace_event_prehash('{"type":"ObjectEvent","action":"OBSERVE","eventTime":"2024-03-01T08:00:00+07:00",
         "eventTimeZoneOffset":"+07:00","bizStep":"shipping","epcList":["urn:epc:id:sgtin:8930000.012345.1"],
         "readPoint":{"id":"urn:epc:id:sgln:8930000.00001.0"}, "quantity": 2.50}');

-- NULL in, NULL out; the context may be NULL.
SELECT trace_event_hash_id(NULL) IS NULL AS null_event, trace_event_prehash(NULL, '[]') IS NULL AS null_prehash,
       trace_event_hash_id('{"type":"ObjectEvent"}', NULL) = trace_event_hash_id('{"type":"ObjectEvent"}') AS null_context;

-- Refused (22023) rather than hashed differently from the reference.
SELECT pg_temp.outcome($$SELECT trace_event_hash_id('{"type":"ObjectEvent","eventTime":"2024-03-01T08:00:00"}')$$);
SELECT pg_temp.outcome($$SELECT trace_event_hash_id('{"type":"ObjectEvent","eventTime":"2024-03-01T08:00:00.9996Z"}')$$);
SELECT pg_temp.outcome($$SELECT trace_event_hash_id('{"type":"ObjectEvent","ex:x":"Infinity"}')$$);
SELECT pg_temp.outcome($$SELECT trace_event_hash_id('{"type":"ObjectEvent","bizTransactionList":[{"bizTransaction":"urn:x"}]}')$$);
SELECT pg_temp.outcome($$SELECT trace_event_hash_id('[1, 2]')$$);
SELECT pg_temp.outcome($$SELECT trace_event_hash_id('{"type":"ObjectEvent"}', '[{"ex": 1}]')$$);

-- The reference's XML-only examples cannot be given: an EPCIS XML document is
-- not jsonb (22P02), so no hash ID comes out of one.
SELECT pg_temp.outcome($$SELECT trace_event_hash_id('<epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2" schemaVersion="2.0"/>')$$);

-- A chain: trace_events.hash_id is the hash ID of each event as
-- trace_to_epcis writes it (without the chain's ocop:hash).
CREATE TEMP TABLE c AS
SELECT trace_append(trace_append(NULL, 'harvesting', '2024-03-01 08:00+07', actor => 'HTX-123', lon => 105.93, lat => 21.0),
                    'packing', '2024-03-02 08:00+07', lot => 'L1', quantity => 12.5, uom => 'KGM') AS chain;
SELECT e.seq, e.hash_id = trace_event_hash_id(x.v - 'ocop:hash', d.doc -> '@context') AS matches_export,
       e.hash_id ~ '^ni:///sha-256;[0-9a-f]{64}\?ver=CBV2\.0$' AS well_formed
  FROM c, trace_to_epcis(c.chain, '2024-04-01 00:00+00') AS d(doc),
       jsonb_array_elements(d.doc -> 'epcisBody' -> 'eventList') WITH ORDINALITY AS x(v, n),
       trace_events(c.chain) AS e
 WHERE e.seq = x.n ORDER BY e.seq;

-- trace_to_epcis: by default no eventID (today's output); with event_ids,
-- each event's eventID is its hash ID and there is no ocop:hash.
SELECT trace_to_epcis(chain, '2024-04-01 00:00+00') = trace_to_epcis(chain, '2024-04-01 00:00+00', false) AS default_unchanged,
       jsonb_path_query_array(trace_to_epcis(chain, '2024-04-01 00:00+00'), '$.epcisBody.eventList[*].eventID') = '[]' AS no_event_ids,
       jsonb_path_query_array(trace_to_epcis(chain, '2024-04-01 00:00+00', event_ids => true), '$.epcisBody.eventList[*].eventID')
         = (SELECT jsonb_agg(hash_id ORDER BY seq) FROM trace_events(chain)) AS event_ids_are_hash_ids,
       jsonb_path_query_array(trace_to_epcis(chain, '2024-04-01 00:00+00', event_ids => true), '$.epcisBody.eventList[*]."ocop:hash"') = '[]' AS no_ocop_hash
  FROM c;
-- Each exported eventID is the hash ID of its exported event with the
-- exported @context, as any GS1 tool computes it.
SELECT bool_and(e ->> 'eventID' = trace_event_hash_id(e, d -> '@context')) AS verifiable
  FROM c, trace_to_epcis(chain, '2024-04-01 00:00+00', event_ids => true) AS d,
       jsonb_array_elements(d -> 'epcisBody' -> 'eventList') AS e;

-- trace_from_epcis: hash-ID eventIDs are checked and kept (as eventID);
-- the events keep their hash IDs (eventID is not part of it).
SELECT (SELECT array_agg(hash_id ORDER BY seq) FROM trace_events(trace_from_epcis(trace_to_epcis(chain, '2024-04-01 00:00+00', event_ids => true))))
       = (SELECT array_agg(hash_id ORDER BY seq) FROM trace_events(chain)) AS same_hash_ids,
       (SELECT array_agg(hash_id ORDER BY seq) FROM trace_events(trace_from_epcis(trace_to_epcis(chain, '2024-04-01 00:00+00', event_ids => true))))
       = (SELECT array_agg(event_id ORDER BY seq) FROM trace_events(trace_from_epcis(trace_to_epcis(chain, '2024-04-01 00:00+00', event_ids => true)))) AS kept_as_event_id
  FROM c;
-- A tampered event: 22P02, the DETAIL names the event.
SELECT pg_temp.outcome(format($$SELECT trace_from_epcis(%L)$$,
         jsonb_set(trace_to_epcis(chain, '2024-04-01 00:00+00', event_ids => true),
                   '{epcisBody,eventList,1,ocop:lot}', '"L2"')))
  FROM c;
-- An eventID that is not a hash ID is kept as it is.
SELECT e.event_id FROM trace_events(trace_from_epcis('{"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2024-01-01T00:00:00Z",
  "epcisBody":{"eventList":[{"type":"ObjectEvent","action":"OBSERVE","bizStep":"shipping","eventTime":"2024-03-01T08:00:00+07:00",
  "eventTimeZoneOffset":"+07:00","eventID":"urn:uuid:6a0d1c52-6f5c-4d2e-8a53-1b1f6f0b3c10"}]}}')) AS e;

-- trace_append_epcis: importing the same document again changes nothing;
-- a document with one new event appends that event only.
CREATE TEMP TABLE imp (id int PRIMARY KEY, chain trace_chain);
INSERT INTO imp SELECT 1, trace_append_epcis(NULL, trace_to_epcis(chain, '2024-04-01 00:00+00')) FROM c;
UPDATE imp SET chain = trace_append_epcis(imp.chain, trace_to_epcis(c.chain, '2024-04-01 00:00+00')) FROM c;
UPDATE imp SET chain = trace_append_epcis(imp.chain, trace_to_epcis(c.chain, '2024-05-01 00:00+00', event_ids => true)) FROM c;
SELECT trace_length(imp.chain) AS after_three_imports, trace_head(imp.chain) = trace_head(c.chain) AS same_as_source
  FROM imp, c;
UPDATE imp SET chain = trace_append_epcis(imp.chain,
  trace_to_epcis(trace_append(c.chain, 'shipping', '2024-03-03 08:00+07'), '2024-04-01 00:00+00')) FROM c;
SELECT trace_length(chain) AS after_a_longer_document, trace_verify(chain) FROM imp;
-- Twice the same event in one document: once.
SELECT trace_length(trace_append_epcis(NULL, jsonb_set(d, '{epcisBody,eventList}',
         (d -> 'epcisBody' -> 'eventList') || (d -> 'epcisBody' -> 'eventList')))) AS deduplicated
  FROM c, trace_to_epcis(chain, '2024-04-01 00:00+00', event_ids => true) AS d;
SELECT trace_append_epcis(NULL, NULL) IS NULL AS null_null,
       trace_head(trace_append_epcis(chain, NULL)) = trace_head(chain) AS null_document
  FROM c;
SELECT pg_temp.outcome($$SELECT trace_append_epcis(NULL, '{"type":"EPCISDocument"}')$$);
