-- Calls of the ocop functions whose bodies call other functions (PL/pgSQL
-- and BEGIN ATOMIC), every argument typed exactly, for the hijacking tests
-- (lib/hostile.sh): with hostile overloads of our own names planted beside
-- the extension, none of these may reach one.  Errors are part of the
-- workload (the PL/pgSQL functions' error paths call format()).
\set ON_ERROR_STOP 0
SELECT ocop_regime_in_force(date '2024-01-01');
SELECT ocop_star_from_score(85::numeric, '148/2023'::text);
SELECT ocop_star_from_score(101::numeric, '148/2023'::text);
SELECT ocop_star_from_score(50::numeric, 'nope'::text);
SELECT ocop_star_from_parts(30::numeric, 20::numeric, 30::numeric, '148/2023'::text);
SELECT ocop_star_from_parts(50::numeric, 20::numeric, 30::numeric, '148/2023'::text);
SELECT ocop_star_from_parts(30::numeric, 50::numeric, 30::numeric, '1048/2019'::text);
SELECT ocop_certifier('4★'::ocop_star, date '2024-06-01');
SELECT ocop_certifier('5★'::ocop_star, date '2025-07-03');
SELECT ocop_certifier('2★'::ocop_star, date '2024-06-01');
SELECT ocop_certifier('3★'::ocop_star, date '2018-01-01');
SELECT ocop_certificate_expiry(date '2024-02-29');
SELECT ocop_certificate_status(date '2024-02-29', date '2026-01-01');
SELECT ocop_product_set_name(7::int4, 'en'::text);
SELECT ocop_product_set_name(99::int4, 'vi'::text);
SELECT ocop_product_set_name(1::int4, 'fr'::text);
SELECT ocop_star_label('4★'::ocop_star, 'en'::text);
SELECT trace_length(trace_append(NULL::trace_chain, '{"bizStep": "commissioning", "eventTime": "2025-01-01T08:00:00+07:00"}'::jsonb));
SELECT trace_contains('[]'::trace_chain, '{"bizStep": "shipping"}'::jsonb);
SELECT '3★'::ocop_star OPERATOR(public.=) '3★'::ocop_star, avg(s) FROM (VALUES ('3★'::ocop_star), ('5★'::ocop_star)) v(s);
SELECT ocop_code_in_area(ocop_code(1::int4, 4::int4, 21::int4, 2025::int4, 42::int4), '01'::text);
SELECT * FROM ocop_code_place(ocop_code(1::int4, 4::int4, 21::int4, 2025::int4, 42::int4));
SELECT ocop_admin_name('00004'::text, date '2024-01-01');
SELECT * FROM ocop_admin_unit('00004'::text, date '2025-07-01');
SELECT * FROM ocop_admin_successors('00004'::text);
SELECT * FROM ocop_admin_current('00004'::text, date '2026-01-01');
SELECT * FROM ocop_admin_point('00004'::text, date '2024-01-01');
