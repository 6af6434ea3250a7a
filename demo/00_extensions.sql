-- The extensions the demo uses: the core `ocop` and, when it is built, the
-- PostGIS companion `ocop_postgis` (CASCADE installs PostGIS itself).
CREATE EXTENSION IF NOT EXISTS ocop;
SELECT EXISTS (SELECT FROM pg_available_extensions WHERE name = 'ocop_postgis') AS can_postgis \gset
\if :can_postgis
CREATE EXTENSION IF NOT EXISTS ocop_postgis CASCADE;
\else
\echo 'note: the ocop_postgis extension is not built here; map, village and food-mile sections will be skipped'
\endif
