-- trace_path, trace_points and trace_distance_km (ocop_postgis over trace_chain).
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS ocop_postgis CASCADE;
RESET client_min_messages;

-- A lot from a farm in Bát Tràng (own coordinates), through a processor known
-- only by its commune code (new Xã Bát Tràng, 00577), to a shop in Hoàn Kiếm
-- (own coordinates), plus an event with no location at all.
CREATE TABLE trace_geo (id int PRIMARY KEY, chain trace_chain);
INSERT INTO trace_geo VALUES (1,
  trace_append(trace_append(trace_append(trace_append(NULL,
    'commissioning', '2025-08-01 08:00+07', actor => 'FARM-1', lon => 105.9120, lat => 20.9760),
    'transforming', '2025-08-02 09:00+07', actor => 'HTX-2', place => '00577'),
    'inspecting', '2025-08-02 15:00+07', actor => 'LAB-3'),
    'retail_selling', '2025-08-03 10:00+07', actor => 'SHOP-4', lon => 105.8542, lat => 21.0285));
-- Only a place code that was split in the reform (old Xã Bát Tràng 00583): no
-- single point, so it is skipped.
INSERT INTO trace_geo VALUES (2,
  trace_append(trace_append(NULL, 'commissioning', '2024-05-01 08:00+07', place => '00583'),
               'shipping', '2024-05-02 08:00+07', lon => 105.85, lat => 21.03));
INSERT INTO trace_geo VALUES (3, '[]');

SELECT id, p.seq, p.place, round(ST_X(p.geom)::numeric, 4) AS lon, round(ST_Y(p.geom)::numeric, 4) AS lat
  FROM trace_geo, trace_points(chain) p ORDER BY id, seq;

-- The path goes through the three located events in order.
SELECT id, ST_GeometryType(trace_path(chain)) AS type, ST_NPoints(trace_path(chain)) AS points,
       ST_SRID(trace_path(chain)) AS srid
  FROM trace_geo ORDER BY id;
-- The commune fallback is the representative point of 00577 on the event's date.
SELECT ST_Equals(ST_PointN(trace_path(chain), 2), ocop_admin_rep_geom('00577', '2025-08-02')) AS via_commune_point
  FROM trace_geo WHERE id = 1;

-- Food miles: the geodesic length equals the sum of the legs' geodesic distances.
SELECT id, round(trace_distance_km(chain)::numeric, 3) AS km FROM trace_geo ORDER BY id;
SELECT abs(trace_distance_km(chain) -
           (SELECT sum(ST_Distance(a.geom::geography, b.geom::geography)) / 1000
              FROM trace_points(chain) a JOIN trace_points(chain) b ON b.seq = (SELECT min(seq) FROM trace_points(chain) c WHERE c.seq > a.seq))) < 1e-6 AS sum_of_legs
  FROM trace_geo WHERE id = 1;
-- Independently of PostGIS: the haversine sum of the legs (mean Earth radius
-- 6371.0088 km) agrees within 0.5% (the spheroid differs from the sphere).
WITH pts AS (SELECT seq, radians(ST_X(geom)) AS lon, radians(ST_Y(geom)) AS lat
               FROM trace_geo, trace_points(chain) WHERE id = 1),
legs AS (SELECT 2 * 6371.0088 * asin(sqrt(sin((b.lat - a.lat) / 2) ^ 2
                  + cos(a.lat) * cos(b.lat) * sin((b.lon - a.lon) / 2) ^ 2)) AS km
           FROM pts a JOIN pts b ON b.seq = (SELECT min(seq) FROM pts c WHERE c.seq > a.seq))
SELECT round(sum(km)::numeric, 2) AS haversine_km,
       abs((SELECT trace_distance_km(chain) FROM trace_geo WHERE id = 1) - sum(km)) / sum(km) < 0.005 AS agrees
  FROM legs;

-- Under a restricted search_path the functions still work (bound at creation).
SET search_path = pg_catalog, pg_temp;
SELECT round(public.trace_distance_km(chain)::numeric, 3) AS km FROM public.trace_geo WHERE id = 1;
RESET search_path;

-- Volatility and strictness.
SELECT p.oid::regprocedure AS function, p.provolatile, p.proisstrict, p.proparallel
  FROM pg_proc p WHERE p.proname IN ('trace_points', 'trace_path', 'trace_distance_km')
 ORDER BY p.oid::regprocedure::text;
DROP TABLE trace_geo;

-- The example of doc/geography.md.
SELECT round(trace_distance_km(trace_append(trace_append(NULL,
         'commissioning', '2025-08-01 08:00+07', lon => 105.9120, lat => 20.9760),
         'retail_selling', '2025-08-03 10:00+07', lon => 105.8542, lat => 21.0285))::numeric, 1);
