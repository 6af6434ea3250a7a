/*
 * ocop_moved.c -- entry points of C functions that left ocop.so.
 *
 * Released versions of ocop_postgis (0.1.0, 0.2.0) declared their C
 * function ocop_commune_pip AS '$libdir/ocop'.  Since 0.3.0 that code is in
 * ocop_postgis's own library (ocop_postgis/src/ocop_admin_pip.c), and the
 * 0.2.0 -> 0.3.0 update script re-points the function there.  Between a
 * package upgrade and ALTER EXTENSION ocop_postgis UPDATE, the old
 * declaration still names ocop.so: this entry point keeps that call from
 * failing with "could not find function" and says what to do instead, as
 * PostGIS does for the functions it removes.  It takes no argument and reads
 * nothing, so it is safe whatever the old declaration passes.
 */
#include "postgres.h"

#include "fmgr.h"

static void
ocop_moved(const char *name)
{
	ereport(ERROR,
			(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
			 errmsg("function %s is no longer in the library of ocop: it moved to the library of ocop_postgis", name),
			 errdetail("This database's ocop_postgis extension predates version 0.3.0 and still calls it in ocop."),
			 errhint("Run ALTER EXTENSION ocop_postgis UPDATE in this database.")));
}

PG_FUNCTION_INFO_V1(ocop_commune_pip);
Datum
ocop_commune_pip(PG_FUNCTION_ARGS)
{
	ocop_moved("ocop_commune_pip");
	PG_RETURN_NULL();
}
