-- Every size is bounded (issue 10): no single call can be made to build or
-- read a value beyond the documented limits, and crossing one is a clean
-- 54000 (program_limit_exceeded) naming the type, the value and the field.
-- The values just below each limit are accepted.
SET client_min_messages = warning;

\i test/sql/include/outcome.sql

-- trace_chain: at most 10,000 events (trace_chain_core.h TRACE_MAX_EVENTS).
CREATE TEMP TABLE big AS
SELECT ('[' || string_agg(format('{"eventTime":"2024-01-01T00:00:00Z","bizStep":"shipping","n":%s}', i), ',' ORDER BY i)
        || ']')::trace_chain AS chain
FROM generate_series(1, 10000) i;
SELECT trace_length(chain), trace_verify(chain) FROM big;
-- one more, by append (both forms), by text input and by EPCIS import
SELECT pg_temp.outcome($q$SELECT trace_append(chain, '{"eventTime":"2024-01-02T00:00:00Z","bizStep":"receiving"}'::jsonb) FROM big$q$)
  AS append_jsonb;
SELECT pg_temp.outcome($q$SELECT trace_append(chain, 'receiving', '2024-01-02 00:00+07') FROM big$q$) AS append_columns;
SELECT pg_temp.outcome($q$SELECT ('[' || string_agg('{"eventTime":"2024-01-01T00:00:00Z"}', ',') || ']')::trace_chain
                     FROM generate_series(1, 10001)$q$) AS text_input;
SELECT pg_temp.outcome($q$SELECT trace_from_epcis(jsonb_build_object('type', 'EPCISDocument', 'epcisBody',
                       jsonb_build_object('eventList', (SELECT jsonb_agg(jsonb_build_object('type', 'ObjectEvent',
                         'action', 'OBSERVE', 'eventTime', '2024-01-01T00:00:00Z', 'eventTimeZoneOffset', '+07:00'))
                       FROM generate_series(1, 10001)))))$q$) AS epcis_import;
-- (binary receive: binary_fuzz.sh mutates event counts and lengths; the
-- unit test test_trace_chain checks the limit in the decoder)

-- trace_chain: one event's canonical JSON at most 64 KiB, one string 8 KiB,
-- nesting 20 levels (TRACE_MAX_EVENT_BYTES, TRACE_MAX_STRING_BYTES, TRACE_MAX_EVENT_DEPTH).
SELECT trace_length(trace_append(NULL, jsonb_build_object('eventTime', '2024-01-01T00:00:00Z', 'a', repeat('x', 8192))))
  AS string_at_limit;
SELECT pg_temp.outcome($q$SELECT trace_append(NULL, jsonb_build_object('eventTime', '2024-01-01T00:00:00Z', 'a', repeat('x', 8193)))$q$)
  AS string_over;
SELECT pg_temp.outcome(format($q$SELECT trace_append(NULL, '{"eventTime":"2024-01-01T00:00:00Z",%s}'::jsonb)$q$,
         (SELECT string_agg(format('"f%s":"%s"', i, repeat('y', 8000)), ',') FROM generate_series(1, 9) i)))
  AS event_over_64k;
SELECT pg_temp.outcome(format($q$SELECT '[{"eventTime":"2024-01-01T00:00:00Z","deep":%s1%s}]'::trace_chain$q$,
         repeat('[', 20), repeat(']', 20))) AS nesting_over;

-- QR payloads: at most 7,089 characters (the largest version-40 numeric
-- capacity, ISO/IEC 18004 table 7); images at most 8,192 pixels a side.
SELECT pg_temp.outcome($q$SELECT ocop_qr_text(repeat('1', 7090), 0)$q$) AS qr_payload_over;
SELECT pg_temp.outcome($q$SELECT ocop_qr_png(repeat('A', 2000), 64, 64, 'L')$q$) AS qr_image_over;
SELECT pg_temp.outcome($q$SELECT ocop_qr_svg(repeat('A', 2000), 64, 64, 'L')$q$) AS qr_svg_over;

-- GS1 Digital Link: lot and serial at most 20 characters (GS1 General
-- Specifications, AI 10 and 21), the resolver base at most 1,024 bytes.
SELECT length(gs1_digital_link('8931234567897', lot => repeat('A', 20), serial => repeat('9', 20))) AS at_limits;
SELECT pg_temp.outcome($q$SELECT gs1_digital_link('8931234567897', lot => repeat('A', 21))$q$) AS lot_over;
SELECT pg_temp.outcome($q$SELECT gs1_digital_link('8931234567897', serial => repeat('9', 21))$q$) AS serial_over;
SELECT pg_temp.outcome($q$SELECT gs1_digital_link('8931234567897', base => 'https://example.com/' || repeat('p', 1100))$q$) AS base_over;

-- Inputs of the fixed-size types are refused long before any work: an
-- ocop_code or ocop_star literal of a megabyte is a 22P02 naming the value.
SELECT pg_temp.outcome($q$SELECT repeat('1', 1000000)::ocop_code$q$) AS long_code;
SELECT pg_temp.outcome($q$SELECT repeat('★', 100000)::ocop_star$q$) AS long_star;
