-- Helpers shared by the regression files, which include this file with
-- \i test/sql/include/outcome.sql (a path from the top directory, where
-- pg_regress and the script tests run psql; pg_regress itself runs only
-- test/sql/*.sql).
-- pg_temp.outcome(q): 'ok' when statement q succeeds, else its
-- "SQLSTATE: message / DETAIL / HINT: hint" (DETAIL and HINT when the error
-- has them), the message cut at 200 characters (an error that quotes a
-- megabyte literal stays readable).
CREATE FUNCTION pg_temp.outcome(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  st text; msg text; det text; hint text;
BEGIN
  EXECUTE q;
  RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL,
                          hint = PG_EXCEPTION_HINT;
  RETURN st || ': ' || left(msg, 200) || coalesce(' / ' || nullif(det, ''), '')
         || coalesce(' / HINT: ' || nullif(hint, ''), '');
END $$;
-- pg_temp.sqlstate(q): 'ok', or the SQLSTATE alone.
CREATE FUNCTION pg_temp.sqlstate(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE q;
  RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
  RETURN SQLSTATE;
END $$;
