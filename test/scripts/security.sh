#!/usr/bin/env bash
# Search-path hijacking (in the spirit of the contrib/seg and cube tests):
# an unprivileged role plants functions and operators in public, named like
# every built-in function the extensions' SQL and PL/pgSQL bodies call, with
# signatures that would win overload resolution if anything were unqualified.
# Then a superuser creates the extensions and runs every regression test file
# with public on the search_path.  Passes when
#   1. no hostile function was ever called (they log every call), and
#   2. no object of the extensions depends on an object owned by the attacker.
set -uo pipefail
TOP=${OCOP_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
db=ocop_security
Q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }

Q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "DROP ROLE IF EXISTS ocop_attacker" \
  -c "CREATE ROLE ocop_attacker LOGIN" -c "CREATE DATABASE $db" 2>/dev/null
Q -d $db -c "GRANT CREATE, USAGE ON SCHEMA public TO PUBLIC" \
  -c "CREATE TABLE public.hijacked (fn text, at timestamptz DEFAULT now())" \
  -c "GRANT INSERT, SELECT ON public.hijacked TO PUBLIC"

# Names of built-in functions called by the extensions' SQL and PL/pgSQL
# bodies, read from a scratch database where the extensions are installed.
Q -d postgres -c "DROP DATABASE IF EXISTS ocop_security_scan" -c "CREATE DATABASE ocop_security_scan" 2>/dev/null
Q -d ocop_security_scan -c "CREATE EXTENSION ocop" >/dev/null
Q -d ocop_security_scan -c "CREATE EXTENSION IF NOT EXISTS ocop_postgis CASCADE" >/dev/null 2>&1 || true
names=$(psql -X -At -d ocop_security_scan <<'SQL'
SELECT DISTINCT m[1]
FROM pg_proc p
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname LIKE 'ocop%'
JOIN pg_language l ON l.oid = p.prolang AND l.lanname IN ('sql', 'plpgsql'),
LATERAL regexp_matches(lower(pg_get_functiondef(p.oid)), '([a-z_][a-z0-9_]*)\s*\(', 'g') m
WHERE EXISTS (SELECT 1 FROM pg_proc b WHERE b.proname = m[1] AND b.pronamespace = 'pg_catalog'::regnamespace)
ORDER BY 1
SQL
)
Q -d postgres -c "DROP DATABASE ocop_security_scan"
names="$names lower upper length substr format hashint8 hashint4 btequalimage jsonb_build_object now"
echo "planting hostile overloads of: $(echo $names | wc -w) built-in names"

{
  echo "SET ROLE ocop_attacker;"
  for n in $names; do
    for sig in anyelement "anyelement, anyelement" "anyelement, anyelement, anyelement" text "character varying" \
               numeric integer bigint smallint "double precision" date "timestamp with time zone" jsonb bytea; do
      echo "DO \$\$ BEGIN EXECUTE format('CREATE FUNCTION public.%I($sig) RETURNS int LANGUAGE sql AS \$b\$ INSERT INTO public.hijacked(fn) VALUES (%L) RETURNING 0 \$b\$', '$n', '$n($sig)'); EXCEPTION WHEN others THEN NULL; END \$\$;"
    done
  done
  for op in '=' '<>' '<' '>' '<=' '>=' '||' '+' '-' '@>' '->' '->>' '#>>' '~~'; do
    for t in "character varying" numeric integer text jsonb; do
      echo "DO \$\$ BEGIN EXECUTE format('CREATE FUNCTION public.hostile_op_%s(\"$t\", \"$t\") RETURNS bool LANGUAGE sql AS \$b\$ INSERT INTO public.hijacked(fn) VALUES (%L) RETURNING true \$b\$', md5('$op$t'), 'operator $op ($t)'); EXECUTE format('CREATE OPERATOR public.$op (LEFTARG = \"$t\", RIGHTARG = \"$t\", FUNCTION = public.hostile_op_%s)', md5('$op$t')); EXCEPTION WHEN others THEN NULL; END \$\$;"
    done
  done
  echo "RESET ROLE;"
} | psql -X -q -d $db >/dev/null 2>&1
planted=$(psql -X -At -d $db -c "SELECT count(*) FROM pg_proc WHERE proowner = 'ocop_attacker'::regrole")
echo "hostile functions planted: $planted"

status=0
# The superuser installs the extensions with public first on the search path.
Q -d $db -c "CREATE EXTENSION ocop" || status=1
Q -d $db -c "CREATE EXTENSION IF NOT EXISTS ocop_postgis CASCADE" >/dev/null 2>&1 || true

# Run every regression test file as a workload (its output is not compared here).
for f in "$TOP"/test/sql/*.sql; do
  (cd "$TOP" && PGOPTIONS="-c search_path=public" psql -X -q -d $db -f "$f" >/dev/null 2>&1)
done

hits=$(psql -X -At -d $db -c "SELECT count(*) FROM public.hijacked")
deps=$(psql -X -At -d $db <<'SQL'
SELECT count(*) FROM pg_depend d
JOIN pg_depend x ON x.classid = d.classid AND x.objid = d.objid AND x.deptype = 'e'
JOIN pg_extension e ON e.oid = x.refobjid AND e.extname LIKE 'ocop%'
JOIN pg_proc p ON d.refclassid = 'pg_proc'::regclass AND p.oid = d.refobjid
WHERE p.proowner = 'ocop_attacker'::regrole
SQL
)
echo "hostile calls during the workload: $hits; extension objects bound to hostile objects: $deps"
if [ "$hits" != 0 ]; then psql -X -d $db -c "SELECT fn, count(*) FROM public.hijacked GROUP BY 1"; status=1; fi
[ "$deps" = 0 ] || status=1
[ "$planted" -gt 100 ] || { echo "too few hostile functions planted"; status=1; }

Q -d postgres -c "DROP DATABASE $db" -c "DROP ROLE ocop_attacker"
exit $status
