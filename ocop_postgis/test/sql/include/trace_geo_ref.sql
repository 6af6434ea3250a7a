-- The SQL versions of trace_points, trace_path and trace_distance_km as
-- ocop_postgis 0.2.0 shipped them (sql/ocop_postgis.sql before issue 20
-- part 3), in schema trace_geo_ref: the reference the C versions are
-- compared with (test/sql/postgis_trace_ref.sql over generated lots,
-- test/scripts/demo.sh over the demo's 14,000 lots).  Included with
-- \i test/sql/include/trace_geo_ref.sql (a path from the top directory) in a
-- database where ocop and ocop_postgis are installed in the search_path.
--
-- One change: the event's date in Viet Nam is timezone(interval '+07:00',
-- at), UTC+7 as 0.2.0 documented.  0.2.0 wrote timezone('+07:00'::text, at),
-- which PostgreSQL reads as a POSIX zone, whose sign is the other way round
-- (UTC-7): an event with a place code only, between 17:00 and 24:00 UTC+7
-- or before 07:00 UTC+7, got the representative point of the unit valid on
-- the wrong date, which differs around 1 July 2025 (the reform).  The C
-- version uses UTC+7; postgis_trace_ref.sql shows the difference.
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS trace_geo_ref CASCADE;
RESET client_min_messages;
CREATE SCHEMA trace_geo_ref;

CREATE FUNCTION trace_geo_ref.trace_points(chain trace_chain,
    OUT seq int4, OUT at timestamptz, OUT place text, OUT geom geometry)
  RETURNS SETOF record
  LANGUAGE sql STABLE STRICT PARALLEL SAFE ROWS 10
BEGIN ATOMIC
  SELECT p.seq, p.at, p.place, p.geom FROM (
    SELECT e.seq, e.at, e.place,
           CASE WHEN e.lon IS NOT NULL AND e.lat IS NOT NULL
                THEN ST_SetSRID(ST_MakePoint(e.lon, e.lat), 4326)
                WHEN e.place IS NOT NULL
                THEN COALESCE((SELECT r.geom FROM ocop_admin_rep_point r
                                WHERE r.code = e.place
                                  AND r.valid_from <= d.day
                                  AND d.day < r.valid_to
                                LIMIT 1),
                              ocop_admin_rep_geom(e.place, d.day)) END AS geom
      FROM trace_events(chain) e
      CROSS JOIN LATERAL (SELECT CAST(timezone(interval '+07:00', e.at) AS date) AS day) d) p
   WHERE p.geom IS NOT NULL
   ORDER BY p.seq;
END;

CREATE FUNCTION trace_geo_ref.trace_path(chain trace_chain) RETURNS geometry
  LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
  SELECT CASE WHEN count(*) >= 2 THEN ST_MakeLine(p.geom ORDER BY p.seq) END
    FROM trace_geo_ref.trace_points(chain) p;
END;

CREATE FUNCTION trace_geo_ref.trace_distance_km(chain trace_chain) RETURNS float8
  LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
  SELECT CASE WHEN count(*) = 0 THEN NULL
              WHEN count(*) = 1 THEN 0::float8
              ELSE ST_Length(CAST(ST_MakeLine(p.geom ORDER BY p.seq) AS geography), true) / 1000::float8 END
    FROM trace_geo_ref.trace_points(chain) p;
END;
