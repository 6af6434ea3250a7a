-- The database side of the resolver (resolver/README.md): two functions that
-- parse what a URL carries with the extension's own parsers and return the
-- parser's complaint as data instead of raising it, so that a malformed or
-- hostile URL costs no ERROR in the server log.  Install once into the
-- registry database, after CREATE EXTENSION ocop, by a role that may create
-- functions there; rerunning it is harmless.  The functions are ordinary
-- PL/pgSQL (not SECURITY DEFINER); the search_path in force when this script
-- runs (the one that finds ocop) is frozen into them.
--
-- Only the data-exception class (22xxx: 22P02 malformed, 22003 out of range,
-- 22023 bad parameter, 22007 bad date ...) and 54000 (limit exceeded) are
-- turned into data; anything else still raises.

CREATE OR REPLACE FUNCTION ocop_resolver_parse_code(input text,
    OUT code text, OUT err_state text, OUT err_message text, OUT err_detail text)
  LANGUAGE plpgsql STABLE PARALLEL SAFE
  SET search_path FROM CURRENT
AS $$
BEGIN
  code := input::ocop_code::text;
EXCEPTION WHEN data_exception OR program_limit_exceeded THEN
  GET STACKED DIAGNOSTICS err_state = RETURNED_SQLSTATE, err_message = MESSAGE_TEXT,
                          err_detail = PG_EXCEPTION_DETAIL;
END
$$;
COMMENT ON FUNCTION ocop_resolver_parse_code(text) IS
  'resolver: the canonical text of an ocop_code, or the SQLSTATE, message and detail its input function raised (as data, not an error)';

CREATE OR REPLACE FUNCTION ocop_resolver_parse_link(uri text,
    OUT gtin text, OUT lot text, OUT serial text, OUT expiry date, OUT base text,
    OUT err_state text, OUT err_message text, OUT err_detail text)
  LANGUAGE plpgsql STABLE PARALLEL SAFE
  SET search_path FROM CURRENT
AS $$
BEGIN
  SELECT d.gtin, d.lot, d.serial, d.expiry, d.base INTO gtin, lot, serial, expiry, base
    FROM gs1_digital_link_parse(uri) d;
EXCEPTION WHEN data_exception OR program_limit_exceeded THEN
  GET STACKED DIAGNOSTICS err_state = RETURNED_SQLSTATE, err_message = MESSAGE_TEXT,
                          err_detail = PG_EXCEPTION_DETAIL;
END
$$;
COMMENT ON FUNCTION ocop_resolver_parse_link(text) IS
  'resolver: gs1_digital_link_parse of a URI, or the SQLSTATE, message and detail it raised (as data, not an error)';
