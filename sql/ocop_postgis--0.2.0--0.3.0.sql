-- ocop_postgis 0.2.0 -> 0.3.0 (ALTER EXTENSION ocop_postgis UPDATE TO '0.3.0').
--
-- Same rules as the install script.  test/scripts/upgrade.sh checks that an
-- updated database matches a fresh 0.3.0 one.

\echo Use "ALTER EXTENSION ocop_postgis UPDATE TO '0.3.0'" to load this file. \quit

-- The VN-2000 raisers become VOLATILE, so that the planner never evaluates
-- them while simplifying a query whose arguments are constants (PostgreSQL 18
-- plans SQL functions so: "unknown province" was raised for valid provinces).
ALTER FUNCTION @extschema@.ocop_vn2000_bad_province(pg_catalog.text) VOLATILE;
ALTER FUNCTION @extschema@.ocop_vn2000_bad_srid(pg_catalog.int4, pg_catalog.int4) VOLATILE;

-- trace_distance_km: ST_Length's use_spheroid argument given explicitly, so
-- that an overload ST_Length(geography) beside PostGIS (test/scripts/
-- security.sh plants one) cannot make the call ambiguous and the install
-- fail.  Same result: true is PostGIS's default.
CREATE OR REPLACE FUNCTION @extschema@.trace_distance_km(chain trace_chain) RETURNS float8
  LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
  SELECT CASE WHEN pg_catalog.count(*) OPERATOR(pg_catalog.=) 0 THEN NULL
              WHEN pg_catalog.count(*) OPERATOR(pg_catalog.=) 1 THEN 0::float8
              ELSE ST_Length(CAST(ST_MakeLine(p.geom ORDER BY p.seq) AS geography), true)
                   OPERATOR(pg_catalog./) 1000::float8 END
    FROM @extschema@.trace_points(chain) p;
END;

-- BEGIN event hash IDs (issue 16 part 2)
-- ocop 0.3.0 replaced trace_events (a hash_id column) and, while this
-- extension's trace_points still read the 0.2.0 function, kept that one as
-- trace_events_0_2_0.  trace_points now reads the new one (same definition as
-- a fresh install), and the old one goes.
CREATE OR REPLACE FUNCTION @extschema@.trace_points(chain trace_chain,
    OUT seq int4, OUT at timestamptz, OUT place text, OUT geom geometry)
  RETURNS SETOF record
  LANGUAGE sql STABLE STRICT PARALLEL SAFE ROWS 10
BEGIN ATOMIC
  SELECT p.seq, p.at, p.place, p.geom FROM (
    SELECT e.seq, e.at, e.place,
           CASE WHEN e.lon IS NOT NULL AND e.lat IS NOT NULL
                THEN ST_SetSRID(ST_MakePoint(e.lon, e.lat), 4326)
                WHEN e.place IS NOT NULL
                -- a unit current on that date: one index probe; else the
                -- general lookup, which follows pre-reform codes
                THEN COALESCE((SELECT r.geom FROM @extschema@.ocop_admin_rep_point r
                                WHERE r.code OPERATOR(pg_catalog.=) e.place
                                  AND r.valid_from OPERATOR(pg_catalog.<=) d.day
                                  AND d.day OPERATOR(pg_catalog.<) r.valid_to
                                LIMIT 1),
                              @extschema@.ocop_admin_rep_geom(e.place, d.day)) END AS geom
      FROM trace_events(chain) e
      CROSS JOIN LATERAL (SELECT CAST(pg_catalog.timezone('+07:00'::text, e.at) AS date) AS day) d) p
   WHERE p.geom IS NOT NULL
   ORDER BY p.seq;
END;

DO $ocop_postgis_drop_old_trace_events$
DECLARE
  ocop_schema pg_catalog.text;
BEGIN
  SELECT n.nspname INTO ocop_schema
    FROM pg_catalog.pg_proc AS p JOIN pg_catalog.pg_namespace AS n ON n.oid OPERATOR(pg_catalog.=) p.pronamespace
   WHERE p.proname OPERATOR(pg_catalog.=) 'trace_events_0_2_0';
  IF ocop_schema IS NOT NULL THEN
    EXECUTE pg_catalog.format('ALTER EXTENSION ocop DROP FUNCTION %I.trace_events_0_2_0(%I.trace_chain)', ocop_schema, ocop_schema);
    EXECUTE pg_catalog.format('DROP FUNCTION %I.trace_events_0_2_0(%I.trace_chain)', ocop_schema, ocop_schema);
  END IF;
END;
$ocop_postgis_drop_old_trace_events$;
-- END event hash IDs

-- BEGIN national shapes (issue 20 parts 1 and 2)
COMMENT ON TABLE @extschema@.ocop_commune_polygon IS
  'full-detail boundaries (unsimplified source) of the 126 communes and wards of Ha Noi after 1 July 2025 (Resolution 1656/NQ-UBTVQH15), WGS 84; reference only: the lookups answer from ocop_commune_shape';

