#!/usr/bin/env bash
# No function of the extensions reads or writes server files, runs programs or
# reaches the network (issue 10; what makes `trusted = true` safe, README
# Security).  Two checks that fail as soon as such a call is added:
#   1. the installed ocop.so and ocop_postgis.so import no file, directory,
#      process or socket function of libc or of the server (open/fopen/
#      AllocateFile/OpenTransientFile/socket/system/…): `nm -D --undefined-only`;
#   2. every function of the installed extensions is C from one of those two
#      libraries (ocop_postgis's from its own since 0.3.0) or a SQL
#      or PL/pgSQL body that calls none of the server's file, program, large
#      object or remote-connection functions and runs no COPY or dynamic SQL.
set -uo pipefail
PG_CONFIG=${PG_CONFIG:-pg_config}
status=0
forbidden='^(open|open64|openat|openat64|creat|creat64|fopen|fopen64|freopen|fdopen|opendir|fdopendir|stat|stat64|lstat|fstatat|access|unlink|unlinkat|rename|renameat|remove|mkdir|rmdir|truncate|link|symlink|chmod|chown|mmap|mmap64|socket|connect|bind|listen|accept|accept4|send|sendto|recv|recvfrom|getaddrinfo|gethostbyname|system|popen|fork|vfork|execl|execle|execlp|execv|execve|execvp|posix_spawn|dlopen|AllocateFile|AllocateDir|ReadDir|OpenTransientFile|OpenTransientFilePerm|PathNameOpenFile|PathNameOpenFilePerm|BasicOpenFile|BasicOpenFilePerm|OpenPipeStream|durable_rename|durable_unlink|pg_file_exists|FileRead|FileWrite|lo_import|lo_export|inv_open|SPI_exec_with_args_fileio)$'
for so in ocop ocop_postgis; do
  LIB=$("$PG_CONFIG" --pkglibdir)/$so.so
  [ -f "$LIB" ] || { echo "FAIL: $LIB is not installed"; exit 1; }
  imports=$(nm -D --undefined-only "$LIB" | awk '{print $NF}' | sed 's/@.*//' | sort -u)
  bad=$(grep -E "$forbidden" <<< "$imports" | tr '\n' ' ')
  echo "$so.so imports $(wc -l <<< "$imports") symbols; file, process or network ones: ${bad:-none}"
  [ -z "$bad" ] || status=1
done

db=ocop_no_io
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" 2>/dev/null || exit 1
PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 -d $db -c "CREATE EXTENSION ocop" -c "CREATE EXTENSION ocop_postgis CASCADE" >/dev/null \
  || { echo "FAIL: CREATE EXTENSION ocop, ocop_postgis"; psql -X -q -d postgres -c "DROP DATABASE $db"; exit 1; }
# How many functions the installed scripts of the default versions create,
# counted in the files: the catalog must hold exactly these, every one checked.
ext=$("$PG_CONFIG" --sharedir)/extension
want=0
for e in ocop ocop_postgis; do
  v=$(sed -n "s/^default_version *= *'\(.*\)'/\1/p" "$ext/$e.control")
  n=$(grep -ciE '^[[:space:]]*CREATE[[:space:]]+(OR[[:space:]]+REPLACE[[:space:]]+)?FUNCTION' "$ext/$e--$v.sql")
  want=$((want + n))
done
out=$(psql -X -At -d $db <<'SQL'
WITH f AS (
  SELECT p.oid, p.oid::regprocedure AS fn, l.lanname, p.probin,
         lower(coalesce(pg_get_functiondef(p.oid), '')) AS def
  FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
  JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname LIKE 'ocop%'
  WHERE p.prokind <> 'a')
SELECT (SELECT count(*) FROM f) || ' functions; offending: ' ||
       coalesce((SELECT string_agg(fn::text || ' (' || lanname || ')', ', ') FROM f
WHERE NOT ((lanname = 'c' AND probin IN ('$libdir/ocop', '$libdir/ocop_postgis'))
           OR (lanname IN ('sql', 'plpgsql')
               AND def !~ '(pg_read_file|pg_read_binary_file|pg_ls_|pg_stat_file|pg_file_|lo_import|lo_export|lo_from_bytea|dblink|pg_logdir_ls|pg_ls_dir|adminpack)'
               AND def !~ '\mcopy\M|\mexecute\M|\mprogram\M'))), 'none')
SQL
)
echo "extension functions: $out (the install scripts create $want)"
case $out in *"offending: none") ;; *) status=1 ;; esac
[ "$want" -gt 0 ] && [ "${out%% *}" = "$want" ] || { echo "FAIL: ${out%% *} functions checked, the install scripts create $want"; status=1; }
psql -X -q -d postgres -c "DROP DATABASE $db"
exit $status
