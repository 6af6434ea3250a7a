# Hostile objects for the search-path hijacking tests (security.sh,
# upgrade.sh), in the spirit of contrib/seg's and cube's: a role without
# privileges plants functions and operators in a schema the extensions'
# scripts run in, named like every function the scripts and the extensions'
# SQL and PL/pgSQL bodies call (built-in, PostGIS and our own), with
# signatures that would win overload resolution if any reference were
# unqualified or loosely typed.  Every hostile object records its calls in
# public.hijacked.  Sourced; psql connects with the caller's PG* settings.

# hostile_setup DB: the log table, writable by everybody.
hostile_setup() {
  psql -X -q -v ON_ERROR_STOP=1 -d "$1" \
    -c "CREATE TABLE IF NOT EXISTS public.hijacked (fn text, by_role name DEFAULT current_user, at timestamptz DEFAULT now())" \
    -c "GRANT INSERT, SELECT ON public.hijacked TO PUBLIC"
}

# hostile_names DB FILE...: names of functions that exist in DB (any schema)
# and are called in the given SQL files or in the bodies of the SQL and
# PL/pgSQL functions of the installed ocop extensions.
hostile_names() {
  local db=$1; shift
  { cat "$@" | grep -oiE '[a-z_][a-z0-9_]*[[:space:]]*\(' | tr 'A-Z' 'a-z' | tr -d ' \t('
    psql -X -At -d "$db" <<'SQL'
SELECT DISTINCT m[1]
FROM pg_proc p
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname LIKE 'ocop%'
JOIN pg_language l ON l.oid = p.prolang AND l.lanname IN ('sql', 'plpgsql'),
LATERAL regexp_matches(lower(pg_get_functiondef(p.oid)), '([a-z_][a-z0-9_]*)\s*\(', 'g') m
SQL
  } | sort -u | psql -X -At -q -d "$db" -c "CREATE TEMP TABLE n (name text)" -c "COPY n FROM STDIN" \
      -c "SELECT DISTINCT n.name FROM n JOIN pg_proc p ON p.proname = n.name ORDER BY 1"
}

# hostile_signatures DB: "name(argtypes)" of every function of the installed
# ocop extensions, for HOSTILE_SKIP (planting one of those before CREATE
# EXTENSION would only make the install fail, which is safe but no test).
hostile_signatures() {
  psql -X -At -d "$1" -c "SELECT p.proname || '(' || oidvectortypes(p.proargtypes) || ')' FROM pg_proc p
    JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
    JOIN pg_extension e ON e.oid = d.refobjid AND e.extname LIKE 'ocop%'"
}

# hostile_plant DB ROLE SCHEMA NAME...: as ROLE, create in SCHEMA an overload
# of every NAME for each signature below, and operators on the common types
# (and on the ocop and PostGIS types when they exist).  Objects that cannot be
# created (an identical one exists) are skipped, and so are the signatures
# listed in the file $HOSTILE_SKIP: functions as "name(argtypes)", operators
# as "operator OP(type)" (an operator the script is about to create in SCHEMA
# with the same name and types would only make it fail with "already
# exists": safe, but no test).  Prints how many functions ROLE owns.
hostile_plant() {
  local db=$1 role=$2 schema=$3; shift 3
  local -A skip=()
  local line
  if [ -n "${HOSTILE_SKIP:-}" ]; then
    while IFS= read -r line; do skip["$line"]=1; done < "$HOSTILE_SKIP"
  fi
  local types="text|character varying|numeric|integer|bigint|smallint|double precision|date|timestamp with time zone|jsonb|bytea"
  local ours
  ours=$(psql -X -At -d "$db" -c "SELECT string_agg(format_type(oid, NULL), '|') FROM pg_type WHERE typname IN ('ocop_code', 'ocop_star', 'trace_chain', 'geometry', 'geography')")
  [ -n "$ours" ] && types="$types|$ours"
  {
    echo "SET ROLE $role;"
    local n sig t op
    for n in "$@"; do
      local IFS='|'
      for sig in anyelement "anyelement, anyelement" "anyelement, anyelement, anyelement" $types; do
        [ -n "${skip["$n($sig)"]:-}" ] && continue
        echo "DO \$\$ BEGIN EXECUTE format('CREATE FUNCTION $schema.%I($sig) RETURNS int LANGUAGE sql AS \$b\$ INSERT INTO public.hijacked(fn) VALUES (%L) RETURNING 0 \$b\$', '$n', '$n($sig)'); EXCEPTION WHEN others THEN NULL; END \$\$;"
      done
      unset IFS
    done
    for op in '=' '<>' '<' '>' '<=' '>=' '||' '+' '-' '*' '/' '@>' '<@' '&&' '->' '->>' '#>>' '~~'; do
      local IFS='|'
      for t in $types; do
        [ -n "${skip["operator $op($t)"]:-}" ] && continue
        echo "DO \$\$ BEGIN EXECUTE format('CREATE FUNCTION $schema.hostile_op_%s(\"$t\", \"$t\") RETURNS bool LANGUAGE sql AS \$b\$ INSERT INTO public.hijacked(fn) VALUES (%L) RETURNING true \$b\$', md5('$op$t'), 'operator $op ($t)'); EXECUTE format('CREATE OPERATOR $schema.$op (LEFTARG = \"$t\", RIGHTARG = \"$t\", FUNCTION = $schema.hostile_op_%s)', md5('$op$t')); EXCEPTION WHEN others THEN NULL; END \$\$;"
      done
      unset IFS
    done
    echo "RESET ROLE;"
  } | psql -X -q -d "$db" >/dev/null 2>&1
  psql -X -At -d "$db" -c "SELECT count(*) FROM pg_proc WHERE proowner = '$role'::regrole"
}

# hostile_hits DB: calls of hostile objects so far (and lists them).
hostile_hits() {
  local n
  n=$(psql -X -At -d "$1" -c "SELECT count(*) FROM public.hijacked")
  [ "$n" = 0 ] || psql -X -d "$1" -c "SELECT fn, by_role, count(*) FROM public.hijacked GROUP BY 1, 2 ORDER BY 1" >&2
  echo "$n"
}

# hostile_deps DB ROLE: objects of the ocop extensions that depend on an
# object ROLE owns (a reference bound to a hostile function or operator).
hostile_deps() {
  psql -X -At -d "$1" <<SQL
SELECT count(*) FROM pg_depend d
JOIN pg_depend x ON x.classid = d.classid AND x.objid = d.objid AND x.deptype = 'e'
JOIN pg_extension e ON e.oid = x.refobjid AND e.extname LIKE 'ocop%'
LEFT JOIN pg_proc p ON d.refclassid = 'pg_proc'::regclass AND p.oid = d.refobjid
LEFT JOIN pg_operator o ON d.refclassid = 'pg_operator'::regclass AND o.oid = d.refobjid
WHERE p.proowner = '$2'::regrole OR o.oprowner = '$2'::regrole
SQL
}