-- The national layers (doc/geography.md, "National shapes"): every current
-- commune-level unit and province, simplified with shared borders kept shared
-- (Douglas-Peucker 10 m, data/geo/README.md).  Filled by the generated block
-- that `make` appends to this script (scripts/gen-geo).
CREATE TABLE @extschema@.ocop_commune_shape (
  code       text NOT NULL CHECK (code ~ '^[0-9]{5}$'),
  valid_from date NOT NULL,
  valid_to   date NOT NULL,
  geom       geometry(MultiPolygon, 4326) NOT NULL,
  PRIMARY KEY (code, valid_from),
  CHECK (valid_from < valid_to)
);
COMMENT ON TABLE @extschema@.ocop_commune_shape IS
  'boundaries of the 3,321 commune-level units of Viet Nam since 1 July 2025, simplified to 10 m with shared borders kept (data/geo, MIT, thanglequoc/vietnamese-provinces-database cd58063), WGS 84; answers ocop_commune_at, ocop_province_at and ocop_admin_geom';

CREATE TABLE @extschema@.ocop_province_shape (
  code       text NOT NULL CHECK (code ~ '^[0-9]{2}$'),
  valid_from date NOT NULL,
  valid_to   date NOT NULL,
  geom       geometry(MultiPolygon, 4326) NOT NULL,
  PRIMARY KEY (code, valid_from),
  CHECK (valid_from < valid_to)
);
COMMENT ON TABLE @extschema@.ocop_province_shape IS
  'boundaries of the 34 provinces since 1 July 2025, dissolved from ocop_commune_shape (enclosed gaps filled), WGS 84; answers ocop_admin_geom for province codes';
-- Their GiST indexes are built after the rows, in the generated block (one
-- sorted build is faster than 3,355 insertions).
GRANT SELECT ON @extschema@.ocop_commune_shape, @extschema@.ocop_province_shape TO PUBLIC;

CREATE OR REPLACE FUNCTION @extschema@.ocop_admin_geom(code text, at date DEFAULT CURRENT_DATE) RETURNS geometry
  LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
  SELECT s.geom FROM (
    SELECT c.geom FROM @extschema@.ocop_commune_shape c
     WHERE c.code OPERATOR(pg_catalog.=) ocop_admin_geom.code
       AND c.valid_from OPERATOR(pg_catalog.<=) ocop_admin_geom.at
       AND c.valid_to OPERATOR(pg_catalog.>) ocop_admin_geom.at
    UNION ALL
    SELECT p.geom FROM @extschema@.ocop_province_shape p
     WHERE p.code OPERATOR(pg_catalog.=) ocop_admin_geom.code
       AND p.valid_from OPERATOR(pg_catalog.<=) ocop_admin_geom.at
       AND p.valid_to OPERATOR(pg_catalog.>) ocop_admin_geom.at) s
   LIMIT 1;
END;
COMMENT ON FUNCTION @extschema@.ocop_admin_geom(text, date) IS
  'boundary (MultiPolygon, SRID 4326) of the commune (5-digit code) or province (2-digit code) current on date at, from the national 10 m layers ocop_commune_shape / ocop_province_shape; NULL before 1 July 2025 (no pre-reform shapes: follow ocop_admin_current), for districts and unknown codes';

CREATE OR REPLACE FUNCTION @extschema@.ocop_commune_at(pt geometry, at date DEFAULT CURRENT_DATE) RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT @extschema@.ocop_commune_pip(ST_X(@extschema@.ocop_geo_point(pt)), ST_Y(@extschema@.ocop_geo_point(pt)),
                                      at, '@extschema@.ocop_commune_shape'::regclass);
END;
COMMENT ON FUNCTION @extschema@.ocop_commune_at(geometry, date) IS
  'code of the commune-level unit of Viet Nam whose shape (ocop_commune_shape, 10 m layer) contains the point (SRID 4326) on date at; a point on a shared border goes to exactly one side, a point where the source''s units overlap to the lowest code; NULL at sea, outside Viet Nam, in the source''s gaps, before 1 July 2025 or for NULL input; 22023 for non-points and other SRIDs';

CREATE FUNCTION @extschema@.ocop_province_at(pt geometry, at date DEFAULT CURRENT_DATE) RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT c.province FROM ocop_admin_commune c
   WHERE c.code OPERATOR(pg_catalog.=) @extschema@.ocop_commune_at(pt, at)
     AND c.valid_from OPERATOR(pg_catalog.<=) ocop_province_at.at
     AND c.valid_to OPERATOR(pg_catalog.>) ocop_province_at.at;
END;
COMMENT ON FUNCTION @extschema@.ocop_province_at(geometry, date) IS
  'two-digit code of the province of the commune ocop_commune_at finds for the point on date at (so the two always agree); NULL where ocop_commune_at is NULL; 22023 for non-points and other SRIDs';

CREATE OR REPLACE FUNCTION @extschema@.ocop_code_geom(code ocop_code) RETURNS geometry
  LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
  SELECT p.geom
    FROM ocop_code_place(ocop_code_geom.code) u
    JOIN @extschema@.ocop_commune_shape p
      ON p.code OPERATOR(pg_catalog.=) u.code AND p.valid_from OPERATOR(pg_catalog.<=) u.valid_from
     AND u.valid_from OPERATOR(pg_catalog.<) p.valid_to;
END;
COMMENT ON FUNCTION @extschema@.ocop_code_geom(ocop_code) IS
  'boundary (ocop_commune_shape) of the current commune a two-level OCOP code names (see ocop_code_place); NULL for three-level (pre-reform) codes, which name communes without a shape';
-- The rows of the two tables follow at the end of this script (generated).
-- END national shapes
